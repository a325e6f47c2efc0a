import CGSL

/// Special functions of GSL (`gsl_sf_*`), renamed the Swift way.
///
/// Each evaluates GSL's error-checked `_e` variant and throws ``GSLError`` on a domain error
/// (e.g. `logGamma(-1)`) instead of returning NaN or aborting.
public enum SpecialFunctions {
    /// `body`'s value; `name`, the call as an error names it, is formed only on failure (its
    /// interpolated arguments cost more than the function at every call of a sampler's loop).
    @inline(__always)
    private static func evaluate(
        _ name: @autoclosure () -> String, _ body: (UnsafeMutablePointer<gsl_sf_result>) -> Int32
    ) throws(GSLError) -> Double {
        GSLRuntime.prepare()
        var result = gsl_sf_result(val: 0, err: 0)
        let status = body(&result)
        try GSLError.check(status, name())
        return result.val
    }

    /// log Γ(x) for x > 0 (`gsl_sf_lngamma`). For negative non-integer x it is log |Γ(x)|.
    public static func logGamma(_ x: Double) throws(GSLError) -> Double {
        try evaluate("logGamma(\(x))") { gsl_sf_lngamma_e(x, $0) }
    }

    /// The digamma function ψ(x) = d/dx log Γ(x) (`gsl_sf_psi`).
    public static func digamma(_ x: Double) throws(GSLError) -> Double {
        try evaluate("digamma(\(x))") { gsl_sf_psi_e(x, $0) }
    }

    /// The trigamma function ψ′(x) = d²/dx² log Γ(x) (`gsl_sf_psi_1`).
    public static func trigamma(_ x: Double) throws(GSLError) -> Double {
        try evaluate("trigamma(\(x))") { gsl_sf_psi_1_e(x, $0) }
    }

    /// log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b) for a, b > 0 (`gsl_sf_lnbeta`).
    public static func logBeta(_ a: Double, _ b: Double) throws(GSLError) -> Double {
        try evaluate("logBeta(\(a), \(b))") { gsl_sf_lnbeta_e(a, b, $0) }
    }

    /// log n! for n ≥ 0 (`gsl_sf_lnfact`).
    public static func logFactorial(_ n: Int) throws(GSLError) -> Double {
        guard n >= 0, n <= Int(UInt32.max) else { throw .invalidArgument("logFactorial: n must lie in 0...2^32-1, got \(n)") }
        return try evaluate("logFactorial(\(n))") { gsl_sf_lnfact_e(UInt32(n), $0) }
    }

    /// log C(n, k) = log n! − log k! − log (n − k)! for 0 ≤ k ≤ n (`gsl_sf_lnchoose`).
    public static func logBinomialCoefficient(_ n: Int, _ k: Int) throws(GSLError) -> Double {
        guard k >= 0, k <= n, n <= Int(UInt32.max) else {
            throw .invalidArgument("logBinomialCoefficient: needs 0 ≤ k ≤ n < 2^32, got n = \(n), k = \(k)")
        }
        return try evaluate("logBinomialCoefficient(\(n), \(k))") { gsl_sf_lnchoose_e(UInt32(n), UInt32(k), $0) }
    }

    /// The error function erf(x) = 2/√π ∫₀ˣ e^(−t²) dt (`gsl_sf_erf`).
    public static func erf(_ x: Double) throws(GSLError) -> Double {
        try evaluate("erf(\(x))") { gsl_sf_erf_e(x, $0) }
    }

    /// The complementary error function erfc(x) = 1 − erf(x), accurate in the upper tail
    /// (`gsl_sf_erfc`).
    public static func erfc(_ x: Double) throws(GSLError) -> Double {
        try evaluate("erfc(\(x))") { gsl_sf_erfc_e(x, $0) }
    }

    /// The regularized lower incomplete gamma function P(a, x) = γ(a, x)/Γ(a), a > 0, x ≥ 0
    /// (`gsl_sf_gamma_inc_P`).
    public static func regularizedGammaP(_ a: Double, _ x: Double) throws(GSLError) -> Double {
        try evaluate("regularizedGammaP(\(a), \(x))") { gsl_sf_gamma_inc_P_e(a, x, $0) }
    }

    /// The regularized upper incomplete gamma function Q(a, x) = Γ(a, x)/Γ(a) = 1 − P(a, x)
    /// (`gsl_sf_gamma_inc_Q`).
    public static func regularizedGammaQ(_ a: Double, _ x: Double) throws(GSLError) -> Double {
        try evaluate("regularizedGammaQ(\(a), \(x))") { gsl_sf_gamma_inc_Q_e(a, x, $0) }
    }

    /// The regularized incomplete beta function I_x(a, b) = B(x; a, b)/B(a, b), a, b > 0,
    /// 0 ≤ x ≤ 1 (`gsl_sf_beta_inc`).
    public static func regularizedBeta(_ a: Double, _ b: Double, _ x: Double) throws(GSLError) -> Double {
        try evaluate("regularizedBeta(\(a), \(b), \(x))") { gsl_sf_beta_inc_e(a, b, x, $0) }
    }

    /// The inverse of P(a, ·): the x with P(a, x) = p (`gsl_cdf_gamma_Pinv` with unit scale).
    public static func inverseRegularizedGammaP(_ a: Double, _ p: Double) throws(GSLError) -> Double {
        guard a > 0, a.isFinite else { throw .invalidArgument("inverseRegularizedGammaP: a must be positive, got \(a)") }
        guard (0...1).contains(p) else { throw .invalidArgument("inverseRegularizedGammaP: p must lie in [0, 1], got \(p)") }
        GSLRuntime.prepare()
        return p > 0.5 ? gsl_cdf_gamma_Qinv(1 - p, a, 1) : gsl_cdf_gamma_Pinv(p, a, 1)
    }

    /// The inverse of I_·(a, b): the x with I_x(a, b) = p (`gsl_cdf_beta_Pinv`).
    public static func inverseRegularizedBeta(_ a: Double, _ b: Double, _ p: Double) throws(GSLError) -> Double {
        guard a > 0, b > 0, a.isFinite, b.isFinite else {
            throw .invalidArgument("inverseRegularizedBeta: a and b must be positive, got \(a), \(b)")
        }
        guard (0...1).contains(p) else { throw .invalidArgument("inverseRegularizedBeta: p must lie in [0, 1], got \(p)") }
        GSLRuntime.prepare()
        return p > 0.5 ? gsl_cdf_beta_Qinv(1 - p, a, b) : gsl_cdf_beta_Pinv(p, a, b)
    }

    /// The inverse error function: the x with erf(x) = y, −1 < y < 1, through the standard
    /// normal quantile, erf⁻¹(y) = Φ⁻¹((1 + y)/2)/√2 (`gsl_cdf_ugaussian_Pinv`).
    public static func inverseErf(_ y: Double) throws(GSLError) -> Double {
        guard y > -1, y < 1 else { throw .invalidArgument("inverseErf: y must lie in (-1, 1), got \(y)") }
        GSLRuntime.prepare()
        let z = y >= 0 ? -gsl_cdf_ugaussian_Pinv((1 - y) / 2) : gsl_cdf_ugaussian_Pinv((1 + y) / 2)
        return z / 2.0.squareRoot()
    }
}
