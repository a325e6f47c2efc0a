import Foundation
import GSL

/// What one Hamiltonian transition did: Stan's sampler columns.
struct HamiltonianStep {
    /// The new state (its momentum is not used again).
    var point: PhasePoint
    /// The mean Metropolis acceptance probability over the trajectory (Stan's `accept_stat__`),
    /// the statistic the step size adapts on.
    var acceptStatistic: Double
    /// The depth of the trajectory's tree (0 for static HMC).
    var treeDepth: Int
    /// Leapfrog steps taken.
    var leapfrogs: Int
    /// Whether the energy error exceeded 1,000 somewhere along the trajectory.
    var divergent: Bool
    /// H at the new state.
    var energy: Double
    /// Whether the state changed.
    var moved: Bool
}

/// Hamiltonian transitions on the unconstrained scale: the multinomial No-U-Turn sampler as Stan
/// implements it (Betancourt 2017, "A Conceptual Introduction to Hamiltonian Monte Carlo",
/// appendix A; Stan's `base_nuts`, with the no-U-turn test also across the two halves of every
/// merged tree), and static HMC with a random number of steps.
struct HamiltonianTransitions<Target: LogDensity> {
    var hamiltonian: Hamiltonian<Target>
    let generator: RandomGenerator
    let normal: Normal
    /// ε.
    var stepSize: Double
    /// The deepest tree.
    let maxDepth = HamiltonianTrace.maximumTreeDepth
    /// The energy error that marks a divergence (Stan's `max_deltaH`).
    let maxEnergyError = 1_000.0

    // The running trajectory's state (Stan's members of base_nuts).
    private var z: PhasePoint
    private var initialEnergy = 0.0
    private var leapfrogs = 0
    private var divergent = false
    private var sumMetropolis = 0.0

    init(hamiltonian: Hamiltonian<Target>, generator: RandomGenerator, normal: Normal, stepSize: Double, start: PhasePoint) {
        self.hamiltonian = hamiltonian
        self.generator = generator
        self.normal = normal
        self.stepSize = stepSize
        z = start
    }

    /// A fresh momentum for `q`'s point, drawn from N(0, M).
    private func resampledMomentum(_ point: PhasePoint) -> PhasePoint {
        var point = point
        point.p = hamiltonian.metric.momentum(from: (0..<point.q.count).map { _ in normal.sample(using: generator) })
        return point
    }

    private func energy(_ point: PhasePoint) -> Double { hamiltonian.energy(point, velocity: hamiltonian.metric.velocity(point.p)) }

    /// One NUTS transition from `start`.
    mutating func noUTurn(from start: PhasePoint) -> HamiltonianStep {
        z = resampledMomentum(start)
        initialEnergy = energy(z)
        leapfrogs = 0
        divergent = false
        sumMetropolis = 0
        var forward = z
        var backward = z
        var sample = z
        var propose = z
        let sharp = hamiltonian.metric.velocity(z.p)
        // momenta and sharp momenta at the ends of the forward and backward subtrees
        var pForwardForward = z.p, pSharpForwardForward = sharp
        var pForwardBackward = z.p, pSharpForwardBackward = sharp
        var pBackwardForward = z.p, pSharpBackwardForward = sharp
        var pBackwardBackward = z.p, pSharpBackwardBackward = sharp
        var rho = z.p
        var logSumWeight = 0.0
        var depth = 0
        let d = z.q.count
        while depth < maxDepth {
            var rhoForward = [Double](repeating: 0, count: d)
            var rhoBackward = [Double](repeating: 0, count: d)
            var logSumWeightSubtree = -Double.infinity
            let valid: Bool
            if generator.uniform() > 0.5 {
                z = forward
                rhoBackward = rho
                pBackwardForward = pForwardForward
                pSharpBackwardForward = pSharpForwardForward
                valid = buildTree(
                    depth: depth, propose: &propose, pSharpBegin: &pSharpForwardBackward, pSharpEnd: &pSharpForwardForward, rho: &rhoForward,
                    pBegin: &pForwardBackward, pEnd: &pForwardForward, direction: 1, logSumWeight: &logSumWeightSubtree)
                forward = z
            } else {
                z = backward
                rhoForward = rho
                pForwardBackward = pBackwardBackward
                pSharpForwardBackward = pSharpBackwardBackward
                valid = buildTree(
                    depth: depth, propose: &propose, pSharpBegin: &pSharpBackwardForward, pSharpEnd: &pSharpBackwardBackward,
                    rho: &rhoBackward, pBegin: &pBackwardForward, pEnd: &pBackwardBackward, direction: -1, logSumWeight: &logSumWeightSubtree)
                backward = z
            }
            guard valid else { break }
            depth += 1
            if logSumWeightSubtree > logSumWeight || generator.uniform() < exp(logSumWeightSubtree - logSumWeight) {
                sample = propose
            }
            logSumWeight = logSumExp(logSumWeight, logSumWeightSubtree)
            rho = zip(rhoBackward, rhoForward).map(+)
            // the no-U-turn test around the merged trajectory, and between its two subtrees
            guard criterion(pSharpBackwardBackward, pSharpForwardForward, rho),
                criterion(pSharpBackwardBackward, pSharpForwardBackward, zip(rhoBackward, pForwardBackward).map(+)),
                criterion(pSharpBackwardForward, pSharpForwardForward, zip(rhoForward, pBackwardForward).map(+))
            else { break }
        }
        return HamiltonianStep(
            point: sample, acceptStatistic: sumMetropolis / Double(max(1, leapfrogs)), treeDepth: depth, leapfrogs: leapfrogs,
            divergent: divergent, energy: energy(sample), moved: sample.q != start.q)
    }

