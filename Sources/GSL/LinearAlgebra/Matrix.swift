import CGSL

/// A dense matrix of `Double` in contiguous row-major storage.
///
/// GSL receives views of the storage (`gsl_matrix_view_array`), never copies; products go
/// through CBLAS, which the module map binds to OpenBLAS.
public struct Matrix: Equatable, Sendable, CustomStringConvertible {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// The entries, row after row: entry (i, j) is `values[i * columns + j]`.
    public var values: [Double] { storage }
    @usableFromInline var storage: [Double]

    /// A `rows` × `columns` matrix with every entry `value`.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        self.rows = max(0, rows)
        self.columns = max(0, columns)
        storage = Array(repeating: value, count: self.rows * self.columns)
    }

    /// A matrix over row-major `values`; throws unless `values.count == rows * columns`.
    public init(rows: Int, columns: Int, values: [Double]) throws(GSLError) {
        guard rows >= 0, columns >= 0, values.count == rows * columns else {
            throw .invalidArgument("matrix: \(values.count) values do not fill \(rows) × \(columns)")
        }
        self.rows = rows
        self.columns = columns
        self.storage = values
    }

    /// A `rows` × `columns` matrix whose entries `fill` writes, every one of them (for BLAS with
    /// β = 0, which writes C without reading it: the pages are then first touched by its threads,
    /// not zeroed by the caller's first).
    init(rows: Int, columns: Int, filling fill: (UnsafeMutableBufferPointer<Double>) -> Void) {
        self.rows = max(0, rows)
        self.columns = max(0, columns)
        let count = self.rows * self.columns
        storage = [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            fill(buffer)
            initialized = count
        }
    }

    /// Calls `body` with the entries, row after row, to change them in place.
    public mutating func withUnsafeMutableValues<R>(_ body: (UnsafeMutableBufferPointer<Double>) throws -> R) rethrows -> R {
        try storage.withUnsafeMutableBufferPointer { try body($0) }
    }

    /// A matrix from its rows; throws when they differ in length.
    public init(rowArrays: [[Double]]) throws(GSLError) {
        let columns = rowArrays.first?.count ?? 0
        guard rowArrays.allSatisfy({ $0.count == columns }) else {
            throw .invalidArgument("matrix: rows differ in length")
        }
        try self.init(rows: rowArrays.count, columns: columns, values: rowArrays.flatMap { $0 })
    }

    /// The n × n identity.
    public static func identity(_ n: Int) -> Matrix {
        var matrix = Matrix(rows: n, columns: n)
        for i in 0..<max(0, n) { matrix[i, i] = 1 }
        return matrix
    }

    /// A diagonal matrix with `diagonal` on its diagonal.
    public static func diagonal(_ diagonal: [Double]) -> Matrix {
        var matrix = Matrix(rows: diagonal.count, columns: diagonal.count)
        for (i, value) in diagonal.enumerated() { matrix[i, i] = value }
        return matrix
    }

    /// Entry (row, column).
    @inlinable
    public subscript(row: Int, column: Int) -> Double {
        get { storage[row * columns + column] }
        set { storage[row * columns + column] = newValue }
    }

    /// Row `i` as an array.
    public func row(_ i: Int) -> [Double] { Array(values[(i * columns)..<((i + 1) * columns)]) }

    /// Column `j` as an array.
    public func column(_ j: Int) -> [Double] { (0..<rows).map { self[$0, j] } }

    /// The diagonal entries.
    public var diagonalValues: [Double] { (0..<min(rows, columns)).map { self[$0, $0] } }

    /// The transpose.
    public var transposed: Matrix {
        var result = Matrix(rows: columns, columns: rows)
        for i in 0..<rows {
            for j in 0..<columns { result[j, i] = self[i, j] }
        }
        return result
    }

    /// Whether the matrix equals its transpose to within `tolerance` (absolute).
    public func isSymmetric(tolerance: Double = 0) -> Bool {
        guard rows == columns else { return false }
        for i in 0..<rows {
            for j in 0..<i where abs(self[i, j] - self[j, i]) > tolerance { return false }
        }
        return true
    }

    /// The entries as text: one line per row, entries separated by tabs.
    public var description: String {
        (0..<rows).map { row($0).map { "\($0)" }.joined(separator: "\t") }.joined(separator: "\n")
    }

    /// Calls `body` with a GSL view of the storage (valid only inside `body`); throws for an
    /// empty matrix, which GSL cannot view.
    @inlinable
    public mutating func withGSLMatrix<R>(
        _ body: (UnsafeMutablePointer<gsl_matrix>) throws(GSLError) -> R
    ) throws(GSLError) -> R {
        GSLRuntime.prepare()
        let rows = rows
        let columns = columns
        guard rows > 0, columns > 0 else { throw .invalidArgument("matrix: \(rows) × \(columns) is empty") }
        let result: Result<R, GSLError> = storage.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return .failure(.invalidArgument("matrix: no storage")) }
            var view = gsl_matrix_view_array(base, rows, columns)
            do throws(GSLError) { return .success(try body(&view.matrix)) } catch { return .failure(error) }
        }
        return try result.get()
    }
}

/// Calls `body` with a GSL vector view of `values` (valid only inside `body`); throws for an
/// empty vector, which GSL cannot view.
@inlinable
public func withGSLVector<R>(
    _ values: inout [Double], _ body: (UnsafeMutablePointer<gsl_vector>) throws(GSLError) -> R
) throws(GSLError) -> R {
    GSLRuntime.prepare()
    let count = values.count
    let result: Result<R, GSLError> = values.withUnsafeMutableBufferPointer { buffer in
        guard count > 0, let base = buffer.baseAddress else { return .failure(.invalidArgument("vector: empty")) }
        var view = gsl_vector_view_array(base, count)
        do throws(GSLError) { return .success(try body(&view.vector)) } catch { return .failure(error) }
    }
    return try result.get()
}
