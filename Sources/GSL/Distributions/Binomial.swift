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
    /// p = 0 and p = 1 give exact 0 and −∞ (computed about the mode when k and n − k pass 30
    /// and one of them 10⁴); −∞ outside 0…n.
    public func logProbability(_ k: Int) -> Double {
        guard k >= 0, k <= trials else { return -.infinity }
        if isLarge(k) && min(k, trials - k) >= 30 && p > 0 && p < 1 {
            // C(n, k) = 1/((n + 1) B(k + 1, n − k + 1)): the pmf is the beta prefactor of
            // exponents k + 1, n − k + 1 over (n + 1) p (1 − p), computed about the mode where
            // the direct sum cancels terms of size n
            return IncompleteBeta.logPrefactor(p, Double(k + 1), Double(trials - k + 1))
                - log(Double(trials) + 1) - log(p) - log1p(-p)
        }
        return gsl_sf_lnchoose(UInt32(trials), UInt32(k)) + xLogY(Double(k), p) + xLog1pY(Double(trials - k), -p)
    }

    /// Whether F(k) = I_(1−p)(n − k, k + 1) has a shape past GSL's accurate range.
    private func isLarge(_ k: Int) -> Bool { Double(max(k + 1, trials - k)) > IncompleteGamma.largeShape }

    /// F(k) by `gsl_cdf_binomial_P`, or, once k + 1 or n − k passes 10⁴ (GSL's drifts to 10⁻⁶
    /// relative error there and returns NaN near the mean once n passes ≈ 3·10⁶), as
    /// I_(1−p)(n − k, k + 1) by the continued fraction evaluated to convergence: 0 for k < 0;
    /// 1 for k ≥ n or p = 0; 0 for k < n when p = 1.
    public func cdf(_ k: Int) -> Double {
        if k < 0 { return 0 }
        if k >= trials || p == 0 { return 1 }
        if p == 1 { return 0 }
        if isLarge(k) { return IncompleteBeta.regularized(p, Double(k + 1), Double(trials - k)).upper }
        return gsl_cdf_binomial_P(UInt32(k), p, UInt32(trials))
    }

    /// 1 − F(k) by `gsl_cdf_binomial_Q`, or as I_p(k + 1, n − k) where ``cdf(_:)`` leaves
    /// GSL: 1 for k < 0; 0 for k ≥ n or p = 0; 1 for k < n when p = 1.
    public func survival(_ k: Int) -> Double {
        if k < 0 { return 1 }
        if k >= trials || p == 0 { return 0 }
        if p == 1 { return 1 }
        if isLarge(k) { return IncompleteBeta.regularized(p, Double(k + 1), Double(trials - k)).lower }
        return gsl_cdf_binomial_Q(UInt32(k), p, UInt32(trials))
    }

    /// The smallest k in 0…n with F(k) ≥ q, searched from the nearest integer to n p: 0 at
    /// q = 0 and n at q = 1 (the support's ends, as scipy's `ppf`). Throws ``GSLError`` unless 0 ≤ q ≤ 1.
    public func quantile(_ q: Double) throws(GSLError) -> Int {
        try Check.probability(q, of: "binomial quantile")
        if q == 1 { return trials }
        let guess = Int((Double(trials) * p).rounded())
        return searchQuantile(q, from: guess, lowerBound: 0, upperBound: trials)
    }

    /// A binomial draw (`gsl_ran_binomial`).
    public func sample(using generator: RandomGenerator) -> Int {
        Int(gsl_ran_binomial(generator.pointer, p, UInt32(trials)))
    }
}
