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

    public var mean: Double? { nil }
    public var variance: Double? { nil }

    public func logDensity(_ x: Double) -> Double {
        let z = (x - location) / scale
        return -log(.pi * scale) - log1p(z * z)
    }

    public func cdf(_ x: Double) -> Double { gsl_cdf_cauchy_P(x - location, scale) }

    public func survival(_ x: Double) -> Double { gsl_cdf_cauchy_Q(x - location, scale) }

    public func quantile(_ p: Double) throws(GSLError) -> Double {
        try tailAccurateQuantile(
            p, family: "cauchy", lower: -.infinity, upper: .infinity,
            pinv: { location + gsl_cdf_cauchy_Pinv($0, scale) },
            qinv: { location + gsl_cdf_cauchy_Qinv($0, scale) })
    }

    public func sample(using generator: RandomGenerator) -> Double {
        location + gsl_ran_cauchy(generator.pointer, scale)
    }
}
