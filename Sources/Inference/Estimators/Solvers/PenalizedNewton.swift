import Foundation
import GSL

/// Newton's method for a smooth convex negative log-likelihood plus the regression penalty
///
///     F(β) = N(β) + Σⱼ∈penalised λ₁|βⱼ| + λ₂/2 βⱼ²,
///
/// the solver of the logistic, poisson and softmax regressions.
///
/// Without an L1 part each step solves (∇²N + λ₂I) d = −∇F by Cholesky. With one it is
/// proximal Newton (Lee, Sun & Saunders 2014; glmnet's IRLS + coordinate descent): the step
/// minimises the quadratic model of N plus the exact penalty with ``CoordinateDescent``. Either
/// way a backtracking line search keeps F decreasing, and the solver stops when the optimality
/// conditions hold to `tolerance` (relative to max |∇N(β₀)| and 1).
struct PenalizedNewton {
    let dimension: Int
    let penalized: [Bool]
    let l1: Double
    let l2: Double
    /// N(β) with a way to its derivatives there: every trial point of the line search is
    /// evaluated, and the accepted one's derivatives are the next step's, so a model that forms
    /// N and ∇N in one pass over the rows (as the GLMs do) makes no second pass.
    let evaluate: ([Double]) -> Evaluation

    /// N at a point (+∞ where it is not finite) and its derivatives there, formed when asked.
    struct Evaluation {
        let value: Double
        let derivatives: () -> Derivatives
    }

    /// ∇N at a point and a way to the Hessian there, formed only when called (a Newton step
    /// needs it; the convergence check does not).
    struct Derivatives {
        let gradient: [Double]
        let hessian: () -> Matrix?
    }

    enum Failure: Error {
        /// The iteration cap was reached; `estimate` is where it stopped.
        case noConvergence(estimate: [Double], iterations: Int)
        /// The Hessian could not be factorised.
        case singular(estimate: [Double])
    }

    struct Solution {
        let estimate: [Double]
        let iterations: Int
        let objective: Double
        /// ∇²N at the estimate (nil where it cannot be formed), for the standard errors.
        let hessian: () -> Matrix?
        /// The last ∇²N a step used (formed at or near the estimate), for a nearby fit's
        /// `curvature`; nil when no step was taken.
        var lastCurvature: Matrix? = nil
        /// N and its derivatives at the estimate: a fit of the same rows under another penalty
        /// that starts there takes them as its `evaluated` (N does not depend on the penalty).
        var evaluation: Evaluation
        /// N at the estimate: the negative log-likelihood, without the penalty.
        var negativeLogLikelihood: Double { evaluation.value }
        /// The scale of the stopping rule (`gradientScale`, or max |∇N| at the start and 1): a
        /// fit that starts from this one's estimate passes it on, to stop by the same rule.
        var gradientScale: Double
    }

    /// F(β) = N(β) + the penalty, given N(β).
    func objective(_ beta: [Double], negativeLogLikelihood: Double) -> Double {
        var value = negativeLogLikelihood
        for j in 0..<dimension where penalized[j] { value += l1 * abs(beta[j]) + l2 / 2 * beta[j] * beta[j] }
        return value.isNaN ? .infinity : value
    }

    /// The largest violation of the optimality conditions at β given ∇N(β).
    func optimalityViolation(_ beta: [Double], _ gradient: [Double]) -> Double {
        var worst = 0.0
        for j in 0..<dimension {
            guard penalized[j] else { worst = max(worst, abs(gradient[j])); continue }
            let smooth = gradient[j] + l2 * beta[j]
            if beta[j] != 0 {
                worst = max(worst, abs(smooth + l1 * (beta[j] > 0 ? 1 : -1)))
            } else {
                worst = max(worst, abs(smooth) - l1)
            }
        }
        return worst
    }

    /// Newton from `start`, converged when the optimality conditions hold to `tolerance` times
    /// `gradientScale` (default: max |∇N| at `start` and 1). A warm start near the optimum passes
    /// the scale of the cold start it replaces, so that it stops by the same rule.
    /// Whether a smooth fit that stopped at `beta` would still move: the Newton step −(∇²F)⁻¹∇F
    /// there exceeds 10⁻³ of max(1, max |βⱼ|), or the curvature is not positive definite. At an
    /// optimum the step is of the order of the stopping tolerance; where the objective's infimum
    /// lies at infinity (separated classes) the loss decays like e^(−t) along the escaping
    /// direction, so each Newton step moves the margins by a constant ≈ 1 however far out the
    /// solver stopped.
    func wouldStillMove(at beta: [Double]) -> Bool {
        let derivatives = evaluate(beta).derivatives()
        guard var hessian = derivatives.hessian() else { return true }
        var gradient = derivatives.gradient
        for j in 0..<dimension where penalized[j] {
            hessian[j, j] += l2
            gradient[j] += l2 * beta[j]
        }
        guard let step = try? CholeskyDecomposition(hessian).solve(gradient), step.allSatisfy(\.isFinite) else { return true }
        let size = step.map(abs).max() ?? 0
        return size > 1e-3 * max(1, beta.map(abs).max() ?? 0)
    }

