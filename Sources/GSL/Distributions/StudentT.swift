import CGSL
import Foundation

/// Student's t distribution with ν degrees of freedom, location μ and scale σ:
/// f(x) = Γ((ν+1)/2) / (Γ(ν/2) √(νπ) σ) · (1 + z²/ν)^(−(ν+1)/2), z = (x − μ)/σ.
public struct StudentT: ContinuousDistribution {
    /// ν > 0.
    public let degreesOfFreedom: Double
    /// μ.
    public let location: Double
    /// σ > 0.
    public let scale: Double
    private let logNormalizer: Double

    /// Creates t(ν, μ, σ); throws unless ν and σ are positive.
    public init(degreesOfFreedom: Double, location: Double = 0, scale: Double = 1) throws(GSLError) {
        try Check.positive(degreesOfFreedom, "degrees of freedom", of: "student-t")
        try Check.finite(location, "location", of: "student-t")
        try Check.positive(scale, "scale", of: "student-t")
        self.degreesOfFreedom = degreesOfFreedom
        self.location = location
        self.scale = scale
        let nu = degreesOfFreedom
        logNormalizer = try SpecialFunctions.logGamma((nu + 1) / 2) - SpecialFunctions.logGamma(nu / 2)
            - 0.5 * log(nu * .pi) - log(scale)
    }

    /// μ for ν > 1; nil for ν ≤ 1, where E[X] does not exist.
    public var mean: Double? { degreesOfFreedom > 1 ? location : nil }

    /// σ² ν/(ν − 2) for ν > 2; nil for ν ≤ 2, where it is infinite or undefined.
    public var variance: Double? {
        degreesOfFreedom > 2 ? scale * scale * degreesOfFreedom / (degreesOfFreedom - 2) : nil
    }

    /// log Γ((ν+1)/2) − log Γ(ν/2) − ½ log(νπ) − log σ − ((ν+1)/2) log(1 + z²/ν),
    /// z = (x − μ)/σ (the constant terms are computed once, at creation).
    public func logDensity(_ x: Double) -> Double {
        let z = (x - location) / scale
        return logNormalizer - (degreesOfFreedom + 1) / 2 * log1p(z * z / degreesOfFreedom)
    }

    /// F(x) = T_ν((x − μ)/σ), the standard t CDF (`gsl_cdf_tdist_P`).
    public func cdf(_ x: Double) -> Double { gsl_cdf_tdist_P((x - location) / scale, degreesOfFreedom) }

    /// 1 − F(x) = T_ν(−(x − μ)/σ) (`gsl_cdf_tdist_Q`), accurate in the upper tail.
    public func survival(_ x: Double) -> Double { gsl_cdf_tdist_Q((x - location) / scale, degreesOfFreedom) }

    /// μ + σ t_ν⁻¹(p), by `gsl_cdf_tdist_Pinv(p)` for p ≤ ½ and `gsl_cdf_tdist_Qinv(1 − p)`
    /// above; −∞ at p = 0 and +∞ at p = 1. Throws ``GSLError`` unless 0 ≤ p ≤ 1.
    public func quantile(_ p: Double) throws(GSLError) -> Double {
        try tailAccurateQuantile(
            p, family: "student-t", lower: -.infinity, upper: .infinity,
            pinv: { location + scale * gsl_cdf_tdist_Pinv($0, degreesOfFreedom) },
            qinv: { location + scale * gsl_cdf_tdist_Qinv($0, degreesOfFreedom) })
    }

    /// μ + σ T with T a standard t draw (`gsl_ran_tdist`).
    public func sample(using generator: RandomGenerator) -> Double {
        location + scale * gsl_ran_tdist(generator.pointer, degreesOfFreedom)
    }
}
