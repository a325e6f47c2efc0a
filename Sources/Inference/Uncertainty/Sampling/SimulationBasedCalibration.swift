import Dispatch
import Foundation
import GSL

/// Simulation-based calibration (Talts, Betancourt, Simpson, Vehtari & Gelman 2018): θ drawn from
/// a proper prior, data drawn from the model at θ, a posterior sample of L thinned draws, and the
/// rank of θ among them (how many draws are below it, 0…L). A sampler that draws from the
/// posterior makes every rank equally likely; one that is too narrow piles ranks at the ends, one
/// that is biased tilts them.
///
/// Replication r draws θ and the data from stream r of the seed and runs one chain whose seed is
/// that stream's key (`RandomGenerator.streamKey(seed:stream:)`), so the ranks do not depend on
/// the threads, and any range of replications is the same alone as in a full run.
public enum SimulationBasedCalibration {
    /// The ranks of replications `replications` (numbers from 1).
    ///
    /// - Parameters:
    ///   - model: the model data are drawn from and sampled under.
    ///   - prior: a proper prior (one that can be drawn from on every parameter).
    ///   - data: the shape of each simulated data set (its rows; a regression's features).
    ///   - settings: the sampler's warmup, draws L, thinning and proposal; one chain is run, and
    ///     the seed is replaced by each replication's.
    ///   - replications: the replications to run, numbered from 1; each is the same alone as in
    ///     any range.
    ///   - seed: the study's seed.
    ///   - threads: worker threads (at least 1 is used); the ranks do not depend on it.
    ///   - progress: receives 1 for each finished replication.
    /// - Throws: a usage error for a prior that cannot be drawn from, or no replications.
    public static func run<M: SimulatableModel>(
        model: M, prior: some Prior, like data: M.Data, settings: SamplerSettings, replications: ClosedRange<Int>, seed: UInt64,
        threads: Int = 1, progress: (@Sendable (Int) -> Void)? = nil
    ) throws(InferenceError) -> SimulationBasedCalibrationResult {
        guard replications.lowerBound >= 1 else { throw .usage("replications are numbered from 1, got \(replications.lowerBound)") }
        let probe: RandomGenerator
        do { probe = try RandomGenerator(seed: seed, stream: 0) } catch { throw InferenceError(error) }
        guard prior.draw(dimension: model.parameterNames.count, using: probe) != nil else {
            throw .usage("simulation-based calibration needs a proper prior on every parameter of \(model.name); \(prior.name) is not")
        }
        let indices = Array(replications)
        let slots = ParallelSlots<[Int]>(count: indices.count)
        let workers = max(1, min(threads, indices.count))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for position in stride(from: worker, to: indices.count, by: workers) {
                // a failure is an empty array of ranks
                let ranks = rank(replication: indices[position], model: model, prior: prior, data: data, settings: settings, seed: seed)
                slots.store(ranks ?? [], at: position)
                progress?(1)
            }
        }
        return SimulationBasedCalibrationResult(
            parameterNames: model.parameterNames, draws: settings.draws, replications: replications, ranks: slots.filled)
    }

    /// The ranks of θ among the posterior draws of one replication; nil when its data set has no
    /// posterior to sample (the data could not be drawn, or the sampler could not start).
    static func rank<M: SimulatableModel>(
        replication r: Int, model: M, prior: some Prior, data: M.Data, settings: SamplerSettings, seed: UInt64
    ) -> [Int]? {
        guard let generator = try? RandomGenerator(seed: seed, stream: UInt64(r)),
            let truth = prior.draw(dimension: model.parameterNames.count, using: generator),
            let simulated = model.simulate(truth, like: data, using: generator),
            let chainSettings = try? SamplerSettings(
                chains: 1, warmup: settings.warmup, draws: settings.draws, thin: settings.thin, proposal: settings.proposal,
                seed: RandomGenerator.streamKey(seed: seed, stream: UInt64(r)), metric: settings.metric),
            let mode = try? model.estimate(simulated, prior: prior),
            let chain = try? PosteriorSampler.run(
                target: Posterior(model: model, prior: prior, data: simulated), mode: mode.estimates, settings: chainSettings, ids: [1]
            ).first
        else { return nil }
        return truth.indices.map { k in chain.draws.count { $0[k] < truth[k] } }
    }
}

/// The ranks of a simulation-based calibration, one array a replication (empty for a replication
/// that had no posterior sample, a failure), and their uniformity.
public struct SimulationBasedCalibrationResult: Sendable {
    /// The parameters, in the model's order.
    public let parameterNames: [String]
    /// L, the draws each rank is among: ranks lie in 0…L.
    public let draws: Int
    /// The replications' numbers.
    public let replications: ClosedRange<Int>
    /// Each replication's rank of each parameter; empty for a failure.
    public let ranks: [[Int]]

    /// The ranks of `replications` (one array each, empty for a failure) among `draws` draws.
    public init(parameterNames: [String], draws: Int, replications: ClosedRange<Int>, ranks: [[Int]]) {
        self.parameterNames = parameterNames
        self.draws = draws
        self.replications = replications
        self.ranks = ranks
    }

    /// The replications that gave no ranks.
    public var failures: Int { ranks.count { $0.isEmpty } }

    /// The histogram of parameter `k`'s ranks in `bins` equal bins of 0…L (L + 1 values; bins must
    /// divide it).
    public func histogram(parameter k: Int, bins: Int) -> [Int] {
        var counts = [Int](repeating: 0, count: bins)
        for ranks in self.ranks where !ranks.isEmpty { counts[ranks[k] * bins / (draws + 1)] += 1 }
        return counts
    }

    /// The p-value of Pearson's chi-square test that parameter `k`'s ranks are uniform over
    /// `bins` bins (bins − 1 degrees of freedom).
    public func uniformityPValue(parameter k: Int, bins: Int) -> Double {
        let counts = histogram(parameter: k, bins: bins)
        let total = Double(counts.reduce(0, +))
        let expected = total / Double(bins)
        guard expected > 0, let chiSquared = try? ChiSquared(degreesOfFreedom: Double(bins - 1)) else { return .nan }
        let statistic = counts.reduce(0) { $0 + (Double($1) - expected) * (Double($1) - expected) / expected }
        return chiSquared.survival(statistic)
    }
}
