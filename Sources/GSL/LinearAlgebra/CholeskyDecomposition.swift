import CGSL
import Foundation

/// The Cholesky factorisation A = L Lᵀ of a symmetric positive-definite matrix
/// (`gsl_linalg_cholesky_decomp1`).
public struct CholeskyDecomposition: Sendable {
    /// The factor as GSL stores it: L in the lower triangle (and Lᵀ in the upper).
    private var factor: Matrix

    /// The dimension n of A.
    public var dimension: Int { factor.rows }

    /// Factorises `matrix`, reading only its diagonal and lower triangle (symmetry is not checked);
    /// throws ``GSLError/notPositiveDefinite(_:)`` when it is not positive definite (to within
    /// rounding), and for a non-square, empty or non-finite matrix.
    public init(_ matrix: Matrix) throws(GSLError) {
        guard matrix.rows == matrix.columns, matrix.rows > 0 else {
            throw .invalidArgument("Cholesky: needs a non-empty square matrix, got \(matrix.rows) × \(matrix.columns)")
        }
        guard matrix.values.allSatisfy(\.isFinite) else { throw .invalidArgument("Cholesky: matrix has non-finite entries") }
        var factor = matrix
        let status = try factor.withGSLMatrix { gsl_linalg_cholesky_decomp1($0) }
        if status == Int32(GSL_EDOM) {
            throw .notPositiveDefinite("matrix is not positive definite (Cholesky factorisation failed)")
        }
        try GSLError.check(status, "Cholesky factorisation")
        self.factor = factor
    }

    /// The lower-triangular factor L.
    public var lower: Matrix {
        var result = Matrix(rows: dimension, columns: dimension)
        for i in 0..<dimension {
            for j in 0...i { result[i, j] = factor[i, j] }
        }
        return result
    }

    /// Solves A x = b (`gsl_linalg_cholesky_solve`).
    public func solve(_ b: [Double]) throws(GSLError) -> [Double] {
        guard b.count == dimension else { throw .invalidArgument("Cholesky solve: right-hand side has \(b.count) entries, expected \(dimension)") }
        var factor = factor
        var x = b
        let status = try factor.withGSLMatrix { (m) throws(GSLError) -> Int32 in
            try withGSLVector(&x) { gsl_linalg_cholesky_svx(m, $0) }
        }
        try GSLError.check(status, "Cholesky solve")
        return x
    }

    /// A⁻¹ (`gsl_linalg_cholesky_invert`; up to 64 × 64 as L⁻ᵀL⁻¹ in Swift: GSL's inverse calls
    /// `cblas_dtrmv`, which OpenBLAS 0.3.21 hands to its worker threads at any size, and a worker
    /// woken for a 21 × 21 inverse at the end of a fit then spins on a core through the rest of
    /// the run, 7 ms of a logistic MLE's 140).
    public func inverse() throws(GSLError) -> Matrix {
        let n = dimension
        if n <= Self.inverseInSwift {
            // M = L⁻¹ column by column (forward substitution), then A⁻¹ = MᵀM
            var m = Matrix(rows: n, columns: n)
            for j in 0..<n {
                m[j, j] = 1 / factor[j, j]
                for i in (j + 1)..<n {
                    var sum = 0.0
                    for k in j..<i { sum += factor[i, k] * m[k, j] }
                    m[i, j] = -sum / factor[i, i]
                }
            }
            var result = Matrix(rows: n, columns: n)
            for i in 0..<n {
                for j in 0...i {
                    var sum = 0.0
                    for k in i..<n { sum += m[k, i] * m[k, j] }
                    result[i, j] = sum
                    result[j, i] = sum
                }
            }
            return result
        }
        var result = factor
        let status = try result.withGSLMatrix { gsl_linalg_cholesky_invert($0) }
        try GSLError.check(status, "Cholesky inverse")
        return result
    }

    /// The largest dimension whose inverse is formed in Swift (n³/3 multiply–adds: 87,000 at 64).
    static let inverseInSwift = 64

    /// log det A = 2 Σ log Lᵢᵢ.
    public var logDeterminant: Double {
        (0..<dimension).reduce(0) { $0 + 2 * log(factor[$1, $1]) }
    }
}
