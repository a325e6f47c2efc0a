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

    /// Whether a shape is past GSL's accurate range (see `IncompleteBeta`).
    private var isLarge: Bool { max(alpha, beta) > IncompleteGamma.largeShape }

    /// (α − 1) log x + (β − 1) log(1 − x) − log B(α, β) on [0, 1], with 0 · log 0 = 0 (for a
    /// shape past 10⁴ computed about the mode, where the direct sum cancels terms of the
    /// shapes' size); at x = 0 (x = 1) it is +∞ for α < 1 (β < 1) and −∞ for α > 1 (β > 1);
    /// −∞ outside [0, 1].
    public func logDensity(_ x: Double) -> Double {
        if !(0...1).contains(x) { return -.infinity }
        if x == 0 && alpha < 1 || x == 1 && beta < 1 { return .infinity }
        if x == 0 && alpha > 1 || x == 1 && beta > 1 { return -.infinity }
        if isLarge && x > 0 && x < 1 { return IncompleteBeta.logPrefactor(x, alpha, beta) - log(x) - log1p(-x) }
        return xLogY(alpha - 1, x) + xLog1pY(beta - 1, -x) - logBetaFunction
    }

    /// F(x) = I_x(α, β) (`gsl_cdf_beta_P`; for a shape past 10⁴, where GSL's drifts to
    /// 10⁻⁹–10⁻⁶ relative error and past ≈ 10⁶ returns NaN, the continued fraction evaluated to
    /// convergence about the mode); 0 for x ≤ 0, 1 for x ≥ 1.
    public func cdf(_ x: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        return isLarge ? IncompleteBeta.regularized(x, alpha, beta).lower : gsl_cdf_beta_P(x, alpha, beta)
    }

    /// 1 − F(x) = I_(1−x)(β, α) (`gsl_cdf_beta_Q`, or as ``cdf(_:)`` for a shape past 10⁴);
    /// 1 for x ≤ 0, 0 for x ≥ 1.
    public func survival(_ x: Double) -> Double {
        if x <= 0 { return 1 }
        if x >= 1 { return 0 }
        return isLarge ? IncompleteBeta.regularized(x, alpha, beta).upper : gsl_cdf_beta_Q(x, alpha, beta)
    }

    /// `gsl_cdf_beta_Pinv(p)` for p ≤ ½ and `gsl_cdf_beta_Qinv(1 − p)` above while α, β ≤ 10⁴;
    /// beyond (where GSL's inversion returns NaN or, past ≈ 10⁶, does not return) and wherever
    /// it fails, solved from ``cdf(_:)`` and ``survival(_:)``. 0 at p = 0 and 1 at p = 1.
    /// Throws ``GSLError`` unless 0 ≤ p ≤ 1.
    public func quantile(_ p: Double) throws(GSLError) -> Double {
        try tailAccurateQuantile(
            p, family: "beta", lower: 0, upper: 1, trustingGSL: !isLarge,
            pinv: { gsl_cdf_beta_Pinv($0, alpha, beta) },
            qinv: { gsl_cdf_beta_Qinv($0, alpha, beta) })
    }

    /// A beta draw (`gsl_ran_beta`).
    public func sample(using generator: RandomGenerator) -> Double {
        gsl_ran_beta(generator.pointer, alpha, beta)
    }
}
