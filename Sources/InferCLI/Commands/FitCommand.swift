import ArgumentParser
import Foundation
import Inference

/// `infer fit`: point estimates (MLE) with Wald standard errors and intervals.
struct FitCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Point estimates (MLE, MAP) with standard errors and Wald intervals.",
        discussion: """
            Families (one column): \(Family.allCases.map(\.rawValue).joined(separator: ", ")).
            MLE: Wald intervals from the observed information at the estimate. MAP under a \
            conjugate prior (beta on bernoulli/binomial p, gamma on poisson lambda or exponential \
            rate): the exact posterior's sd and equal-tailed credible interval. Other MAP: the \
            curvature of the log posterior at the mode (the Laplace approximation).
            """)

    @Argument(help: "CSV file with a header row; - reads standard input.")
    var file: String

    @OptionGroup var model: ModelOptions

    @Option(help: "Confidence level of the intervals.")
    var level: Double = 0.95

    @Option(help: "Save a regression's fit (its coding, estimates and covariance) to this JSON file, for infer predict.")
    var save: String?

    @OptionGroup var common: CommonOptions

    func validate() throws {
        try validateLevel(level)
    }

    /// The examples that end `--help`; they run from the package's root on its shipped data.
    static let examples = [
        #"infer fit --model bernoulli --prior "beta(2,2)" Sources/InferCLI/Resources/Examples/coin-flips.csv"#,
        #"infer fit --model gamma --format json Sources/InferCLI/Resources/Examples/lifetimes.csv"#,
        #"infer fit --model linear --target y --prior laplace --lambda 5 Sources/InferCLI/Resources/Examples/sparse.csv"#,
    ]

    /// Figures and draws files, checked before the work.
    var outputFiles: [String?] { [common.plot, save] }

    func execute(on console: Console) throws {
        let job = try ModelJob(selection: model, file: file)
        job.droppedWarning.map(console.warn)
        if save != nil && !job.isRegression {
            throw InferenceError.usage("--save saves a regression's fit, for infer predict; --model \(job.modelName) is a family")
        }
        let estimate = try job.estimate()
        let saved = try save.map { _ in try job.savedFit(estimate) }
        if let plot = common.plot { try AtomicFile.write(try job.fitFigure(estimate, level: level), to: plot) }
        if let save, let saved { try AtomicFile.write(String(decoding: try saved.json(), as: UTF8.self) + "\n", to: save) }
        let lambda = job.lambda
        let intervals = try estimate.intervals(level: level)
        estimate.warnings.forEach(console.warn)
        switch common.format {
        case .json: console.write(FitReport.json(estimate, intervals: intervals, lambda: lambda).withDropped(job.dropped, levels: job.targetLevels).serialized())
        case .table: console.write(FitReport.table(estimate, intervals: intervals, level: level))
        }
    }
}
