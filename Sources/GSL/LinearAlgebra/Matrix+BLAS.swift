import CGSL

extension Matrix {
    /// The product `self · other` (`cblas_dgemm` through OpenBLAS, or the shim's vector kernel
    /// where OpenBLAS runs generic kernels: ``productUsesVectorKernel``).
    public func multiplied(by other: Matrix) throws(GSLError) -> Matrix {
        guard columns == other.rows else {
            throw .invalidArgument("matrix product: \(rows) × \(columns) times \(other.rows) × \(other.columns)")
        }
        guard rows > 0, columns > 0, other.columns > 0 else { return Matrix(rows: rows, columns: other.columns) }
        if Self.isSmall(rows * columns * other.columns) {
            var result = Matrix(rows: rows, columns: other.columns)
            for i in 0..<rows {
                for k in 0..<columns {
                    let a = self[i, k]
                    for j in 0..<other.columns { result.storage[i * other.columns + j] += a * other.storage[k * other.columns + j] }
                }
            }
            return result
        }
        if Self.productUsesVectorKernel && other.columns >= 8 { return try vectorProduct(other) }
        GSLRuntime.prepare()
        return Matrix(rows: rows, columns: other.columns) { c in
            values.withUnsafeBufferPointer { a in
                other.values.withUnsafeBufferPointer { b in
                    cblas_dgemm(
                        CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(rows), Int32(other.columns), Int32(columns),
                        1, a.baseAddress, Int32(columns), b.baseAddress, Int32(other.columns), 0, c.baseAddress,
                        Int32(other.columns))
                }
            }
        }
    }

    /// The transpose of the product, `(self · other)ᵀ = otherᵀ · selfᵀ`, formed as such
    /// (`cblas_dgemm` with both transpositions), so each column of the product is a contiguous row;
    /// the product transposed where OpenBLAS runs generic kernels (``productUsesVectorKernel``).
    public func productTransposed(with other: Matrix) throws(GSLError) -> Matrix {
        guard columns == other.rows else {
            throw .invalidArgument("matrix product: \(rows) × \(columns) times \(other.rows) × \(other.columns)")
        }
        guard rows > 0, columns > 0, other.columns > 0, !Self.isSmall(rows * columns * other.columns), !Self.productUsesVectorKernel else {
            return try multiplied(by: other).transposed
        }
        GSLRuntime.prepare()
        return Matrix(rows: other.columns, columns: rows) { c in
            values.withUnsafeBufferPointer { a in
                other.values.withUnsafeBufferPointer { b in
                    cblas_dgemm(
                        CblasRowMajor, CblasTrans, CblasTrans, Int32(other.columns), Int32(rows), Int32(columns),
                        1, b.baseAddress, Int32(other.columns), a.baseAddress, Int32(columns), 0, c.baseAddress, Int32(rows))
                }
            }
        }
    }

    /// The matrix–vector product `self · vector` (`cblas_dgemv`; a plain loop where OpenBLAS runs
    /// generic kernels, ``productUsesVectorKernel``, whose threaded call would wake its worker
    /// threads, which then spin on the cores the vector kernels use).
    public func multiplied(by vector: [Double]) throws(GSLError) -> [Double] {
        guard columns == vector.count else {
            throw .invalidArgument("matrix–vector product: \(rows) × \(columns) times a vector of \(vector.count)")
        }
        var result = [Double](repeating: 0, count: rows)
        guard rows > 0, columns > 0 else { return result }
        if Self.isSmall(rows * columns) || Self.productUsesVectorKernel {
            storage.withUnsafeBufferPointer { a in
                vector.withUnsafeBufferPointer { x in
                    result.withUnsafeMutableBufferPointer { y in
                        for i in 0..<rows {
                            var sum = 0.0
                            for j in 0..<columns { sum += a[i * columns + j] * x[j] }
                            y[i] = sum
                        }
                    }
                }
            }
            return result
        }
        GSLRuntime.prepare()
        values.withUnsafeBufferPointer { a in
            vector.withUnsafeBufferPointer { x in
                result.withUnsafeMutableBufferPointer { y in
                    cblas_dgemv(
                        CblasRowMajor, CblasNoTrans, Int32(rows), Int32(columns), 1, a.baseAddress, Int32(columns),
                        x.baseAddress, 1, 0, y.baseAddress, 1)
                }
            }
        }
        return result
    }

