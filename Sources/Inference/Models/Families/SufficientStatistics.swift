import Foundation

/// The sums a family's MLE is a function of: per row a short vector t(xᵢ), and the MLE with its
/// log-likelihood from Σ cᵢ t(xᵢ) and Σ cᵢ for row counts cᵢ. The bootstrap's fast path for such
/// a family (``PosteriorMode/countedRefit(on:)``): a resample's MLE from its counts, with no copy
/// of its rows, no validation (a resample of valid rows is valid) and no fit, and the jackknife's
/// leave-one-out estimates the same way.
public struct SufficientStatistics: Sendable {
    /// The length d of t(x).
    public let dimension: Int
    /// t(xᵢ) of every row, row-major (n × d).
    public let rows: [Double]
    /// (θ̂, log L(θ̂)) from the sums Σ cᵢ t(xᵢ) and the rows counted, Σ cᵢ; nil when the MLE does
    /// not exist there.
    public let estimate: @Sendable (_ sums: [Double], _ count: Int) -> (estimates: [Double], logLikelihood: Double)?

    /// The statistics `statistic` of each value of `sample`, and `estimate` from their sums.
    public init(
        _ sample: Sample, dimension: Int, statistic: (Double) -> [Double],
        estimate: @escaping @Sendable (_ sums: [Double], _ count: Int) -> (estimates: [Double], logLikelihood: Double)?
    ) {
        self.dimension = dimension
        var rows: [Double] = []
        rows.reserveCapacity(sample.count * dimension)
        for x in sample.values { rows += statistic(x) }
        self.rows = rows
        self.estimate = estimate
    }

    /// (θ̂, log L(θ̂)) of the resample that counts row i `counts[i]` times.
    public func estimate(counts: [Int]) -> (estimates: [Double], logLikelihood: Double)? {
        guard counts.count * dimension == rows.count else { return nil }
        var sums = [Double](repeating: 0, count: dimension)
        var total = 0
        counts.withUnsafeBufferPointer { c in
            rows.withUnsafeBufferPointer { t in
                // no branch on a zero count (a third of a resample's rows): four running sums
                for j in 0..<dimension {
                    var partial = (0.0, 0.0, 0.0, 0.0)
                    var i = 0
                    while i + 4 <= c.count {
                        partial.0 += Double(c[i]) * t[i * dimension + j]
                        partial.1 += Double(c[i + 1]) * t[(i + 1) * dimension + j]
                        partial.2 += Double(c[i + 2]) * t[(i + 2) * dimension + j]
                        partial.3 += Double(c[i + 3]) * t[(i + 3) * dimension + j]
                        i += 4
                    }
                    while i < c.count {
                        partial.0 += Double(c[i]) * t[i * dimension + j]
                        i += 1
                    }
                    sums[j] = (partial.0 + partial.1) + (partial.2 + partial.3)
                }
                for count in c { total &+= count }
            }
        }
        return estimate(sums, total)
    }
}

extension ExponentialModel {
    /// t = x: λ̂ = n/Σx, log L = n log λ̂ − λ̂ Σx.
    public func sufficientStatistics(of data: Sample) -> SufficientStatistics? {
        SufficientStatistics(data, dimension: 1, statistic: { [$0] }) { sums, n in
            guard sums[0] > 0 else { return nil }
            let rate = Double(n) / sums[0]
            return ([rate], Double(n) * log(rate) - rate * sums[0])
        }
    }
}

extension PoissonModel {
    /// t = (x, log x!): λ̂ = Σx/n, log L = Σx log λ̂ − nλ̂ − Σ log x!.
    public func sufficientStatistics(of data: Sample) -> SufficientStatistics? {
        SufficientStatistics(data, dimension: 2, statistic: { [$0, lgamma($0 + 1)] }) { sums, n in
            let lambda = sums[0] / Double(n)
            return ([lambda], xLogY(sums[0], lambda) - Double(n) * lambda - sums[1])
        }
    }
}

extension BernoulliModel {
    /// t = x: p̂ = Σx/n, log L = Σx log p̂ + (n − Σx) log(1 − p̂).
    public func sufficientStatistics(of data: Sample) -> SufficientStatistics? {
        SufficientStatistics(data, dimension: 1, statistic: { [$0] }) { sums, n in
            let p = sums[0] / Double(n)
            return ([p], xLogY(sums[0], p) + xLogY(Double(n) - sums[0], 1 - p))
        }
    }
}

extension GaussianModel {
    /// t = (x − c, (x − c)²) about the data's mean c (so the sums do not cancel): μ̂ = c + s₁/n,
    /// σ̂² = s₂/n − (s₁/n)², log L = −n/2 (log 2πσ̂² + 1); none when σ̂ = 0.
    public func sufficientStatistics(of data: Sample) -> SufficientStatistics? {
        let centre = data.mean
        return SufficientStatistics(data, dimension: 2, statistic: { [$0 - centre, ($0 - centre) * ($0 - centre)] }) { sums, count in
            let n = Double(count)
            let shift = sums[0] / n
            let variance = sums[1] / n - shift * shift
            guard variance > 0, variance.isFinite else { return nil }
            return ([centre + shift, variance.squareRoot()], -n / 2 * (log(2 * Double.pi * variance) + 1))
        }
    }
}
