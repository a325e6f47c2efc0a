import CGSL

/// The eigendecomposition A = V diag(e) Vᵀ of a symmetric matrix (`gsl_eigen_symmv`: Householder
/// tridiagonalisation and implicit QL, about twice as fast as an SVD of the same matrix), the
/// eigenvalues in decreasing order.
public struct SymmetricEigendecomposition: Sendable {
    /// e₁ ≥ … ≥ eₙ.
    public let eigenvalues: [Double]
    /// V, n × n, its column k the unit eigenvector of eₖ.
    public let eigenvectors: Matrix

    /// Decomposes `matrix`, reading its diagonal and lower triangle (symmetry is not checked);
    /// throws for a non-square, empty or non-finite matrix.
    public init(_ matrix: Matrix) throws(GSLError) {
        guard matrix.rows == matrix.columns, matrix.rows > 0 else {
            throw .invalidArgument("eigendecomposition: needs a non-empty square matrix, got \(matrix.rows) × \(matrix.columns)")
        }
        guard matrix.values.allSatisfy(\.isFinite) else { throw .invalidArgument("eigendecomposition: matrix has non-finite entries") }
        let n = matrix.rows
        GSLRuntime.prepare()
        guard let workspace = gsl_eigen_symmv_alloc(n) else {
            throw GSLError(status: Int32(GSL_ENOMEM), message: "eigendecomposition: no memory for the workspace of \(n) × \(n)")
        }
        defer { gsl_eigen_symmv_free(workspace) }
        var a = matrix
        var vectors = Matrix(rows: n, columns: n)
        var values = [Double](repeating: 0, count: n)
        let status = try a.withGSLMatrix { (am) throws(GSLError) -> Int32 in
            try vectors.withGSLMatrix { (vm) throws(GSLError) -> Int32 in
                try withGSLVector(&values) { (ev) -> Int32 in
                    let status = gsl_eigen_symmv(am, ev, vm, workspace)
                    return status == Int32(GSL_SUCCESS) ? gsl_eigen_symmv_sort(ev, vm, GSL_EIGEN_SORT_VAL_DESC) : status
                }
            }
        }
        try GSLError.check(status, "symmetric eigendecomposition")
        eigenvalues = values
        eigenvectors = vectors
    }
}
