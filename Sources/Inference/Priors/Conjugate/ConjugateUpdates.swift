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
    public func exactPosterior(under prior: any Prior, on data: Sample) -> ExactPosterior? {
        ConjugateUpdate.beta(prior, successes: data.sum, failures: Double(data.count) - data.sum)
    }
}

extension BinomialModel {
    public func exactPosterior(under prior: any Prior, on data: Sample) -> ExactPosterior? {
        ConjugateUpdate.beta(prior, successes: data.sum, failures: Double(data.count * trials) - data.sum)
    }
}

extension PoissonModel {
    public func exactPosterior(under prior: any Prior, on data: Sample) -> ExactPosterior? {
        ConjugateUpdate.gamma(prior, shapeIncrement: data.sum, rateIncrement: Double(data.count))
    }
}

extension ExponentialModel {
    public func exactPosterior(under prior: any Prior, on data: Sample) -> ExactPosterior? {
        ConjugateUpdate.gamma(prior, shapeIncrement: Double(data.count), rateIncrement: data.sum)
    }
}
