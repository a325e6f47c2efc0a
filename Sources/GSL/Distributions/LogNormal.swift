import CGSL
import Foundation

/// The log-normal distribution: log X ~ N(μ, σ²), so
/// f(x) = exp(−(log x − μ)²/(2σ²)) / (x σ √(2π)), x > 0.
public struct LogNormal: ContinuousDistribution {
    /// μ, the mean of log X.
    public let mu: Double
    /// σ > 0, the standard deviation of log X.
    public let sigma: Double

    /// Creates LogNormal(mu, sigma); throws unless sigma is positive.
    public init(mu: Double = 0, sigma: Double = 1) throws(GSLError) {
        try Check.finite(mu, "mu", of: "lognormal")
        try Check.positive(sigma, "sigma", of: "lognormal")
        self.mu = mu
        self.sigma = sigma
    }

    /// e^(μ + σ²/2) (+∞ when that overflows).
    public var mean: Double? { exp(mu + sigma * sigma / 2) }
    /// (e^(σ²) − 1) e^(2μ + σ²), formed as one exponential so that an overflowing e^(σ²) − 1
    /// cannot meet an underflowing e^(2μ) (+∞ when the whole overflows).
    public var variance: Double? {
        let s2 = sigma * sigma
        let logExpm1 = s2 > 40 ? s2 + log1p(-exp(-s2)) : log(expm1(s2))
        return exp(logExpm1 + 2 * mu + s2)
    }

    /// −z²/2 − log x − log σ − ½ log(2π), z = (log x − μ)/σ, for x > 0; −∞ for x ≤ 0 and
    /// for NaN.
    public func logDensity(_ x: Double) -> Double {
        guard x > 0 else { return -.infinity }
        let z = (log(x) - mu) / sigma
        return -0.5 * z * z - log(x) - log(sigma) - 0.5 * logTwoPi
    }

    /// F(x) = Φ((log x − μ)/σ) (`gsl_cdf_ugaussian_P`); 0 for x ≤ 0.
    public func cdf(_ x: Double) -> Double { x <= 0 ? 0 : gsl_cdf_ugaussian_P((log(x) - mu) / sigma) }

    /// 1 − F(x) = Φ(−(log x − μ)/σ) (`gsl_cdf_ugaussian_Q`); 1 for x ≤ 0.
    public func survival(_ x: Double) -> Double { x <= 0 ? 1 : gsl_cdf_ugaussian_Q((log(x) - mu) / sigma) }

    /// exp(μ + σ Φ⁻¹(p)), by `gsl_cdf_ugaussian_Pinv(p)` for p ≤ ½ and
    /// `gsl_cdf_ugaussian_Qinv(1 − p)` above; 0 at p = 0 and +∞ at p = 1. Throws ``GSLError``
    /// unless 0 ≤ p ≤ 1.
    public func quantile(_ p: Double) throws(GSLError) -> Double {
        try tailAccurateQuantile(
            p, family: "lognormal", lower: 0, upper: .infinity,
            pinv: { exp(mu + sigma * gsl_cdf_ugaussian_Pinv($0)) },
            qinv: { exp(mu + sigma * gsl_cdf_ugaussian_Qinv($0)) })
    }

    /// A log-normal draw (`gsl_ran_lognormal`).
    public func sample(using generator: RandomGenerator) -> Double {
        gsl_ran_lognormal(generator.pointer, mu, sigma)
    }
}
