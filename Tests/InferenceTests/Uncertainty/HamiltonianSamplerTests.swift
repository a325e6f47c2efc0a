import Foundation
import GSL
@testable import Inference
import Testing
import TestSupport

/// A correlated bivariate normal (ρ = 0.9, sds 1 and 3): log density and gradient in closed form.
private struct CorrelatedNormal: LogDensity {
    let rho = 0.9
    let scales = [1.0, 3.0]
    var parameterSupports: [ParameterSupport] { [.real, .real] }

    func logDensity(_ x: [Double]) -> Double {
        let (a, b) = (x[0] / scales[0], x[1] / scales[1])
        return -(a * a - 2 * rho * a * b + b * b) / (2 * (1 - rho * rho))
    }

    func gradient(_ x: [Double]) -> [Double] {
        let (a, b) = (x[0] / scales[0], x[1] / scales[1])
        let c = 1 - rho * rho
        return [-(a - rho * b) / (c * scales[0]), -(b - rho * a) / (c * scales[1])]
    }

    func hessian(_ x: [Double]) -> Matrix? { nil }
}

/// The pieces of HMC and NUTS: the integrator, Stan's warmup schedule, the sampler columns and
/// the divergences, each against what it must be.
@Suite struct HamiltonianSamplerTests {
    /// Leapfrog is time-reversible (forward L steps, momentum flipped, L steps: the start to
    /// rounding) and its energy error is O(ε²): 20 steps of ε = 0.05 lose less than 0.01.
    @Test func leapfrogIsReversibleAndNearlyConservesEnergy() {
        let hamiltonian = Hamiltonian(space: UnconstrainedTarget(target: CorrelatedNormal()), metric: EuclideanMetric(variances: [1, 9]))
        let start = hamiltonian.point(at: [0.3, -1.2], momentum: [0.8, -0.4])
        let h0 = hamiltonian.energy(start, velocity: hamiltonian.metric.velocity(start.p))
        var z = start
        for _ in 0..<20 { hamiltonian.leapfrog(&z, stepSize: 0.05) }
        #expect(abs(hamiltonian.energy(z, velocity: hamiltonian.metric.velocity(z.p)) - h0) < 0.01)
        #expect(zip(z.q, start.q).map { abs($0 - $1) }.max()! > 0.1)
        z.p = z.p.map { -$0 }
        for _ in 0..<20 { hamiltonian.leapfrog(&z, stepSize: 0.05) }
        #expect(zip(z.q, start.q).allSatisfy { abs($0 - $1) < 1e-12 }, "\(z.q)")
        #expect(zip(z.p, start.p).allSatisfy { abs($0 + $1) < 1e-12 }, "\(z.p)")
    }

    /// A dense metric's momentum has covariance M = Σ⁻¹: its velocity M⁻¹p has covariance Σ. For
    /// z = (1, 0) and (0, 1) the momentum solves Lᵀp = z exactly.
    @Test func denseMetricDrawsMomentaOfTheInverseCovariance() throws {
        let covariance = try Matrix(rowArrays: [[4, 1.8], [1.8, 1]])
        let metric = try #require(EuclideanMetric(covariance: covariance))
        let lower = try CholeskyDecomposition(covariance).lower
        for z in [[1.0, 0], [0, 1.0]] {
            let p = metric.momentum(from: z)
            // Lᵀp = z
            let back = (0..<2).map { i -> Double in (i..<2).reduce(0.0) { total, k in total + lower[k, i] * p[k] } }
            #expect(zip(back, z).allSatisfy { abs($0 - $1) < 1e-14 })
        }
        let expected: [Double] = [4 + 3.6, 1.8 + 2]
        #expect(metric.velocity([1, 2]) == expected)
        #expect(metric.diagonal == [4, 1])
    }

