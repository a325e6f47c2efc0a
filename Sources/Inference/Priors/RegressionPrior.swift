import Foundation
import GSL

/// The prior of the regressions other than linear, as the contract defines it: each penalised
/// weight independently with density ∝ exp(−λ(a|v| + (1 − a)v²/2)) on its fitted scale
/// v = s·w (s the feature's sd with `--standardize`, else 1) — N(0, 1/λ) for gaussian,
/// Laplace(0, 1/λ) for laplace — and flat intercepts. Normalised, so the Laplace evidence
/// can use it.
public struct RegressionPrior: Prior {
    /// The penalty it corresponds to.
    public let penalty: Penalty
    /// For each parameter, the scale s of a penalised weight, or nil for an intercept.
    public let scales: [Double?]

    /// The prior of `penalty` over parameters with these scales (nil: not penalised).
    public init(penalty: Penalty, scales: [Double?]) {
        self.penalty = penalty
        self.scales = scales
    }

    /// The penalty's command-line name: `flat`, `gaussian`, `laplace` or `elastic-net`.
    public var name: String { penalty.priorName }
    /// True unless the penalty has an L1 part (λa > 0), whose |w| has no derivative at 0.
    public var isSmooth: Bool { penalty.isSmooth }

    /// Σₖ [log f(sₖwₖ) + log sₖ] over the penalised weights, f the normalised density
    /// ∝ exp(−λa|v| − λ(1 − a)v²/2) and log sₖ the Jacobian of v = s·w; intercepts add 0.
    /// 0 without a penalty and at λ = 0, where the prior is flat (counted as density 1, as
    /// ``FlatPrior`` is, with no Jacobian either).
    public func logDensity(_ parameters: [Double]) -> Double {
        guard penalty.l1 > 0 || penalty.l2 > 0 else { return 0 }
        var total = 0.0
        for (k, scale) in scales.enumerated() {
            guard let scale else { continue }
            total += PriorDensity.logDensity([scale * parameters[k]], l1: penalty.l1, l2: penalty.l2) + log(scale)
        }
        return total
    }

    /// −λ(1 − a)sₖ²wₖ − λa·sₖ·sign(wₖ) for each penalised weight, 0 for intercepts; at wₖ = 0
    /// the L1 term is taken as 0 (a subgradient), so it is never nil.
    public func gradient(_ parameters: [Double]) -> [Double]? {
        scales.enumerated().map { k, scale in
            guard let scale else { return 0 }
            let w = parameters[k]
            return -penalty.l2 * scale * scale * w - penalty.l1 * scale * (w > 0 ? 1 : (w < 0 ? -1 : 0))
        }
    }

    /// Diagonal: −λ(1 − a)sₖ² on the penalised weights, 0 on intercepts; nil when the penalty
    /// has an L1 part.
    public func hessian(_ parameters: [Double]) -> Matrix? {
        guard penalty.isSmooth else { return nil }
        return Matrix.diagonal(scales.map { scale in scale.map { -penalty.l2 * $0 * $0 } ?? 0 })
    }
}

extension RegressionPrior {
    /// The prior of `penalty` over the parameters of `model`: every weight penalised on its fitted
    /// scale, the intercepts (one a class for softmax) flat.
    init<M: RegressionModel>(penalty: Penalty, model: M, data: RegressionData) throws(InferenceError) {
        let scales = StandardizedDesign.moments(data.store, design: model.design).scales
        // parameters come in blocks of (intercept, weights), one block per class for softmax
        let block: [Double?] = (model.design.intercept ? [nil] : []) + scales.map { Optional($0) }
        self.init(penalty: penalty, scales: model.parameterNames.indices.map { block[$0 % block.count] })
    }
}

extension RegressionPrior {
    /// Each penalised weight drawn from its prior, w = v/s with v ~ N(0, 1/λ) (gaussian) or
    /// Laplace(0, 1/λ) (laplace); false when a parameter has a flat prior (an intercept, λ = 0)
    /// or the penalty mixes both (the elastic net's density has no sampler here).
    public func draw(into parameters: inout [Double?], using generator: RandomGenerator) -> Bool {
        let (l1, l2) = (penalty.l1, penalty.l2)
        guard (l1 > 0) != (l2 > 0), scales.count == parameters.count else { return false }
        for (k, scale) in scales.enumerated() {
            guard let scale, scale > 0 else { return false }
            let v: Double
            do {
                v = l2 > 0 ? try Normal(mean: 0, standardDeviation: (1 / l2).squareRoot()).sample(using: generator) : try Laplace(location: 0, scale: 1 / l1).sample(using: generator)
            } catch { return false }
            parameters[k] = v / scale
        }
        return true
    }
}
