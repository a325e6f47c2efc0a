import Foundation

/// How often one interval method held the truth of one parameter at one size, over a study's
/// replications.
public struct CoverageSummary: Sendable, Equatable {
    /// The data sets' size.
    public let n: Int
    /// The interval method.
    public let method: IntervalMethod
    /// The parameter.
    public let name: String
    /// Replications whose interval held the truth.
    public let covered: Int
    /// Replications that gave an interval.
    public let intervals: Int
    /// Replications where the method gave no interval (no MLE, an estimate on the boundary, a
    /// failed bootstrap): counted, not hidden, and left out of ``coverage``.
    public let failures: Int
    /// The sum of the intervals' widths, in replication order.
    public let widthSum: Double

    /// The share of intervals that held the truth; nil when no replication gave one.
    public var coverage: Double? { intervals > 0 ? Double(covered) / Double(intervals) : nil }
    /// The Monte-Carlo standard error of ``coverage``: √(c(1 − c)/m) over the m intervals.
    public var monteCarloStandardError: Double? { coverage.map { ($0 * (1 - $0) / Double(intervals)).squareRoot() } }
    /// The mean width of the intervals; nil when there is none (or a width is infinite).
    public var meanWidth: Double? {
        guard intervals > 0 else { return nil }
        let mean = widthSum / Double(intervals)
        return mean.isFinite ? mean : nil
    }

    /// The summaries of `replications` (in replication order), one a (size, method, parameter)
    /// in that nesting order.
    public static func summarize(
        _ replications: [CoverageReplication], sizes: [Int], methods: [IntervalMethod], parameterNames: [String]
    ) -> [CoverageSummary] {
        var result: [CoverageSummary] = []
        for (i, n) in sizes.enumerated() {
            for (m, method) in methods.enumerated() {
                for (k, name) in parameterNames.enumerated() {
                    var covered = 0
                    var intervals = 0
                    var widthSum = 0.0
                    for replication in replications {
                        guard let truth = replication.truth, let interval = replication.intervals[i][m]?[k] else { continue }
                        intervals += 1
                        widthSum += interval.upperBound - interval.lowerBound
                        if interval.contains(truth[k]) { covered += 1 }
                    }
                    result.append(
                        CoverageSummary(
                            n: n, method: method, name: name, covered: covered, intervals: intervals,
                            failures: replications.count - intervals, widthSum: widthSum))
                }
            }
        }
        return result
    }
}
