import GSL

/// A parametric model of data: the likelihood of each parameter value.
///
/// A conforming type needs only ``parameterNames``, ``parameterSupports``,
/// ``validate(_:)`` and ``logLikelihood(_:on:)``; every estimator, interval and sampler of the
/// library then works with it. Analytic ``gradient(_:on:)`` and ``hessian(_:on:)``, a
/// ``closedFormMaximumLikelihood(on:)`` and a ``startingPoint(on:)`` make it faster and more
/// accurate; their defaults use finite differences and a generic start.
public protocol StatisticalModel<Data>: Sendable {
    /// The data a model is fitted to.
    associatedtype Data: Sendable

    /// The model's name as the command line spells it (`gamma`, `student-t`, …); default: the
    /// type's name.
    var name: String { get }
    /// The parameters' names, in a stable order.
    var parameterNames: [String] { get }
    /// Each parameter's support, in the order of ``parameterNames``.
    var parameterSupports: [ParameterSupport] { get }

    /// Checks that `data` can be fitted: enough rows, values in the support. Data errors name
    /// the row (from 1) and the column.
    func validate(_ data: Data) throws(InferenceError)

    /// The number of observations in `data` (the contract's `"n"`); default: the data's count
    /// when it is a collection (an array of rows) or a ``Sample``, else 1.
    func observationCount(_ data: Data) -> Int

    /// log L(θ; data), the total log-likelihood with every constant; −∞ outside the support.
    func logLikelihood(_ parameters: [Double], on data: Data) -> Double

    /// ∇θ log L, or nil when there is no analytic form (finite differences are used then).
    func gradient(_ parameters: [Double], on data: Data) -> [Double]?

    /// ∇²θ log L, or nil when there is no analytic form.
    func hessian(_ parameters: [Double], on data: Data) -> Matrix?

    /// log L and ∇θ log L from one pass over the data, what a Hamiltonian sampler asks at every
    /// leapfrog step; nil (the default) when the model does not share the work, so that
    /// ``logLikelihood(_:on:)`` and the gradient are computed apart.
    func logLikelihoodAndGradient(_ parameters: [Double], on data: Data) -> (value: Double, gradient: [Double])?

    /// The MLE in closed form, when there is one; it may throw when the MLE does not exist.
    func closedFormMaximumLikelihood(on data: Data) throws(InferenceError) -> [Double]?

    /// Where an iterative fit starts; it may throw when the MLE cannot exist for this data.
    func startingPoint(on data: Data) throws(InferenceError) -> [Double]

    /// Throws a numerical error when `estimate`, where an iterative fit stopped, shows that the
    /// MLE does not exist (a parameter running off to infinity). Default: no check.
    func checkExistence(of estimate: [Double], on data: Data) throws(InferenceError)

    /// The exact posterior under `prior` when the pair is conjugate; nil otherwise (default).
    func exactPosterior(under prior: any Prior, on data: Data) -> ExactPosterior?

    /// The information matrix for Wald intervals at `parameters`, nil when the model is not
    /// regular there. Default: the observed information −∇² log L.
    func information(at parameters: [Double], on data: Data) -> Matrix?

    /// Why the model has no information at its MLE, for a model that is not regular (its
    /// support moves with its parameters): the warning that stands where the Wald intervals
    /// would. Default: nil, a regular model.
    var nonRegularity: String? { get }

    /// Throws a usage or data error when the posterior under `prior` on `data` cannot be
    /// normalised, so that it has nothing to sample (a flat prior on a scale with too few rows).
    /// Default: no check, a proper posterior.
    func requireProperPosterior(under prior: any Prior, on data: Data) throws(InferenceError)
}

extension StatisticalModel {
    /// Default: the type's name, as `String(describing:)` gives it.
    public var name: String { String(describing: Self.self) }

    /// Default: 1, for data that is not a collection of rows (the tolerances, which scale with
    /// the rows, are then the strictest).
    public func observationCount(_ data: Data) -> Int { 1 }

    /// Default: nil, no analytic gradient; ``StatisticalModel/resolvedGradient(_:on:)`` then uses
    /// central differences of ``StatisticalModel/logLikelihood(_:on:)``.
    public func gradient(_ parameters: [Double], on data: Data) -> [Double]? { nil }

    /// Default: nil, no analytic Hessian; ``StatisticalModel/resolvedHessian(_:on:)`` then uses
    /// central differences of the gradient.
    public func hessian(_ parameters: [Double], on data: Data) -> Matrix? { nil }

    /// Default: nil, the log-likelihood and its gradient computed apart.
    public func logLikelihoodAndGradient(_ parameters: [Double], on data: Data) -> (value: Double, gradient: [Double])? { nil }

    /// Default: nil, no closed form, so the estimators iterate from
    /// ``StatisticalModel/startingPoint(on:)``.
    public func closedFormMaximumLikelihood(on data: Data) throws(InferenceError) -> [Double]? { nil }

    /// The generic start: θ with unconstrained coordinate 0 (0, 1 or ½).
    public func startingPoint(on data: Data) throws(InferenceError) -> [Double] {
        parameterSupports.map { $0.constrained(0) }
    }

    /// Default: no check; the fit's own convergence test alone decides.
    public func checkExistence(of estimate: [Double], on data: Data) throws(InferenceError) {}

    /// Default: nil, a regular model.
    public var nonRegularity: String? { nil }

    /// Default: no check, a posterior that is proper under every prior.
    public func requireProperPosterior(under prior: any Prior, on data: Data) throws(InferenceError) {}

    /// Default: the prior's answer when it is a ``ConjugatePrior`` (conjugacy is the prior's to
    /// know), else nil, so that the posterior mode is searched for.
    public func exactPosterior(under prior: any Prior, on data: Data) -> ExactPosterior? {
        (prior as? any ConjugatePrior)?.exactPosterior(of: self, on: data)
    }

    /// Default: the observed information −∇² log L from ``StatisticalModel/resolvedHessian(_:on:)``
    /// (analytic, else central differences); nil when that Hessian is nil.
    public func information(at parameters: [Double], on data: Data) -> Matrix? {
        resolvedHessian(parameters, on: data)?.scaled(by: -1)
    }

    /// ∇θ log L: analytic when the model has it, central differences otherwise.
    public func resolvedGradient(_ parameters: [Double], on data: Data) -> [Double] {
        if let gradient = gradient(parameters, on: data) { return gradient }
        return FiniteDifferences.gradient(of: { logLikelihood($0, on: data) }, at: parameters)
    }

    /// ∇²θ log L: analytic when the model has it, else central differences of the gradient.
    public func resolvedHessian(_ parameters: [Double], on data: Data) -> Matrix? {
        if let hessian = hessian(parameters, on: data) { return hessian }
        return FiniteDifferences.jacobian(of: { resolvedGradient($0, on: data) }, at: parameters)
    }
}

extension StatisticalModel where Data: Collection {
    /// Default: the number of rows, `data.count`.
    public func observationCount(_ data: Data) -> Int { data.count }
}

extension StatisticalModel where Data == Sample {
    /// Default: the sample's count of values.
    public func observationCount(_ data: Sample) -> Int { data.count }
}
