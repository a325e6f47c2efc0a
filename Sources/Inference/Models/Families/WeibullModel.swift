import Foundation
import GSL

/// xᵢ ~ Weibull(shape k, scale λ), fitted by maximum likelihood (as
/// `scipy.stats.weibull_min.fit` with `floc=0`).
///
/// With uᵢ = xᵢ/λ, log L = n log k − n log λ + (k − 1) Σ log uᵢ − Σ uᵢᵏ. At a fixed k the scale's
/// MLE is λ = (Σ xᵢᵏ/n)^(1/k); the MLE exists unless all values are equal (then k̂ → ∞).
public struct WeibullModel: DistributionFamily {
    /// The Weibull family with shape k and scale λ: f(x) = (k/λ)(x/λ)ᵏ⁻¹ e^(−(x/λ)ᵏ) for x > 0.
    public init() {}

    /// The command-line name, `weibull`.
    public var name: String { "weibull" }
    /// `shape` and `scale` (k and λ), in that order.
    public var parameterNames: [String] { ["shape", "scale"] }
    /// k, λ ∈ (0, ∞).
    public var parameterSupports: [ParameterSupport] { [.positive, .positive] }

    /// Rejects fewer than 2 rows and any value ≤ 0.
    public func validate(_ data: Sample) throws(InferenceError) {
        try data.requireValues(in: "x > 0", of: name, minimumCount: 2) { $0 > 0 }
    }

    /// n log k − n log λ + (k − 1) Σ log(xᵢ/λ) − Σ (xᵢ/λ)ᵏ; −∞ outside the support.
    public func logLikelihood(_ parameters: [Double], on data: Sample) -> Double {
        guard parameters.count == 2, parameters.allSatisfy({ $0 > 0 && $0.isFinite }) else { return -.infinity }
        let (k, lambda) = (parameters[0], parameters[1])
        let n = Double(data.count)
        let value = n * log(k) - n * log(lambda) + data.sum { (k - 1) * log($0 / lambda) - pow($0 / lambda, k) }
        return value.isNaN ? -.infinity : value
    }

    /// Σ over the rows of (uᵏ, uᵏ log u, uᵏ log² u) with u = x/λ, and Σ log u.
    private func sums(_ k: Double, _ lambda: Double, _ data: Sample) -> (t: Double, tl: Double, tll: Double, l: Double) {
        var (t, tl, tll, l) = (0.0, 0.0, 0.0, 0.0)
        for x in data.values {
            let u = log(x / lambda)
            let power = exp(k * u)
            t += power
            tl += power * u
            tll += power * u * u
            l += u
        }
        return (t, tl, tll, l)
    }

    /// Analytic, in (k, λ): (n/k + Σ log u − Σ uᵏ log u, (k/λ)(Σ uᵏ − n)).
    public func gradient(_ parameters: [Double], on data: Sample) -> [Double]? {
        let (k, lambda) = (parameters[0], parameters[1])
        let n = Double(data.count)
        let s = sums(k, lambda, data)
        return [n / k + s.l - s.tl, k / lambda * (s.t - n)]
    }

    /// Analytic, in (k, λ): ∂²/∂k² = −n/k² − Σ uᵏ log² u; ∂²/∂k∂λ = (Σ uᵏ + k Σ uᵏ log u − n)/λ;
    /// ∂²/∂λ² = (k/λ²)(n − (k + 1) Σ uᵏ).
    public func hessian(_ parameters: [Double], on data: Sample) -> Matrix? {
        let (k, lambda) = (parameters[0], parameters[1])
        let n = Double(data.count)
        let s = sums(k, lambda, data)
        let kk = -n / (k * k) - s.tll
        let kl = (s.t + k * s.tl - n) / lambda
        let ll = k / (lambda * lambda) * (n - (k + 1) * s.t)
        return try? Matrix(rows: 2, columns: 2, values: [kk, kl, kl, ll])
    }

    /// k from the spread of log x (Var log X = π²/(6k²)), and λ the scale's MLE at that k.
    public func startingPoint(on data: Sample) throws(InferenceError) -> [Double] {
        let logs = data.values.map { log($0) }
        let mean = logs.reduce(0, +) / Double(logs.count)
        let spread = (logs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(logs.count)).squareRoot()
        guard spread > 1e-12 else {
            throw .numerical("every value of \(data.name) is (nearly) equal: the weibull shape's MLE does not exist (it is infinite)", parameter: "shape")
        }
        let k = Double.pi / (6.0.squareRoot() * spread)
        // λ = (Σ xᵏ/n)^(1/k), about the largest value so that no power overflows
        let top = data.values.max() ?? 1
        let lambda = top * pow(data.values.reduce(0) { $0 + pow($1 / top, k) } / Double(data.count), 1 / k)
        return [k, lambda]
    }

    /// As many draws as `data` has rows, λ(−log U)^(1/k) with U uniform on (0, 1); nil unless
    /// both parameters are positive and finite.
    public func simulate(_ parameters: [Double], like data: Sample, using generator: RandomGenerator) -> Sample? {
        guard parameters.count == 2, parameters.allSatisfy({ $0 > 0 && $0.isFinite }) else { return nil }
        let (k, lambda) = (parameters[0], parameters[1])
        return Sample((0..<data.count).map { _ in lambda * pow(-log(generator.uniformPositive()), 1 / k) }, name: data.name)
    }
}
