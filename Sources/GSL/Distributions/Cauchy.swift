import CGSL
import Foundation

/// The Cauchy distribution: f(x) = 1 / (πγ (1 + ((x − x₀)/γ)²)). It has no mean or variance.
public struct Cauchy: ContinuousDistribution {
    /// x₀, the median.
    public let location: Double
    /// γ > 0, the half-width at half-maximum.
    public let scale: Double

    /// Creates Cauchy(location, scale); throws unless the scale is positive.
    public init(location: Double = 0, scale: Double = 1) throws(GSLError) {
        try Check.finite(location, "location", of: "cauchy")
        try Check.positive(scale, "scale", of: "cauchy")
        self.location = location
        self.scale = scale
    }

    /// Always nil: the Cauchy distribution has no mean.
    public var mean: Double? { nil }
    /// Always nil: the Cauchy distribution has no variance.
    public var variance: Double? { nil }

    /// −log(πγ) − log(1 + z²), z = (x − x₀)/γ.
    public func logDensity(_ x: Double) -> Double {
        let z = (x - location) / scale
        return -log(.pi * scale) - log1p(z * z)
    }

    /// F(x) = ½ + arctan((x − x₀)/γ)/π (`gsl_cdf_cauchy_P`).
    public func cdf(_ x: Double) -> Double { gsl_cdf_cauchy_P(x - location, scale) }

    /// 1 − F(x) = ½ − arctan((x − x₀)/γ)/π (`gsl_cdf_cauchy_Q`), accurate in the upper tail.
    public func survival(_ x: Double) -> Double { gsl_cdf_cauchy_Q(x - location, scale) }

    /// x₀ + γ tan(π(p − ½)), by `gsl_cdf_cauchy_Pinv(p)` for p ≤ ½ and `gsl_cdf_cauchy_Qinv(1 − p)`
    /// above; −∞ at p = 0 and +∞ at p = 1. Throws ``GSLError`` unless 0 ≤ p ≤ 1.
    public func quantile(_ p: Double) throws(GSLError) -> Double {
        try tailAccurateQuantile(
            p, family: "cauchy", lower: -.infinity, upper: .infinity,
            pinv: { location + gsl_cdf_cauchy_Pinv($0, scale) },
            qinv: { location + gsl_cdf_cauchy_Qinv($0, scale) })
    }

    /// x₀ + a Cauchy draw of scale γ (`gsl_ran_cauchy`).
    public func sample(using generator: RandomGenerator) -> Double {
        location + gsl_ran_cauchy(generator.pointer, scale)
    }
}
