import Foundation
import GSL

/// A regression's fit as saved to a file (`infer fit --save`): the model, its prior, the coding
/// of every term, the estimates and their covariance — all that prediction on new rows needs.
public struct FittedRegression: Sendable, Equatable, Codable {
    /// The file format's name and version.
    public static let formatName = "infer-fit/1"

    /// ``formatName``.
    public let format: String
    /// The regression's name (`linear`, `logistic`, `poisson-regression`, `softmax`).
    public let model: String
    /// The prior's name (`flat`, `gaussian`, `laplace`, `elastic-net`).
    public let prior: String
    /// λ of the prior (nil under a flat one).
    public let lambda: Double?
    /// The elastic net's mix (nil for other priors).
    public let mix: Double?
    /// The rows the fit used.
    public let observationCount: Int
    /// The target column.
    public let target: String
    /// A text target's levels, class k being level k (nil for a numeric target).
    public let targetLevels: [String]?
    /// The number of classes of a classifier's fit (nil for other regressions).
    public let classCount: Int?
    /// How the table's columns were coded.
    public let design: TableDesign
    /// Whether the features were standardised before fitting (the estimates are on the original
    /// scale either way).
    public let standardize: Bool
    /// The parameters' names, in order.
    public let parameterNames: [String]
    /// The estimates.
    public let estimates: [Double]
    /// Their covariance (nil when the fit has none, as under an L1 prior).
    public let covariance: [[Double]]?

    /// The saved form of `estimate`, a fit of `regression` on `data` (coded from a table) with
    /// `design` and `penalty`.
    public init(_ estimate: PointEstimate, regression: Regression, data: RegressionData, design: RegressionDesign, penalty: Penalty) throws(InferenceError) {
        guard let coding = data.coding else { throw .usage("only a regression fitted on a table's columns can be saved") }
        let coefficients = FittedCoefficients(estimate)
        format = Self.formatName
        model = regression.rawValue
        prior = penalty.priorName
        lambda = penalty.lambda
        mix = if case .elasticNet(_, let mix) = penalty { mix } else { nil }
        observationCount = estimate.observationCount
        target = data.targetName
        targetLevels = data.targetLevels
        classCount = try regression.model(for: data, design: design).isClassifier ? max(2, Int(data.target.max() ?? 1) + 1) : nil
        self.design = coding
        standardize = design.standardize
        parameterNames = estimate.parameterNames
        estimates = estimate.estimates
        covariance = coefficients.covariance
    }

    /// The saved fit of the JSON `data` (`source` names it in messages).
    public init(json data: Data, source: String) throws(InferenceError) {
        let shown = InferenceError.excerpt(source, limit: 200)
        do {
            self = try JSONDecoder().decode(FittedRegression.self, from: data)
        } catch {
            throw .data("\(shown) is not a saved regression fit (format \(Self.formatName))")
        }
        guard format == Self.formatName else { throw .data("\(shown) is a saved fit of format \(InferenceError.excerpt(format)); this version reads \(Self.formatName)") }
        guard Regression(rawValue: model) != nil, design.isConsistent, estimates.count == parameterNames.count, estimates.allSatisfy(\.isFinite),
            covariance.map({ $0.count == estimates.count && $0.allSatisfy { $0.count == estimates.count && $0.allSatisfy(\.isFinite) } }) ?? true
        else { throw .data("\(shown) is a damaged saved fit: its model, estimates or covariance do not agree") }
    }

    /// The JSON text of the saved fit (keys sorted, so the same fit gives the same bytes).
    public func json() throws(InferenceError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do { return try encoder.encode(self) } catch { throw .numerical("the fit could not be written as JSON") }
    }

    private var regressionDesign: RegressionDesign { RegressionDesign(intercept: design.intercept, standardize: standardize) }

