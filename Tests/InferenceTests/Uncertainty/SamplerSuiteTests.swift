import Foundation
import GSL
import Inference
import Testing
import TestSupport

/// The posterior suite the default proposal was chosen on, at sizes a debug build samples in
/// seconds (Benchmarks/bench/samplers.py runs the full sizes, with rstan beside): the default
/// settings (NUTS with the automatic metric, 4 chains × 1,000 draws after 1,000 warmup, seed 1) must reach R-hat < 1.01 and
/// bulk and tail ESS ≥ 400 on every parameter of every posterior, with no warning. The same
/// thresholds that ``PosteriorSample/warnings(_:)`` applies, so a pass is a run a user sees
/// without a warning.
@Suite struct SamplerSuiteTests {
    private func check(_ name: String, _ sample: PosteriorSample) throws {
        let summaries = sample.diagnostics()
        #expect(sample.warnings(summaries).isEmpty, "\(name): \(sample.warnings(summaries))")
        for (parameter, summary) in zip(sample.parameterNames, summaries) {
            #expect(try #require(summary.rhat) < 1.01, "\(name) \(parameter)")
            #expect(try #require(summary.essBulk) >= 400, "\(name) \(parameter)")
            #expect(try #require(summary.essTail) >= 400, "\(name) \(parameter)")
        }
        #expect(sample.chains.allSatisfy { $0.hamiltonian?.divergences == 0 }, "\(name): divergences")
    }

    private func regression(_ file: String) throws -> RegressionData {
        try RegressionData(try Dataset.load(path: References.url(file).path), target: "y")
    }

    @Test func regressions() throws {
        let settings = try SamplerSettings()
        #expect(settings.proposal == .nuts && settings.metric == .automatic)
        for (model, file) in [(Regression.logistic, "regression/logistic.csv"), (.poissonRegression, "regression/poisson.csv"), (.softmax, "regression/softmax.csv")] {
            let sample = try model.samplePosterior(try regression(file), design: RegressionDesign(), penalty: .gaussian(lambda: 1), settings: settings, threads: 2)
            try check("\(model)", sample)
        }
    }

    /// 100 rows of 20 features that are AR(1) with ρ = 0.9 across columns: strongly correlated
    /// weights, which random walks cannot cross in 1,000 draws.
    @Test func linearWithCorrelatedFeatures() throws {
        let generator = try RandomGenerator(seed: 90)
        let normal = try Normal()
        let (n, p) = (100, 20)
        var columns = [[Double]](repeating: [], count: p + 1)
        for _ in 0..<n {
            var x = normal.sample(using: generator)
            var y = 1 + normal.sample(using: generator)
            for j in 0..<p {
                if j > 0 { x = 0.9 * x + (1 - 0.81).squareRoot() * normal.sample(using: generator) }
                columns[j].append(x)
                if j % 5 == 0 { y += 0.5 * x }
            }
            columns[p].append(y)
        }
        let dataset = try Dataset(columnNames: (1...p).map { "x\($0)" } + ["y"], columns: columns)
        let sample = try Regression.linear.samplePosterior(
            try RegressionData(dataset, target: "y"), design: RegressionDesign(), penalty: .gaussian(lambda: 1), settings: try SamplerSettings(),
            threads: 2)
        try check("linear AR(1)", sample)
    }

    /// Skewed and bounded: the gamma family on 10 rows (flat prior), the student-t on 15 rows with
    /// a gamma(2, 0.1) prior on ν (Juárez & Steel 2010), and 3 heads in 3 flips (flat prior: Beta(4,
    /// 1), its mode at the boundary p = 1).
    @Test func smallSamplesAndBoundaries() throws {
        let settings = try SamplerSettings()
        let gamma = Array(try Dataset.load(path: References.url("fit/gamma.csv").path).column(named: "x").prefix(10))
        try check("gamma", try Family.gamma.samplePosterior(Sample(gamma), prior: .flat, settings: settings, threads: 2))
        let values = Array(try Dataset.load(path: References.url("fit/student-t.csv").path).column(named: "x").prefix(15))
        let model = StudentTModel()
        let prior = try GammaPrior(shape: 2, rate: 0.1, on: "nu", of: model)
        try check("student-t", try model.samplePosterior(Sample(values), prior: prior, settings: settings, threads: 2))
        try check("coin", try Family.bernoulli.samplePosterior(Sample([1, 1, 1]), prior: .flat, settings: settings, threads: 2))
    }
}
