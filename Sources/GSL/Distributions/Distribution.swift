import CGSL
import Foundation

/// A probability distribution on the real line with validated parameters.
///
/// Parameters are checked when a distribution is created (invalid ones throw ``GSLError``), so
/// its methods never trap and never reach a GSL domain error.
public protocol ContinuousDistribution: Sendable {
    /// log f(x); −∞ outside the support.
    func logDensity(_ x: Double) -> Double
    /// F(x) = P(X ≤ x).
    func cdf(_ x: Double) -> Double
    /// 1 − F(x) = P(X > x), computed directly so it keeps its precision in the upper tail.
    func survival(_ x: Double) -> Double
    /// F⁻¹(p), the smallest x with F(x) ≥ p; `p` must lie in [0, 1].
    func quantile(_ p: Double) throws(GSLError) -> Double
    /// E[X], or nil when it does not exist.
    var mean: Double? { get }
    /// Var[X], or nil when it does not exist or is infinite.
    var variance: Double? { get }
    /// One draw.
    func sample(using generator: RandomGenerator) -> Double
}

/// A probability distribution on the integers with validated parameters.
public protocol DiscreteDistribution: Sendable {
    /// log P(X = k); −∞ outside the support.
    func logProbability(_ k: Int) -> Double
    /// F(k) = P(X ≤ k).
    func cdf(_ k: Int) -> Double
    /// 1 − F(k) = P(X > k).
    func survival(_ k: Int) -> Double
    /// The smallest k with F(k) ≥ p (scipy's `ppf` convention); `p` must lie in [0, 1].
    func quantile(_ p: Double) throws(GSLError) -> Int
    /// E[X].
    var mean: Double? { get }
    /// Var[X].
    var variance: Double? { get }
    /// One draw.
    func sample(using generator: RandomGenerator) -> Int
}

extension ContinuousDistribution {
    /// f(x) = exp(log f(x)).
    public func density(_ x: Double) -> Double { Foundation.exp(logDensity(x)) }

    /// `count` independent draws.
    public func sample(_ count: Int, using generator: RandomGenerator) -> [Double] {
        (0..<max(0, count)).map { _ in sample(using: generator) }
    }
}

extension DiscreteDistribution {
    /// P(X = k).
    public func probability(_ k: Int) -> Double { Foundation.exp(logProbability(k)) }

    /// `count` independent draws.
    public func sample(_ count: Int, using generator: RandomGenerator) -> [Int] {
        (0..<max(0, count)).map { _ in sample(using: generator) }
    }

    /// The smallest k in `lowerBound`…`upperBound` with F(k) ≥ p (`upperBound` if there is none):
    /// bracketed by steps that double away from `guess`, then bisected, so O(log distance)
    /// evaluations of F however far the guess is (F is monotone, so the answer is exact).
    func searchQuantile(_ p: Double, from guess: Int, lowerBound: Int, upperBound: Int) -> Int {
        // invariant once bracketed: F(below) < p ≤ F(atOrAbove); below = lowerBound − 1 stands
        // for "nothing below", where F is 0
        var below: Int
        var atOrAbove = min(max(guess, lowerBound), upperBound)
        if cdf(atOrAbove) >= p {
            below = lowerBound - 1
            var step = 1
            while atOrAbove > lowerBound {
                let candidate = step >= atOrAbove - lowerBound ? lowerBound : atOrAbove - step
                if cdf(candidate) >= p { atOrAbove = candidate; step *= 2 } else { below = candidate; break }
            }
        } else {
            below = atOrAbove
            var step = 1
            while true {
                guard below < upperBound else { return upperBound }
                let candidate = step >= upperBound - below ? upperBound : below + step
                if cdf(candidate) >= p { atOrAbove = candidate; break }
                below = candidate
                step *= 2
            }
        }
        while atOrAbove - below > 1 {
            let middle = below + (atOrAbove - below) / 2
            if cdf(middle) >= p { atOrAbove = middle } else { below = middle }
        }
        return atOrAbove
    }
}

/// Checks shared by the distributions' initialisers and quantiles.
enum Check {
    static func positive(_ value: Double, _ name: String, of family: String) throws(GSLError) {
        GSLRuntime.prepare()
        guard value > 0, value.isFinite else {
            throw .invalidArgument("\(family): \(name) must be positive and finite, got \(value)")
        }
    }

    static func finite(_ value: Double, _ name: String, of family: String) throws(GSLError) {
        GSLRuntime.prepare()
        guard value.isFinite else { throw .invalidArgument("\(family): \(name) must be finite, got \(value)") }
    }

    static func probability(_ p: Double, _ name: String = "p", of family: String) throws(GSLError) {
        GSLRuntime.prepare()
        guard p >= 0, p <= 1 else { throw .invalidArgument("\(family): \(name) must lie in [0, 1], got \(p)") }
    }
}


