import Foundation
import Inference

/// The figure of `infer fit` for a family: the data's histogram (as a density) with the fitted
/// density over it, or, for counts, the observed share of each value with the fitted mass.
enum FitFigure {
    static func svg(family: Family, sample: Sample, trials: Int?, estimate: PointEstimate) -> String {
        let parameters = zip(estimate.parameterNames, estimate.estimates).map { "\($0) = \(Chart.label($1))" }.joined(separator: ", ")
        let kind = estimate.method == .maximumLikelihood ? "MLE" : "MAP"
        var chart = Chart(
            title: "infer fit: \(family.rawValue) \(kind) on \(sample.name), n = \(sample.count)", xLabel: sample.name,
            yLabel: family.isDiscrete ? "share of the rows" : "density")
        let values = sample.values
        let density = { (x: Double) in exp(family.logDensity(x, parameters: estimate.estimates, trials: trials)) }
        if family.isDiscrete {
            let low = Int(values.min() ?? 0), high = Int(values.max() ?? 0)
            let top = max(high, family == .binomial ? (trials ?? high) : family == .bernoulli ? 1 : high + 2)
            let shares = (low...high).map { k in Double(values.filter { $0 == Double(k) }.count) / Double(values.count) }
            chart.bars = [Chart.Bars(name: "observed share", bins: (low...high).map { (Double($0) - 0.4, Double($0) + 0.4, shares[$0 - low]) })]
            chart.series = [Chart.Series(name: "fitted mass: \(parameters)", points: (0...top).map { (Double($0), density(Double($0))) })]
        } else {
            chart.bars = [Chart.Bars.histogram(values, name: "data (histogram, as a density)", density: true)]
            guard let low = values.min(), let high = values.max() else { return chart.svg() }
            let margin = (high - low) * 0.15
            let grid = (0...200).map { low - margin + (high - low + 2 * margin) * Double($0) / 200 }
            chart.series = [Chart.Series(name: "fitted density: \(parameters)", points: grid.map { ($0, density($0)) }.filter { $0.1.isFinite }, dots: false)]
        }
        return chart.svg()
    }
}
