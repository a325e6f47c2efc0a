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

    public var mean: Double? { degreesOfFreedom }
    public var variance: Double? { 2 * degreesOfFreedom }

    public func logDensity(_ x: Double) -> Double { gamma.logDensity(x) }

    public func cdf(_ x: Double) -> Double { x <= 0 ? 0 : gsl_cdf_chisq_P(x, degreesOfFreedom) }

    public func survival(_ x: Double) -> Double { x <= 0 ? 1 : gsl_cdf_chisq_Q(x, degreesOfFreedom) }

    public func quantile(_ p: Double) throws(GSLError) -> Double {
        try tailAccurateQuantile(
            p, family: "chi-squared", lower: 0, upper: .infinity,
            pinv: { gsl_cdf_chisq_Pinv($0, degreesOfFreedom) },
            qinv: { gsl_cdf_chisq_Qinv($0, degreesOfFreedom) })
    }

    public func sample(using generator: RandomGenerator) -> Double {
        gsl_ran_chisq(generator.pointer, degreesOfFreedom)
    }
}
