import Foundation
import Inference

/// The figure of `infer fit` for a family: the data's histogram (as a density) with the fitted
/// density over it, or, for counts over at most 100 values, the observed share of each value with
/// the fitted mass (wider counts are binned like a continuous sample). Under a conjugate prior a
/// second chart shows prior × likelihood → posterior over the parameter, MLE and MAP marked.
enum FitFigure {
    static func svg(family: Family, sample: Sample, trials: Int?, estimate: PointEstimate, prior: FamilyPriorSpecification = .flat) -> String {
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
            // from 0 up to the largest value the family can take (1, the trials N), else two past
            // the data, but at most 100 counts before and after the data: counts of a million (or
            // a binomial of a million trials) are not drawn a point a count from 0
            let largest = (try? family.model(trials: trials))?.largestValue
            let top = max(high, largest.map { Int(min($0, Double(high + 100))) } ?? high + 2)
            let shares = (low...high).map { k in Double(values.filter { $0 == Double(k) }.count) / Double(values.count) }
            chart.bars = [Chart.Bars(name: "observed share", bins: (low...high).map { (Double($0) - 0.4, Double($0) + 0.4, shares[$0 - low]) })]
            chart.series = [Chart.Series(name: "fitted mass: \(parameters)", points: (max(0, low - 100)...top).map { (Double($0), density(Double($0))) })]
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
        if let posterior = posteriorChart(family: family, sample: sample, trials: trials, estimate: estimate, prior: prior) {
            return Chart.stacked([chart, posterior])
        }
        guard let surface = surface(family: family, sample: sample, trials: trials, estimate: estimate) else { return chart.svg() }
        return Chart.stacked([chart, surface])
    }

    /// Prior, likelihood and posterior of a conjugate pair over the parameter, each as a density
    /// (the likelihood scaled to unit area, the posterior under a flat prior), MLE and MAP
    /// marked: the tutorial's picture of Bayes' rule. Nil without an exact posterior.
    private static func posteriorChart(
        family: Family, sample: Sample, trials: Int?, estimate: PointEstimate, prior: FamilyPriorSpecification
    ) -> Chart? {
        guard let posterior = estimate.exactPosterior, prior.logDensity(estimate.estimates[0]) != nil,
            let mle = try? family.maximumLikelihood(sample, trials: trials).estimates[0]
        else { return nil }
        let name = estimate.parameterNames[posterior.parameterIndex]
        let probability = estimate.parameterSupports[posterior.parameterIndex] == .unitInterval
        let top = probability ? 1 : max(1.5 * mle, (try? posterior.credibleInterval(level: 0.998).upperBound) ?? 2 * mle, posterior.mean * 2)
        let grid = (1...399).map { top * Double($0) / 400 }
        let likelihood = grid.map { family.logLikelihood([$0], on: sample, trials: trials) }
        let peak = likelihood.filter(\.isFinite).max() ?? 0
        let scaled = likelihood.map { $0.isFinite ? exp($0 - peak) : 0 }
        let area = zip(scaled.dropFirst(), scaled).reduce(0) { $0 + ($1.0 + $1.1) / 2 } * top / 400
        func curve(_ values: [Double]) -> [(Double, Double)] { zip(grid, values).filter { $0.1.isFinite } }
        var chart = Chart(
            title: "prior × likelihood → posterior: \(family.rawValue) \(name) under \(estimate.priorName)", xLabel: name, yLabel: "density")
        chart.series = [
            Chart.Series(name: "prior \(estimate.priorName)", points: curve(grid.map { exp(prior.logDensity($0) ?? -.infinity) }), dots: false),
            Chart.Series(name: "likelihood (scaled to unit area)", points: curve(scaled.map { area > 0 ? $0 / area : 0 }), dots: false),
            Chart.Series(
                name: "posterior \(posterior.family)(\(posterior.parameters.map { Chart.label($0.value) }.joined(separator: ", ")))",
                points: curve(grid.map { exp(posterior.logDensity($0)) }), dots: false),
        ]
        chart.markers = [
            Chart.Marker(x: mle, label: "MLE \(Chart.label(mle))"), Chart.Marker(x: estimate.estimates[0], label: "MAP \(Chart.label(estimate.estimates[0]))"),
        ]
        return chart
    }

