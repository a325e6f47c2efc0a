/// The one-call analyses of any model, the user's own as much as the built-in ones: each is a
/// line, and each is what the command line runs for its subcommand.
extension StatisticalModel {
    /// The maximum-likelihood estimate on `data`, with Wald standard errors.
    public func maximumLikelihood(_ data: Data) throws(InferenceError) -> PointEstimate {
        try MaximumLikelihood(model: self).fit(data)
    }

    /// The estimate under `prior`: the MLE under ``FlatPrior``, the MAP otherwise
    /// (``PosteriorMode``).
    public func estimate(_ data: Data, prior: some Prior) throws(InferenceError) -> PointEstimate {
        try PosteriorMode(model: self, prior: prior).fit(data)
    }

    /// The Laplace approximation of the posterior under `prior` (a flat prior counts as density
    /// 1), at its mode.
    ///
    /// - Throws: a numerical error for a model that is not regular (``nonRegularity``), whose
    ///   likelihood has no curvature at its maximum; errors of the fit that finds the mode.
    public func laplaceApproximation(_ data: Data, prior: some Prior) throws(InferenceError) -> LaplaceApproximation {
        let mode = try estimate(data, prior: prior)
        if nonRegularity != nil {
            throw .numerical("the \(name) likelihood is not differentiable at its maximum: no Laplace approximation")
        }
        return try LaplaceApproximation(target: Posterior(model: self, prior: prior, data: data), mode: mode.estimates, parameterNames: parameterNames)
    }

    /// Posterior draws (``SamplerSettings/proposal``: Metropolis–Hastings or Hamiltonian) from the posterior under `prior`, chains `chainIDs` of
    /// `settings` (all of them by default), each centred at the posterior's mode.
    ///
    /// - Throws: the errors of ``requireProperPosterior(under:on:)``; a usage error for chain ids
    ///   outside 1…`settings.chains`; errors of the fit that finds the mode.
    public func samplePosterior(
        _ data: Data, prior: some Prior, settings: SamplerSettings, chainIDs: [Int]? = nil, threads: Int = 1,
        progress: (@Sendable (Int) -> Void)? = nil
    ) throws(InferenceError) -> PosteriorSample {
        try requireProperPosterior(under: prior, on: data)
        let ids = try settings.validatedIDs(chainIDs)
        let mode = try estimate(data, prior: prior)
        let chains = try PosteriorSampler.run(
            target: Posterior(model: self, prior: prior, data: data), mode: mode.estimates, settings: settings, ids: ids, threads: threads,
            progress: progress)
        return try PosteriorSample(parameterNames: parameterNames, chains: chains)
    }
}

extension StatisticalModel where Data: Resamplable {
    /// The nonparametric bootstrap of the estimate under `prior` (the MLE under a flat prior):
    /// rows resampled and refitted; `plan` nil gives the estimates only.
    public func bootstrap(
        _ data: Data, prior: some Prior, plan: BootstrapPlan?, studentized: Bool = false, progress: (@Sendable (Int) -> Void)? = nil
    ) throws(InferenceError) -> BootstrapResult {
        try Bootstrap.estimator(PosteriorMode(model: self, prior: prior), data: data, plan: plan, studentized: studentized, progress: progress)
    }

    /// The BCa accelerations of the estimate under `prior`, from the (grouped) jackknife.
    public func bootstrapAccelerations(_ data: Data, prior: some Prior, seed: UInt64) throws(InferenceError) -> [Double] {
        try Bootstrap.accelerations(PosteriorMode(model: self, prior: prior), data: data, seed: seed)
    }
}

extension SimulatableModel {
    /// The parametric bootstrap of the estimate under `prior`: data drawn from the model at the
    /// estimate and refitted; `plan` nil gives the estimates only.
    public func parametricBootstrap(
        _ data: Data, prior: some Prior, plan: BootstrapPlan?, studentized: Bool = false, progress: (@Sendable (Int) -> Void)? = nil
    ) throws(InferenceError) -> BootstrapResult {
        try Bootstrap.parametric(PosteriorMode(model: self, prior: prior), data: data, plan: plan, studentized: studentized, progress: progress)
    }
}
