import Foundation

/// The prior of grouped counts by type-II maximum likelihood, and what it says of each group.
public struct GroupedEmpiricalBayes: Sendable {
    /// The prior's family: beta for binomial groups, gamma for poisson ones.
    public enum Family: String, Sendable {
        /// Beta(α, β) on each group's success probability.
        case beta
        /// Gamma(shape, rate) on each group's rate.
        case gamma
    }

    /// Which prior was fitted: beta (binomial groups) or gamma (poisson groups).
    public let family: Family
    /// The prior's two parameters (alpha, beta or shape, rate) as an MLE of the marginal
    /// likelihood, with Wald standard errors and intervals from its observed information.
    public let prior: PointEstimate
    /// Each group's own estimate, count/size.
    public let maximumLikelihood: [Double]
    /// Each group's posterior mean under the prior.
    public let posteriorMeans: [Double]

    /// Fits the prior of `family` to `data`.
    public init(_ data: GroupedCounts, family: Family) throws(InferenceError) {
        self.family = family
        maximumLikelihood = data.rates
        switch family {
        case .beta:
            let model = BetaBinomialModel()
            prior = try MaximumLikelihood(model: model).fit(data)
            posteriorMeans = model.posteriorMeans(prior.estimates, on: data)
        case .gamma:
            let model = GammaPoissonModel()
            prior = try MaximumLikelihood(model: model).fit(data)
            posteriorMeans = model.posteriorMeans(prior.estimates, on: data)
        }
    }

    /// The log marginal likelihood of all groups at the prior.
    public var logEvidence: Double { prior.logLikelihood }

    /// The prior's strength: α + β (beta, in trials) or the rate (gamma, in units of exposure):
    /// how much data the prior weighs as.
    public var strength: Double { family == .beta ? prior.estimates[0] + prior.estimates[1] : prior.estimates[1] }

    /// The log marginal likelihood at each prior strength in `strengths`, the prior's mean at its
    /// best for that strength (golden-section search on its logit, or log, within 6 of the
    /// fitted mean's): the evidence curve, which peaks at ``strength``.
    public func evidenceProfile(_ data: GroupedCounts, strengths: [Double]) -> [(strength: Double, logEvidence: Double)] {
        let (a, b) = (prior.estimates[0], prior.estimates[1])
        return strengths.map { strength in
            let value: (Double) -> Double
            let centre: Double
            switch family {
            case .beta:
                let model = BetaBinomialModel()
                centre = log(a / b)  // logit of the mean a/(a + b)
                value = { t in
                    let mean = 1 / (1 + exp(-t))
                    return model.logLikelihood([mean * strength, (1 - mean) * strength], on: data)
                }
            case .gamma:
                let model = GammaPoissonModel()
                centre = log(a / b)  // log of the mean a/b
                value = { t in model.logLikelihood([exp(t) * strength, strength], on: data) }
            }
            let best = GoldenSection.maximize(value, low: centre - 6, high: centre + 6, iterations: 80)
            return (strength, value(best))
        }
    }

    /// The evidence curve on 61 strengths, log-spaced from 10⁻³ to 10³ times the fitted one (the
    /// fitted strength the middle point): what `infer tune` reports and draws.
    public func evidenceCurve(_ data: GroupedCounts) -> [(strength: Double, logEvidence: Double)] {
        evidenceProfile(data, strengths: (0...60).map { strength * pow(10, -3 + Double($0) / 10) })
    }

    /// Whether a standard error of the prior's parameters exceeds its estimate: the marginal
    /// likelihood is then nearly flat along the prior's strength (few groups, or rates that
    /// vary little more than their noise), and the Wald intervals (on the log scale) span many
    /// orders of magnitude.
    public var isWeaklyDetermined: Bool {
        zip(prior.estimates, prior.standardErrors).contains { estimate, error in (error ?? 0) > estimate }
    }
}
