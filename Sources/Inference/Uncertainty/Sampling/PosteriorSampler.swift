import Dispatch
import Foundation
import GSL

/// Posterior draws on the unconstrained scale (bounded parameters through ``ParameterSupport``,
/// with the log-Jacobian added), by Metropolis–Hastings or by Hamiltonian Monte Carlo (static HMC
/// and NUTS), as ``SamplerSettings/proposal`` says.
///
/// The chains are centred at the mode on the unconstrained scale: the given mode when it lies
/// inside the support, else the maximum of the density with its log-Jacobian (a mode on the
/// boundary, such as p̂ = 1 after 3 heads in 3 flips, has no finite unconstrained coordinate).
/// Chain k starts from that centre plus 1.5 Laplace sds times standard normal draws, all from
/// stream k of the seed, so a chain gives the same draws alone (`--chain-id`) as within a full
/// run, on any number of threads.
public enum PosteriorSampler {
    /// Runs the chains `ids` (1-based) of `settings` on `target` from around `mode`.
    ///
    /// - Parameters:
    ///   - target: the log density to sample, on the parameters' own scale.
    ///   - mode: its mode (the MAP estimate), on the parameters' own scale; on the boundary of the
    ///     support, the centre is searched for instead.
    ///   - curvature: a smooth density whose curvature at the mode sets the proposal
    ///     covariance in place of the target's; for a target that is not differentiable at its
    ///     mode (a laplace prior with weights at 0), the posterior under a gaussian prior of the same
    ///     variance.
    ///   - settings: the warmup, draws, thinning, proposal and seed of every chain.
    ///   - ids: the chains to run, numbers in 1…C; chain k draws only from stream k of the seed.
    ///   - threads: worker threads (at least 1 is used), the chains dealt among them; the draws do
    ///     not depend on it.
    ///   - progress: receives counts of finished iterations (warmup included) from the workers.
    /// - Returns: the chains, in the order of `ids`.
    /// - Throws: a usage error when `ids` is empty, repeats a chain or names one outside
    ///   1…`settings.chains`; a numerical error when no starting point is found, a chain cannot
    ///   start, or (HMC, NUTS) no step size suits the posterior.
    public static func run(
        target: some LogDensity, mode: [Double], curvature: (any LogDensity)? = nil, settings: SamplerSettings, ids: [Int],
        threads: Int = 1, progress: (@Sendable (Int) -> Void)? = nil
    ) throws(InferenceError) -> [Chain] {
        guard !ids.isEmpty, Set(ids).count == ids.count, ids.allSatisfy({ (1...settings.chains).contains($0) }) else {
            throw .usage("the chains to run, \(ids), must be distinct numbers in 1…\(settings.chains) (the settings' chains)")
        }
        let space = UnconstrainedTarget(target: target)
        let center = try MetropolisHastings.interiorCenter(space, mode: mode)
        let base: Matrix
        if let curvature {
            base = proposalFactor(of: curvature, at: center, kind: settings.proposal)
        } else {
            base = space.proposalFactor(at: center, kind: settings.proposal)
        }
        let slots = ParallelSlots<Result<Chain, InferenceError>>(count: ids.count)
        let workers = max(1, min(threads, ids.count))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for position in stride(from: worker, to: ids.count, by: workers) {
                let id = ids[position]
                let result = Result { () throws(InferenceError) -> Chain in
                    if settings.proposal.isHamiltonian {
                        return try HamiltonianSampler.runChain(space: space, center: center, base: base, settings: settings, id: id, progress: progress)
                    }
                    guard let chain = MetropolisHastings.runChain(space: space, center: center, base: base, settings: settings, id: id, progress: progress)
                    else { throw .numerical("a chain could not start: its log density is not finite near the mode") }
                    return chain
                }
                slots.store(result, at: position)
            }
        }
        return try slots.filled.map { result throws(InferenceError) in try result.get() }
    }

    private static func proposalFactor(of target: some LogDensity, at center: [Double], kind: ProposalKind) -> Matrix {
        UnconstrainedTarget(target: target).proposalFactor(at: center, kind: kind)
    }
}
