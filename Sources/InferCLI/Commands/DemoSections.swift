import Foundation
import Inference

/// The worked examples of `infer demo`, one function a section, each returning its text (and
/// the figures it draws), computed by the library on the data shipped in the resources.
enum DemoSections {
    struct Section {
        let text: String
        var figures: [(name: String, svg: String)] = []
        /// The section's numbers for `--format json`: its table's rows, or its fit.
        var values: [(String, JSONValue)] = []

        /// The section as one JSON object: its title (the text's first line), its numbers and the
        /// names of its figures.
        var json: JSONValue {
            var object = JSONObjectBuilder()
            object.add("title", text.split(separator: "\n").first.map { String($0) } ?? "")
            for (key, value) in values { object.add(key, value) }
            object.add("figures", .array(figures.map { .string($0.name) }))
            return object.value
        }
    }

    /// A table whose cells keep their values: the aligned text for people and, for
    /// `--format json`, one object a row keyed by `keys` (an interval as `lower` and `upper`, or `<key>Lower` and `<key>Upper`).
    struct ValueTable {
        enum Cell {
            case text(String)
            case number(Double?)
            case integer(Int)
            case interval(ClosedRange<Double>?, missing: String)
        }

        let header: [String]
        let keys: [String]
        var rows: [[Cell]] = []

        init(_ columns: [(header: String, key: String)]) {
            header = columns.map(\.header)
            keys = columns.map(\.key)
        }

        mutating func append(_ row: [Cell]) { rows.append(row) }

        func rendered() -> String {
            var table = Table(header: header)
            for row in rows {
                table.append(row.map { cell in
                    switch cell {
                    case .text(let text): text
                    case .number(let value): Table.format(value)
                    case .integer(let value): "\(value)"
                    case .interval(let range, let missing):
                        range.map { "[\(Table.format($0.lowerBound)), \(Table.format($0.upperBound))]" } ?? missing
                    }
                })
            }
            return table.rendered()
        }

        var json: JSONValue {
            .array(rows.map { row in
                var object = JSONObjectBuilder()
                for (key, cell) in zip(keys, row) {
                    switch cell {
                    case .text(let text): object.add(key, text)
                    case .number(let value): object.add(key, value)
                    case .integer(let value): object.add(key, value)
                    case .interval(let range, _):
                        object.add(key.isEmpty ? "lower" : key + "Lower", range?.lowerBound)
                        object.add(key.isEmpty ? "upper" : key + "Upper", range?.upperBound)
                    }
                }
                return object.value
            })
        }
    }

    /// 3 heads in 3 flips: the MLE against three beta priors.
    static func coin() throws -> Section {
        let flips = Sample(try ShippedExample.load("coin-flips").column(named: "heads"), name: "heads")
        var table = ValueTable([("prior", "prior"), ("estimate of p", "estimate"), ("posterior mean", "posteriorMean"), ("95% interval", "")])
        var figures: [(name: String, svg: String)] = []
        for prior in ["flat", "beta(1,1)", "beta(2,2)", "beta(10,10)"] {
            let specification = try FamilyPriorSpecification(parsing: prior)
            let fit = try Family.bernoulli.estimate(flips, prior: specification)
            if prior == "beta(2,2)" {
                figures.append(("fit-coin-beta22.svg", FitFigure.svg(family: .bernoulli, sample: flips, trials: nil, estimate: fit, prior: specification)))
            }
            table.append([
                .text(prior == "flat" ? "flat (MLE)" : "\(prior) (MAP)"), .number(fit.estimates[0]), .number(fit.exactPosterior?.mean),
                .interval(try fit.intervals(level: 0.95)[0], missing: "— (boundary)"),
            ])
        }
        return Section(text: """
            1. Three heads in three flips (coin-flips.csv, --model bernoulli)
               The MLE says the coin always lands heads: p = 1, on the boundary, with no Wald interval.
               A beta(a, b) prior adds a − 1 heads and b − 1 tails to the count at the mode: the uniform
               beta(1,1) changes nothing, beta(2,2) pulls p to 4/5, beta(10,10) — a prior belief that
               the coin is near fair, worth 18 flips — to 12/21. The posterior is beta(3 + a, b) exactly.
            \(indented(table.rendered()))
               Its figure (--plot-dir) is Bayes' rule for beta(2,2): prior × likelihood → posterior beta(5, 2).
            \(reproduce(["infer fit --model bernoulli --prior PRIOR \(examples)/coin-flips.csv   (PRIOR: flat, beta(1,1), beta(2,2), beta(10,10))"]))
            """, figures: figures, values: [("rows", table.json)])
    }

