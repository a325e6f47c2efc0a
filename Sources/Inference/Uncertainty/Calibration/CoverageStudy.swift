import Dispatch
import Foundation
import GSL

/// An interval method a coverage study checks.
public enum IntervalMethod: String, CaseIterable, Sendable {
    /// θ̂ ± z·SE at the MLE, formed on the parameter's unconstrained scale (``PointEstimate/intervals(level:)``).
    case wald
    /// The percentile interval of the nonparametric bootstrap of the MLE.
    case percentile
    /// The BCa interval of the same bootstrap (acceleration from the jackknife).
    case bca
    /// The mode ± z·sd of the Laplace approximation of the posterior.
    case laplace
    /// The equal-tailed credible interval: exact for a conjugate pair, else from posterior draws.
    case credible

    /// Whether the method reads the posterior, so needs a prior.
    public var needsPrior: Bool { self == .laplace || self == .credible }
    /// Whether the method needs the bootstrap.
    public var isBootstrap: Bool { self == .percentile || self == .bca }
}

/// A frequentist coverage study: R data sets of each size simulated from a model at a truth (or
/// at truths drawn from the prior), each interval method computed on each, and how often each
/// interval holds the truth.
///
/// Replication r draws its truth (when drawn) and the data set of the largest size from stream r
/// of the seed; a smaller size uses the first rows of the same data set, so the sizes share their
/// randomness and the curve of coverage against n is smooth. Replication r's bootstrap and
/// sampler take seeds derived from stream r. Nothing depends on the threads, and any range of
/// replications is the same alone as in a full run, so shards merge to one run's results.
public struct CoverageStudy: Sendable {
    /// The sizes of the data sets, ascending.
    public let sizes: [Int]
    /// The interval methods, in the order given.
    public let methods: [IntervalMethod]
    /// The intervals' level.
    public let level: Double
    /// B, the bootstrap's resamples.
    public let resamples: Int
    /// The true parameters, in the model's order; nil: each replication draws its own from the prior.
    public let truth: [Double]?
    /// The study's seed.
    public let seed: UInt64
    /// The sampler of credible intervals without an exact posterior (one chain; its seed is
    /// replaced by each replication's).
    public let sampler: SamplerSettings

    /// A study; a usage error for no sizes or a size below 1, no methods, an invalid level, or
    /// too few resamples for the level when a bootstrap method is asked for.
    public init(
        sizes: [Int], methods: [IntervalMethod], level: Double = 0.95, resamples: Int = 999, truth: [Double]?, seed: UInt64,
        sampler: SamplerSettings
    ) throws(InferenceError) {
        guard !sizes.isEmpty, sizes.allSatisfy({ $0 >= 1 }) else { throw .usage("\(setting("sizes")) must be whole numbers ≥ 1, got \(sizes)") }
        guard !methods.isEmpty else { throw .usage("a coverage study needs at least one interval method") }
        try ConfidenceLevel.validate(level)
        if methods.contains(where: \.isBootstrap) { try BootstrapPlan.requireResamples(resamples, level: level) }
        self.sizes = Array(Set(sizes)).sorted()
        self.methods = methods
        self.level = level
        self.resamples = resamples
        self.truth = truth
        self.seed = seed
        self.sampler = sampler
    }

