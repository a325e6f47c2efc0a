import GSL

/// A prior density over a model's parameters, for maximum a posteriori estimation, the
/// Laplace approximation and posterior sampling.
///
/// ``logDensity(_:)`` keeps its normalising constant: the evidence of the Laplace approximation
/// needs normalised priors (the improper ``FlatPrior`` counts as density 1). A prior of your own
/// needs only ``logDensity(_:)``: its name defaults to the type's, its gradient and Hessian to
/// central differences (where ``isSmooth``, true by default), so one density, over every
/// parameter at once, is a joint prior.
public protocol Prior: Sendable {
    /// The prior as the command line writes it: `flat`, `beta(2,2)`, `gaussian`, …
    var name: String { get }
    /// log p(θ); −∞ outside the prior's support.
    func logDensity(_ parameters: [Double]) -> Double
    /// ∇ log p(θ); nil where log p is not differentiable (a Laplace prior at 0).
    func gradient(_ parameters: [Double]) -> [Double]?
    /// ∇² log p(θ); nil where it does not exist.
    func hessian(_ parameters: [Double]) -> Matrix?
    /// Whether log p is twice differentiable everywhere (needed by the Laplace approximation).
    var isSmooth: Bool { get }
    /// Draws the parameters the prior covers into `parameters` (one slot a parameter, nil where
    /// no prior has drawn yet); false when it cannot be drawn from (an improper prior).
    /// Simulation-based calibration draws θ so. Default: false.
    func draw(into parameters: inout [Double?], using generator: RandomGenerator) -> Bool
}

extension Prior {
    /// Default: the type's name.
    public var name: String { String(describing: Self.self) }
    /// Default: nil, so that the posterior takes central differences of ``logDensity(_:)``.
    public func gradient(_ parameters: [Double]) -> [Double]? { nil }
    /// Default: nil, so that the posterior takes central differences of the gradient (for a
    /// smooth prior).
    public func hessian(_ parameters: [Double]) -> Matrix? { nil }
    /// Default: true, a prior twice differentiable everywhere.
    public var isSmooth: Bool { true }
    /// Default: false, a prior that cannot be drawn from.
    public func draw(into parameters: inout [Double?], using generator: RandomGenerator) -> Bool { false }

    /// θ drawn from the prior, `dimension` parameters; nil unless the prior is proper on every one.
    public func draw(dimension: Int, using generator: RandomGenerator) -> [Double]? {
        var parameters = [Double?](repeating: nil, count: dimension)
        guard draw(into: &parameters, using: generator) else { return nil }
        let values = parameters.compactMap { $0 }
        return values.count == dimension ? values : nil
    }
}

/// The flat (improper, constant) prior: MAP = MLE, and it counts as density 1 in the evidence.
public struct FlatPrior: Prior {
    /// The flat prior.
    public init() {}

    /// Its command-line name, `flat`.
    public var name: String { "flat" }
    /// 0 everywhere: log 1, the density the evidence counts a flat prior as.
    public func logDensity(_ parameters: [Double]) -> Double { 0 }
    /// The zero vector, one entry per parameter.
    public func gradient(_ parameters: [Double]) -> [Double]? { parameters.map { _ in 0 } }
    /// The d × d zero matrix, d the number of parameters.
    public func hessian(_ parameters: [Double]) -> Matrix? { Matrix(rows: parameters.count, columns: parameters.count) }
    /// True: a constant is smooth everywhere.
    public var isSmooth: Bool { true }
}