    /// With `curvature`, ∇²N formed at a nearby point (the previous fit of a path), steps reuse it
    /// while they converge as fast as Newton's near an optimum (each cuts the optimality violation
    /// at least a hundredfold, and the full step is accepted), and form ∇²N afresh otherwise,
    /// which the next steps reuse in turn: such a step costs a pass over the rows for ∇N, not the
    /// Hessian's p² a row (on a path of 20 λ, the first step of each λ mostly). The stopping rule
    /// is the same, so the estimate is as accurate; a reused curvature that fails is dropped for a
    /// fresh one, so the fit fails only where Newton's would.
    /// `evaluated`: N at `start` and its derivatives, when the caller has formed them already.
    func solve(
        from start: [Double], evaluated: Evaluation? = nil, tolerance: Double = 1e-10, maximumIterations: Int = 200,
        gradientScale: Double? = nil, curvature: Matrix? = nil
    ) throws(Failure) -> Solution {
        var beta = start
        var evaluation = evaluated ?? evaluate(beta)
        var value = objective(beta, negativeLogLikelihood: evaluation.value)
        var current = evaluation.derivatives()
        let scale = gradientScale ?? max(1, current.gradient.map(abs).max() ?? 0)
        let lagging = curvature != nil
        var reused = curvature.flatMap { $0.rows == dimension && $0.columns == dimension ? $0 : nil }
        var lastCurvature: Matrix?
        var previousViolation = Double.infinity
        var iteration = 0
        while iteration < maximumIterations {
            let violation = optimalityViolation(beta, current.gradient)
            if violation <= tolerance * scale {
                return Solution(
                    estimate: beta, iterations: iteration, objective: value, hessian: current.hessian,
                    lastCurvature: lastCurvature, evaluation: evaluation, gradientScale: scale)
            }
            iteration += 1
            if reused != nil && violation > 0.01 * previousViolation { reused = nil }
            previousViolation = violation
            let isReused = reused != nil
            guard let hessian = reused ?? current.hessian() else { throw .singular(estimate: beta) }
            lastCurvature = hessian
            if lagging { reused = hessian }
            let target: [Double]
            do {
                target = try step(beta, current.gradient, hessian)
            } catch {
                guard isReused else { throw error }
                (reused, previousViolation) = (nil, .infinity)
                continue
            }
            let direction = zip(target, beta).map { $0 - $1 }
            // Armijo backtracking on F (for the proximal step, on the decrease of the model)
            var t = 1.0
            var accepted = false
            while t > 1e-12 {
                let candidate = zip(beta, direction).map { $0 + t * $1 }
                let trial = evaluate(candidate)
                let candidateValue = objective(candidate, negativeLogLikelihood: trial.value)
                // near the optimum F changes by less than its rounding error: accept a full
                // step whose increase is within that error
                let roundingSlack = t == 1 ? 1e-12 * max(1, abs(value)) : 0
                if candidateValue <= value + roundingSlack {
                    beta = candidate
                    value = candidateValue
                    evaluation = trial
                    accepted = true
                    break
                }
                t /= 2
            }
            if lagging && (!accepted || t < 1) { reused = nil }  // a fresh Hessian for the next step
            if !accepted {
                if isReused {
                    previousViolation = .infinity
                    continue
                }
                // no decrease is possible any more: accept if the conditions nearly hold
                if optimalityViolation(beta, current.gradient) <= 1e3 * tolerance * scale {
                    return Solution(
                        estimate: beta, iterations: iteration, objective: value,
                        hessian: current.hessian, lastCurvature: lastCurvature, evaluation: evaluation, gradientScale: scale)
                }
                throw .noConvergence(estimate: beta, iterations: iteration)
            }
            current = evaluation.derivatives()
        }
        if optimalityViolation(beta, current.gradient) <= tolerance * scale {
            return Solution(
                estimate: beta, iterations: maximumIterations, objective: value,
                hessian: current.hessian, lastCurvature: lastCurvature, evaluation: evaluation, gradientScale: scale)
        }
        throw .noConvergence(estimate: beta, iterations: maximumIterations)
    }

    /// The next point proposed by the (proximal) Newton model at β.
    private func step(_ beta: [Double], _ gradient: [Double], _ hessian: Matrix) throws(Failure) -> [Double] {
        if l1 == 0 {
            var h = hessian
            var g = gradient
            for j in 0..<dimension where penalized[j] {
                h[j, j] += l2
                g[j] += l2 * beta[j]
            }
            guard let cholesky = try? CholeskyDecomposition(h), let d = try? cholesky.solve(g) else {
                throw .singular(estimate: beta)
            }
            return zip(beta, d).map { $0 - $1 }
        }
        // minimise ½βᵀHβ − (Hβ₀ − ∇N)ᵀβ + penalty, starting at β₀
        guard let hb = try? hessian.multiplied(by: beta) else { throw .singular(estimate: beta) }
        let linear = zip(hb, gradient).map { $0 - $1 }
        let inner = CoordinateDescent(gram: hessian, linear: linear, l1: l1, l2: l2, penalized: penalized)
        guard let solution = inner.solve(from: beta, tolerance: 1e-13) else { throw .singular(estimate: beta) }
        return solution.weights
    }
}

/// What the last fit of a path hands to the next (one path, one thread): the curvature its last
/// step used, its estimate with N and ∇N there, where the next fit starts without a pass of its
/// own, and the scale of its stopping rule (the first fit's, from the cold start), by which the
/// next one stops.
final class PathHandover {
    var last: Matrix?
    var start: (estimate: [Double], evaluation: PenalizedNewton.Evaluation, gradientScale: Double)?
}
