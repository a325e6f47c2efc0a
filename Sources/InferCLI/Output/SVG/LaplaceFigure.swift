import Foundation
import Inference

/// The figure of `infer laplace`: for each parameter the exact posterior density against its
/// Gaussian approximation, both relative to their value at the mode, along that parameter with
/// the others held at the mode (for one parameter, the whole posterior), with the Laplace
/// interval's ends marked: where the two curves part, the approximation misleads. The interval
/// of a positive parameter or a probability is formed on its log or logit scale (so it stays in
/// the support), and its labels say so.
enum LaplaceFigure {
    static func svg(_ approximation: LaplaceApproximation, intervals: [ClosedRange<Double>], level: Double, model: String, prior: String) -> String {
        let percent = formatSignificant(level * 100, digits: 4)
        let alone = approximation.mode.count == 1
        let charts = approximation.parameterNames.indices.map { k -> Chart in
            let name = approximation.parameterNames[k]
            let slice = approximation.slice(ofParameter: k)
            var chart = Chart(
                title: "infer laplace: \(model) under \(prior), \(name)" + (alone ? "" : " (the others at the mode)"),
                xLabel: name, yLabel: "density ÷ density at the mode")
            chart.height = alone ? 440 : 300
            chart.series = [
                Chart.Series(name: "exact posterior", points: slice.map { ($0.value, exp($0.exact)) }.filter { $0.1.isFinite }, dots: false),
                Chart.Series(name: "Laplace (Gaussian) approximation", points: slice.map { ($0.value, exp($0.approximate)) }, dots: false),
            ]
            let scale =
                switch approximation.parameterSupports.indices.contains(k) ? approximation.parameterSupports[k] : .real {
                case .real: ""
                case .positive: " (log scale)"
                case .unitInterval: " (logit scale)"
                }
            chart.markers = [
                Chart.Marker(x: approximation.mode[k], label: "mode \(Chart.label(approximation.mode[k]))"),
                Chart.Marker(x: intervals[k].lowerBound, label: "\(percent)% Laplace lower \(Chart.label(intervals[k].lowerBound))\(scale)"),
                Chart.Marker(x: intervals[k].upperBound, label: "\(percent)% Laplace upper \(Chart.label(intervals[k].upperBound))\(scale)"),
            ]
            return chart
        }
        return Chart.stacked(charts)
    }
}
