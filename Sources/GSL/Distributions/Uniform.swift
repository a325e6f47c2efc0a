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

    public var mean: Double? { (lower + upper) / 2 }
    public var variance: Double? { (upper - lower) * (upper - lower) / 12 }

    public func logDensity(_ x: Double) -> Double { (lower...upper).contains(x) ? -log(upper - lower) : -.infinity }

    public func cdf(_ x: Double) -> Double { x <= lower ? 0 : (x >= upper ? 1 : (x - lower) / (upper - lower)) }

    public func survival(_ x: Double) -> Double { x <= lower ? 1 : (x >= upper ? 0 : (upper - x) / (upper - lower)) }

    public func quantile(_ p: Double) throws(GSLError) -> Double {
        try Check.probability(p, of: "uniform quantile")
        return lower + p * (upper - lower)
    }

    public func sample(using generator: RandomGenerator) -> Double {
        gsl_ran_flat(generator.pointer, lower, upper)
    }
}
