import GSL

/// Independent priors on different parameters as one prior over them all: the log densities add,
/// and so do their gradients and Hessians. Parameters no part covers keep a flat prior.
///
///     let model = WeibullModel()
///     let prior = JointPrior(
///         try GammaPrior(shape: 2, rate: 1, on: "shape", of: model),
///         try GammaPrior(shape: 3, rate: 1, on: "scale", of: model))
///     let map = try model.estimate(data, prior: prior)
public struct JointPrior: Prior {
    /// The independent parts, each on its own parameters.
    public let parts: [any Prior]

    /// The joint prior of independent `parts`.
    public init(_ parts: [any Prior]) { self.parts = parts }

    /// The joint prior of independent `parts`.
    public init(_ parts: any Prior...) { self.parts = parts }

    /// The parts' names joined by ` × `: `gamma(2,1) × gamma(3,1)`.
    public var name: String { parts.map(\.name).joined(separator: " × ") }

    /// Σ log pₖ(θ).
    public func logDensity(_ parameters: [Double]) -> Double {
        parts.reduce(0) { $0 + $1.logDensity(parameters) }
    }

    /// Σ ∇ log pₖ(θ); nil when a part has none (the posterior then differentiates the sum).
    public func gradient(_ parameters: [Double]) -> [Double]? {
        var total = [Double](repeating: 0, count: parameters.count)
        for part in parts {
            guard let gradient = part.gradient(parameters) else { return nil }
            for k in total.indices { total[k] += gradient[k] }
        }
        return total
    }

    /// Σ ∇² log pₖ(θ); nil when a part has none.
    public func hessian(_ parameters: [Double]) -> Matrix? {
        var total = [Double](repeating: 0, count: parameters.count * parameters.count)
        for part in parts {
            guard let hessian = part.hessian(parameters) else { return nil }
            for k in total.indices { total[k] += hessian.values[k] }
        }
        return try? Matrix(rows: parameters.count, columns: parameters.count, values: total)
    }

    /// Whether every part is smooth.
    public var isSmooth: Bool { parts.allSatisfy(\.isSmooth) }

    /// Each part draws its parameters; false when one cannot.
    public func draw(into parameters: inout [Double?], using generator: RandomGenerator) -> Bool {
        parts.allSatisfy { $0.draw(into: &parameters, using: generator) }
    }
}

extension StatisticalModel {
    /// The index of the parameter named `name`; a usage error naming the model's parameters when
    /// it has none of that name.
    public func parameterIndex(of name: String) throws(InferenceError) -> Int {
        guard let index = parameterNames.firstIndex(of: name) else {
            throw .usage(
                "the \(self.name) model has no parameter \(InferenceError.excerpt(name)); its parameters are \(parameterNames.joined(separator: ", "))")
        }
        return index
    }
}

extension BetaPrior {
    /// Beta(a, b) on the parameter of `model` named `parameter`.
    public init(a: Double, b: Double, on parameter: String, of model: some StatisticalModel) throws(InferenceError) {
        try self.init(a: a, b: b, parameterIndex: try model.parameterIndex(of: parameter))
    }
}

extension GammaPrior {
    /// Gamma(shape, rate) on the parameter of `model` named `parameter`.
    public init(shape: Double, rate: Double, on parameter: String, of model: some StatisticalModel) throws(InferenceError) {
        try self.init(shape: shape, rate: rate, parameterIndex: try model.parameterIndex(of: parameter))
    }
}

extension NormalPrior {
    /// Normal(mean, sd) on the parameter of `model` named `parameter`.
    public init(mean: Double, standardDeviation: Double, on parameter: String, of model: some StatisticalModel) throws(InferenceError) {
        try self.init(mean: mean, standardDeviation: standardDeviation, parameterIndex: try model.parameterIndex(of: parameter))
    }
}
