import Dispatch
import Foundation
import GSL

/// Which replicates to compute, with which seed, on how many threads.
///
/// Replicate k (0-based) always resamples with stream k of `seed`, so the replicates do not
/// depend on `threads` or on how the B replicates are split into shards.
public struct BootstrapPlan: Sendable, Equatable {
    /// B, the number of replicates of the whole run.
    public let resamples: Int
    /// The seed of every random choice.
    public let seed: UInt64
    /// Worker threads (at least 1).
    public let threads: Int
    /// Shard K of N (1-based K), or nil for the whole run.
    public let shard: (index: Int, count: Int)?

    /// The memory a replicate takes at least: its record and one value (more a parameter).
    public static let bytesPerReplicate = 72.0

    /// A plan; a usage error unless resamples ≥ 1, threads ≥ 1 and 1 ≤ K ≤ N ≤ B, or when B
    /// replicates of ``bytesPerReplicate`` would not fit ``MemoryBudget``.
    public init(resamples: Int, seed: UInt64, threads: Int = 1, shard: (index: Int, count: Int)? = nil) throws(InferenceError) {
        guard resamples >= 1 else { throw .usage("\(setting("resamples")) must be at least 1, got \(resamples)") }
        try MemoryBudget.require(Double(resamples) * Self.bytesPerReplicate, for: "\(resamples) resamples")
        guard threads >= 1 else { throw .usage("\(setting("threads")) must be at least 1, got \(threads)") }
        if let shard {
            guard shard.count >= 1, shard.index >= 1, shard.index <= shard.count, shard.count <= resamples else {
                throw .usage("\(setting("shard")) K/N needs 1 ≤ K ≤ N ≤ \(setting("resamples")), got \(shard.index)/\(shard.count)")
            }
        }
        self.resamples = resamples
        self.seed = seed
        self.threads = threads
        self.shard = shard
    }

    /// Equal when the resamples, seed, threads and shard (index and count) agree; written out
    /// because the shard tuple is not Equatable.
    public static func == (lhs: BootstrapPlan, rhs: BootstrapPlan) -> Bool {
        lhs.resamples == rhs.resamples && lhs.seed == rhs.seed && lhs.threads == rhs.threads
            && lhs.shard?.index == rhs.shard?.index && lhs.shard?.count == rhs.shard?.count
    }

    /// The fewest replicates whose order statistics reach an equal-tailed interval at `level`:
    /// (B + 1)(1 − level)/2 ≥ 1, so B ≥ 2/(1 − level) − 1 (39 at 95 %, 199 at 99 %). With fewer,
    /// an end falls beyond the smallest or largest replicate and the interval can exclude the
    /// estimate (R's `boot.ci` warns "extreme order statistics used as endpoints").
    public static func minimumResamples(level: Double) -> Int {
        Int((2 / (1 - level) - 1 - 1e-9).rounded(.up))
    }

    /// A usage error when `resamples` is below ``minimumResamples(level:)``.
    public static func requireResamples(_ resamples: Int, level: Double) throws(InferenceError) {
        let minimum = minimumResamples(level: level)
        guard resamples >= minimum else {
            throw .usage("\(resamples) resamples cannot reach a \(String(format: "%g", level * 100))% interval's ends: it needs at least \(minimum)")
        }
    }

    /// The replicates this plan computes: all of 0..<B, or shard K's contiguous block
    /// [⌊(K−1)B/N⌋, ⌊KB/N⌋).
    public var replicateRange: Range<Int> {
        guard let shard else { return 0..<resamples }
        return (shard.index - 1) * resamples / shard.count..<shard.index * resamples / shard.count
    }
}

/// One bootstrap replicate: its index, the statistic's values (nil when the statistic or the
/// refit failed on that resample) and, for studentized intervals, their variance estimates.
public struct BootstrapReplicate: Sendable, Equatable {
    /// k, its stream.
    public let index: Int
    /// θ*ₖ, one value per parameter; nil when it failed.
    public let values: [Double]?
    /// Var(θ*ₖ) estimated on the resample, one per parameter; nil when not requested.
    public let variances: [Double]?