    /// The model of the fit, rebuilt from a stand-in row of its data (its features, its classes).
    private func fittedModel() throws(InferenceError) -> any RegressionModel {
        guard let regression = Regression(rawValue: model) else { throw .data("unknown model \(InferenceError.excerpt(model)) in a saved fit") }
        let names = design.columnNames
        let standIn: Matrix
        do { standIn = try Matrix(rows: 1, columns: names.count, values: [Double](repeating: 0, count: names.count)) } catch { throw InferenceError(error) }
        var data = try RegressionData(features: standIn, target: [Double(max(0, (classCount ?? 1) - 1))], featureNames: names, targetName: target)
        data.targetLevels = targetLevels
        let fitted = try regression.model(for: data, design: regressionDesign)
        guard fitted.parameterNames == parameterNames else { throw .data("the saved fit's parameters are not those of its model and coding") }
        return fitted
    }

    /// What the fit predicts for the rows of `dataset` (coded as the fit's data were; a level the
    /// fit never saw is a data error naming its row, column and level), intervals at `level`;
    /// with `scores` when `dataset` holds the target column (its rows must all have one).
    ///
    /// With `draws` (a posterior sample of the same model and coding, as `infer sample` writes)
    /// every interval is the posterior one, equal-tailed, and the means are posterior means; a
    /// new observation's noise is drawn from `seed`. The scores stay those of the fit's estimates.
    public func predict(
        _ dataset: Dataset, level: Double, draws: PosteriorSample? = nil, seed: UInt64 = 1
    ) throws(InferenceError) -> (predictions: [RowPrediction], scores: [(name: String, value: Double)]?) {
        try ConfidenceLevel.validate(level)
        let fitted = try fittedModel()
        let features = try design.matrix(dataset)
        let hasTarget = dataset.columnNames.contains(target)
        var y = [Double](repeating: 0, count: dataset.rowCount)
        if hasTarget { y = try targetValues(dataset) }
        var data = try RegressionData(features: features, target: y, featureNames: design.columnNames, targetName: target)
        data.targetLevels = targetLevels
        let coefficients = FittedCoefficients(estimates: estimates, covariance: covariance, observationCount: observationCount)
        var predictions: [RowPrediction]
        if let draws {
            guard draws.parameterNames == parameterNames else {
                throw .data(
                    "the draws are of the parameters \(Dataset.list(draws.parameterNames)), not the fit's \(Dataset.list(parameterNames)): sample the same model and coding")
            }
            predictions = fitted.predictions(draws: draws.chains.flatMap(\.draws), on: data, level: level, seed: seed)
        } else {
            predictions = fitted.predictions(coefficients, on: data, level: level)
        }
        for k in predictions.indices { predictions[k].predictedClass = fitted.predictedClass(predictions[k]) }
        guard hasTarget else { return (predictions, nil) }
        try fitted.validate(data)
        return (predictions, fitted.scores(estimates, on: data))
    }

    /// The target column of `dataset` as the fit coded it: numbers, or a text target's classes.
    private func targetValues(_ dataset: Dataset) throws(InferenceError) -> [Double] {
        guard let targetLevels else { return try dataset.column(named: target) }
        let j = try dataset.index(of: target)
        guard case .categorical(let names, let codes) = dataset.columns[j] else {
            throw .data("the target \(InferenceError.excerpt(target)) holds numbers, and the fit's target was text (\(Dataset.list(targetLevels)))")
        }
        let index = Dictionary(uniqueKeysWithValues: targetLevels.enumerated().map { ($1, $0) })
        var y: [Double] = []
        for (i, code) in codes.enumerated() {
            guard code >= 0 else { throw .data("missing value", at: dataset.location(i, target)) }
            guard let k = index[names[Int(code)]] else {
                throw .data("level '\(InferenceError.excerpt(names[Int(code)], limit: 40))' is not one of the fit's (\(Dataset.list(targetLevels)))", at: dataset.location(i, target))
            }
            y.append(Double(k))
        }
        return y
    }

    /// The columns prediction reads from a table: the design's variables, and the target when
    /// the table has it (for scores).
    public func columns(of dataset: Dataset) -> [String] { columns(of: dataset.columnNames) }

    /// The columns prediction reads from a table with columns `names`.
    public func columns(of names: [String]) -> [String] {
        design.variables.map(\.name) + (names.contains(target) ? [target] : [])
    }
}