    /// The intervals of replications `replications` (numbered from 1), in their order.
    ///
    /// - Throws: a usage error when a method needs a prior the subject lacks, when the truth is
    ///   neither given nor drawable from the prior, or names a wrong number of parameters, or
    ///   when a size exceeds the rows the subject can simulate; a usage error a method raises on
    ///   a simulated data set (an approximation the model does not have). Numerical failures on
    ///   one data set are that method's failures there, not errors.
    public func run<S: CalibrationSubject>(
        _ subject: S, replications: ClosedRange<Int>, threads: Int = 1, progress: (@Sendable (Int) -> Void)? = nil
    ) throws(InferenceError) -> [CoverageReplication] {
        try check(subject, replications: replications)
        let indices = Array(replications)
        let slots = ParallelSlots<Result<CoverageReplication, InferenceError>>(count: indices.count)
        let workers = max(1, min(threads, indices.count))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for position in stride(from: worker, to: indices.count, by: workers) {
                slots.store(Result { () throws(InferenceError) in try replicate(indices[position], subject) }, at: position)
                progress?(1)
            }
        }
        var result: [CoverageReplication] = []
        for outcome in slots.filled {
            switch outcome {
            case .success(let replication): result.append(replication)
            case .failure(let error): throw error
            }
        }
        return result
    }

    /// The checks of options against the subject, before any work.
    private func check(_ subject: some CalibrationSubject, replications: ClosedRange<Int>) throws(InferenceError) {
        guard replications.lowerBound >= 1 else { throw .usage("replications are numbered from 1, got \(replications.lowerBound)") }
        let p = subject.parameterNames.count
        if let truth {
            guard truth.count == p else { throw .usage("the truth has \(truth.count) values for the \(p) parameters \(subject.parameterNames)") }
        } else {
            let probe: RandomGenerator
            do { probe = try RandomGenerator(seed: seed, stream: 0) } catch { throw InferenceError(error) }
            guard subject.hasPrior, subject.drawTruth(using: probe) != nil else {
                throw .usage(
                    "give the true parameters (\(setting("truth")) \(subject.parameterNames.map { "\($0)=…" }.joined(separator: ","))); only a proper prior on every parameter lets each replication draw its own")
            }
        }
        if let method = methods.first(where: \.needsPrior), !subject.hasPrior {
            throw .usage("the \(method.rawValue) interval reads the posterior: give a \(setting("prior")), or leave \(method.rawValue) out of \(setting("methods"))")
        }
        if let limit = subject.maximumRows, let size = sizes.last, size > limit {
            throw .usage("size \(size) exceeds the \(limit) rows whose design the targets are simulated at; use \(setting("sizes")) up to \(limit)")
        }
    }

    /// Replication r: its truth, its data set at each size, and every method's intervals on it.
    func replicate<S: CalibrationSubject>(_ r: Int, _ subject: S) throws(InferenceError) -> CoverageReplication {
        let failed = CoverageReplication(replication: r, truth: nil, intervals: sizes.map { _ in methods.map { _ in nil } })
        guard let generator = try? RandomGenerator(seed: seed, stream: UInt64(r)),
            let truth = truth ?? subject.drawTruth(using: generator),
            let largest = subject.simulate(truth, rows: sizes[sizes.count - 1], using: generator)
        else { return failed }
        let key = RandomGenerator.streamKey(seed: seed, stream: UInt64(r))
        var intervals: [[[ClosedRange<Double>?]?]] = []
        for (i, size) in sizes.enumerated() {
            let data = size == largest.rowCount ? largest : largest.rows(Array(0..<size))
            let seeds = (bootstrap: RandomGenerator.streamKey(seed: key, stream: UInt64(2 * i)), sampler: RandomGenerator.streamKey(seed: key, stream: UInt64(2 * i + 1)))
            intervals.append(try methodIntervals(subject, data, seeds: seeds))
        }
        return CoverageReplication(replication: r, truth: truth, intervals: intervals)
    }

    /// Each method's intervals on one data set (nil for a method that gave none).
    private func methodIntervals<S: CalibrationSubject>(
        _ subject: S, _ data: S.Data, seeds: (bootstrap: UInt64, sampler: UInt64)
    ) throws(InferenceError) -> [[ClosedRange<Double>?]?] {
        // one bootstrap for percentile and BCa, computed and summarised when the first of them asks
        var bootstrapped: [BootstrapMethod: [ClosedRange<Double>?]]?
        var result: [[ClosedRange<Double>?]?] = []
        for method in methods {
            let intervals: [ClosedRange<Double>?]?
            do {
                switch method {
                case .wald:
                    intervals = try subject.maximumLikelihood.fit(data).intervals(level: level)
                case .percentile, .bca:
                    if bootstrapped == nil { bootstrapped = try bootstrapIntervals(subject, data, seed: seeds.bootstrap) }
                    intervals = bootstrapped?[method == .bca ? .bca : .percentile]
                case .laplace:
                    intervals = try subject.laplace(data).intervals(level: level)
                case .credible:
                    intervals = try credible(subject, data, seed: seeds.sampler)
                }
            } catch where error.kind == .usage {
                throw error
            } catch {
                intervals = nil
            }
            result.append(intervals.flatMap { $0.allSatisfy { $0 == nil } ? nil : $0 })
        }
        return result
    }

    /// The percentile and BCa intervals (those of `methods`) of one bootstrap of the MLE on `data`,
    /// an empty table when it failed (more than 5% of its resamples failed, say): a method missing
    /// from it gave no interval. A usage error stops the study.
    private func bootstrapIntervals<S: CalibrationSubject>(
        _ subject: S, _ data: S.Data, seed: UInt64
    ) throws(InferenceError) -> [BootstrapMethod: [ClosedRange<Double>?]] {
        let wanted = [IntervalMethod.percentile, .bca].filter(methods.contains).map { $0 == .bca ? BootstrapMethod.bca : .percentile }
        let result: BootstrapResult
        do {
            let plan = try BootstrapPlan(resamples: resamples, seed: seed, threads: 1)
            result = try Bootstrap.estimator(subject.maximumLikelihood, data: data, plan: plan)
            _ = try result.checkFailures()
        } catch where error.kind == .usage {
            throw error
        } catch {
            return [:]
        }
        var table: [BootstrapMethod: [ClosedRange<Double>?]] = [:]
        var accelerations: [Double]?
        do {
            if wanted.contains(.bca) { accelerations = try Bootstrap.accelerations(subject.maximumLikelihood, data: data, seed: seed) }
            // the replicates sorted once for both methods
            for (method, summaries) in zip(wanted, try result.summaries(methods: wanted, level: level, accelerations: accelerations)) {
                table[method] = summaries.map(\.interval)
            }
            return table
        } catch where error.kind == .usage {
            throw error
        } catch {
            // one method failed (BCa's bias correction can be infinite where percentile is fine): each on its own
        }
        for method in wanted {
            do {
                guard method != .bca || accelerations != nil else { continue }
                table[method] = try result.summaries(methods: [method], level: level, accelerations: accelerations)[0].map(\.interval)
            } catch where error.kind == .usage {
                throw error
            } catch {
                continue
            }
        }
        return table
    }

    /// The equal-tailed credible intervals: the exact posterior's for a one-parameter conjugate
    /// pair, else the quantiles of one chain of posterior draws.
    private func credible<S: CalibrationSubject>(_ subject: S, _ data: S.Data, seed: UInt64) throws(InferenceError) -> [ClosedRange<Double>?] {
        let mode = try subject.posteriorMode(data)
        if let exact = mode.exactPosterior, subject.parameterNames.count == 1 { return [try exact.credibleInterval(level: level)] }
        let settings = try SamplerSettings(
            chains: 1, warmup: sampler.warmup, draws: sampler.draws, thin: sampler.thin, proposal: sampler.proposal, seed: seed, metric: sampler.metric)
        let draws = try subject.posteriorDraws(data, settings: settings)
        guard !draws.isEmpty else { throw .numerical("no posterior draws") }
        return subject.parameterNames.indices.map { k in
            let sorted = draws.map { $0[k] }.sorted()
            return BootstrapIntervals.quantile(sorted: sorted, (1 - level) / 2)...BootstrapIntervals.quantile(sorted: sorted, (1 + level) / 2)
        }
    }
}

/// One replication of a coverage study: its truth and, at each size and for each method, the
/// intervals of the parameters (nil for a method that gave none on that data set).
public struct CoverageReplication: Sendable, Equatable {
    /// Its number, from 1.
    public let replication: Int
    /// The truth the data were drawn at; nil when none could be drawn (every method failed).
    public let truth: [Double]?
    /// `intervals[size][method]`: one interval a parameter (nil where that parameter has none),
    /// or nil when the method failed on that data set.
    public let intervals: [[[ClosedRange<Double>?]?]]

    /// A replication's outcome.
    public init(replication: Int, truth: [Double]?, intervals: [[[ClosedRange<Double>?]?]]) {
        self.replication = replication
        self.truth = truth
        self.intervals = intervals
    }
}
