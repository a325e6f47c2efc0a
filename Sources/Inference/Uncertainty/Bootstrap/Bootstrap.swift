import Foundation
import GSL

/// The replicates of one bootstrap run (or shard) with the estimates on the data.
///
/// The replicates' values are kept in one flat table (replicate by replicate, a value a
/// parameter) rather than an array per replicate: a coverage study makes millions of them.
public struct BootstrapResult: Sendable {
    /// The parameters' names.
    public let parameterNames: [String]
    /// θ̂ on the data.
    public let estimates: [Double]
    /// v̂, the variance estimates on the data (for studentized intervals).
    public let estimateVariances: [Double]?
    /// The replicates' indices k, ascending.
    public let indices: [Int]
    /// Replicate r's value of parameter j at `r · p + j` (0 where it failed).
    private let table: [Double]
    /// Whether replicate r failed.
    private let failed: [Bool]
    /// Replicate r's variance estimates, when any replicate has them.
    private let variances: [[Double]?]?

    /// A result; replicates are sorted by index. A replicate whose values are not one a
    /// parameter counts as failed.
    public init(parameterNames: [String], estimates: [Double], estimateVariances: [Double]?, replicates: [BootstrapReplicate]) {
        let inOrder = zip(replicates, replicates.dropFirst()).allSatisfy { $0.index < $1.index }
        let ordered = inOrder ? replicates : replicates.sorted { $0.index < $1.index }
        let p = parameterNames.count
        var table = [Double](repeating: 0, count: ordered.count * p)
        var failed = [Bool](repeating: true, count: ordered.count)
        for (r, replicate) in ordered.enumerated() {
            guard let values = replicate.values, values.count == p else { continue }
            failed[r] = false
            for j in 0..<p { table[r * p + j] = values[j] }
        }
        self.init(
            parameterNames: parameterNames, estimates: estimates, estimateVariances: estimateVariances,
            indices: ordered.map(\.index), table: table, failed: failed,
            variances: ordered.contains { $0.variances != nil } ? ordered.map(\.variances) : nil)
    }

    /// A result from its flat table of values (`indices.count × p`, replicate by replicate).
    init(
        parameterNames: [String], estimates: [Double], estimateVariances: [Double]?, indices: [Int], table: [Double], failed: [Bool],
        variances: [[Double]?]? = nil
    ) {
        self.parameterNames = parameterNames
        self.estimates = estimates
        self.estimateVariances = estimateVariances
        self.indices = indices
        self.table = table
        self.failed = failed
        self.variances = variances
    }

    /// The replicates, in index order.
    public var replicates: [BootstrapReplicate] {
        let p = parameterNames.count
        return indices.indices.map { r in
            BootstrapReplicate(
                index: indices[r], values: failed[r] ? nil : Array(table[r * p..<(r + 1) * p]), variances: variances?[r])
        }
    }

    /// The successful replicates' values of parameter `j`, in index order.
    public func values(ofParameter j: Int) -> [Double] {
        let p = parameterNames.count
        var values: [Double] = []
        values.reserveCapacity(indices.count)
        for r in indices.indices where !failed[r] { values.append(table[r * p + j]) }
        return values
    }

    /// Replicates whose statistic or refit failed.
    public var failureCount: Int { failed.reduce(0) { $0 + ($1 ? 1 : 0) } }

    /// Fails when more than `maximumFailureShare` of the replicates failed; the one-line warning
    /// to show otherwise, when some did.
    public func checkFailures(maximumFailureShare: Double = 0.05) throws(InferenceError) -> String? {
        let failed = failureCount
        guard failed > 0 else { return nil }
        let share = Double(failed) / Double(indices.count)
        if share > maximumFailureShare {
            throw .numerical(
                "\(failed) of \(indices.count) resamples could not be evaluated (the estimate does not exist on them); "
                    + "the bootstrap is unreliable: add a prior or use more data")
        }
        return "\(failed) of \(indices.count) resamples could not be evaluated and were left out"
    }