    /// A replicate.
    public init(index: Int, values: [Double]?, variances: [Double]?) {
        self.index = index
        self.values = values
        self.variances = variances
    }
}

/// Computes replicates in parallel: each worker takes a contiguous block of replicate indices and
/// keeps its own workspace; replicate k draws only from stream k of the seed and lands at its
/// index, so the output depends neither on scheduling nor on the number of threads.
public enum BootstrapEngine {
    /// The generator of the replicate streams: taus2 (L'Ecuyer 1996), a maximally equidistributed
    /// combined Tausworthe generator that GSL counts among its fastest of simulation quality, at
    /// ≈ 1.6 ns a 32-bit word against MT19937's ≈ 6 ns here; a bootstrap of n = 10⁵ rows with
    /// B = 9,999 draws 10⁹ of them. Each stream's whole state is seeded (see `RandomGenerator`).
    public static let algorithm: RandomGenerator.Algorithm = .taus2

    /// The replicates of `plan` for data of `rowCount` rows: replicate k draws `rowCount` row
    /// indices uniformly with replacement from stream k, then `evaluate` returns the values and
    /// (optionally) variances, or nil when it fails. `progress` receives counts of finished
    /// replicates from the workers.
    public static func run(
        rowCount: Int, plan: BootstrapPlan, progress: (@Sendable (Int) -> Void)? = nil,
        evaluate: @Sendable @escaping (_ indices: [Int], _ scratch: inout [Double]) -> (values: [Double], variances: [Double]?)?
    ) throws(InferenceError) -> [BootstrapReplicate] {
        try replicates(plan: plan, progress: progress) { generator, indices, scratch in
            if indices.count != rowCount { indices = [Int](repeating: 0, count: rowCount) }
            indices.withUnsafeMutableBufferPointer { generator.fillIndices($0, below: rowCount) }
            return evaluate(indices, &scratch)
        }
    }

