import Foundation

/// The one-call analyses of any regression under a penalty, the user's own as much as the
/// built-in ones: what the command line runs for each subcommand.
extension RegressionModel {
    /// The estimate under `penalty`: the MLE with ``Penalty/none``, the MAP otherwise.
    public func fitted(_ data: RegressionData, penalty: Penalty) throws(InferenceError) -> PointEstimate {
        try PenalizedRegression(model: self, penalty: penalty).fit(data)
    }

    /// The Laplace approximation of the contract's posterior (``posterior(under:on:)``).
    ///
    /// - Throws: a usage error for a prior with an L1 part (not differentiable at 0).
    public func laplaceApproximation(_ data: RegressionData, penalty: Penalty) throws(InferenceError) -> LaplaceApproximation {
        guard penalty.isSmooth else {
            throw .usage(
                "the \(penalty.priorName) prior is not differentiable at 0, so it has no Laplace approximation; use \(setting("prior")) gaussian, or infer sample for this posterior")
        }
        let posterior = try posterior(under: penalty, on: data)
        return try LaplaceApproximation(target: posterior.density, mode: posterior.mode, parameterNames: parameterNames)
    }

    /// Posterior draws (``SamplerSettings/proposal``: Metropolis–Hastings or Hamiltonian) from the contract's posterior under `penalty`
    /// (``posterior(under:on:)``), chains `chainIDs` of `settings` (all of them by default).
    public func samplePosterior(
        _ data: RegressionData, penalty: Penalty, settings: SamplerSettings, chainIDs: [Int]? = nil, threads: Int = 1,
        progress: (@Sendable (Int) -> Void)? = nil
    ) throws(InferenceError) -> PosteriorSample {
        let ids = try settings.validatedIDs(chainIDs)
        let posterior = try posterior(under: penalty, on: data)
        let chains = try PosteriorSampler.run(
            target: posterior.density, mode: posterior.mode, curvature: posterior.proposalCurvature, settings: settings, ids: ids,
            threads: threads, progress: progress)
        return try PosteriorSample(parameterNames: parameterNames, chains: chains)
    }

    /// The bootstrap of the estimates under `penalty`: nonparametric (cases resampled), or
    /// `parametric` (new targets drawn from the fitted model at the same features); `plan` nil
    /// gives the estimates only.
    public func bootstrap(
        _ data: RegressionData, penalty: Penalty, plan: BootstrapPlan?, studentized: Bool = false, parametric: Bool = false,
        progress: (@Sendable (Int) -> Void)? = nil
    ) throws(InferenceError) -> BootstrapResult {
        let estimator = try PenalizedRegression(model: self, penalty: penalty)
        if parametric { return try Bootstrap.parametric(estimator, data: data, plan: plan, studentized: studentized, progress: progress) }
        return try Bootstrap.estimator(estimator, data: data, plan: plan, studentized: studentized, progress: progress)
    }

    /// The BCa accelerations of the estimates under `penalty`, from the (grouped) jackknife.
    public func bootstrapAccelerations(_ data: RegressionData, penalty: Penalty, seed: UInt64) throws(InferenceError) -> [Double] {
        try Bootstrap.accelerations(try PenalizedRegression(model: self, penalty: penalty), data: data, seed: seed)
    }

    /// The mean `loss` over `data`'s rows of the coefficients `estimates`: how a fit predicts rows
    /// it was not fitted to.
    ///
    /// - Throws: a usage error for misclassification on a model that is not a classifier, or for
    ///   as many estimates as the model has not parameters; data errors from validating `data`.
    public func heldOutLoss(_ loss: HeldOutLoss, of estimates: [Double], on data: RegressionData) throws(InferenceError) -> Double {
        try loss.check(for: self)
        guard estimates.count == parameterNames.count else {
            throw .usage("\(estimates.count) coefficients for the \(parameterNames.count) parameters of the \(name) model")
        }
        try validate(data)
        return meanLoss(loss, of: estimates, on: data)
    }
}

extension RegressionData {
    /// b + xᵢᵀw for each row, for the coefficients (b, w) at the front of `coefficients` (b = 0
    /// without an intercept); NaN rows when the product fails.
    public func linearPredictor(_ coefficients: [Double], intercept: Bool) -> [Double] {
        let offset = intercept ? 1 : 0
        let b = intercept ? coefficients[0] : 0
        let w = Array(coefficients[offset..<(offset + featureCount)])
        let xw = (try? features.multiplied(by: w)) ?? [Double](repeating: .nan, count: rowCount)
        return xw.map { $0 + b }
    }
}
