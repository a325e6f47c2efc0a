import ArgumentParser
import Foundation
import Inference

/// `infer tune`: the λ of a regression's prior by cross-validation, leave-one-out, GCV or the
/// evidence, and the fit there.
struct TuneCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "tune",
        abstract: "Choose λ by cross-validation, leave-one-out, GCV or the evidence, and refit there.",
        discussion: """
            cv: K folds (random with --seed, stratified by class for logistic and softmax, or from \
            --fold-column); each fold's fit minimises the sum-form objective over its training rows \
            along the grid, largest λ first, each fit started from the previous. A fold's loss is the \
            mean over its held-out rows; meanLoss is the mean of the K fold losses, standardError \
            their sd over √K. loo: one fold a row (closed form for linear + gaussian). gcv: \
            RSS/n / (1 − df/n)² of ridge (linear + gaussian). evidence: linear + gaussian, type-II \
            maximum likelihood of the noise and weight precisions (MacKay; scikit-learn's \
            BayesianRidge), selected = their ratio; other regressions, the Laplace-approximated \
            evidence maximised over λ. Grid: --lambdas N log-spaced over four decades from the \
            smallest λ with every weight zero (laplace, elastic-net; glmnet's) or from \
            10·v·tr(ZᵀZ)/p (gaussian: a mean eigen-direction's weight then shrinks to ≈ 1/11).
            """)

    @Argument(help: "CSV file with a header row; - reads standard input.")
    var file: String

    @OptionGroup var model: ModelOptions

    @Option(help: "cv, loo, gcv or evidence.")
    var method: TuningMethod = .cv

    @Option(help: "Folds of cross-validation.")
    var folds: Int = 10

    @Option(help: "Size of the λ grid (log-spaced over four decades).")
    var lambdas: Int = 100

    @Option(help: "The λ grid itself, comma-separated (instead of --lambdas).")
    var lambdaGrid: String?

    @Option(help: "min (smallest mean loss) or 1se (the largest λ within one standard error of it).")
    var rule: SelectionRule = .min

    @Option(help: "nll (held-out negative log-likelihood a row), mse or misclassification.")
    var loss: HeldOutLoss = .nll

    @Option(help: "Column of integer fold ids (then no feature).")
    var foldColumn: String?

    @Option(help: "Grouped binomial counts: the column of each group's trials (--column holds its successes).")
    var trialsColumn: String?

    @Option(help: "Grouped poisson counts: the column of each group's exposure (--column holds its events).")
    var exposureColumn: String?

    @Option(help: "Confidence level of the refit's intervals.")
    var level: Double = 0.95

    @OptionGroup var common: CommonOptions

    func validate() throws {
        try validateLevel(level)
    }

    /// The JSON `"rule"` of `--method evidence`, which takes the λ (or grouped prior's strength)
    /// of largest evidence; `--rule` applies to cross-validation only.
    static let evidenceRule = "max"

    /// The examples that end `--help`; they run from the package's root on its shipped data.
    static let examples = [
        #"infer tune --model linear --target y --prior laplace Sources/InferCLI/Resources/Examples/sparse.csv"#,
        #"infer tune --model linear --target y --prior gaussian --method evidence Sources/InferCLI/Resources/Examples/sparse.csv"#,
        #"infer tune --model logistic --target y --features x1,x2,x3,x4 --prior gaussian --folds 5 Sources/InferCLI/Resources/Examples/classes.csv"#,
    ]

    /// Figures and draws files, checked before the work.
    var outputFiles: [String?] { [common.plot] }

    func execute(on console: Console) throws {
        let kind = try model.kind()
        if case .family(let family) = kind, trialsColumn != nil || exposureColumn != nil {
            return try grouped(family, method: method, on: console)
        }
        guard trialsColumn == nil, exposureColumn == nil else {
            throw InferenceError.usage("--trials-column goes with --model binomial, --exposure-column with --model poisson")
        }
        guard case .regression(let regression) = kind else {
            throw InferenceError.usage(
                "infer tune chooses the λ of a regression's prior (--model linear, logistic, poisson-regression or softmax), or the prior of grouped counts (--model binomial --trials-column, --model poisson --exposure-column)")
        }
        let penalty = try model.penalty()
        guard let shape = penalty.shape else { throw InferenceError.usage("infer tune needs a prior: --prior gaussian, laplace or elastic-net") }
        let grid = try lambdaGrid.map(parseGrid)
        if grid == nil, lambdas < 1 { throw InferenceError.usage("--lambdas must be at least 1, got \(lambdas)") }
        if grid == nil { try LambdaGrid.requireMemory(count: lambdas, features: 0) }
        if method == .cv, folds < 2 { throw InferenceError.usage("--folds must be at least 2, got \(folds)") }

        let foldColumn = foldColumn
        let loaded = try model.load(file) { [model] names in (try? model.regressionColumns(of: names, reserving: foldColumn)).map { $0 + [foldColumn].compactMap(\.self) } }
        let columns = try model.regressionColumns(of: loaded.columnNames, reserving: foldColumn) + [foldColumn].compactMap(\.self)
        let selected = try model.select(consume loaded, columns: columns)
        selected.warning.map(console.warn)
        let dataset = selected.dataset
        let data = try locating(in: dataset) { try model.regressionData(from: dataset, reserving: foldColumn, for: "--fold-column") }
        let fitted = try regression.model(for: data, design: model.design)
        let values = try grid ?? locating(in: dataset) { try LambdaGrid.values(count: lambdas, model: fitted, data: data, shape: shape) }
        var plan: FoldPlan?
        if method == .cv {
            if let foldColumn {
                plan = try FoldPlan.column(named: foldColumn, of: dataset)
            } else if fitted.isClassifier {
                plan = try FoldPlan.stratified(labels: data.target, folds: folds, seed: common.seed)
            } else {
                plan = try FoldPlan.random(rows: data.rowCount, folds: folds, seed: common.seed)
            }
        }
        let tuning = try Tuning(
            model: fitted, shape: shape, method: method, lambdas: values, folds: plan, loss: loss,
            rule: rule, threads: common.threads ?? ProcessInfo.processInfo.activeProcessorCount)
        let folds = tuning.foldCount(rows: data.rowCount)
        let progress = ProgressBar(label: "tune", total: folds, quiet: common.quiet || folds == 0)
        let result: TuningResult
        do {
            defer { progress.finish() }
            result = try locating(in: dataset) { try tuning.run(data, progress: progress.reporter) }
        }
        if !result.failedLambdas.isEmpty {
            console.warn(
                "\(result.failedLambdas.count) λ of the grid (from \(Table.format(result.failedLambdas.min())) to \(Table.format(result.failedLambdas.max()))) could not be fitted on every fold and are left off the curve")
        }
        if let low = values.min(), let high = values.max(), !(result.selected > low && result.selected < high) {
            console.warn("the selected λ = \(Table.format(result.selected)) is not inside the grid [\(Table.format(low)), \(Table.format(high))]: the curve may not show the best λ; widen it with --lambda-grid")
        }
        result.fit.warnings.forEach(console.warn)
        if let plot = common.plot {
            try AtomicFile.write(TuneFigure.chart(result, model: model.model?.name ?? "", prior: penalty.priorName).svg(), to: plot)
        }
        let intervals = try result.fit.intervals(level: level)
        switch common.format {
        case .json: console.write(json(result, plan: plan, data: data, penalty: penalty, intervals: intervals).withDropped(selected.dropped, levels: data.targetLevels).serialized())
        case .table: console.write(table(result, plan: plan, data: data, penalty: penalty, intervals: intervals))
        }
    }

    /// Grouped counts: every row a group with its own rate; the beta (gamma) prior by the
    /// marginal likelihood of all groups, and each group's MLE and posterior mean.
    private func grouped(_ family: Family, method: TuningMethod, on console: Console) throws {
        let (prior, sizeColumn): (GroupedEmpiricalBayes.Family, String)
        // beta groups are sized by their trials, gamma groups by their exposure
        switch (family.groupedPrior, trialsColumn, exposureColumn) {
        case (.beta, let trials?, nil): (prior, sizeColumn) = (.beta, trials)
        case (.gamma, nil, let exposure?): (prior, sizeColumn) = (.gamma, exposure)
        default: throw InferenceError.usage("--trials-column goes with --model binomial, --exposure-column with --model poisson")
        }
        guard method == .evidence else {
            throw InferenceError.usage("grouped counts are tuned by the evidence: use --method evidence")
        }
        // the evidence chooses the prior itself (beta or gamma, its mean and strength): a prior, a
        // grid or folds given for it would be ignored (--lambda is ignored by every tune)
        let inapplicable = [("--prior", model.prior.filter { !$0.isWhitespace } != "flat"), ("--mix", model.mix != nil),
                            ("--lambda-grid", lambdaGrid != nil), ("--fold-column", foldColumn != nil)]
        if let (flag, _) = inapplicable.first(where: \.1) {
            throw InferenceError.usage(
                "\(flag) does not apply to grouped counts: the evidence chooses their \(prior == .beta ? "beta" : "gamma") prior, its mean and its strength")
        }
        let (column, sizes) = (model.column, sizeColumn)
        let loaded = try model.load(file) { names in [column ?? names[0], sizes] }
        let countColumn = model.column ?? loaded.columnNames[0]
        let selected = try model.select(loaded, columns: [countColumn, sizeColumn])
        selected.warning.map(console.warn)
        let dataset = selected.dataset
        let data = try locating(in: dataset) {
            try GroupedCounts(
                counts: try dataset.column(named: countColumn), sizes: try dataset.column(named: sizeColumn), countName: countColumn,
                sizeName: sizeColumn)
        }
        let fit = try GroupedEmpiricalBayes(data, family: prior)
        fit.prior.warnings.forEach(console.warn)
        if fit.isWeaklyDetermined {
            console.warn(
                "these groups determine the prior's strength poorly (a standard error exceeds its estimate): its Wald intervals are wide")
        }
        if let plot = common.plot { try AtomicFile.write(TuneFigure.chart(fit, data, model: family.rawValue).svg(), to: plot) }
        let intervals = try fit.prior.intervals(level: level)
        let names = fit.prior.parameterNames
        switch common.format {
        case .json:
            var top = JSONObjectBuilder()
            top.add("model", family.rawValue)
            top.add("n", data.counts.count)
            top.add("method", method.rawValue)
            // the evidence is maximised over the prior's strength, which plays λ's part
            top.add("rule", Self.evidenceRule)
            top.add("selected", fit.strength)
            top.add("curve", .array(fit.evidenceCurve(data).map { point in
                var entry = JSONObjectBuilder()
                entry.add("lambda", point.strength)
                entry.add("logEvidence", point.logEvidence)
                return entry.value
            }))
            var described = JSONObjectBuilder()
            described.add("family", prior.rawValue)
            for (name, value) in zip(names, fit.prior.estimates) { described.add(name, value) }
            top.add("prior", described.value)
            top.add("logEvidence", fit.logEvidence)
            top.add("groups", .array(zip(fit.maximumLikelihood, fit.posteriorMeans).map { mle, mean in
                var group = JSONObjectBuilder()
                group.add("mle", mle)
                group.add("posteriorMean", mean)
                return group.value
            }))
            if case .object(let fields) = FitReport.json(fit.prior, intervals: intervals, lambda: nil),
                let parameters = fields.first(where: { $0.0 == "parameters" })
            {
                top.add("parameters", parameters.1)
            }
            console.write(top.value.withDropped(selected.dropped).serialized())
        case .table:
            let described = zip(names, fit.prior.estimates).map { "\($0) \(Table.format($1))" }.joined(separator: ", ")
            var groups = Table(header: ["group", countColumn, sizeColumn, "mle", "posterior mean"])
            for i in data.counts.indices {
                groups.append([
                    "\(i + 1)", Table.format(data.counts[i]), Table.format(data.sizes[i]), Table.format(fit.maximumLikelihood[i]),
                    Table.format(fit.posteriorMeans[i]),
                ])
            }
            console.write([
                "\(family.rawValue) groups, n = \(data.counts.count): the \(prior.rawValue) prior by the evidence (type-II maximum likelihood): \(prior.rawValue)(\(described)), log evidence = \(Table.format(fit.logEvidence))",
                FitReport.table(fit.prior, intervals: intervals, level: level), "", groups.rendered(),
            ].joined(separator: "\n"))
        }
    }

    private func parseGrid(_ text: String) throws -> [Double] {
        let values = text.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
        guard !values.isEmpty else { throw InferenceError.usage("--lambda-grid needs at least one value") }
        return try values.map { item in
            guard let value = Double(item), value.isFinite, value > 0 else {
                throw InferenceError.usage("--lambda-grid: \(item) is not a number > 0")
            }
            return value
        }
    }

    private func json(_ result: TuningResult, plan: FoldPlan?, data: RegressionData, penalty: Penalty, intervals: [ClosedRange<Double>?]) -> JSONValue {
        var top = JSONObjectBuilder()
        top.add("model", model.model?.name ?? "")
        top.add("n", data.rowCount)
        top.add("method", result.method.rawValue)
        top.add("rule", result.rule?.rawValue ?? Self.evidenceRule)
        if let loss = result.loss { top.add("loss", loss.rawValue) }
        if let plan { top.add("folds", plan.count) }
        top.add("prior", penalty.priorName)
        if case .elasticNet(_, let mix) = penalty { top.add("mix", mix) }
        top.add("selected", result.selected)
        if let precisions = result.precisions {
            top.add("noisePrecision", precisions.noise)
            top.add("weightPrecision", precisions.weights)
        }
        let curve: [JSONValue]
        if result.method == .evidence {
            curve = result.evidence.map { point in
                var entry = JSONObjectBuilder()
                entry.add("lambda", point.lambda)
                entry.add("logEvidence", point.logEvidence)
                return entry.value
            }
        } else {
            curve = result.curve.map { point in
                var entry = JSONObjectBuilder()
                entry.add("lambda", point.lambda)
                entry.add("meanLoss", point.meanLoss)
                entry.add("standardError", point.standardError)
                return entry.value
            }
        }
        top.add("curve", .array(curve))
        // the refit at the chosen λ, as `infer fit` writes it
        if case .object(let fields) = FitReport.json(result.fit, intervals: intervals, lambda: result.selected) {
            for (key, value) in fields where !["model", "n", "prior"].contains(key) { top.add(key, value) }
        }
        return top.value
    }

    private func table(_ result: TuningResult, plan: FoldPlan?, data: RegressionData, penalty: Penalty, intervals: [ClosedRange<Double>?]) -> String {
        let how: String
        switch result.method {
        case .cv: how = "\(plan?.count ?? 0)-fold cross-validation, \(result.loss?.rawValue ?? "") loss, rule \(result.rule?.rawValue ?? "")"
        case .loo: how = "leave-one-out, \(result.loss?.rawValue ?? "") loss, rule \(result.rule?.rawValue ?? "")"
        case .gcv: how = "generalised cross-validation, \(result.loss?.rawValue ?? "") loss"
        case .evidence: how = "the evidence (type-II maximum likelihood)"
        }
        var lines = ["\(model.model?.name ?? "") + \(penalty.priorName), n = \(data.rowCount): λ by \(how): selected λ = \(Table.format(result.selected))"]
        if let precisions = result.precisions {
            lines.append("noise precision \(Table.format(precisions.noise)), weight precision \(Table.format(precisions.weights))")
        }
        var curve: Table
        if result.method == .evidence {
            curve = Table(header: ["lambda", "log evidence"])
            for point in result.evidence { curve.append([Table.format(point.lambda), Table.format(point.logEvidence)]) }
        } else {
            curve = Table(header: ["lambda", "mean loss", "std. error", ""])
            let best = result.curve.min { $0.meanLoss < $1.meanLoss }?.lambda
            for point in result.curve {
                let mark = point.lambda == result.selected ? "← selected" : (point.lambda == best ? "← min" : "")
                curve.append([Table.format(point.lambda), Table.format(point.meanLoss), Table.format(point.standardError), mark])
            }
        }
        lines.append(curve.rendered())
        lines.append("")
        lines.append("Refit at λ = \(Table.format(result.selected)):")
        lines.append(FitReport.table(result.fit, intervals: intervals, level: level))
        return lines.joined(separator: "\n")
    }
}
