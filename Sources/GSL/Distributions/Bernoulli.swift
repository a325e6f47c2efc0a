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

    /// p.
    public var mean: Double? { p }
    /// p (1 − p).
    public var variance: Double? { p * (1 - p) }

    /// log(1 − p) at k = 0 (through `log1p`), log p at k = 1, −∞ for any other k
    /// (and −∞ at k = 1 when p = 0, at k = 0 when p = 1).
    public func logProbability(_ k: Int) -> Double {
        switch k {
        case 0: return log1p(-p)
        case 1: return log(p)
        default: return -.infinity
        }
    }

    /// 0 for k < 0, 1 − p at k = 0, 1 for k ≥ 1.
    public func cdf(_ k: Int) -> Double { k < 0 ? 0 : (k == 0 ? 1 - p : 1) }

    /// 1 for k < 0, p at k = 0, 0 for k ≥ 1.
    public func survival(_ k: Int) -> Double { k < 0 ? 1 : (k == 0 ? p : 0) }

    /// 0 when q ≤ 1 − p, else 1 (so 0 at q = 0, and 1 at q = 1 unless p = 0).
    /// Throws ``GSLError`` unless 0 ≤ q ≤ 1.
    public func quantile(_ q: Double) throws(GSLError) -> Int {
        try Check.probability(q, of: "bernoulli quantile")
        return q <= 1 - p ? 0 : 1
    }

    /// 1 with probability p, else 0 (`gsl_ran_bernoulli`).
    public func sample(using generator: RandomGenerator) -> Int {
        Int(gsl_ran_bernoulli(generator.pointer, p))
    }
}
