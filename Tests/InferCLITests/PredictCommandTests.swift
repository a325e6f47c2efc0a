import Foundation
import InferCLI
import Testing
import TestSupport

/// `infer fit --save` then `infer predict` on held-out rows, against statsmodels'
/// `get_prediction().summary_frame()` and R's `predict.lm` (Tests/References/predict/predict.py).
@Suite struct PredictCommandTests {
    let scratch = ScratchDirectory()

    func json(_ outcome: InferMain.Outcome) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(outcome.output.utf8)) as? [String: Any])
    }

    nonisolated(unsafe) static let cases: [String: [String: Any]] = {
        let data = (try? Data(contentsOf: References.url("predict/predict.json"))) ?? Data()
        return ((try? JSONSerialization.jsonObject(with: data)) as? [String: Any])?["cases"] as? [String: [String: Any]] ?? [:]
    }()

    /// Each case fitted on its train file and predicted on its test file. Tolerances: OLS is a
    /// closed form (1e-9 relative); the GLMs stop Newton at a gradient near 1e-10, which moves
    /// the means by ~1e-9 and the covariance behind the intervals by ~1e-7 (1e-8 and 1e-6 asked).
    @Test(arguments: ["ols_tooth", "poisson_warp", "logit_survey", "softmax_iris"])
    func predictionsEqualStatsmodels(_ name: String) throws {
        let entry = try #require(Self.cases[name])
        let model = try #require(entry["model"] as? String)
        let formula = try #require(entry["formula"] as? String)
        let train = References.url("predict/\(try #require(entry["train"] as? String))").path
        let test = References.url("predict/\(try #require(entry["test"] as? String))").path
        let saved = scratch.url.appendingPathComponent("\(name).json").path
        let fit = InferMain.execute(["fit", "--model", model, "--formula", formula, "--save", saved, train])
        #expect(fit.exitCode == 0, "\(fit.errors)")
        let outcome = InferMain.execute(["predict", "--fit", saved, "--format", "json", test])
        #expect(outcome.exitCode == 0, "\(outcome.errors)")
        let object = try json(outcome)
        let predictions = try #require(object["predictions"] as? [[String: Any]])
        let expected = try #require(entry["predictions"] as? [[String: Any]])
        #expect(predictions.count == expected.count && object["n"] as? Int == expected.count)
        let linear = model == "linear"
        let (meanTolerance, intervalTolerance) = linear ? (1e-9, 1e-9) : (1e-8, 1e-6)
        for (ours, theirs) in zip(predictions, expected) {
            #expect(ours["row"] as? Int == theirs["row"] as? Int)
            for field in ["mean", "lower", "upper", "predictionLower", "predictionUpper"] {
                guard let value = theirs[field] as? Double else {
                    #expect(ours[field] == nil, "\(name) \(field)")
                    continue
                }
                let tolerance = field == "mean" ? meanTolerance : intervalTolerance
                #expect(isClose(try #require(ours[field] as? Double, "\(name) \(field)"), value, relative: tolerance), "\(name) row \(theirs["row"]!) \(field)")
            }
            #expect(ours["predicted"] as? String == theirs["predicted"] as? String, "\(name) row \(theirs["row"]!)")
            if let probabilities = theirs["probabilities"] as? [String: Double] {
                let mine = try #require(ours["probabilities"] as? [String: Double])
                #expect(Set(mine.keys) == Set(probabilities.keys))
                for (level, p) in probabilities { #expect(isClose(mine[level] ?? .nan, p, relative: 1e-7, floor: 1e-6), "\(name) \(level)") }
            }
        }
        let score = try #require(object["score"] as? [String: Double])
        let reference = try #require(entry["score"] as? [String: Double])
        #expect(Set(score.keys) == Set(reference.keys))
        for (key, value) in reference { #expect(isClose(score[key] ?? .nan, value, relative: linear ? 1e-10 : 1e-8), "\(name) \(key)") }
        // the CSV holds the same numbers, a line a row
        let csv = InferMain.execute(["predict", "--fit", saved, "--format", "csv", test])
        let lines = csv.output.split(separator: "\n")
        #expect(csv.exitCode == 0 && lines.count == expected.count + 1)
        let header = lines[0].split(separator: ",").map(String.init)
        #expect(header.first == "row" && (linear ? header.contains("predictionUpper") : true) && (model == "softmax" ? header.contains("p[setosa]") : header.contains("mean")))
    }

    @Test func badFitsAndUnknownLevelsAreNamed() throws {
        let train = try scratch.file("y,g,x\n1.5,a,1\n2.5,b,2\n3.0,a,3\n4.5,b,4\n5.0,a,5\n")
        let saved = scratch.url.appendingPathComponent("fit.json").path
        #expect(InferMain.execute(["fit", "--model", "linear", "--target", "y", "--save", saved, train]).exitCode == 0)
        let new = try scratch.file("g,x\na,1\nc,2\n")
        let unknown = InferMain.execute(["predict", "--fit", saved, new])
        #expect(unknown.exitCode == 65 && unknown.errors == "infer: error: \(new) row 2, column g: level 'c' is not one of the fit's (a, b)\n")
        // no target column: predictions without a score; a missing feature cell drops the row
        let partial = try scratch.file("g,x\na,1\nb,NA\nb,3\n")
        let outcome = InferMain.execute(["predict", "--fit", saved, "--format", "json", partial])
        #expect(outcome.exitCode == 0, "\(outcome.errors)")
        let object = try json(outcome)
        #expect(object["score"] == nil && object["dropped"] as? Int == 1)
        let rows = try #require(object["predictions"] as? [[String: Any]]).map { $0["row"] as? Int }
        #expect(rows == [1, 3])
        let notAFit = try scratch.file("{\"format\":\"something\"}", suffix: ".json")
        #expect(InferMain.execute(["predict", "--fit", notAFit, new]).errors.contains("is not a saved regression fit (format infer-fit/1)"))
        #expect(InferMain.execute(["predict", "--fit", "/nonexistent.json", new]).exitCode == 65)
        let missingColumn = try scratch.file("x\n1\n")
        #expect(InferMain.execute(["predict", "--fit", saved, missingColumn]).exitCode == 64)
        // a family's fit cannot be saved
        let family = InferMain.execute(["fit", "--model", "gaussian", "--column", "y", "--save", saved, train])
        #expect(family.exitCode == 64 && family.errors.contains("--save saves a regression's fit"))
    }

    /// With `--draws`, each row's mean and interval are the posterior mean and equal-tailed
    /// interval of b + xᵀw over the draws (recomputed here from the draws file), and the
    /// predictive interval contains the mean's; draws of another model are refused.
    @Test func drawsGivePosteriorIntervals() throws {
        let train = References.url("predict/toothgrowth_train.csv").path
        let test = References.url("predict/toothgrowth_test.csv").path
        let saved = scratch.url.appendingPathComponent("tooth.json").path
        let draws = scratch.url.appendingPathComponent("draws.csv").path
        let formula = "len ~ supp * dose"
        #expect(InferMain.execute(["fit", "--model", "linear", "--formula", formula, "--save", saved, train]).exitCode == 0)
        let sample = InferMain.execute(["sample", "--model", "linear", "--formula", formula, "--proposal", "laplace", "--draws", "500",
                                        "--draws-out", draws, "--quiet", train])
        #expect(sample.exitCode == 0, "\(sample.errors)")
        let outcome = InferMain.execute(["predict", "--fit", saved, "--draws", draws, "--level", "0.9", "--format", "json", test])
        #expect(outcome.exitCode == 0, "\(outcome.errors)")
        let predictions = try #require(try json(outcome)["predictions"] as? [[String: Any]])
        // the draws file: comment lines, a header, then chain,draw,lp__,accepted__,parameters
        let lines = try String(contentsOfFile: draws, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }
        let header = lines[0].split(separator: ",").map(String.init)
        #expect(Array(header.dropFirst(4)) == ["intercept", "supp[VC]", "dose", "supp[VC]:dose", "sigma"])
        let coefficients = lines.dropFirst().map { $0.split(separator: ",").dropFirst(4).map { Double($0)! } }
        #expect(coefficients.count == 2000)
        let rows = try String(contentsOfFile: test, encoding: .utf8).split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        #expect(rows.count == predictions.count)
        func quantile(_ sorted: [Double], _ p: Double) -> Double {
            let h = Double(sorted.count - 1) * p
            let k = Int(h)
            return k + 1 < sorted.count ? sorted[k] + (sorted[k + 1] - sorted[k]) * (h - Double(k)) : sorted[k]
        }
        for (row, prediction) in zip(rows, predictions) {
            let vc = row[1] == "VC" ? 1.0 : 0
            let dose = Double(row[2])!
            let means = coefficients.map { $0[0] + $0[1] * vc + $0[2] * dose + $0[3] * vc * dose }.sorted()
            #expect(isClose(try #require(prediction["mean"] as? Double), means.reduce(0, +) / Double(means.count), relative: 1e-12))
            #expect(isClose(try #require(prediction["lower"] as? Double), quantile(means, 0.05), relative: 1e-12))
            #expect(isClose(try #require(prediction["upper"] as? Double), quantile(means, 0.95), relative: 1e-12))
            let (lower, upper) = (try #require(prediction["predictionLower"] as? Double), try #require(prediction["predictionUpper"] as? Double))
            #expect(lower < quantile(means, 0.05) && quantile(means, 0.95) < upper)
        }
        // the same seed gives the same bytes; draws of another model are a data error
        #expect(InferMain.execute(["predict", "--fit", saved, "--draws", draws, "--level", "0.9", "--format", "json", test]).output == outcome.output)
        let other = scratch.url.appendingPathComponent("other.csv").path
        #expect(InferMain.execute(["sample", "--model", "linear", "--formula", "len ~ supp", "--draws", "100", "--draws-out", other, "--quiet", train]).exitCode == 0)
        let refused = InferMain.execute(["predict", "--fit", saved, "--draws", other, test])
        #expect(refused.exitCode == 65 && refused.errors.contains("not the fit's"), "\(refused.errors)")
    }

    /// The tutorial's binary cross-entropy, y = (1, 0, 1, 1) against p = (0.9, 0.1, 0.8, 0.7), is
    /// the log loss of a hand-written saved fit that predicts p (Docs/WorkedExamples.md).
    @Test func theTutorialsCrossEntropyIsALogLoss() throws {
        let root = GuideCode.root
        let outcome = InferMain.execute(["predict", "--fit", root.appendingPathComponent("Docs/examples/bce-fit.json").path, "--format", "json",
                                         root.appendingPathComponent("Docs/examples/bce.csv").path])
        #expect(outcome.exitCode == 0, "\(outcome.errors)")
        let score = try #require(try json(outcome)["score"] as? [String: Double])
        let expected = -(2 * log(0.9) + log(0.8) + log(0.7)) / 4
        #expect(isClose(try #require(score["logLoss"]), expected, relative: 1e-14))
        #expect(String(format: "%.4f", expected) == "0.1976")
    }
}
