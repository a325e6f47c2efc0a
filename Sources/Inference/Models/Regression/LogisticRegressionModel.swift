import Foundation
import GSL

/// Logistic regression: yᵢ ∈ {0, 1}, P(yᵢ = 1) = 1/(1 + e^(−ηᵢ)), ηᵢ = b + xᵢᵀw.
///
/// Per row, −log L = log(1 + e^η) − yη; Newton's method (IRLS) with a line search, or proximal
/// Newton under a laplace or elastic-net prior. Perfectly separated classes have no MLE: a
/// feature that separates them alone is named.
public struct LogisticRegressionModel: SingleIndexRegression {
    /// The features' names, in order.
    public let featureNames: [String]
    /// Intercept and standardisation.
    public let design: RegressionDesign

    /// The logistic model over `featureNames`.
    public init(featureNames: [String], design: RegressionDesign = RegressionDesign()) {
        self.featureNames = featureNames
        self.design = design
    }

    public var name: String { "logistic" }
    public var parameterNames: [String] { coefficientNames(featureNames) }

    public func validate(_ data: RegressionData) throws(InferenceError) {
        guard data.featureNames == featureNames else { throw .usage("the data's features differ from the model's") }
        try requireRows(data, minimum: 2)
        if let row = data.target.firstIndex(where: { $0 != 0 && $0 != 1 }) {
            throw .data("row \(row + 1), column \(data.targetName): \(data.target[row]) is outside the support of the logistic model (0 or 1)")
        }
    }

    func rowLoss(_ eta: Double, _ y: Double) -> Double { softplus(eta) - y * eta }

    func rowDerivatives(_ eta: Double, _ y: Double) -> (first: Double, second: Double) {
        let mu = eta >= 0 ? 1 / (1 + exp(-eta)) : exp(eta) / (1 + exp(eta))
        return (mu - y, mu * (1 - mu))
    }

    /// ℓ = max(η, 0) − yη + log(1 + e^(−|η|)), μ − y and μ(1 − μ) from one exponential.
    func rowTerms(_ eta: Double, _ y: Double) -> (linear: Double, factor: Double, first: Double, second: Double) {
        let e = exp(-abs(eta))
        let mu = eta >= 0 ? 1 / (1 + e) : e / (1 + e)
        return (max(eta, 0) - y * eta, 1 + e, mu - y, mu * (1 - mu))
    }

    func interceptForMean(_ mean: Double) -> Double { log(mean / (1 - mean)) }

    func checkTarget(_ data: RegressionData, counts: [Int]?, penalty: Penalty) throws(InferenceError) {
        var ones = 0.0
        var rows = 0.0
        for i in 0..<data.rowCount where counts == nil || counts![i] > 0 {
            ones += data.target[i]
            rows += 1
        }
        if ones == 0 || ones == rows {
            throw .numerical(
                "every row of \(data.targetName) is \(ones == 0 ? 0 : 1): the intercept's estimate does not exist (it is infinite)")
        }
        guard penalty == .none else { return }
        if let feature = separatingFeature(data, counts: counts) {
            throw .numerical(
                "feature \(feature) separates the classes perfectly: the MLE does not exist; add a prior, e.g. --prior gaussian")
        }
    }

    /// A row predicted with certainty (|η| > 27.6, P within 1e-12 of its class) at the flat
    /// optimum means its weights ran off along a separating direction: (quasi-)separation.
    func checkExistence(linearPredictors eta: [Double], _ data: RegressionData) throws(InferenceError) {
        if eta.contains(where: { abs($0) > 27.6 }) { throw noEstimate(data, penalty: .none) }
    }

    func noEstimate(_ data: RegressionData, penalty: Penalty) -> InferenceError {
        if penalty == .none {
            return .numerical(
                "the features separate the classes (quasi-)perfectly: the MLE does not exist; add a prior, e.g. --prior gaussian")
        }
        return .numerical("the logistic MAP fit did not converge; try a larger --lambda")
    }

    /// A feature x with max{x : y = 0} ≤ min{x : y = 1} or the reverse: one threshold on it
    /// classifies every row, so its weight runs to ±∞.
    private func separatingFeature(_ data: RegressionData, counts: [Int]?) -> String? {
        // one pass over the rows in storage order, keeping the range of every feature in each class
        // (class 0 at j, class 1 at p + j)
        let p = data.featureCount
        var lowest = [Double](repeating: .infinity, count: 2 * p)
        var highest = [Double](repeating: -.infinity, count: 2 * p)
        data.features.values.withUnsafeBufferPointer { x in
            lowest.withUnsafeMutableBufferPointer { low in
                highest.withUnsafeMutableBufferPointer { high in
                    for i in 0..<data.rowCount where counts == nil || counts![i] > 0 {
                        let offset = data.target[i] == 1 ? p : 0
                        let row = i * p
                        for j in 0..<p {
                            low[offset + j] = min(low[offset + j], x[row + j])
                            high[offset + j] = max(high[offset + j], x[row + j])
                        }
                    }
                }
            }
        }
        for j in 0..<p where highest[j] < lowest[p + j] || highest[p + j] < lowest[j] { return data.featureNames[j] }
        return nil
    }
}
