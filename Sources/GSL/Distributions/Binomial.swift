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

    /// n p.
    public var mean: Double? { Double(trials) * p }
    /// n p (1 − p).
    public var variance: Double? { Double(trials) * p * (1 - p) }

    /// log C(n, k) + k log p + (n − k) log(1 − p) for 0 ≤ k ≤ n, with 0 · log 0 = 0 so that
    /// p = 0 and p = 1 give exact 0 and −∞; −∞ outside 0…n.
    public func logProbability(_ k: Int) -> Double {
        guard k >= 0, k <= trials else { return -.infinity }
        return gsl_sf_lnchoose(UInt32(trials), UInt32(k)) + xLogY(Double(k), p) + xLog1pY(Double(trials - k), -p)
    }

    /// F(k) by `gsl_cdf_binomial_P`: 0 for k < 0; 1 for k ≥ n or p = 0; 0 for k < n when p = 1.
    public func cdf(_ k: Int) -> Double {
        if k < 0 { return 0 }
        if k >= trials || p == 0 { return 1 }
        if p == 1 { return 0 }
        return gsl_cdf_binomial_P(UInt32(k), p, UInt32(trials))
    }

    /// 1 − F(k) by `gsl_cdf_binomial_Q`: 1 for k < 0; 0 for k ≥ n or p = 0; 1 for k < n when
    /// p = 1.
    public func survival(_ k: Int) -> Double {
        if k < 0 { return 1 }
        if k >= trials || p == 0 { return 0 }
        if p == 1 { return 1 }
        return gsl_cdf_binomial_Q(UInt32(k), p, UInt32(trials))
    }

    /// The smallest k in 0…n with F(k) ≥ q, stepping from the nearest integer to n p: 0 at
    /// q = 0, at most n. Throws ``GSLError`` unless 0 ≤ q ≤ 1.
    public func quantile(_ q: Double) throws(GSLError) -> Int {
        try Check.probability(q, of: "binomial quantile")
        let guess = Int((Double(trials) * p).rounded())
        return searchQuantile(q, from: guess, lowerBound: 0, upperBound: trials)
    }

    /// A binomial draw (`gsl_ran_binomial`).
    public func sample(using generator: RandomGenerator) -> Int {
        Int(gsl_ran_binomial(generator.pointer, p, UInt32(trials)))
    }
}
