/// The calibration studies of the catalog's families and regressions, as the command line runs
/// them: each opens the model and its prior, and hands them to the generic study.
extension Family {
    /// The coverage study `study` of this family under `prior` (the posterior of the `laplace`
    /// and `credible` methods; the flat prior leaves only the MLE's methods), on data sets of up
    /// to the study's largest size; replications `replications`.
    public func coverage(
        _ study: CoverageStudy, trials: Int? = nil, prior: FamilyPriorSpecification, replications: ClosedRange<Int>, threads: Int = 1,
        progress: (@Sendable (Int) -> Void)? = nil
    ) throws(InferenceError) -> [CoverageReplication] {
        let model = try model(trials: trials)
        return try Self.coverage(study, model: model, prior: try self.prior(prior, for: model), replications: replications, threads: threads, progress: progress)
    }

    private static func coverage<M: DistributionFamily>(
        _ study: CoverageStudy, model: M, prior: some Prior, replications: ClosedRange<Int>, threads: Int, progress: (@Sendable (Int) -> Void)?
    ) throws(InferenceError) -> [CoverageReplication] {
        let template = Sample([Double](repeating: 0, count: study.sizes.last ?? 1))
        return try study.run(ModelCalibrationSubject(model: model, prior: prior, template: template), replications: replications, threads: threads, progress: progress)
    }

    /// Simulation-based calibration of this family's posterior under the proper `prior`, on data
    /// sets of `rows` rows (``SimulationBasedCalibration/run(model:prior:like:settings:replications:seed:threads:progress:)``).
    public func simulationBasedCalibration(
        rows: Int, trials: Int? = nil, prior: FamilyPriorSpecification, settings: SamplerSettings, replications: ClosedRange<Int>,
        seed: UInt64, threads: Int = 1, progress: (@Sendable (Int) -> Void)? = nil
    ) throws(InferenceError) -> SimulationBasedCalibrationResult {
        guard rows >= 1 else { throw .usage("a data set needs at least 1 row, got \(rows)") }
        let model = try model(trials: trials)
        return try SimulationBasedCalibration.run(
            model: model, prior: try self.prior(prior, for: model), like: Sample([Double](repeating: 0, count: rows)), settings: settings,
            replications: replications, seed: seed, threads: threads, progress: progress)
    }
}

extension Regression {
    /// The coverage study `study` of this regression: targets simulated at the first rows of
    /// `data`'s design (its features), under `penalty` for the posterior's methods.
    public func coverage(
        _ study: CoverageStudy, data: RegressionData, design: RegressionDesign, penalty: Penalty, replications: ClosedRange<Int>,
        threads: Int = 1, progress: (@Sendable (Int) -> Void)? = nil
    ) throws(InferenceError) -> [CoverageReplication] {
        try Self.coverage(study, model: try model(for: data, design: design), data: data, penalty: penalty, replications: replications, threads: threads, progress: progress)
    }

    private static func coverage<M: RegressionModel>(
        _ study: CoverageStudy, model: M, data: RegressionData, penalty: Penalty, replications: ClosedRange<Int>, threads: Int,
        progress: (@Sendable (Int) -> Void)?
    ) throws(InferenceError) -> [CoverageReplication] {
        let subject = try RegressionCalibrationSubject(model: model, penalty: penalty, design: data)
        return try study.run(subject, replications: replications, threads: threads, progress: progress)
    }

    /// Simulation-based calibration of this regression's posterior under `penalty`, targets
    /// simulated at the first `rows` rows of `data`'s design; a usage error unless the prior is
    /// proper on every parameter (the contract's regression priors leave the intercept flat).
    public func simulationBasedCalibration(
        data: RegressionData, design: RegressionDesign, penalty: Penalty, rows: Int, settings: SamplerSettings,
        replications: ClosedRange<Int>, seed: UInt64, threads: Int = 1, progress: (@Sendable (Int) -> Void)? = nil
    ) throws(InferenceError) -> SimulationBasedCalibrationResult {
        try Self.simulationBasedCalibration(
            model: try model(for: data, design: design), data: data, penalty: penalty, rows: rows, settings: settings, replications: replications,
            seed: seed, threads: threads, progress: progress)
    }

    private static func simulationBasedCalibration<M: RegressionModel>(
        model: M, data: RegressionData, penalty: Penalty, rows: Int, settings: SamplerSettings, replications: ClosedRange<Int>, seed: UInt64,
        threads: Int, progress: (@Sendable (Int) -> Void)?
    ) throws(InferenceError) -> SimulationBasedCalibrationResult {
        guard (1...data.rowCount).contains(rows) else {
            throw .usage("size \(rows) is not among the 1…\(data.rowCount) rows whose design the targets are simulated at")
        }
        let prior = try RegressionPrior(penalty: penalty, model: model, data: data)
        return try SimulationBasedCalibration.run(
            model: model, prior: prior, like: data.rows(Array(0..<rows)), settings: settings, replications: replications, seed: seed,
            threads: threads, progress: progress)
    }
}
