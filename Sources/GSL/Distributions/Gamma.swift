import CGSL
import Foundation

/// The gamma distribution with shape k and rate β: f(x) = βᵏ xᵏ⁻¹ e^(−βx) / Γ(k), x > 0.
public struct Gamma: ContinuousDistribution {
    /// k > 0.
    public let shape: Double
    /// β > 0 (the scale is 1/β).
    public let rate: Double
    private let logNormalizer: Double

    /// Creates Gamma(shape, rate); throws unless both are positive.
    public init(shape: Double, rate: Double = 1) throws(GSLError) {
        try Check.positive(shape, "shape", of: "gamma")
        try Check.positive(rate, "rate", of: "gamma")
        self.shape = shape
        self.rate = rate
        logNormalizer = try shape * log(rate) - SpecialFunctions.logGamma(shape)
    }

    /// k/β.
    public var mean: Double? { shape / rate }
    /// k/β².
    public var variance: Double? { shape / (rate * rate) }

    /// k log β − log Γ(k) + (k − 1) log x − βx for x > 0; at x = 0, +∞ for k < 1, log β for
    /// k = 1 and −∞ for k > 1; −∞ for x < 0 and for NaN.
    public func logDensity(_ x: Double) -> Double {
        if x < 0 || x.isNaN { return -.infinity }
        if x == 0 { return shape < 1 ? .infinity : (shape == 1 ? log(rate) : -.infinity) }
        return logNormalizer + (shape - 1) * log(x) - rate * x
    }

    /// F(x) = P(k, βx), the regularized lower incomplete gamma function (`gsl_cdf_gamma_P`
    /// with scale 1/β); 0 for x ≤ 0.
    public func cdf(_ x: Double) -> Double { x <= 0 ? 0 : gsl_cdf_gamma_P(x, shape, 1 / rate) }

    /// 1 − F(x) = Q(k, βx) (`gsl_cdf_gamma_Q` with scale 1/β); 1 for x ≤ 0.
    public func survival(_ x: Double) -> Double { x <= 0 ? 1 : gsl_cdf_gamma_Q(x, shape, 1 / rate) }

    /// `gsl_cdf_gamma_Pinv(p)` for p ≤ ½ and `gsl_cdf_gamma_Qinv(1 − p)` above (scale 1/β);
    /// 0 at p = 0 and +∞ at p = 1. Throws ``GSLError`` unless 0 ≤ p ≤ 1.
    public func quantile(_ p: Double) throws(GSLError) -> Double {
        try tailAccurateQuantile(
            p, family: "gamma", lower: 0, upper: .infinity,
            pinv: { gsl_cdf_gamma_Pinv($0, shape, 1 / rate) },
            qinv: { gsl_cdf_gamma_Qinv($0, shape, 1 / rate) })
    }

    /// A gamma draw of shape k and scale 1/β (`gsl_ran_gamma`).
    public func sample(using generator: RandomGenerator) -> Double {
        gsl_ran_gamma(generator.pointer, shape, 1 / rate)
    }
}
