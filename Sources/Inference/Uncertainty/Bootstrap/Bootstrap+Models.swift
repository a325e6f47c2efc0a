extension Family {
    /// The bootstrap of this family's MLE (flat prior) or MAP: nonparametric (rows resampled), or
    /// `parametric` (samples drawn from the family at the estimate); `plan` nil gives the
    /// estimates only.
    public func bootstrap(
        _ sample: Sample, trials: Int? = nil, prior: FamilyPriorSpecification, plan: BootstrapPlan?, studentized: Bool = false,
        parametric: Bool = false, progress: (@Sendable (Int) -> Void)? = nil
    ) throws(InferenceError) -> BootstrapResult {
        try dispatch(trials: trials, prior: prior, BootstrapOperation(
            sample: sample, plan: plan, studentized: studentized, parametric: parametric, progress: progress))
    }

    /// The BCa accelerations of this family's estimates, from the (grouped) jackknife.
    public func bootstrapAccelerations(
        _ sample: Sample, trials: Int? = nil, prior: FamilyPriorSpecification, seed: UInt64
    ) throws(InferenceError) -> [Double] {
        try dispatch(trials: trials, prior: prior, AccelerationOperation(sample: sample, seed: seed))
    }
}

private struct BootstrapOperation: FamilyOperation {
    let sample: Sample
    let plan: BootstrapPlan?
    let studentized: Bool
    let parametric: Bool
    let progress: (@Sendable (Int) -> Void)?

    func run<M: StatisticalModel, P: Prior>(_ model: M, _ prior: P) throws(InferenceError) -> BootstrapResult where M.Data == Sample {
        if parametric {
            guard let simulatable = model as? any SimulatableModel<Sample> else {
                throw .usage("the \(model.name) model cannot simulate data, so it has no parametric bootstrap")
            }
            return try parametricBootstrap(simulatable, prior)
        }
        if prior is FlatPrior {
            return try Bootstrap.estimator(
                MaximumLikelihood(model: model), data: sample, plan: plan, studentized: studentized, progress: progress)
        }
        return try Bootstrap.estimator(
            MaximumAPosteriori(model: model, prior: prior), data: sample, plan: plan, studentized: studentized, progress: progress)
    }
}

extension BootstrapOperation {
    func parametricBootstrap<M: SimulatableModel, P: Prior>(_ model: M, _ prior: P) throws(InferenceError) -> BootstrapResult
    where M.Data == Sample {
        if prior is FlatPrior {
            return try Bootstrap.parametric(
                MaximumLikelihood(model: model), data: sample, plan: plan, studentized: studentized, progress: progress)
        }
        return try Bootstrap.parametric(
            MaximumAPosteriori(model: model, prior: prior), data: sample, plan: plan, studentized: studentized, progress: progress)
    }
}

private struct AccelerationOperation: FamilyOperation {
    let sample: Sample
    let seed: UInt64

    func run<M: StatisticalModel, P: Prior>(_ model: M, _ prior: P) throws(InferenceError) -> [Double] where M.Data == Sample {
        if prior is FlatPrior { return try Bootstrap.accelerations(MaximumLikelihood(model: model), data: sample, seed: seed) }
        return try Bootstrap.accelerations(MaximumAPosteriori(model: model, prior: prior), data: sample, seed: seed)
    }
}

extension Regression {
    /// The bootstrap of this regression's estimates under `penalty`: nonparametric (cases
    /// resampled), or `parametric` (new targets drawn from the fitted model at the same
    /// features); `plan` nil gives the estimates only.
    public func bootstrap(
        _ data: RegressionData, design: RegressionDesign, penalty: Penalty, plan: BootstrapPlan?, studentized: Bool = false,
        parametric: Bool = false, progress: (@Sendable (Int) -> Void)? = nil
    ) throws(InferenceError) -> BootstrapResult {
        try dispatch(data, design: design, BootstrapRegression(
            data: data, penalty: penalty, plan: plan, studentized: studentized, parametric: parametric, progress: progress))
    }

    /// The BCa accelerations of this regression's estimates, from the (grouped) jackknife.
    public func bootstrapAccelerations(_ data: RegressionData, design: RegressionDesign, penalty: Penalty, seed: UInt64) throws(InferenceError) -> [Double] {
        try dispatch(data, design: design, RegressionAccelerations(data: data, penalty: penalty, seed: seed))
    }
}

private struct BootstrapRegression: RegressionOperation {
    let data: RegressionData
    let penalty: Penalty
    let plan: BootstrapPlan?
    let studentized: Bool
    let parametric: Bool
    let progress: (@Sendable (Int) -> Void)?

    func run<M: RegressionModel>(_ model: M) throws(InferenceError) -> BootstrapResult {
        let estimator = try PenalizedRegression(model: model, penalty: penalty)
        if parametric {
            return try Bootstrap.parametric(estimator, data: data, plan: plan, studentized: studentized, progress: progress)
        }
        return try Bootstrap.estimator(estimator, data: data, plan: plan, studentized: studentized, progress: progress)
    }
}

private struct RegressionAccelerations: RegressionOperation {
    let data: RegressionData
    let penalty: Penalty
    let seed: UInt64

    func run<M: RegressionModel>(_ model: M) throws(InferenceError) -> [Double] {
        try Bootstrap.accelerations(try PenalizedRegression(model: model, penalty: penalty), data: data, seed: seed)
    }
}
