import Foundation
import GSL

/// What the Hamiltonian transitions of a chain did, one entry a kept draw: Stan's sampler
/// columns `stepsize__`, `treedepth__`, `n_leapfrog__`, `divergent__` and `energy__`.
public struct HamiltonianTrace: Sendable, Equatable {
    /// ε (one value after warmup).
    public let stepSize: [Double]
    /// The depth of each NUTS tree; 0 for static HMC.
    public let treeDepth: [Int]
    /// Leapfrog steps a transition.
    public let leapfrogSteps: [Int]
    /// Whether the trajectory diverged (an energy error above 1,000).
    public let divergent: [Bool]
    /// The Hamiltonian at each draw (for the E-BFMI).
    public let energy: [Double]

    /// The sampler columns of kept draws.
    public init(stepSize: [Double], treeDepth: [Int], leapfrogSteps: [Int], divergent: [Bool], energy: [Double]) {
        self.stepSize = stepSize
        self.treeDepth = treeDepth
        self.leapfrogSteps = leapfrogSteps
        self.divergent = divergent
        self.energy = energy
    }

    /// The deepest NUTS tree (Stan's `max_depth`): at most 2¹⁰ − 1 leapfrog steps a transition.
    public static let maximumTreeDepth = 10

    /// The kept draws whose trajectory diverged.
    public var divergences: Int { divergent.count { $0 } }
}

/// Chains of Hamiltonian Monte Carlo (NUTS or static HMC) on the unconstrained scale, warmed up as
/// Stan warms up: ε by dual averaging, M⁻¹ in Stan's windows. Two departures, both from knowing
/// the mode: the chain starts from the mode plus 1.5 Laplace sds of noise (as the Metropolis
/// chains do), and the metric before the first window is the Laplace covariance (its diagonal for
/// the diagonal metric) instead of the identity.
enum HamiltonianSampler {
    static func runChain<T: LogDensity>(
        space: UnconstrainedTarget<T>, center: [Double], base: Matrix, settings: SamplerSettings, id: Int,
        progress: (@Sendable (Int) -> Void)?
    ) throws(InferenceError) -> Chain {
        guard let generator = try? RandomGenerator(seed: settings.seed, stream: UInt64(id)), let normal = try? Normal() else {
            throw .numerical("chain \(id) could not start its random stream")
        }
        let d = center.count
        let factor = LowerTriangular(base)
        let laplace = (try? base.multiplied(by: base.transposed)) ?? Matrix.identity(d)
        let dense = settings.metric.resolved(dimension: d) == .dense
        let metric = dense ? EuclideanMetric(covariance: laplace) ?? EuclideanMetric(variances: laplace.diagonalValues) : EuclideanMetric(variances: laplace.diagonalValues)
        let hamiltonian = Hamiltonian(space: space, metric: metric)
        // a dispersed start: the mode plus 1.5 Laplace sds of noise, retried until finite
        var start = hamiltonian.point(at: center, momentum: [Double](repeating: 0, count: d))
        for _ in 0..<20 {
            let z = (0..<d).map { _ in normal.sample(using: generator) }
            let candidate = hamiltonian.point(at: zip(center, factor.times(z)).map { $0 + 1.5 * $1 }, momentum: start.p)
            if candidate.logDensity.isFinite, candidate.gradient.allSatisfy(\.isFinite) {
                start = candidate
                break
            }
        }
        guard start.logDensity.isFinite, start.gradient.allSatisfy(\.isFinite) else {
            throw .numerical(
                "the posterior or its gradient is not finite near its mode, so HMC and NUTS cannot start chain \(id); the adaptive proposal needs no gradient")
        }
        var transitions = HamiltonianTransitions(hamiltonian: hamiltonian, generator: generator, normal: normal, stepSize: 1, start: start)
        try transitions.initializeStepSize(at: start)
        var averaging = DualAveraging(restartingAt: transitions.stepSize)
        var windows = WarmupWindows(warmup: settings.warmup)
        var window = WindowEstimator(dimension: d, dense: dense)
        var current = start
        var draws: [[Double]] = [], densities: [Double] = [], moved: [Bool] = []
        var stepSizes: [Double] = [], depths: [Int] = [], leapfrogs: [Int] = [], divergent: [Bool] = [], energies: [Double] = []
        let total = settings.warmup + settings.draws * settings.thin
        for iteration in 0..<total {
            let step = settings.proposal == .hmc ? transitions.staticStep(from: current) : transitions.noUTurn(from: current)
            current = step.point
            if iteration < settings.warmup {
                transitions.stepSize = averaging.learn(step.acceptStatistic)
                if windows.collects { window.add(current.q) }
                if windows.advance() {
                    if let learned = window.metric() { transitions.hamiltonian.metric = learned }
                    try transitions.initializeStepSize(at: current)
                    averaging.restart(at: transitions.stepSize)
                }
                if iteration == settings.warmup - 1 { transitions.stepSize = averaging.finalStepSize }
            } else if (iteration - settings.warmup + 1) % settings.thin == 0 {
                draws.append(space.constrained(current.q))
                densities.append(current.logDensity)
                moved.append(step.moved)
                stepSizes.append(transitions.stepSize)
                depths.append(step.treeDepth)
                leapfrogs.append(step.leapfrogs)
                divergent.append(step.divergent)
                energies.append(step.energy)
            }
            if (iteration + 1) % 256 == 0 { progress?(256) }
        }
        progress?(total % 256)
        let trace = HamiltonianTrace(stepSize: stepSizes, treeDepth: depths, leapfrogSteps: leapfrogs, divergent: divergent, energy: energies)
        return Chain(id: id, draws: draws, logDensity: densities, accepted: moved, hamiltonian: trace)
    }
}
