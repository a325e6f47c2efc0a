import Foundation
import GSL

/// The passes over the rows of a single-index regression's Newton steps: the linear predictors,
/// the loss with its gradient and weights, and the largest |ηᵢ|, each row's sums in column order
/// and each gradient entry's in row order (the bits of one row at a time), four rows at a time.
extension SingleIndexRegression {
    /// max |zᵢᵀβ| over `rows`.
    func largestLinearPredictor(_ z: Matrix, _ beta: [Double], _ rows: some Collection<Int>) -> Double {
        guard let first = rows.first else { return 0 }
        var eta = [Double](repeating: 0, count: (rows.max() ?? first) - first + 1)
        z.values.withUnsafeBufferPointer { x in
            beta.withUnsafeBufferPointer { b in
                eta.withUnsafeMutableBufferPointer { eta in
                    linearPredictors(rows, first: first, x.baseAddress!, b.baseAddress!, z.columns, eta.baseAddress!)
                }
            }
        }
        var largest = 0.0
        for i in rows { largest = max(largest, abs(eta[i - first])) }
        return largest
    }

    /// One block of rows of a pass over `rows` (row indices, ascending, of the block that starts
    /// at row `first`): returns Σ cᵢℓᵢ and adds Σ cᵢℓ′ᵢzᵢ to `gradient`, with
    /// `weights[i − first]` = cᵢℓ″ᵢ (row i counted cᵢ = `counts[i]` times, once when `counts` is
    /// empty; rows counted 0 times skipped). ℓ's log factors, each in [1, 2], are multiplied (each
    /// to its row's count, 64 at most) up to 2⁹⁰⁰ and their product's log taken once. Also
    /// returns max |ηᵢ| over the counted rows, in row order as ``largestLinearPredictor(_:_:_:)``
    /// takes it (the same number). `predicted`: `weights` holds the linear predictors already.
    /// `eachPiece`: called with `weights`, the slopes cᵢℓ′ᵢ (indexed as `weights`) and the rows
    /// `first + r` (r in its range) of each piece of contiguous `rows` once the piece's weights are
    /// in, while its rows are in cache; it then adds the slopes' terms to the gradient itself
    /// (`gradient` is left as it is).
    func accumulate(
        _ rows: some Collection<Int>, first: Int, _ z: Matrix, _ beta: [Double], _ y: [Double], _ counts: [Int], _ gradient: inout [Double],
        _ weights: inout [Double], predicted: Bool = false,
        eachPiece: ((UnsafePointer<Double>, UnsafePointer<Double>, Range<Int>) -> Void)? = nil
    ) -> (loss: Double, largest: Double) {
        var sums = PassSums()
        accumulate(rows, first: first, z, beta, y, counts, &gradient, &weights, predicted: predicted, into: &sums, eachPiece: eachPiece)
        return sums.result
    }

    /// The rows of a block of ``RowBlocks`` a Newton pass forms from the features' columns at a
    /// time: few enough that their design rows (172 kB for 21 columns) stay in the core's cache
    /// from their forming to their Gram matrix, many enough for long runs down each column that
    /// the hardware's prefetcher follows (512 was slower).
    static var stretchRows: Int { 1024 }

