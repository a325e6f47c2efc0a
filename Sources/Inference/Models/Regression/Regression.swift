/// The regressions of the command line, by their contract names.
public enum Regression: String, CaseIterable, Sendable {
    case linear
    case logistic
    case poissonRegression = "poisson-regression"
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
