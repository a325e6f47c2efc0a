import CGSL
import Foundation

/// The normal distribution N(μ, σ²): f(x) = exp(−(x − μ)²/(2σ²)) / (σ√(2π)).
public struct Normal: ContinuousDistribution {
    /// μ, the mean.
    public let location: Double
    /// σ > 0.
    public let standardDeviation: Double

    /// Creates N(mean, standardDeviation²); throws unless mean is finite and the sd positive.
    public init(mean: Double = 0, standardDeviation: Double = 1) throws(GSLError) {
        try Check.finite(mean, "mean", of: "normal")
        try Check.positive(standardDeviation, "standard deviation", of: "normal")
        self.location = mean
        self.standardDeviation = standardDeviation
    }

    private var mu: Double { location }

    /// μ.
    public var mean: Double? { location }

    /// σ².
    public var variance: Double? { standardDeviation * standardDeviation }

    /// −z²/2 − log σ − ½ log(2π), z = (x − μ)/σ.
    public func logDensity(_ x: Double) -> Double {
        let z = (x - mu) / standardDeviation
        return -0.5 * z * z - log(standardDeviation) - 0.5 * logTwoPi
    }

    /// F(x) = Φ((x − μ)/σ) (`gsl_cdf_gaussian_P`).
    public func cdf(_ x: Double) -> Double { gsl_cdf_gaussian_P(x - mu, standardDeviation) }

    /// 1 − F(x) = Φ(−(x − μ)/σ) (`gsl_cdf_gaussian_Q`), accurate far into the upper tail.
    public func survival(_ x: Double) -> Double { gsl_cdf_gaussian_Q(x - mu, standardDeviation) }

    /// μ + σ Φ⁻¹(p), by `gsl_cdf_gaussian_Pinv(p)` for p ≤ ½ and `gsl_cdf_gaussian_Qinv(1 − p)`
    /// above; −∞ at p = 0 and +∞ at p = 1. Throws ``GSLError`` unless 0 ≤ p ≤ 1.
    public func quantile(_ p: Double) throws(GSLError) -> Double {
        try tailAccurateQuantile(
            p, family: "normal", lower: -.infinity, upper: .infinity,
            pinv: { mu + gsl_cdf_gaussian_Pinv($0, standardDeviation) },
            qinv: { mu + gsl_cdf_gaussian_Qinv($0, standardDeviation) })
    }

    /// μ + σ Z with Z from GSL's ziggurat sampler (`gsl_ran_gaussian_ziggurat`).
    public func sample(using generator: RandomGenerator) -> Double {
        mu + gsl_ran_gaussian_ziggurat(generator.pointer, standardDeviation)
    }
}
