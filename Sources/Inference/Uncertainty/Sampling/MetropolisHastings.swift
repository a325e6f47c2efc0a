import Dispatch
import Foundation
import GSL

/// The proposals of the sampler.
public enum ProposalKind: String, CaseIterable, Sendable {
    /// Gaussian steps with the covariance learned from the chain's own warmup draws (Haario,
    /// Saksman & Tamminen 2001), adapted during warmup only.
    case adaptive
    /// Gaussian steps with the Laplace approximation's covariance.
    case laplace
    /// Gaussian steps along each coordinate with the Laplace approximation's sds.
    case randomWalk = "random-walk"
}

/// How many chains, draws and warmup iterations, and with which seed.
public struct SamplerSettings: Sendable {
    /// C, the chains of a full run (numbered 1…C).
    public let chains: Int
    /// Warmup iterations a chain (discarded; the proposal adapts only then).
    public let warmup: Int
    /// Kept draws a chain.
    public let draws: Int
    /// Keep every `thin`-th iteration after warmup.
    public let thin: Int
    /// The proposal.
    public let proposal: ProposalKind
    /// The seed: chain k runs on stream k.
    public let seed: UInt64

    /// Settings; a usage error unless chains ≥ 1, warmup ≥ 0, draws ≥ 1 and thin ≥ 1.
    public init(chains: Int = 4, warmup: Int = 1000, draws: Int = 1000, thin: Int = 1, proposal: ProposalKind = .adaptive, seed: UInt64 = 1)
        throws(InferenceError)
    {
        guard chains >= 1 else { throw .usage("--chains must be at least 1, got \(chains)") }
        guard warmup >= 0 else { throw .usage("--warmup must be at least 0, got \(warmup)") }
        guard draws >= 1 else { throw .usage("--draws must be at least 1, got \(draws)") }
        guard thin >= 1 else { throw .usage("--thin must be at least 1, got \(thin)") }
        self.chains = chains
        self.warmup = warmup
        self.draws = draws
        self.thin = thin
        self.proposal = proposal
        self.seed = seed
    }
}

/// One chain's kept draws.
public struct Chain: Sendable {
    /// Its number, 1…C.
    public let id: Int
    /// The kept draws, one parameter vector each, on the parameters' own scale.
    public let draws: [[Double]]
    /// log π on the unconstrained scale (with the log-Jacobian) at each kept draw, as Stan's `lp__`.
    public let logDensity: [Double]
    /// Whether the proposal that led to each kept draw was accepted.
    public let accepted: [Bool]
    /// The share of accepted proposals after warmup.
    public let acceptanceRate: Double
}

