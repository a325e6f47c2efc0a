import Foundation
import Inference
import Testing
import TestSupport

/// Reference fits from Tests/References/fit/families.py: the exact MLE (scipy's `.fit`,
/// polished to 1e-13 with Newton's method in 50-digit arithmetic) and the exact observed
/// information.
struct FamilyFitReference: Decodable, Sendable {
    struct Parameter: Decodable, Sendable {
        let name: String
        let estimate: Double
        let scipy: Double
        let standardError: Double?
    }

    let family: String
    let data: String
    let trials: Int?
    let n: Int
    let logLikelihood: Double
    let parameters: [Parameter]

    static let all: [FamilyFitReference] = {
        struct File: Decodable { let fits: [FamilyFitReference] }
        return (try? References.decode(File.self, from: "fit/families.json"))?.fits ?? []
    }()

    func sample() throws -> Sample {
        let dataset = try Dataset.load(path: References.url("fit/\(data)").path)
        return Sample(dataset.columns[0].numbers!, name: dataset.columnNames[0])
    }
}

@Suite struct FamilyMaximumLikelihoodTests {
    @Test func everyFamilyHasAReference() {
        #expect(Set(FamilyFitReference.all.map(\.family)) == Set(Family.allCases.map(\.rawValue)))
    }

    /// Estimates to 1e-6 relative of scipy's answer (the requirement) and 1e-8 of the exact
    /// MLE; log-likelihood to 1e-10; standard errors to 1e-6 (analytic information) or 1e-5
    /// (student-t, whose Hessian is a central difference of the analytic gradient, error ~h²).
    @Test(arguments: FamilyFitReference.all.map(\.family))
    func agreesWithScipy(_ family: String) throws {
        let reference = try #require(FamilyFitReference.all.first { $0.family == family })
        let fit = try #require(Family(rawValue: family)).maximumLikelihood(try reference.sample(), trials: reference.trials)
        #expect(fit.observationCount == reference.n)
        #expect(fit.parameterNames == reference.parameters.map(\.name))
        #expect(isClose(fit.logLikelihood, reference.logLikelihood, relative: 1e-10))
        let seTolerance = family == "student-t" ? 1e-5 : 1e-6
        for (k, parameter) in reference.parameters.enumerated() {
            // scipy's own optimiser stops short of the optimum (by 1.5e-6 for student-t's nu):
            // allow 1e-6 beyond scipy's distance from the exact MLE
            let scipyError = abs(parameter.scipy - parameter.estimate) / abs(parameter.estimate)
            #expect(isClose(fit.estimates[k], parameter.scipy, relative: 1e-6 + scipyError), "\(family) \(parameter.name) vs scipy")
            #expect(isClose(fit.estimates[k], parameter.estimate, relative: 1e-8), "\(family) \(parameter.name) vs exact MLE")
            if let se = parameter.standardError {
                #expect(isClose(fit.standardErrors[k] ?? .nan, se, relative: seTolerance), "\(family) se(\(parameter.name))")
            } else {
                #expect(fit.standardErrors[k] == nil, "\(family) \(parameter.name) should have no standard error")
            }
        }
        #expect(fit.converged)
        // the one family that is not regular says why it has no standard errors
        #expect(fit.warnings == (family == "uniform" ? [try #require(UniformModel().nonRegularity)] : []))
    }

    @Test func threeHeadsInThreeFlipsIsABoundaryEstimateWithAWarning() throws {
        let fit = try Family.bernoulli.maximumLikelihood(Sample([1, 1, 1], name: "heads"))
        #expect(fit.estimates == [1])
        #expect(fit.standardErrors == [nil])
        #expect(try fit.intervals(level: 0.95) == [nil])
        #expect(fit.warnings == ["the estimate lies on the boundary of the parameter space (p = 1.0): no Wald interval; consider a prior"])
    }

    @Test func waldIntervalsUseTheNormalQuantile() throws {
        let fit = try Family.gaussian.maximumLikelihood(Sample([1, 2, 4, 7, 11]))
        let interval = try #require(try fit.intervals(level: 0.9)[0])
        let z = 1.6448536269514722  // scipy.stats.norm.ppf(0.95)
        let se = try #require(fit.standardErrors[0])
        #expect(isClose(interval.lowerBound, 5 - z * se, relative: 1e-14))
        #expect(isClose(interval.upperBound, 5 + z * se, relative: 1e-14))
        #expect(throws: InferenceError.self) { try fit.intervals(level: 1) }
    }

    @Test func dataOutsideTheSupportIsADataErrorNamingTheRow() {
        let cases: [(Family, [Double], String)] = [
            (.bernoulli, [0, 1, 2], "row 3, column x: 2.0 is outside the support of the bernoulli model (0 or 1)"),
            (.poisson, [1, 2.5], "row 2, column x: 2.5 is outside the support of the poisson model (whole numbers from 0 to below 4·10⁹)"),
            (.gamma, [1, 0, 2], "row 2, column x: 0.0 is outside the support of the gamma model (x > 0)"),
            (.beta, [0.5, 1], "row 2, column x: 1.0 is outside the support of the beta model (0 < x < 1)"),
            (.exponential, [-1, 2], "row 1, column x: -1.0 is outside the support of the exponential model (x ≥ 0)"),
            (.lognormal, [1, -2], "row 2, column x: -2.0 is outside the support of the lognormal model (x > 0)"),
            (.gaussian, [1], "the gaussian model needs at least 2 rows, got 1"),
        ]
        for (family, values, message) in cases {
            #expect(throws: InferenceError.data(message)) { try family.maximumLikelihood(Sample(values)) }
        }
        #expect(throws: InferenceError.data(
            "row 1, column x: 11.0 is outside the support of the binomial model (whole numbers from 0 to 10 (trials))")) {
            try Family.binomial.maximumLikelihood(Sample([11]), trials: 10)
        }
        #expect(throws: InferenceError.usage("the binomial model needs the number of trials behind each row (trials N)")) {
            try Family.binomial.maximumLikelihood(Sample([1]))
        }
    }

    @Test func degenerateDataHasNoMLEAndSaysSo() throws {
        for family in [Family.gaussian, .lognormal, .uniform, .laplace, .gamma, .beta, .studentT] {
            let constant = Sample([0.5, 0.5, 0.5, 0.5])
            #expect(throws: InferenceError.self, "\(family)") { try family.maximumLikelihood(constant) }
            do {
                _ = try family.maximumLikelihood(constant)
            } catch {
                #expect(error.exitCode == 70, "\(family): \(error.message)")
            }
        }
        let gaussian = try Dataset.load(path: References.url("fit/gaussian.csv").path).columns[0].numbers!
        #expect(throws: InferenceError.numerical(
            "the student-t MLE does not exist for x: nu grows without bound (the tails are no heavier than a Gaussian's); use the gaussian model (model gaussian)")) {
            try Family.studentT.maximumLikelihood(Sample(gaussian))
        }
        #expect(throws: InferenceError.numerical("every value is 0: the exponential rate's MLE does not exist (it is infinite)")) {
            try Family.exponential.maximumLikelihood(Sample([0, 0]))
        }
    }
}
