import Foundation
import GSL

/// A Beta(a, b) prior on a probability: the first parameter of `bernoulli` and `binomial`.
///
/// log p(θ) = (a − 1) log θ + (b − 1) log(1 − θ) − log B(a, b); flat on any other parameter.
public struct BetaPrior: Prior {
    /// The prior distribution.
    public let distribution: Beta
    /// The index of the parameter it applies to.
    public let parameterIndex: Int

    /// Beta(a, b) on parameter `parameterIndex`; a usage error unless a, b > 0.
    public init(a: Double, b: Double, parameterIndex: Int = 0) throws(InferenceError) {
        do { distribution = try Beta(alpha: a, beta: b) } catch {
            throw .usage("beta(\(a),\(b)): both shapes must be positive and finite")
        }
        self.parameterIndex = parameterIndex
    }

    /// `beta(a,b)`, whole numbers without a decimal point: `beta(2,2)`, `beta(0.5,0.5)`.
    public var name: String { "beta(\(PriorName.format(distribution.alpha)),\(PriorName.format(distribution.beta)))" }
    /// True: log p is smooth on the open interval (0, 1).
    public var isSmooth: Bool { true }

    /// (a − 1) log θ + (b − 1) log(1 − θ) − log B(a, b) at θ = `parameters[parameterIndex]`,
    /// normalised; −∞ outside [0, 1], and at 0 (1) −∞ or +∞ as a (b) is above or below 1.
    public func logDensity(_ parameters: [Double]) -> Double { distribution.logDensity(parameters[parameterIndex]) }

    /// (a − 1)/θ − (b − 1)/(1 − θ) at `parameterIndex`, 0 for every other parameter.
    public func gradient(_ parameters: [Double]) -> [Double]? {
        let p = parameters[parameterIndex]
        return PriorName.onOne(parameters.count, parameterIndex, (distribution.alpha - 1) / p - (distribution.beta - 1) / (1 - p))
    }

    /// Diagonal: −(a − 1)/θ² − (b − 1)/(1 − θ)² at `parameterIndex`, 0 elsewhere.
    public func hessian(_ parameters: [Double]) -> Matrix? {
        let p = parameters[parameterIndex]
        let value = -(distribution.alpha - 1) / (p * p) - (distribution.beta - 1) / ((1 - p) * (1 - p))
        return Matrix.diagonal(PriorName.onOne(parameters.count, parameterIndex, value))
    }
}

/// A Gamma(shape, rate) prior on a positive parameter: the first parameter of `poisson` and
/// `exponential`. log p(θ) = α log β − log Γ(α) + (α − 1) log θ − βθ.
public struct GammaPrior: Prior {
    /// The prior distribution.
    public let distribution: Gamma
    /// The index of the parameter it applies to.
    public let parameterIndex: Int

    /// Gamma(shape, rate) on parameter `parameterIndex`; a usage error unless both are positive.
    public init(shape: Double, rate: Double, parameterIndex: Int = 0) throws(InferenceError) {
        do { distribution = try Gamma(shape: shape, rate: rate) } catch {
            throw .usage("gamma(\(shape),\(rate)): shape and rate must be positive and finite")
        }
        self.parameterIndex = parameterIndex
    }

    /// `gamma(shape,rate)`, whole numbers without a decimal point: `gamma(2,1)`.
    public var name: String { "gamma(\(PriorName.format(distribution.shape)),\(PriorName.format(distribution.rate)))" }
    /// True: log p is smooth on (0, ∞).
    public var isSmooth: Bool { true }

    /// α log β − log Γ(α) + (α − 1) log θ − βθ at θ = `parameters[parameterIndex]`, normalised;
    /// −∞ for θ < 0; at θ = 0, +∞, log β or −∞ as α is below, equal to or above 1.
    public func logDensity(_ parameters: [Double]) -> Double { distribution.logDensity(parameters[parameterIndex]) }

    /// (α − 1)/θ − β at `parameterIndex`, 0 for every other parameter.
    public func gradient(_ parameters: [Double]) -> [Double]? {
        let x = parameters[parameterIndex]
        return PriorName.onOne(parameters.count, parameterIndex, (distribution.shape - 1) / x - distribution.rate)
    }

    /// Diagonal: −(α − 1)/θ² at `parameterIndex`, 0 elsewhere.
    public func hessian(_ parameters: [Double]) -> Matrix? {
        let x = parameters[parameterIndex]
        return Matrix.diagonal(PriorName.onOne(parameters.count, parameterIndex, -(distribution.shape - 1) / (x * x)))
    }
}

/// A Normal(mean, sd) prior on a real parameter: the `mu` of `gaussian`.
/// log p(θ) = −(θ − m)²/(2s²) − log s − ½ log 2π.
public struct NormalPrior: Prior {
    /// The prior distribution.
    public let distribution: Normal
    /// The index of the parameter it applies to.
    public let parameterIndex: Int

    /// Normal(mean, sd) on parameter `parameterIndex`; a usage error unless sd > 0.
    public init(mean: Double, standardDeviation: Double, parameterIndex: Int = 0) throws(InferenceError) {
        do { distribution = try Normal(mean: mean, standardDeviation: standardDeviation) } catch {
            throw .usage("normal(\(mean),\(standardDeviation)): the mean must be finite and the sd positive")
        }
        self.parameterIndex = parameterIndex
    }

    /// `normal(mean,sd)`, whole numbers without a decimal point: `normal(0,10)`.
    public var name: String {
        "normal(\(PriorName.format(distribution.location)),\(PriorName.format(distribution.standardDeviation)))"
    }
    /// True: log p is a quadratic in θ.
    public var isSmooth: Bool { true }

