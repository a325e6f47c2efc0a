import Foundation

/// The proposals of the sampler. The default, ``nuts``, was chosen by measurement on a suite of
/// posteriors (regressions with many correlated features, skewed and bounded posteriors): with the
/// default chains and draws only ``nuts`` and ``hmc`` reach R-hat < 1.01 and a bulk ESS of 400 on
/// every one, and NUTS, which sets each trajectory's length itself, is the one that needs no
/// integration time to suit the posterior.
public enum ProposalKind: String, CaseIterable, Sendable {
    /// Gaussian steps with the covariance learned from the chain's own warmup draws (Haario,
    /// Saksman & Tamminen 2001), adapted during warmup only.
    case adaptive
    /// Independence proposals from a multivariate t (ν = 4) centred at the mode with the Laplace
    /// approximation's covariance: nearly independent draws when the posterior is close to
    /// Gaussian, as it is for regular models with many rows.
    case laplace
    /// Gaussian steps along each coordinate with the Laplace approximation's sds.
    case randomWalk = "random-walk"
    /// Static Hamiltonian Monte Carlo: a random number of leapfrog steps along the gradient, step
    /// size and metric adapted during warmup as Stan adapts them.
    case hmc
    /// The No-U-Turn sampler (Hoffman & Gelman 2014) in Stan's multinomial form: trajectories
    /// doubled until they turn back, step size and metric adapted during warmup.
    case nuts

    /// Whether the proposal follows the gradient (Hamiltonian Monte Carlo).
    public var isHamiltonian: Bool { self == .hmc || self == .nuts }

    /// The proposal that serves `model` best: NUTS, except for a model whose support moves with
    /// its parameters (``StatisticalModel/nonRegularity``, such as the uniform's a ≤ min x, b ≥ max
    /// x), whose density drops to 0 at a wall the gradient does not see; the adaptive random walk
    /// there, which crosses no wall.
    public static func recommended(for model: some StatisticalModel) -> ProposalKind {
        model.nonRegularity == nil ? .nuts : .adaptive
    }
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
    /// The metric HMC and NUTS adapt (automatic by default: dense for up to 100 parameters);
    /// the other proposals ignore it.
    public let metric: MetricKind

    /// The memory a kept draw takes at least: one parameter, its log density and whether it was
    /// accepted.
    public static let bytesPerDraw = 24.0

    /// Settings; a usage error unless chains ≥ 1, warmup ≥ 0, draws ≥ 1 and thin ≥ 1, when the
    /// run's iterations (chains × (warmup + draws × thin)) overflow an integer, or when the kept draws of
    /// every chain (``bytesPerDraw`` each) would not fit ``MemoryBudget``.
    public init(chains: Int = 4, warmup: Int = 1000, draws: Int = 1000, thin: Int = 1, proposal: ProposalKind = .nuts, seed: UInt64 = 1,
        metric: MetricKind = .automatic
    ) throws(InferenceError)
    {
        guard chains >= 1 else { throw .usage("\(setting("chains")) must be at least 1, got \(chains)") }
        guard warmup >= 0 else { throw .usage("\(setting("warmup")) must be at least 0, got \(warmup)") }
        guard draws >= 1 else { throw .usage("\(setting("draws")) must be at least 1, got \(draws)") }
        guard thin >= 1 else { throw .usage("\(setting("thin")) must be at least 1, got \(thin)") }
        let (kept, overflow) = draws.multipliedReportingOverflow(by: thin)
        let (iterations, past) = kept.addingReportingOverflow(warmup)
        // the run's iterations, every chain's, are counted too (its progress)
        guard !overflow, !past, !iterations.multipliedReportingOverflow(by: chains).overflow else {
            throw .usage("\(chains) chains of \(warmup) warmup iterations and \(draws) draws thinned by \(thin) are more iterations than a run can count")
        }
        try MemoryBudget.require(Double(chains) * Double(draws) * Self.bytesPerDraw, for: "\(chains) chains of \(draws) draws")
        self.chains = chains
        self.warmup = warmup
        self.draws = draws
        self.thin = thin
        self.proposal = proposal
        self.seed = seed
        self.metric = metric
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
    /// Whether the proposal that led to each kept draw was accepted (for HMC and NUTS: whether
    /// the transition moved the chain).
    public let accepted: [Bool]
    /// The Hamiltonian samplers' columns; nil for the Metropolis proposals.
    public let hamiltonian: HamiltonianTrace?

    /// One chain's kept draws.
    public init(id: Int, draws: [[Double]], logDensity: [Double], accepted: [Bool], hamiltonian: HamiltonianTrace? = nil) {
        self.id = id
        self.draws = draws
        self.logDensity = logDensity
        self.accepted = accepted
        self.hamiltonian = hamiltonian
    }

    /// The share of accepted proposals among the kept iterations (all of them after warmup
    /// when `thin` is 1), so that it can be recomputed from a draws file.
    public var acceptanceRate: Double { Double(accepted.count { $0 }) / Double(max(1, accepted.count)) }
}
