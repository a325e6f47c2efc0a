import Inference

/// The figure of `infer sample`: for each parameter a trace of every chain (kept draws, at most
/// 500 a chain shown) and each chain's density, chains in distinct colours, so that chains that
/// disagree or do not mix are seen at once.
enum SampleFigure {
    static func svg(_ sample: PosteriorSample, model: String) -> String {
        var charts: [Chart] = []
        for (k, name) in sample.parameterNames.enumerated() {
            let chains = sample.draws(ofParameter: k)
            let ids = sample.chains.map(\.id)
            var trace = Chart(title: "infer sample: \(model), \(name)", xLabel: "draw (after warmup)", yLabel: name)
            trace.height = 280
            trace.series = zip(ids, chains).map { id, draws in
                let step = max(1, draws.count / 500)
                return Chart.Series(
                    name: "chain \(id)", points: stride(from: 0, to: draws.count, by: step).map { (Double($0 + 1), draws[$0]) }, dots: false)
            }
            let pooled = chains.flatMap { $0 }
            var density = Chart(title: "\(name): density of each chain", xLabel: name, yLabel: "density")
            density.height = 280
            if let low = pooled.min(), let high = pooled.max(), high > low {
                density.series = zip(ids, chains).map { id, draws in
                    let bars = Chart.Bars.histogram(draws, name: "", density: true, over: low...high, bins: 20)
                    return Chart.Series(name: "chain \(id)", points: bars.bins.map { (($0.low + $0.high) / 2, $0.height) }, dots: false)
                }
            }
            charts += [trace, density]
        }
        return Chart.stacked(charts)
    }
}