    /// −(θ − m)²/(2s²) − log s − ½ log 2π at θ = `parameters[parameterIndex]`, normalised.
    public func logDensity(_ parameters: [Double]) -> Double { distribution.logDensity(parameters[parameterIndex]) }

    /// −(θ − m)/s² at `parameterIndex`, 0 for every other parameter.
    public func gradient(_ parameters: [Double]) -> [Double]? {
        let s = distribution.standardDeviation
        return PriorName.onOne(parameters.count, parameterIndex, -(parameters[parameterIndex] - distribution.location) / (s * s))
    }

    /// Diagonal: the constant −1/s² at `parameterIndex`, 0 elsewhere.
    public func hessian(_ parameters: [Double]) -> Matrix? {
        let s = distribution.standardDeviation
        return Matrix.diagonal(PriorName.onOne(parameters.count, parameterIndex, -1 / (s * s)))
    }
}

/// Helpers shared by the family priors.
enum PriorName {
    /// A number as the command line writes it: `2` rather than `2.0`.
    static func format(_ value: Double) -> String {
        value.isWholeNumber && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
    }

    /// A vector of zeros with `value` at `index`.
    static func onOne(_ count: Int, _ index: Int, _ value: Double) -> [Double] {
        var result = [Double](repeating: 0, count: count)
        result[index] = value
        return result
    }
}

/// A prior a family takes on one of its parameters, as the command line writes it: its name,
/// the names of its numbers, the parameter it applies to, and how to make it.
public struct PriorForm: Sendable {
    /// The name: `beta`, `gamma`, `normal`.
    public let name: String
    /// The names of its numbers, in order: `a, b`; `shape, rate`; `mean, sd`.
    public let argumentNames: [String]
    /// The model's parameter it applies to: `p`, `lambda`, `rate`, `mu`, …
    public let parameter: String
    private let make: @Sendable ([Double], Int) throws(InferenceError) -> any Prior

    /// A form named `name` with numbers `argumentNames` on `parameter`, whose prior `make` builds
    /// from the numbers and the parameter's index.
    public init(
        _ name: String, arguments argumentNames: [String], on parameter: String,
        make: @escaping @Sendable (_ arguments: [Double], _ parameterIndex: Int) throws(InferenceError) -> any Prior
    ) {
        self.name = name
        self.argumentNames = argumentNames
        self.parameter = parameter
        self.make = make
    }

    /// `beta(a,b)`.
    public var signature: String { "\(name)(\(argumentNames.joined(separator: ",")))" }

    /// The prior with `arguments` on parameter `parameterIndex`; a usage error for the wrong count
    /// of numbers or numbers the prior cannot take.
    public func prior(_ arguments: [Double], parameterIndex: Int) throws(InferenceError) -> any Prior {
        guard arguments.count == argumentNames.count else {
            throw .usage("the prior \(signature) takes \(PriorForm.countWord(argumentNames.count)) numbers, got \(arguments.count)")
        }
        return try make(arguments, parameterIndex)
    }

    /// Beta(a, b) on the probability `parameter`.
    public static func beta(on parameter: String) -> PriorForm {
        PriorForm("beta", arguments: ["a", "b"], on: parameter) { values, index throws(InferenceError) in
            try BetaPrior(a: values[0], b: values[1], parameterIndex: index)
        }
    }

    /// Gamma(shape, rate) on the positive `parameter`.
    public static func gamma(on parameter: String) -> PriorForm {
        PriorForm("gamma", arguments: ["shape", "rate"], on: parameter) { values, index throws(InferenceError) in
            try GammaPrior(shape: values[0], rate: values[1], parameterIndex: index)
        }
    }

    /// Normal(mean, sd) on the real `parameter`.
    public static func normal(on parameter: String) -> PriorForm {
        PriorForm("normal", arguments: ["mean", "sd"], on: parameter) { values, index throws(InferenceError) in
            try NormalPrior(mean: values[0], standardDeviation: values[1], parameterIndex: index)
        }
    }

    /// Every form some family of the catalog takes, once each by name, in catalog order.
    static var catalog: [PriorForm] {
        var seen = Set<String>()
        return Family.allCases.flatMap(\.priorForms).filter { seen.insert($0.name).inserted }
    }

    /// `two` for 2: how the messages count numbers.
    static func countWord(_ count: Int) -> String {
        ["no", "one", "two", "three", "four"].indices.contains(count) ? ["no", "one", "two", "three", "four"][count] : "\(count)"
    }
}

/// A one-parameter prior's draw at its index (nil-free when the index lies among `parameters`).
private func drawOne(_ value: Double, at index: Int, into parameters: inout [Double?]) -> Bool {
    guard parameters.indices.contains(index) else { return false }
    parameters[index] = value
    return true
}

extension BetaPrior {
    /// θ ~ Beta(a, b) at its parameter.
    public func draw(into parameters: inout [Double?], using generator: RandomGenerator) -> Bool {
        drawOne(distribution.sample(using: generator), at: parameterIndex, into: &parameters)
    }
}

extension GammaPrior {
    /// θ ~ Gamma(shape, rate) at its parameter.
    public func draw(into parameters: inout [Double?], using generator: RandomGenerator) -> Bool {
        drawOne(distribution.sample(using: generator), at: parameterIndex, into: &parameters)
    }
}

extension NormalPrior {
    /// θ ~ Normal(mean, sd) at its parameter.
    public func draw(into parameters: inout [Double?], using generator: RandomGenerator) -> Bool {
        drawOne(distribution.sample(using: generator), at: parameterIndex, into: &parameters)
    }
}
