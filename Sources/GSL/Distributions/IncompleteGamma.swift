import Foundation

/// The regularised incomplete gamma functions for large shapes, where GSL's lose accuracy.
///
/// Past a shape of ≈ 10⁴, `gsl_cdf_gamma_P` drifts to 10⁻⁸–10⁻⁶ relative error near the mean
/// (against mpmath; a shape of 2·10⁶ is the posterior of a poisson rate over a few hundred
/// thousand counts) and `gsl_cdf_gamma_Qinv` returns values far from the quantile. Here
/// P(a, x) is its power series below x = a + 1 and Q(a, x) its continued fraction above (both
/// converge in O(√a) terms about the mean), each scaled by xᵃe⁻ˣ/Γ(a + 1) computed about the
/// mode, so that no term of size a cancels: ≈ 10⁻¹³ relative in the bulk.
enum IncompleteGamma {
    /// The shape past which the distributions use these functions (and the beta's) rather
    /// than GSL's.
    static let largeShape = 1e4

    /// (P(a, x), Q(a, x)) = (γ(a, x)/Γ(a), Γ(a, x)/Γ(a)), each to its own relative precision,
    /// for a ≥ 30 and x ≥ 0; NaN only if neither expansion converged in 10⁷ terms.
    static func regularized(_ a: Double, _ x: Double) -> (lower: Double, upper: Double) {
        if x <= 0 { return (0, 1) }
        if x == .infinity { return (1, 0) }
        let prefactor = exp(logPrefactor(a, x))
        if x < a + 1 {
            let lower = prefactor * series(a, x)
            return (lower, 1 - lower)
        }
        // Q = xᵃe⁻ˣ/Γ(a) · CF = a · prefactor · CF
        let upper = a * prefactor * continuedFraction(a, x)
        return (1 - upper, upper)
    }

    /// log(xᵃ e⁻ˣ / Γ(a + 1)) for a ≥ 30: with x = a(1 + δ) it is
    /// a(log(1 + δ) − δ) − ½ log(2πa) − δ(a), δ(a) the remainder of Stirling's series, whose
    /// terms stay of the size of (x − a)²/a where the direct a log x − x − log Γ(a + 1) cancels
    /// terms of size a log a.
    static func logPrefactor(_ a: Double, _ x: Double) -> Double {
        let delta = (x - a) / a
        return a * (log1p(delta) - delta) - 0.5 * log(2 * Double.pi * a) - IncompleteBeta.stirlingRemainder(a)
    }

    /// ∑ₙ xⁿ / ((a + 1)⋯(a + n)), n ≥ 0, to a relative 10⁻¹⁶ of the sum.
    static func series(_ a: Double, _ x: Double) -> Double {
        var term = 1.0, sum = 1.0, denominator = a
        for _ in 0..<10_000_000 {
            denominator += 1
            term *= x / denominator
            sum += term
            if term < sum * 1e-17 { return sum }
        }
        return .nan
    }

    /// 1/(x + 1 − a − 1·(1 − a)/(x + 3 − a − 2·(2 − a)/(x + 5 − a − ⋯))) by the modified Lentz
    /// method (Numerical Recipes' `gcf`), so that Q(a, x) = xᵃe⁻ˣ/Γ(a) times it.
    static func continuedFraction(_ a: Double, _ x: Double) -> Double {
        var b = x + 1 - a
        var c = 1 / 1e-300
        var d = 1 / b
        var h = d
        for i in 1...10_000_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = 1 / IncompleteBeta.awayFromZero(an * d + b)
            c = IncompleteBeta.awayFromZero(b + an / c)
            let change = d * c
            h *= change
            if abs(change - 1) < 1e-15 { return h }
        }
        return .nan
    }
}
