import CGSL

/// ``Matrix/weightedGram(weights:rows:)`` of a matrix's rows formed a piece at a time, while each
/// piece's rows are still in cache (a Newton pass adds each piece as soon as its weights are
/// known), and with slopes, the gradient Σ sᵢxᵢ over the same rows in the same pass over them:
/// the shim's vector kernel adds every row to the running sums in order, so any split of the
/// rows gives the bits of one call on them all (and the gradient those of `RowKernels.addRows`).
/// Rows of weight 0 are added, not skipped as the one call skips them: their products are ±0,
/// and ±0 added to a sum that starts at +0 changes no bit. For 9 to 128 columns
/// (``Matrix/sumsGramByPieces(columns:)``).
public struct WeightedGramSum {
    /// The columns.
    public let columns: Int
    private let width: Int
    private var padded: [Double]
    private var slopeSums: [Double]
    private var valid = true

    /// An empty sum for rows of `columns` columns; nil unless 9 to 128
    /// (``Matrix/sumsGramByPieces(columns:)``).
    public init?(columns: Int) {
        guard Matrix.sumsGramByPieces(columns: columns) else { return nil }
        self.columns = columns
        width = (columns + 7) / 8 * 8
        padded = [Double](repeating: 0, count: width * width)
        slopeSums = [Double](repeating: 0, count: width)
    }

    /// Adds wᵢxᵢxᵢᵀ for the rows `rows` of `matrix`, `weights[i]` the weight of row i; with
    /// `slopes`, also sᵢxᵢ to ``gradient``, `slopes[i]` the slope of row i. Rows of another
    /// width, or outside the matrix, make the sum invalid (``matrix`` nil).
    public mutating func add(rowsOf matrix: Matrix, weights: UnsafePointer<Double>, slopes: UnsafePointer<Double>? = nil, rows: Range<Int>) {
        add(rowsOf: matrix, weights: weights, slopes: slopes, rows: rows, widestPath: -1)
    }

    /// ``add(rowsOf:weights:slopes:rows:)`` on the vector paths up to `widestPath` (−1: the widest
    /// the CPU offers), for the tests that compare them.
    mutating func add(rowsOf matrix: Matrix, weights: UnsafePointer<Double>, slopes: UnsafePointer<Double>?, rows: Range<Int>, widestPath: Int) {
        guard matrix.columns == columns, rows.lowerBound >= 0, rows.upperBound <= matrix.rows else {
            valid = false
            return
        }
        guard !rows.isEmpty else { return }
        for i in rows where !(weights[i] >= 0) { valid = false }
        let p = columns
        let status = matrix.storage.withUnsafeBufferPointer { a in
            padded.withUnsafeMutableBufferPointer { c in
                slopeSums.withUnsafeMutableBufferPointer { g in
                    cgsl_weighted_gram(
                        a.baseAddress! + rows.lowerBound * p, p, weights + rows.lowerBound, nil, rows.count, c.baseAddress,
                        slopes.map { $0 + rows.lowerBound }, slopes == nil ? nil : g.baseAddress, Int32(widestPath))
                }
            }
        }
        if status != GSL_SUCCESS { valid = false }
    }

    /// The symmetric sum; nil when a weight was negative or NaN, or rows did not fit.
    public var matrix: Matrix? {
        guard valid else { return nil }
        return Matrix.symmetric(upper: padded, width: width, columns: columns)
    }

    /// Σ sᵢxᵢ over the rows added with slopes (zeros when none were).
    public var gradient: [Double] { Array(slopeSums[..<columns]) }
}
