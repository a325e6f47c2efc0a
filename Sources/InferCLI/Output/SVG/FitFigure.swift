import Foundation
import Inference

/// The figure of `infer fit` for a family: the data's histogram (as a density) with the fitted
/// density over it, or, for counts over at most 100 values, the observed share of each value with
/// the fitted mass (wider counts are binned like a continuous sample).
enum FitFigure {
    static func svg(family: Family, sample: Sample, trials: Int?, estimate: PointEstimate) -> String {
        let parameters = zip(estimate.parameterNames, estimate.estimates).map { "\($0) = \(Chart.label($1))" }.joined(separator: ", ")
        let kind = estimate.method == .maximumLikelihood ? "MLE" : "MAP"
        let values = sample.values
        let shares = family.isDiscrete && (values.max() ?? 0) - (values.min() ?? 0) <= 100
        var chart = Chart(
            title: "infer fit: \(family.rawValue) \(kind) on \(sample.name), n = \(sample.count)", xLabel: sample.name,
            yLabel: shares ? "share of the rows" : "density")
        let density = { (x: Double) in exp(family.logDensity(x, parameters: estimate.estimates, trials: trials)) }
        if shares {
            let low = Int(values.min() ?? 0), high = Int(values.max() ?? 0)
            let top = max(high, family == .binomial ? (trials ?? high) : family == .bernoulli ? 1 : high + 2)
            let shares = (low...high).map { k in Double(values.filter { $0 == Double(k) }.count) / Double(values.count) }
            chart.bars = [Chart.Bars(name: "observed share", bins: (low...high).map { (Double($0) - 0.4, Double($0) + 0.4, shares[$0 - low]) })]
            chart.series = [Chart.Series(name: "fitted mass: \(parameters)", points: (0...top).map { (Double($0), density(Double($0))) })]
        } else {
            chart.bars = [Chart.Bars.histogram(values, name: "data (histogram, as a density)", density: true)]
            guard let low = values.min(), let high = values.max() else { return chart.svg() }
            let margin = (high - low) * 0.15
            var grid = (0...200).map { low - margin + (high - low + 2 * margin) * Double($0) / 200 }
            if family.isDiscrete { grid = Array(Set(grid.map { max(0, $0.rounded()) })).sorted() }  // counts over a wide range
            // outside the data's range only where the density is positive: no axis stretched over
            // the zeros below a positive family's support
            let points = grid.map { ($0, density($0)) }.filter { $0.1.isFinite && ($0.1 > 0 || (low...high).contains($0.0)) }
            chart.series = [Chart.Series(name: "fitted density: \(parameters)", points: points, dots: false)]
        }
        guard let surface = surface(family: family, sample: sample, trials: trials, estimate: estimate) else { return chart.svg() }
        return Chart.stacked([chart, surface])
    }

    /// For a two-parameter family, the log-likelihood's contours at the likelihood-ratio 50, 90
    /// and 99 % regions (log L within χ²₂(q)/2 of its maximum) on θ̂ ± 5 standard errors, the
    /// estimate marked; nil for other families, without standard errors, or when the grid would
    /// take more than 5·10⁷ row evaluations.
    private static func surface(family: Family, sample: Sample, trials: Int?, estimate: PointEstimate) -> Chart? {
        guard estimate.estimates.count == 2, family != .uniform, let s0 = estimate.standardErrors[0], let s1 = estimate.standardErrors[1]
        else { return nil }
        let size = min(60, Int((5e7 / Double(max(1, sample.count))).squareRoot()))
        guard size >= 15 else { return nil }
        let (a, b) = (estimate.estimates[0], estimate.estimates[1])
        let supports = family == .gaussian || family == .lognormal || family == .laplace ? [false, true] : [true, true]  // positive?
        func axis(_ centre: Double, _ error: Double, positive: Bool) -> [Double] {
            let low = positive ? max(centre - 5 * error, centre * 0.02) : centre - 5 * error
            return (0..<size).map { low + (centre + 5 * error - low) * Double($0) / Double(size - 1) }
        }
        let xs = axis(a, s0, positive: supports[0]), ys = axis(b, s1, positive: supports[1])
        let values = xs.map { x in ys.map { y in family.logLikelihood([x, y], on: sample, trials: trials) } }
        let top = estimate.logLikelihood
        let names = estimate.parameterNames
        var chart = Chart(title: "log-likelihood of \(family.rawValue) on \(sample.name): likelihood-ratio regions", xLabel: names[0], yLabel: names[1])
        chart.contours = [0.5, 0.9, 0.99].map { q in
            ("\(Int(q * 100))% region: log L ≥ max − \(Chart.label(-log(1 - q)))", Chart.contour(xs: xs, ys: ys, values: values, level: top + log(1 - q)))
        }
        chart.series = [Chart.Series(name: "estimate (\(Chart.label(a)), \(Chart.label(b)))", points: [(a, b)], joined: false)]
        return chart
    }
}
