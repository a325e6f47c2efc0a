import Foundation
import GSL

/// A fitted point estimate: the parameter values, the objective, how the solver fared, and the
/// curvature-based uncertainty where it exists.
public struct PointEstimate: Sendable {
    /// How the estimate was obtained.
    public enum Method: String, Sendable {
        /// Maximum likelihood.
        case maximumLikelihood = "mle"
        /// Maximum a posteriori.
        case maximumAPosteriori = "map"
    }

    /// The estimator that produced it.
    public let method: Method
    /// The model's name.
    public let modelName: String
    /// The prior's name (`flat` for the MLE).
    public let priorName: String
    /// The observations used (the contract's `"n"`).
    public let observationCount: Int
    /// Parameter names, in the model's order.
    public let parameterNames: [String]
    /// The estimates, in the order of ``parameterNames``.
    public let estimates: [Double]
    /// log L at the estimate.
    public let logLikelihood: Double
    /// log L + log p at the estimate (MAP only; nil where it is not finite).
    public let logPosterior: Double?
    /// Whether the solver met its convergence test (always true for closed forms).
    public let converged: Bool
    /// Solver iterations (0 for a closed form).
    public let iterations: Int
    /// The inverse of the information matrix at the estimate: the asymptotic covariance.
    /// nil when the estimate lies on the boundary, the model is not regular there, or the
    /// information is singular.
    public let covariance: Matrix?
    /// The exact posterior of a conjugate prior–model pair; its parameter's standard error is
    /// then the posterior sd and its interval the equal-tailed credible interval.
    public let exactPosterior: ExactPosterior?
    /// Things the user should know (a boundary estimate, a singular information matrix), one
    /// line each.
    public let warnings: [String]
    /// Each parameter's support, which its Wald interval never leaves (see ``intervals(level:)``).
    public let parameterSupports: [ParameterSupport]

    /// Creates an estimate; `parameterSupports` defaults to the real line for every parameter.
    public init(
        method: Method, modelName: String, priorName: String, observationCount: Int, parameterNames: [String],
        estimates: [Double], logLikelihood: Double, logPosterior: Double?, converged: Bool, iterations: Int,
        covariance: Matrix?, exactPosterior: ExactPosterior?, warnings: [String], parameterSupports: [ParameterSupport]? = nil
    ) {
        self.parameterSupports = parameterSupports ?? [ParameterSupport](repeating: .real, count: estimates.count)
        self.method = method
        self.modelName = modelName
        self.priorName = priorName
        self.logPosterior = logPosterior
        self.exactPosterior = exactPosterior
        self.observationCount = observationCount
        self.parameterNames = parameterNames
        self.estimates = estimates
        self.logLikelihood = logLikelihood
        self.converged = converged
        self.iterations = iterations
        self.covariance = covariance
        self.warnings = warnings
    }

    /// One per parameter: the exact posterior's sd for a conjugate parameter, else
    /// √diag(covariance); nil entries where it does not exist.
    public var standardErrors: [Double?] {
        var result: [Double?] = covariance?.diagonalValues.map { $0 > 0 && $0.isFinite ? $0.squareRoot() : nil }
            ?? estimates.map { _ in nil }
        if let exactPosterior { result[exactPosterior.parameterIndex] = exactPosterior.standardDeviation }
        return result
    }

    /// Throws a numerical error unless every estimate and the log-likelihood at them are finite:
    /// at a maximum they are, unless the data's own values overflow double-precision arithmetic
    /// (sums of values near 10³⁰⁸), where the fit would otherwise print no estimate at all.
    static func requireFinite(_ estimates: [Double], names: [String], logLikelihood: Double) throws(InferenceError) {
        if let k = estimates.firstIndex(where: { !$0.isFinite }) {
            let name = names.indices.contains(k) ? names[k] : "parameter \(k + 1)"
            throw .overflow("the estimate of \(name) is not finite (\(estimates[k]))")
        }
        if !logLikelihood.isFinite { throw .overflow("the log-likelihood at the estimate is not finite") }
    }

    /// One interval per parameter at `level`: the exact posterior's equal-tailed credible
    /// interval for a conjugate parameter, else the Wald interval θ̂ ± z₍₁₊ₗ₎/₂ · SE formed on the
    /// parameter's unconstrained scale and mapped back (``ParameterSupport/interval(estimate:standardError:z:)``):
    /// symmetric for a real parameter, θ̂·exp(±z·SE/θ̂) for a positive one, on the logit for a
    /// probability, so no interval leaves its parameter's support.
    public func intervals(level: Double) throws(InferenceError) -> [ClosedRange<Double>?] {
        try ConfidenceLevel.validate(level)
        let z: Double
        do { z = try Normal().quantile((1 + level) / 2) } catch { throw InferenceError(error) }
        var result = estimates.indices.map { k -> ClosedRange<Double>? in
            guard let se = standardErrors[k] else { return nil }
            let support = parameterSupports.indices.contains(k) ? parameterSupports[k] : .real
            return support.interval(estimate: estimates[k], standardError: se, z: z)
        }
        if let exactPosterior { result[exactPosterior.parameterIndex] = try exactPosterior.credibleInterval(level: level) }
        return result
    }

    /// The estimate of the parameter called `name`.
    public func estimate(named name: String) -> Double? {
        parameterNames.firstIndex(of: name).map { estimates[$0] }
    }
}
