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
    /// The observations used (the contract's `"n"`).
    public let observationCount: Int
    /// Parameter names, in the model's order.
    public let parameterNames: [String]
    /// The estimates, in the order of ``parameterNames``.
    public let estimates: [Double]
    /// log L at the estimate.
    public let logLikelihood: Double
    /// Whether the solver met its convergence test (always true for closed forms).
    public let converged: Bool
    /// Solver iterations (0 for a closed form).
    public let iterations: Int
    /// The inverse of the information matrix at the estimate: the asymptotic covariance.
    /// nil when the estimate lies on the boundary, the model is not regular there, or the
    /// information is singular.
    public let covariance: Matrix?
    /// Things the user should know (a boundary estimate, a singular information matrix), one
    /// line each.
    public let warnings: [String]

    /// Creates an estimate.
    public init(
        method: Method, modelName: String, observationCount: Int, parameterNames: [String], estimates: [Double],
        logLikelihood: Double, converged: Bool, iterations: Int, covariance: Matrix?, warnings: [String]
    ) {
        self.method = method
        self.modelName = modelName
        self.observationCount = observationCount
        self.parameterNames = parameterNames
        self.estimates = estimates
        self.logLikelihood = logLikelihood
        self.converged = converged
        self.iterations = iterations
        self.covariance = covariance
        self.warnings = warnings
    }

    /// √diag(covariance), one per parameter; nil entries where it does not exist.
    public var standardErrors: [Double?] {
        guard let covariance else { return estimates.map { _ in nil } }
        return covariance.diagonalValues.map { $0 > 0 && $0.isFinite ? $0.squareRoot() : nil }
    }

    /// The Wald interval θ̂ ± z₍₁₊ₗ₎/₂ · SE for each parameter at confidence `level`.
    public func waldIntervals(level: Double) throws(InferenceError) -> [ClosedRange<Double>?] {
        guard level > 0, level < 1 else { throw .usage("--level must lie strictly between 0 and 1, got \(level)") }
        let z: Double
        do { z = try Normal().quantile((1 + level) / 2) } catch { throw InferenceError(error) }
        return zip(estimates, standardErrors).map { estimate, se in
            guard let se else { return nil }
            return (estimate - z * se)...(estimate + z * se)
        }
    }

    /// The estimate of the parameter called `name`.
    public func estimate(named name: String) -> Double? {
        parameterNames.firstIndex(of: name).map { estimates[$0] }
    }
}