    /// One summary per parameter with `method` at `level`; `accelerations` for BCa.
    ///
    /// - Throws: a numerical error when the estimate, the standard error or an end of the
    ///   interval is not finite (values that overflow double-precision arithmetic), and the
    ///   errors of ``BootstrapIntervals/summarize(estimate:replicates:method:level:acceleration:studentized:)``.
    public func summaries(method: BootstrapMethod, level: Double, accelerations: [Double]?) throws(InferenceError) -> [BootstrapSummary] {
        try summaries(methods: [method], level: level, accelerations: accelerations)[0]
    }

    /// ``summaries(method:level:accelerations:)`` of each of `methods`, the replicates of each
    /// parameter sorted once for all of them: `result[m][j]` is method m's summary of parameter j.
    public func summaries(methods: [BootstrapMethod], level: Double, accelerations: [Double]?) throws(InferenceError) -> [[BootstrapSummary]] {
        var result = [[BootstrapSummary]](repeating: [], count: methods.count)
        for j in parameterNames.indices {
            guard estimates[j].isFinite else {
                throw .overflow("the estimate of \(parameterNames[j]) is not finite (\(estimates[j]))")
            }
            let values = values(ofParameter: j)
            let distribution = try ReplicateDistribution(values)
            for (m, method) in methods.enumerated() {
                var studentized: (Double, [Double])?
                if method == .studentized {
                    let kept = indices.indices.filter { !failed[$0] }
                    guard let estimateVariances, let variances, kept.allSatisfy({ variances[$0] != nil }) else {
                        throw .usage("the studentized interval needs a standard error of the statistic on each resample")
                    }
                    studentized = (estimateVariances[j], kept.compactMap { variances[$0]?[j] })
                }
                let summary = try BootstrapIntervals.summarize(
                    estimate: estimates[j], distribution: distribution, method: method, level: level,
                    acceleration: accelerations?[j], studentized: studentized)
                guard summary.standardError.isFinite, summary.interval != nil else {
                    throw .overflow("the bootstrap of \(parameterNames[j]) is not finite (its replicates reach \(values.map(abs).max() ?? .nan))")
                }
                result[m].append(summary)
            }
        }
        return result
    }
}

/// Nonparametric bootstrap of a column statistic or of any estimator's parameters.
public enum Bootstrap {
    /// Resamples the rows of `columns` and evaluates `statistic` on each resample.
    /// With `plan` nil only the estimates are computed (as `--merge` needs).
    public static func statistic(
        _ statistic: ColumnStatistic, columns: [[Double]], plan: BootstrapPlan?, studentized: Bool = false,
        progress: (@Sendable (Int) -> Void)? = nil
    ) throws(InferenceError) -> BootstrapResult {
        guard columns.count == statistic.columnCount else {
            throw .usage("the \(statistic.name) statistic takes \(statistic.columnCount) column\(statistic.columnCount == 1 ? "" : "s")")
        }
        let (estimate, estimateVariance) = try statisticOnData(statistic, columns, studentized: studentized)
        guard let plan else {
            return BootstrapResult(
                parameterNames: [statistic.name], estimates: [estimate], estimateVariances: estimateVariance.map { [$0] }, replicates: [])
        }
        if statistic == .mean && !studentized {
            // the sum of the drawn values in the order drawn: the numbers of `evaluate`, faster
            let n = Double(columns[0].count)
            let (table, failed) = try BootstrapEngine.sums(
                statistics: columns[0], dimension: 1, rowCount: columns[0].count, parameterCount: 1, plan: plan, progress: progress
            ) { sums, values in
                values[0] = sums[0] / n
                return true
            }
            return BootstrapResult(
                parameterNames: [statistic.name], estimates: [estimate], estimateVariances: nil, indices: Array(plan.replicateRange),
                table: table, failed: failed)
        }
        let replicates = try BootstrapEngine.run(rowCount: columns[0].count, plan: plan, progress: progress) { indices, scratch in
            statisticOutcome(statistic, columns, indices, studentized: studentized, scratch: &scratch)
        }
        return BootstrapResult(
            parameterNames: [statistic.name], estimates: [estimate], estimateVariances: estimateVariance.map { [$0] },
            replicates: replicates)
    }

