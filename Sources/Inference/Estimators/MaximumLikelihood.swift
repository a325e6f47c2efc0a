import Foundation
import GSL

/// The maximum-likelihood estimator: θ̂ = argmax log L(θ; data), with Wald standard errors from
/// the observed information at θ̂.
///
/// A closed form is used when the model has one. Otherwise BFGS minimises −log L / n on the
/// unconstrained scale (see ``ParameterSupport``), then Newton steps on the Hessian polish the
/// optimum to rounding level; the fit is declared converged when ‖∇ log L‖ / n < 10⁻⁶.
public struct MaximumLikelihood<Model: StatisticalModel>: Estimator {
    /// The model.
    public let model: Model
    /// Optimiser settings for models without a closed form.
    public let options: Minimizer.Options

    /// The MLE of `model`.
    public init(model: Model, options: Minimizer.Options = Minimizer.Options(gradientTolerance: 1e-9)) {
        self.model = model
        self.options = options
    }

    public func fit(_ data: Model.Data) throws(InferenceError) -> PointEstimate {
        try model.validate(data)
        let solution = try solve(data)
        return assemble(solution, data)
    }

    struct Solution {
        var estimates: [Double]
        var converged: Bool
        var iterations: Int
    }

    private func solve(_ data: Model.Data) throws(InferenceError) -> Solution {
        if let closedForm = try model.closedFormMaximumLikelihood(on: data) {
            return Solution(estimates: closedForm, converged: true, iterations: 0)
        }
        let start = try model.startingPoint(on: data)
        let n = Double(max(1, model.observationCount(data)))
        let objective = UnconstrainedObjective(model: model, data: data, scale: 1 / n)
        let result: Minimizer.Result
        do {
            result = try Minimizer.minimize(
                objective.value, gradient: objective.gradient, from: objective.unconstrained(start), options: options)
        } catch {
            throw .numerical("the \(model.name) likelihood cannot be evaluated at the starting point: \(error.message)")
        }
        var estimates = objective.constrained(result.point)
        let polished = NewtonPolish(model: model, data: data).refine(estimates)
        estimates = polished.estimates
        try model.checkExistence(of: estimates, on: data)
        let gradientNorm = model.resolvedGradient(estimates, on: data).map { $0 * $0 }.reduce(0, +).squareRoot() / n
        let converged = gradientNorm < 1e-6 && estimates.allSatisfy(\.isFinite)
        guard converged else {
            throw .numerical(
                "the \(model.name) maximum-likelihood fit did not converge after \(result.iterations) iterations "
                    + "(gradient norm per row \(String(format: "%.3g", gradientNorm))); the MLE may not exist for this data")
        }
        return Solution(estimates: estimates, converged: true, iterations: result.iterations + polished.iterations)
    }

    private func assemble(_ solution: Solution, _ data: Model.Data) -> PointEstimate {
        let estimates = solution.estimates
        var warnings: [String] = []
        let boundary = zip(model.parameterNames, zip(model.parameterSupports, estimates))
            .filter { $0.1.0.isOnBoundary($0.1.1) }
            .map { "\($0.0) = \(Self.format($0.1.1))" }
        var covariance: Matrix?
        if !boundary.isEmpty {
            warnings.append(
                "the estimate lies on the boundary of the parameter space (\(boundary.joined(separator: ", "))): "
                    + "no Wald interval; consider a prior")
        } else if let information = model.information(at: estimates, on: data) {
            do {
                covariance = try CholeskyDecomposition(information).inverse()
            } catch {
                warnings.append("the observed information is not positive definite at the estimate: no standard errors")
            }
        }
        return PointEstimate(
            method: .maximumLikelihood, modelName: model.name, observationCount: model.observationCount(data),
            parameterNames: model.parameterNames, estimates: estimates,
            logLikelihood: model.logLikelihood(estimates, on: data), converged: solution.converged,
            iterations: solution.iterations, covariance: covariance, warnings: warnings)
    }

    static func format(_ value: Double) -> String { "\(value)" }
}

/// −log L / n as a function of the unconstrained coordinates, with its gradient by the chain rule.
struct UnconstrainedObjective<Model: StatisticalModel> {
    let model: Model
    let data: Model.Data
    let scale: Double

    func constrained(_ u: [Double]) -> [Double] {
        zip(model.parameterSupports, u).map { $0.constrained($1) }
    }

    func unconstrained(_ theta: [Double]) -> [Double] {
        zip(model.parameterSupports, theta).map { $0.unconstrained($1) }
    }

    func value(_ u: [Double]) -> Double {
        let theta = constrained(u)
        guard theta.allSatisfy(\.isFinite) else { return .infinity }
        return -model.logLikelihood(theta, on: data) * scale
    }

    func gradient(_ u: [Double]) -> [Double] {
        let theta = constrained(u)
        let g = model.resolvedGradient(theta, on: data)
        return zip(model.parameterSupports, zip(u, g)).map { support, pair in -pair.1 * support.derivative(pair.0) * scale }
    }
}

/// Newton steps θ ← θ − H⁻¹∇ on log L, halved until they stay in the support and do not lower
/// log L; stops when a step no longer helps (at most 20 steps).
struct NewtonPolish<Model: StatisticalModel> {
    let model: Model
    let data: Model.Data

    func refine(_ start: [Double]) -> (estimates: [Double], iterations: Int) {
        var theta = start
        var current = model.logLikelihood(theta, on: data)
        var iterations = 0
        for _ in 0..<20 {
            guard let hessian = model.resolvedHessian(theta, on: data),
                let cholesky = try? CholeskyDecomposition(hessian.scaled(by: -1)),
                let step = try? cholesky.solve(model.resolvedGradient(theta, on: data))
            else { break }
            var factor = 1.0
            var accepted: (point: [Double], value: Double)?
            while factor > 1e-6 && accepted == nil {
                let candidate = zip(theta, step).map { $0 + factor * $1 }
                let inSupport = zip(model.parameterSupports, candidate).allSatisfy { $0.contains($1) && !$0.isOnBoundary($1) }
                let value = inSupport ? model.logLikelihood(candidate, on: data) : -.infinity
                if value.isFinite && value >= current { accepted = (candidate, value) }
                factor /= 2
            }
            guard let next = accepted, next.point != theta else { break }
            theta = next.point
            current = next.value
            iterations += 1
        }
        return (theta, iterations)
    }
}
