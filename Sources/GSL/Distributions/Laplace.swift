import CGSL
import Foundation

/// The Laplace (double exponential) distribution: f(x) = exp(−|x − μ|/b) / (2b).
public struct Laplace: ContinuousDistribution {
    /// μ, the centre and median.
    public let location: Double
    /// b > 0.
    public let scale: Double

    /// Creates Laplace(location, scale); throws unless the scale is positive.
    public init(location: Double = 0, scale: Double = 1) throws(GSLError) {
        try Check.finite(location, "location", of: "laplace")
        try Check.positive(scale, "scale", of: "laplace")
        self.location = location
        self.scale = scale
    }

    public var mean: Double? { location }
    public var variance: Double? { 2 * scale * scale }

    public func logDensity(_ x: Double) -> Double { -abs(x - location) / scale - log(2 * scale) }

    public func cdf(_ x: Double) -> Double { gsl_cdf_laplace_P(x - location, scale) }

    public func survival(_ x: Double) -> Double { gsl_cdf_laplace_Q(x - location, scale) }

    public func quantile(_ p: Double) throws(GSLError) -> Double {
        try tailAccurateQuantile(
            p, family: "laplace", lower: -.infinity, upper: .infinity,
            pinv: { location + gsl_cdf_laplace_Pinv($0, scale) },
            qinv: { location + gsl_cdf_laplace_Qinv($0, scale) })
    }

    public func sample(using generator: RandomGenerator) -> Double {
        location + gsl_ran_laplace(generator.pointer, scale)
    }
}
