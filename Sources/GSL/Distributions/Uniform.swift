import CGSL
import Foundation

/// The continuous uniform distribution on [a, b]: f(x) = 1/(b − a).
public struct Uniform: ContinuousDistribution {
    /// a, the lower end.
    public let lower: Double
    /// b > a, the upper end.
    public let upper: Double

    /// Creates Uniform(lower, upper); throws unless lower < upper, both finite.
    public init(lower: Double = 0, upper: Double = 1) throws(GSLError) {
        try Check.finite(lower, "lower end", of: "uniform")
        try Check.finite(upper, "upper end", of: "uniform")
        guard lower < upper, (upper - lower).isFinite else {
            throw .invalidArgument("uniform: the lower end must be below the upper end, got [\(lower), \(upper)]")
        }
        self.lower = lower
        self.upper = upper
    }

    /// (a + b)/2, as a/2 + b/2 so that it does not overflow for bounds near the largest double.
    public var mean: Double? { lower / 2 + upper / 2 }
    /// (b − a)²/12.
    public var variance: Double? { (upper - lower) * (upper - lower) / 12 }

    /// −log(b − a) for a ≤ x ≤ b (both ends included); −∞ elsewhere and for NaN.
    public func logDensity(_ x: Double) -> Double { (lower...upper).contains(x) ? -log(upper - lower) : -.infinity }

    /// F(x) = (x − a)/(b − a) inside [a, b]; 0 for x ≤ a, 1 for x ≥ b.
    public func cdf(_ x: Double) -> Double { x <= lower ? 0 : (x >= upper ? 1 : (x - lower) / (upper - lower)) }

    /// 1 − F(x) = (b − x)/(b − a) inside [a, b]; 1 for x ≤ a, 0 for x ≥ b.
    public func survival(_ x: Double) -> Double { x <= lower ? 1 : (x >= upper ? 0 : (upper - x) / (upper - lower)) }

    /// a + p (b − a): a at p = 0 and b at p = 1. Throws ``GSLError`` unless 0 ≤ p ≤ 1.
    public func quantile(_ p: Double) throws(GSLError) -> Double {
        try Check.probability(p, of: "uniform quantile")
        return lower + p * (upper - lower)
    }

    /// A draw from [a, b) (`gsl_ran_flat`).
    public func sample(using generator: RandomGenerator) -> Double {
        gsl_ran_flat(generator.pointer, lower, upper)
    }
}
