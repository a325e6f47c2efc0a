import GSL

/// The products zᵢⱼzᵢₖ (j ≤ k) of every row of a design with few columns, formed once so that
/// each weighted Gram matrix Σ wᵢzᵢzᵢᵀ of a bootstrap's many refits on that design is one pass of
/// p(p + 1)/2 multiply-adds a row over contiguous memory, rather than forming the products anew
/// in every Newton step of every refit.
struct PairProducts: Sendable {
    /// p, the design's columns.
    let columns: Int
    /// The p(p + 1)/2 products of a row (the upper triangle row by row), rounded up to whole
    /// SIMD8 chunks, zeros after the products.
    private let stride: Int
    private let values: [Double]

    /// The products of `z`'s rows; nil when they would take more than `budget` doubles.
    init?(_ z: Matrix, budget: Int = 1 << 22) {
        columns = z.columns
        stride = (columns * (columns + 1) / 2 + 7) / 8 * 8
        guard z.rows * stride <= budget else { return nil }
        let (n, p, m) = (z.rows, columns, stride)
        values = [Double](unsafeUninitializedCapacity: n * m) { products, initialized in
            products.initialize(repeating: 0)
            z.values.withUnsafeBufferPointer { x in
                for i in 0..<n {
                    var slot = i * m
                    for j in 0..<p {
                        for k in j..<p {
                            products[slot] = x[i * p + j] * x[i * p + k]
                            slot += 1
                        }
                    }
                }
            }
            initialized = n * m
        }
    }

    /// Σ wᵢzᵢzᵢᵀ over `rows` (row indices of the block that starts at row `first`),
    /// `weights[i − first]` = wᵢ. Nil when a weight is negative or NaN.
    func weightedGram(weights: [Double], rows: some Collection<Int>, first: Int) -> Matrix? {
        let chunks = stride / 8
        var sums = [SIMD8<Double>](repeating: .zero, count: chunks)
        var valid = true
        values.withUnsafeBufferPointer { products in
            weights.withUnsafeBufferPointer { w in
                sums.withUnsafeMutableBufferPointer { sums in
                    let raw = UnsafeRawPointer(products.baseAddress!)
                    var c = 0
                    while c < chunks {
                        // up to three chunks at a time, held in registers across the rows
                        var a = SIMD8<Double>.zero, b = SIMD8<Double>.zero, d = SIMD8<Double>.zero
                        let take = min(3, chunks - c)
                        for i in rows {
                            let weight = w[i - first]
                            valid = valid && weight >= 0
                            let row = raw + (i * stride + c * 8) * MemoryLayout<Double>.stride
                            a += weight * row.loadUnaligned(as: SIMD8<Double>.self)
                            if take > 1 { b += weight * row.loadUnaligned(fromByteOffset: 64, as: SIMD8<Double>.self) }
                            if take > 2 { d += weight * row.loadUnaligned(fromByteOffset: 128, as: SIMD8<Double>.self) }
                        }
                        sums[c] = a
                        if take > 1 { sums[c + 1] = b }
                        if take > 2 { sums[c + 2] = d }
                        c += take
                    }
                }
            }
        }
        guard valid else { return nil }
        var gram = Matrix(rows: columns, columns: columns)
        var slot = 0
        for j in 0..<columns {
            for k in j..<columns {
                gram[j, k] = sums[slot / 8][slot % 8]
                gram[k, j] = sums[slot / 8][slot % 8]
                slot += 1
            }
        }
        return gram
    }
}
