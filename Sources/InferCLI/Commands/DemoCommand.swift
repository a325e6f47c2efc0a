import ArgumentParser
import Foundation
import Inference

/// `infer demo`: the worked examples on data shipped with the package.
struct DemoCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the worked examples on data shipped with the package (needs no file).",
        discussion: """
            Coin flips against three beta priors; a Gaussian MLE; gamma lifetimes with a BCa interval; \
            OLS, ridge and lasso on sparse weights with λ by the evidence and by cross-validation; \
            logistic regression with and without priors on training and test rows; MLE and MAP as the \
            data grow; a posterior sample with its diagnostics; the coverage of Wald and credible intervals \
            on simulated data. --plot-dir DIR writes the figures.
            """)

    @Option(name: .customLong("plot-dir"), help: "Write every figure of the demo as SVG into this directory.")
    var plotDirectory: String?

    @Option(help: "Output: the walk-through for people, or one JSON object with each section's title, numbers and figures (table, json).")
    var format: OutputFormat = .table

    @Option(help: "Worker threads (default: all cores); results never depend on it.")
    var threads: Int?

    @Flag(help: "Accepted for symmetry with the other subcommands: the demo draws no progress bar.")
    var quiet = false

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, got \(threads)") }
    }

    /// The examples that end `--help`; they run from the package's root on its shipped data.
    static let examples = [
        #"infer demo"#,
        #"infer demo --plot-dir figures"#,
    ]

    /// None: the figures go to `--plot-dir`, made (with its parents) if it does not exist.
    var outputFiles: [String?] { [] }

    func execute(on console: Console) throws {
        if let plotDirectory { try Self.makeDirectory(plotDirectory) }
        let threads = self.threads ?? ProcessInfo.processInfo.activeProcessorCount
        let sections = [
            try DemoSections.coin(), try DemoSections.gaussian(), try DemoSections.lifetimes(threads: threads),
            try DemoSections.sparse(threads: threads), try DemoSections.classes(threads: threads), try DemoSections.convergence(),
            try DemoSections.posterior(threads: threads), try DemoSections.calibration(threads: threads),
            try DemoSections.deepLearning(threads: threads),
        ]
        if let plotDirectory {
            for figure in sections.flatMap(\.figures) {
                try AtomicFile.write(figure.svg, to: URL(fileURLWithPath: plotDirectory).appendingPathComponent(figure.name).path)
            }
        }
        if format == .json {
            // the sections' numbers at full precision; no "n" or "parameters": each section has its own
            var top = JSONObjectBuilder()
            top.add("model", "demo")
            top.add("sections", .array(sections.map(\.json)))
            if let plotDirectory { top.add("plotDirectory", plotDirectory) }
            console.write(top.value.serialized())
            return
        }
        console.write("Inference demo: the frequentist and the Bayesian answer, side by side, on the examples shipped with infer")
        for section in sections {
            console.write("")
            console.write(section.text)
        }
        if let plotDirectory {
            console.write("")
            console.write("Figures written to \(plotDirectory): " + sections.flatMap(\.figures).map(\.name).joined(separator: ", "))
        }
    }
}

extension DemoCommand {
    /// Makes `path` and its parents, as `mkdir -p` (a data error when it, or a parent, is a file).
    static func makeDirectory(_ path: String) throws(InferenceError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw .data("cannot make the directory \(InferenceError.excerpt(path, limit: 200)) for --plot-dir: a file is in the way, or it may not be written")
        }
    }
}

/// The example datasets shipped with the package (`Sources/InferCLI/Resources/Examples`), embedded
/// in the binary (``texts``).
enum ShippedExample {
    /// Parses the example `NAME` (`NAME.csv` in its messages).
    static func load(_ name: String) throws -> Dataset {
        guard let text = texts[name] else { throw InferenceError.data("infer ships no example named \(name).csv") }
        return try Dataset.parse(csv: text, source: "\(name).csv")
    }
}