    /// The Gaussian MLE.
    static func gaussian() throws -> Section {
        let heights = Sample(try ShippedExample.load("gaussian").column(named: "x"), name: "x")
        let fit = try Family.gaussian.maximumLikelihood(heights)
        return Section(text: """
            2. A Gaussian sample (gaussian.csv, n = \(heights.count), --model gaussian)
               The MLE is the sample mean and the root mean squared deviation (divisor n, not n − 1);
               the standard errors are sigma/√n and sigma/√(2n) from the observed information. Its
               figure (--plot-dir) adds the log-likelihood surface: the (mu, sigma) regions within
               χ²₂(q)/2 of the maximum: not ellipses, but skewed towards large sigma, which standard
               errors, one parameter at a time, cannot show.
            \(indented(FitReport.table(fit, intervals: try fit.intervals(level: 0.95), level: 0.95)))
            \(reproduce(["infer fit --model gaussian --plot fit-gaussian.svg \(examples)/gaussian.csv"]))
            """, figures: [("fit-gaussian.svg", FitFigure.svg(family: .gaussian, sample: heights, trials: nil, estimate: fit))],
            values: [("fit", FitReport.json(fit, intervals: try fit.intervals(level: 0.95), lambda: nil))])
    }

    /// Gamma lifetimes and a BCa interval of their mean.
    static func lifetimes(threads: Int) throws -> Section {
        let hours = try ShippedExample.load("lifetimes").column(named: "hours")
        let fit = try Family.gamma.maximumLikelihood(Sample(hours, name: "hours"))
        let result = try Bootstrap.statistic(.mean, columns: [hours], plan: try BootstrapPlan(resamples: 9999, seed: 1, threads: threads))
        let bca = try result.summaries(method: .bca, level: 0.95, accelerations: try Bootstrap.accelerations(.mean, columns: [hours], seed: 1))[0]
        let mean = fit.estimates[0] / fit.estimates[1]
        let figures = [
            ("fit-lifetimes-gamma.svg", FitFigure.svg(family: .gamma, sample: Sample(hours, name: "hours"), trials: nil, estimate: fit)),
            ("bootstrap-lifetimes-mean.svg", BootstrapFigure.svg(result, summaries: [bca], method: .bca, level: 0.95)),
        ]
        return Section(text: """
            3. Lifetimes (lifetimes.csv, n = \(hours.count), --model gamma; then infer bootstrap --statistic mean)
               The gamma MLE has no closed form: BFGS on the log scale, then Newton steps, find it (as
               scipy.stats.gamma.fit(x, floc=0) does, to solver tolerance).
            \(indented(FitReport.table(fit, intervals: try fit.intervals(level: 0.95), level: 0.95)))
               The mean lifetime, shape/rate = \(Table.format(mean)) hours under the model; without it, the
               BCa bootstrap (9,999 resamples, seed 1) of the sample mean \(Table.format(bca.estimate)) gives the 95%
               interval [\(Table.format(bca.lower)), \(Table.format(bca.upper))], standard error \(Table.format(bca.standardError)):
               skewed to the right, as lifetimes are.
            \(reproduce([
                "infer fit --model gamma \(examples)/lifetimes.csv",
                "infer bootstrap --statistic mean --resamples 9999 \(examples)/lifetimes.csv",
            ]))
            """, figures: figures, values: [("fit", FitReport.json(fit, intervals: try fit.intervals(level: 0.95), lambda: nil)), ("bootstrap", bootstrapJSON(bca))])
    }

