extension Family {
    /// The nonparametric bootstrap of this family's MLE (flat prior) or MAP; `plan` nil gives the
    /// estimates only.
    public func bootstrap(
        _ sample: Sample, trials: Int? = nil, prior: FamilyPriorSpecification, plan: BootstrapPlan?, studentized: Bool = false,
        progress: (@Sendable (Int) -> Void)? = nil
    ) throws(InferenceError) -> BootstrapResult {
        try dispatch(trials: trials, prior: prior, BootstrapOperation(sample: sample, plan: plan, studentized: studentized, progress: progress))
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
    let progress: (@Sendable (Int) -> Void)?

    func run<M: StatisticalModel, P: Prior>(_ model: M, _ prior: P) throws(InferenceError) -> BootstrapResult where M.Data == Sample {
        if prior is FlatPrior {
            return try Bootstrap.estimator(
                MaximumLikelihood(model: model), data: sample, plan: plan, studentized: studentized, progress: progress)
        }
        return try Bootstrap.estimator(
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
    /// The nonparametric (case-resampling) bootstrap of this regression's estimates under
    /// `penalty`; `plan` nil gives the estimates only.
    public func bootstrap(
        _ data: RegressionData, design: RegressionDesign, penalty: Penalty, plan: BootstrapPlan?, studentized: Bool = false,
        progress: (@Sendable (Int) -> Void)? = nil
    ) throws(InferenceError) -> BootstrapResult {
        try dispatch(data, design: design, BootstrapRegression(
            data: data, penalty: penalty, plan: plan, studentized: studentized, progress: progress))
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
    let progress: (@Sendable (Int) -> Void)?

    func run<M: RegressionModel>(_ model: M) throws(InferenceError) -> BootstrapResult {
        try Bootstrap.estimator(
            try PenalizedRegression(model: model, penalty: penalty), data: data, plan: plan, studentized: studentized, progress: progress)
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
