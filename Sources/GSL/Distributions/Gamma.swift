import CGSL
import Foundation

/// The gamma distribution with shape k and rate β: f(x) = βᵏ xᵏ⁻¹ e^(−βx) / Γ(k), x > 0.
public struct Gamma: ContinuousDistribution {
    /// k > 0.
    public let shape: Double
    /// β > 0 (the scale is 1/β).
    public let rate: Double
    private let logNormalizer: Double

    /// Creates Gamma(shape, rate); throws unless both are positive.
    public init(shape: Double, rate: Double = 1) throws(GSLError) {
        try Check.positive(shape, "shape", of: "gamma")
        try Check.positive(rate, "rate", of: "gamma")
        self.shape = shape
        self.rate = rate
        logNormalizer = try shape * log(rate) - SpecialFunctions.logGamma(shape)
    }

    /// k/β.
    public var mean: Double? { shape / rate }
    /// k/β².
    public var variance: Double? { shape / (rate * rate) }

    /// Whether the shape is past GSL's accurate range (see `IncompleteGamma`).
    private var isLarge: Bool { shape > IncompleteGamma.largeShape }

    /// k log β − log Γ(k) + (k − 1) log x − βx for x > 0 (for k > 10⁴ computed about the mode,
    /// where the direct sum cancels terms of size k log k); at x = 0, +∞ for k < 1, log β for
    /// k = 1 and −∞ for k > 1; −∞ for x < 0, x = +∞ and NaN.
    public func logDensity(_ x: Double) -> Double {
        if x < 0 || x.isNaN || x == .infinity { return -.infinity }
        if x == 0 { return shape < 1 ? .infinity : (shape == 1 ? log(rate) : -.infinity) }
        // f(x) = (βx)ᵏ e^(−βx)/Γ(k + 1) · k/x
        if isLarge { return IncompleteGamma.logPrefactor(shape, rate * x) + log(shape) - log(x) }
        return logNormalizer + (shape - 1) * log(x) - rate * x
    }

    /// F(x) = P(k, βx), the regularized lower incomplete gamma function (`gsl_cdf_gamma_P`
    /// with scale 1/β; for k > 10⁴, where GSL's drifts to 10⁻⁸–10⁻⁶ relative error, its series
    /// and continued fraction about the mode); 0 for x ≤ 0 and 1 at x = +∞.
    public func cdf(_ x: Double) -> Double {
        if x <= 0 { return 0 }
        if x == .infinity { return 1 }
        return isLarge ? IncompleteGamma.regularized(shape, rate * x).lower : gsl_cdf_gamma_P(x, shape, 1 / rate)
    }

    /// 1 − F(x) = Q(k, βx) (`gsl_cdf_gamma_Q` with scale 1/β, or as ``cdf(_:)`` for k > 10⁴);
    /// 1 for x ≤ 0 and 0 at x = +∞.
    public func survival(_ x: Double) -> Double {
        if x <= 0 { return 1 }
        if x == .infinity { return 0 }
        return isLarge ? IncompleteGamma.regularized(shape, rate * x).upper : gsl_cdf_gamma_Q(x, shape, 1 / rate)
    }

    /// `gsl_cdf_gamma_Pinv(p)` for p ≤ ½ and `gsl_cdf_gamma_Qinv(1 − p)` above (scale 1/β);
    /// for k > 10⁴ (where GSL's inversion returns NaN or values far from the quantile) and
    /// wherever it fails, solved from ``cdf(_:)`` and ``survival(_:)``. 0 at p = 0 and +∞ at
    /// p = 1. Throws ``GSLError`` unless 0 ≤ p ≤ 1.
    public func quantile(_ p: Double) throws(GSLError) -> Double {
        try tailAccurateQuantile(
            p, family: "gamma", lower: 0, upper: .infinity, trustingGSL: !isLarge,
            pinv: { gsl_cdf_gamma_Pinv($0, shape, 1 / rate) },
            qinv: { gsl_cdf_gamma_Qinv($0, shape, 1 / rate) })
    }

    /// A gamma draw of shape k and scale 1/β (`gsl_ran_gamma`).
    public func sample(using generator: RandomGenerator) -> Double {
        gsl_ran_gamma(generator.pointer, shape, 1 / rate)
    }
}