    /// Builds a subtree of 2^depth leapfrog steps from `z` in `direction`, to completion or
    /// until it diverges or turns back; false then.
    private mutating func buildTree(
        depth: Int, propose: inout PhasePoint, pSharpBegin: inout [Double], pSharpEnd: inout [Double], rho: inout [Double],
        pBegin: inout [Double], pEnd: inout [Double], direction: Double, logSumWeight: inout Double
    ) -> Bool {
        if depth == 0 {
            hamiltonian.leapfrog(&z, stepSize: direction * stepSize)
            leapfrogs += 1
            let sharp = hamiltonian.metric.velocity(z.p)
            let h = hamiltonian.energy(z, velocity: sharp)
            if h - initialEnergy > maxEnergyError { divergent = true }
            logSumWeight = logSumExp(logSumWeight, initialEnergy - h)
            sumMetropolis += initialEnergy - h > 0 ? 1 : exp(initialEnergy - h)
            propose = z
            pSharpBegin = sharp
            pSharpEnd = sharp
            for i in rho.indices { rho[i] += z.p[i] }
            pBegin = z.p
            pEnd = z.p
            return !divergent
        }
        let d = z.q.count
        // the first half
        var logSumWeightInitial = -Double.infinity
        var pInitialEnd = [Double](repeating: 0, count: d)
        var pSharpInitialEnd = pInitialEnd
        var rhoInitial = pInitialEnd
        guard
            buildTree(
                depth: depth - 1, propose: &propose, pSharpBegin: &pSharpBegin, pSharpEnd: &pSharpInitialEnd, rho: &rhoInitial, pBegin: &pBegin,
                pEnd: &pInitialEnd, direction: direction, logSumWeight: &logSumWeightInitial)
        else { return false }
        // the second half
        var proposeFinal = z
        var logSumWeightFinal = -Double.infinity
        var pFinalBegin = pInitialEnd
        var pSharpFinalBegin = pInitialEnd
        var rhoFinal = [Double](repeating: 0, count: d)
        guard
            buildTree(
                depth: depth - 1, propose: &proposeFinal, pSharpBegin: &pSharpFinalBegin, pSharpEnd: &pSharpEnd, rho: &rhoFinal,
                pBegin: &pFinalBegin, pEnd: &pEnd, direction: direction, logSumWeight: &logSumWeightFinal)
        else { return false }
        // a multinomial draw between the halves, biased towards the second
        let logSumWeightSubtree = logSumExp(logSumWeightInitial, logSumWeightFinal)
        logSumWeight = logSumExp(logSumWeight, logSumWeightSubtree)
        if logSumWeightFinal > logSumWeightSubtree || generator.uniform() < exp(logSumWeightFinal - logSumWeightSubtree) {
            propose = proposeFinal
        }
        let rhoSubtree = zip(rhoInitial, rhoFinal).map(+)
        for i in rho.indices { rho[i] += rhoSubtree[i] }
        return criterion(pSharpBegin, pSharpEnd, rhoSubtree)
            && criterion(pSharpBegin, pSharpFinalBegin, zip(rhoInitial, pFinalBegin).map(+))
            && criterion(pSharpInitialEnd, pSharpEnd, zip(rhoFinal, pInitialEnd).map(+))
    }