    /// Stan's windows for 1,000 warmup iterations: 75 iterations of step size only, metric
    /// windows ending at iterations 99, 149, 249, 449 and 949 (25, 50, 100, 200 and the last
    /// stretched to 500), 50 terminal ones. 100 iterations split 15 / 75 / 10; under 20, none.
    @Test func warmupWindowsAreStans() {
        func ends(_ warmup: Int) -> (ends: [Int], collected: [Int]) {
            var windows = WarmupWindows(warmup: warmup)
            var ends: [Int] = []
            var collected: [Int] = []
            for iteration in 0..<warmup {
                if windows.collects { collected.append(iteration) }
                if windows.advance() { ends.append(iteration) }
            }
            return (ends, collected)
        }
        let stan = ends(1_000)
        #expect(stan.ends == [99, 149, 249, 449, 949])
        #expect(stan.collected == Array(75..<950))
        #expect(ends(100).ends == [89])
        #expect(ends(100).collected == Array(15..<90))
        #expect(ends(150).ends == [99])
        #expect(ends(19).ends.isEmpty && ends(19).collected.isEmpty)
    }

    /// Dual averaging settles where the acceptance statistic averages δ = 0.8: fed a statistic that
    /// falls as ε grows, it finds the ε where the statistic is 0.8.
    @Test func dualAveragingFindsTheTargetAcceptance() {
        var averaging = DualAveraging(restartingAt: 1)
        var epsilon = 1.0
        for _ in 0..<2_000 { epsilon = averaging.learn(exp(-epsilon * epsilon)) }
        // exp(−ε²) = 0.8 at ε = √(log 1.25)
        #expect(abs(averaging.finalStepSize - log(1.25).squareRoot()) < 0.01, "\(averaging.finalStepSize)")
    }

