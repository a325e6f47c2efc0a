import Foundation
import Inference

/// The figure of `infer calibrate`: for each parameter, coverage against n for each method with
/// ±2 Monte-Carlo standard errors, the nominal level and the band a perfectly calibrated method
/// stays in (level ± 2√(level(1 − level)/R)); then each SBC rank histogram with the expected count
/// and its 99% band.
enum CalibrationFigure {
    static func svg(_ report: CalibrationReport) -> String {
        var charts: [Chart] = []
        let percent = formatSignificant(report.level * 100, digits: 4)
        if !report.coverage.isEmpty, let first = report.sizes.first, let last = report.sizes.last {
            let low = Double(first) / 1.2, high = Double(last) * 1.2
            let band = 2 * (report.level * (1 - report.level) / Double(report.replications)).squareRoot()
            for name in report.parameterNames {
                var chart = Chart(
                    title: "infer calibrate: coverage of \(percent)% intervals for \(name)", xLabel: "n (rows of each data set)",
                    yLabel: "coverage", logX: true)
                chart.series = [
                    Chart.Series(name: "nominal \(percent)%", points: [(low, report.level), (high, report.level)], dots: false, color: "#555555"),
                    Chart.Series(name: "±2 MC s.e. of a calibrated method", points: [(low, report.level - band), (high, report.level - band)], dots: false, color: "#bbbbbb"),
                    Chart.Series(name: "", points: [(low, min(1, report.level + band)), (high, min(1, report.level + band))], dots: false, color: "#bbbbbb"),
                ]
                for (m, method) in report.methods.enumerated() {
                    let rows = report.coverage.filter { $0.name == name && $0.method == method }
                    let points = rows.compactMap { row in row.coverage.map { (x: Double(row.n), y: $0) } }
                    guard !points.isEmpty else { continue }
                    let errors = rows.compactMap { row in row.coverage != nil ? 2 * (row.monteCarloStandardError ?? 0) : nil }
                    chart.series.append(Chart.Series(name: method.rawValue, points: points, errors: errors, color: Chart.palette[m % Chart.palette.count]))
                }
                charts.append(chart)
            }
        }
        for entry in report.sbcEntries {
            let total = Double(entry.ranks.reduce(0, +))
            let bins = Double(entry.ranks.count)
            let expected = total / bins
            let spread = 2.576 * (total * (1 / bins) * (1 - 1 / bins)).squareRoot()
            var chart = Chart(
                title: "SBC ranks of \(entry.name), n = \(entry.n)" + (entry.pValue.map { " (χ² p = \(formatSignificant($0, digits: 2)))" } ?? ""),
                xLabel: "rank bin", yLabel: "replications")
            chart.bars = [Chart.Bars(name: "ranks", bins: entry.ranks.indices.map { (Double($0), Double($0 + 1), Double(entry.ranks[$0])) })]
            chart.series = [
                Chart.Series(name: "expected", points: [(0, expected), (bins, expected)], dots: false, color: "#555555"),
                Chart.Series(name: "99% band", points: [(0, max(0, expected - spread)), (bins, max(0, expected - spread))], dots: false, color: "#bbbbbb"),
                Chart.Series(name: "", points: [(0, expected + spread), (bins, expected + spread)], dots: false, color: "#bbbbbb"),
            ]
            charts.append(chart)
        }
        return Chart.stacked(charts)
    }
}
