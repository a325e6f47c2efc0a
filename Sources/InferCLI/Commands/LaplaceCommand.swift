import ArgumentParser
import Foundation
import Inference

/// `infer laplace`: the Laplace approximation of the posterior and the log evidence.
struct LaplaceCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "laplace",
        abstract: "Laplace approximation of the posterior: mode, sd, intervals, covariance and the log evidence.",
        discussion: """
            The Gaussian centred at the posterior mode with the inverse curvature as covariance; \
            log evidence ≈ log p(y, θ̂) + (d/2) log 2π − ½ log det H, a flat prior counting as \
            density 1. linear uses the contract's full posterior of (intercept, weights, sigma); \
            laplace and elastic-net priors (not differentiable at 0) are refused.
            """)

    @Argument(help: "CSV file with a header row; - reads standard input.")
    var file: String

    @OptionGroup var model: ModelOptions

    @Option(help: "Level of the intervals.")
    var level: Double = 0.95

    @OptionGroup var common: CommonOptions

    func validate() throws {
        try validateLevel(level)
    }

    /// The examples that end `--help`; they run from the package's root on its shipped data.
    static let examples = [
        #"infer laplace --model bernoulli --prior "beta(2,2)" Sources/InferCLI/Resources/Examples/coin-flips.csv"#,
        #"infer laplace --model linear --target y --prior gaussian --lambda 3 Sources/InferCLI/Resources/Examples/sparse.csv"#,
    ]

    /// Figures and draws files, checked before the work.
    var outputFiles: [String?] { [common.plot] }

    func execute(on console: Console) throws {
        let job = try ModelJob(selection: model, file: file)
        job.droppedWarning.map(console.warn)
        let approximation = try job.laplace()
        let (n, lambda, prior) = (job.n, job.lambda, job.priorName)
        let intervals = try approximation.intervals(level: level)
        if let plot = common.plot {
            let figure = LaplaceFigure.svg(approximation, intervals: intervals, level: level, model: model.model?.name ?? "", prior: prior)
            try AtomicFile.write(figure, to: plot)
        }
        switch common.format {
        case .json:
            var top = JSONObjectBuilder()
            top.add("model", model.model?.name ?? "")
            top.add("n", n)
            top.add("prior", prior)
            top.add("lambda", lambda)
            top.add("level", level)
            top.add("logEvidence", approximation.logEvidence)
            let rows = (0..<approximation.covariance.rows).map { i in
                JSONValue.array(approximation.covariance.row(i).map { .number($0) })
            }
            top.add("covariance", .array(rows))
            let parameters = approximation.parameterNames.indices.map { k -> JSONValue in
                var parameter = JSONObjectBuilder()
                parameter.add("name", approximation.parameterNames[k])
                parameter.add("mode", approximation.mode[k])
                parameter.add("sd", approximation.standardDeviations[k])
                parameter.add("lower", intervals[k].lowerBound)
                parameter.add("upper", intervals[k].upperBound)
                return parameter.value
            }
            top.add("parameters", .array(parameters))
            console.write(top.value.withDropped(job.dropped, levels: job.targetLevels).serialized())
        case .table:
            let percent = formatSignificant(level * 100, digits: 4)
            var table = Table(header: ["parameter", "mode", "sd", "\(percent)% lower", "\(percent)% upper"])
            for k in approximation.parameterNames.indices {
                table.append([
                    approximation.parameterNames[k], Table.format(approximation.mode[k]),
                    Table.format(approximation.standardDeviations[k]), Table.format(intervals[k].lowerBound),
                    Table.format(intervals[k].upperBound),
                ])
            }
            console.write("""
                \(model.model?.name ?? "") posterior under \(prior), n = \(n): Laplace approximation, log evidence = \(Table.format(approximation.logEvidence))
                \(table.rendered())
                Intervals: mode ± z·sd of the Gaussian approximation, on the log scale of a positive parameter and the logit of a probability.
                """)
        }
    }
}