    /// ``accumulate(_:first:_:_:_:_:_:_:predicted:eachPiece:)`` adding to `sums`: consecutive
    /// stretches of a block's rows, each in a call of its own, give the bits of one call over them
    /// all (every sum runs over the rows in order, and the log factors are logged every 900
    /// factors counted across the calls).
    func accumulate(
        _ rows: some Collection<Int>, first: Int, _ z: Matrix, _ beta: [Double], _ y: [Double], _ counts: [Int], _ gradient: inout [Double],
        _ weights: inout [Double], predicted: Bool = false, into sums: inout PassSums,
        eachPiece: ((UnsafePointer<Double>, UnsafePointer<Double>, Range<Int>) -> Void)? = nil
    ) {
        let p = z.columns
        var loss = sums.loss
        var largest = sums.largest
        var product = sums.product
        var factors = sums.factors
        defer { sums = PassSums(loss: loss, largest: largest, product: product, factors: factors) }
        z.values.withUnsafeBufferPointer { x in
            counts.withUnsafeBufferPointer { counted in
                beta.withUnsafeBufferPointer { b in
                    y.withUnsafeBufferPointer { y in
                        gradient.withUnsafeMutableBufferPointer { g in
                            weights.withUnsafeMutableBufferPointer { w in
                                let x = x.baseAddress!, b = b.baseAddress!, g = g.baseAddress!
                                // a piece of 256 rows at a time, whose rows of the design stay in
                                // cache from their linear predictors to their gradient terms (each
                                // sum still in row order: any split gives the same bits). The
                                // linear predictors first, held in `weights`: the exponentials of
                                // the second loop then start without waiting on a dot product; the
                                // gradient's terms last, four rows at a time
                                withUnsafeTemporaryAllocation(of: Double.self, capacity: w.count) { slopes in
                                    var pieceStart = rows.startIndex
                                    while pieceStart != rows.endIndex {
                                        let pieceEnd = rows.index(pieceStart, offsetBy: 256, limitedBy: rows.endIndex) ?? rows.endIndex
                                        let piece = rows[pieceStart..<pieceEnd]
                                        pieceStart = pieceEnd
                                        if !predicted { linearPredictors(piece, first: first, x, b, p, w.baseAddress!) }
                                        for i in piece {
                                            let count = counted.isEmpty ? 1 : counted[i]
                                            if count == 0 {
                                                w[i - first] = 0
                                                slopes[i - first] = 0
                                                continue
                                            }
                                            let c = Double(count)
                                            let eta = w[i - first]
                                            largest = max(largest, abs(eta))
                                            let terms = rowTerms(eta, y[i])
                                            loss += c * terms.linear
                                            if count <= 64 {
                                                var power = terms.factor
                                                for _ in 1..<count { power *= terms.factor }
                                                product *= power
                                                factors += count
                                                if factors >= 900 {
                                                    loss += log(product)
                                                    product = 1
                                                    factors = 0
                                                }
                                            } else {
                                                loss += c * log(terms.factor)
                                            }
                                            w[i - first] = c * terms.second
                                            slopes[i - first] = c * terms.first
                                        }
                                        if let eachPiece {
                                            if let low = piece.first {
                                                eachPiece(
                                                    UnsafePointer(w.baseAddress!), UnsafePointer(slopes.baseAddress!),
                                                    (low - first)..<(low - first + piece.count))
                                            }
                                        } else {
                                            addRows(piece, first: first, x, p, slopes.baseAddress!, counted, g)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// g += Σ sᵢzᵢ over the counted ones of `rows` (sᵢ = `slopes[i − first]`), four rows at a time
    /// in the shim's kernel (`RowKernels.addRows`): each gᵢ still adds the rows one after the
    /// other (the bits of one row at a time), loaded and stored once for four rows.
    @inline(__always)
    private func addRows(
        _ rows: some Collection<Int>, first: Int, _ x: UnsafePointer<Double>, _ p: Int, _ slopes: UnsafePointer<Double>,
        _ counted: UnsafeBufferPointer<Int>, _ g: UnsafeMutablePointer<Double>
    ) {
        withRowList(rows) { list, count, start in
            RowKernels.addRows(
                x, columns: p, slopes: slopes, counts: counted.isEmpty ? nil : counted.baseAddress, list: list, count: count, start: start,
                first: first, into: g)
        }
    }

    /// zᵢᵀβ into `eta[i − first]` for each of `rows`, four rows at a time in a vector's lanes
    /// (`RowKernels.linearPredictors`): each row's products still added in column order (the bits
    /// of one row at a time), four independent sums in flight instead of one chain of additions.
    @inline(__always)
    private func linearPredictors(
        _ rows: some Collection<Int>, first: Int, _ x: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ p: Int,
        _ eta: UnsafeMutablePointer<Double>
    ) {
        withRowList(rows) { list, count, start in
            RowKernels.linearPredictors(x, columns: p, b, list: list, count: count, start: start, first: first, into: eta)
        }
    }

    /// `rows` as the kernels take them: nil with the count and first row of a range, else the
    /// indices' contiguous storage (copied when they have none).
    @inline(__always)
    private func withRowList(_ rows: some Collection<Int>, _ body: (UnsafePointer<Int>?, Int, Int) -> Void) {
        if let range = rows as? Range<Int> {
            body(nil, range.count, range.lowerBound)
        } else if rows.withContiguousStorageIfAvailable({ body($0.baseAddress, $0.count, 0) }) == nil {
            Array(rows).withUnsafeBufferPointer { body($0.baseAddress, $0.count, 0) }
        }
    }
}

/// The rows a resample drew (count ≥ 1), ascending, with where each block of ``RowBlocks``
/// starts among them: a resample's passes visit them alone, with no branch a row on its count
/// (a third of the rows, at random, are not drawn).
struct DrawnRows: Sendable {
    let counts: [Int]
    let indices: [Int]
    private let blockStarts: [Int]

    init(counts: [Int], blocks: RowBlocks) {
        self.counts = counts
        var starts = [0]
        var drawn = 0
        indices = [Int](unsafeUninitializedCapacity: counts.count) { indices, initialized in
            counts.withUnsafeBufferPointer { counts in
                for k in 0..<blocks.count {
                    for i in blocks.range(k) {
                        indices[drawn] = i
                        drawn += counts[i] > 0 ? 1 : 0
                    }
                    starts.append(drawn)
                }
            }
            initialized = drawn
        }
        blockStarts = starts
    }

    /// The drawn rows of the block `rows`.
    func rows(in rows: Range<Int>) -> ArraySlice<Int> {
        let k = rows.lowerBound / RowBlocks.size
        return indices[blockStarts[k]..<blockStarts[k + 1]]
    }
}

/// What a pass over a block's rows carries from one stretch of them to the next: Σ cᵢ·(the
/// linear part of ℓᵢ), the product of the log factors not yet logged and how many it holds,
/// and max |ηᵢ|.
struct PassSums {
    var loss = 0.0
    var largest = 0.0
    var product = 1.0
    var factors = 0

    /// Σ cᵢℓᵢ and max |ηᵢ| of the rows so far.
    var result: (loss: Double, largest: Double) { (loss + log(product), largest) }
}
