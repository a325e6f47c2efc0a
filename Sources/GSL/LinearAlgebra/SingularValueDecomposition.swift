import CGSL
import Foundation

/// The thin singular value decomposition A = U diag(s) Vᵀ of an m × n matrix
/// (`gsl_linalg_SV_decomp`; a matrix with m < n is decomposed through its transpose).
public struct SingularValueDecomposition: Sendable {
    /// U, m × k with orthonormal columns, k = min(m, n).
    public let left: Matrix
    /// The singular values s₁ ≥ … ≥ s_k ≥ 0.
    public let singularValues: [Double]
    /// V, n × k with orthonormal columns.
    public let right: Matrix

    /// Decomposes `matrix`; throws for an empty or non-finite matrix.
    public init(_ matrix: Matrix) throws(GSLError) {
        guard matrix.rows > 0, matrix.columns > 0 else { throw .invalidArgument("SVD: matrix is empty") }
        guard matrix.values.allSatisfy(\.isFinite) else { throw .invalidArgument("SVD: matrix has non-finite entries") }
        if matrix.rows < matrix.columns {
            let transposed = try SingularValueDecomposition(matrix.transposed)
            left = transposed.right
            singularValues = transposed.singularValues
            right = transposed.left
            return
        }
        var u = matrix
        let n = matrix.columns
        var v = Matrix(rows: n, columns: n)
        var s = [Double](repeating: 0, count: n)
        var work = [Double](repeating: 0, count: n)
        let status = try u.withGSLMatrix { (a) throws(GSLError) -> Int32 in
            try v.withGSLMatrix { (vm) throws(GSLError) -> Int32 in
                try withGSLVector(&s) { (sv) throws(GSLError) -> Int32 in
                    try withGSLVector(&work) { gsl_linalg_SV_decomp(a, vm, sv, $0) }
                }
            }
        }
        try GSLError.check(status, "singular value decomposition")
        left = u
        singularValues = s
        right = v
    }

    /// The numerical rank: singular values above `relativeTolerance · s₁`.
    public func rank(relativeTolerance: Double = 1e-10) -> Int {
        let largest = singularValues.first ?? 0
        return singularValues.filter { $0 > relativeTolerance * largest }.count
    }

    /// The condition number s₁ / s_k (∞ when s_k = 0).
    public var conditionNumber: Double {
        guard let first = singularValues.first, let last = singularValues.last else { return .infinity }
        return last == 0 ? .infinity : first / last
    }
}
