import CGSL
import Foundation

/// The Poisson distribution with mean μ: P(X = k) = μᵏ e^(−μ) / k!.
public struct Poisson: DiscreteDistribution {
    /// μ > 0, the mean (also written λ).
    public let rate: Double

    /// Creates Poisson(mean); throws unless the mean is positive and below 2³¹.
    public init(mean: Double) throws(GSLError) {
        try Check.positive(mean, "mean", of: "poisson")
        guard mean < 2_147_483_647 else { throw .invalidArgument("poisson: mean must be below 2^31, got \(mean)") }
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

    /// F(k) by `gsl_cdf_poisson_P`; 0 for k < 0 (k above 2³² − 1 is clamped to it).
    public func cdf(_ k: Int) -> Double { k < 0 ? 0 : gsl_cdf_poisson_P(UInt32(clamping: k), rate) }

    /// 1 − F(k) by `gsl_cdf_poisson_Q`; 1 for k < 0 (k above 2³² − 1 is clamped to it).
    public func survival(_ k: Int) -> Double { k < 0 ? 1 : gsl_cdf_poisson_Q(UInt32(clamping: k), rate) }

    /// The smallest k with F(k) ≥ q, stepping from the normal approximation μ + Φ⁻¹(q)√μ:
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
