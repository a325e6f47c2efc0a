import Foundation
import GSL

/// The bootstrap confidence intervals, as R's `boot.ci` defines them (Davison & Hinkley 1997,
/// ch. 5).
public enum BootstrapMethod: String, CaseIterable, Sendable {
    /// (θ*₍α/2₎, θ*₍1−α/2₎).
    case percentile
    /// (2θ̂ − θ*₍1−α/2₎, 2θ̂ − θ*₍α/2₎).
    case basic
    /// Bias-corrected and accelerated: percentile points Φ(z₀ + (z₀ + z_α)/(1 − a(z₀ + z_α)))
    /// with z₀ = Φ⁻¹(#{θ* < θ̂}/B) and a from the empirical influence values.
    case bca
    /// (θ̂ − √v̂ z*₍1−α/2₎, θ̂ − √v̂ z*₍α/2₎) with z* = (θ* − θ̂)/√v*.
    case studentized
}

/// One parameter's bootstrap summary.
public struct BootstrapSummary: Sendable, Equatable {
    /// θ̂ on the data.
    public let estimate: Double
    /// The sd of the replicates (divisor B − 1).
    public let standardError: Double
    /// mean(θ*) − θ̂.
    public let bias: Double
    /// The interval's lower end.
    public let lower: Double
    /// The interval's upper end.
    public let upper: Double

    /// lower…upper, or nil when an end is not finite (replicates that overflow) or the ends are
    /// out of order (the basic interval of a skewed statistic can cross; there is no interval).
    public var interval: ClosedRange<Double>? {
        lower.isFinite && upper.isFinite && lower <= upper ? lower...upper : nil
    }
}

/// Interval arithmetic shared by the methods.
public enum BootstrapIntervals {
    /// R's `norm.inter`: the α quantile of the replicates as the order statistic of rank
    /// (B + 1)α, interpolated on the normal-quantile scale between neighbouring ranks; the extreme
    /// order statistics outside [1, B]; NaN for no replicates or a non-finite α.
    public static func quantile(sorted t: [Double], _ alpha: Double) -> Double {
        let count = t.count
        guard count > 0, alpha.isFinite else { return .nan }
        let rank = Double(count + 1) * alpha
        let k = Int(rank.rounded(.towardZero))
        if k <= 0 { return t[0] }
        if k >= count { return t[count - 1] }
        if Double(k) == rank { return t[k - 1] }
        let z = standardNormalQuantile(alpha)
        let zk = standardNormalQuantile(Double(k) / Double(count + 1))
        let zk1 = standardNormalQuantile(Double(k + 1) / Double(count + 1))
        return t[k - 1] + (z - zk) / (zk1 - zk) * (t[k] - t[k - 1])
    }

    static func standardNormalQuantile(_ p: Double) -> Double {
        (try? Normal().quantile(p)) ?? (p < 0.5 ? -.infinity : .infinity)
    }

    static func standardNormalCDF(_ x: Double) -> Double {
        (try? Normal())?.cdf(x) ?? .nan
    }

    /// The acceleration a = Σ U³ / (6 (Σ U²)^{3/2}) of influence values U (0 when they are all 0).
    public static func acceleration(influence u: [Double]) -> Double {
        let squares = u.reduce(0) { $0 + $1 * $1 }
        guard squares > 0 else { return 0 }
        return u.reduce(0) { $0 + $1 * $1 * $1 } / (6 * pow(squares, 1.5))
    }

    /// The summary of one parameter at `level`.
    ///
    /// - Parameters:
    ///   - estimate: θ̂, the statistic on the data.
    ///   - replicates: θ*, the successful replicates.
    ///   - method: the interval to compute.
    ///   - level: the confidence level, strictly between 0 and 1.
    ///   - acceleration: a, for BCa (nil counts as 0).
    ///   - studentized: (v̂, v*) — the variance estimate on the data and on each replicate.
    /// - Throws: a usage error for a level outside (0, 1), or for a studentized interval without
    ///   v̂ > 0; a numerical error when there are no replicates, when BCa's bias correction is
    ///   infinite, or when no replicate's variance estimate is positive.
    public static func summarize(
        estimate: Double, replicates: [Double], method: BootstrapMethod, level: Double, acceleration: Double?,
        studentized: (estimateVariance: Double, replicateVariances: [Double])?
    ) throws(InferenceError) -> BootstrapSummary {
        try summarize(
            estimate: estimate, distribution: try ReplicateDistribution(replicates), method: method, level: level,
            acceleration: acceleration, studentized: studentized)
    }

