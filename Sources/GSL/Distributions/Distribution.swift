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

    /// The smallest k in `lowerBound`…`upperBound` with F(k) ≥ p (`upperBound` if there is none),
    /// stepping one at a time upward or downward from `guess`.
    func searchQuantile(_ p: Double, from guess: Int, lowerBound: Int, upperBound: Int) -> Int {
        var k = min(max(guess, lowerBound), upperBound)
        if cdf(k) >= p {
            while k > lowerBound && cdf(k - 1) >= p { k -= 1 }
        } else {
            while k < upperBound && cdf(k) < p { k += 1 }
        }
        return k
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
    /// complement keeps its relative precision; the support's ends at p = 0 and p = 1.
    func tailAccurateQuantile(
        _ p: Double, family: String, lower: Double, upper: Double,
        pinv: (Double) -> Double, qinv: (Double) -> Double
    ) throws(GSLError) -> Double {
        try Check.probability(p, of: "\(family) quantile")
        if p == 0 { return lower }
        if p == 1 { return upper }
        return p <= 0.5 ? pinv(p) : qinv(1 - p)
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
