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

    /// F(x) = P(ν/2, x/2), the CDF of Gamma(ν/2, rate ½); 0 for x ≤ 0 and 1 at x = +∞.
    public func cdf(_ x: Double) -> Double { gamma.cdf(x) }

    /// 1 − F(x) = Q(ν/2, x/2), the survival of Gamma(ν/2, rate ½); 1 for x ≤ 0, 0 at x = +∞.
    public func survival(_ x: Double) -> Double { gamma.survival(x) }

    /// The quantile of Gamma(ν/2, rate ½) (GSL's inversion, or the CDF solved where it fails);
    /// 0 at p = 0 and +∞ at p = 1. Throws ``GSLError`` unless 0 ≤ p ≤ 1.
    public func quantile(_ p: Double) throws(GSLError) -> Double {
        try Check.probability(p, of: "chi-squared quantile")
        return try gamma.quantile(p)
    }

    /// A χ² draw (`gsl_ran_chisq`).
    public func sample(using generator: RandomGenerator) -> Double {
        gsl_ran_chisq(generator.pointer, degreesOfFreedom)
    }
}
