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
            // shape and rate are positive: the Wald interval of log θ (se/θ), exponentiated
            #expect(isClose(lower, estimate * exp(-1.959963984540054 * se / estimate), relative: 1e-12))
            #expect(isClose(upper, estimate * exp(1.959963984540054 * se / estimate), relative: 1e-12))
        }
    }

    /// The Weibull family reaches the command line from its catalog line alone: its MLE (the
    /// exact one of weibull.json, to the search's 1e-9), its gamma prior on the shape by name, and
    /// the prior it does not take refused with the ones it does.
    @Test func weibullComesFromTheCatalog() throws {
        let file = References.url("fit/weibull.csv").path
        let fit = InferMain.execute(["fit", "--model", "weibull", "--format", "json", file])
        #expect(fit.exitCode == 0 && fit.errors.isEmpty)
        let parameters = try #require(try json(fit)["parameters"] as? [[String: Any]])
        #expect(parameters.map { $0["name"] as? String } == ["shape", "scale"])
        #expect(isClose(try #require(parameters[0]["estimate"] as? Double), 2.184151588659947, relative: 1e-9))
        #expect(isClose(try #require(parameters[1]["estimate"] as? Double), 3.039152692550789, relative: 1e-9))
        let map = InferMain.execute(["fit", "--model", "weibull", "--prior", "gamma(2,1)", "--format", "json", file])
        #expect(map.exitCode == 0)
        #expect(try json(map)["estimator"] as? String == "map")
        let refused = InferMain.execute(["fit", "--model", "weibull", "--prior", "beta(1,1)", file])
        #expect(refused.exitCode == 64)
        #expect(refused.errors == "infer: error: the weibull model takes --prior flat or gamma(shape,rate) (on shape)\n")
    }

    /// Conjugate posteriors of millions of observations have shapes past GSL's inversions
    /// (gsl_cdf_gamma_Qinv returned 3.05 for this 97.5 % point; gsl_cdf_beta_Pinv does not
    /// return past 10⁶), which once trapped on the interval: the quantiles against scipy.
    @Test func conjugatePosteriorsOfMillionsOfObservationsHaveTheirIntervals() throws {
        // 400,000 counts of 5: gamma(1 + 2·10⁶, rate 1 + 400,000)
        let counts = try scratch.file("n\n" + String(repeating: "5\n", count: 400_000))
        // 3,000 binomial rows of 500 successes in 1,000: beta(1 + 1.5·10⁶, 1 + 1.5·10⁶)
        let successes = try scratch.file("k\n" + String(repeating: "500\n", count: 3_000))
        let runs: [([String], Double, Double)] = [
            (["--model", "poisson", "--prior", "gamma(1,1)", counts], 4.993062864674965, 5.0069218711277275),
            (["--model", "binomial", "--trials", "1000", "--prior", "beta(1,1)", successes], 0.4994342074555324, 0.5005657925444675),
        ]
        for (arguments, lower, upper) in runs {
            let outcome = InferMain.execute(["fit", "--format", "json"] + arguments)
            #expect(outcome.exitCode == 0, "\(arguments): \(outcome.errors)")
            let parameter = try #require((try json(outcome))["parameters"] as? [[String: Any]]).first
            // scipy.stats.gamma(2000001, scale=1/400001).ppf(0.025) and .isf(0.025), and
            // scipy.stats.beta(1500001, 1500001) likewise; scipy's own error is ≲ 10⁻¹² there
            #expect(isClose(try #require(parameter?["lower"] as? Double), lower, relative: 1e-11))
            #expect(isClose(try #require(parameter?["upper"] as? Double), upper, relative: 1e-11))
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
            ("x\n1\nabc\n", "row 2, column x: 'abc' is not a number"), ("x\n\nNA\n", "no rows left: every row has a missing value"),
            ("x\nnan\n,\n", "row 2: more cells than the header's 1 columns"), ("x\n1\ninf\n", "row 2, column x: inf is not a finite number"),
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
            ["fit", "--model", "gumbel", file], ["fit", "--model", "gamma", "--bogus", file],
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
        // the lognormal names its own values and itself, not the gaussian of their logs
        let lognormal = InferMain.execute(["fit", "--model", "lognormal", try scratch.file("x\n2\n2\n2\n")])
        #expect(lognormal.exitCode == 70)
        #expect(lognormal.errors == "infer: error: every value of x is 2.0: the MLE of sigma is 0 and the lognormal fit is degenerate\n")
    }

    @Test func theSameRunGivesTheSameBytesWhateverTheThreads() {
        let file = References.url("fit/student-t.csv").path
        let one = InferMain.execute(["fit", "--model", "student-t", "--format", "json", "--threads", "1", file])
        let two = InferMain.execute(["fit", "--model", "student-t", "--format", "json", "--threads", "2", file])
        #expect(one.exitCode == 0)
        #expect(one.output == two.output)
    }
}
