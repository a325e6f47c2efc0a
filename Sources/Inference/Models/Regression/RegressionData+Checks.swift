import Foundation

/// The checks of a regression's data that name what is wrong: its target, its features.
extension RegressionData {
    /// A data error when the target holds text: `model` needs numbers.
    func requireNumericTarget(for model: String) throws(InferenceError) {
        guard let levels = targetLevels else { return }
        throw .data("the target \(InferenceError.excerpt(targetName)) holds text (\(Dataset.list(levels))); the \(model) model needs numbers")
    }

    /// The numerical error of feature `j`, which the intercept and the other features explain
    /// (`constant`: its values are all one value): the MLE is not unique.
    func collinearFeature(_ j: Int, constant: Bool) -> InferenceError {
        let with = constant ? "is constant (collinear with the intercept)" : "is collinear with the other features"
        return .numerical("feature \(featureNames[j]) \(with): the MLE is not unique", parameter: featureNames[j], remedy: Remedy.addAPrior)
    }

    /// A data error naming the first cell of a feature too large for any fit, nil when there is
    /// none: from √(greatest double / n) on, the sums of squares every fit forms overflow, and the
    /// fit then fails under another name (collinear, not converged, a singular system, a λ grid
    /// without range). Asked only once a fit has failed, so a fit that works pays no pass for it.
    var oversizedFeature: InferenceError? {
        let limit = (Double.greatestFiniteMagnitude / Double(max(1, rowCount))).squareRoot()
        for j in 0..<featureCount {
            let column = store.columns?[j] ?? (0..<rowCount).map { features[$0, j] }
            guard let row = column.firstIndex(where: { abs($0) >= limit }) else { continue }
            return .data(
                "\(column[row]) is too large for a regression's feature: the sums of squares of \(rowCount) rows overflow from \(String(format: "%.3g", limit)) on; rescale the column",
                at: .init(row: row + 1, column: featureNames[j]))
        }
        return nil
    }

    /// Throws ``collinearFeature(_:constant:)`` for the first feature of `design` that the
    /// intercept and the features before it explain (see `StandardizedDesign.firstCollinearFeature`).
    func requireFullRank(_ design: StandardizedDesign, intercept: Bool) throws(InferenceError) {
        if let (j, constant) = design.firstCollinearFeature() { throw collinearFeature(j, constant: intercept && constant) }
    }
}
