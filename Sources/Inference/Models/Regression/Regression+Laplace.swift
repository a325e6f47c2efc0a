extension Regression {
    /// The Laplace approximation of the contract's posterior: for `linear` the full posterior of
    /// (b, w, σ) (``LinearPosterior``), for the others ``RegressionPrior`` times the likelihood.
    ///
    /// - Throws: a usage error for a laplace or elastic-net prior with an L1 part (not
    ///   differentiable at 0: use `infer sample` for that posterior).
    public func laplaceApproximation(
        _ data: RegressionData, design: RegressionDesign, penalty: Penalty
    ) throws(InferenceError) -> LaplaceApproximation {
        guard penalty.isSmooth else {
            throw .usage(
                "the \(penalty.priorName) prior is not differentiable at 0, so it has no Laplace approximation; use \(setting("prior")) gaussian, or infer sample for this posterior")
        }
        if self == .linear {
            let model = LinearRegressionModel(featureNames: data.featureNames, design: design)
            try model.validate(data)
            let posterior = try LinearPosterior(model: model, data: data, lambda: penalty.l2)
            return try LaplaceApproximation(target: posterior, mode: try posterior.mode(), parameterNames: model.parameterNames)
        }
        return try dispatch(data, design: design, ApproximateRegression(data: data, penalty: penalty))
    }
}

private struct ApproximateRegression: RegressionOperation {
    let data: RegressionData
    let penalty: Penalty

    func run<M: RegressionModel>(_ model: M) throws(InferenceError) -> LaplaceApproximation {
        try approximate(model, data, penalty)
    }

    func approximate<M: RegressionModel>(_ model: M, _ data: RegressionData, _ penalty: Penalty) throws(InferenceError) -> LaplaceApproximation {
        let mode = try PenalizedRegression(model: model, penalty: penalty).fit(data)
        let prior = try RegressionPrior(penalty: penalty, model: model, data: data)
        return try LaplaceApproximation(
            target: Posterior(model: model, prior: prior, data: data), mode: mode.estimates, parameterNames: model.parameterNames)
    }
}
