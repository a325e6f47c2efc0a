import CGSL
import Foundation

/// The regularised incomplete beta function for large shapes, where GSL's fails.
///
/// GSL's `gsl_cdf_beta_P` (and so `gsl_cdf_binomial_P`) evaluates its continued fraction with a
/// fixed budget of iterations, which runs out near the mean once the shapes pass ≈ 10⁶ (a
/// binomial of 3·10⁶ trials, a beta posterior of a few million rows) and returns NaN; below
/// that it drifts to 10⁻⁹–10⁻⁶ relative error (against mpmath) past shapes of ≈ 10⁵. The
/// continued fraction itself converges there, in O(√max(a, b)) terms; this evaluates it without
/// a budget that matters, with the prefactor xᵃ(1 − x)ᵇ/B(a, b) computed about the mode so that
/// no term of size a or b cancels.
enum IncompleteBeta {
    /// (I_x(a, b), 1 − I_x(a, b)), each to its own relative precision, for 0 < x < 1 and
    /// a, b > 0; NaN only if the continued fraction has not converged in 10⁷ terms.
    static func regularized(_ x: Double, _ a: Double, _ b: Double) -> (lower: Double, upper: Double) {
        if x <= 0 { return (0, 1) }
        if x >= 1 { return (1, 0) }
        // the fraction converges fast for x below the mean's neighbourhood; above it, use the
        // symmetry I_x(a, b) = 1 − I_(1−x)(b, a)
        if x < (a + 1) / (a + b + 2) {
            let lower = prefactor(x, a, b) * continuedFraction(x, a, b) / a
            return (lower, 1 - lower)
        }
        let upper = prefactor(1 - x, b, a) * continuedFraction(1 - x, b, a) / b
        return (1 - upper, upper)
    }

    /// xᵃ (1 − x)ᵇ / B(a, b).
    static func prefactor(_ x: Double, _ a: Double, _ b: Double) -> Double { exp(logPrefactor(x, a, b)) }

    /// log(xᵃ (1 − x)ᵇ / B(a, b)), about the mode when a, b ≥ 30 (see the body).
    static func logPrefactor(_ x: Double, _ a: Double, _ b: Double) -> Double {
        guard min(a, b) >= 30 else {
            let logB = (try? SpecialFunctions.logBeta(a, b)) ?? .nan
            return a * log(x) + b * log1p(-x) - logB
        }
        // about the mode x₀ = a/s (s = a + b): a log(x/x₀) + b log((1 − x)/(1 − x₀)) is small
        // near it, and a log x₀ + b log(1 − x₀) − log B(a, b) = ½ log(ab/(2πs)) − δ(a) − δ(b)
        // + δ(s), δ the remainder of Stirling's series for log Γ; the first-order rounding of x₀
        // cancels between the two logarithms (a/x₀ = b/(1 − x₀) = s)
        let s = a + b
        let mode = a / s
        let d = x - mode
        return a * log1p(d / mode) + b * log1p(-d / (1 - mode))
            + 0.5 * log(a * b / (2 * Double.pi * s)) - stirlingRemainder(a) - stirlingRemainder(b)
            + stirlingRemainder(s)
    }

    /// log Γ(z) − ((z − ½) log z − z + ½ log 2π) for z ≥ 30, by the series
    /// 1/(12z) − 1/(360z³) + 1/(1260z⁵) − 1/(1680z⁷) + 1/(1188z⁹), whose next term, 691/(360360z¹¹),
    /// is below 10⁻¹⁸ there.
    static func stirlingRemainder(_ z: Double) -> Double {
        let w = 1 / (z * z)
        return (1.0 / 12 - w * (1.0 / 360 - w * (1.0 / 1260 - w * (1.0 / 1680 - w / 1188)))) / z
    }

    /// The continued fraction of I_x(a, b) by the modified Lentz method (Numerical Recipes'
    /// `betacf`), to a relative change below 10⁻¹⁵ a term.
    static func continuedFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let qab = a + b, qap = a + 1, qam = a - 1
        var c = 1.0
        var d = 1 / awayFromZero(1 - qab * x / qap)
        var h = d
        for m in 1...10_000_000 {
            let m = Double(m), m2 = 2 * m
            // the even step, then the odd one
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
            d = 1 / awayFromZero(1 + aa * d)
            c = awayFromZero(1 + aa / c)
            h *= d * c
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
            d = 1 / awayFromZero(1 + aa * d)
            c = awayFromZero(1 + aa / c)
            let change = d * c
            h *= change
            if abs(change - 1) < 1e-15 { return h }
        }
        return .nan
    }

    /// `value`, or 10⁻³⁰⁰ when it is smaller in size: Lentz's guard against dividing by 0.
    static func awayFromZero(_ value: Double) -> Double { abs(value) < 1e-300 ? 1e-300 : value }
}
