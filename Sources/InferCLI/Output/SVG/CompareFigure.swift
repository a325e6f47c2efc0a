import Inference

/// The figure of `infer compare`: for each parameter its four intervals side by side (Wald and
/// bootstrap about the MLE, Laplace about the MAP, the posterior's credible interval about its
/// mean), and with `--subsample` the estimates against n.
enum CompareFigure {
    static func svg(_ full: Comparison, subsamples: [Comparison], level: Double) -> String {
        let percent = formatSignificant(level * 100, digits: 4)
        let rows = ["Wald, about the MLE", "bootstrap BCa, about the MLE", "Laplace, about the MAP", "posterior, about its mean"]
        var charts: [Chart] = full.job.isRegression ? [coefficients(full, percent: percent)] : []
        for (k, name) in full.names.enumerated() where !full.job.isRegression {
            let intervals: [(ClosedRange<Double>?, Double?)] = [
                (full.wald[k], full.mle?.estimates[k]),
                (full.bootstrap?[k].interval, full.mle?.estimates[k]),
                (full.laplace?[k], full.map.estimates[k]),
                (full.credible?[k], full.posteriorMeans?[k]),
            ]
            var chart = Chart(title: "infer compare: \(full.job.modelName), \(name), \(percent)% intervals, n = \(full.job.n)", xLabel: name, yLabel: "")
            chart.height = 250
            chart.yCategories = rows
            chart.series = intervals.enumerated().compactMap { row, entry in
                guard let interval = entry.0 else { return nil }
                var points = [(interval.lowerBound, Double(row)), (interval.upperBound, Double(row))]
                if let estimate = entry.1 { points.insert((estimate, Double(row)), at: 1) }
                return Chart.Series(name: rows[row], points: points.map { (x: $0.0, y: $0.1) })
            }
            charts.append(chart)
        }
        if !subsamples.isEmpty {
            let all = subsamples + [full]
            for (k, name) in full.names.enumerated() {
                var chart = Chart(title: "\(name) as the data grow", xLabel: "rows used, n (log scale)", yLabel: name, logX: true)
                chart.height = 300
                let estimates: [(String, (Comparison) -> Double?)] = [
                    ("MLE", { $0.mle?.estimates[k] }), ("MAP", { $0.map.estimates[k] }), ("posterior mean", { $0.posteriorMeans?[k] }),
                ]
                chart.series = estimates.compactMap { label, value in
                    let points = all.compactMap { comparison in value(comparison).map { (x: Double(comparison.job.n), y: $0) } }
                    return points.isEmpty ? nil : Chart.Series(name: label, points: points)
                }
                charts.append(chart)
            }
        }
        return Chart.stacked(charts)
    }

    /// A regression's coefficients in one chart, a row each (σ left out): the MLE with its Wald
    /// interval (blue, above the row's line) beside the MAP with its Laplace interval (red,
    /// below), the tutorial's bars of MLE against ridge weights with their uncertainty.
    private static func coefficients(_ full: Comparison, percent: String) -> Chart {
        let rows = full.names.indices.filter { full.names[$0] != "sigma" }
        var chart = Chart(
            title: "infer compare: \(full.job.modelName) coefficients, \(percent)% intervals, n = \(full.job.n)",
            xLabel: "coefficient — blue: MLE ± Wald, red: MAP ± Laplace", yLabel: "")
        chart.height = max(220, 60 + 30 * Double(rows.count))
        chart.yCategories = rows.map { full.names[$0] }
        for (row, k) in rows.enumerated() {
            let answers: [(Double?, ClosedRange<Double>?, Double, String)] = [
                (full.mle?.estimates[k], full.wald[k], -0.15, Chart.palette[0]), (full.map.estimates[k], full.laplace?[k], 0.15, Chart.palette[1]),
            ]
            for (estimate, interval, shift, color) in answers {
                guard let estimate else { continue }
                chart.series.append(Chart.Series.interval(full.names[k], estimate: estimate, interval, y: Double(row) + shift, color: color))
            }
        }
        chart.markers = [Chart.Marker(x: 0, label: "0")]
        return chart
    }
}
