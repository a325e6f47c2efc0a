import Foundation
import Inference
import Testing
import TestSupport

/// MAP estimates of the families against Tests/References/fit/map.py (scipy.stats).
@Suite struct MaximumAPosterioriTests {
    struct Reference: Decodable {
        struct Conjugate: Decodable {
            let label: String
            let data: String
            let family: String
            let prior: [Double]
            let posterior: [Double]
            let mode: Double
            let mean: Double
            let sd: Double
            let lower: Double
            let upper: Double
        }

        struct Gaussian: Decodable {
            let mu: Double
            let sigma: Double
            let seMu: Double
            let seSigma: Double
            let logPosterior: Double
        }

        let conjugate: [Conjugate]
        let gaussian: Gaussian
    }

    static let reference = try? References.decode(Reference.self, from: "fit/map.json")

    func sample(_ data: String) throws -> Sample {
        if data == "coin-flips" { return Sample([1, 1, 1], name: "heads") }
        return Sample(try Dataset.load(path: References.url("fit/\(data)").path).columns[0].numbers!)
    }

    @Test func threeHeadsInThreeFlips() throws {
        let flips = Sample([1, 1, 1], name: "heads")
        #expect(try Family.bernoulli.estimate(flips, prior: .flat).estimates == [1])
        #expect(try Family.bernoulli.estimate(flips, prior: .beta(2, 2)).estimates == [0.8])
        #expect(abs(try Family.bernoulli.estimate(flips, prior: .beta(10, 10)).estimates[0] - 12.0 / 21) < 1e-15)
    }

    /// Exact posteriors: parameters exact; mode, mean and sd to rounding; credible interval
    /// endpoints to the 1e-12 of the distribution quantiles.
    @Test func conjugatePosteriorsAreExact() throws {
        let reference = try #require(Self.reference)
        for entry in reference.conjugate {
            let family: Family = entry.family == "beta" ? .bernoulli : (entry.data.hasPrefix("poisson") ? .poisson : .exponential)
            let prior: FamilyPriorSpecification =
                entry.family == "beta" ? .beta(entry.prior[0], entry.prior[1]) : .gamma(entry.prior[0], entry.prior[1])
            let fit = try family.estimate(try sample(entry.data), prior: prior)
            let posterior = try #require(fit.exactPosterior, "\(entry.label)")
            #expect(fit.method == .maximumAPosteriori)
            #expect(posterior.parameters.map(\.value) == entry.posterior, "\(entry.label)")
            #expect(isClose(fit.estimates[0], entry.mode, relative: 1e-14), "\(entry.label) mode")
            #expect(isClose(posterior.mean, entry.mean, relative: 1e-14), "\(entry.label) mean")
            #expect(isClose(fit.standardErrors[0] ?? .nan, entry.sd, relative: 1e-13), "\(entry.label) sd")
            let interval = try #require(try fit.intervals(level: 0.95)[0])
            #expect(isClose(interval.lowerBound, entry.lower, relative: 1e-12), "\(entry.label) lower")
            #expect(isClose(interval.upperBound, entry.upper, relative: 1e-12), "\(entry.label) upper")
        }
    }

    @Test func aUniformPriorLeavesTheBoundaryMLEWithAWarning() throws {
        let fit = try Family.bernoulli.estimate(Sample([1, 1, 1]), prior: .beta(1, 1))
        #expect(fit.estimates == [1])
        #expect(fit.warnings.count == 1)
        #expect(fit.logPosterior == nil || fit.logPosterior?.isFinite == true)
        #expect(try fit.intervals(level: 0.95)[0] != nil)
    }

    /// The joint mode of (mu, sigma) under normal(0,1) on mu: to the minimiser's 1e-9
    /// tolerance; standard errors from the exact Hessian to 1e-8.
    @Test func gaussianMeanUnderANormalPrior() throws {
        let reference = try #require(Self.reference).gaussian
        let fit = try Family.gaussian.estimate(try sample("gaussian.csv"), prior: .normal(0, 1))
        #expect(isClose(fit.estimates[0], reference.mu, relative: 1e-9))
        #expect(isClose(fit.estimates[1], reference.sigma, relative: 1e-9))
        #expect(isClose(fit.standardErrors[0] ?? .nan, reference.seMu, relative: 1e-8))
        #expect(isClose(fit.standardErrors[1] ?? .nan, reference.seSigma, relative: 1e-8))
        #expect(isClose(fit.logPosterior ?? .nan, reference.logPosterior, relative: 1e-12))
        #expect(fit.priorName == "normal(0,1)")
    }

    @Test func priorsAreParsedAndMatchedToTheirFamilies() throws {
        #expect(try FamilyPriorSpecification(parsing: "beta(2, 2)") == .beta(2, 2))
        #expect(try FamilyPriorSpecification(parsing: "Gamma(1,0.5)") == .gamma(1, 0.5))
        #expect(try FamilyPriorSpecification(parsing: "flat") == .flat)
        for bad in ["beta(2)", "beta(a,b)", "cauchy(0,1)", "beta", "beta(2,2"] {
            #expect(throws: InferenceError.self, "\(bad)") { try FamilyPriorSpecification(parsing: bad) }
        }
        #expect(throws: InferenceError.usage("the gamma model takes prior flat only")) {
            try Family.gamma.estimate(Sample([1, 2]), prior: .beta(2, 2))
        }
        #expect(throws: InferenceError.usage("beta(-1.0,2.0): both shapes must be positive and finite")) {
            try Family.bernoulli.estimate(Sample([1, 0]), prior: .beta(-1, 2))
        }
    }
}
