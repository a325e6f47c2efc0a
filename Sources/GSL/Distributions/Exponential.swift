import CGSL
import Foundation

/// The exponential distribution with rate λ: f(x) = λ e^(−λx), x ≥ 0.
public struct Exponential: ContinuousDistribution {
    /// λ > 0 (the mean is 1/λ).
    public let rate: Double

    /// Creates Exponential(rate); throws unless the rate is positive.
    public init(rate: Double = 1) throws(GSLError) {
        try Check.positive(rate, "rate", of: "exponential")
        self.rate = rate
    }

    public var mean: Double? { 1 / rate }
    public var variance: Double? { 1 / (rate * rate) }

    public func logDensity(_ x: Double) -> Double { x < 0 || x.isNaN ? -.infinity : log(rate) - rate * x }

    public func cdf(_ x: Double) -> Double { x <= 0 ? 0 : -expm1(-rate * x) }

    public func survival(_ x: Double) -> Double { x <= 0 ? 1 : exp(-rate * x) }

    public func quantile(_ p: Double) throws(GSLError) -> Double {
        try tailAccurateQuantile(
            p, family: "exponential", lower: 0, upper: .infinity,
            pinv: { -log1p(-$0) / rate }, qinv: { -log($0) / rate })
    }

    public func sample(using generator: RandomGenerator) -> Double {
        gsl_ran_exponential(generator.pointer, 1 / rate)
    }
}
