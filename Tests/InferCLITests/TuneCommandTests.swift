import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import InferCLI
import Testing
import TestSupport

/// `infer tune` end to end: every method, the contract's fields, the same bytes for any
/// `--threads`, and one line with the contract's code for each bad input.
@Suite struct TuneCommandTests {
    let linear = References.url("selection/linear.csv").path
    let logistic = References.url("selection/logistic.csv").path

    func json(_ arguments: [String]) throws -> [String: Any] {
        let outcome = InferMain.execute(arguments + ["--format", "json"])
        #expect(outcome.exitCode == 0, "\(outcome.errors)")
        return try #require(JSONSerialization.jsonObject(with: Data(outcome.output.utf8)) as? [String: Any])
    }

    @Test(arguments: [
        ["--model", "linear", "--prior", "laplace", "--method", "cv", "--folds", "5", "--lambdas", "30"],
        ["--model", "linear", "--prior", "elastic-net", "--mix", "0.5", "--method", "cv", "--fold-column", "fold", "--rule", "1se"],
        ["--model", "linear", "--prior", "gaussian", "--method", "loo", "--lambdas", "25", "--loss", "mse"],
        ["--model", "linear", "--prior", "gaussian", "--method", "gcv", "--lambdas", "25"],
        ["--model", "linear", "--prior", "gaussian", "--method", "evidence", "--lambdas", "25"],
    ])
    func everyMethodWritesTheContractsFields(_ options: [String]) throws {
        let features = options.contains("--fold-column") ? [] : ["--features", "x1,x2,x3,x4,x5,x6,x7,x8"]
        let object = try json(["tune", "--target", "y"] + features + options + [linear])
        let method = try #require(object["method"] as? String)
        #expect(options.contains(method))
        let selected = try #require(object["selected"] as? Double)
        let curve = try #require(object["curve"] as? [[String: Any]])
        #expect(!curve.isEmpty)
        let lambdas = curve.compactMap { $0["lambda"] as? Double }
        #expect(lambdas == lambdas.sorted(by: >))
        if method == "evidence" {
            #expect(curve.allSatisfy { $0["logEvidence"] is Double && $0["meanLoss"] == nil })
            #expect(object["rule"] as? String == "max" && object["noisePrecision"] is Double)
        } else {
            #expect(curve.allSatisfy { $0["meanLoss"] is Double })
            #expect(curve.allSatisfy { ($0["standardError"] is Double) == (method != "gcv") })
            #expect(lambdas.contains(selected))
            #expect(object["rule"] is String && object["loss"] is String)
        }
        // the refit at the chosen λ, as infer fit writes it
        #expect(object["lambda"] as? Double == selected && object["estimator"] as? String == "map")
        let names = (object["parameters"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
        #expect(names == ["intercept"] + (1...8).map { "x\($0)" } + ["sigma"])
    }

    @Test func logisticCrossValidationIsStratifiedAndTheSameForAnyThreadCount() throws {
        let base = ["tune", "--model", "logistic", "--target", "y", "--prior", "gaussian", "--features", "x1,x2,x3,x4", "--folds", "4",
                    "--lambdas", "12", "--seed", "9", "--format", "json", logistic]
        let one = InferMain.execute(base + ["--threads", "1"])
        let two = InferMain.execute(base + ["--threads", "2"])
        #expect(one.exitCode == 0, "\(one.errors)")
        #expect(one.output == two.output)
        let object = try #require(JSONSerialization.jsonObject(with: Data(one.output.utf8)) as? [String: Any])
        #expect(object["folds"] as? Int == 4)
        #expect((object["curve"] as? [Any])?.count == 12)
        let misclassification = try json(Array(base.dropLast(3)) + ["--loss", "misclassification", logistic])
        let losses = (misclassification["curve"] as? [[String: Any]])?.compactMap { $0["meanLoss"] as? Double } ?? []
        #expect(losses.count == 12 && losses.allSatisfy { $0 >= 0 && $0 <= 1 })
        let loo = try json(["tune", "--model", "logistic", "--target", "y", "--prior", "gaussian", "--features", "x1,x2,x3,x4",
                            "--method", "loo", "--lambdas", "3", logistic])
        #expect((loo["curve"] as? [[String: Any]])?.count == 3 && loo["folds"] == nil)
        let evidence = try json(["tune", "--model", "logistic", "--target", "y", "--prior", "gaussian", "--features", "x1,x2,x3,x4",
                                 "--method", "evidence", "--lambdas", "9", logistic])
        #expect(evidence["selected"] is Double && evidence["noisePrecision"] == nil)
    }

    @Test func theTableMarksTheChoice() throws {
        let outcome = InferMain.execute(["tune", "--model", "linear", "--target", "y", "--prior", "laplace", "--fold-column", "fold",
                                         "--lambdas", "15", linear])
        #expect(outcome.exitCode == 0, "\(outcome.errors)")
        #expect(outcome.output.contains("← selected") && outcome.output.contains("5-fold cross-validation"))
        #expect(outcome.output.contains("Refit at λ ="))
    }

    @Test(arguments: [
        (["--model", "linear", "--prior", "flat"], 64, "needs a prior"),
        (["--model", "gaussian", "--prior", "gaussian"], 64, "regression"),
        (["--model", "logistic", "--prior", "gaussian", "--method", "gcv"], 64, "gcv"),
        (["--model", "linear", "--prior", "laplace", "--method", "evidence"], 64, "smooth prior"),
        (["--model", "linear", "--prior", "gaussian", "--loss", "misclassification"], 64, "misclassification"),
        (["--model", "linear", "--prior", "gaussian", "--method", "gcv", "--rule", "1se"], 64, "1se"),
        (["--model", "linear", "--prior", "gaussian", "--folds", "1"], 64, "--folds"),
        (["--model", "linear", "--prior", "gaussian", "--folds", "500"], 65, "500 rows"),
        (["--model", "linear", "--prior", "gaussian", "--lambda-grid", "1,-2"], 64, "-2"),
        (["--model", "linear", "--prior", "gaussian", "--method", "bayes"], 64, "--method"),
        (["--model", "linear", "--prior", "gaussian", "--fold-column", "x2"], 65, "row 1, column x2"),
        (["--model", "linear", "--prior", "gaussian", "--fold-column", "nope"], 64, "nope"),
    ] as [([String], Int32, String)])
    func badInputsGetOneLineAndTheContractsCode(_ options: [String], _ code: Int32, _ fragment: String) {
        let outcome = InferMain.execute(["tune", "--target", "y"] + options + [linear])
        #expect(outcome.exitCode == code, "\(options): \(outcome.errors)")
        #expect(outcome.output.isEmpty)
        #expect(outcome.errors.hasPrefix("infer: error: ") && outcome.errors.contains(fragment), "\(outcome.errors)")
        #expect(outcome.errors.filter { $0 == "\n" }.count == 1)
    }

    /// Grouped counts: the prior's two parameters, every group's MLE and posterior mean.
    /// A feature of 1e300 puts the lasso grid near the largest double: the λ that cannot be fitted
    /// are left off with one warning line each (they once read "warning: warning:"), and the
    /// figure's last decade past 10³⁰⁸ is labelled ∞ (its label once trapped).
    @Test func aGridNearTheLargestDoubleStillGivesACurveAndAFigure() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tune-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = directory.appendingPathComponent("counts.csv")
        try """
            x0,x1,x2,y
            0.0,1e300,-43147806.6640812,5
            1.0,1.2264954715405592,-0.8131797387905091,0
            1.0,0.0,1.0,3
            1.0,-1.0,-0.3775854110343079,1
            0,106176081.45266841,1.0,1000
            """.write(to: data, atomically: true, encoding: .utf8)
        let figure = directory.appendingPathComponent("curve.svg")
        let outcome = InferMain.execute([
            "tune", "--model", "poisson-regression", "--target", "y", "--prior", "laplace", "--folds", "3", "--no-intercept",
            "--plot", figure.path, data.path,
        ])
        #expect(outcome.exitCode == 0, "\(outcome.errors)")
        let warnings = outcome.errors.split(separator: "\n")
        #expect(!warnings.isEmpty && warnings.allSatisfy { $0.hasPrefix("infer: warning: ") && !$0.contains("warning: warning") })
        let svg = try String(contentsOf: figure, encoding: .utf8)
        #expect(svg.hasPrefix("<?xml") || svg.hasPrefix("<svg"))
    }

    @Test func groupedCountsWriteThePriorAndEveryGroup() throws {
        let batting = References.url("selection/batting.csv").path
        let object = try json(["tune", "--model", "binomial", "--column", "hits", "--trials-column", "atBats", "--method", "evidence", batting])
        let prior = try #require(object["prior"] as? [String: Any])
        #expect(prior["family"] as? String == "beta" && prior["alpha"] is Double && prior["beta"] is Double)
        #expect(object["n"] as? Int == 18 && object["logEvidence"] is Double && object["method"] as? String == "evidence")
        let groups = try #require(object["groups"] as? [[String: Any]])
        #expect(groups.count == 18 && groups.allSatisfy { $0["mle"] is Double && $0["posteriorMean"] is Double })
        #expect(groups.first?["mle"] as? Double == 0.4)
        let names = (object["parameters"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
        #expect(names == ["alpha", "beta"])
        let outcome = InferMain.execute(["tune", "--model", "binomial", "--column", "hits", "--trials-column", "atBats", "--method", "evidence", batting])
        #expect(outcome.errors.split(separator: "\n").contains {
            $0.hasPrefix("infer: warning: these groups determine the prior's strength poorly")
        })
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("grouped-\(UUID().uuidString).svg")
        defer { try? FileManager.default.removeItem(at: file) }
        _ = try json(["tune", "--model", "binomial", "--column", "hits", "--trials-column", "atBats", "--method", "evidence",
                      "--plot", file.path, batting])
        let svg = try String(contentsOf: file, encoding: .utf8)
        // the label's 4 digits of α + β (grouped.json: 793.2368): the strength sits on a flat
        // likelihood (its sd is 6 times it) and 0.013 from the label's rounding boundary, so the
        // parsed label is compared within its rounding (6.3e-5) and the fit's 1e-6, not as text
        let label = try #require(svg.range(of: #"fitted strength = [0-9.]+"#, options: .regularExpression).map { svg[$0] })
        #expect(isClose(try #require(Double(label.split(separator: " ").last ?? "")), 793.2368206, relative: 1e-4))
        #expect(svg.components(separatedBy: "<circle").count - 1 == 61)
        let accidents = References.url("selection/accidents.csv").path
        let gamma = try json(["tune", "--model", "poisson", "--column", "events", "--exposure-column", "exposure", "--method", "evidence", accidents])
        #expect((gamma["prior"] as? [String: Any])?["shape"] is Double && (gamma["groups"] as? [Any])?.count == 40)
    }

    @Test(arguments: [
        (["--model", "binomial", "--column", "hits", "--trials-column", "atBats"], 64, "--method evidence"),
        (["--model", "binomial", "--column", "hits", "--exposure-column", "atBats", "--method", "evidence"], 64, "--trials-column"),
        (["--model", "linear", "--target", "later", "--prior", "gaussian", "--trials-column", "atBats"], 64, "--trials-column"),
        (["--model", "binomial", "--column", "atBats", "--trials-column", "hits", "--method", "evidence"], 65, "row 1, column atBats"),
        // the evidence chooses the prior: one given would be ignored
        (["--model", "binomial", "--column", "hits", "--trials-column", "atBats", "--method", "evidence", "--prior", "gaussian"], 64,
         "--prior does not apply to grouped counts"),
        (["--model", "binomial", "--column", "hits", "--trials-column", "atBats", "--method", "evidence", "--fold-column", "hits"], 64,
         "--fold-column does not apply"),
        (["--model", "poisson", "--column", "hits", "--exposure-column", "atBats", "--method", "evidence", "--lambda-grid", "1,2"], 64,
         "gamma prior"),
    ] as [([String], Int32, String)])
    func badGroupedInputs(_ options: [String], _ code: Int32, _ fragment: String) {
        let outcome = InferMain.execute(["tune"] + options + [References.url("selection/batting.csv").path])
        #expect(outcome.exitCode == code, "\(options): \(outcome.errors)")
        #expect(outcome.errors.hasPrefix("infer: error: ") && outcome.errors.contains(fragment), "\(outcome.errors)")
    }

    @Test func groupsOfOneRateAreCompletePooling() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pooled-\(UUID().uuidString).csv")
        try "k,n\n10,40\n10,40\n10,40\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let outcome = InferMain.execute(["tune", "--model", "binomial", "--column", "k", "--trials-column", "n", "--method", "evidence", file.path])
        #expect(outcome.exitCode == 70 && outcome.errors.contains("complete pooling"))
    }

