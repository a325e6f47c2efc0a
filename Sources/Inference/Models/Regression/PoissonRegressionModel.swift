import Foundation
import GSL

/// Poisson regression with the log link: yᵢ ~ Poisson(e^ηᵢ), ηᵢ = b + xᵢᵀw.
///
/// Per row, −log L = e^η − yη + log y!; Newton's method with a line search, or proximal Newton
/// under a laplace or elastic-net prior.
public struct PoissonRegressionModel: SingleIndexRegression {
    /// The features' names, in order.
    public let featureNames: [String]
    /// Intercept and standardisation.
    public let design: RegressionDesign

    /// The poisson regression over `featureNames`.
    public init(featureNames: [String], design: RegressionDesign = RegressionDesign()) {
        self.featureNames = featureNames
        self.design = design
    }

    /// The model's name, `poisson-regression`.
    public var name: String { "poisson-regression" }
    /// `intercept` (unless there is none) and the feature names, in order.
    public var parameterNames: [String] { coefficientNames(featureNames) }

    /// Rejects data whose features are not the model's (a usage error), fewer than 2 rows and a
    /// target that is not a whole number from 0 to below 4·10⁹.
    public func validate(_ data: RegressionData) throws(InferenceError) {
        guard data.featureNames == featureNames else { throw .usage("the data's features differ from the model's") }
        try requireRows(data, minimum: 2)
        try data.requireNumericTarget(for: name)
        if let row = data.target.firstIndex(where: { !($0 >= 0 && $0.rounded() == $0 && $0 < 4e9) }) {
            throw .data(
                "\(data.target[row]) is outside the support of the poisson-regression model (whole numbers from 0 to below 4·10⁹)",
                at: .init(row: row + 1, column: data.targetName))
        }
    }

    func rowLoss(_ eta: Double, _ y: Double) -> Double {
        let logFactorial = (try? SpecialFunctions.logFactorial(Int(y))) ?? .infinity
        return exp(eta) - y * eta + logFactorial
    }

    func rowDerivatives(_ eta: Double, _ y: Double) -> (first: Double, second: Double) {
        let mu = exp(eta)
        return (mu - y, mu)
    }

    /// ℓ, μ − y and μ from one exponential (the two functions above take one each): the same
    /// numbers, for the Newton steps and a sampler's passes over the rows.
    func rowTerms(_ eta: Double, _ y: Double) -> (linear: Double, factor: Double, first: Double, second: Double) {
        let mu = exp(eta)
        let logFactorial = (try? SpecialFunctions.logFactorial(Int(y))) ?? .infinity
        return (mu - y * eta + logFactorial, 1, mu - y, mu)
    }

    func interceptForMean(_ mean: Double) -> Double { log(mean) }

    func checkTarget(_ data: RegressionData, drawn: [Int]?, penalty: Penalty) throws(InferenceError) {
        if drawn.map({ $0.allSatisfy { data.target[$0] == 0 } }) ?? data.target.allSatisfy({ $0 == 0 }) {
            throw .numerical("every row of \(data.targetName) is 0: the intercept's estimate does not exist (it is −∞)")
        }
    }

    func noEstimate(_ data: RegressionData, penalty: Penalty) -> InferenceError {
        .numerical(
            "the poisson-regression fit did not converge: the \(penalty == .none ? "MLE" : "MAP") may not exist",
            remedy: penalty == .none ? Remedy.addAPrior : Remedy.largerLambda)
    }
}

extension PoissonRegressionModel {
    /// E[y | x] = e^η of each row.
    public func meanResponses(_ estimates: [Double], on data: RegressionData) -> [Double] {
        data.linearPredictor(estimates, intercept: design.intercept).map(mean(ofLinearPredictor:))
    }

    /// y, with curvature μ₀ at the null mean μ₀ (ȳ, or 1 without an intercept).
    public func nullResponses(on data: RegressionData) -> [NullResponse] {
        let mean = nullMean(data)
        return [NullResponse(mean: mean, response: data.target, curvature: mean)]
    }
}
