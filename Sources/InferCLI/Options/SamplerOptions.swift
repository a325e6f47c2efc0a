import ArgumentParser
import Inference

extension ProposalKind: ExpressibleByArgument {}
extension MetricKind: ExpressibleByArgument {}
extension TuningMethod: ExpressibleByArgument {}
extension SelectionRule: ExpressibleByArgument {}
extension HeldOutLoss: ExpressibleByArgument {}
extension BootstrapMethod: ExpressibleByArgument {}

/// The sampler's options, shared by `infer sample` and `infer compare`.
struct SamplerOptions: ParsableArguments {
    @Option(help: "Chains C of the run (numbered 1…C).")
    var chains: Int = 4

    @Option(help: "Warmup iterations a chain (discarded; the proposal adapts only then).")
    var warmup: Int = 1000

    @Option(help: "Kept draws a chain.")
    var draws: Int = 1000

    @Option(help: "Keep every T-th iteration after warmup.")
    var thin: Int = 1

    @Option(
        help:
            "Proposal: nuts (the No-U-Turn sampler), hmc (static Hamiltonian Monte Carlo), adaptive (Haario et al. 2001, during warmup), laplace (the Laplace covariance) or random-walk. Default: nuts; adaptive for uniform, whose support moves with its parameters."
    )
    var proposal: ProposalKind?

    @Option(
        help:
            "The metric nuts and hmc adapt during warmup: diag (one scale a parameter), dense (scales and correlations) or auto (dense up to 100 parameters, diag above)."
    )
    var metric: MetricKind = .automatic

    @Option(
        help: ArgumentHelp(
            "Write the kept draws to this CSV file (chain,draw,lp__,accepted__,<parameters>); a name with {chain} writes one file a chain.",
            valueName: "file"))
    var drawsOut: String?

    /// The settings, with `recommended` (the model's) when no --proposal is given.
    func settings(seed: UInt64, recommended: ProposalKind) throws -> SamplerSettings {
        try SamplerSettings(
            chains: chains, warmup: warmup, draws: draws, thin: thin, proposal: proposal ?? recommended, seed: seed, metric: metric)
    }
}
