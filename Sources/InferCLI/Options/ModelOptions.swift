import ArgumentParser
import Foundation
import Inference

/// `--model`, `--prior` and the data selection of families and regressions.
struct ModelOptions: ParsableArguments {
    @Option(help: "The model: a family of one column (\(Family.allCases.first!.rawValue) … \(Family.allCases.last!.rawValue)) or a regression of --target on --features (\(Regression.allCases.first!.rawValue) … \(Regression.allCases.last!.rawValue)).")
    var model: ModelChoice?

    @Option(help: "The prior. Families: flat (the MLE), beta(a,b), gamma(shape,rate) or normal(mean,sd) on the first parameter. Regressions: flat, gaussian, laplace or elastic-net.")
    var prior: String = "flat"

    @Option(help: "Prior weight λ of a regression's gaussian, laplace or elastic-net prior (sum form; default 1).")
    var lambda: Double?

    @Option(help: "Elastic-net mix a in [0, 1]: λ(a‖w‖₁ + (1−a)/2‖w‖²).")
    var mix: Double?

    @Option(help: "Column to fit (families; default: the first column).")
    var column: String?

    @Option(help: "Trials behind each row of a binomial column.")
    var trials: Int?

    @Option(help: "Target column of a regression.")
    var target: String?

    @Option(help: "Comma-separated feature columns of a regression (default: every other column).")
    var features: String?

    @Option(help: "A regression as a formula, \"y ~ a + b\", instead of --target and --features: + - : * . C(a) - 1 + 0.")
    var formula: String?

    @Option(name: .customLong("reference"), help: "The reference level of a text feature, NAME=LEVEL (default: its first level); repeatable.")
    var references: [String] = []

    @Option(help: "The level of a text target that is the logistic model's class 1 (default: the second of its two levels).")
    var positive: String?

    @Flag(help: "Fit a regression without an intercept.")
    var noIntercept = false

    @Flag(help: "Scale a regression's features to unit variance before fitting; weights are reported on the original scale (as glmnet).")
    var standardize = false

    @OptionGroup var table: TableOptions

    /// The CSV `file`, a missing cell spelled as `--na-values` says, only the columns `used`
    /// chooses and `--where` tests parsed.
    func load(_ file: String, using used: (([String]) -> [String]?)? = nil) throws -> Dataset { try table.load(file, using: used) }

    /// The rows of `dataset` that pass `--where` and have no missing cell in `columns`.
    func select(_ dataset: consuming Dataset, columns: [String]) throws -> RowSelection { try table.select(dataset, columns: columns) }

    /// The model `--model` names; a usage error for options that describe the other kind of
    /// model (they were once ignored without a word): `--target`, `--features`,
    /// `--no-intercept` and `--standardize` with a family, `--column` and `--trials` with a
    /// regression, `--trials` with a family other than binomial.
    func kind() throws -> ModelChoice {
        guard let model else { throw InferenceError.usage("give the model with --model, e.g. --model gaussian") }
        switch model {
        case .family(let family):
            let regressionOnly = [("--formula", formula != nil), ("--target", target != nil), ("--features", features != nil), ("--no-intercept", noIntercept),
                                  ("--standardize", standardize), ("--reference", !references.isEmpty), ("--positive", positive != nil)]
            if let (flag, _) = regressionOnly.first(where: \.1) {
                throw InferenceError.usage("\(flag) describes a regression, and --model \(model.name) is a family of one column (--column)")
            }
            if trials != nil && !family.takesTrials {
                let takers = Family.allCases.filter(\.takesTrials).map { "--model \($0.rawValue)" }.joined(separator: " or ")
                throw InferenceError.usage("--trials goes with \(takers), not --model \(model.name)")
            }
        case .regression(let regression):
            if positive != nil && regression != .logistic {
                throw InferenceError.usage("--positive names the logistic model's class 1; --model \(model.name) takes no --positive")
            }
            if formula != nil, let (flag, _) = [("--target", target != nil), ("--features", features != nil), ("--no-intercept", noIntercept)].first(where: \.1) {
                throw InferenceError.usage("--formula names the target and features itself: drop \(flag) (no intercept: - 1 in the formula)")
            }
            if column != nil || trials != nil {
                throw InferenceError.usage(
                    "\(column != nil ? "--column" : "--trials") describes a family, and --model \(model.name) is a regression (--target, --features)")
            }
        }
        return model
    }