    /// --plot: a well-formed SVG with the curve (one marker a λ), its error bars, both rules'
    /// λ as dashed lines named in the legend, a title and axis labels; the JSON is the same
    /// with or without it.
    @Test func plotDrawsTheCurveWithBothRules() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("tune-\(UUID().uuidString).svg")
        defer { try? FileManager.default.removeItem(at: file) }
        let base = ["tune", "--model", "linear", "--target", "y", "--prior", "laplace", "--fold-column", "fold", "--lambdas", "20",
                    "--rule", "1se", "--format", "json", linear]
        let plotted = InferMain.execute(base + ["--plot", file.path])
        #expect(plotted.exitCode == 0, "\(plotted.errors)")
        #expect(plotted.output == InferMain.execute(base).output)
        let svg = try String(contentsOf: file, encoding: .utf8)
        let document = try XMLDocument(data: Data(svg.utf8))
        let root = try #require(document.rootElement())
        #expect(root.name == "svg")
        let texts = try root.nodes(forXPath: "//*[local-name()='text']").compactMap(\.stringValue)
        #expect(texts.contains("infer tune: linear + laplace, λ by cv"))
        #expect(texts.contains("λ (log scale)") && texts.contains("mean held-out nll per row"))
        #expect(texts.contains { $0.hasPrefix("min: λ = ") } && texts.contains { $0.hasPrefix("1se: λ = ") && $0.hasSuffix("(selected)") })
        #expect(try root.nodes(forXPath: "//*[local-name()='circle']").count == 20)
        let dashed = try root.nodes(forXPath: "//*[local-name()='line'][@stroke-dasharray]").count
        #expect(dashed == 4)  // two markers, two legend swatches
        #expect(try root.nodes(forXPath: "//*[local-name()='polyline']").count == 1)
        // an evidence curve, and a directory that does not exist (nothing written, exit 65)
        let evidence = InferMain.execute(["tune", "--model", "linear", "--target", "y", "--prior", "gaussian", "--method", "evidence",
                                          "--features", "x1,x2,x3", "--lambdas", "15", "--plot", file.path, linear])
        #expect(evidence.exitCode == 0)
        #expect(try String(contentsOf: file, encoding: .utf8).contains("largest evidence"))
        let missing = InferMain.execute(base + ["--plot", "/nonexistent-\(UUID().uuidString)/curve.svg"])
        #expect(missing.exitCode == 65 && missing.output.isEmpty)
    }
}
