import Foundation
import Inference
import Testing
import TestSupport

/// A model written by a library user: the Weibull family with only its log-likelihood (the
/// library's own ``WeibullModel`` has analytic derivatives and a start; this one has neither).
///
/// log L(k, λ) = Σ log k − log λ + (k − 1) log(xᵢ/λ) − (xᵢ/λ)ᵏ.
struct HandWrittenWeibull: StatisticalModel {
    var parameterNames: [String] { ["shape", "scale"] }
    var parameterSupports: [ParameterSupport] { [.positive, .positive] }

    func validate(_ data: [Double]) throws(InferenceError) {
        guard data.count >= 2 else { throw .data("the weibull model needs at least 2 rows") }
        if let row = data.firstIndex(where: { !($0 > 0) }) {
            throw .data("row \(row + 1): \(data[row]) is outside the support of the weibull model (x > 0)")
        }
    }

    func logLikelihood(_ parameters: [Double], on data: [Double]) -> Double {
        guard parameters.count == 2, parameters[0] > 0, parameters[1] > 0 else { return -.infinity }  // outside the support
        let (k, lambda) = (parameters[0], parameters[1])
        return data.reduce(0) { sum, x in sum + log(k) - log(lambda) + (k - 1) * log(x / lambda) - pow(x / lambda, k) }
    }
}

@Suite struct ThirdPartyModelTests {
    struct Reference: Decodable {
        struct Parameter: Decodable {
            let name: String
            let estimate: Double
            let scipy: Double
            let standardError: Double
        }

        let logLikelihood: Double
        let parameters: [Parameter]
    }

    /// Only a log-likelihood: the MLE comes from BFGS and Newton steps on finite-difference
    /// derivatives, so estimates agree to 1e-7 and standard errors (second differences of a
    /// first difference, error ~ε/h² ≈ 1e-6) to 1e-4.
    /// Four members suffice: the name and the row count come from their defaults; and a fit
    /// prints as a summary to read (AIC 2k − 2 log L, BIC k log n − 2 log L), not a struct dump.
    @Test func theDefaultsNameTheModelAndCountTheRows() throws {
        #expect(HandWrittenWeibull().name == "HandWrittenWeibull")
        #expect(HandWrittenWeibull().observationCount([1, 2, 3]) == 3)
        let data = [0.8, 1.9, 2.4, 0.6, 1.2, 3.1, 1.7, 0.9, 2.2, 1.4]
        let fit = try MaximumLikelihood(model: HandWrittenWeibull()).fit(data)
        #expect(fit.akaikeInformationCriterion == 4 - 2 * fit.logLikelihood)
        #expect(fit.bayesianInformationCriterion == 2 * log(10.0) - 2 * fit.logLikelihood)
        let summary = String(describing: fit)
        #expect(summary.hasPrefix("HandWrittenWeibull MLE, n = 10\nparameter"))
        #expect(summary.contains("\nshape ") && summary.contains("\nscale ") && summary.contains(", AIC ") && summary.contains("converged in"))
        #expect(!summary.contains("PointEstimate("))
        #expect(ModelConformance.check(HandWrittenWeibull(), on: data).passed)
    }

    @Test func aModelWithOnlyALogLikelihoodGetsTheMLEAndWaldIntervals() throws {
        let reference = try References.decode(Reference.self, from: "fit/weibull.json")
        let data = try Dataset.load(path: References.url("fit/weibull.csv").path).columns[0].numbers!
        let fit = try MaximumLikelihood(model: HandWrittenWeibull()).fit(data)
        #expect(fit.parameterNames == ["shape", "scale"])
        #expect(isClose(fit.logLikelihood, reference.logLikelihood, relative: 1e-12))
        for (k, parameter) in reference.parameters.enumerated() {
            #expect(isClose(fit.estimates[k], parameter.estimate, relative: 1e-7), "\(parameter.name)")
            #expect(isClose(fit.estimates[k], parameter.scipy, relative: 1e-5), "\(parameter.name) vs scipy")
            #expect(isClose(fit.standardErrors[k] ?? .nan, parameter.standardError, relative: 1e-4), "se(\(parameter.name))")
        }
        #expect(try fit.intervals(level: 0.95).allSatisfy { $0 != nil })
    }

    /// MAP under a gamma prior on the shape, and the Laplace approximation at that mode, with
    /// nothing more than the log-likelihood: the MAP shape lies between the prior's mode (1)
    /// and the MLE, and the Laplace mode is the MAP.
    @Test func itGetsMAPAndTheLaplaceApproximationToo() throws {
        let data = try Dataset.load(path: References.url("fit/weibull.csv").path).columns[0].numbers!
        let prior = try GammaPrior(shape: 2, rate: 1, parameterIndex: 0)
        let mle = try MaximumLikelihood(model: HandWrittenWeibull()).fit(data)
        let map = try MaximumAPosteriori(model: HandWrittenWeibull(), prior: prior).fit(data)
        #expect(map.method == .maximumAPosteriori)
        #expect(map.estimates[0] > 1 && map.estimates[0] < mle.estimates[0])
        #expect(map.standardErrors.allSatisfy { $0 != nil })
        let laplace = try LaplaceApproximation(
            target: Posterior(model: HandWrittenWeibull(), prior: prior, data: data), mode: map.estimates,
            parameterNames: HandWrittenWeibull().parameterNames)
        #expect(laplace.mode == map.estimates)
        #expect(laplace.logEvidence.isFinite)
        for (sd, se) in zip(laplace.standardDeviations, map.standardErrors) { #expect(isClose(sd, se ?? .nan, relative: 1e-6)) }
    }

    @Test func itsValidationErrorsComeThrough() {
        #expect(throws: InferenceError.data("row 2: -1.0 is outside the support of the weibull model (x > 0)")) {
            try MaximumLikelihood(model: HandWrittenWeibull()).fit([1, -1, 2])
        }
    }
}
