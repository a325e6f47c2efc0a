import Foundation
import GSL

/// The Laplace approximation of a posterior: the Gaussian centred at the mode θ̂ whose precision
/// is the Hessian H = −∇² log p(θ, y) there (Tierney & Kadane 1986; MacKay 2003, ch. 27).
///
/// Its log evidence is log p(y) ≈ log p(y, θ̂) + (d/2) log 2π − ½ log det H, with
/// log p(y, θ̂) = log L(θ̂) + log p(θ̂) for a normalised prior (a flat prior counts as density 1).
/// The Hessian is analytic where the target has one, central differences of the gradient
/// otherwise. Non-smooth priors (laplace, elastic-net with an L1 part) are refused: their log
/// density has no Hessian at 0, where the mode often lies.
public struct LaplaceApproximation: Sendable {
    /// The parameters' names.
    public let parameterNames: [String]
    /// θ̂, the posterior mode.
    public let mode: [Double]
    /// H⁻¹, the covariance of the Gaussian approximation.
    public let covariance: Matrix
    /// log p(y) under the approximation.
    public let logEvidence: Double
    /// log p(y, θ̂), the log joint density at the mode.
    public let logJointAtMode: Double
    /// −∂² log p/∂θₖ² at the mode: the precision of the approximation along each axis.
    private let axisPrecisions: [Double]
    /// log p(θ, y) of the approximated target.
    private let logDensity: @Sendable ([Double]) -> Double
    /// Each parameter's support, which its interval never leaves.
    public let parameterSupports: [ParameterSupport]

    /// The approximation of `target` at `mode` (which must be its maximum).
    ///
    /// - Throws: a numerical error when the mode is not finite, when −∇² log p is not positive
    ///   definite there (not a maximum, or a flat direction), or when it is not the mode: a Newton
    ///   step from it, (−∇² log p)⁻¹∇ log p, would move a parameter by more than 10⁻³ of its
    ///   approximate sd (a search that stopped at its tolerance moves it by far less).
    public init(target: some LogDensity, mode: [Double], parameterNames: [String]) throws(InferenceError) {
        guard mode.allSatisfy(\.isFinite), zip(target.parameterSupports, mode).allSatisfy({ !$0.isOnBoundary($1) }) else {
            throw .numerical("the posterior mode lies on the boundary of the parameter space: the Laplace approximation does not apply")
        }
        let logJoint = target.logDensity(mode)
        guard logJoint.isFinite else { throw .numerical("the log posterior is not finite at its mode") }
        let hessian = target.hessian(mode)
            ?? FiniteDifferences.jacobian(of: { target.gradient($0) }, at: mode)
        guard let hessian, let cholesky = try? CholeskyDecomposition(hessian.scaled(by: -1)),
            let covariance = try? cholesky.inverse()
        else {
            throw .numerical("the log posterior's curvature at the mode is not negative definite: no Laplace approximation")
        }
        if let step = try? cholesky.solve(target.gradient(mode)) {
            let sds = covariance.diagonalValues.map { $0.squareRoot() }
            if let k = step.indices.max(by: { abs(step[$0]) / sds[$0] < abs(step[$1]) / sds[$1] }), !(abs(step[k]) <= 1e-3 * sds[k]) {
                let name = parameterNames.indices.contains(k) ? parameterNames[k] : "parameter \(k + 1)"
                throw .numerical(
                    "the point is not the posterior's mode: a Newton step from it moves \(name) by \(String(format: "%.3g", abs(step[k]) / sds[k])) of its sd",
                    parameter: name, remedy: "find the mode first (MaximumAPosteriori)")
            }
        }
        self.parameterNames = parameterNames
        parameterSupports = target.parameterSupports
        self.mode = mode
        self.covariance = covariance
        axisPrecisions = hessian.diagonalValues.map { -$0 }
        logDensity = { target.logDensity($0) }
        logJointAtMode = logJoint
        logEvidence = logJoint + Double(mode.count) / 2 * log(2 * .pi) - cholesky.logDeterminant / 2
    }

    /// √diag(H⁻¹).
    public var standardDeviations: [Double] { covariance.diagonalValues.map { $0.squareRoot() } }

    /// The target against the approximation along parameter `k`, the others held at the mode:
    /// at `points` values of θₖ spanning the mode ± `width` (marginal) sds, the exact
    /// log p(θ, y) − log p(θ̂, y) (−∞ beyond the support, where the Gaussian may still put mass)
    /// and the approximation's −½ Hₖₖ (θₖ − θ̂ₖ)². Where the two part (a skewed posterior, a
    /// support's edge) the Gaussian misleads; for one parameter the slice is the whole posterior.
    public func slice(ofParameter k: Int, width: Double = 4, points: Int = 121)
        -> [(value: Double, exact: Double, approximate: Double)]
    {
        guard mode.indices.contains(k), points >= 2 else { return [] }
        let sd = standardDeviations[k]
        let low = mode[k] - width * sd, high = mode[k] + width * sd
        return (0..<points).map { i in
            var theta = mode
            theta[k] = low + (high - low) * Double(i) / Double(points - 1)
            let d = theta[k] - mode[k]
            return (theta[k], logDensity(theta) - logJointAtMode, -0.5 * axisPrecisions[k] * d * d)
        }
    }

    /// θ̂ ± z₍₁₊ₗ₎/₂ · sd for each parameter, formed on its unconstrained scale and mapped back
    /// (``ParameterSupport/interval(estimate:standardError:z:)``): symmetric for a real
    /// parameter, within (0, ∞) for a positive one and (0, 1) for a probability.
    public func intervals(level: Double) throws(InferenceError) -> [ClosedRange<Double>] {
        try ConfidenceLevel.validate(level)
        let z: Double
        do { z = try Normal().quantile((1 + level) / 2) } catch { throw InferenceError(error) }
        return mode.indices.map { k in
            (parameterSupports.indices.contains(k) ? parameterSupports[k] : .real).interval(estimate: mode[k], standardError: standardDeviations[k], z: z)
        }
    }
}