    /// ``summarize(estimate:replicates:method:level:acceleration:studentized:)`` from replicates
    /// sorted once, for several methods of one bootstrap.
    public static func summarize(
        estimate: Double, distribution: ReplicateDistribution, method: BootstrapMethod, level: Double, acceleration: Double?,
        studentized: (estimateVariance: Double, replicateVariances: [Double])?
    ) throws(InferenceError) -> BootstrapSummary {
        try ConfidenceLevel.validate(level)
        let sorted = distribution.sorted
        if sorted[0] == sorted[sorted.count - 1] {
            // every replicate is the same: the sampling distribution is a point
            return BootstrapSummary(estimate: estimate, standardError: 0, bias: sorted[0] - estimate, lower: sorted[0], upper: sorted[0])
        }
        let b = Double(sorted.count)
        let alphas = [(1 - level) / 2, (1 + level) / 2]
        let interval: (Double, Double)
        do {
            switch method {
            case .percentile:
                interval = (quantile(sorted: sorted, alphas[0]), quantile(sorted: sorted, alphas[1]))
            case .basic:
                interval = (2 * estimate - quantile(sorted: sorted, alphas[1]), 2 * estimate - quantile(sorted: sorted, alphas[0]))
            case .bca:
                let below = Double(distribution.countBelow(estimate))
                guard below > 0, below < b else {
                    throw .numerical(
                        "the BCa bias correction is infinite (every replicate lies on one side of the estimate)", remedy: Remedy.percentile)
                }
                let z0 = standardNormalQuantile(below / b)
                let a = acceleration ?? 0
                guard a.isFinite else {
                    throw .numerical(
                        "the BCa acceleration is not finite: the jackknife's influence values overflow double-precision arithmetic; rescale the data or use \(setting("method")) percentile")
                }
                let adjusted = alphas.map { alpha -> Double in
                    let z = standardNormalQuantile(alpha)
                    return standardNormalCDF(z0 + (z0 + z) / (1 - a * (z0 + z)))
                }
                interval = (quantile(sorted: sorted, adjusted[0]), quantile(sorted: sorted, adjusted[1]))
            case .studentized:
                guard let studentized, studentized.estimateVariance > 0 else {
                    throw .usage("the studentized interval needs a variance estimate of the statistic")
                }
                let z = zip(distribution.replicates, studentized.replicateVariances).compactMap { value, variance -> Double? in
                    variance > 0 ? (value - estimate) / variance.squareRoot() : nil
                }.sorted()
                guard !z.isEmpty else { throw .numerical("every replicate's variance estimate is 0: no studentized interval") }
                let scale = studentized.estimateVariance.squareRoot()
                interval = (estimate - scale * quantile(sorted: z, alphas[1]), estimate - scale * quantile(sorted: z, alphas[0]))
            }
        }
        return BootstrapSummary(
            estimate: estimate, standardError: distribution.standardError, bias: distribution.mean - estimate, lower: interval.0, upper: interval.1)
    }
}

/// One parameter's successful bootstrap replicates, in replicate order and sorted (once, for
/// every interval of that bootstrap), with their mean and standard deviation.
public struct ReplicateDistribution: Sendable {
    /// θ*, in replicate order.
    public let replicates: [Double]
    /// θ*, ascending.
    public let sorted: [Double]
    /// Their mean.
    public let mean: Double
    /// Their sd (divisor B − 1; 0 for one replicate).
    public let standardError: Double

    /// The distribution of `replicates`; a numerical error when there are none.
    public init(_ replicates: [Double]) throws(InferenceError) {
        guard !replicates.isEmpty else { throw .numerical("no bootstrap replicate succeeded") }
        let b = Double(replicates.count)
        let mean = replicates.reduce(0, +) / b
        self.replicates = replicates
        self.sorted = replicates.sorted()
        self.mean = mean
        self.standardError = replicates.count > 1 ? (replicates.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (b - 1)).squareRoot() : 0
    }

    /// #{θ* < value}, by bisection of the sorted replicates.
    public func countBelow(_ value: Double) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
