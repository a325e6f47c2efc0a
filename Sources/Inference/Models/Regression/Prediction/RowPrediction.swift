import Foundation
import GSL

/// What a fitted regression says of one row: its mean response with a confidence interval, a
/// new observation's interval (linear), its class probabilities (softmax).
public struct RowPrediction: Sendable, Equatable {
    /// E[y | x]: the mean (linear), the probability of class 1 (logistic), the rate (poisson);
    /// nil for softmax, which gives ``probabilities``.
    public var mean: Double?
    /// The confidence interval of the mean at the level asked for.
    public var lower: Double?
    /// See ``lower``.
    public var upper: Double?
    /// A new observation's interval (linear regression).
    public var predictionLower: Double?
    /// See ``predictionLower``.
    public var predictionUpper: Double?
    /// The probability of each class, class 0 first (softmax).
    public var probabilities: [Double]?
    /// The class the prediction picks (classifiers; see ``RegressionModel/predictedClass(_:)``).
    public var predictedClass: Int?

    /// A prediction of its parts.
    public init(
        mean: Double? = nil, lower: Double? = nil, upper: Double? = nil, predictionLower: Double? = nil, predictionUpper: Double? = nil,
        probabilities: [Double]? = nil, predictedClass: Int? = nil
    ) {
        self.mean = mean
        self.lower = lower
        self.upper = upper
        self.predictionLower = predictionLower
        self.predictionUpper = predictionUpper
        self.probabilities = probabilities
        self.predictedClass = predictedClass
    }
}

/// A fit as prediction needs it: the coefficients, their covariance where there is one, and the
/// rows it was fitted on.
public struct FittedCoefficients: Sendable, Equatable {
    /// The estimates, in the model's parameter order.
    public let estimates: [Double]
    /// Their covariance (p × p, the model's parameter order), nil when the fit has none.
    public let covariance: [[Double]]?
    /// The rows the fit used.
    public let observationCount: Int

    /// Coefficients with their covariance and row count.
    public init(estimates: [Double], covariance: [[Double]]?, observationCount: Int) {
        self.estimates = estimates
        self.covariance = covariance
        self.observationCount = observationCount
    }

    /// The coefficients of a point estimate.
    public init(_ estimate: PointEstimate) {
        let p = estimate.estimates.count
        self.init(
            estimates: estimate.estimates,
            covariance: estimate.covariance.map { c in (0..<p).map { i in (0..<p).map { c[i, $0] } } },
            observationCount: estimate.observationCount)
    }

    /// The variance of Σ gₖθₖ over the first g.count parameters: gᵀΣg (nil without a covariance).
    func variance(of gradient: [Double]) -> Double? {
        guard let covariance else { return nil }
        var total = 0.0
        for i in gradient.indices where gradient[i] != 0 {
            for j in gradient.indices where gradient[j] != 0 { total += gradient[i] * covariance[i][j] * gradient[j] }
        }
        return total
    }
}

extension RegressionData {
    /// Row i's gradient of the linear predictor b + xᵀw in the coefficients: (1, xᵢ) or xᵢ.
    func predictorGradient(_ i: Int, intercept: Bool) -> [Double] {
        (intercept ? [1] : []) + (0..<featureCount).map { features[i, $0] }
    }
}

/// The two-sided normal quantile z₍₁₊ₗ₎/₂.
func normalQuantile(level: Double) -> Double {
    (try? Normal().quantile((1 + level) / 2)) ?? 1.959963984540054
}

extension RegressionModel {
    /// Default: each row's mean response (``meanResponses(_:on:)``), without intervals.
    public func predictions(_ fit: FittedCoefficients, on data: RegressionData, level: Double) -> [RowPrediction] {
        meanResponses(fit.estimates, on: data).map { RowPrediction(mean: $0) }
    }

    /// Default: none, a model of numbers rather than classes.
    public func predictedClass(_ prediction: RowPrediction) -> Int? { nil }

    /// Default: the mean negative log-likelihood a row (`nll`) and squared error (`mse`).
    public func scores(_ estimates: [Double], on data: RegressionData) -> [(name: String, value: Double)] {
        [("mse", meanLoss(.mse, of: estimates, on: data)), ("nll", meanLoss(.nll, of: estimates, on: data))]
    }
}