    /// The family prior named by `--prior`.
    func familyPrior() throws -> FamilyPriorSpecification {
        if let lambda {
            throw InferenceError.usage(
                "--lambda \(lambda) weights a regression's prior; a family's prior takes its own parameters, e.g. --prior \"beta(2,2)\"")
        }
        return try FamilyPriorSpecification(parsing: prior)
    }

    /// The regression penalty named by `--prior`, `--lambda` and `--mix`.
    func penalty() throws -> Penalty {
        if mix != nil && prior != "elastic-net" { throw InferenceError.usage("--mix applies only to --prior elastic-net") }
        let lambda = self.lambda ?? 1
        switch prior {
        case "flat":
            // a λ beside a flat prior weighs nothing, but must still be one (scripts pass one λ to every prior)
            _ = try Penalty.gaussian(lambda: lambda).validated()
            return .none
        case "gaussian": return try Penalty.gaussian(lambda: lambda).validated()
        case "laplace": return try Penalty.laplace(lambda: lambda).validated()
        case "elastic-net":
            guard let mix else { throw InferenceError.usage("--prior elastic-net needs --mix a (0 ≤ a ≤ 1)") }
            return try Penalty.elasticNet(lambda: lambda, mix: mix).validated()
        default:
            throw InferenceError.usage("unknown prior \(InferenceError.excerpt(prior)) for a regression; choose flat, gaussian, laplace or elastic-net")
        }
    }

    /// The family's column of a table with columns `names`: `--column`, else the first.
    func familyColumn(of names: [String]) -> String { column ?? names[0] }

    /// The columns a regression reads of a table with columns `names`: the target and the
    /// features (every other column but `reserved` by default), or the formula's.
    func regressionColumns(of names: [String], reserving reserved: String? = nil) throws -> [String] {
        if let formula = try parsedFormula() { return formula.columns(of: names, excluding: Set([reserved].compactMap(\.self))) }
        guard let target else { throw InferenceError.usage("a regression needs --target NAME (or --formula)") }
        return [target] + (featureNames ?? names.filter { $0 != target && $0 != reserved })
    }

    /// The columns the model's analysis reads of a table with columns `names`; nil when an
    /// option they depend on is wrong (every column is then loaded, and the option's error
    /// comes when the columns are chosen again).
    func modelColumns(of names: [String]) -> [String]? {
        guard let kind = try? kind() else { return nil }
        return kind.isFamily ? [familyColumn(of: names)] : try? regressionColumns(of: names)
    }

    /// `--formula`, parsed.
    func parsedFormula() throws -> ModelFormula? { try formula.map { try ModelFormula(parsing: $0) } }

    private var featureNames: [String]? { features.map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } } }

    /// The regression's target and features.
    /// `reserved` is a column another option takes (named `option`, e.g. `--fold-column`): it is
    /// then no feature, and may not be listed as one.
    func regressionData(from dataset: Dataset, reserving reserved: String? = nil, for option: String = "") throws -> RegressionData {
        if let formula = try parsedFormula() {
            if let reserved, formula.columns(of: dataset.columnNames, excluding: [reserved]).contains(reserved) {
                throw InferenceError.usage("\(option) \(InferenceError.excerpt(reserved)) cannot also be in the formula")
            }
            let design = try formula.design(of: dataset, references: try referenceLevels(), excluding: Set([reserved].compactMap(\.self)))
            return try RegressionData(dataset, target: formula.target, design: design, positive: positive)
        }
        guard let target else { throw InferenceError.usage("a regression needs --target NAME (or --formula)") }
        var names = featureNames
        if let reserved {
            _ = try dataset.index(of: reserved)
            if let names, names.contains(reserved) { throw InferenceError.usage("\(option) \(InferenceError.excerpt(reserved)) cannot also be a feature") }
            if names == nil && reserved == target { throw InferenceError.usage("\(option) \(InferenceError.excerpt(reserved)) is the target") }
            names = names ?? dataset.columnNames.filter { $0 != target && $0 != reserved }
        }
        return try RegressionData(
            dataset, target: target, features: names, intercept: !noIntercept, references: try referenceLevels(), positive: positive)
    }

    /// `--reference NAME=LEVEL`, by column.
    func referenceLevels() throws -> [String: String] {
        var levels: [String: String] = [:]
        for text in references {
            guard let equals = text.firstIndex(of: "="), equals != text.startIndex, text.index(after: equals) != text.endIndex else {
                throw InferenceError.usage("--reference \(InferenceError.excerpt(text)): write NAME=LEVEL")
            }
            let name = String(text[..<equals])
            guard levels[name] == nil else { throw InferenceError.usage("--reference names \(InferenceError.excerpt(name)) twice") }
            levels[name] = String(text[text.index(after: equals)...])
        }
        return levels
    }

    var design: RegressionDesign {
        RegressionDesign(intercept: ((try? parsedFormula()) ?? nil)?.intercept ?? !noIntercept, standardize: standardize)
    }

    /// Every option that changes an estimate, in one string (for fingerprints).
    var description: String {
        [model?.name ?? "", prior, "\(lambda ?? 1)", mix.map { "\($0)" } ?? "", column ?? "", trials.map(String.init) ?? "",
         target ?? "", features ?? "", "\(noIntercept)", "\(standardize)"].joined(separator: "|")
            + (formula.map { "|formula=" + $0 } ?? "") + references.map { "|reference=" + $0 }.joined() + (positive.map { "|positive=" + $0 } ?? "")
            + table.description
    }
}