    /// For a two-parameter family, the log-likelihood's contours at the likelihood-ratio 50, 90
    /// and 99 % regions (log L within χ²₂(q)/2 of its maximum), the estimate marked, on a grid
    /// that starts at θ̂ ± 4 standard errors and widens each side (by half, up to 6 times, within
    /// 2.5·10⁷ row evaluations of a 21 × 21 grid) while its edge is inside the 99 % region, so
    /// that skewed regions close; nil for other families, without standard errors, or when the
    /// final grid (up to 121 × 121) would take more than 5·10⁷ row evaluations.
    private static func surface(family: Family, sample: Sample, trials: Int?, estimate: PointEstimate) -> Chart? {
        guard estimate.estimates.count == 2, (try? family.model(trials: trials))?.nonRegularity == nil, let s0 = estimate.standardErrors[0], let s1 = estimate.standardErrors[1]
        else { return nil }
        let size = min(121, Int((5e7 / Double(max(1, sample.count))).squareRoot()))
        guard size >= 15 else { return nil }
        let (a, b) = (estimate.estimates[0], estimate.estimates[1])
        let positive = estimate.parameterSupports.map { $0 != .real }  // bounded below at 0?
        let outermost = estimate.logLikelihood + log(0.01)
        func axis(_ range: ClosedRange<Double>, _ count: Int) -> [Double] {
            (0..<count).map { range.lowerBound + (range.upperBound - range.lowerBound) * Double($0) / Double(count - 1) }
        }
        func grid(_ xs: [Double], _ ys: [Double]) -> [[Double]] {
            xs.map { x in ys.map { y in family.logLikelihood([x, y], on: sample, trials: trials) } }
        }
        // the lowest a positive parameter's axis goes: 2% of its estimate
        let centres = [a, b], errors = [s0, s1]
        var ranges: [ClosedRange<Double>] = (0..<2).map { k in
            let low: Double = positive[k] ? max(centres[k] - 4 * errors[k], centres[k] * 0.02) : centres[k] - 4 * errors[k]
            return low...(centres[k] + 4 * errors[k])
        }
        for _ in 0..<min(6, Int(2.5e7 / Double(21 * 21 * max(1, sample.count)))) {
            let (xs, ys) = (axis(ranges[0], 21), axis(ranges[1], 21))
            let coarse = grid(xs, ys)
            let inside = { (v: Double) in v.isFinite && v >= outermost }
            let edges = [
                coarse[0].contains(where: inside), coarse[20].contains(where: inside),
                coarse.contains { inside($0[0]) }, coarse.contains { inside($0[20]) },
            ]  // low x, high x, low y, high y
            guard edges.contains(true) else { break }
            for (k, range) in ranges.enumerated() {
                let half = (range.upperBound - range.lowerBound) / 2
                let floor = positive[k] ? centres[k] * 0.02 : -Double.infinity
                let low = edges[2 * k] ? max(floor, range.lowerBound - half) : range.lowerBound
                ranges[k] = low...(edges[2 * k + 1] ? range.upperBound + half : range.upperBound)
            }
        }
        let xs = axis(ranges[0], size), ys = axis(ranges[1], size)
        let values = grid(xs, ys)
        let top = estimate.logLikelihood
        let names = estimate.parameterNames
        var chart = Chart(title: "log-likelihood of \(family.rawValue) on \(sample.name): likelihood-ratio regions", xLabel: names[0], yLabel: names[1])
        chart.contours = [0.5, 0.9, 0.99].map { q in
            ("\(Int(q * 100))% region: log L ≥ max − \(Chart.label(-log(1 - q)))", Chart.contour(xs: xs, ys: ys, values: values, level: top + log(1 - q)))
        }
        // red: the contours are blues
        chart.series = [Chart.Series(name: "estimate (\(Chart.label(a)), \(Chart.label(b)))", points: [(a, b)], joined: false, color: "#d62728")]
        return chart
    }
}
