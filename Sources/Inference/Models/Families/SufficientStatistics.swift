import Foundation

/// The sums a family's MLE is a function of: per row a short vector t(xᵢ) of at most 8 values,
/// and the MLE from the sums of t over a resample's rows and their number.
/// The bootstrap's fast path for such a family (``Estimator/sufficientStatistics(of:)``): a
/// resample's MLE from the sums of its rows, added as they are drawn, with no copy of its rows, no
/// validation (a resample of valid rows is valid) and no fit; and the jackknife's leave-one-out
/// estimates by subtracting a row from the sums of all.
public struct SufficientStatistics: Sendable {
    /// The closure that turns sums into estimates: it reads the sums of t over some rows and their
    /// number, writes the p estimates and returns false when the MLE does not exist there.
    public typealias Estimate = @Sendable (
        _ sums: UnsafeBufferPointer<Double>, _ count: Int, _ estimates: UnsafeMutableBufferPointer<Double>
    ) -> Bool

    /// The length d of t(x).
    public let dimension: Int
    /// The number p of parameters estimated.
    public let parameterCount: Int
    /// t(xᵢ) of every row, row-major (n × d).
    public let rows: [Double]
    /// θ̂ from the sums of t over some rows and their number.
    public let estimate: Estimate

    /// The statistics `statistic` (d values) of each value of `sample`, and `estimate` (p values)
    /// from their sums.
    public init(_ sample: Sample, dimension: Int, parameterCount: Int, statistic: (Double) -> [Double], estimate: @escaping Estimate) {
        self.dimension = dimension
        self.parameterCount = parameterCount
        var rows: [Double] = []
        rows.reserveCapacity(sample.count * dimension)
        for x in sample.values { rows += statistic(x) }
        self.rows = rows
        self.estimate = estimate
    }

    /// t(x) = x, the values of `sample` themselves, and `estimate` of one parameter from their sum.
    public init(values sample: Sample, estimate: @escaping Estimate) {
        self.dimension = 1
        self.parameterCount = 1
        self.rows = sample.values
        self.estimate = estimate
    }

    /// The number of rows.
    public var rowCount: Int { rows.count / dimension }

    /// The estimates from the sums of some `count` rows; nil when the MLE does not exist there or
    /// is not finite.
    public func estimates(sums: [Double], count: Int) -> [Double]? {
        var values = [Double](repeating: 0, count: parameterCount)
        let exists = sums.withUnsafeBufferPointer { s in values.withUnsafeMutableBufferPointer { estimate(s, count, $0) } }
        return exists && values.allSatisfy(\.isFinite) ? values : nil
    }

    /// The estimates without each row in turn (the jackknife), from the sums of all rows less that
    /// row's statistics: O(n d) in all; nil when an estimate does not exist.
    public func leaveOneOutEstimates() -> [[Double]]? {
        let n = rowCount
        var totals = [Double](repeating: 0, count: dimension)
        for i in 0..<n {
            for j in 0..<dimension { totals[j] += rows[i * dimension + j] }
        }
        var result: [[Double]] = []
        result.reserveCapacity(n)
        var sums = totals
        for i in 0..<n {
            for j in 0..<dimension { sums[j] = totals[j] - rows[i * dimension + j] }
            guard let values = estimates(sums: sums, count: n - 1) else { return nil }
            result.append(values)
        }
        return result
    }
}

extension ExponentialModel {
    /// t = x: λ̂ = n/Σx; none when Σx = 0.
    public func sufficientStatistics(of data: Sample) -> SufficientStatistics? {
        SufficientStatistics(values: data) { sums, n, estimates in
            guard sums[0] > 0 else { return false }
            estimates[0] = Double(n) / sums[0]
            return estimates[0].isFinite
        }
    }
}

extension PoissonModel {
    /// t = x: λ̂ = Σx/n.
    public func sufficientStatistics(of data: Sample) -> SufficientStatistics? {
        SufficientStatistics(values: data) { sums, n, estimates in
            estimates[0] = sums[0] / Double(n)
            return true
        }
    }
}

extension BernoulliModel {
    /// t = x: p̂ = Σx/n.
    public func sufficientStatistics(of data: Sample) -> SufficientStatistics? {
        SufficientStatistics(values: data) { sums, n, estimates in
            estimates[0] = sums[0] / Double(n)
            return true
        }
    }
}

extension GaussianModel {
    /// t = (x − c, (x − c)²) about the data's mean c (so the sums do not cancel): μ̂ = c + s₁/n,
    /// σ̂² = s₂/n − (s₁/n)²; none when σ̂ = 0.
    public func sufficientStatistics(of data: Sample) -> SufficientStatistics? {
        let centre = data.mean
        return SufficientStatistics(data, dimension: 2, parameterCount: 2, statistic: { [$0 - centre, ($0 - centre) * ($0 - centre)] }) {
            sums, count, estimates in
            let n = Double(count)
            let shift = sums[0] / n
            let variance = sums[1] / n - shift * shift
            guard variance > 0, variance.isFinite else { return false }
            estimates[0] = centre + shift
            estimates[1] = variance.squareRoot()
            return true
        }
    }
}
