import Inference

/// The figure of `infer fit` for a regression: each coefficient (a row, the intercept first, a
/// linear model's σ left out) with its estimate and interval, a dashed line at 0: the
/// tutorial's bar charts of OLS against ridge and lasso weights, with their uncertainty. A
/// coefficient without an interval (a laplace prior, a weight set to exactly 0) is its dot alone.
enum RegressionFigure {
    static func svg(_ estimate: PointEstimate, intervals: [ClosedRange<Double>?], level: Double, lambda: Double?) -> String {
        let rows = estimate.parameterNames.indices.filter { estimate.parameterNames[$0] != "sigma" }
        let kind = estimate.method == .maximumLikelihood ? "MLE" : "MAP under \(estimate.priorName)" + (lambda.map { ", λ = \(Chart.label($0))" } ?? "")
        let shown = rows.contains { intervals[$0] != nil }
            ? "\(formatSignificant(level * 100, digits: 4))% intervals" : "no intervals (the prior has no curvature at 0)"
        var chart = Chart(
            title: "infer fit: \(estimate.modelName) \(kind), n = \(estimate.observationCount), \(shown)", xLabel: "coefficient", yLabel: "")
        chart.height = max(200, 60 + 28 * Double(rows.count))
        chart.yCategories = rows.map { estimate.parameterNames[$0] }
        chart.series = rows.enumerated().map { row, k in
            Chart.Series.interval(estimate.parameterNames[k], estimate: estimate.estimates[k], intervals[k], y: Double(row))
        }
        chart.markers = [Chart.Marker(x: 0, label: "0")]
        return chart.svg()
    }
}
