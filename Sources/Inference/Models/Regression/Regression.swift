/// The regressions of the command line, by their contract names.
public enum Regression: String, CaseIterable, Sendable {
    /// Least squares: y = Xβ + b + ε with gaussian ε; ``LinearRegressionModel``.
    case linear
    /// Binary outcomes, P(y = 1) = 1/(1 + e^−(Xβ + b)); ``LogisticRegressionModel``.
    case logistic
    /// Counts with log E[y] = Xβ + b; ``PoissonRegressionModel``.
    case poissonRegression = "poisson-regression"
    /// Classes 0 … K − 1, P(y = k) ∝ e^(bₖ + xᵀwₖ) with class 0 the reference; ``SoftmaxRegressionModel``.
    case softmax

    /// The regressions this version fits.
    public static var available: [Regression] { Regression.allCases }

    /// Fits this regression of `target` on `features` under `penalty` (MLE without one).
    public func fit(_ data: RegressionData, design: RegressionDesign, penalty: Penalty) throws(InferenceError) -> PointEstimate {
        try dispatch(data, design: design, FitRegression(data: data, penalty: penalty))
    }

    /// Builds this regression's model for `data` and hands it to `operation`.
    func dispatch<O: RegressionOperation>(_ data: RegressionData, design: RegressionDesign, _ operation: O) throws(InferenceError) -> O.Result {
        switch self {
        case .linear: try operation.run(LinearRegressionModel(featureNames: data.featureNames, design: design))
        case .logistic: try operation.run(LogisticRegressionModel(featureNames: data.featureNames, design: design))
        case .poissonRegression: try operation.run(PoissonRegressionModel(featureNames: data.featureNames, design: design))
        case .softmax:
            try operation.run(SoftmaxRegressionModel(
                featureNames: data.featureNames, classCount: SoftmaxRegressionModel.classCount(of: data), design: design))
        }
    }
}

/// Something done with a regression's model.
protocol RegressionOperation {
    associatedtype Result
    func run<M: RegressionModel>(_ model: M) throws(InferenceError) -> Result
}

private struct FitRegression: RegressionOperation {
    let data: RegressionData
    let penalty: Penalty

    func run<M: RegressionModel>(_ model: M) throws(InferenceError) -> PointEstimate {
        try PenalizedRegression(model: model, penalty: penalty).fit(data)
    }
}