extension ContinuousDistribution {
    /// F⁻¹(p) through GSL's `Pinv` below the median and `Qinv(1 − p)` above it, where the
    /// complement keeps its relative precision; the support's ends at p = 0 and p = 1. Where
    /// GSL's inversion fails (it returns NaN for gamma shapes past ≈ 10⁵ in the tails), the
    /// quantile is solved from the CDF by `solvedQuantile(_:lower:upper:family:)`; with
    /// `trustingGSL` false (shapes where GSL's inversion returns wrong values or never returns)
    /// it is solved so without asking GSL.
    func tailAccurateQuantile(
        _ p: Double, family: String, lower: Double, upper: Double, trustingGSL: Bool = true,
        pinv: (Double) -> Double, qinv: (Double) -> Double
    ) throws(GSLError) -> Double {
        try Check.probability(p, of: "\(family) quantile")
        if p == 0 { return lower }
        if p == 1 { return upper }
        guard trustingGSL else { return try solvedQuantile(p, lower: lower, upper: upper, family: family) }
        let x = p <= 0.5 ? pinv(p) : qinv(1 - p)
        if x >= lower && x <= upper { return x }
        return try solvedQuantile(p, lower: lower, upper: upper, family: family)
    }

    /// F⁻¹(p) for 0 < p < 1 solved from ``cdf(_:)`` (p ≤ ½) or ``survival(_:)`` (p > ½, so
    /// the upper tail keeps its relative precision) with the density as derivative: a bracket
    /// grown from the normal approximation mean + Φ⁻¹(p)·sd (halving towards a lower end at 0),
    /// then Newton steps kept inside the bracket, bisecting (geometrically across orders of
    /// magnitude) when a step leaves it, until the bracket is a few ulps wide.
    func solvedQuantile(_ p: Double, lower: Double, upper: Double, family: String) throws(GSLError) -> Double {
        let upperTail = p > 0.5
        let target = upperTail ? 1 - p : p
        // g(x) = F(x) − p, increasing, from whichever tail is accurate
        let g = { (x: Double) -> Double in upperTail ? target - self.survival(x) : self.cdf(x) - target }
        let sd = variance.map { $0.squareRoot() } ?? 1
        let scale = sd.isFinite && sd > 0 ? sd : 1
        let centre = mean.flatMap { $0.isFinite ? $0 : nil } ?? 0
        let z = gsl_cdf_ugaussian_Pinv(p)
        var x = min(max(centre + z * scale, lower), upper)
        if !x.isFinite { x = lower.isFinite ? lower + scale : (upper.isFinite ? upper - scale : 0) }
        // the bracket: g(low) < 0 ≤ g(high)
        var low = lower, high = upper
        if g(x) >= 0 {
            high = x
            var step = scale
            while true {
                let candidate = lower == 0 && x > 0 ? high / 2 : max(high - step, lower)
                if candidate <= lower || g(candidate) < 0 { low = max(candidate, lower); break }
                high = candidate
                step *= 2
            }
        } else {
            low = x
            var step = scale
            while true {
                let candidate = min(low + step, upper)
                if candidate >= upper || !candidate.isFinite || g(candidate) >= 0 { high = candidate; break }
                low = candidate
                step *= 2
            }
        }
        guard high.isFinite, low.isFinite else {
            throw GSLError(status: Int32(GSL_EMAXITER), message: "\(family) quantile: no bracket for p = \(p)")
        }
        var current = high
        for _ in 0..<400 {
            if high - low <= 4 * high.ulp { break }
            let value = g(current)
            if value == 0 { return current }
            if value < 0 { low = current } else { high = current }
            let slope = exp(logDensity(current))
            var next = current - value / slope
            if !(next > low && next < high) {
                next = low > 0 && high > 8 * low ? (low * high).squareRoot() : low + (high - low) / 2
            }
            if next == current { break }
            current = next
        }
        guard current.isFinite else {
            throw GSLError(status: Int32(GSL_EMAXITER), message: "\(family) quantile did not converge at p = \(p)")
        }
        return current
    }
}

/// log(x) · a with the convention 0 · log 0 = 0, as densities at the edge of their support need.
@inline(__always)
func xLogY(_ a: Double, _ y: Double) -> Double {
    a == 0 ? 0 : a * Foundation.log(y)
}

/// a · log1p(y) with the convention 0 · log 0 = 0.
@inline(__always)
func xLog1pY(_ a: Double, _ y: Double) -> Double {
    a == 0 ? 0 : a * Foundation.log1p(y)
}

let logTwoPi = Foundation.log(2 * Double.pi)