    /// The generalised no-U-turn criterion: the trajectory keeps going while both ends' sharp
    /// momenta point along ρ, the momenta summed over it.
    private func criterion(_ pSharpMinus: [Double], _ pSharpPlus: [Double], _ rho: [Double]) -> Bool {
        dot(pSharpPlus, rho) > 0 && dot(pSharpMinus, rho) > 0
    }

    /// One static HMC transition from `start`: L leapfrog steps with L uniform on 1…⌈π/ε⌉ (an
    /// integration time uniform up to π, half the period of a unit-scale oscillator: random
    /// times avoid the periodic orbits of a fixed one), then a Metropolis accept step; a
    /// trajectory whose energy error passes 1,000 stops there, divergent, and is rejected.
    mutating func staticStep(from start: PhasePoint) -> HamiltonianStep {
        var point = resampledMomentum(start)
        let h0 = energy(point)
        let longest = min(1_023.0, max(1, (Double.pi / stepSize).rounded(.up)))
        let steps = 1 + generator.index(below: Int(longest))
        var taken = 0
        var diverged = false
        var h = h0
        while taken < steps {
            hamiltonian.leapfrog(&point, stepSize: stepSize)
            taken += 1
            h = energy(point)
            if h - h0 > maxEnergyError {
                diverged = true
                break
            }
        }
        let acceptance = diverged ? 0 : min(1, exp(h0 - h))
        let accepted = !diverged && (acceptance >= 1 || generator.uniform() < acceptance)
        let next = accepted ? point : start
        return HamiltonianStep(
            point: next, acceptStatistic: acceptance, treeDepth: 0, leapfrogs: taken, divergent: diverged,
            energy: accepted ? h : h0, moved: accepted)
    }

    /// Stan's `init_stepsize`: doubles or halves ε until one leapfrog step from `start` with a
    /// fresh momentum crosses an acceptance probability of 0.8.
    ///
    /// - Throws: a numerical error when ε passes 10⁷ (an improper posterior) or reaches 0.
    mutating func initializeStepSize(at start: PhasePoint) throws(InferenceError) {
        func logAcceptance(_ transitions: inout HamiltonianTransitions) -> Double {
            var point = transitions.resampledMomentum(start)
            let h0 = transitions.energy(point)
            transitions.hamiltonian.leapfrog(&point, stepSize: transitions.stepSize)
            return h0 - transitions.energy(point)
        }
        let direction = logAcceptance(&self) > log(0.8) ? 1 : -1
        while true {
            let delta = logAcceptance(&self)
            if direction == 1 && !(delta > log(0.8)) || direction == -1 && !(delta < log(0.8)) { return }
            stepSize = direction == 1 ? 2 * stepSize : stepSize / 2
            if stepSize > 1e7 {
                throw .numerical("the posterior looks improper: the sampler's step size grows without bound (it is flat in some direction)")
            }
            if stepSize == 0 {
                throw .numerical("no step size is small enough for the sampler: the posterior may not be continuous")
            }
        }
    }
}

@inline(__always) func dot(_ a: [Double], _ b: [Double]) -> Double {
    var total = 0.0
    for i in a.indices { total += a[i] * b[i] }
    return total
}

/// log(eᵃ + eᵇ), exact when either is −∞.
@inline(__always) func logSumExp(_ a: Double, _ b: Double) -> Double {
    if a == -.infinity { return b }
    if b == -.infinity { return a }
    return max(a, b) + log1p(exp(-abs(a - b)))
}
