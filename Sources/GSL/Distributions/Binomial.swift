import CGSL
import Foundation

/// The binomial distribution: successes in n independent trials of probability p,
/// P(X = k) = C(n, k) pᵏ (1 − p)ⁿ⁻ᵏ.
public struct Binomial: DiscreteDistribution {
    /// n ≥ 0.
    public let trials: Int
    /// p ∈ [0, 1].
    public let p: Double

    /// Creates Binomial(trials, p); throws unless 0 ≤ trials < 2³² and 0 ≤ p ≤ 1.
    public init(trials: Int, p: Double) throws(GSLError) {
        try Check.probability(p, of: "binomial")
        guard trials >= 0, trials <= Int(UInt32.max) else {
            throw .invalidArgument("binomial: trials must lie in 0...\(UInt32.max), got \(trials)")
        }
        self.trials = trials
        self.p = p
    }

    public var mean: Double? { Double(trials) * p }
    public var variance: Double? { Double(trials) * p * (1 - p) }

    public func logProbability(_ k: Int) -> Double {
        guard k >= 0, k <= trials else { return -.infinity }
        return gsl_sf_lnchoose(UInt32(trials), UInt32(k)) + xLogY(Double(k), p) + xLog1pY(Double(trials - k), -p)
    }

    public func cdf(_ k: Int) -> Double {
        if k < 0 { return 0 }
        if k >= trials || p == 0 { return 1 }
        if p == 1 { return 0 }
        return gsl_cdf_binomial_P(UInt32(k), p, UInt32(trials))
    }

    public func survival(_ k: Int) -> Double {
        if k < 0 { return 1 }
        if k >= trials || p == 0 { return 0 }
        if p == 1 { return 1 }
        return gsl_cdf_binomial_Q(UInt32(k), p, UInt32(trials))
    }

    public func quantile(_ q: Double) throws(GSLError) -> Int {
        try Check.probability(q, of: "binomial quantile")
        let guess = Int((Double(trials) * p).rounded())
        return searchQuantile(q, from: guess, lowerBound: 0, upperBound: trials)
    }

    public func sample(using generator: RandomGenerator) -> Int {
        Int(gsl_ran_binomial(generator.pointer, p, UInt32(trials)))
    }
}
