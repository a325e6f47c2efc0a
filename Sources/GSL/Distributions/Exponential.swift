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

    /// 1/λ.
    public var mean: Double? { 1 / rate }
    /// 1/λ².
    public var variance: Double? { 1 / (rate * rate) }

    /// log λ − λx for x ≥ 0; −∞ for x < 0 and for NaN.
    public func logDensity(_ x: Double) -> Double { x < 0 || x.isNaN ? -.infinity : log(rate) - rate * x }

    /// F(x) = 1 − e^(−λx), as −expm1(−λx) so it keeps its precision for small λx; 0 for x ≤ 0.
    public func cdf(_ x: Double) -> Double { x <= 0 ? 0 : -expm1(-rate * x) }

    /// 1 − F(x) = e^(−λx); 1 for x ≤ 0.
    public func survival(_ x: Double) -> Double { x <= 0 ? 1 : exp(-rate * x) }

    /// F⁻¹(p) = −log(1 − p)/λ (through `log1p` for p ≤ ½, from the complement 1 − p above);
    /// 0 at p = 0 and +∞ at p = 1. Throws ``GSLError`` unless 0 ≤ p ≤ 1.
    public func quantile(_ p: Double) throws(GSLError) -> Double {
        try tailAccurateQuantile(
            p, family: "exponential", lower: 0, upper: .infinity,
            pinv: { -log1p(-$0) / rate }, qinv: { -log($0) / rate })
    }

    /// An exponential draw with mean 1/λ (`gsl_ran_exponential`).
    public func sample(using generator: RandomGenerator) -> Double {
        gsl_ran_exponential(generator.pointer, 1 / rate)
    }
}
