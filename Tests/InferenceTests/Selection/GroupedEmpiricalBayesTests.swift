import Foundation
import GSL
import Inference
import Testing
import TestSupport

/// The beta (gamma) prior of grouped counts by type-II maximum likelihood, against scipy
/// (Tests/References/selection/grouped.py), and the shrinkage it buys.
@Suite struct GroupedEmpiricalBayesTests {
    struct Prior: Decodable {
        let alpha: Double?
        let beta: Double?
        let shape: Double?
        let rate: Double?
        let standardErrors: [Double]
        let logLikelihood: Double
        let posteriorMeans: [Double]
        let squaredErrorMLE: Double?
        let squaredErrorPosterior: Double?
    }

    /// A data set's overdispersion score beside the profile likelihood's own slope at infinite
    /// strength and the verdict read off the profile (grouped.py).
    struct Score: Decodable {
        let family: String
        let counts: [Double]
        let sizes: [Double]
        let profileSlopeTimesFactor: Double
        let pooled: Bool
        let estimates: [Double]?
        let logLikelihood: Double?
    }

    struct References: Decodable {
        let batting: Prior
        let accidents: Prior
        let scores: [String: Score]
    }

    let references = try! TestSupport.References.decode(References.self, from: "selection/grouped.json")

    func groups(_ file: String, _ count: String, _ size: String) throws -> (GroupedCounts, Dataset) {
        let dataset = try Dataset.load(path: TestSupport.References.url("selection/\(file)").path)
        return (try GroupedCounts(counts: dataset.column(named: count), sizes: dataset.column(named: size), countName: count, sizeName: size), dataset)
    }

    func close(_ a: Double, _ b: Double, _ tolerance: Double) -> Bool { abs(a - b) <= tolerance * abs(b) }

