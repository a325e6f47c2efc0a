import Foundation
import Inference

/// The figure of `infer tune`: the mean held-out loss against λ with ±1 standard-error bars and
/// the λ of both rules marked, or the evidence curve with its maximum.
enum TuneFigure {
    static func chart(_ result: TuningResult, model: String, prior: String) -> Chart {
        let title = "infer tune: \(model) + \(prior), λ by \(result.method.rawValue)"
        if result.method == .evidence {
            var chart = Chart(title: title, xLabel: "λ (log scale)", yLabel: "log evidence", logX: true)
            chart.series = [Chart.Series(name: "log evidence", points: result.evidence.map { ($0.lambda, $0.logEvidence) })]
            chart.markers = [Chart.Marker(x: result.selected, label: "selected λ = \(Chart.label(result.selected)) (largest evidence)")]
            return chart
        }
        let loss = result.loss?.rawValue ?? "loss"
        var chart = Chart(title: title, xLabel: "λ (log scale)", yLabel: "mean held-out \(loss) per row", logX: true)
        let errors = result.curve.map { $0.standardError ?? 0 }
        chart.series = [Chart.Series(
            name: errors.contains { $0 > 0 } ? "mean \(loss) ± 1 standard error" : "\(result.method.rawValue) \(loss)",
            points: result.curve.map { ($0.lambda, $0.meanLoss) }, errors: errors)]
        for rule in SelectionRule.allCases {
            guard let lambda = result.choice(rule) else { continue }
            chart.markers.append(Chart.Marker(x: lambda, label: "\(rule.rawValue): λ = \(Chart.label(lambda))" + (result.rule == rule ? " (selected)" : "")))
        }
        return chart
    }

    /// Grouped counts: the evidence against the prior's strength (its mean at its best for
    /// each), over three decades either side of the fitted strength, which is marked.
    static func chart(_ fit: GroupedEmpiricalBayes, _ data: GroupedCounts, model: String) -> Chart {
        let unit = fit.family == .beta ? "α + β, in trials" : "rate, in units of exposure"
        var chart = Chart(
            title: "infer tune: the \(fit.family.rawValue) prior of \(data.counts.count) \(model) groups, by the evidence",
            xLabel: "prior strength (\(unit); log scale)", yLabel: "log evidence", logX: true)
        chart.series = [Chart.Series(name: "log evidence, the prior's mean at its best", points: fit.evidenceCurve(data).map { ($0.strength, $0.logEvidence) })]
        chart.markers = [Chart.Marker(x: fit.strength, label: "fitted strength = \(Chart.label(fit.strength))")]
        return chart
    }
}
