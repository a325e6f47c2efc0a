import Foundation

/// The set a parameter lives in, with the bijection to the real line used by optimisers and
/// samplers: identity for ℝ, θ = eᵘ for (0, ∞), θ = 1/(1 + e⁻ᵘ) for (0, 1).
public enum ParameterSupport: Sendable, Equatable {
    /// Any real number.
    case real
    /// A positive number: a scale, a rate, a shape.
    case positive
    /// A probability in [0, 1].
    case unitInterval

    /// Whether θ lies in the closed support.
    public func contains(_ value: Double) -> Bool {
        switch self {
        case .real: value.isFinite
        case .positive: value >= 0 && value.isFinite
        case .unitInterval: value >= 0 && value <= 1
        }
    }

    /// Whether θ lies on the boundary of the support (where Wald intervals do not apply).
    public func isOnBoundary(_ value: Double) -> Bool {
        switch self {
        case .real: false
        case .positive: value <= 0
        case .unitInterval: value <= 0 || value >= 1
        }
    }

    /// u such that θ = ``constrained(_:)``(u); infinite on the boundary.
    public func unconstrained(_ value: Double) -> Double {
        switch self {
        case .real: value
        case .positive: log(value)
        case .unitInterval: log(value) - log1p(-value)
        }
    }

    /// θ from its unconstrained coordinate u.
    public func constrained(_ u: Double) -> Double {
        switch self {
        case .real: u
        case .positive: exp(u)
        case .unitInterval: 1 / (1 + exp(-u))
        }
    }

    /// dθ/du at u, the factor of the chain rule.
    public func derivative(_ u: Double) -> Double {
        switch self {
        case .real: 1
        case .positive: exp(u)
        case .unitInterval: 1 / ((1 + exp(-u)) * (1 + exp(u)))
        }
    }

    /// The normal-approximation interval θ̂ ± z·se formed on the unconstrained scale u and
    /// mapped back (the delta method on u, whose standard error is se/(dθ/du)):
    /// θ̂·exp(±z·se/θ̂) for a positive parameter, the logistic of logit θ̂ ± z·se/(θ̂(1 − θ̂)) for
    /// a probability, θ̂ ± z·se for a real one. It never leaves the support; for a positive
    /// parameter it is the interval of log θ exponentiated, as R's `confint` on a log link.
    /// On the boundary (no finite u) it falls back to θ̂ ± z·se.
    public func interval(estimate: Double, standardError: Double, z: Double) -> ClosedRange<Double> {
        let u = unconstrained(estimate)
        let slope = derivative(u)
        guard self != .real, u.isFinite, slope > 0, slope.isFinite else { return (estimate - z * standardError)...(estimate + z * standardError) }
        let half = z * standardError / slope
        let (low, high) = (constrained(u - half), constrained(u + half))
        guard low.isFinite, high.isFinite, low <= high else { return (estimate - z * standardError)...(estimate + z * standardError) }
        return low...high
    }

    /// log |dθ/du| at u, the log-Jacobian a sampler on the unconstrained scale adds.
    public func logJacobian(_ u: Double) -> Double {
        switch self {
        case .real: 0
        case .positive: u
        case .unitInterval: -log1p(exp(-u)) - log1p(exp(u))
        }
    }
}
