import Foundation
import GSL

/// A model that can draw new data from itself: what the parametric bootstrap resamples from.
public protocol SimulatableModel<Data>: StatisticalModel {
    /// A data set shaped like `data` (as many rows; for regressions the same features) drawn from
    /// the model at `parameters`; nil when the parameters do not define a distribution.
    func simulate(_ parameters: [Double], like data: Data, using generator: RandomGenerator) -> Data?
}

extension Bootstrap {
    /// The parametric bootstrap of `estimator`: replicate k draws a data set from the model at the
    /// estimate, with stream k of the seed, and refits. With `plan` nil only the estimates are
    /// computed (as `--merge` needs).
    public static func parametric<E: Estimator>(
        _ estimator: E, data: E.Model.Data, plan: BootstrapPlan?, studentized: Bool = false,
        progress: (@Sendable (Int) -> Void)? = nil
    ) throws(InferenceError) -> BootstrapResult where E.Model: SimulatableModel {
        let (fit, estimateVariances) = try fitForBootstrap(estimator, data, studentized: studentized)
        guard let plan else {
            return BootstrapResult(
                parameterNames: fit.parameterNames, estimates: fit.estimates, estimateVariances: estimateVariances, replicates: [])
        }
        let model = estimator.model
        let estimates = fit.estimates
        let replicates = try BootstrapEngine.run(plan: plan, progress: progress) { generator, _ in
            let simulated = model.simulate(estimates, like: data, using: generator)
            return replicateOutcome(simulated.flatMap { try? estimator.refit($0, near: estimates, standardErrors: studentized) }, studentized: studentized)
        }
        return BootstrapResult(
            parameterNames: fit.parameterNames, estimates: fit.estimates, estimateVariances: estimateVariances, replicates: replicates)
    }
}

// MARK: - Families

/// As many draws of a continuous distribution as `data` has rows, under its column's name; nil
/// when the distribution cannot be built.
private func draws(like data: Sample, _ make: () throws(GSLError) -> some ContinuousDistribution, _ generator: RandomGenerator) -> Sample? {
    guard let distribution = try? make() else { return nil }
    return Sample(distribution.sample(data.count, using: generator), name: data.name)
}

/// As many draws of a discrete distribution as `data` has rows, under its column's name; nil
/// when the distribution cannot be built.
private func counts(like data: Sample, _ make: () throws(GSLError) -> some DiscreteDistribution, _ generator: RandomGenerator) -> Sample? {
    guard let distribution = try? make() else { return nil }
    return Sample(distribution.sample(data.count, using: generator).map(Double.init), name: data.name)
}

extension BernoulliModel: SimulatableModel {
    /// As many Bernoulli(p) draws (0 or 1) as `data` has rows; nil unless p is a probability.
    public func simulate(_ parameters: [Double], like data: Sample, using generator: RandomGenerator) -> Sample? {
        counts(like: data, { () throws(GSLError) in try Bernoulli(p: parameters[0]) }, generator)
    }
}

extension BinomialModel: SimulatableModel {
    /// As many Binomial(m, p) counts as `data` has rows, m the model's `trials`; nil unless p is a
    /// probability.
    public func simulate(_ parameters: [Double], like data: Sample, using generator: RandomGenerator) -> Sample? {
        counts(like: data, { () throws(GSLError) in try Binomial(trials: trials, p: parameters[0]) }, generator)
    }
}

extension PoissonModel: SimulatableModel {
    /// As many Poisson(λ) counts as `data` has rows: all 0 at λ = 0 (the fit to counts that are
    /// all 0, whose replicates are then 0 too); nil unless 0 ≤ λ < 2³¹ − 1.
    public func simulate(_ parameters: [Double], like data: Sample, using generator: RandomGenerator) -> Sample? {
        if parameters[0] == 0 { return Sample([Double](repeating: 0, count: data.count), name: data.name) }
        return counts(like: data, { () throws(GSLError) in try Poisson(mean: parameters[0]) }, generator)
    }
}

extension ExponentialModel: SimulatableModel {
    /// As many Exponential(rate) times as `data` has rows; nil unless the rate is positive and
    /// finite.
    public func simulate(_ parameters: [Double], like data: Sample, using generator: RandomGenerator) -> Sample? {
        draws(like: data, { () throws(GSLError) in try Exponential(rate: parameters[0]) }, generator)
    }
}