extension SingleIndexRegression {
    /// Each row's mean response g⁻¹(η̂) and its interval g⁻¹(η̂ ± z·se(η̂)), se(η̂)² = gᵀΣg by the
    /// delta method on the linear predictor (statsmodels' `GLM.get_prediction`).
    public func predictions(_ fit: FittedCoefficients, on data: RegressionData, level: Double) -> [RowPrediction] {
        let eta = data.linearPredictor(fit.estimates, intercept: design.intercept)
        let z = normalQuantile(level: level)
        return eta.indices.map { i in
            let mean = self.mean(ofLinearPredictor: eta[i])
            guard let variance = fit.variance(of: data.predictorGradient(i, intercept: design.intercept)), variance >= 0 else {
                return RowPrediction(mean: mean)
            }
            let half = z * variance.squareRoot()
            return RowPrediction(mean: mean, lower: self.mean(ofLinearPredictor: eta[i] - half), upper: self.mean(ofLinearPredictor: eta[i] + half))
        }
    }
}

extension LinearRegressionModel {
    /// Each row's mean b + xᵀw with R's `predict.lm` intervals: t quantiles with n − p degrees of
    /// freedom and σ̂² = RSS/(n − p), RSS = nσ̂²₍MLE₎ (the fit's `sigma` is the MLE's, and its
    /// covariance σ̂²₍MLE₎(XᵀX)⁻¹, rescaled by n/(n − p)); a new observation's interval adds σ̂².
    public func predictions(_ fit: FittedCoefficients, on data: RegressionData, level: Double) -> [RowPrediction] {
        let means = meanResponses(fit.estimates, on: data)
        let n = fit.observationCount
        let p = fit.estimates.count - 1
        guard n > p, let sigma = fit.estimates.last else { return means.map { RowPrediction(mean: $0) } }
        let scale = Double(n) / Double(n - p)
        let t = (try? StudentT(degreesOfFreedom: Double(n - p)).quantile((1 + level) / 2)) ?? normalQuantile(level: level)
        let noise = sigma * sigma * scale
        return means.indices.map { i in
            guard let variance = fit.variance(of: data.predictorGradient(i, intercept: design.intercept)), variance >= 0 else {
                return RowPrediction(mean: means[i])
            }
            let mean = t * (variance * scale).squareRoot()
            let new = t * (variance * scale + noise).squareRoot()
            return RowPrediction(mean: means[i], lower: means[i] - mean, upper: means[i] + mean, predictionLower: means[i] - new, predictionUpper: means[i] + new)
        }
    }
}

extension LogisticRegressionModel {
    /// P(y = 1 | x) = 1/(1 + e^−η).
    func mean(ofLinearPredictor eta: Double) -> Double { 1 / (1 + exp(-eta)) }

    /// Class 1 when P(y = 1 | x) ≥ ½, else class 0.
    public func predictedClass(_ prediction: RowPrediction) -> Int? { prediction.mean.map { $0 >= 0.5 ? 1 : 0 } }

    /// The mean log loss (`logLoss`), the share of rows whose predicted class is theirs
    /// (`accuracy`) and the Brier score (`brier`), each a mean over rows.
    public func scores(_ estimates: [Double], on data: RegressionData) -> [(name: String, value: Double)] {
        let p = meanResponses(estimates, on: data)
        let hits = zip(p, data.target).filter { predictedClass(RowPrediction(mean: $0)) == Int($1) }.count
        return [("logLoss", meanLoss(.nll, of: estimates, on: data)), ("accuracy", Double(hits) / Double(data.rowCount)),
                ("brier", meanLoss(.mse, of: estimates, on: data))]
    }
}

extension PoissonRegressionModel {
    /// E[y | x] = e^η.
    func mean(ofLinearPredictor eta: Double) -> Double { exp(eta) }

    /// The mean deviance 2[y log(y/μ) − (y − μ)] (`deviance`) and the mean negative
    /// log-likelihood with every constant (`nll`), each a mean over rows.
    public func scores(_ estimates: [Double], on data: RegressionData) -> [(name: String, value: Double)] {
        let mu = meanResponses(estimates, on: data)
        let deviance = zip(data.target, mu).reduce(0.0) { total, pair in
            let (y, m) = pair
            return total + 2 * ((y > 0 ? y * log(y / m) : 0) - (y - m))
        }
        return [("deviance", deviance / Double(data.rowCount)), ("nll", meanLoss(.nll, of: estimates, on: data))]
    }
}

