import Foundation
import GSL

/// xᵢ ~ Beta(α, β) on (0, 1), fitted by maximum likelihood with the minimiser (as
/// `scipy.stats.beta.fit` with `floc=0, fscale=1`).
///
/// log L = (α − 1) Σ log xᵢ + (β − 1) Σ log(1 − xᵢ) − n log B(α, β).
public struct BetaModel: StatisticalModel {
    /// The beta family Beta(α, β), f(x) = x^(α−1) (1 − x)^(β−1)/B(α, β) for 0 < x < 1.
    public init() {}

    /// The command-line name, `beta`.
    public var name: String { "beta" }
    /// `alpha` and `beta` (α and β), in that order.
    public var parameterNames: [String] { ["alpha", "beta"] }
    /// α, β ∈ (0, ∞).
    public var parameterSupports: [ParameterSupport] { [.positive, .positive] }

    /// Rejects fewer than 2 rows and any value outside the open interval (0, 1).
    public func validate(_ data: Sample) throws(InferenceError) {
        try data.requireValues(in: "0 < x < 1", of: name, minimumCount: 2) { $0 > 0 && $0 < 1 }
    }

    /// The number of rows n.
    public func observationCount(_ data: Sample) -> Int { data.count }

    /// (α − 1) ∑ log xᵢ + (β − 1) ∑ log(1 − xᵢ) − n log B(α, β); −∞ where log B(α, β) cannot be
    /// evaluated.
    public func logLikelihood(_ parameters: [Double], on data: Sample) -> Double {
        guard parameters.count == 2, parameters.allSatisfy({ $0 > 0 && $0.isFinite }) else { return -.infinity }
        let (a, b) = (parameters[0], parameters[1])
        guard let logBeta = try? SpecialFunctions.logBeta(a, b) else { return -.infinity }
        let value = (a - 1) * data.sum { log($0) } + (b - 1) * data.sum { log1p(-$0) } - Double(data.count) * logBeta
        return value.isNaN ? -.infinity : value
    }

    /// Analytic, in (α, β): (∑ log xᵢ − n(ψ(α) − ψ(α + β)), ∑ log(1 − xᵢ) − n(ψ(β) − ψ(α + β)))
    /// with ψ the digamma function; nil where ψ cannot be evaluated.
    public func gradient(_ parameters: [Double], on data: Sample) -> [Double]? {
        let (a, b) = (parameters[0], parameters[1])
        let n = Double(data.count)
        guard let psiA = try? SpecialFunctions.digamma(a), let psiB = try? SpecialFunctions.digamma(b),
            let psiAB = try? SpecialFunctions.digamma(a + b)
        else { return nil }
        return [data.sum { log($0) } - n * (psiA - psiAB), data.sum { log1p(-$0) } - n * (psiB - psiAB)]
    }

    /// Analytic, in (α, β): −n(ψ′(α) − ψ′(α + β)) and −n(ψ′(β) − ψ′(α + β)) on the diagonal,
    /// n ψ′(α + β) off it, with ψ′ the trigamma function; nil where ψ′ cannot be evaluated.
    public func hessian(_ parameters: [Double], on data: Sample) -> Matrix? {
        let (a, b) = (parameters[0], parameters[1])
        let n = Double(data.count)
        guard let tA = try? SpecialFunctions.trigamma(a), let tB = try? SpecialFunctions.trigamma(b),
            let tAB = try? SpecialFunctions.trigamma(a + b)
        else { return nil }
        return try? Matrix(rows: 2, columns: 2, values: [-n * (tA - tAB), n * tAB, n * tAB, -n * (tB - tAB)])
    }

    /// The method of moments: α + β = m(1 − m)/v − 1 with m, v the sample mean and variance.
    public func startingPoint(on data: Sample) throws(InferenceError) -> [Double] {
        let m = data.mean
        let v = data.sum { ($0 - m) * ($0 - m) } / Double(data.count)
        guard v > 0 else {
            throw .numerical("every value of \(data.name) is \(m): the beta MLE does not exist (α and β are infinite)")
        }
        let total = max(m * (1 - m) / v - 1, 0.1)
        return [m * total, (1 - m) * total]
    }
}

extension BetaModel: DistributionFamily {}