    /// OLS against ridge and lasso on sparse true weights, λ by the evidence and by CV.
    static func sparse(threads: Int) throws -> Section {
        let data = try RegressionData(try ShippedExample.load("sparse"), target: "y")
        let truth = [3.0, 0, 0, -2, 0, 0, 0, 1.5, 0, 0]
        let design = RegressionDesign()
        let model = LinearRegressionModel(featureNames: data.featureNames, design: design)
        let evidence = try Tuning(
            model: model, shape: .gaussian, method: .evidence,
            lambdas: try LambdaGrid.values(count: 40, model: model, data: data, shape: .gaussian)
        ).run(data)
        let lassoGrid = try LambdaGrid.values(count: 40, model: model, data: data, shape: .laplace)
        let cv = try Tuning(
            model: model, shape: .laplace, method: .cv, lambdas: lassoGrid,
            folds: try FoldPlan.random(rows: data.rowCount, folds: 5, seed: 1), loss: .mse, rule: .min, threads: threads
        ).run(data)
        let fits: [(String, Double?, PointEstimate)] = [
            ("OLS (flat prior)", nil, try Regression.linear.fit(data, design: design, penalty: .none)),
            ("ridge, λ by the evidence", evidence.selected, evidence.fit),
            ("lasso, λ by 5-fold CV (min)", cv.selected, cv.fit),
            ("lasso, λ by 5-fold CV (1se)", cv.choice(.oneStandardError),
             try Regression.linear.fit(data, design: design, penalty: .laplace(lambda: cv.choice(.oneStandardError) ?? cv.selected))),
        ]
        var table = ValueTable([
            ("fit", "fit"), ("λ", "lambda"), ("weight error ‖ŵ − w‖", "weightError"), ("non-zero weights", "nonZeroWeights"), ("x1", "x1"),
            ("x4", "x4"), ("x8", "x8"),
        ])
        for (name, lambda, fit) in fits {
            let weights = Array(fit.estimates[1...10])
            let error = zip(weights, truth).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
            table.append([
                .text(name), .number(lambda), .number(error), .integer(weights.filter { $0 != 0 }.count), .number(weights[0]),
                .number(weights[3]), .number(weights[7]),
            ])
        }
        return Section(
            text: """
                4. OLS, ridge and lasso on sparse weights (sparse.csv: 20 rows, 10 features, 3 of them real)
                   y = 1 + 3 x1 − 2 x4 + 1.5 x8 + noise. With 11 coefficients from 20 rows OLS fits noise into
                   every weight; a gaussian prior (ridge) shrinks them all towards 0, a laplace prior (lasso)
                   sets weights to exactly 0 once λ is large enough. infer tune chose ridge's λ by the evidence
                   (MacKay; BayesianRidge) and lasso's by 5-fold cross-validation. Twenty rows make a noisy CV
                   curve: the min rule's λ is small and keeps the noise features, the 1se rule's larger λ —
                   the sparsest fit within a standard error of the best — is the one closest to the truth:
                \(indented(table.rendered()))
                \(reproduce([
                    "infer fit --model linear --target y \(examples)/sparse.csv",
                    "infer tune --model linear --target y --prior gaussian --method evidence --lambdas 40 \(examples)/sparse.csv",
                    "infer tune --model linear --target y --prior laplace --folds 5 --loss mse --lambdas 40 --rule min \(examples)/sparse.csv",
                    "infer tune --model linear --target y --prior laplace --folds 5 --loss mse --lambdas 40 --rule 1se \(examples)/sparse.csv",
                ]))
                """,
            figures: [
                ("tune-sparse-lasso-cv.svg", TuneFigure.chart(cv, model: "linear", prior: "laplace").svg()),
                ("tune-sparse-ridge-evidence.svg", TuneFigure.chart(evidence, model: "linear", prior: "gaussian").svg()),
            ], values: [("rows", table.json)])
    }

