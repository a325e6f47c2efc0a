import Foundation
import InferCLI
import Testing
import TestSupport

/// `infer fit` end to end, in process: the contract's JSON fields and exit codes.
@Suite struct FitCommandTests {
    let scratch = ScratchDirectory()

    func json(_ outcome: InferMain.Outcome) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(outcome.output.utf8)) as? [String: Any])
    }

    @Test func gammaJSONGivesScipysAnswer() throws {
        let outcome = InferMain.execute(["fit", "--model", "gamma", "--format", "json", References.url("fit/gamma.csv").path])
        #expect(outcome.exitCode == 0)
        #expect(outcome.errors.isEmpty)
        #expect(outcome.output.hasSuffix("}\n") && outcome.output.filter { $0 == "\n" }.count == 1)
        let object = try json(outcome)
        #expect(object["model"] as? String == "gamma")
        #expect(object["n"] as? Int == 140)
        #expect(object["estimator"] as? String == "mle")
        #expect(object["prior"] as? String == "flat")
        #expect(object["converged"] as? Bool == true)
        #expect(object["iterations"] is Int)
        #expect(object["logLikelihood"] is Double)
        let parameters = try #require(object["parameters"] as? [[String: Any]])
        #expect(parameters.map { $0["name"] as? String } == ["shape", "rate"])
        // scipy.stats.gamma.fit(x, floc=0) on Tests/References/fit/gamma.csv (families.json)
        let shape = try #require(parameters[0]["estimate"] as? Double)
        let rate = try #require(parameters[1]["estimate"] as? Double)
        #expect(isClose(shape, 2.2122397855242455, relative: 1e-6))
        #expect(isClose(rate, 0.6403594732241906, relative: 1e-6))
        for parameter in parameters {
            let estimate = try #require(parameter["estimate"] as? Double)
            let se = try #require(parameter["standardError"] as? Double)
            let lower = try #require(parameter["lower"] as? Double)
            let upper = try #require(parameter["upper"] as? Double)
            #expect(isClose(estimate - lower, 1.959963984540054 * se, relative: 1e-12))
            #expect(isClose(upper - estimate, 1.959963984540054 * se, relative: 1e-12))
        }
    }

    @Test func tableOutputNamesTheIntervals() {
        let outcome = InferMain.execute(["fit", "--model", "gaussian", "--level", "0.9", References.url("fit/gaussian.csv").path])
        #expect(outcome.exitCode == 0)
        #expect(outcome.output.contains("gaussian MLE, n = 90"))
        #expect(outcome.output.contains("90% lower"))
        #expect(outcome.output.contains("mu"))
    }

    @Test func boundaryEstimateWarnsAndOmitsTheInterval() throws {
        let file = try scratch.file("heads\n1\n1\n1\n")
        let outcome = InferMain.execute(["fit", "--model", "bernoulli", "--format", "json", file])
        #expect(outcome.exitCode == 0)
        #expect(outcome.errors == "infer: warning: the estimate lies on the boundary of the parameter space (p = 1.0): no Wald interval; consider a prior\n")
        let parameter = try #require((try json(outcome))["parameters"] as? [[String: Any]]).first
        #expect(parameter?["estimate"] as? Double == 1)
        #expect(parameter?["standardError"] == nil && parameter?["lower"] == nil && parameter?["upper"] == nil)
    }

    @Test func everyBadInputExits65WithOneLine() throws {
        let cases: [(String, String)] = [
            ("", "is empty"), ("x\n", "has a header but no data rows"), ("x,y\n1,2\n3\n", "row 2: 1 cell"),
            ("x\n1\nabc\n", "row 2, column x: 'abc' is not a number"), ("x\n1\n\n2\n", "row 2, column x: empty cell"),
            ("x\nnan\n", "row 1, column x: nan is not a finite number"), ("x\n1\ninf\n", "row 2, column x: inf is not a finite number"),
            ("x\n1\n-2\n", "row 2, column x: -2.0 is outside the support of the gamma model (x > 0)"),
        ]
        for (text, fragment) in cases {
            let outcome = InferMain.execute(["fit", "--model", "gamma", try scratch.file(text)])
            #expect(outcome.exitCode == 65, "\(text)")
            #expect(outcome.output.isEmpty)
            #expect(outcome.errors.hasPrefix("infer: error: ") && outcome.errors.contains(fragment), "\(outcome.errors)")
            #expect(outcome.errors.filter { $0 == "\n" }.count == 1)
        }
        let missing = InferMain.execute(["fit", "--model", "gamma", "/nonexistent.csv"])
        #expect(missing.exitCode == 65)
        #expect(missing.errors == "infer: error: cannot read /nonexistent.csv: no such file\n")
    }

    @Test func usageErrorsExit64WithOneLine() throws {
        let file = References.url("fit/gamma.csv").path
        let cases: [[String]] = [
            ["fit", "--model", "weibull", file], ["fit", "--model", "gamma", "--bogus", file],
            ["fit", "--model", "gamma", "--level", "1.5", file], ["fit", "--model", "gamma", "--column", "nope", file],
            ["fit", "--model", "gamma", "--format", "xml", file], ["fit", "--model", "binomial", file],
            ["fit", "--model", "gamma", "--threads", "0", file], ["fit", file],
            ["fit", "--model", "linear", file], ["fit", "--model", "gamma", "--prior", "beta(2,2)", file],
        ]
        for arguments in cases {
            let outcome = InferMain.execute(arguments)
            #expect(outcome.exitCode == 64, "\(arguments)")
            #expect(outcome.errors.hasPrefix("infer: error: "), "\(arguments)")
            #expect(outcome.errors.filter { $0 == "\n" }.count == 1, "\(outcome.errors)")
        }
    }

    @Test func degenerateDataExits70() throws {
        let outcome = InferMain.execute(["fit", "--model", "gamma", try scratch.file("x\n2\n2\n2\n")])
        #expect(outcome.exitCode == 70)
        #expect(outcome.errors.contains("the gamma shape's MLE does not exist"))
    }

    @Test func theSameRunGivesTheSameBytesWhateverTheThreads() {
        let file = References.url("fit/student-t.csv").path
        let one = InferMain.execute(["fit", "--model", "student-t", "--format", "json", "--threads", "1", file])
        let two = InferMain.execute(["fit", "--model", "student-t", "--format", "json", "--threads", "2", file])
        #expect(one.exitCode == 0)
        #expect(one.output == two.output)
    }
}