    /// The transposed product `selfᵀ · vector` (`cblas_dgemv` with transposition; a plain loop
    /// where OpenBLAS runs generic kernels, as for ``multiplied(by:)-([Double])``).
    public func transposeMultiplied(by vector: [Double]) throws(GSLError) -> [Double] {
        guard rows == vector.count else {
            throw .invalidArgument("transposed product: (\(rows) × \(columns))ᵀ times a vector of \(vector.count)")
        }
        var result = [Double](repeating: 0, count: columns)
        guard rows > 0, columns > 0 else { return result }
        if Self.isSmall(rows * columns) || Self.productUsesVectorKernel {
            storage.withUnsafeBufferPointer { a in
                vector.withUnsafeBufferPointer { v in
                    result.withUnsafeMutableBufferPointer { y in
                        for i in 0..<rows {
                            let x = v[i]
                            for j in 0..<columns { y[j] += a[i * columns + j] * x }
                        }
                    }
                }
            }
            return result
        }
        GSLRuntime.prepare()
        values.withUnsafeBufferPointer { a in
            vector.withUnsafeBufferPointer { x in
                result.withUnsafeMutableBufferPointer { y in
                    cblas_dgemv(
                        CblasRowMajor, CblasTrans, Int32(rows), Int32(columns), 1, a.baseAddress, Int32(columns),
                        x.baseAddress, 1, 0, y.baseAddress, 1)
                }
            }
        }
        return result
    }

    /// The product `selfᵀ · other` without forming the transpose (`cblas_dgemm` with `CblasTrans`;
    /// the shim's product kernel on the transpose where OpenBLAS runs generic kernels).
    public func transposeMultiplied(by other: Matrix) throws(GSLError) -> Matrix {
        guard rows == other.rows else {
            throw .invalidArgument("transposed product: (\(rows) × \(columns))ᵀ times \(other.rows) × \(other.columns)")
        }
        guard rows > 0, columns > 0, other.columns > 0 else { return Matrix(rows: columns, columns: other.columns) }
        if Self.isSmall(rows * columns * other.columns) {
            var result = Matrix(rows: columns, columns: other.columns)
            for k in 0..<rows {
                for i in 0..<columns {
                    let a = storage[k * columns + i]
                    for j in 0..<other.columns { result.storage[i * other.columns + j] += a * other.storage[k * other.columns + j] }
                }
            }
            return result
        }
        if Self.productUsesVectorKernel && other.columns >= 8 { return try vectorTransposeProduct(other) }
        GSLRuntime.prepare()
        return Matrix(rows: columns, columns: other.columns) { c in
            values.withUnsafeBufferPointer { a in
                other.values.withUnsafeBufferPointer { b in
                    cblas_dgemm(
                        CblasRowMajor, CblasTrans, CblasNoTrans, Int32(columns), Int32(other.columns), Int32(rows),
                        1, a.baseAddress, Int32(columns), b.baseAddress, Int32(other.columns), 0, c.baseAddress,
                        Int32(other.columns))
                }
            }
        }
    }

    /// The Gram matrix `selfᵀ · self`: ``weightedGram(weights:rows:)`` with unit weights up to 128
    /// columns, else `cblas_dsyrk`, then mirrored to a full symmetric matrix (or the shim's
    /// product kernel where OpenBLAS runs generic kernels: ``productUsesVectorKernel``).
    public func gram() -> Matrix {
        var result = Matrix(rows: columns, columns: columns)
        guard rows > 0, columns > 0 else { return result }
        if columns <= Self.vectorGramColumns {
            return (try? weightedGram(weights: [Double](repeating: 1, count: rows))) ?? result
        }
        if Self.productUsesVectorKernel { return vectorGram() }
        GSLRuntime.prepare()
        values.withUnsafeBufferPointer { a in
            result.storage.withUnsafeMutableBufferPointer { c in
                cblas_dsyrk(
                    CblasRowMajor, CblasUpper, CblasTrans, Int32(columns), Int32(rows), 1, a.baseAddress,
                    Int32(columns), 0, c.baseAddress, Int32(columns))
            }
        }
        for i in 0..<columns {
            for j in 0..<i { result[i, j] = result[j, i] }
        }
        return result
    }

