import Foundation
import Inference
import Testing
import TestSupport

/// Every built-in model passes the conformance checks a user's model is asked to pass
/// (gradient and Hessian against central differences, −∞ outside the support, the MLE a
/// stationary point, a closed form no worse than the search); and the checks catch a model
/// that breaks them.
@Suite struct ModelConformanceTests {
    func sample(_ family: String) throws -> Sample {
        let dataset = try Dataset.load(path: References.url("fit/\(family).csv").path)
        return Sample(dataset.columns[0], name: dataset.columnNames[0])
    }

    func regression(_ file: String) throws -> RegressionData {
        try RegressionData(try Dataset.load(path: References.url("regression/\(file).csv").path), target: "y")
    }

    @Test func everyFamilyConforms() throws {
        let families: [(String, any StatisticalModel<Sample>)] = [
            ("bernoulli", BernoulliModel()), ("binomial", try BinomialModel(trials: 10)), ("poisson", PoissonModel()),
            ("exponential", ExponentialModel()), ("gaussian", GaussianModel()), ("uniform", UniformModel()), ("laplace", LaplaceModel()),
            ("gamma", GammaModel()), ("beta", BetaModel()), ("lognormal", LogNormalModel()), ("student-t", StudentTModel()),
        ]
        for (file, model) in families {
            let report = ModelConformance.check(model, on: try sample(file))
            #expect(report.passed, "\(file): \(report)")
        }
    }

    @Test func everyRegressionAndGroupedModelConforms() throws {
        let linear = try regression("linear"), logistic = try regression("logistic"), poisson = try regression("poisson")
        let softmax = try regression("softmax")
        let reports = [
            ("linear", ModelConformance.check(LinearRegressionModel(featureNames: linear.featureNames), on: linear)),
            ("logistic", ModelConformance.check(LogisticRegressionModel(featureNames: logistic.featureNames), on: logistic)),
            ("poisson-regression", ModelConformance.check(PoissonRegressionModel(featureNames: poisson.featureNames), on: poisson)),
            ("softmax", ModelConformance.check(SoftmaxRegressionModel(featureNames: softmax.featureNames, classCount: 3), on: softmax)),
        ]
        for (name, report) in reports { #expect(report.passed, "\(name): \(report)") }
        let batting = try Dataset.load(path: References.url("selection/batting.csv").path)
        let groups = try GroupedCounts(counts: try batting.column(named: "hits"), sizes: try batting.column(named: "atBats"), countName: "hits", sizeName: "atBats")
        #expect(ModelConformance.check(BetaBinomialModel(), on: groups).passed)  // it once trapped on three parameters
        let accidents = try Dataset.load(path: References.url("selection/accidents.csv").path)
        let events = try GroupedCounts(
            counts: try accidents.column(named: "events"), sizes: try accidents.column(named: "exposure"), countName: "events", sizeName: "exposure")
        #expect(ModelConformance.check(GammaPoissonModel(), on: events).passed)
    }

    /// A model whose gradient is wrong by a factor, and one that gives NaN outside its support,
    /// are both caught.
    @Test func theChecksCatchABrokenModel() throws {
        struct Broken: StatisticalModel {
            let wrongGradient: Bool
            var parameterNames: [String] { ["rate"] }
            var parameterSupports: [ParameterSupport] { [.positive] }
            func validate(_ data: [Double]) throws(InferenceError) {}
            func logLikelihood(_ parameters: [Double], on data: [Double]) -> Double {
                guard parameters.count == 1 else { return -.infinity }
                let rate = parameters[0]
                return data.reduce(0) { $0 + log(rate) - rate * $1 }  // NaN for a negative rate: log of it
            }
            func gradient(_ parameters: [Double], on data: [Double]) -> [Double]? {
                let rate = parameters[0]
                return [(wrongGradient ? 2 : 1) * data.reduce(0) { $0 + 1 / rate - $1 }]
            }
        }
        let data = [0.5, 1.2, 0.3, 2.2, 0.9]
        let wrong = ModelConformance.check(Broken(wrongGradient: true), on: data)
        #expect(wrong.failures.contains { $0.hasPrefix("the gradient at") })
        let nan = ModelConformance.check(Broken(wrongGradient: false), on: data)
        #expect(nan.failures.contains { $0.contains("outside its support") } && !nan.failures.contains { $0.hasPrefix("the gradient at") })
    }
}
