import CGSL
import Foundation

/// The Bernoulli distribution: P(X = 1) = p, P(X = 0) = 1 − p.
public struct Bernoulli: DiscreteDistribution {
    /// p ∈ [0, 1].
    public let p: Double

    /// Creates Bernoulli(p); throws unless 0 ≤ p ≤ 1.
    public init(p: Double) throws(GSLError) {
        try Check.probability(p, of: "bernoulli")
        self.p = p
    }

    public var mean: Double? { p }
    public var variance: Double? { p * (1 - p) }

    public func logProbability(_ k: Int) -> Double {
        switch k {
        case 0: return log1p(-p)
        case 1: return log(p)
        default: return -.infinity
        }
    }

    public func cdf(_ k: Int) -> Double { k < 0 ? 0 : (k == 0 ? 1 - p : 1) }

    public func survival(_ k: Int) -> Double { k < 0 ? 1 : (k == 0 ? p : 0) }

    public func quantile(_ q: Double) throws(GSLError) -> Int {
        try Check.probability(q, of: "bernoulli quantile")
        return q <= 1 - p ? 0 : 1
    }

    public func sample(using generator: RandomGenerator) -> Int {
        Int(gsl_ran_bernoulli(generator.pointer, p))
    }
}
