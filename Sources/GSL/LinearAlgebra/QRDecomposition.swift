import CGSL
import Foundation

/// The QR factorisation A = Q R of an m × n matrix with m ≥ n (`gsl_linalg_QR_decomp_r`),
/// used for least squares.
public struct QRDecomposition: Sendable {
    private var packed: Matrix
    private var tau: Matrix

    /// Rows m of A.
    public var rows: Int { packed.rows }
    /// Columns n of A.
    public var columns: Int { packed.columns }

    /// Factorises `matrix`; throws unless it has at least as many rows as columns and finite entries.
    public init(_ matrix: Matrix) throws(GSLError) {
        guard matrix.rows >= matrix.columns, matrix.columns > 0 else {
            throw .invalidArgument("QR: needs rows ≥ columns > 0, got \(matrix.rows) × \(matrix.columns)")
        }
        guard matrix.values.allSatisfy(\.isFinite) else { throw .invalidArgument("QR: matrix has non-finite entries") }
        var packed = matrix
        var tau = Matrix(rows: matrix.columns, columns: matrix.columns)
        let status = try packed.withGSLMatrix { (a) throws(GSLError) -> Int32 in
            try tau.withGSLMatrix { gsl_linalg_QR_decomp_r(a, $0) }
        }
        try GSLError.check(status, "QR factorisation")
        self.packed = packed
        self.tau = tau
    }

    /// The upper-triangular n × n factor R.
    public var upper: Matrix {
        var result = Matrix(rows: columns, columns: columns)
        for i in 0..<columns {
            for j in i..<columns { result[i, j] = packed[i, j] }
        }
        return result
    }

    /// The numerical rank: diagonal entries of R above `relativeTolerance · max |Rᵢᵢ|`.
    public func rank(relativeTolerance: Double = 1e-10) -> Int {
        let diagonal = (0..<columns).map { abs(packed[$0, $0]) }
        let largest = diagonal.max() ?? 0
        return diagonal.filter { $0 > relativeTolerance * largest }.count
    }

    /// The least-squares solution of A x ≈ b (`gsl_linalg_QR_lssolve_r`); throws when A is
    /// rank-deficient: ``rank(relativeTolerance:)`` below the columns at `rankTolerance`. A caller
    /// that checked each column against its own norm passes 0 (only an exact zero then counts):
    /// against the largest diagonal, a column 10¹⁰ times smaller than another would count as
    /// dependent.
    public func leastSquares(_ b: [Double], rankTolerance: Double = 1e-10) throws(GSLError) -> [Double] {
        guard b.count == rows else { throw .invalidArgument("QR least squares: right-hand side has \(b.count) entries, expected \(rows)") }
        guard rank(relativeTolerance: rankTolerance) == columns else {
            throw GSLError(status: Int32(GSL_ESING), message: "matrix is rank-deficient (rank \(rank(relativeTolerance: rankTolerance)) of \(columns))")
        }
        var packed = packed
        var tau = tau
        var rhs = b
        var x = [Double](repeating: 0, count: rows)  // GSL returns the solution, then the residual
        var work = [Double](repeating: 0, count: columns)
        let status = try packed.withGSLMatrix { (a) throws(GSLError) -> Int32 in
            try tau.withGSLMatrix { (t) throws(GSLError) -> Int32 in
                try withGSLVector(&rhs) { (bv) throws(GSLError) -> Int32 in
                    try withGSLVector(&x) { (xv) throws(GSLError) -> Int32 in
                        try withGSLVector(&work) { gsl_linalg_QR_lssolve_r(a, t, bv, xv, $0) }
                    }
                }
            }
        }
        try GSLError.check(status, "QR least squares")
        return Array(x.prefix(columns))
    }
}