extension SoftmaxRegressionModel {
    /// Each row's class probabilities, class 0 first.
    public func predictions(_ fit: FittedCoefficients, on data: RegressionData, level: Double) -> [RowPrediction] {
        classProbabilities(fit.estimates, on: data).map { RowPrediction(probabilities: $0) }
    }

    /// The most probable class (the first on a tie).
    public func predictedClass(_ prediction: RowPrediction) -> Int? {
        prediction.probabilities.flatMap { p in p.indices.max { p[$0] < p[$1] || (p[$0] == p[$1] && $0 > $1) } }
    }

    /// The mean log loss (`logLoss`) and the share of rows whose predicted class is theirs
    /// (`accuracy`).
    public func scores(_ estimates: [Double], on data: RegressionData) -> [(name: String, value: Double)] {
        let probabilities = classProbabilities(estimates, on: data)
        let hits = zip(probabilities, data.target).filter { predictedClass(RowPrediction(probabilities: $0)) == Int($1) }.count
        return [("logLoss", meanLoss(.nll, of: estimates, on: data)), ("accuracy", Double(hits) / Double(data.rowCount))]
    }
}

/// Summaries of per-draw values: the mean and the equal-tailed interval (linear interpolation
/// between order statistics, numpy's default, as ``PosteriorSample/credibleIntervals(level:)``).
struct DrawSummary {
    let level: Double

    func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }

    func interval(_ values: [Double]) -> (Double, Double) {
        let sorted = values.sorted()
        return (ParameterDiagnostics.linearQuantile(sorted, (1 - level) / 2), ParameterDiagnostics.linearQuantile(sorted, (1 + level) / 2))
    }

    /// `body` over blocks of at most 512 rows of `data` (so a block's draws × rows stay small).
    static func byBlocks(_ data: RegressionData, _ body: (RegressionData) -> [RowPrediction]) -> [RowPrediction] {
        stride(from: 0, to: data.rowCount, by: 512).flatMap { start in body(data.rows(Array(start..<min(data.rowCount, start + 512)))) }
    }
}

extension RegressionModel {
    /// Default: each row's posterior mean of E[y | x] over `draws` (one coefficient vector a
    /// draw) and its equal-tailed interval at `level`.
    public func predictions(draws: [[Double]], on data: RegressionData, level: Double, seed: UInt64) -> [RowPrediction] {
        let summary = DrawSummary(level: level)
        return DrawSummary.byBlocks(data) { block in
            let means = draws.map { meanResponses($0, on: block) }
            return (0..<block.rowCount).map { i in
                let values = means.map { $0[i] }
                let (lower, upper) = summary.interval(values)
                return RowPrediction(mean: summary.mean(values), lower: lower, upper: upper)
            }
        }
    }
}

extension LinearRegressionModel {
    /// The posterior of the mean b + xᵀw, and the posterior predictive interval: for each draw
    /// (b, w, σ) one new y ~ N(b + xᵀw, σ²), drawn from stream 0 of `seed`, draws in order.
    public func predictions(draws: [[Double]], on data: RegressionData, level: Double, seed: UInt64) -> [RowPrediction] {
        let summary = DrawSummary(level: level)
        guard let generator = try? RandomGenerator(seed: seed) else { return [] }
        return DrawSummary.byBlocks(data) { block in
            let means = draws.map { meanResponses($0, on: block) }
            let noise = draws.map { draw in
                let normal = try? Normal(standardDeviation: draw[draw.count - 1])
                return (0..<block.rowCount).map { _ in normal?.sample(using: generator) ?? .nan }
            }
            return (0..<block.rowCount).map { i in
                let values = means.map { $0[i] }
                let (lower, upper) = summary.interval(values)
                let (newLower, newUpper) = summary.interval(values.indices.map { values[$0] + noise[$0][i] })
                return RowPrediction(mean: summary.mean(values), lower: lower, upper: upper, predictionLower: newLower, predictionUpper: newUpper)
            }
        }
    }
}

extension SoftmaxRegressionModel {
    /// Each row's posterior mean of each class's probability.
    public func predictions(draws: [[Double]], on data: RegressionData, level: Double, seed: UInt64) -> [RowPrediction] {
        DrawSummary.byBlocks(data) { block in
            let probabilities = draws.map { classProbabilities($0, on: block) }
            return (0..<block.rowCount).map { i in
                RowPrediction(probabilities: (0..<classCount).map { k in probabilities.reduce(0) { $0 + $1[i][k] } / Double(draws.count) })
            }
        }
    }
}
