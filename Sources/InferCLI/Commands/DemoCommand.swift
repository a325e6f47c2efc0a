import ArgumentParser
import Foundation
import Inference

/// `infer demo`: the worked examples on data shipped with the package.
struct DemoCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the worked examples on data shipped with the package (needs no file).")

    @OptionGroup var common: CommonOptions

    func execute(on console: Console) throws {
        try common.refusePlot(for: "demo")
        guard common.format == .table else {
            throw InferenceError.usage("--format json: infer demo writes a walk-through for people, in text only")
        }
        console.write("Inference demo: maximum likelihood on the examples shipped with infer")

        let flips = try ShippedExample.load("coin-flips")
        let coin = try Family.bernoulli.maximumLikelihood(Sample(try flips.column(named: "heads"), name: "heads"))
        console.write("")
        console.write("""
            1. Three heads in three flips (coin-flips.csv, --model bernoulli)
               The MLE of p is the share of heads: \(Table.format(coin.estimates[0])). It lies on the boundary
               of [0, 1], so the observed information is not defined there and there is no Wald
               interval: three flips cannot rule out a fair coin, yet the MLE says "always heads".

            """)
        console.write(indented(FitReport.table(coin, intervals: try coin.intervals(level: 0.95), level: 0.95)) + "\n")

        let heights = try ShippedExample.load("gaussian")
        let sample = Sample(try heights.column(named: "x"), name: "x")
        let gaussian = try Family.gaussian.maximumLikelihood(sample)
        console.write("")
        console.write("""
            2. A Gaussian sample (gaussian.csv, n = \(sample.count), --model gaussian)
               The MLE is the sample mean and the root mean squared deviation (divisor n, not n − 1);
               the standard errors are sigma/√n and sigma/√(2n) from the observed information.

            """)
        console.write(indented(FitReport.table(gaussian, intervals: try gaussian.intervals(level: 0.95), level: 0.95)) + "\n")

        let lifetimes = try ShippedExample.load("lifetimes")
        let durations = Sample(try lifetimes.column(named: "hours"), name: "hours")
        let gamma = try Family.gamma.maximumLikelihood(durations)
        console.write("")
        console.write("""
            3. Lifetimes (lifetimes.csv, n = \(durations.count), --model gamma)
               The gamma MLE has no closed form: BFGS on the log scale, then Newton steps, find it;
               infer fit --model gamma gives scipy.stats.gamma.fit(x, floc=0) to solver tolerance.

            """)
        console.write(indented(FitReport.table(gamma, intervals: try gamma.intervals(level: 0.95), level: 0.95)))
    }

    private func indented(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "   " + $0 }.joined(separator: "\n")
    }
}

/// The example datasets shipped in the package's resources.
enum ShippedExample {
    /// Loads `Examples/NAME.csv` from the package's resources.
    static func load(_ name: String) throws -> Dataset {
        guard let url = Bundle.module.url(forResource: name, withExtension: "csv", subdirectory: "Examples") else {
            throw InferenceError.data("the example \(name).csv is missing from infer's resources; reinstall infer")
        }
        return try Dataset.load(path: url.path)
    }
}