/// Random-walk Metropolis–Hastings on the unconstrained scale (bounded parameters through
/// ``ParameterSupport``, with the log-Jacobian added), with Gaussian proposals whose overall scale
/// s adapts during warmup by Robbins–Monro steps log s += (accepted − target)/t^0.6 towards the
/// optimal acceptance rate (0.44 in one dimension, 0.234 in more; Roberts, Gelman & Gilks 1997).
///
/// Chain k starts from the mode plus 1.5 Laplace sds times standard normal draws, all from stream
/// k of the seed, so a chain gives the same draws alone (`--chain-id`) as within a full run,
/// on any number of threads.
public enum MetropolisHastings {
    /// Runs the chains `ids` (1-based) of `settings` on `target` from around `mode`.
    public static func run(
        target: some LogDensity, mode: [Double], settings: SamplerSettings, ids: [Int], threads: Int = 1,
        progress: (@Sendable (Int) -> Void)? = nil
    ) throws(InferenceError) -> [Chain] {
        let space = UnconstrainedTarget(target: target)
        let center = space.unconstrained(mode)
        guard center.allSatisfy(\.isFinite), space.logDensity(center).isFinite else {
            throw .numerical("the posterior cannot be evaluated at its mode: no starting point for the sampler")
        }
        let base = space.proposalFactor(at: center, kind: settings.proposal)
        let slots = ParallelSlots<Chain>(count: ids.count)
        let workers = max(1, min(threads, ids.count))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for position in stride(from: worker, to: ids.count, by: workers) {
                let chain = runChain(space: space, center: center, base: base, settings: settings, id: ids[position], progress: progress)
                slots.store(chain, at: position)
            }
        }
        let chains = slots.filled
        guard chains.count == ids.count else { throw .numerical("a chain could not start: its log density is not finite near the mode") }
        return chains
    }

    private static func runChain<T: LogDensity>(
        space: UnconstrainedTarget<T>, center: [Double], base: Matrix, settings: SamplerSettings, id: Int,
        progress: (@Sendable (Int) -> Void)?
    ) -> Chain? {
        guard let generator = try? RandomGenerator(seed: settings.seed, stream: UInt64(id)), let normal = try? Normal() else { return nil }
        let d = center.count
        let gaussian = { (0..<d).map { _ in normal.sample(using: generator) } }
        // a dispersed start: the mode plus 1.5 Laplace sds of noise, retried until finite
        var u = center
        var lp = space.logDensity(u)
        for _ in 0..<20 {
            let candidate = zip(center, (try? base.multiplied(by: gaussian().map { 1.5 * $0 })) ?? []).map(+)
            let value = space.logDensity(candidate)
            if value.isFinite {
                u = candidate
                lp = value
                break
            }
        }
        let targetRate = d == 1 ? 0.44 : 0.234
        var logScale = log(2.38 / Double(d).squareRoot())
        var factor = base
        var warmupDraws: [[Double]] = []
        var draws: [[Double]] = []
        var densities: [Double] = []
        var acceptedFlags: [Bool] = []
        var acceptedAfterWarmup = 0
        let total = settings.warmup + settings.draws * settings.thin
        for iteration in 0..<total {
            let step = (try? factor.multiplied(by: gaussian())) ?? [Double](repeating: 0, count: d)
            let scale = exp(logScale)
            let proposal = zip(u, step).map { $0 + scale * $1 }
            let proposed = space.logDensity(proposal)
            let accept = proposed.isFinite && log(generator.uniformPositive()) < proposed - lp
            if accept {
                u = proposal
                lp = proposed
            }
            if iteration < settings.warmup {
                logScale += ((accept ? 1 : 0) - targetRate) / pow(Double(iteration + 1), 0.6)
                if settings.proposal == .adaptive {
                    warmupDraws.append(u)
                    if iteration >= 100 && iteration % 50 == 0, let learned = empiricalFactor(warmupDraws) { factor = learned }
                }
            } else {
                if accept { acceptedAfterWarmup += 1 }
                if (iteration - settings.warmup + 1) % settings.thin == 0 {
                    draws.append(space.constrained(u))
                    densities.append(lp)
                    acceptedFlags.append(accept)
                }
            }
            if (iteration + 1) % 256 == 0 { progress?(256) }
        }
        progress?(total % 256)
        let after = settings.draws * settings.thin
        return Chain(
            id: id, draws: draws, logDensity: densities, accepted: acceptedFlags,
            acceptanceRate: Double(acceptedAfterWarmup) / Double(max(1, after)))
    }

    /// The Cholesky factor of the draws' covariance (plus 10⁻⁸ on the diagonal), nil when not
    /// positive definite.
    static func empiricalFactor(_ draws: [[Double]]) -> Matrix? {
        let n = Double(draws.count)
        let d = draws[0].count
        let mean = (0..<d).map { j in draws.reduce(0) { $0 + $1[j] } / n }
        var covariance = Matrix(rows: d, columns: d)
        for draw in draws {
            for i in 0..<d {
                for j in 0...i { covariance[i, j] += (draw[i] - mean[i]) * (draw[j] - mean[j]) / (n - 1) }
            }
        }
        for i in 0..<d {
            for j in 0..<i { covariance[j, i] = covariance[i, j] }
            covariance[i, i] += 1e-8
        }
        return try? CholeskyDecomposition(covariance).lower
    }
}
