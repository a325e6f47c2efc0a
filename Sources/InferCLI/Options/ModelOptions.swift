import ArgumentParser
import Inference

/// `--model`, `--prior` and the data selection of the one-column families.
struct ModelOptions: ParsableArguments {
    @Option(help: "The model: a family (\(Family.allCases.map(\.rawValue).joined(separator: ", "))).")
    var model: String

    @Option(help: "The prior: flat (the default: the MLE), or on a family's first parameter beta(a,b), gamma(shape,rate) or normal(mean,sd).")
    var prior: String = "flat"

    @Option(help: "Column to fit (one-column families; default: the first column).")
    var column: String?

    @Option(help: "Trials behind each row of a binomial column.")
    var trials: Int?

    static let regressions = ["linear", "logistic", "poisson-regression", "softmax"]

    /// The family named by `--model`; a usage error for anything else.
    func family() throws -> Family {
        if let family = Family(rawValue: model) { return family }
        if Self.regressions.contains(model) {
            throw InferenceError.usage("the \(model) model is not built yet in this version of infer; families available: \(Family.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        throw InferenceError.usage("unknown model \(model); choose one of \((Family.allCases.map(\.rawValue) + Self.regressions).joined(separator: ", "))")
    }

    /// The family prior named by `--prior`.
    func familyPrior() throws -> FamilyPriorSpecification {
        try FamilyPriorSpecification(parsing: prior)
    }

    /// The selected column as a sample.
    func sample(from dataset: Dataset) throws -> Sample {
        let name = column ?? dataset.columnNames[0]
        return Sample(try dataset.column(named: name), name: name)
    }
}

extension CommonOptions {
    /// A usage error for `--plot` on a subcommand that draws no figure yet.
    func refusePlot(for subcommand: String) throws {
        if plot != nil {
            throw InferenceError.usage("--plot: infer \(subcommand) does not draw a figure yet in this version")
        }
    }
}
