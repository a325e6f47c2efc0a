import Foundation

extension PointEstimate: CustomStringConvertible {
    /// Akaike's information criterion 2k − 2 log L of an MLE (k parameters); nil for a MAP.
    public var akaikeInformationCriterion: Double? {
        method == .maximumLikelihood ? 2 * Double(estimates.count) - 2 * logLikelihood : nil
    }

    /// The Bayesian (Schwarz) information criterion k log n − 2 log L of an MLE; nil for a MAP.
    public var bayesianInformationCriterion: Double? {
        method == .maximumLikelihood ? Double(estimates.count) * log(Double(max(1, observationCount))) - 2 * logLikelihood : nil
    }

    /// A summary to read, as statsmodels' `summary()`: the model, prior and rows; one line a
    /// parameter with its estimate, standard error and 95 % interval; the log-likelihood (and log
    /// posterior), AIC and BIC of an MLE, the iterations; then the warnings.
    public var description: String {
        func number(_ value: Double?) -> String { value.map { String(format: "%.6g", $0) } ?? "—" }
        let intervals = (try? self.intervals(level: 0.95)) ?? estimates.map { _ in nil }
        let width = max(9, parameterNames.map(\.count).max() ?? 0)
        func padded(_ text: String, _ count: Int) -> String { text + String(repeating: " ", count: max(0, count - text.count)) }
        var lines = ["\(modelName) \(method == .maximumLikelihood ? "MLE" : "MAP under \(priorName)"), n = \(observationCount)"]
        lines.append(padded("parameter", width) + "  " + ["estimate", "std. error", "95% lower", "95% upper"].map { padded($0, 12) }.joined())
        for k in estimates.indices {
            let cells = [number(estimates[k]), number(standardErrors[k]), number(intervals[k]?.lowerBound), number(intervals[k]?.upperBound)]
            lines.append(padded(parameterNames[k], width) + "  " + cells.map { padded($0, 12) }.joined())
        }
        var fit = "log-likelihood \(number(logLikelihood))"
        if let logPosterior { fit += ", log posterior \(number(logPosterior))" }
        if let aic = akaikeInformationCriterion, let bic = bayesianInformationCriterion { fit += ", AIC \(number(aic)), BIC \(number(bic))" }
        fit += iterations == 0 ? "; closed form" : "; \(converged ? "converged" : "not converged") in \(iterations) iterations"
        lines.append(fit)
        return (lines + warnings.map { "warning: \($0)" }).map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }
            .joined(separator: "\n")
    }
}