    /// Logistic regression with and without priors: training and test accuracy.
    static func classes(threads: Int) throws -> Section {
        let dataset = try ShippedExample.load("classes")
        let split = try dataset.column(named: "split")
        let all = try RegressionData(dataset, target: "y", features: (1...8).map { "x\($0)" })
        let training = all.rows(split.indices.filter { split[$0] == 0 })
        let test = all.rows(split.indices.filter { split[$0] == 1 })
        let design = RegressionDesign()
        let model = LogisticRegressionModel(featureNames: training.featureNames, design: design)
        let ridgeCV = try Tuning(
            model: model, shape: .gaussian, method: .cv,
            lambdas: try LambdaGrid.values(count: 30, model: model, data: training, shape: .gaussian),
            folds: try FoldPlan.stratified(labels: training.target, folds: 5, seed: 1), threads: threads
        ).run(training)
        let lassoCV = try Tuning(
            model: model, shape: .laplace, method: .cv,
            lambdas: try LambdaGrid.values(count: 30, model: model, data: training, shape: .laplace),
            folds: try FoldPlan.stratified(labels: training.target, folds: 5, seed: 1), threads: threads
        ).run(training)
        let fits: [(String, Double?, PointEstimate)] = [
            ("flat (MLE)", nil, try model.fitted(training, penalty: .none)),
            ("gaussian, λ by CV", ridgeCV.selected, ridgeCV.fit),
            ("laplace, λ by CV", lassoCV.selected, lassoCV.fit),
        ]
        let features = (1...8).map { "x\($0)" }.joined(separator: ",")
        var table = ValueTable([
            ("prior", "prior"), ("λ", "lambda"), ("training accuracy", "trainingAccuracy"), ("test accuracy", "testAccuracy"),
            ("non-zero weights (of 8)", "nonZeroWeights"),
        ])
        for (name, lambda, fit) in fits {
            let accuracy = { (rows: RegressionData) in
                model.scores(fit.estimates, on: rows).first { $0.name == "accuracy" }?.value
            }
            let nonZero = fit.estimates.dropFirst().filter { $0 != 0 }.count
            table.append([.text(name), .number(lambda), .number(accuracy(training)), .number(accuracy(test)), .integer(nonZero)])
        }
        return Section(
            text: """
                5. Logistic regression with and without priors (classes.csv: 100 training rows, 100 test rows)
                   P(y = 1) depends on x1, x2, x3; x4 … x8 are noise. Each prior's λ was chosen by 5-fold
                   cross-validation on the training rows (held-out log loss); the test rows, never seen by the
                   fits or by the choice of λ, show how each predicts, and the laplace prior drops features:
                \(indented(table.rendered()))
                \(reproduce([
                    "infer tune --model logistic --target y --features \(features) --prior gaussian --folds 5 --lambdas 30 --where \"split == 0\" \(examples)/classes.csv",
                    "infer tune --model logistic --target y --features \(features) --prior laplace --folds 5 --lambdas 30 --where \"split == 0\" \(examples)/classes.csv",
                    "infer fit --model logistic --target y --features \(features) --prior laplace --lambda \(JSONValue.number(lassoCV.selected).serialized()) --where \"split == 0\" --save lasso.json \(examples)/classes.csv",
                    "infer predict --fit lasso.json --where \"split == 1\" \(examples)/classes.csv   (score: the test accuracy)",
                ]))
                """,
            figures: [("tune-classes-laplace-cv.svg", TuneFigure.chart(lassoCV, model: "logistic", prior: "laplace").svg())],
            values: [("rows", table.json)])
    }

    /// MLE and MAP converging as the flips accumulate.
    static func convergence() throws -> Section {
        let heads = try ShippedExample.load("flips").column(named: "heads")
        var table = ValueTable([
            ("flips n", "n"), ("heads", "heads"), ("MLE k/n", "mle"), ("MAP, beta(10,10)", "map"), ("posterior sd", "posteriorSd"),
            ("MLE − MAP", "difference"),
        ])
        var chart = Chart(title: "MLE and MAP as the flips accumulate (a coin with p = 0.6)", xLabel: "flips n (log scale)", yLabel: "estimate of p", logX: true)
        var (mles, maps): ([(x: Double, y: Double)], [(x: Double, y: Double)]) = ([], [])
        for n in [5, 10, 20, 50, 100, 500] {
            let sample = Sample(Array(heads.prefix(n)), name: "heads")
            let mle = try Family.bernoulli.maximumLikelihood(sample).estimates[0]
            let map = try Family.bernoulli.estimate(sample, prior: try FamilyPriorSpecification(parsing: "beta(10,10)"))
            table.append([
                .integer(n), .integer(Int(sample.sum)), .number(mle), .number(map.estimates[0]), .number(map.exactPosterior?.standardDeviation),
                .number(mle - map.estimates[0]),
            ])
            mles.append((Double(n), mle))
            maps.append((Double(n), map.estimates[0]))
        }
        chart.series = [
            Chart.Series(name: "MLE k/n", points: mles), Chart.Series(name: "MAP under beta(10,10)", points: maps),
            Chart.Series(name: "p = 0.6, the coin's", points: [(5, 0.6), (500, 0.6)], dots: false),
        ]
        return Section(text: """
            6. MLE and MAP as the data grow (flips.csv: a coin with p = 0.6, the first n of 500 flips)
               The beta(10,10) prior is worth 18 flips of a fair coin: against 5 flips it dominates, against
               500 it hardly matters; the two estimates meet, and the posterior narrows as 1/√n.
            \(indented(table.rendered()))
            \(reproduce(["head -n $((N + 1)) \(examples)/flips.csv | infer fit --model bernoulli --prior \"beta(10,10)\" -   (N: 5, 10, 20, 50, 100, 500)"]))
            """, figures: [("convergence-flips.svg", chart.svg())], values: [("rows", table.json)])
    }

