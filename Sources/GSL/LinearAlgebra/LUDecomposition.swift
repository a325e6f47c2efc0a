import CGSL
import Foundation

/// The LU factorisation P A = L U of a square matrix with partial pivoting (`gsl_linalg_LU_decomp`).
public struct LUDecomposition: Sendable {
    private var factors: Matrix
    private let permutation: [Int]
    private let sign: Int32

    /// The dimension n of A.
    public var dimension: Int { factors.rows }

    /// Factorises `matrix`; throws for a non-square, empty or non-finite matrix.
    public init(_ matrix: Matrix) throws(GSLError) {
        guard matrix.rows == matrix.columns, matrix.rows > 0 else {
            throw .invalidArgument("LU: needs a non-empty square matrix, got \(matrix.rows) × \(matrix.columns)")
        }
        guard matrix.values.allSatisfy(\.isFinite) else { throw .invalidArgument("LU: matrix has non-finite entries") }
        var factors = matrix
        let n = matrix.rows
        guard let p = gsl_permutation_alloc(n) else { throw GSLError(status: Int32(GSL_ENOMEM), message: "LU: cannot allocate") }
        defer { gsl_permutation_free(p) }
        var signum: Int32 = 0
        let status = try factors.withGSLMatrix { gsl_linalg_LU_decomp($0, p, &signum) }
        try GSLError.check(status, "LU factorisation")
        self.factors = factors
        permutation = (0..<n).map { Int(gsl_permutation_get(p, $0)) }
        sign = signum
    }

    /// Whether a pivot is exactly zero (the matrix is singular).
    public var isSingular: Bool { factors.diagonalValues.contains(0) }

    private func withPermutation<R>(_ body: (UnsafeMutablePointer<gsl_permutation>) throws(GSLError) -> R) throws(GSLError) -> R {
        guard let p = gsl_permutation_alloc(dimension) else { throw GSLError(status: Int32(GSL_ENOMEM), message: "LU: cannot allocate") }
        defer { gsl_permutation_free(p) }
        for (i, value) in permutation.enumerated() { p.pointee.data[i] = value }
        return try body(p)
    }

    /// Solves A x = b; throws when A is singular.
    public func solve(_ b: [Double]) throws(GSLError) -> [Double] {
        guard b.count == dimension else { throw .invalidArgument("LU solve: right-hand side has \(b.count) entries, expected \(dimension)") }
        guard !isSingular else { throw GSLError(status: Int32(GSL_ESING), message: "matrix is singular") }
        var factors = factors
        var x = b
        let status = try withPermutation { (p) throws(GSLError) -> Int32 in
            try factors.withGSLMatrix { (m) throws(GSLError) -> Int32 in
                try withGSLVector(&x) { gsl_linalg_LU_svx(m, p, $0) }
            }
        }
        try GSLError.check(status, "LU solve")
        return x
    }

    /// A⁻¹; throws when A is singular.
    public func inverse() throws(GSLError) -> Matrix {
        guard !isSingular else { throw GSLError(status: Int32(GSL_ESING), message: "matrix is singular") }
        var result = factors
        let status = try withPermutation { (p) throws(GSLError) -> Int32 in
            try result.withGSLMatrix { gsl_linalg_LU_invx($0, p) }
        }
        try GSLError.check(status, "LU inverse")
        return result
    }

    /// log |det A| (−∞ for a singular matrix).
    public var logAbsoluteDeterminant: Double {
        factors.diagonalValues.reduce(0) { $0 + log(abs($1)) }
    }

    /// The sign of det A (0 for a singular matrix).
    public var determinantSign: Double {
        isSingular ? 0 : factors.diagonalValues.reduce(Double(sign)) { $0 * ($1 < 0 ? -1 : 1) }
    }
}