    /// NUTS on the correlated normal: means within 4 MCSE of 0, sds within 6%, bulk ESS above 800
    /// of 6,000 draws (rstan 2.21's NUTS, 4 × 1,500 after 1,000 warmup: 1,340 with diag_e, 4,700
    /// with dense_e), the sampler columns filled as Stan fills them (a tree of depth d took at
    /// least 2^d − 1 and fewer than 2^(d+1) steps), no divergence; the dense metric learns the
    /// correlation and needs shorter trees than the diagonal one.
    @Test func nutsSamplesACorrelatedNormal() throws {
        var meanLeapfrogs: [MetricKind: Double] = [:]
        for metric in [MetricKind.diagonal, .dense] {
            let settings = try SamplerSettings(chains: 4, warmup: 1_000, draws: 1_500, proposal: .nuts, seed: 21, metric: metric)
            let chains = try PosteriorSampler.run(target: CorrelatedNormal(), mode: [0, 0], settings: settings, ids: [1, 2, 3, 4], threads: 2)
            let sample = try PosteriorSample(parameterNames: ["a", "b"], chains: chains)
            for (k, summary) in sample.diagnostics().enumerated() {
                #expect(abs(summary.mean) < 4 * (try #require(summary.mcse)), "\(metric) \(k): \(summary.mean)")
                #expect(abs(summary.sd / [1.0, 3.0][k] - 1) < 0.06, "\(metric) \(k): sd \(summary.sd)")
                #expect(try #require(summary.essBulk) > 800, "\(metric) \(k) \(summary.essBulk ?? 0)")
            }
            let traces = chains.compactMap(\.hamiltonian)
            #expect(traces.count == 4)
            for trace in traces {
                #expect(trace.divergences == 0)
                #expect(Set(trace.stepSize).count == 1, "one step size after warmup")
                #expect(zip(trace.treeDepth, trace.leapfrogSteps).allSatisfy { depth, steps in steps >= max(1, (1 << depth) - 1) && steps < 1 << (depth + 1) })
            }
            meanLeapfrogs[metric] = Double(traces.flatMap(\.leapfrogSteps).reduce(0, +)) / Double(4 * 1_500)
        }
        let (dense, diagonal) = (try #require(meanLeapfrogs[.dense]), try #require(meanLeapfrogs[.diagonal]))
        #expect(dense < diagonal, "\(meanLeapfrogs)")
    }

    /// Uniform(a, b) under a flat prior: the density drops to 0 at a = min x and b = max x, a wall
    /// trajectories run into. They are reported as divergences (and warned about), and NUTS still
    /// keeps every draw inside the support.
    @Test func trajectoriesIntoAWallDiverge() throws {
        let values: [Double] = [2.3, 4.1, 3.3, 2.9, 3.8, 2.6, 4.0, 3.1]
        let settings = try SamplerSettings(chains: 2, warmup: 500, draws: 1_000, proposal: .nuts, seed: 8)
        let sample = try Family.uniform.samplePosterior(Sample(values), prior: .flat, settings: settings, threads: 2)
        let divergences = sample.chains.compactMap(\.hamiltonian).map(\.divergences)
        #expect(divergences.count == 2 && divergences.reduce(0, +) > 0, "\(divergences)")
        #expect(sample.chains.allSatisfy { $0.draws.allSatisfy { $0[0] <= 2.3 && $0[1] >= 4.1 } })
        #expect(sample.warnings(sample.diagnostics()).contains { $0.contains("diverged") })
    }

    /// Chain k of NUTS and HMC is the same alone as in a full run on other threads (stream k).
    @Test func hamiltonianChainsAreTheSameAloneAndInAFullRun() throws {
        for proposal in [ProposalKind.nuts, .hmc] {
            let settings = try SamplerSettings(chains: 3, warmup: 200, draws: 200, proposal: proposal, seed: 5)
            let full = try PosteriorSampler.run(target: CorrelatedNormal(), mode: [0, 0], settings: settings, ids: [1, 2, 3], threads: 2)
            let alone = try PosteriorSampler.run(target: CorrelatedNormal(), mode: [0, 0], settings: settings, ids: [2], threads: 1)
            #expect(alone[0].draws == full[1].draws && alone[0].hamiltonian == full[1].hamiltonian, "\(proposal)")
            #expect(full[0].draws != full[1].draws)
        }
    }

    /// The regressions' one-pass log-likelihood and gradient (what each leapfrog step asks) agree
    /// with their log-likelihood and gradient computed apart, to rounding.
    @Test func fusedPassesAgreeWithTheSeparateOnes() throws {
        func check<M: RegressionModel>(_ model: M, _ data: RegressionData, _ parameters: [Double]) throws {
            let (value, gradient) = try #require(model.logLikelihoodAndGradient(parameters, on: data))
            let expected = model.logLikelihood(parameters, on: data)
            #expect(abs(value - expected) <= 1e-12 * abs(expected), "\(model.name): \(value) vs \(expected)")
            let separate = try #require(model.gradient(parameters, on: data))
            for (a, b) in zip(gradient, separate) { #expect(abs(a - b) <= 1e-10 * max(1, abs(b)), "\(model.name): \(a) vs \(b)") }
        }
        let load = { (file: String) throws -> RegressionData in
            try RegressionData(try Dataset.load(path: References.url(file).path), target: "y")
        }
        let logistic = try load("regression/logistic.csv")
        try check(LogisticRegressionModel(featureNames: logistic.featureNames), logistic, [0.2, -0.5, 0.8, 0.1, -0.3])
        let poisson = try load("regression/poisson.csv")
        try check(PoissonRegressionModel(featureNames: poisson.featureNames), poisson, [0.4, 0.2, -0.1, 0.05])
        let softmax = try load("regression/softmax.csv")
        let classes = SoftmaxRegressionModel.classCount(of: softmax)
        try check(
            SoftmaxRegressionModel(featureNames: softmax.featureNames, classCount: classes), softmax,
            (0..<((classes - 1) * 4)).map { 0.1 * Double($0 % 5) - 0.2 })
        let linear = try load("regression/linear.csv")
        try check(LinearRegressionModel(featureNames: linear.featureNames), linear, [0.5] + linear.featureNames.map { _ in 0.3 } + [1.7])
        // no fused pass is a nil answer, and a wrong number of parameters too
        #expect(LogisticRegressionModel(featureNames: logistic.featureNames).logLikelihoodAndGradient([1], on: logistic) == nil)
    }
}
