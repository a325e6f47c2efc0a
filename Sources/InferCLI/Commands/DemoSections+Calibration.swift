import Foundation
import Inference

extension DemoSections {
    /// Do the intervals mean what they say? The coin's Wald interval against its beta posterior's,
    /// and the exponential rate's, as the data grow: coverage studies of the library, as
    /// `infer calibrate` runs them.
    static func calibration(threads: Int) throws -> Section {
        let replications = 2000
        let sampler = try SamplerSettings(chains: 1, warmup: 100, draws: 99, proposal: .nuts)  // both posteriors here are exact
        var table = ValueTable([
            ("model", "model"), ("n", "n"), ("method", "method"), ("coverage", "coverage"), ("MC s.e.", "mcse"), ("mean width", "meanWidth"),
            ("failures", "failures"),
        ])
        var figures: [(name: String, svg: String)] = []
        let studies: [(family: Family, prior: String, truth: [Double]?, sizes: [Int], figure: String)] = [
            (.bernoulli, "beta(2,2)", nil, [5, 10, 30, 100, 300], "calibrate-coin.svg"),
            (.exponential, "gamma(2,1)", [2], [5, 10, 30, 100, 300], "calibrate-exponential.svg"),
        ]
        for study in studies {
            let prior = try FamilyPriorSpecification(parsing: study.prior)
            let design = try CoverageStudy(sizes: study.sizes, methods: [.wald, .credible], truth: study.truth, seed: 1, sampler: sampler)
            let outcome = try study.family.coverage(design, prior: prior, replications: 1...replications, threads: threads)
            let names = try study.family.model().parameterNames
            let summaries = CoverageSummary.summarize(outcome, sizes: design.sizes, methods: design.methods, parameterNames: names)
            for summary in summaries {
                table.append([
                    .text(study.family.rawValue), .integer(summary.n), .text(summary.method.rawValue), .number(summary.coverage),
                    .number(summary.monteCarloStandardError), .number(summary.meanWidth), .integer(summary.failures),
                ])
            }
            let report = CalibrationReport(
                model: study.family.rawValue, priorName: study.prior, lambda: nil, level: 0.95, replications: replications, sizes: design.sizes,
                methods: design.methods, resamples: 0, parameterNames: names, truth: study.truth, coverage: summaries, sbc: [], bins: 20)
            figures.append((study.figure, CalibrationFigure.svg(report)))
        }
        return Section(text: """
            8. Do the intervals mean what they say? (simulated data, \(replications) data sets of each size)
               The coin: p drawn from beta(2,2) for each data set, the MLE's Wald interval against the
               beta posterior's 95% credible interval. On few flips the Wald interval often does not
               exist (all heads or all tails: the MLE on the boundary, counted as failures, not hidden);
               where it does, formed on the logit scale, it is wide. The credible interval covers 95% at
               every n, as it must when the truth is drawn from its prior. The exponential rate at a
               fixed truth 2: the Wald interval (on the log scale) covers less than 95% on a handful of
               rows, and the gamma(2,1) prior, whose mean is the truth here, makes the credible interval
               cover more; both reach 95% as n grows. Bootstrap intervals, Laplace intervals and SBC of
               the sampler: infer calibrate --methods, --sbc.
            \(indented(table.rendered()))
            \(reproduce([
                "infer calibrate --model bernoulli --prior \"beta(2,2)\" --sizes 5,10,30,100,300 --methods wald,credible --replications \(replications)",
                "infer calibrate --model exponential --truth rate=2 --prior \"gamma(2,1)\" --sizes 5,10,30,100,300 --methods wald,credible --replications \(replications)",
            ]))
            """, figures: figures, values: [("rows", table.json)])
    }
}
