import Foundation
import GSL

/// What a fit's predictions of held-out rows are scored by: each the mean over the rows.
public enum HeldOutLoss: String, CaseIterable, Sendable {
    /// The negative log-likelihood of a row under the fitted model (constants included; for
    /// `linear`, the Gaussian with the fit's own σ̂ = √(RSS/n)).
    case nll
    /// The squared difference of a row's target and its fitted mean (for softmax, the Brier
    /// score Σₖ (1{y = k} − πₖ)²).
    case mse
    /// Whether the most probable class differs from the row's (logistic and softmax).
    case misclassification

    /// A usage error when this loss does not apply to `regression`.
    public func check(for regression: Regression) throws(InferenceError) {
        if self == .misclassification, regression == .linear || regression == .poissonRegression {
            throw .usage("\(setting("loss")) misclassification needs classes: use it with \(setting("model")) logistic or softmax")
        }
    }

    /// The mean loss over `data`'s rows of the coefficients `estimates` of `model`.
    func mean<M: RegressionModel>(_ model: M, _ estimates: [Double], _ data: RegressionData) -> Double {
        let n = Double(data.rowCount)
        if self == .nll { return -model.logLikelihood(estimates, on: data) / n }
        let intercept = model.design.intercept
        let y = data.target
        if let softmax = model as? SoftmaxRegressionModel {
            let block = data.featureCount + (intercept ? 1 : 0)
            let eta = (1..<softmax.classCount).map { k in
                predictors(Array(estimates[((k - 1) * block)..<(k * block)]), data, intercept: intercept)
            }
            var total = 0.0
            for i in y.indices {
                let scores = [0.0] + eta.map { $0[i] }
                let top = scores.max() ?? 0
                let weights = scores.map { exp($0 - top) }
                let sum = weights.reduce(0, +)
                let label = Int(y[i])
                if self == .mse {
                    total += weights.indices.reduce(0) { $0 + pow((label == $1 ? 1 : 0) - weights[$1] / sum, 2) }
                } else {
                    total += scores.firstIndex(of: top) == label ? 0 : 1
                }
            }
            return total / n
        }
        let eta = predictors(estimates, data, intercept: intercept)
        var total = 0.0
        for i in y.indices {
            switch model {
            case is LogisticRegressionModel:
                let mu = 1 / (1 + exp(-eta[i]))
                total += self == .mse ? (y[i] - mu) * (y[i] - mu) : ((eta[i] > 0 ? 1 : 0) == y[i] ? 0 : 1)
            case is PoissonRegressionModel:
                let mu = exp(eta[i])
                total += (y[i] - mu) * (y[i] - mu)
            default:
                total += (y[i] - eta[i]) * (y[i] - eta[i])
            }
        }
        return total / n
    }

    /// b + xᵢᵀw for the coefficients (b, w) at the front of `coefficients`.
    private func predictors(_ coefficients: [Double], _ data: RegressionData, intercept: Bool) -> [Double] {
        let offset = intercept ? 1 : 0
        let b = intercept ? coefficients[0] : 0
        let w = Array(coefficients[offset..<(offset + data.featureCount)])
        let xw = (try? data.features.multiplied(by: w)) ?? [Double](repeating: .nan, count: data.rowCount)
        return xw.map { $0 + b }
    }
}

extension Regression {
    /// The mean `loss` over `data`'s rows of this regression's coefficients `estimates` (as a fit
    /// with `design` reports them): how a fit predicts rows it was not fitted to.
    public func meanLoss(_ loss: HeldOutLoss, of estimates: [Double], on data: RegressionData, design: RegressionDesign) throws(InferenceError)
        -> Double
    {
        try loss.check(for: self)
        return try dispatch(data, design: design, ScoreRegression(loss: loss, estimates: estimates, data: data))
    }
}

private struct ScoreRegression: RegressionOperation {
    let loss: HeldOutLoss
    let estimates: [Double]
    let data: RegressionData

    func run<M: RegressionModel>(_ model: M) throws(InferenceError) -> Double {
        guard estimates.count == model.parameterNames.count else {
            throw .usage("\(estimates.count) coefficients for the \(model.parameterNames.count) parameters of the \(model.name) model")
        }
        try model.validate(data)
        return loss.mean(model, estimates, data)
    }
}