    /// Efron and Morris's 18 batters: the likelihood is flat in the prior's strength (its standard
    /// error is 6 times the estimate), so α and β agree to the optimiser's 1e-6; the posterior
    /// means, which depend on them through (k + α)/(n + α + β), to 1e-9; and the posterior
    /// means predict the rest of the season with a third of the MLE's squared error.
    @Test func battingAveragesMatchScipyAndShrinkTowardsTheRestOfTheSeason() throws {
        let (data, dataset) = try groups("batting.csv", "hits", "atBats")
        let reference = references.batting
        let fit = try GroupedEmpiricalBayes(data, family: .beta)
        #expect(close(fit.prior.estimates[0], try #require(reference.alpha), 1e-6))
        #expect(close(fit.prior.estimates[1], try #require(reference.beta), 1e-6))
        #expect(abs(fit.logEvidence - reference.logLikelihood) <= 1e-10 * abs(reference.logLikelihood))
        for (a, b) in zip(fit.prior.standardErrors, reference.standardErrors) { #expect(close(a ?? 0, b, 1e-5)) }
        #expect(fit.posteriorMeans.count == 18)
        for (a, b) in zip(fit.posteriorMeans, reference.posteriorMeans) { #expect(close(a, b, 1e-9)) }
        let later = try dataset.column(named: "later")
        let squared = { (estimates: [Double]) in zip(estimates, later).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } }
        #expect(close(squared(fit.maximumLikelihood), try #require(reference.squaredErrorMLE), 1e-12))
        #expect(close(squared(fit.posteriorMeans), try #require(reference.squaredErrorPosterior), 1e-8))
        #expect(squared(fit.posteriorMeans) < squared(fit.maximumLikelihood) / 3)
    }

    @Test func poissonGroupsMatchScipy() throws {
        let (data, _) = try groups("accidents.csv", "events", "exposure")
        let reference = references.accidents
        let fit = try GroupedEmpiricalBayes(data, family: .gamma)
        #expect(close(fit.prior.estimates[0], try #require(reference.shape), 1e-6))
        #expect(close(fit.prior.estimates[1], try #require(reference.rate), 1e-6))
        for (a, b) in zip(fit.prior.standardErrors, reference.standardErrors) { #expect(close(a ?? 0, b, 1e-5)) }
        for (a, b) in zip(fit.posteriorMeans, reference.posteriorMeans) { #expect(close(a, b, 1e-8)) }
    }

    /// Simulated seasons: 300 groups with rates from Beta(30, 70), 20 trials now and 500 later.
    /// The Bayes risk of the posterior mean is 1/(1/Var p + n/E[p(1 − p)]) ≈ 0.0017 against the
    /// MLE's E[p(1 − p)]/n ≈ 0.0104; with the later rates' own noise (≈ 0.0004) the expected
    /// ratio of squared errors is ≈ 0.2, and over 300 groups its Monte-Carlo sd is ≈ 0.02: the
    /// bound 0.4 fails only if the shrinkage does not work.
    @Test func posteriorMeansPredictLaterRatesBetterThanTheMLE() throws {
        let generator = try RandomGenerator(seed: 1975)
        let prior = try GSL.Beta(alpha: 30, beta: 70)
        var now: [Double] = [], later: [Double] = []
        for _ in 0..<300 {
            let p = prior.sample(using: generator)
            now.append(Double(try Binomial(trials: 20, p: p).sample(using: generator)))
            later.append(Double(try Binomial(trials: 500, p: p).sample(using: generator)) / 500)
        }
        let data = try GroupedCounts(counts: now, sizes: [Double](repeating: 20, count: 300), countName: "k", sizeName: "n")
        let fit = try GroupedEmpiricalBayes(data, family: .beta)
        let squared = { (estimates: [Double]) in zip(estimates, later).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } }
        #expect(squared(fit.posteriorMeans) < 0.4 * squared(fit.maximumLikelihood))
        // the prior's mean is recovered: α/(α + β) near 0.3
        #expect(abs(fit.prior.estimates[0] / (fit.prior.estimates[0] + fit.prior.estimates[1]) - 0.3) < 0.02)
    }

    /// Groups whose rates vary no more than their noise have no finite prior strength; all-zero
    /// counts have no prior at all.
    @Test func degenerateGroupsAreNumericalErrors() throws {
        let pooled = try GroupedCounts(counts: [10, 10, 10, 10, 10], sizes: [40, 40, 40, 40, 40], countName: "k", sizeName: "n")
        #expect(throws: InferenceError.self) { try GroupedEmpiricalBayes(pooled, family: .beta) }
        #expect(throws: InferenceError.self) { try GroupedEmpiricalBayes(pooled, family: .gamma) }
        let zeros = try GroupedCounts(counts: [0, 0, 0], sizes: [5, 5, 5], countName: "k", sizeName: "n")
        #expect(throws: InferenceError.self) { try GroupedEmpiricalBayes(zeros, family: .beta) }
        let bad = try GroupedCounts(counts: [3, 7], sizes: [5, 5], countName: "k", sizeName: "n")
        #expect(throws: InferenceError.data("row 2, column k: 7.0 is not a whole number of successes from 0 to n (5.0)")) {
            try GroupedEmpiricalBayes(bad, family: .beta)
        }
    }

    /// Complete pooling is the sign of the overdispersion score, decided by `validate` before any
    /// optimiser runs, so no CPU's rounding can move the verdict (the optimiser's path can). The
    /// score is the profile log-likelihood's slope at infinite strength: grouped.py's
    /// Richardson-extrapolated differences agree with it to their O(h²) error, under 10⁻³
    /// relative. Where the score is positive the MLE is finite and matches scipy's to 1e-6 (the
    /// optimisers' tolerance on these flat likelihoods).
    @Test func completePoolingIsTheSignOfTheOverdispersionScore() throws {
        for (name, reference) in references.scores.sorted(by: { $0.key < $1.key }) {
            let data = try GroupedCounts(counts: reference.counts, sizes: reference.sizes, countName: "k", sizeName: "n")
            let beta = reference.family == "beta"
            let score = beta ? BetaBinomialModel().overdispersionScore(data) : GammaPoissonModel().overdispersionScore(data)
            #expect(abs(score - reference.profileSlopeTimesFactor) <= 1e-3 * abs(score), "\(name): \(score)")
            #expect((score <= 0) == reference.pooled, "\(name)")
            if reference.pooled {
                do {
                    try beta ? BetaBinomialModel().validate(data) : GammaPoissonModel().validate(data)
                    Issue.record("\(name): validate accepted groups that pool completely")
                } catch {
                    #expect(error.kind == .numerical && error.message.contains("complete pooling"), "\(name): \(error)")
                }
                continue
            }
            let fit = try GroupedEmpiricalBayes(data, family: beta ? .beta : .gamma)
            if let estimates = reference.estimates, let logLikelihood = reference.logLikelihood {
                for (a, b) in zip(fit.prior.estimates, estimates) { #expect(close(a, b, 1e-6), "\(name)") }
                #expect(abs(fit.logEvidence - logLikelihood) <= 1e-10 * abs(logLikelihood), "\(name)")
            }
        }
    }

    /// The evidence curve against the prior's strength peaks at the fitted strength, where it is
    /// the fitted prior's log evidence (the mean at its best for that strength is the fitted one).
    @Test func theEvidenceProfilePeaksAtTheFittedStrength() throws {
        for (file, count, size, family) in [("batting.csv", "hits", "atBats", GroupedEmpiricalBayes.Family.beta),
                                            ("accidents.csv", "events", "exposure", .gamma)] {
            let (data, _) = try groups(file, count, size)
            let fit = try GroupedEmpiricalBayes(data, family: family)
            let strengths = (0...40).map { fit.strength * pow(10, -2 + Double($0) / 10) }
            let profile = fit.evidenceProfile(data, strengths: strengths)
            #expect(profile.allSatisfy { $0.logEvidence <= fit.logEvidence + 1e-9 })
            #expect(abs(profile[20].logEvidence - fit.logEvidence) <= 1e-9 * abs(fit.logEvidence))
        }
    }
}
