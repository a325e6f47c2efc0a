import Foundation
import GSL

/// Finds the mode of a ``LogDensity``: BFGS on −log π / scale in unconstrained coordinates
/// (see ``ParameterSupport``), then Newton steps on the Hessian in the original coordinates,
/// halved until they stay in the support and do not lower log π, for at most 20 steps.
struct ModeFinder<Target: LogDensity> {
    let target: Target
    /// Divides log π so that tolerances do not depend on the number of rows.
    let scale: Double
    let options: Minimizer.Options

    struct Mode {
        let parameters: [Double]
        let iterations: Int
        /// The convergence measure at the mode: the Newton decrement gᵀ(−H)⁻¹g / scale (half the
        /// predicted gain in log π per row, invariant to the parameters' units) where the
        /// Hessian is negative definite, else ‖∇ log π‖ / scale in unconstrained coordinates.
        let gradientNorm: Double
    }

    func constrained(_ u: [Double]) -> [Double] { zip(target.parameterSupports, u).map { $0.constrained($1) } }

    func unconstrained(_ theta: [Double]) -> [Double] { zip(target.parameterSupports, theta).map { $0.unconstrained($1) } }

    /// The mode from `start`; throws a GSL error when log π is not finite at `start`.
    func find(from start: [Double]) throws(GSLError) -> Mode {
        let supports = target.parameterSupports
        let objective = { (u: [Double]) -> Double in
            let theta = constrained(u)
            guard theta.allSatisfy(\.isFinite) else { return .infinity }
            return -target.logDensity(theta) / scale
        }
        let gradient = { (u: [Double]) -> [Double] in
            let g = target.gradient(constrained(u))
            return zip(supports, zip(u, g)).map { support, pair in -pair.1 * support.derivative(pair.0) / scale }
        }
        let result = try Minimizer.minimize(objective, gradient: gradient, from: unconstrained(start), options: options)
        let polished = polish(constrained(result.point))
        return Mode(
            parameters: polished.parameters, iterations: result.iterations + polished.iterations,
            gradientNorm: convergenceMeasure(polished.parameters))
    }

    private func convergenceMeasure(_ theta: [Double]) -> Double {
        let g = target.gradient(theta)
        if let hessian = target.hessian(theta), let cholesky = try? CholeskyDecomposition(hessian.scaled(by: -1)),
            let step = try? cholesky.solve(g) {
            return zip(g, step).reduce(0) { $0 + $1.0 * $1.1 } / scale
        }
        let u = unconstrained(theta)
        return zip(target.parameterSupports, zip(u, g)).map { support, pair in pair.1 * support.derivative(pair.0) }
            .map { $0 * $0 }.reduce(0, +).squareRoot() / scale
    }

    private func polish(_ start: [Double]) -> (parameters: [Double], iterations: Int) {
        var theta = start
        var current = target.logDensity(theta)
        var iterations = 0
        for _ in 0..<20 {
            guard let hessian = target.hessian(theta),
                let cholesky = try? CholeskyDecomposition(hessian.scaled(by: -1)),
                let step = try? cholesky.solve(target.gradient(theta))
            else { break }
            var factor = 1.0
            var accepted: (point: [Double], value: Double)?
            while factor > 1e-6 && accepted == nil {
                let candidate = zip(theta, step).map { $0 + factor * $1 }
                let inSupport = zip(target.parameterSupports, candidate).allSatisfy { $0.contains($1) && !$0.isOnBoundary($1) }
                let value = inSupport ? target.logDensity(candidate) : -.infinity
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