    /// A posterior sample with its diagnostics, against the Laplace approximation.
    static func posterior(threads: Int) throws -> Section {
        let dataset = try ShippedExample.load("classes")
        let split = try dataset.column(named: "split")
        let all = try RegressionData(dataset, target: "y", features: ["x1", "x2", "x3"])
        let training = all.rows(split.indices.filter { split[$0] == 0 })
        let settings = try SamplerSettings(chains: 4, warmup: 500, draws: 1000, proposal: .laplace, seed: 1)
        let sample = try Regression.logistic.samplePosterior(
            training, design: RegressionDesign(), penalty: .gaussian(lambda: 1), settings: settings, threads: threads)
        let laplace = try Regression.logistic.laplaceApproximation(training, design: RegressionDesign(), penalty: .gaussian(lambda: 1))
        var table = ValueTable([
            ("parameter", "name"), ("posterior mean", "mean"), ("sd", "sd"), ("5%", "q5"), ("95%", "q95"), ("ESS bulk", "essBulk"),
            ("R-hat", "rhat"), ("Laplace mode", "laplaceMode"), ("Laplace sd", "laplaceSd"),
        ])
        for (k, diagnostics) in sample.diagnostics().enumerated() {
            table.append([
                .text(sample.parameterNames[k]), .number(diagnostics.mean), .number(diagnostics.sd), .number(diagnostics.q5),
                .number(diagnostics.q95), .number(diagnostics.essBulk.map { $0.rounded() }), .number(diagnostics.rhat),
                .number(laplace.mode[k]), .number(laplace.standardDeviations[k]),
            ])
        }
        return Section(text: """
            7. A posterior sample (classes.csv training rows, logistic on x1, x2, x3, gaussian prior λ = 1)
               Metropolis–Hastings, 4 chains × 1,000 draws after 500 warmup, proposals from the Laplace
               approximation (infer sample --proposal laplace). R-hat near 1 and thousands of effective
               draws say the chains agree and mix; the posterior is close to its Laplace approximation here.
            \(indented(table.rendered()))
            \(reproduce([
                "infer sample --model logistic --target y --features x1,x2,x3 --prior gaussian --proposal laplace --warmup 500 --draws 1000 --where \"split == 0\" \(examples)/classes.csv",
                "infer laplace --model logistic --target y --features x1,x2,x3 --prior gaussian --where \"split == 0\" \(examples)/classes.csv",
            ]))
            """, figures: [("sample-classes-logistic.svg", SampleFigure.svg(sample, model: "logistic"))], values: [("rows", table.json)])
    }

    static func bootstrapJSON(_ summary: BootstrapSummary) -> JSONValue {
        var object = JSONObjectBuilder()
        object.add("method", "bca")
        object.add("resamples", 9999)
        object.add("estimate", summary.estimate)
        object.add("standardError", summary.standardError)
        object.add("lower", summary.lower)
        object.add("upper", summary.upper)
        return object.value
    }

    /// Where the shipped examples are, from the package's root.
    static let examples = "Sources/InferCLI/Resources/Examples"

    /// The commands that give the section's numbers, from the package's root.
    static func reproduce(_ commands: [String]) -> String {
        (["   Reproduce (from the package's root):"] + commands.map { "     $ " + $0 }).joined(separator: "\n")
    }

    static func indented(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "   " + $0 }.joined(separator: "\n")
    }
}
