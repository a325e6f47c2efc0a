import Foundation
import GSL

/// The features centred (when there is an intercept) and scaled (when standardising), as the
/// solvers see them, with what is needed to map weights back to the original scale.
///
/// With x̄ⱼ the column means and sⱼ the scales (population sd when standardising, else 1),
/// the solvers fit zᵢⱼ = (xᵢⱼ − x̄ⱼ)/sⱼ; then wⱼ = vⱼ/sⱼ and b = ȳ − Σ x̄ⱼwⱼ (linear) or the
/// intercept absorbs −Σ x̄ⱼwⱼ (other regressions).
struct StandardizedDesign {
    /// The zᵢⱼ, n × p; n × (p + 1) with a first column of ones when made `withLeadingOnes`.
    /// Formed on first use when the features came as columns (a single fit reads them a block
    /// of rows at a time instead, ``blocks``).
    var matrix: Matrix { rows.matrix }
    let means: [Double]
    let scales: [Double]
    /// The design's columns (p, or p + 1 with the leading ones).
    let width: Int
    private let rows: DesignRows

    /// The centred and scaled features; `withLeadingOnes` puts a column of ones before them in
    /// the same pass (the design of the generalised linear models, made without a second copy).
    /// Features that came as columns are read from them when the design is first used
    /// (``FeatureStore/rows(of:count:width:leadingOnes:scaled:)``), to the same numbers.
    init(_ features: FeatureStore, design: RegressionDesign, withLeadingOnes: Bool = false) throws(InferenceError) {
        let n = features.rows
        let p = features.columnCount
        let blocks = RowBlocks(rows: n)
        let (means, divisors) = Self.moments(features, design: design)
        let offset = withLeadingOnes ? 1 : 0
        let width = p + offset
        let centre = means
        if let columns = features.columns {
            rows = DesignRows(columns: columns, rows: n, centre: centre, divisors: divisors, leadingOnes: withLeadingOnes)
        } else {
            let centered = features.matrix.values.withUnsafeBufferPointer { x in
                let source = UncheckedSendable(x)
                return blocks.array(width: width) { rows, z in
                    for i in rows {
                        if withLeadingOnes { z[i * width] = 1 }
                        for j in 0..<p { z[i * width + j + offset] = (source.value[i * p + j] - centre[j]) / divisors[j] }
                    }
                }
            }
            do { rows = DesignRows(try Matrix(rows: n, columns: width, values: centered)) } catch { throw InferenceError(error) }
        }
        self.means = means
        self.scales = divisors
        self.width = width
    }

    /// The design a block of rows at a time, formed from the features' columns into a small
    /// matrix (the same numbers as the rows of ``matrix``): nil once the whole design is formed
    /// or when the features did not come as columns.
    var blocks: DesignRows? { rows.isFormed ? nil : rows }

    /// The first feature (its index among the features) that the intercept and the features
    /// before it explain to within 10⁻¹⁰ of its own sum of squares (1 − R²ⱼ ≤ 10⁻¹⁰), nil when
    /// the design has full column rank: the pivots of a Cholesky elimination of the Gram matrix
    /// of the solver's (centred) columns, each against its column's own square. Exactly collinear
    /// columns leave rounding, 1 − R² ≈ 10⁻¹⁵ at most, and any column the fit can use stands far
    /// above 10⁻¹⁰, so the verdict does not turn on the last bits of the BLAS product.
    /// `constant` says the feature's centred column is 0 (with an intercept: a constant feature).
    func firstCollinearFeature() -> (index: Int, constant: Bool)? {
        Self.firstCollinearFeature(gram: Self.gram(of: matrix), features: scales.count)
    }

    /// ``firstCollinearFeature()`` from the Gram matrix of the solver's columns, or from any
    /// Gram matrix Σ vᵢzᵢzᵢᵀ with one positive weight vᵢ = v for every row (a GLM's Newton curvature
    /// at its cold start): the pivots scale with v, the verdict does not. The last `features`
    /// columns are the features (a leading intercept column before them).
    ///
    /// With `bounds`, column j's pivot is held against 10⁻¹⁰ `bounds[j]` instead of its own
    /// square (a subsample's Gram matrix against the squares of all the rows).
    static func firstCollinearFeature(gram: Matrix, features: Int, bounds: [Double]? = nil) -> (index: Int, constant: Bool)? {
        let k = gram.rows
        let offset = k - features
        var factor = [Double](repeating: 0, count: k * k)  // lower-triangular L, row-major; 0 for dropped columns
        for j in 0..<k {
            let square = gram[j, j]
            var pivot = square
            for m in 0..<j { pivot -= factor[j * k + m] * factor[j * k + m] }
            if !(square > 0) || pivot <= 1e-10 * (bounds?[j] ?? square) {
                if j >= offset { return (j - offset, !(square > 0)) }
                continue
            }
            let root = pivot.squareRoot()
            factor[j * k + j] = root
            for i in (j + 1)..<k {
                var value = gram[i, j]
                for m in 0..<j { value -= factor[i * k + m] * factor[j * k + m] }
                factor[i * k + j] = value / root
            }
        }
        return nil
    }

