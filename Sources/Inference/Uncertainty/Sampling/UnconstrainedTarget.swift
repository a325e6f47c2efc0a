import Foundation
import GSL

/// A log density on the unconstrained scale: log π(θ(u)) + Σ log |dθⱼ/duⱼ|.
struct UnconstrainedTarget<Target: LogDensity>: Sendable {
    let target: Target
    /// The target's supports, read once (a model may build them from its parameters' names).
    let supports: [ParameterSupport]

    init(target: Target) {
        self.target = target
        supports = target.parameterSupports
    }

    func constrained(_ u: [Double]) -> [Double] { zip(supports, u).map { $0.constrained($1) } }

    func unconstrained(_ theta: [Double]) -> [Double] { zip(supports, theta).map { $0.unconstrained($1) } }

    func logDensity(_ u: [Double]) -> Double {
        let theta = constrained(u)
        guard theta.allSatisfy(\.isFinite) else { return -.infinity }
        let value = target.logDensity(theta) + zip(supports, u).reduce(0) { $0 + $1.0.logJacobian($1.1) }
        return value.isNaN ? -.infinity : value
    }

    /// ∇ᵤ: the chain rule through θ(u) plus the log-Jacobian's derivative (0, 1 or 1 − 2θ).
    func gradient(_ u: [Double]) -> [Double] {
        let theta = constrained(u)
        return chainRule(target.gradient(theta), at: u, theta)
    }

    /// The log density and its gradient at u, from one call of the target's
    /// ``LogDensity/logDensityAndGradient(_:)``: what a Hamiltonian step needs.
    func logDensityAndGradient(_ u: [Double]) -> (value: Double, gradient: [Double]) {
        let theta = constrained(u)
        guard theta.allSatisfy(\.isFinite) else { return (-.infinity, [Double](repeating: .nan, count: u.count)) }
        let (value, g) = target.logDensityAndGradient(theta)
        let total = value + zip(supports, u).reduce(0) { $0 + $1.0.logJacobian($1.1) }
        return (total.isNaN ? -.infinity : total, chainRule(g, at: u, theta))
    }

    private func chainRule(_ g: [Double], at u: [Double], _ theta: [Double]) -> [Double] {
        (0..<u.count).map { j in
            let jacobian: Double
            switch supports[j] {
            case .real: return g[j]
            case .positive: jacobian = 1
            case .unitInterval: jacobian = 1 - 2 * theta[j]
            }
            return g[j] * supports[j].derivative(u[j]) + jacobian
        }
    }

    /// The proposal's factor L (steps are s·L·z): the Cholesky factor of the Laplace covariance
    /// at `center` (its diagonal only for the random walk); 0.1·I when the curvature there is not
    /// negative definite (a non-smooth prior at its kink, say).
    func proposalFactor(at center: [Double], kind: ProposalKind) -> Matrix {
        let d = center.count
        guard let hessian = FiniteDifferences.jacobian(of: gradient, at: center),
            let covariance = try? CholeskyDecomposition(hessian.scaled(by: -1)).inverse()
        else { return Matrix.identity(d).scaled(by: 0.1) }
        if kind == .randomWalk { return Matrix.diagonal(covariance.diagonalValues.map { $0.squareRoot() }) }
        return (try? CholeskyDecomposition(covariance).lower) ?? Matrix.diagonal(covariance.diagonalValues.map { $0.squareRoot() })
    }
}