extension GaussianModel: SimulatableModel {
    /// As many N(μ, σ²) draws as `data` has rows, from (mu, sigma); nil unless μ is finite and
    /// σ > 0.
    public func simulate(_ parameters: [Double], like data: Sample, using generator: RandomGenerator) -> Sample? {
        draws(like: data, { () throws(GSLError) in try Normal(mean: parameters[0], standardDeviation: parameters[1]) }, generator)
    }
}

extension UniformModel: SimulatableModel {
    /// As many Uniform(a, b) draws as `data` has rows, from (a, b); nil unless a < b, both finite.
    public func simulate(_ parameters: [Double], like data: Sample, using generator: RandomGenerator) -> Sample? {
        draws(like: data, { () throws(GSLError) in try Uniform(lower: parameters[0], upper: parameters[1]) }, generator)
    }
}

extension LaplaceModel: SimulatableModel {
    /// As many Laplace(μ, b) draws as `data` has rows, from (mu, b); nil unless μ is finite and
    /// b > 0.
    public func simulate(_ parameters: [Double], like data: Sample, using generator: RandomGenerator) -> Sample? {
        draws(like: data, { () throws(GSLError) in try Laplace(location: parameters[0], scale: parameters[1]) }, generator)
    }
}

extension GammaModel: SimulatableModel {
    /// As many Gamma(shape, rate) draws as `data` has rows, from (shape, rate); nil unless both
    /// are positive.
    public func simulate(_ parameters: [Double], like data: Sample, using generator: RandomGenerator) -> Sample? {
        draws(like: data, { () throws(GSLError) in try Gamma(shape: parameters[0], rate: parameters[1]) }, generator)
    }
}

extension BetaModel: SimulatableModel {
    /// As many Beta(α, β) draws as `data` has rows, from (alpha, beta); nil unless both are
    /// positive.
    public func simulate(_ parameters: [Double], like data: Sample, using generator: RandomGenerator) -> Sample? {
        draws(like: data, { () throws(GSLError) in try Beta(alpha: parameters[0], beta: parameters[1]) }, generator)
    }
}

extension LogNormalModel: SimulatableModel {
    /// As many draws of exp(N(μ, σ²)) as `data` has rows, from (mu, sigma); nil unless μ is finite and
    /// σ > 0.
    public func simulate(_ parameters: [Double], like data: Sample, using generator: RandomGenerator) -> Sample? {
        draws(like: data, { () throws(GSLError) in try LogNormal(mu: parameters[0], sigma: parameters[1]) }, generator)
    }
}

extension StudentTModel: SimulatableModel {
    /// As many draws of μ + σ·t_ν as `data` has rows, from (mu, sigma, nu); nil unless μ is finite and
    /// σ, ν > 0.
    public func simulate(_ parameters: [Double], like data: Sample, using generator: RandomGenerator) -> Sample? {
        draws(like: data, { () throws(GSLError) in
            try StudentT(degreesOfFreedom: parameters[2], location: parameters[0], scale: parameters[1])
        }, generator)
    }
}

// MARK: - Regressions

extension RegressionData {
    /// The same features with a new target.
    func replacingTarget(_ target: [Double]) -> RegressionData? {
        try? RegressionData(features: features, target: target, featureNames: featureNames, targetName: targetName)
    }

    /// b + xᵢ·w for each row, with `coefficients` = (b, w) or w alone without an intercept.
    func linearPredictors(_ coefficients: ArraySlice<Double>, intercept: Bool) -> [Double]? {
        let b = intercept ? coefficients[coefficients.startIndex] : 0
        let weights = Array(coefficients.dropFirst(intercept ? 1 : 0))
        guard weights.count == featureCount, let xw = try? features.multiplied(by: weights) else { return nil }
        return xw.map { $0 + b }
    }
}

extension LinearRegressionModel {
    /// yᵢ = b + xᵢ·w + σ·εᵢ with the fitted σ (the MLE scale).
    public func simulate(_ parameters: [Double], like data: RegressionData, using generator: RandomGenerator) -> RegressionData? {
        let sigma = parameters[parameters.count - 1]
        guard let eta = data.linearPredictors(parameters.dropLast(), intercept: design.intercept),
            let noise = try? Normal(mean: 0, standardDeviation: sigma)
        else { return nil }
        return data.replacingTarget(eta.map { $0 + noise.sample(using: generator) })
    }
}

