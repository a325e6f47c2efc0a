import GSL

/// The conjugate updates of the families:
/// - Beta(a, b) prior, s successes in m Bernoulli trials: posterior Beta(a + s, b + m − s);
/// - Gamma(α, β) prior on a Poisson mean, n counts summing to S: Gamma(α + S, β + n);
/// - Gamma(α, β) prior on an exponential rate, n times summing to T: Gamma(α + n, β + T).
enum ConjugateUpdate {
    static func beta(_ prior: any Prior, successes: Double, failures: Double) -> ExactPosterior? {
        guard let prior = prior as? BetaPrior, prior.parameterIndex == 0,
            let posterior = try? Beta(alpha: prior.distribution.alpha + successes, beta: prior.distribution.beta + failures)
        else { return nil }
        return ExactPosterior(parameterIndex: 0, distribution: .beta(posterior))
    }

    static func gamma(_ prior: any Prior, shapeIncrement: Double, rateIncrement: Double) -> ExactPosterior? {
        guard let prior = prior as? GammaPrior, prior.parameterIndex == 0,
            let posterior = try? Gamma(shape: prior.distribution.shape + shapeIncrement, rate: prior.distribution.rate + rateIncrement)
        else { return nil }
        return ExactPosterior(parameterIndex: 0, distribution: .gamma(posterior))
    }
}

extension BernoulliModel {
    /// Beta(a + s, b + n − s) for s successes in n rows under a ``BetaPrior`` on p; nil under any
    /// other prior.
    public func exactPosterior(under prior: any Prior, on data: Sample) -> ExactPosterior? {
        ConjugateUpdate.beta(prior, successes: data.sum, failures: Double(data.count) - data.sum)
    }
}

extension BinomialModel {
    /// Beta(a + s, b + nm − s) for s successes in n rows of m trials each under a ``BetaPrior``
    /// on p; nil under any other prior.
    public func exactPosterior(under prior: any Prior, on data: Sample) -> ExactPosterior? {
        ConjugateUpdate.beta(prior, successes: data.sum, failures: Double(data.count * trials) - data.sum)
    }
}

extension PoissonModel {
    /// Gamma(α + S, β + n) for n counts summing to S under a ``GammaPrior`` on λ; nil under any
    /// other prior.
    public func exactPosterior(under prior: any Prior, on data: Sample) -> ExactPosterior? {
        ConjugateUpdate.gamma(prior, shapeIncrement: data.sum, rateIncrement: Double(data.count))
    }
}

extension ExponentialModel {
    /// Gamma(α + n, β + T) for n times summing to T under a ``GammaPrior`` on the rate; nil
    /// under any other prior.
    public func exactPosterior(under prior: any Prior, on data: Sample) -> ExactPosterior? {
        ConjugateUpdate.gamma(prior, shapeIncrement: Double(data.count), rateIncrement: data.sum)
    }
}
