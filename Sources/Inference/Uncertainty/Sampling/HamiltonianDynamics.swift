import Foundation
import GSL

/// The metric of the kinetic energy K(p) = pᵀM⁻¹p/2 on the unconstrained scale. Its inverse M⁻¹,
/// an estimate of the posterior's covariance there, is learned during warmup: its diagonal
/// (Stan's `diag_e`) or the whole matrix (`dense_e`).
public enum MetricKind: String, CaseIterable, Sendable {
    /// Dense up to ``automaticDenseLimit`` parameters, diagonal above: chosen by measurement (the
    /// dense metric gave 1.0–3.2 times the bulk ESS per second of the diagonal one on every
    /// posterior of the sampler suite, up to 52 parameters; above a hundred or so, the windows'
    /// few hundred draws estimate a dense covariance poorly and each step costs d²).
    case automatic = "auto"
    /// M⁻¹ diagonal: one scale a parameter.
    case diagonal = "diag"
    /// M⁻¹ dense: scales and correlations.
    case dense

    /// The most parameters the automatic metric is dense for.
    public static let automaticDenseLimit = 100

    /// The metric a posterior of `dimension` parameters gets: this one, or for ``automatic`` the
    /// dense metric up to ``automaticDenseLimit`` parameters and the diagonal one above.
    public func resolved(dimension: Int) -> MetricKind {
        guard self == .automatic else { return self }
        return dimension <= Self.automaticDenseLimit ? .dense : .diagonal
    }
}

/// M⁻¹ of a Euclidean metric, diagonal or dense (then with its Cholesky factor L, M⁻¹ = LLᵀ).
struct EuclideanMetric {
    private let variances: [Double]?
    private let inverse: [[Double]]
    private let factor: [[Double]]

    /// The diagonal metric with M⁻¹ = diag(`variances`).
    init(variances: [Double]) {
        self.variances = variances
        inverse = []
        factor = []
    }

    /// The dense metric with M⁻¹ = `covariance`; nil unless it is positive definite.
    init?(covariance: Matrix) {
        guard let lower = try? CholeskyDecomposition(covariance).lower else { return nil }
        variances = nil
        inverse = (0..<covariance.rows).map { covariance.row($0) }
        factor = (0..<lower.rows).map { i in (0...i).map { lower[i, $0] } }
    }

    /// M⁻¹'s diagonal.
    var diagonal: [Double] { variances ?? inverse.indices.map { inverse[$0][$0] } }

    /// A momentum p ~ N(0, M) from standard normal draws z: zᵢ/√vᵢ, or the solution of Lᵀp = z.
    func momentum(from z: [Double]) -> [Double] {
        if let variances { return zip(z, variances).map { $0 / $1.squareRoot() } }
        var p = z
        for i in stride(from: p.count - 1, through: 0, by: -1) {
            var sum = p[i]
            for k in (i + 1)..<p.count { sum -= factor[k][i] * p[k] }
            p[i] = sum / factor[i][i]
        }
        return p
    }

    /// dq/dt = M⁻¹p, the velocity (Stan's `dtau_dp`, the "sharp" momentum of the no-U-turn test).
    func velocity(_ p: [Double]) -> [Double] {
        if let variances { return zip(variances, p).map(*) }
        return inverse.map { row in zip(row, p).reduce(0) { $0 + $1.0 * $1.1 } }
    }
}

/// A point of phase space: the position q (unconstrained), the momentum p, and log π(q) with its
/// gradient, kept so that each leapfrog step evaluates the target once.
struct PhasePoint {
    var q: [Double]
    var p: [Double]
    var logDensity: Double
    var gradient: [Double]
}

/// The Hamiltonian H(q, p) = −log π(q) + pᵀM⁻¹p/2 of a target on the unconstrained scale, and its
/// leapfrog integrator.
struct Hamiltonian<Target: LogDensity> {
    let space: UnconstrainedTarget<Target>
    var metric: EuclideanMetric

    /// The phase point at q with momentum `p`; its log density is −∞ where π is not finite.
    func point(at q: [Double], momentum p: [Double]) -> PhasePoint {
        let (value, gradient) = space.logDensityAndGradient(q)
        return PhasePoint(q: q, p: p, logDensity: value, gradient: gradient)
    }

    /// H at `z` given its velocity M⁻¹p; +∞ where it is not a number (a point outside the support).
    func energy(_ z: PhasePoint, velocity: [Double]) -> Double {
        let h = -z.logDensity + 0.5 * zip(z.p, velocity).reduce(0) { $0 + $1.0 * $1.1 }
        return h.isNaN ? .infinity : h
    }

    /// One leapfrog step of size ε (negative to go back in time): half a momentum step, a full
    /// position step, half a momentum step.
    func leapfrog(_ z: inout PhasePoint, stepSize epsilon: Double) {
        let half = epsilon / 2
        for i in z.p.indices { z.p[i] += half * z.gradient[i] }
        let v = metric.velocity(z.p)
        for i in z.q.indices { z.q[i] += epsilon * v[i] }
        (z.logDensity, z.gradient) = space.logDensityAndGradient(z.q)
        for i in z.p.indices { z.p[i] += half * z.gradient[i] }
    }
}
