import Foundation
import GSL

/// xᵢ ~ Gamma(shape k, rate β), fitted by maximum likelihood with the minimiser (as
/// `scipy.stats.gamma.fit` with `floc=0`; rate = 1/scale).
///
/// log L = n k log β − n log Γ(k) + (k − 1) Σ log xᵢ − β Σ xᵢ. The MLE exists unless all
/// values are equal (then log x̄ − mean log x = 0 and k̂ → ∞).
public struct GammaModel: StatisticalModel {
    /// The gamma family with shape k and rate β: f(x) = βᵏ xᵏ⁻¹ e^(−βx)/Γ(k) for x > 0.
    public init() {}

    /// The command-line name, `gamma`.
    public var name: String { "gamma" }
    /// `shape` and `rate` (k and β = 1/scale), in that order.
    public var parameterNames: [String] { ["shape", "rate"] }
    /// k, β ∈ (0, ∞).
    public var parameterSupports: [ParameterSupport] { [.positive, .positive] }

    /// Rejects fewer than 2 rows and any value ≤ 0.
    public func validate(_ data: Sample) throws(InferenceError) {
        try data.requireValues(in: "x > 0", of: name, minimumCount: 2) { $0 > 0 }
    }

    /// The number of rows n.
    public func observationCount(_ data: Sample) -> Int { data.count }

    /// n k log β − n log Γ(k) + (k − 1) ∑ log xᵢ − β ∑xᵢ; −∞ where log Γ(k) cannot be evaluated.
    public func logLikelihood(_ parameters: [Double], on data: Sample) -> Double {
        guard parameters.count == 2, parameters.allSatisfy({ $0 > 0 && $0.isFinite }) else { return -.infinity }
        let (k, beta) = (parameters[0], parameters[1])
        let n = Double(data.count)
        guard let logGamma = try? SpecialFunctions.logGamma(k) else { return -.infinity }
        let value = n * k * log(beta) - n * logGamma + (k - 1) * data.sum { log($0) } - beta * data.sum
        return value.isNaN ? -.infinity : value
    }

    /// Analytic, in (k, β): (n log β − n ψ(k) + ∑ log xᵢ, nk/β − ∑xᵢ) with ψ the digamma function;
    /// nil where ψ(k) cannot be evaluated.
    public func gradient(_ parameters: [Double], on data: Sample) -> [Double]? {
        let (k, beta) = (parameters[0], parameters[1])
        let n = Double(data.count)
        guard let digamma = try? SpecialFunctions.digamma(k) else { return nil }
        return [n * log(beta) - n * digamma + data.sum { log($0) }, n * k / beta - data.sum]
    }

    /// Analytic, in (k, β): [[−n ψ′(k), n/β], [n/β, −nk/β²]] with ψ′ the trigamma function; nil
    /// where ψ′(k) cannot be evaluated.
    public func hessian(_ parameters: [Double], on data: Sample) -> Matrix? {
        let (k, beta) = (parameters[0], parameters[1])
        let n = Double(data.count)
        guard let trigamma = try? SpecialFunctions.trigamma(k) else { return nil }
        return try? Matrix(rows: 2, columns: 2, values: [-n * trigamma, n / beta, n / beta, -n * k / (beta * beta)])
    }

    /// The approximate MLE of Minka (2002): k ≈ (3 − s + √((s − 3)² + 24 s)) / (12 s) with
    /// s = log x̄ − mean log x, and β = k / x̄.
    public func startingPoint(on data: Sample) throws(InferenceError) -> [Double] {
        let s = log(data.mean) - data.sum { log($0) } / Double(data.count)
        guard s > 1e-12 else {
            throw .numerical("every value of \(data.name) is (nearly) equal: the gamma shape's MLE does not exist (it is infinite)", parameter: "shape")
        }
        let k = (3 - s + ((s - 3) * (s - 3) + 24 * s).squareRoot()) / (12 * s)
        return [k, k / data.mean]
    }
}

extension GammaModel: DistributionFamily {}
