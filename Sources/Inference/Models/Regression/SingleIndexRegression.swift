import Foundation
import GSL

/// A regression whose rows depend on θ only through one linear predictor ηᵢ = b + xᵢᵀw,
/// with a convex per-row negative log-likelihood: logistic (Bernoulli, logit link) and poisson
/// (log link). It supplies N(β), ∇N = Z̃ᵀ(μ − y) and ∇²N = Z̃ᵀ diag(v) Z̃ to ``PenalizedNewton``.
protocol SingleIndexRegression: RegressionModel {
    /// The per-row negative log-likelihood at η with target y (constants included).
    func rowLoss(_ eta: Double, _ y: Double) -> Double
    /// dℓ/dη = μ − y and d²ℓ/dη² = v at η.
    func rowDerivatives(_ eta: Double, _ y: Double) -> (first: Double, second: Double)
    /// Throws a data or numerical error when the MLE (or MAP) cannot exist for this target.
    func checkTarget(_ data: RegressionData, penalty: Penalty) throws(InferenceError)
    /// The intercept whose mean response is `mean` (the starting point of Newton's method).
    func interceptForMean(_ mean: Double) -> Double
    /// The error to report when the solver fails.
    func noEstimate(_ data: RegressionData, penalty: Penalty) -> InferenceError
    /// Throws when the flat fit that stopped at these linear predictors signals that the MLE
    /// does not exist (default: no check).
    func checkExistence(linearPredictors eta: [Double], _ data: RegressionData) throws(InferenceError)
}

extension SingleIndexRegression {
    public var parameterSupports: [ParameterSupport] { [ParameterSupport](repeating: .real, count: parameterNames.count) }

    public func observationCount(_ data: RegressionData) -> Int { data.rowCount }

    func linearPredictor(_ parameters: [Double], _ data: RegressionData) -> [Double] {
        let offset = design.intercept ? 1 : 0
        let b = design.intercept ? parameters[0] : 0
        let xw = (try? data.features.multiplied(by: Array(parameters[offset...]))) ?? []
        return xw.map { $0 + b }
    }

    public func logLikelihood(_ parameters: [Double], on data: RegressionData) -> Double {
        -zip(linearPredictor(parameters, data), data.target).reduce(0) { $0 + rowLoss($1.0, $1.1) }
    }

    public func gradient(_ parameters: [Double], on data: RegressionData) -> [Double]? {
        let residual = zip(linearPredictor(parameters, data), data.target).map { -rowDerivatives($0, $1).first }
        guard let x = try? AugmentedDesign.augment(data.features, intercept: design.intercept) else { return nil }
        return try? x.transposeMultiplied(by: residual)
    }

    public func hessian(_ parameters: [Double], on data: RegressionData) -> Matrix? {
        let weights = zip(linearPredictor(parameters, data), data.target).map { rowDerivatives($0, $1).second }
        guard let x = try? AugmentedDesign.augment(data.features, intercept: design.intercept) else { return nil }
        return weightedGram(x, weights: weights).scaled(by: -1)
    }

    public func fitPenalized(_ data: RegressionData, penalty: Penalty) throws(InferenceError) -> PointEstimate {
        try checkTarget(data, penalty: penalty)
        let augmented = try AugmentedDesign(data, design: design)
        let z = augmented.matrix
        let y = data.target
        let solver = PenalizedNewton(
            dimension: augmented.columns, penalized: augmented.penalizedBlock, l1: penalty.l1, l2: penalty.l2,
            negativeLogLikelihood: { beta in
                guard let eta = try? z.multiplied(by: beta) else { return .infinity }
                return zip(eta, y).reduce(0) { $0 + rowLoss($1.0, $1.1) }
            },
            derivatives: { beta in
                let eta = (try? z.multiplied(by: beta)) ?? []
                var first = [Double](repeating: 0, count: y.count)
                var second = first
                for i in y.indices { (first[i], second[i]) = rowDerivatives(eta[i], y[i]) }
                return ((try? z.transposeMultiplied(by: first)) ?? [], weightedGram(z, weights: second))
            })
        let solution: PenalizedNewton.Solution
        do {
            solution = try solver.solve(from: startingCoefficients(augmented, y))
        } catch {
            throw noEstimate(data, penalty: penalty)
        }
        if penalty == .none, let eta = try? z.multiplied(by: solution.estimate) {
            try checkExistence(linearPredictors: eta, data)
        }
        let estimates = augmented.originalBlock(solution.estimate[...])
        var information: Matrix?
        if penalty.isSmooth, let hessian = hessian(estimates, on: data) {
            information = hessian.scaled(by: -1)
            let offset = design.intercept ? 1 : 0
            for j in 0..<data.featureCount {
                let s = augmented.standardized.scales[j]
                information?[j + offset, j + offset] += penalty.l2 * s * s
            }
        }
        let report = RegressionReport(
            modelName: name, parameterNames: parameterNames, penalty: penalty, observationCount: data.rowCount)
        let priorWeights = zip(augmented.penalizedBlock, solution.estimate).filter(\.0).map(\.1)
        return report.estimate(
            estimates, information: information, logLikelihood: logLikelihood(estimates, on: data),
            priorWeights: priorWeights, iterations: solution.iterations)
    }

    func checkExistence(linearPredictors eta: [Double], _ data: RegressionData) throws(InferenceError) {}

    /// Zero weights and the intercept that fits the mean of y.
    func startingCoefficients(_ augmented: AugmentedDesign, _ y: [Double]) -> [Double] {
        var start = [Double](repeating: 0, count: augmented.columns)
        if augmented.intercept { start[0] = interceptForMean(y.reduce(0, +) / Double(y.count)) }
        return start
    }

}
