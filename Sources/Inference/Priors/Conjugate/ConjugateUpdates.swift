import GSL

/// A prior whose posterior has a closed form for the likelihoods that supply its statistics:
/// conjugacy is the prior's to know. ``StatisticalModel/exactPosterior(under:on:)`` asks it by
/// default, so a model declares only the statistics it adds (``BetaConjugateLikelihood``,
/// ``GammaConjugateLikelihood``).
public protocol ConjugatePrior: Prior {
    /// The exact posterior of `model` on `data` under this prior, when the pair is conjugate; nil
    /// otherwise.
    func exactPosterior<Model: StatisticalModel>(of model: Model, on data: Model.Data) -> ExactPosterior?
}

/// A likelihood conjugate to a beta prior on one of its parameters, a probability: the data add
/// successes to the prior's a and failures to its b.
public protocol BetaConjugateLikelihood: StatisticalModel {
    /// The index of the probability the prior must be on.
    var probabilityIndex: Int { get }
    /// The successes and failures in `data`.
    func betaIncrements(on data: Data) -> (successes: Double, failures: Double)
}

/// A likelihood conjugate to a gamma prior on one of its parameters, a rate: the data add to the
/// prior's shape and rate.
public protocol GammaConjugateLikelihood: StatisticalModel {
    /// The index of the rate the prior must be on.
    var rateIndex: Int { get }
    /// What `data` adds to the shape and to the rate.
    func gammaIncrements(on data: Data) -> (shape: Double, rate: Double)
}

extension BetaPrior: ConjugatePrior {
    /// Beta(a + successes, b + failures) for a ``BetaConjugateLikelihood`` when this prior is on
    /// its probability; nil for any other model.
    public func exactPosterior<Model: StatisticalModel>(of model: Model, on data: Model.Data) -> ExactPosterior? {
        guard let likelihood = model as? any BetaConjugateLikelihood, let counts = Self.increments(likelihood, data, parameterIndex),
            let posterior = try? Beta(alpha: distribution.alpha + counts.successes, beta: distribution.beta + counts.failures)
        else { return nil }
        return ExactPosterior(parameterIndex: parameterIndex, distribution: .beta(posterior))
    }

    private static func increments<L: BetaConjugateLikelihood>(_ likelihood: L, _ data: Any, _ index: Int) -> (successes: Double, failures: Double)? {
        guard likelihood.probabilityIndex == index, let data = data as? L.Data else { return nil }
        return likelihood.betaIncrements(on: data)
    }
}

extension GammaPrior: ConjugatePrior {
    /// Gamma(α + shape increment, β + rate increment) for a ``GammaConjugateLikelihood`` when this
    /// prior is on its rate; nil for any other model.
    public func exactPosterior<Model: StatisticalModel>(of model: Model, on data: Model.Data) -> ExactPosterior? {
        guard let likelihood = model as? any GammaConjugateLikelihood, let added = Self.increments(likelihood, data, parameterIndex),
            let posterior = try? Gamma(shape: distribution.shape + added.shape, rate: distribution.rate + added.rate)
        else { return nil }
        return ExactPosterior(parameterIndex: parameterIndex, distribution: .gamma(posterior))
    }

    private static func increments<L: GammaConjugateLikelihood>(_ likelihood: L, _ data: Any, _ index: Int) -> (shape: Double, rate: Double)? {
        guard likelihood.rateIndex == index, let data = data as? L.Data else { return nil }
        return likelihood.gammaIncrements(on: data)
    }
}

extension BernoulliModel: BetaConjugateLikelihood {
    /// p, the only parameter.
    public var probabilityIndex: Int { 0 }
    /// s successes and n − s failures in n rows.
    public func betaIncrements(on data: Sample) -> (successes: Double, failures: Double) { (data.sum, Double(data.count) - data.sum) }
}

extension BinomialModel: BetaConjugateLikelihood {
    /// p, the only parameter.
    public var probabilityIndex: Int { 0 }
    /// s successes and nm − s failures in n rows of m trials each.
    public func betaIncrements(on data: Sample) -> (successes: Double, failures: Double) {
        (data.sum, Double(data.count * trials) - data.sum)
    }
}

extension PoissonModel: GammaConjugateLikelihood {
    /// λ, the only parameter.
    public var rateIndex: Int { 0 }
    /// n counts summing to S add S to the shape and n to the rate.
    public func gammaIncrements(on data: Sample) -> (shape: Double, rate: Double) { (data.sum, Double(data.count)) }
}

extension ExponentialModel: GammaConjugateLikelihood {
    /// The rate, the only parameter.
    public var rateIndex: Int { 0 }
    /// n times summing to T add n to the shape and T to the rate.
    public func gammaIncrements(on data: Sample) -> (shape: Double, rate: Double) { (Double(data.count), data.sum) }
}
