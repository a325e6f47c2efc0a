import Foundation

extension Family {
    /// Metropolis–Hastings draws from this family's posterior under `prior` (a flat prior on
    /// every parameter the prior does not cover), chains `chainIDs` of `settings` (all C by default).
    ///
    /// - Throws: a usage error for student-t, whose posterior under a flat prior on `nu` is improper
    ///   (the likelihood tends to the Gaussian one as ν → ∞, so it does not vanish); data and
    ///   numerical errors from the fit that centres the chains.
    public func samplePosterior(
        _ sample: Sample, trials: Int? = nil, prior: FamilyPriorSpecification, settings: SamplerSettings, chainIDs: [Int]? = nil,
        threads: Int = 1, progress: (@Sendable (Int) -> Void)? = nil
    ) throws(InferenceError) -> PosteriorSample {
        if self == .studentT {
            throw .usage(
                "the student-t posterior is improper under the flat prior on nu (the likelihood does not vanish as nu grows), so it cannot be sampled; use infer fit or infer bootstrap")
        }
        if let minimum = properPosteriorRows(prior), sample.count < minimum {
            throw .data(
                "the \(rawValue) posterior under a flat prior is improper with fewer than \(minimum) rows (the likelihood does not vanish as the scale grows); got \(sample.count)")
        }
        let run = SamplingRun(settings: settings, ids: try settings.validatedIDs(chainIDs), threads: threads, progress: progress)
        return try dispatch(trials: trials, prior: prior, SampleFamily(sample: sample, run: run))
    }

    /// The rows below which the flat-prior posterior cannot be normalised: for a location and a
    /// scale with flat priors, ∫ p dμ ∝ σ¹⁻ⁿ needs n ≥ 3 to be integrable as σ → ∞; for the
    /// uniform, ∫∫ (b − a)⁻ⁿ over a < min, b > max needs n ≥ 3 too. nil: proper for any valid data.
    private func properPosteriorRows(_ prior: FamilyPriorSpecification) -> Int? {
        switch self {
        case .gaussian where prior == .flat, .lognormal, .laplace, .uniform: 3
        default: nil
        }
    }
}

extension Regression {
    /// Metropolis–Hastings draws from the contract's posterior of this regression under `penalty`:
    /// ``LinearPosterior`` for `linear`, ``RegressionPrior`` times the likelihood for the others.
    /// A laplace or elastic-net prior, not differentiable where weights are 0, takes its proposal
    /// covariance from the posterior under a gaussian prior of the same variance.
    public func samplePosterior(
        _ data: RegressionData, design: RegressionDesign, penalty: Penalty, settings: SamplerSettings, chainIDs: [Int]? = nil,
        threads: Int = 1, progress: (@Sendable (Int) -> Void)? = nil
    ) throws(InferenceError) -> PosteriorSample {
        let run = SamplingRun(settings: settings, ids: try settings.validatedIDs(chainIDs), threads: threads, progress: progress)
        if self == .linear {
            let model = LinearRegressionModel(featureNames: data.featureNames, design: design)
            try model.validate(data)
            let posterior = try LinearPosterior(model: model, data: data, penalty: penalty)
            let mode = try posterior.mode()
            var curvature: LinearPosterior?
            if !penalty.isSmooth {
                let sigma = mode[mode.count - 1]
                curvature = try LinearPosterior(
                    model: model, data: data, penalty: .gaussian(lambda: penalty.l2 + penalty.l1 * penalty.l1 / (2 * sigma * sigma)))
            }
            return try run.draws(posterior, mode: mode, curvature: curvature, names: model.parameterNames)
        }
        return try dispatch(data, design: design, SampleRegression(data: data, penalty: penalty, run: run))
    }
}

extension SamplerSettings {
    /// `ids` (default 1…C), each checked to lie in 1…C.
    func validatedIDs(_ ids: [Int]?) throws(InferenceError) -> [Int] {
        guard let ids else { return Array(1...chains) }
        for id in ids where !(1...chains).contains(id) {
            throw .usage("\(setting("chain-id")) must lie in 1…\(chains) (the chains of the full run), got \(id)")
        }
        return ids
    }
}

/// The sampler's settings and the chains to run.
private struct SamplingRun {
    let settings: SamplerSettings
    let ids: [Int]
    let threads: Int
    let progress: (@Sendable (Int) -> Void)?

    func draws(_ target: some LogDensity, mode: [Double], curvature: (any LogDensity)?, names: [String]) throws(InferenceError) -> PosteriorSample {
        let chains = try MetropolisHastings.run(
            target: target, mode: mode, curvature: curvature, settings: settings, ids: ids, threads: threads, progress: progress)
        return try PosteriorSample(parameterNames: names, chains: chains)
    }
}

private struct SampleFamily: FamilyOperation {
    let sample: Sample
    let run: SamplingRun

    func run<M: StatisticalModel, P: Prior>(_ model: M, _ prior: P) throws(InferenceError) -> PosteriorSample where M.Data == Sample {
        let mode = try FitOperation(sample: sample).run(model, prior)
        return try run.draws(Posterior(model: model, prior: prior, data: sample), mode: mode.estimates, curvature: nil, names: model.parameterNames)
    }
}

private struct SampleRegression: RegressionOperation {
    let data: RegressionData
    let penalty: Penalty
    let run: SamplingRun

    func run<M: RegressionModel>(_ model: M) throws(InferenceError) -> PosteriorSample {
        let mode = try PenalizedRegression(model: model, penalty: penalty).fit(data)
        let prior = try RegressionPrior(penalty: penalty, model: model, data: data)
        var curvature: (any LogDensity)?
        if !penalty.isSmooth {
            // Laplace(0, 1/λ) has variance 2/λ²: a gaussian prior of precision λ²/2 matches it
            let matched = try RegressionPrior(
                penalty: .gaussian(lambda: penalty.l2 + penalty.l1 * penalty.l1 / 2), model: model, data: data)
            curvature = Posterior(model: model, prior: matched, data: data)
        }
        return try run.draws(Posterior(model: model, prior: prior, data: data), mode: mode.estimates, curvature: curvature, names: model.parameterNames)
    }
}
