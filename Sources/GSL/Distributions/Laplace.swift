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

    /// μ.
    public var mean: Double? { location }
    /// 2b².
    public var variance: Double? { 2 * scale * scale }

    /// −|x − μ|/b − log(2b).
    public func logDensity(_ x: Double) -> Double { -abs(x - location) / scale - log(2 * scale) }

    /// F(x) = ½ e^((x − μ)/b) for x < μ, 1 − ½ e^(−(x − μ)/b) for x ≥ μ (`gsl_cdf_laplace_P`).
    public func cdf(_ x: Double) -> Double { gsl_cdf_laplace_P(x - location, scale) }

    /// 1 − F(x), which is ½ e^(−(x − μ)/b) for x ≥ μ (`gsl_cdf_laplace_Q`).
    public func survival(_ x: Double) -> Double { gsl_cdf_laplace_Q(x - location, scale) }

    /// μ + b log(2p) for p ≤ ½ (`gsl_cdf_laplace_Pinv`), μ − b log(2(1 − p)) above
    /// (`gsl_cdf_laplace_Qinv`); −∞ at p = 0 and +∞ at p = 1. Throws ``GSLError`` unless 0 ≤ p ≤ 1.
    public func quantile(_ p: Double) throws(GSLError) -> Double {
        try tailAccurateQuantile(
            p, family: "laplace", lower: -.infinity, upper: .infinity,
            pinv: { location + gsl_cdf_laplace_Pinv($0, scale) },
            qinv: { location + gsl_cdf_laplace_Qinv($0, scale) })
    }

    /// μ + a Laplace draw of scale b (`gsl_ran_laplace`).
    public func sample(using generator: RandomGenerator) -> Double {
        location + gsl_ran_laplace(generator.pointer, scale)
    }
}