    /// The replicates of `plan` for a statistic of sums, as a flat table: replicate k draws
    /// `rowCount` rows from stream k, the same rows as ``run(rowCount:plan:progress:evaluate:)``
    /// draws, and `evaluate` gets the sums of their `statistics` (`rowCount × dimension` values,
    /// row by row; at most 8 a row), added in the order drawn, writes the replicate's
    /// `parameterCount` values and returns false when it fails. Replicates are drawn 8 or 16 side
    /// by side (``RandomGenerator/taus2BootstrapSums(seed:streams:statistics:rowCount:dimension:into:widestPath:)``),
    /// with no index buffer and no array a replicate: the fast path of the mean and of a family's
    /// MLE.
    ///
    /// - Returns: the values of replicate r of the plan's range at `table[r · parameterCount + j]`
    ///   and whether it failed.
    static func sums(
        statistics: [Double], dimension: Int, rowCount: Int, parameterCount: Int, plan: BootstrapPlan,
        progress: (@Sendable (Int) -> Void)? = nil,
        evaluate: @Sendable @escaping (_ sums: UnsafeBufferPointer<Double>, _ values: UnsafeMutableBufferPointer<Double>) -> Bool
    ) throws(InferenceError) -> (table: [Double], failed: [Bool]) {
        guard (1...8).contains(dimension), statistics.count == rowCount * dimension, rowCount >= 1, rowCount <= 4_294_967_295,
            parameterCount >= 1
        else {
            throw .usage("the bootstrap of sums takes 1 to 8 statistics a row for 1 to 2³² − 1 rows")
        }
        let range = plan.replicateRange
        let output = SharedTable(count: range.count, width: parameterCount)
        defer { output.deallocate() }
        let workers = min(plan.threads, max(1, range.count))
        let failure = ParallelFlag()
        let chunk = 64
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let block = range.lowerBound + worker * range.count / workers..<range.lowerBound + (worker + 1) * range.count / workers
            var sums = [Double](repeating: 0, count: chunk * dimension)
            var start = block.lowerBound
            while start < block.upperBound {
                let streams = start..<min(start + chunk, block.upperBound)
                do {
                    try statistics.withUnsafeBufferPointer { t throws(GSLError) in
                        try sums.withUnsafeMutableBufferPointer { s throws(GSLError) in
                            try RandomGenerator.taus2BootstrapSums(
                                seed: plan.seed, streams: streams, statistics: t, rowCount: rowCount, dimension: dimension,
                                into: UnsafeMutableBufferPointer(rebasing: s[0..<streams.count * dimension]))
                        }
                    }
                } catch {
                    failure.raise()
                    return
                }
                sums.withUnsafeBufferPointer { s in
                    for k in streams {
                        let offset = (k - streams.lowerBound) * dimension
                        let r = k - range.lowerBound
                        output.failed[r] = !evaluate(
                            UnsafeBufferPointer(rebasing: s[offset..<offset + dimension]),
                            UnsafeMutableBufferPointer(rebasing: output.values[r * parameterCount..<(r + 1) * parameterCount]))
                    }
                }
                progress?(streams.count)
                start = streams.upperBound
            }
        }
        if failure.isRaised { throw .numerical("the bootstrap of sums could not draw its resamples") }
        return (Array(output.values), Array(output.failed))
    }

    /// The replicates of `plan`: `replicate` gets the generator of stream k (and a workspace) and
    /// returns the values and (optionally) variances, or nil when it fails.
    public static func run(
        plan: BootstrapPlan, progress: (@Sendable (Int) -> Void)? = nil,
        replicate: @Sendable @escaping (_ generator: RandomGenerator, _ scratch: inout [Double]) -> (values: [Double], variances: [Double]?)?
    ) throws(InferenceError) -> [BootstrapReplicate] {
        try replicates(plan: plan, progress: progress) { generator, _, scratch in replicate(generator, &scratch) }
    }

    /// The engine: each worker keeps an index buffer and a workspace across its replicates.
    private static func replicates(
        plan: BootstrapPlan, progress: (@Sendable (Int) -> Void)?,
        replicate: @Sendable @escaping (RandomGenerator, inout [Int], inout [Double]) -> (values: [Double], variances: [Double]?)?
    ) throws(InferenceError) -> [BootstrapReplicate] {
        let range = plan.replicateRange
        let results = ParallelSlots<BootstrapReplicate>(count: range.count)
        let workers = min(plan.threads, max(1, range.count))
        let failure = ParallelFlag()
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let block = range.lowerBound + worker * range.count / workers..<range.lowerBound + (worker + 1) * range.count / workers
            var indices: [Int] = []
            var scratch: [Double] = []
            var finished = 0
            for k in block {
                guard let generator = try? RandomGenerator(seed: plan.seed, stream: UInt64(k), algorithm: BootstrapEngine.algorithm) else {
                    failure.raise()
                    return
                }
                let outcome = replicate(generator, &indices, &scratch)
                results.store(
                    BootstrapReplicate(index: k, values: outcome?.values, variances: outcome?.variances),
                    at: k - range.lowerBound)
                finished += 1
                if finished % 64 == 0 {
                    progress?(64)
                }
            }
            progress?(finished % 64)
        }
        if failure.isRaised { throw .numerical("cannot allocate a random number generator for the bootstrap") }
        return results.filled
    }
}

/// A table the workers fill in disjoint rows: `count` rows of `width` values and a failure flag
/// a row, allocated (zero, not failed) and freed by its owner.
private final class SharedTable: @unchecked Sendable {
    let values: UnsafeMutableBufferPointer<Double>
    let failed: UnsafeMutableBufferPointer<Bool>

    init(count: Int, width: Int) {
        values = .allocate(capacity: count * width)
        values.initialize(repeating: 0)
        failed = .allocate(capacity: count)
        failed.initialize(repeating: false)
    }

    func deallocate() {
        values.deallocate()
        failed.deallocate()
    }
}