    /// ZᵀZ: up to the vector kernel's 128 columns, the blocks of ``RowBlocks`` on all cores and
    /// their Gram matrices added in block order (the same bits whatever the number of cores);
    /// beyond, `Matrix.gram` (OpenBLAS's threaded `dsyrk`).
    static func gram(of z: Matrix) -> Matrix {
        guard z.columns <= Matrix.vectorGramColumns, z.rows >= 2 * RowBlocks.size else { return z.gram() }
        let ones = [Double](repeating: 1, count: RowBlocks.size)
        let parts = RowBlocks(rows: z.rows).map { rows in try? z.weightedGram(weights: Array(ones[..<rows.count]), rows: rows) }
        var total = Matrix(rows: z.columns, columns: z.columns)
        for part in parts {
            guard let part, let sum = try? total + part else { return z.gram() }
            total = sum
        }
        return total
    }

    /// The means x̄ⱼ the solvers subtract (0 without an intercept) and the scales sⱼ they divide by
    /// (1 unless standardising; a constant column's 1), without forming the design: each block's
    /// sums over its rows in order, added in block order (the same bits from columns or rows).
    static func moments(_ features: FeatureStore, design: RegressionDesign) -> (means: [Double], scales: [Double]) {
        let n = features.rows
        let p = features.columnCount
        let blocks = RowBlocks(rows: n)
        var means = [Double](repeating: 0, count: p)
        var scales = [Double](repeating: 1, count: p)
        /// Σ over each block's rows of xᵢⱼ, or of (xᵢⱼ − cⱼ)² about `centre`, for every j.
        func sums(about centre: [Double]?) -> [Double] {
            if let columns = features.columns {
                // each column's sum over the rows in order, eight columns side by side in the
                // lanes of a vector: eight chains of additions in flight instead of one (the same
                // bits: each lane adds its column's rows one after the other, without fusion)
                let bases = UncheckedSendable(EightColumns.bases(of: columns))
                return blocks.sum(length: p) { rows in
                    var sums = [Double](repeating: 0, count: p)
                    for x in EightColumns.groups(of: bases.value) {
                        var total = SIMD8<Double>.zero
                        if let centre {
                            let m = x.lanes(centre)
                            for i in rows {
                                let d = x[i] - m
                                total += d * d
                            }
                        } else {
                            for i in rows { total += x[i] }
                        }
                        x.store(total, into: &sums)
                    }
                    return sums
                }
            }
            let values = features.matrix.values
            return blocks.sum(length: p) { rows in
                var sums = [Double](repeating: 0, count: p)
                for i in rows {
                    for j in 0..<p {
                        if let centre {
                            let d = values[i * p + j] - centre[j]
                            sums[j] += d * d
                        } else {
                            sums[j] += values[i * p + j]
                        }
                    }
                }
                return sums
            }
        }
        if design.intercept || design.standardize {
            means = sums(about: nil)
            for j in 0..<p { means[j] /= Double(n) }
        }
        if design.standardize {
            let squares = sums(about: means)
            for j in 0..<p { scales[j] = (squares[j] / Double(n)).squareRoot() }
        }
        if !design.intercept { means = [Double](repeating: 0, count: p) }
        return (means, scales.map { $0 > 0 ? $0 : 1 })
    }

    /// Weights on the original scale from weights on the fitted scale.
    func originalWeights(_ fitted: [Double]) -> [Double] { zip(fitted, scales).map { $0 / $1 } }

    /// The intercept on the original scale from the fitted-scale intercept and original weights.
    func originalIntercept(_ fitted: Double, weights: [Double]) -> Double {
        fitted - zip(means, weights).reduce(0) { $0 + $1.0 * $1.1 }
    }
}

/// The rows of a ``StandardizedDesign``: given formed, or read from the features' columns, as a
/// whole (formed once, under a lock) or a block of rows at a time (formed anew each time, no
/// copy of the whole design kept).
final class DesignRows: @unchecked Sendable {
    private let columns: [[Double]]
    /// The columns' storage, taken once: `columns` is never changed, so it stays put while this
    /// object lives.
    private let bases: [UnsafePointer<Double>]
    private let count: Int
    private let centre: [Double]
    private let divisors: [Double]
    private let leadingOnes: Bool
    private var formed: Matrix?
    private let lock = NSLock()