    /// `statistic` on every row of `columns` and, for the studentized interval, its variance
    /// estimate; errors for too few rows, an undefined value or a missing standard error.
    static func statisticOnData(
        _ statistic: ColumnStatistic, _ columns: [[Double]], studentized: Bool
    ) throws(InferenceError) -> (estimate: Double, variance: Double?) {
        let n = columns.first?.count ?? 0
        guard n >= statistic.minimumRows else {
            throw .data("the \(statistic.name) statistic needs at least \(statistic.minimumRows) rows, got \(n)")
        }
        var scratch: [Double] = []
        let all = Array(0..<n)
        guard let estimate = statistic.evaluate(columns, all, scratch: &scratch) else {
            throw .numerical("the \(statistic.name) is not defined on this data (a constant column?)")
        }
        guard studentized else { return (estimate, nil) }
        guard let variance = statistic.varianceEstimate(columns, all, scratch: &scratch) else {
            throw .usage("the studentized interval needs a standard error, which the \(statistic.name) statistic does not have; use bca")
        }
        return (estimate, variance)
    }

    /// A replicate of `statistic` on rows `indices` of `columns` (with its variance estimate for
    /// the studentized interval); nil where either is undefined.
    static func statisticOutcome(
        _ statistic: ColumnStatistic, _ columns: [[Double]], _ indices: [Int], studentized: Bool, scratch: inout [Double]
    ) -> (values: [Double], variances: [Double]?)? {
        guard let value = statistic.evaluate(columns, indices, scratch: &scratch) else { return nil }
        guard studentized else { return ([value], nil) }
        guard let variance = statistic.varianceEstimate(columns, indices, scratch: &scratch) else { return nil }
        return ([value], [variance])
    }

    /// The BCa accelerations of a column statistic: exact and O(n) for the mean (Uᵢ ∝ xᵢ − x̄),
    /// the (grouped) jackknife otherwise.
    public static func accelerations(_ statistic: ColumnStatistic, columns: [[Double]], seed: UInt64) throws(InferenceError) -> [Double] {
        let n = columns.first?.count ?? 0
        if statistic == .mean {
            let mean = columns[0].reduce(0, +) / Double(n)
            return [BootstrapIntervals.acceleration(influence: columns[0].map { $0 - mean })]
        }
        var scratch: [Double] = []
        guard let influence = JackknifeInfluence.values(rowCount: n, seed: seed, statistic: { indices in
            statistic.evaluate(columns, indices, scratch: &scratch).map { [$0] }
        }) else {
            throw .numerical("the jackknife of the \(statistic.name) failed: a leave-out sample has no value", remedy: Remedy.percentile)
        }
        return influence.map(BootstrapIntervals.acceleration)
    }

    /// Resamples the rows of `data` and refits `estimator` on each resample (its parameters are
    /// the bootstrapped quantities; their standard errors feed the studentized interval).
    /// With `plan` nil only the estimates are computed (as `--merge` needs).
    public static func estimator<E: Estimator>(
        _ estimator: E, data: E.Model.Data, plan: BootstrapPlan?, studentized: Bool = false,
        progress: (@Sendable (Int) -> Void)? = nil
    ) throws(InferenceError) -> BootstrapResult where E.Model.Data: Resamplable {
        let (fit, estimateVariances) = try fitForBootstrap(estimator, data, studentized: studentized)
        guard let plan else {
            return BootstrapResult(
                parameterNames: fit.parameterNames, estimates: fit.estimates, estimateVariances: estimateVariances, replicates: [])
        }
        if !studentized, let statistics = estimator.sufficientStatistics(of: data) {
            let (table, failed) = try BootstrapEngine.sums(
                statistics: statistics.rows, dimension: statistics.dimension, rowCount: data.rowCount,
                parameterCount: fit.estimates.count, plan: plan, progress: progress
            ) { sums, values in statistics.estimate(sums, data.rowCount, values) && values.allSatisfy(\.isFinite) }
            return BootstrapResult(
                parameterNames: fit.parameterNames, estimates: fit.estimates, estimateVariances: nil, indices: Array(plan.replicateRange),
                table: table, failed: failed)
        }
        let refit = resampledRefit(estimator, data)
        let replicates = try BootstrapEngine.run(rowCount: data.rowCount, plan: plan, progress: progress) { indices, _ in
            replicateOutcome(refit(indices, fit.estimates, studentized), studentized: studentized)
        }
        return BootstrapResult(
            parameterNames: fit.parameterNames, estimates: fit.estimates, estimateVariances: estimateVariances,
            replicates: replicates)
    }

