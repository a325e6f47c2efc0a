import CGSL
import Foundation

/// The chi-squared distribution with ν degrees of freedom, Gamma(ν/2, rate 1/2):
/// f(x) = x^(ν/2−1) e^(−x/2) / (2^(ν/2) Γ(ν/2)).
public struct ChiSquared: ContinuousDistribution {
    /// ν > 0.
    public let degreesOfFreedom: Double
    private let gamma: Gamma

    /// Creates χ²(ν); throws unless ν is positive.
    public init(degreesOfFreedom: Double) throws(GSLError) {
        try Check.positive(degreesOfFreedom, "degrees of freedom", of: "chi-squared")
        self.degreesOfFreedom = degreesOfFreedom
        gamma = try Gamma(shape: degreesOfFreedom / 2, rate: 0.5)
    }

    /// ν.
    public var mean: Double? { degreesOfFreedom }
    /// 2ν.
    public var variance: Double? { 2 * degreesOfFreedom }

    /// The log density of Gamma(ν/2, rate ½); at x = 0 it is +∞ for ν < 2, −log 2 for ν = 2
    /// and −∞ for ν > 2.
    public func logDensity(_ x: Double) -> Double { gamma.logDensity(x) }

    /// F(x) = P(ν/2, x/2) (`gsl_cdf_chisq_P`); 0 for x ≤ 0.
    public func cdf(_ x: Double) -> Double { x <= 0 ? 0 : gsl_cdf_chisq_P(x, degreesOfFreedom) }

    /// 1 − F(x) = Q(ν/2, x/2) (`gsl_cdf_chisq_Q`); 1 for x ≤ 0.
    public func survival(_ x: Double) -> Double { x <= 0 ? 1 : gsl_cdf_chisq_Q(x, degreesOfFreedom) }

    /// `gsl_cdf_chisq_Pinv(p)` for p ≤ ½ and `gsl_cdf_chisq_Qinv(1 − p)` above; 0 at p = 0 and
    /// +∞ at p = 1. Throws ``GSLError`` unless 0 ≤ p ≤ 1.
    public func quantile(_ p: Double) throws(GSLError) -> Double {
        try tailAccurateQuantile(
            p, family: "chi-squared", lower: 0, upper: .infinity,
            pinv: { gsl_cdf_chisq_Pinv($0, degreesOfFreedom) },
            qinv: { gsl_cdf_chisq_Qinv($0, degreesOfFreedom) })
    }

    /// A χ² draw (`gsl_ran_chisq`).
    public func sample(using generator: RandomGenerator) -> Double {
        gsl_ran_chisq(generator.pointer, degreesOfFreedom)
    }
}