/// What `--model` names: a family or a regression of the catalog.
enum ModelChoice: ExpressibleByArgument {
    case family(Family)
    case regression(Regression)

    init?(argument: String) {
        if let family = Family(rawValue: argument) {
            self = .family(family)
        } else if let regression = Regression(rawValue: argument) {
            self = .regression(regression)
        } else {
            return nil
        }
    }

    /// The name `--model` takes.
    var name: String {
        switch self {
        case .family(let family): family.rawValue
        case .regression(let regression): regression.rawValue
        }
    }

    static var allValueStrings: [String] { Family.allCases.map(\.rawValue) + Regression.allCases.map(\.rawValue) }
}

extension MissingPolicy: ExpressibleByArgument {}

extension ModelChoice {
    var isFamily: Bool {
        if case .family = self { return true }
        return false
    }
}

/// How a table is read and which of its rows are used: `--na-values`, `--missing`, `--where`.
struct TableOptions: ParsableArguments {
    @Option(help: "Comma-separated spellings of a missing cell, replacing the defaults (NA, N/A, NaN, nan, null, NULL, None and pandas' others); an empty cell is always missing.")
    var naValues: String?

    @Option(help: "Rows with a missing cell in a used column: drop them (with a warning) or stop with an error (drop, error).")
    var missing: MissingPolicy = .drop

    @Option(name: .customLong("where"), help: "Use only the rows where COLUMN OP VALUE holds (OP: == != < <= > >=; text columns: == and != only); repeatable, all must hold.")
    var filters: [String] = []

    /// The CSV `file`, a missing cell spelled as `--na-values` says; when `used` (given the
    /// header's names) says which columns a run reads, only those and the ones `--where` tests
    /// are parsed.
    func load(_ file: String, using used: (([String]) -> [String]?)? = nil) throws -> Dataset {
        let spellings = naValues.map { MissingSpellings($0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)) }
        let tested = try? filters.map { try RowFilter(parsing: $0).column }
        let choosing = used.map { used in { (names: [String]) -> [String]? in tested.flatMap { tested in used(names).map { $0 + tested } } } }
        return try Dataset.load(path: file, missing: spellings ?? .pandasDefaults, columns: choosing)
    }

    /// The rows of `dataset` that pass `--where` and have no missing cell in `columns` (or the
    /// error of `--missing error`); a dataset handed over is compacted in place.
    func select(_ dataset: consuming Dataset, columns: [String]) throws -> RowSelection {
        let filters = try filters.map { try RowFilter(parsing: $0) }
        return try dataset.selecting(columns: columns, missing: missing, where: filters)
    }

    /// The options that change which rows are used, for fingerprints ("" when all are defaults).
    var description: String {
        (naValues.map { "|na-values=" + $0 } ?? "") + (missing == .drop ? "" : "|missing=error") + filters.map { "|where=" + $0 }.joined()
    }
}