    /// The weighted Gram matrix `selfᵀ · diag(weights) · self` for weights ≥ 0, the
    /// Hessian of a generalised linear model's Newton step; over the rows `rows` only (all by
    /// default), with `weights` one a row of that range.
    ///
    /// Up to 8 columns each row is one SIMD8 vector; up to 128 the shim's vector kernel
    /// (`cgsl_weighted_gram`) accumulates the rows of nonzero weight, each entry row after row,
    /// with the bits of a plain loop on every vector path; beyond, rows are scaled by √wᵢ a block at a time into one small buffer and accumulated with
    /// `cblas_dsyrk` (β = 1), so no n × p temporary is made; the block size is fixed, so the sum
    /// is formed in the same order on every run. Throws unless there is one weight ≥ 0 a row.
    public func weightedGram(weights: [Double], rows range: Range<Int>? = nil) throws(GSLError) -> Matrix {
        let range = range ?? 0..<rows
        guard range.lowerBound >= 0, range.upperBound <= rows, weights.count == range.count else {
            throw .invalidArgument("weighted Gram matrix: \(weights.count) weights for rows \(range) of \(rows)")
        }
        var result = Matrix(rows: columns, columns: columns)
        guard !range.isEmpty, columns > 0 else { return result }
        if columns <= 8 {
            return try smallWeightedGram(weights: weights, rows: range)
        }
        if columns <= Self.vectorGramColumns {
            return try vectorWeightedGram(weights: weights, rows: range)
        }
        GSLRuntime.prepare()
        let blockRows = Swift.max(1, Self.gramBlockEntries / columns)
        var buffer = [Double](repeating: 0, count: Swift.min(range.count, blockRows) * columns)
        var negative = false
        values.withUnsafeBufferPointer { a in
            weights.withUnsafeBufferPointer { w in
                buffer.withUnsafeMutableBufferPointer { b in
                    result.storage.withUnsafeMutableBufferPointer { c in
                        var start = 0
                        while start < range.count {
                            let count = Swift.min(blockRows, range.count - start)
                            for i in 0..<count {
                                if !(w[start + i] >= 0) { negative = true }
                                let root = w[start + i].squareRoot()
                                let source = (range.lowerBound + start + i) * columns
                                let target = i * columns
                                for j in 0..<columns { b[target + j] = a[source + j] * root }
                            }
                            cblas_dsyrk(
                                CblasRowMajor, CblasUpper, CblasTrans, Int32(columns), Int32(count), 1, b.baseAddress,
                                Int32(columns), 1, c.baseAddress, Int32(columns))
                            start += count
                        }
                    }
                }
            }
        }
        guard !negative else { throw .invalidArgument("weighted Gram matrix: a weight is negative or NaN") }
        for i in 0..<columns {
            for j in 0..<i { result[i, j] = result[j, i] }
        }
        return result
    }

    /// ``weightedGram(weights:rows:)`` for 9 to ``vectorGramColumns`` columns by the shim's vector
    /// kernel (`cgsl_weighted_gram`): each entry of the upper triangle accumulates (wᵢxᵢⱼ)xᵢₖ over
    /// the rows of nonzero weight in order, one addition at a time and without a fused
    /// multiply-add, so the bits of a plain loop over the rows on every vector path (`widestPath`
    /// caps it, for the tests that compare them; −1 takes the widest the CPU offers); a tile of
    /// 8 columns by 4 rows (8 with AVX-512) stays in registers over each block of 64 rows (32 beyond
    /// 64 columns). About 2× OpenBLAS's `dsyrk`
    /// (one thread; 4× its threaded call) on a Newton step's Hessian of 21 columns and 16,000
    /// rows, 1.5× at 50 columns.
    func vectorWeightedGram(weights: [Double], rows range: Range<Int>, widestPath: Int = -1) throws(GSLError) -> Matrix {
        let p = columns
        var valid = true
        var zeros = 0
        weights.withUnsafeBufferPointer { w in
            for weight in w {
                valid = valid && weight >= 0
                zeros &+= weight == 0 ? 1 : 0
            }
        }
        guard valid else { throw .invalidArgument("weighted Gram matrix: a weight is negative or NaN") }
        guard zeros < weights.count else { return Matrix(rows: p, columns: p) }
        // the rows a resample did not draw add nothing: listed (and skipped) only when there are some
        let drawn = zeros == 0 ? [] : weights.indices.filter { weights[$0] != 0 }
        let width = (p + 7) / 8 * 8
        var padded = [Double](repeating: 0, count: width * width)
        let status = storage.withUnsafeBufferPointer { a in
            weights.withUnsafeBufferPointer { w in
                drawn.withUnsafeBufferPointer { rows in
                    padded.withUnsafeMutableBufferPointer { c in
                        cgsl_weighted_gram(
                            a.baseAddress.map { $0 + range.lowerBound * p }, p, w.baseAddress, zeros == 0 ? nil : rows.baseAddress,
                            weights.count - zeros, c.baseAddress, nil, nil, Int32(widestPath))
                    }
                }
            }
        }
        guard status == GSL_SUCCESS else { throw GSLError(status: status, message: "weighted Gram matrix: the vector kernel failed") }
        return Self.symmetric(upper: padded, width: width, columns: p)
    }