extension LogisticRegressionModel {
    /// yᵢ ~ Bernoulli(1/(1 + e^(−ηᵢ))).
    public func simulate(_ parameters: [Double], like data: RegressionData, using generator: RandomGenerator) -> RegressionData? {
        guard let eta = data.linearPredictors(parameters[...], intercept: design.intercept) else { return nil }
        return data.replacingTarget(eta.map { generator.uniform() < 1 / (1 + exp(-$0)) ? 1 : 0 })
    }
}

extension PoissonRegressionModel {
    /// yᵢ ~ Poisson(e^ηᵢ).
    public func simulate(_ parameters: [Double], like data: RegressionData, using generator: RandomGenerator) -> RegressionData? {
        guard let eta = data.linearPredictors(parameters[...], intercept: design.intercept) else { return nil }
        var target: [Double] = []
        target.reserveCapacity(eta.count)
        for value in eta {
            guard let poisson = try? Poisson(mean: exp(value)) else { return nil }
            target.append(Double(poisson.sample(using: generator)))
        }
        return data.replacingTarget(target)
    }
}

extension SoftmaxRegressionModel {
    /// yᵢ = k with probability e^ηᵢₖ / Σₗ e^ηᵢₗ, η of class 0 being 0.
    public func simulate(_ parameters: [Double], like data: RegressionData, using generator: RandomGenerator) -> RegressionData? {
        let block = featureNames.count + (design.intercept ? 1 : 0)
        var eta: [[Double]] = []
        for k in 0..<(classCount - 1) {
            guard let column = data.linearPredictors(parameters[(k * block)..<((k + 1) * block)], intercept: design.intercept) else { return nil }
            eta.append(column)
        }
        let target = (0..<data.rowCount).map { i -> Double in
            let logits = [0] + eta.map { $0[i] }
            let top = logits.max() ?? 0
            let weights = logits.map { exp($0 - top) }
            var u = generator.uniform() * weights.reduce(0, +)
            for (k, weight) in weights.enumerated() {
                u -= weight
                if u < 0 { return Double(k) }
            }
            return Double(classCount - 1)
        }
        return data.replacingTarget(target)
    }
}

// MARK: - Statistics of a fitted family

extension Family {
    /// The parametric bootstrap of a one-column statistic: replicate k draws a sample as large as
    /// `sample` from this family fitted to it (the MLE, or the MAP under `prior`), with stream k
    /// of the seed, and evaluates `statistic` on it. With `plan` nil only the estimate is computed.
    public func parametricBootstrap(
        _ statistic: ColumnStatistic, of sample: Sample, trials: Int? = nil, prior: FamilyPriorSpecification, plan: BootstrapPlan?,
        studentized: Bool = false, progress: (@Sendable (Int) -> Void)? = nil
    ) throws(InferenceError) -> BootstrapResult {
        guard statistic.columnCount == 1 else {
            throw .usage("a parametric bootstrap draws one column from a family: the \(statistic.name) statistic needs two")
        }
        let model = try self.model(trials: trials)
        let fit = try model.estimate(sample, prior: try self.prior(prior, for: model))
        return try ParametricStatistic(statistic: statistic, sample: sample, plan: plan, studentized: studentized, progress: progress)
            .replicates(model, at: fit.estimates)
    }
}

private struct ParametricStatistic {
    let statistic: ColumnStatistic
    let sample: Sample
    let plan: BootstrapPlan?
    let studentized: Bool
    let progress: (@Sendable (Int) -> Void)?

    func replicates<S: SimulatableModel>(_ model: S, at parameters: [Double]) throws(InferenceError) -> BootstrapResult
    where S.Data == Sample {
        let (estimate, estimateVariance) = try Bootstrap.statisticOnData(statistic, [sample.values], studentized: studentized)
        let name = statistic.name
        guard let plan else {
            return BootstrapResult(parameterNames: [name], estimates: [estimate], estimateVariances: estimateVariance.map { [$0] }, replicates: [])
        }
        let (statistic, studentized, sample) = (self.statistic, self.studentized, self.sample)
        let all = Array(0..<sample.count)
        let replicates = try BootstrapEngine.run(plan: plan, progress: progress) { generator, scratch in
            guard let simulated = model.simulate(parameters, like: sample, using: generator) else { return nil }
            return Bootstrap.statisticOutcome(statistic, [simulated.values], all, studentized: studentized, scratch: &scratch)
        }
        return BootstrapResult(
            parameterNames: [name], estimates: [estimate], estimateVariances: estimateVariance.map { [$0] }, replicates: replicates)
    }
}
