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

    /// A usage error when this loss does not apply to `model` (misclassification needs classes).
    public func check(for model: some RegressionModel) throws(InferenceError) {
        if self == .misclassification, !model.isClassifier {
            throw .usage("\(setting("loss")) misclassification needs classes: use it with \(setting("model")) logistic or softmax")
        }
    }
}
