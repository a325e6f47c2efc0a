import Inference

/// The figure of `infer bootstrap`: for each parameter, the histogram of its replicates with the
/// estimate and the interval's ends marked.
enum BootstrapFigure {
    static func svg(_ result: BootstrapResult, summaries: [BootstrapSummary], method: BootstrapMethod, level: Double) -> String {
        let percent = formatSignificant(level * 100, digits: 4)
        let charts = result.parameterNames.indices.map { k -> Chart in
            let values = result.replicates.compactMap { $0.values?[k] }
            let summary = summaries[k]
            var chart = Chart(
                title: "infer bootstrap: \(result.parameterNames[k]), \(values.count) replicates",
                xLabel: result.parameterNames[k], yLabel: "replicates")
            chart.bars = [Chart.Bars.histogram(values, name: "bootstrap replicates", density: false)]
            chart.markers = [
                Chart.Marker(x: summary.estimate, label: "estimate \(Chart.label(summary.estimate))"),
                Chart.Marker(x: summary.lower, label: "\(percent)% \(method.rawValue) lower \(Chart.label(summary.lower))"),
                Chart.Marker(x: summary.upper, label: "\(percent)% \(method.rawValue) upper \(Chart.label(summary.upper))"),
            ]
            return chart
        }
        return Chart.stacked(charts)
    }
}