    init(_ matrix: Matrix) {
        (columns, bases, count, centre, divisors, leadingOnes) = ([], [], matrix.rows, [], [], false)
        formed = matrix
    }

    init(columns: [[Double]], rows: Int, centre: [Double], divisors: [Double], leadingOnes: Bool) {
        self.columns = columns
        bases = columns.map { $0.withUnsafeBufferPointer { $0.baseAddress ?? UnsafePointer(bitPattern: 8)! } }
        count = rows
        self.centre = centre
        self.divisors = divisors
        self.leadingOnes = leadingOnes
    }

    var isFormed: Bool { lock.withLock { formed != nil } }

    /// The whole design, row-major.
    var matrix: Matrix {
        lock.withLock {
            if let formed { return formed }
            let width = columns.count + (leadingOnes ? 1 : 0)
            let values = FeatureStore.rows(of: columns, count: count, width: width, leadingOnes: leadingOnes, scaled: (centre, divisors))
            let matrix = (try? Matrix(rows: count, columns: width, values: values)) ?? Matrix(rows: count, columns: width)
            formed = matrix
            return matrix
        }
    }

    /// The design's rows `range`, as a matrix of their own (the shim's kernel: each entry the
    /// subtraction and division of ``FeatureStore/rows(of:count:width:leadingOnes:scaled:)``);
    /// `predicting` coefficients (one a column), each row's zᵢ·β in the same pass, with the bits
    /// of `RowKernels.linearPredictors` (else no predictors).
    func block(_ range: Range<Int>, predicting beta: [Double]? = nil) -> (rows: Matrix, predictors: [Double]) {
        let width = columns.count + (leadingOnes ? 1 : 0)
        precondition(beta.map { $0.count == width } ?? true)
        var predictors = [Double](repeating: 0, count: beta == nil ? 0 : range.count)
        let values = [Double](unsafeUninitializedCapacity: range.count * width) { buffer, initialized in
            if let out = buffer.baseAddress, !range.isEmpty {
                predictors.withUnsafeMutableBufferPointer { eta in
                    (beta ?? []).withUnsafeBufferPointer { b in
                        RowKernels.standardizedRows(
                            bases, centre: centre, divisors: divisors, leadingOne: leadingOnes, start: range.lowerBound, count: range.count,
                            into: out, predictors: beta == nil ? nil : (b.baseAddress!, eta.baseAddress!))
                    }
                }
            }
            initialized = range.count * width
        }
        let rows = (try? Matrix(rows: range.count, columns: width, values: values)) ?? Matrix(rows: range.count, columns: width)
        return (rows, predictors)
    }
}

/// Eight columns of a design side by side in the lanes of a vector: a pass that sums over each
/// column's rows keeps eight chains of additions in flight instead of one, each lane adding its
/// column's rows one after the other (the bits of a sum a column at a time). A last group of
/// fewer than eight repeats its last column in the spare lanes, whose sums are not stored.
struct EightColumns {
    /// The first column of the group, and how many it holds (1 to 8).
    let first: Int
    let count: Int
    private let x0, x1, x2, x3, x4, x5, x6, x7: UnsafePointer<Double>

    /// The columns' storage (each array stays put while its owner holds it unchanged).
    static func bases(of columns: [[Double]]) -> [UnsafePointer<Double>] {
        columns.map { $0.withUnsafeBufferPointer { $0.baseAddress ?? UnsafePointer(bitPattern: 8)! } }
    }

    /// The groups of the columns at `bases`, in order.
    static func groups(of bases: [UnsafePointer<Double>]) -> [EightColumns] {
        stride(from: 0, to: bases.count, by: 8).map { EightColumns(bases, from: $0) }
    }

    private init(_ bases: [UnsafePointer<Double>], from first: Int) {
        let count = min(8, bases.count - first)
        (self.first, self.count) = (first, count)
        let x = (0..<8).map { bases[first + min($0, count - 1)] }
        (x0, x1, x2, x3, x4, x5, x6, x7) = (x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7])
    }

    /// Row i of the eight columns.
    @inline(__always)
    subscript(i: Int) -> SIMD8<Double> { SIMD8(x0[i], x1[i], x2[i], x3[i], x4[i], x5[i], x6[i], x7[i]) }

    /// The group's entries of `values` (one a column of the design), in its lanes.
    func lanes(_ values: [Double]) -> SIMD8<Double> { SIMD8((0..<8).map { values[first + min($0, count - 1)] }) }

    /// Stores the group's lanes of `sums` at `sums[offset + first ..< offset + first + count]`.
    func store(_ lanes: SIMD8<Double>, into sums: inout [Double], offset: Int = 0) {
        for k in 0..<count { sums[offset + first + k] = lanes[k] }
    }
}
