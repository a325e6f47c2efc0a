import Inference

/// The figure of `infer sample`: for each parameter a trace of every chain (kept draws, at most
/// 500 a chain shown) and each chain's density (a Gaussian kernel estimate, as ArviZ draws it),
/// chains in distinct colours, so that chains that disagree or do not mix are seen at once.
enum SampleFigure {
    static func svg(_ sample: PosteriorSample, model: String) -> String {
        var charts: [Chart] = []
        for (k, name) in sample.parameterNames.enumerated() {
            let chains = sample.draws(ofParameter: k)
            let ids = sample.chains.map(\.id)
            var trace = Chart(title: "infer sample: \(model), \(name)", xLabel: "draw (after warmup)", yLabel: name)
            trace.height = 280
            trace.showsLegend = false  // the traces fill the plot; the density chart below names the chains' colours
            trace.series = zip(ids, chains).map { id, draws in
                let step = max(1, draws.count / 500)
                return Chart.Series(
                    name: "chain \(id)", points: stride(from: 0, to: draws.count, by: step).map { (Double($0 + 1), draws[$0]) }, dots: false)
            }
            let pooled = chains.flatMap { $0 }
            var density = Chart(title: "\(name): density of each chain", xLabel: name, yLabel: "density")
            density.height = 280
            if let low = pooled.min(), let high = pooled.max(), high > low, (high - low).isFinite {
                // 120 points over the pooled range, each chain's kernel estimate (draws thinned to
                // at most 2,000 a chain: the curve, not its last digit, is what the eye reads)
                let grid = (0...120).map { low + (high - low) * Double($0) / 120 }
                density.series = zip(ids, chains).compactMap { id, draws in
                    let step = max(1, draws.count / 2000)
                    guard let kernel = KernelDensity(stride(from: 0, to: draws.count, by: step).map { draws[$0] }) else { return nil }
                    return Chart.Series(name: "chain \(id)", points: grid.map { ($0, kernel.density(at: $0)) }.filter { $0.1.isFinite }, dots: false)
                }
            }
            charts += [trace, density]
        }
        return Chart.stacked(charts)
    }
}
