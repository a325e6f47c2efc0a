import CGSL
import Foundation

/// The Poisson distribution with mean μ: P(X = k) = μᵏ e^(−μ) / k!.
public struct Poisson: DiscreteDistribution {
    /// μ > 0, the mean (also written λ).
    public let rate: Double

    /// Creates Poisson(mean); throws unless the mean is positive and below 2³¹ − 1.
    public init(mean: Double) throws(GSLError) {
        try Check.positive(mean, "mean", of: "poisson")
        guard mean < 2_147_483_647 else { throw .invalidArgument("poisson: mean must be below 2^31 − 1, got \(mean)") }
        self.rate = mean
    }

    /// μ.
    public var mean: Double? { rate }
    /// μ.
    public var variance: Double? { rate }

    /// k log μ − μ − log k! (`gsl_sf_lnfact`) for k ≥ 0; −∞ for k < 0.
    public func logProbability(_ k: Int) -> Double {
        guard k >= 0 else { return -.infinity }
        return Double(k) * log(rate) - rate - gsl_sf_lnfact(UInt32(clamping: k))
    }

    /// Whether F(k) = Q(k + 1, μ) has a shape past GSL's accurate range.
    private func isLarge(_ k: Int) -> Bool { Double(k + 1) > IncompleteGamma.largeShape }

    /// F(k) by `gsl_cdf_poisson_P`, or, once k + 1 passes 10⁴ (where GSL's incomplete gamma
    /// drifts to 10⁻⁸–10⁻⁶ relative error), as Q(k + 1, μ) by `IncompleteGamma`; 0 for k < 0
    /// (k above 2³² − 1 is clamped to it).
    public func cdf(_ k: Int) -> Double {
        if k < 0 { return 0 }
        let k = min(k, Int(UInt32.max))
        return isLarge(k) ? IncompleteGamma.regularized(Double(k + 1), rate).upper : gsl_cdf_poisson_P(UInt32(k), rate)
    }

    /// 1 − F(k) by `gsl_cdf_poisson_Q`, or as P(k + 1, μ) where ``cdf(_:)`` leaves GSL; 1 for
    /// k < 0 (k above 2³² − 1 is clamped to it).
    public func survival(_ k: Int) -> Double {
        if k < 0 { return 1 }
        let k = min(k, Int(UInt32.max))
        return isLarge(k) ? IncompleteGamma.regularized(Double(k + 1), rate).lower : gsl_cdf_poisson_Q(UInt32(k), rate)
    }

    /// The smallest k with F(k) ≥ q, searched from the normal approximation μ + Φ⁻¹(q)√μ:
    /// 0 at q = 0, and 2³² − 1 at q = 1 (the support is unbounded). Throws ``GSLError``
    /// unless 0 ≤ q ≤ 1.
    public func quantile(_ q: Double) throws(GSLError) -> Int {
        try Check.probability(q, of: "poisson quantile")
        if q == 1 { return Int(UInt32.max) }
        let z = gsl_cdf_ugaussian_Pinv(min(max(q, 1e-300), 1 - 1e-16))
        let guess = Int(max(0, (rate + z * rate.squareRoot()).rounded()))
        return searchQuantile(q, from: guess, lowerBound: 0, upperBound: Int(UInt32.max))
    }

    /// A Poisson draw (`gsl_ran_poisson`).
    public func sample(using generator: RandomGenerator) -> Int {
        Int(gsl_ran_poisson(generator.pointer, rate))
    }
}