    /// The p × p symmetric matrix whose upper triangle is that of `upper`, a buffer of rows of
    /// `width` values (the vector kernel's padded result).
    static func symmetric(upper: [Double], width: Int, columns p: Int) -> Matrix {
        var result = Matrix(rows: p, columns: p)
        for j in 0..<p {
            for k in j..<p {
                result.storage[j * p + k] = upper[j * width + k]
                result.storage[k * p + j] = upper[j * width + k]
            }
        }
        return result
    }

    /// Whether ``WeightedGramSum`` takes rows of this many columns (those that
    /// ``weightedGram(weights:rows:)`` gives to the shim's vector kernel).
    public static func sumsGramByPieces(columns: Int) -> Bool { columns > 8 && columns <= vectorGramColumns }

    /// ``weightedGram(weights:rows:)`` for at most 8 columns: each row held in one SIMD8 vector
    /// and every row of the result accumulated as a vector (the same products and sums, in the
    /// same order, as the scalar loop: the same bits).
    private func smallWeightedGram(weights: [Double], rows range: Range<Int>) throws(GSLError) -> Matrix {
        let p = columns
        var accumulators = [SIMD8<Double>](repeating: .zero, count: p)
        var negative = false
        storage.withUnsafeBufferPointer { a in
            weights.withUnsafeBufferPointer { w in
                accumulators.withUnsafeMutableBufferPointer { sums in
                    for offset in 0..<range.count {
                        let weight = w[offset]
                        if !(weight >= 0) { negative = true }
                        if weight == 0 { continue }  // rows a resample did not draw
                        let row = (range.lowerBound + offset) * p
                        var x = SIMD8<Double>.zero
                        for k in 0..<p { x[k] = a[row + k] }
                        for j in 0..<p { sums[j] += (weight * x[j]) * x }
                    }
                }
            }
        }
        guard !negative else { throw .invalidArgument("weighted Gram matrix: a weight is negative or NaN") }
        var result = Matrix(rows: p, columns: p)
        for j in 0..<p {
            for k in j..<p {
                result[j, k] = accumulators[j][k]
                result[k, j] = accumulators[j][k]
            }
        }
        return result
    }

    /// Up to this many columns small dense work (a Cholesky factor) is done in plain Swift: for so
    /// few columns BLAS gains little, and each call would wake OpenBLAS's worker threads, which
    /// then spin on the cores a caller's own threads need (a bootstrap's or a sampler's many
    /// small fits).
    static let smallColumns = 12

    /// Up to this many columns a weighted Gram matrix comes from the shim's vector kernel
    /// (``vectorWeightedGram(weights:rows:widestPath:)``), not from BLAS: for 100 columns and
    /// 5,000 rows one core takes about half of what OpenBLAS's threaded `dsyrk` takes on two.
    package static let vectorGramColumns = 128

    /// Whether a product of this many multiply–adds is done in plain Swift (for the same reason).
    static func isSmall(_ multiplyAdds: Int) -> Bool { multiplyAdds <= 1 << 16 }

    /// Entries of the row block ``weightedGram(weights:rows:)`` scales at a time (256 KiB: it stays in
    /// the second-level cache).
    static let gramBlockEntries = 32_768

    /// Entry-wise sum; throws when the shapes differ.
    public static func + (lhs: Matrix, rhs: Matrix) throws(GSLError) -> Matrix {
        guard lhs.rows == rhs.rows, lhs.columns == rhs.columns else {
            throw .invalidArgument("matrix sum: \(lhs.rows) × \(lhs.columns) plus \(rhs.rows) × \(rhs.columns)")
        }
        var result = lhs
        for k in result.values.indices { result.storage[k] += rhs.storage[k] }
        return result
    }

    /// Every entry multiplied by `factor`.
    public func scaled(by factor: Double) -> Matrix {
        var result = self
        for k in result.values.indices { result.storage[k] *= factor }
        return result
    }
}
