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

    public var mean: Double? { exp(mu + sigma * sigma / 2) }
    public var variance: Double? { expm1(sigma * sigma) * exp(2 * mu + sigma * sigma) }

    public func logDensity(_ x: Double) -> Double {
        guard x > 0 else { return -.infinity }
        let z = (log(x) - mu) / sigma
        return -0.5 * z * z - log(x) - log(sigma) - 0.5 * logTwoPi
    }

    public func cdf(_ x: Double) -> Double { x <= 0 ? 0 : gsl_cdf_ugaussian_P((log(x) - mu) / sigma) }

    public func survival(_ x: Double) -> Double { x <= 0 ? 1 : gsl_cdf_ugaussian_Q((log(x) - mu) / sigma) }

    public func quantile(_ p: Double) throws(GSLError) -> Double {
        try tailAccurateQuantile(
            p, family: "lognormal", lower: 0, upper: .infinity,
            pinv: { exp(mu + sigma * gsl_cdf_ugaussian_Pinv($0)) },
            qinv: { exp(mu + sigma * gsl_cdf_ugaussian_Qinv($0)) })
    }

    public func sample(using generator: RandomGenerator) -> Double {
        gsl_ran_lognormal(generator.pointer, mu, sigma)
    }
}
