/// The regressions of the command line, by their contract names.
public enum Regression: String, CaseIterable, Sendable {
    case linear
    case logistic
    case poissonRegression = "poisson-regression"
    case softmax

    /// The regressions this version fits.
    public static var available: [Regression] { Regression.allCases }

    /// Fits this regression of `target` on `features` under `penalty` (MLE without one).
    ///
    /// - Throws: a usage error for a regression this version does not fit yet; data and
    ///   numerical errors from the fit.
    public func fit(_ data: RegressionData, design: RegressionDesign, penalty: Penalty) throws(InferenceError) -> PointEstimate {
        switch self {
        case .linear:
            return try PenalizedRegression(model: LinearRegressionModel(featureNames: data.featureNames, design: design), penalty: penalty)
                .fit(data)
        case .logistic:
            return try PenalizedRegression(model: LogisticRegressionModel(featureNames: data.featureNames, design: design), penalty: penalty)
                .fit(data)
        case .poissonRegression:
            return try PenalizedRegression(
                model: PoissonRegressionModel(featureNames: data.featureNames, design: design), penalty: penalty
            ).fit(data)
        case .softmax:
            let model = SoftmaxRegressionModel(
                featureNames: data.featureNames, classCount: SoftmaxRegressionModel.classCount(of: data), design: design)
            return try PenalizedRegression(model: model, penalty: penalty).fit(data)
        }
    }
}
