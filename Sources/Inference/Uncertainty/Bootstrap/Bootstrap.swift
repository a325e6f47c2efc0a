import Foundation
import GSL

/// The replicates of one bootstrap run (or shard) with the estimates on the data.
public struct BootstrapResult: Sendable {
    /// The parameters' names.
    public let parameterNames: [String]
    /// θ̂ on the data.
    public let estimates: [Double]
    /// v̂, the variance estimates on the data (for studentized intervals).
    public let estimateVariances: [Double]?
    /// The replicates, in index order.
    public let replicates: [BootstrapReplicate]

    /// A result; replicates are sorted by index.
    public init(parameterNames: [String], estimates: [Double], estimateVariances: [Double]?, replicates: [BootstrapReplicate]) {
        self.parameterNames = parameterNames
        self.estimates = estimates
        self.estimateVariances = estimateVariances
        self.replicates = replicates.sorted { $0.index < $1.index }
    }

    /// Replicates whose statistic or refit failed.
    public var failureCount: Int { replicates.filter { $0.values == nil }.count }

    /// Fails when more than `maximumFailureShare` of the replicates failed; the one-line warning
    /// to show otherwise, when some did.
    public func checkFailures(maximumFailureShare: Double = 0.05) throws(InferenceError) -> String? {
        let failed = failureCount
        guard failed > 0 else { return nil }
        let share = Double(failed) / Double(replicates.count)
        if share > maximumFailureShare {
            throw .numerical(
                "\(failed) of \(replicates.count) resamples could not be evaluated (the estimate does not exist on them); "
                    + "the bootstrap is unreliable: add a prior or use more data")
        }
        return "\(failed) of \(replicates.count) resamples could not be evaluated and were left out"
    }

    /// One summary per parameter with `method` at `level`; `accelerations` for BCa.
    ///
    /// - Throws: a numerical error when the estimate, the standard error or an end of the
    ///   interval is not finite (values that overflow double-precision arithmetic), and the
    ///   errors of ``BootstrapIntervals/summarize(estimate:replicates:method:level:acceleration:studentized:)``.
    public func summaries(method: BootstrapMethod, level: Double, accelerations: [Double]?) throws(InferenceError) -> [BootstrapSummary] {
        var result: [BootstrapSummary] = []
        for j in parameterNames.indices {
            guard estimates[j].isFinite else {
                throw .overflow("the estimate of \(parameterNames[j]) is not finite (\(estimates[j]))")
            }
            let kept = replicates.filter { $0.values != nil }
            let values = kept.compactMap { $0.values?[j] }
            var studentized: (Double, [Double])?
            if method == .studentized {
                guard let estimateVariances, kept.allSatisfy({ $0.variances != nil }) else {
                    throw .usage("the studentized interval needs a standard error of the statistic on each resample")
                }
                studentized = (estimateVariances[j], kept.compactMap { $0.variances?[j] })
            }
            let summary = try BootstrapIntervals.summarize(
                estimate: estimates[j], replicates: values, method: method, level: level,
                acceleration: accelerations?[j], studentized: studentized)
            guard summary.standardError.isFinite, summary.interval != nil else {
                throw .overflow("the bootstrap of \(parameterNames[j]) is not finite (its replicates reach \(values.map(abs).max() ?? .nan))")
            }
            result.append(summary)
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

    /// The BCa accelerations of an estimator's parameters, from the (grouped) jackknife of refits.
    public static func accelerations<E: Estimator>(_ estimator: E, data: E.Model.Data, seed: UInt64) throws(InferenceError) -> [Double]
    where E.Model.Data: Resamplable {
        let full = try estimator.fit(data).estimates
        let refit = resampledRefit(estimator, data)
        guard let influence = JackknifeInfluence.values(rowCount: data.rowCount, seed: seed, statistic: { indices in
            refit(indices, full, false)?.estimates
        }) else {
            throw .numerical("the jackknife failed: the estimate does not exist on a leave-out sample", remedy: Remedy.percentile)
        }
        return influence.map(BootstrapIntervals.acceleration)
    }
}
