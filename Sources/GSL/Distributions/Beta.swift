import CGSL
import Foundation

/// The beta distribution on [0, 1]: f(x) = x^(α−1) (1 − x)^(β−1) / B(α, β).
public struct Beta: ContinuousDistribution {
    /// α > 0.
    public let alpha: Double
    /// β > 0.
    public let beta: Double
    private let logBetaFunction: Double

    /// Creates Beta(alpha, beta); throws unless both are positive.
    public init(alpha: Double, beta: Double) throws(GSLError) {
        try Check.positive(alpha, "alpha", of: "beta")
        try Check.positive(beta, "beta", of: "beta")
        self.alpha = alpha
        self.beta = beta
        logBetaFunction = try SpecialFunctions.logBeta(alpha, beta)
    }

    /// α/(α + β).
    public var mean: Double? { alpha / (alpha + beta) }

    /// αβ / ((α + β)² (α + β + 1)).
    public var variance: Double? {
        let s = alpha + beta
        return alpha * beta / (s * s * (s + 1))
    }

    /// (α − 1) log x + (β − 1) log(1 − x) − log B(α, β) on [0, 1], with 0 · log 0 = 0; at
    /// x = 0 (x = 1) it is +∞ for α < 1 (β < 1) and −∞ for α > 1 (β > 1); −∞ outside [0, 1].
    public func logDensity(_ x: Double) -> Double {
        if !(0...1).contains(x) { return -.infinity }
        if x == 0 && alpha < 1 || x == 1 && beta < 1 { return .infinity }
        if x == 0 && alpha > 1 || x == 1 && beta > 1 { return -.infinity }
        return xLogY(alpha - 1, x) + xLog1pY(beta - 1, -x) - logBetaFunction
    }

    /// F(x) = I_x(α, β) (`gsl_cdf_beta_P`); 0 for x ≤ 0, 1 for x ≥ 1.
    public func cdf(_ x: Double) -> Double { x <= 0 ? 0 : (x >= 1 ? 1 : gsl_cdf_beta_P(x, alpha, beta)) }

    /// 1 − F(x) = I_(1−x)(β, α) (`gsl_cdf_beta_Q`); 1 for x ≤ 0, 0 for x ≥ 1.
    public func survival(_ x: Double) -> Double { x <= 0 ? 1 : (x >= 1 ? 0 : gsl_cdf_beta_Q(x, alpha, beta)) }

    /// `gsl_cdf_beta_Pinv(p)` for p ≤ ½ and `gsl_cdf_beta_Qinv(1 − p)` above; 0 at p = 0 and
    /// 1 at p = 1. Throws ``GSLError`` unless 0 ≤ p ≤ 1.
    public func quantile(_ p: Double) throws(GSLError) -> Double {
        try tailAccurateQuantile(
            p, family: "beta", lower: 0, upper: 1,
            pinv: { gsl_cdf_beta_Pinv($0, alpha, beta) },
            qinv: { gsl_cdf_beta_Qinv($0, alpha, beta) })
    }

    /// A beta draw (`gsl_ran_beta`).
    public func sample(using generator: RandomGenerator) -> Double {
        gsl_ran_beta(generator.pointer, alpha, beta)
    }
}
