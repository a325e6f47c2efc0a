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
        return Sample(dataset.columns[0].numbers!, name: dataset.columnNames[0])
    }

    func regression(_ file: String) throws -> RegressionData {
        try RegressionData(try Dataset.load(path: References.url("regression/\(file).csv").path), target: "y")
    }

    /// Every family of the catalog, with each prior it takes (a conjugate one's exact mode against
    /// the numerical MAP) and data simulated at its MLE recovered within 5 standard errors.
    @Test(arguments: Family.allCases)
    func everyFamilyConforms(_ family: Family) throws {
        let model = try family.model(trials: 10)
        let priors = try family.priorForms.map { form in
            try family.prior(FamilyPriorSpecification(name: form.name, arguments: [2, 3]), for: model)
        }
        let report = ModelConformance.check(model, on: try sample(family.rawValue), priors: priors)
        #expect(report.passed, "\(family): \(report)")
    }

    /// Every regression of the catalog, and the models of grouped counts.
    @Test func everyRegressionAndGroupedModelConforms() throws {
        let files = ["linear": "linear", "logistic": "logistic", "poisson-regression": "poisson", "softmax": "softmax"]
        for regression in Regression.allCases {
            let data = try self.regression(try #require(files[regression.rawValue]))
            let report = ModelConformance.check(try regression.model(for: data, design: RegressionDesign()), on: data)
            #expect(report.passed, "\(regression): \(report)")
        }
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

    /// A family whose simulation disagrees with its likelihood (it draws at twice the rate it
    /// says), and a conjugate update with a wrong count, are both caught.
    @Test func theChecksCatchASimulationOrAConjugacyThatLies() throws {
        struct Lying: DistributionFamily, GammaConjugateLikelihood {
            let wrongUpdate: Bool
            var parameterNames: [String] { ["rate"] }
            var parameterSupports: [ParameterSupport] { [.positive] }
            var rateIndex: Int { 0 }
            func validate(_ data: Sample) throws(InferenceError) {}
            func logLikelihood(_ parameters: [Double], on data: Sample) -> Double {
                guard parameters.count == 1, parameters[0] > 0 else { return -.infinity }
                return data.values.reduce(0) { $0 + log(parameters[0]) - parameters[0] * $1 }
            }
            func simulate(_ parameters: [Double], like data: Sample, using generator: RandomGenerator) -> Sample? {
                let rate = parameters[0] * (wrongUpdate ? 1 : 2)
                return Sample((0..<data.count).map { _ in -log(generator.uniformPositive()) / rate })
            }
            func gammaIncrements(on data: Sample) -> (shape: Double, rate: Double) {
                (Double(data.count) + (wrongUpdate ? 5 : 0), data.sum)
            }
        }
        let data = try sample("exponential")
        let prior = try GammaPrior(shape: 2, rate: 3)
        let simulation = ModelConformance.check(Lying(wrongUpdate: false), on: data, priors: [prior])
        #expect(simulation.failures.count == 1 && simulation.failures[0].contains("the simulation and the likelihood disagree"), "\(simulation)")
        let update = ModelConformance.check(Lying(wrongUpdate: true), on: data, priors: [prior])
        #expect(update.failures.count == 1 && update.failures[0].contains("the exact posterior's mode"), "\(update)")
        #expect(ModelConformance.check(ExponentialModel(), on: data, priors: [prior]).passed)
    }
}