    /// The refit of the rows `indices` of `data` (with repetition) from a nearby estimate: through
    /// the estimator's counted path when it has one (no copy of the rows), else on the rows.
    static func resampledRefit<E: Estimator>(
        _ estimator: E, _ data: E.Model.Data
    ) -> @Sendable (_ indices: [Int], _ near: [Double], _ standardErrors: Bool) -> PointEstimate?
    where E.Model.Data: Resamplable {
        if let counted = estimator.countedRefit(on: data) {
            let n = data.rowCount
            return { indices, near, standardErrors in
                var counts = [Int](repeating: 0, count: n)
                for i in indices { counts[i] += 1 }
                return counted(counts, near, standardErrors)
            }
        }
        return { indices, near, standardErrors in try? estimator.refit(data.rows(indices), near: near, standardErrors: standardErrors) }
    }

    /// The fit on the data and, for the studentized interval, its squared standard errors.
    static func fitForBootstrap<E: Estimator>(
        _ estimator: E, _ data: E.Model.Data, studentized: Bool
    ) throws(InferenceError) -> (PointEstimate, [Double]?) {
        let fit = try estimator.fit(data)
        guard studentized else { return (fit, nil) }
        guard fit.standardErrors.allSatisfy({ $0 != nil }) else {
            throw .usage("the studentized interval needs standard errors of every parameter, which this fit does not have; use bca")
        }
        return (fit, fit.standardErrors.map { ($0 ?? 0) * ($0 ?? 0) })
    }

    /// A replicate's values (and variances for the studentized interval); nil when the refit
    /// failed or lacks a standard error.
    static func replicateOutcome(_ refit: PointEstimate?, studentized: Bool) -> (values: [Double], variances: [Double]?)? {
        guard let refit else { return nil }
        guard studentized else { return (refit.estimates, nil) }
        let variances = refit.standardErrors.compactMap { $0.map { $0 * $0 } }
        return variances.count == refit.estimates.count ? (refit.estimates, variances) : nil
    }

    /// The BCa accelerations of an estimator's parameters, from the (grouped) jackknife of refits;
    /// with sufficient statistics, every row left out in turn by a subtraction.
    public static func accelerations<E: Estimator>(_ estimator: E, data: E.Model.Data, seed: UInt64) throws(InferenceError) -> [Double]
    where E.Model.Data: Resamplable {
        let influence: [[Double]]?
        if let statistics = estimator.sufficientStatistics(of: data) {
            influence = statistics.leaveOneOutEstimates().map(JackknifeInfluence.values(leaveOut:))
        } else {
            let full = try estimator.fit(data).estimates
            let refit = resampledRefit(estimator, data)
            influence = JackknifeInfluence.values(rowCount: data.rowCount, seed: seed) { indices in refit(indices, full, false)?.estimates }
        }
        guard let influence else {
            throw .numerical("the jackknife failed: the estimate does not exist on a leave-out sample", remedy: Remedy.percentile)
        }
        return influence.map(BootstrapIntervals.acceleration)
    }
}
