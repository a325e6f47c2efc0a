import GSL

/// An unnormalised log density over a parameter vector: what mode finders, the Laplace
/// approximation and the samplers work on. A ``Posterior`` is one.
public protocol LogDensity: Sendable {
    /// Each parameter's support, which fixes the dimension.
    var parameterSupports: [ParameterSupport] { get }
    /// log π(θ) up to a constant; −∞ outside the support.
    func logDensity(_ parameters: [Double]) -> Double
    /// ∇ log π(θ).
    func gradient(_ parameters: [Double]) -> [Double]
    /// ∇² log π(θ), or nil where it does not exist.
    func hessian(_ parameters: [Double]) -> Matrix?
    /// log π(θ) and ∇ log π(θ) together, what a Hamiltonian sampler asks at every step; default:
    /// ``logDensity(_:)`` and ``gradient(_:)``, for a density that can share their work to do so.
    func logDensityAndGradient(_ parameters: [Double]) -> (value: Double, gradient: [Double])
}

extension LogDensity {
    /// ``logDensity(_:)`` and ``gradient(_:)``, each computed on its own.
    public func logDensityAndGradient(_ parameters: [Double]) -> (value: Double, gradient: [Double]) {
        (logDensity(parameters), gradient(parameters))
    }
}

/// The posterior log density log L(θ; data) + log p(θ) of a model, a prior and data.
///
/// With ``FlatPrior`` it is the log-likelihood, whose mode is the MLE.
public struct Posterior<Model: StatisticalModel, P: Prior>: LogDensity {
    /// The model.
    public let model: Model
    /// The prior.
    public let prior: P
    /// The data.
    public let data: Model.Data

    /// The posterior of `model` under `prior` given `data`.
    public init(model: Model, prior: P, data: Model.Data) {
        self.model = model
        self.prior = prior
        self.data = data
    }

    /// The model's supports, in the order of its parameter names; the prior adds none (its −∞
    /// marks the points outside its own support).
    public var parameterSupports: [ParameterSupport] { model.parameterSupports }

    /// log L(θ; data) + log p(θ) with the constants of both; −∞ where log p is −∞ (the
    /// likelihood is then not evaluated).
    public func logDensity(_ parameters: [Double]) -> Double {
        let logPrior = prior.logDensity(parameters)
        guard logPrior > -.infinity else { return -.infinity }
        return model.logLikelihood(parameters, on: data) + logPrior
    }

    /// ∇ log L + ∇ log p, ∇ log L analytic or by central differences; where the prior's
    /// gradient is nil (a kink), central differences of log p, the mean of its one-sided slopes.
    public func gradient(_ parameters: [Double]) -> [Double] {
        let likelihood = model.resolvedGradient(parameters, on: data)
        return zip(likelihood, priorGradient(parameters)).map(+)
    }

    /// ∇² log L + ∇² log p, each analytic or by central differences (of a smooth prior's
    /// gradient, where it gives no Hessian); nil for a prior that is not smooth and has none (an
    /// L1 part), or where the dimensions differ.
    public func hessian(_ parameters: [Double]) -> Matrix? {
        guard let likelihood = model.resolvedHessian(parameters, on: data) else { return nil }
        let curvature = self.prior.hessian(parameters)
            ?? (self.prior.isSmooth ? FiniteDifferences.jacobian(of: { priorGradient($0) }, at: parameters) : nil)
        guard let curvature else { return nil }
        return try? likelihood + curvature
    }

    /// log L + log p and its gradient, from the model's fused pass when it has one.
    public func logDensityAndGradient(_ parameters: [Double]) -> (value: Double, gradient: [Double]) {
        let logPrior = prior.logDensity(parameters)
        guard logPrior > -.infinity else { return (-.infinity, [Double](repeating: .nan, count: parameters.count)) }
        guard let (value, likelihood) = model.logLikelihoodAndGradient(parameters, on: data) else {
            return (model.logLikelihood(parameters, on: data) + logPrior, gradient(parameters))
        }
        return (value + logPrior, zip(likelihood, priorGradient(parameters)).map(+))
    }

    /// ∇ log p, analytic or by central differences of log p.
    private func priorGradient(_ parameters: [Double]) -> [Double] {
        prior.gradient(parameters) ?? FiniteDifferences.gradient(of: { self.prior.logDensity($0) }, at: parameters)
    }
}
