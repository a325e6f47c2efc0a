import Foundation

/// Posterior draws of named parameters from one or more chains, and their summary.
///
/// The summary of chains gathered from several runs (`infer summarize`) is the summary of one run
/// with all those chains: chains are kept in the order of their ids.
public struct PosteriorSample: Sendable {
    /// The parameters' names, in the model's order.
    public let parameterNames: [String]
    /// The chains, by increasing id.
    public let chains: [Chain]

    /// Draws of `parameterNames` in `chains`.
    ///
    /// - Throws: a data error when two chains share an id, the chains' lengths differ, or a draw
    ///   does not have one value a parameter.
    public init(parameterNames: [String], chains: [Chain]) throws(InferenceError) {
        let sorted = chains.sorted { $0.id < $1.id }
        for (previous, next) in zip(sorted, sorted.dropFirst()) where previous.id == next.id {
            throw .data("chain \(next.id) appears twice")
        }
        guard let length = sorted.first?.draws.count, length > 0 else { throw .data("there are no draws") }
        for chain in sorted {
            guard chain.draws.count == length else {
                throw .data("chain \(chain.id) has \(chain.draws.count) draws but chain \(sorted[0].id) has \(length): chains must be equally long")
            }
            guard chain.draws.allSatisfy({ $0.count == parameterNames.count }) else {
                throw .data("chain \(chain.id) does not have one value a parameter in every draw")
            }
        }
        self.parameterNames = parameterNames
        self.chains = sorted
    }

    /// Kept draws a chain.
    public var drawsPerChain: Int { chains.first?.draws.count ?? 0 }

    /// Parameter `k`'s draws, one array a chain.
    public func draws(ofParameter k: Int) -> [[Double]] { chains.map { $0.draws.map { $0[k] } } }

    /// One summary a parameter (rank-normalised split R-hat, bulk and tail ESS, MCSE, quantiles).
    public func diagnostics() -> [ParameterDiagnostics] {
        parameterNames.indices.map { ParameterDiagnostics(chains: draws(ofParameter: $0)) }
    }

    /// Equal-tailed credible intervals at `level`: the (1 ∓ level)/2 quantiles of all draws
    /// (linear interpolation, numpy's default).
    public func credibleIntervals(level: Double) throws(InferenceError) -> [ClosedRange<Double>] {
        try ConfidenceLevel.validate(level)
        return parameterNames.indices.map { k in
            let sorted = draws(ofParameter: k).flatMap { $0 }.sorted()
            return ParameterDiagnostics.linearQuantile(sorted, (1 - level) / 2)...ParameterDiagnostics.linearQuantile(sorted, (1 + level) / 2)
        }
    }

    /// One line naming the parameters whose R-hat exceeds 1.01 and those whose bulk or tail ESS is
    /// below 400 (the thresholds of Vehtari et al. 2021), with the values; for HMC and NUTS, one
    /// line for divergent transitions and one for trees that reached the maximum depth.
    public func warnings(_ diagnostics: [ParameterDiagnostics]) -> [String] {
        var rhat: [String] = []
        var ess: [String] = []
        for (name, summary) in zip(parameterNames, diagnostics) {
            if let value = summary.rhat, value > 1.01 { rhat.append("\(name) (\(String(format: "%.3f", value)))") }
            if let value = [summary.essBulk, summary.essTail].compactMap({ $0 }).min(), value < 400 {
                ess.append("\(name) (\(Int(value)))")
            }
        }
        var problems: [String] = []
        if !rhat.isEmpty { problems.append("R-hat > 1.01 for \(rhat.joined(separator: ", "))") }
        if !ess.isEmpty { problems.append("ESS < 400 for \(ess.joined(separator: ", "))") }
        var lines: [String] = []
        if !problems.isEmpty {
            lines.append(problems.joined(separator: "; ") + ": the chains may not have converged or mixed well enough; run longer (more warmup and draws) or more chains")
        }
        let traces = chains.compactMap(\.hamiltonian)
        let transitions = traces.reduce(0) { $0 + $1.divergent.count }
        let divergent = traces.reduce(0) { $0 + $1.divergences }
        if divergent > 0 {
            lines.append(
                "\(divergent) of \(transitions) transitions after warmup diverged: the sampler could not follow the posterior's curvature there, so the draws may miss part of it; a more informative prior or more data may help")
        }
        let saturated = traces.reduce(0) { $0 + $1.treeDepth.count { $0 >= HamiltonianTrace.maximumTreeDepth } }
        if saturated > 0 {
            lines.append(
                "\(saturated) of \(transitions) NUTS transitions stopped at the maximum tree depth \(HamiltonianTrace.maximumTreeDepth): the draws are valid but the sampler was slow (a posterior that is flat or long in some direction)")
        }
        return lines
    }
}
