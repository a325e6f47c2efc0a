import Foundation
import InferCLI
import Inference
import Testing
import TestSupport

/// `infer sample`, `infer summarize` and `infer compare` end to end.
@Suite struct SampleCommandTests {
    let scratch = ScratchDirectory()
    let gaussian = References.url("fit/gamma.csv").path
    let logistic = References.url("regression/logistic.csv").path

    private func json(_ outcome: InferMain.Outcome) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(outcome.output.utf8)) as? [String: Any])
    }

    /// The part of the output that summarize reproduces: the chains, their acceptance rates and
    /// every parameter's summary.
    private func summaryPart(_ text: String) -> String {
        String(text[text.range(of: "\"chains\":")!.lowerBound...])
    }

    @Test func sampleJSONHasTheContractsFields() throws {
        let outcome = InferMain.execute(["sample", "--model", "gamma", "--draws", "500", "--format", "json", gaussian])
        #expect(outcome.exitCode == 0, "\(outcome.errors)")
        let object = try json(outcome)
        #expect(object["model"] as? String == "gamma")
        #expect(object["n"] as? Int == 140)
        #expect(object["chains"] as? Int == 4)
        #expect(object["draws"] as? Int == 500)
        let rates = try #require(object["acceptanceRate"] as? [Double])
        // NUTS by default: nearly every transition moves the chain, and none diverges here
        #expect(object["proposal"] as? String == "nuts" && object["metric"] as? String == "dense")
        #expect(rates.count == 4 && rates.allSatisfy { $0 > 0.8 }, "\(rates)")
        #expect(object["divergences"] as? [Int] == [0, 0, 0, 0])
        let parameters = try #require(object["parameters"] as? [[String: Any]])
        #expect(parameters.map { $0["name"] as? String } == ["shape", "rate"])
        for parameter in parameters {
            for key in ["mean", "sd", "mcse", "q5", "q50", "q95", "essBulk", "essTail", "rhat"] {
                #expect(parameter[key] is Double, "\(key)")
            }
            #expect((parameter["q5"] as! Double) < (parameter["q50"] as! Double))
        }
        // the fit's MLE and the posterior mean agree to a fraction of the posterior sd here
        let fit = try json(InferMain.execute(["fit", "--model", "gamma", "--format", "json", gaussian]))
        let estimates = (fit["parameters"] as! [[String: Any]]).map { $0["estimate"] as! Double }
        for (parameter, estimate) in zip(parameters, estimates) {
            #expect(abs((parameter["mean"] as! Double) - estimate) < 0.5 * (parameter["sd"] as! Double))
        }
    }

    @Test func theSameSeedGivesTheSameBytesWhateverTheThreads() {
        let arguments = ["sample", "--model", "logistic", "--target", "y", "--prior", "gaussian", "--draws", "300", "--format", "json", logistic]
        let one = InferMain.execute(arguments + ["--threads", "1"])
        let two = InferMain.execute(arguments + ["--threads", "2"])
        #expect(one.exitCode == 0, "\(one.errors)")
        #expect(one.output == two.output)
        #expect(InferMain.execute(arguments + ["--seed", "2"]).output != one.output)
    }

    /// Four processes of one chain each (--chain-id), summarized together, print the numbers of
    /// one four-chain run; a single chain's summary has no R-hat.
    @Test func chainsRunApartAndSummarizedEqualOneRun() throws {
        let common = ["sample", "--model", "gamma", "--draws", "400", "--warmup", "300", "--seed", "7", "--format", "json", gaussian]
        let wholePath = scratch.url.appendingPathComponent("whole.csv").path
        let whole = InferMain.execute(common + ["--draws-out", wholePath])
        #expect(whole.exitCode == 0, "\(whole.errors)")
        var paths: [String] = []
        for k in 1...4 {
            let path = scratch.url.appendingPathComponent("chain\(k).csv").path
            let alone = InferMain.execute(common + ["--chain-id", "\(k)", "--draws-out", path])
            #expect(alone.exitCode == 0, "\(alone.errors)")
            let object = try json(alone)
            #expect(object["chains"] as? Int == 1)
            #expect((object["parameters"] as! [[String: Any]]).allSatisfy { $0["rhat"] == nil && $0["essBulk"] is Double })
            paths.append(path)
        }
        // files in any order
        let summarized = InferMain.execute(["summarize", "--format", "json"] + paths.reversed())
        #expect(summarized.exitCode == 0, "\(summarized.errors)")
        #expect(summaryPart(summarized.output) == summaryPart(whole.output))
        let fromWholeFile = InferMain.execute(["summarize", "--format", "json", wholePath])
        #expect(summaryPart(fromWholeFile.output) == summaryPart(whole.output))
        // summarize names what was sampled, from the files' comment lines
        let described = try #require(JSONSerialization.jsonObject(with: Data(summarized.output.utf8)) as? [String: Any])
        #expect(described["model"] as? String == "gamma" && described["n"] as? Int == 140 && described["prior"] as? String == "flat")
        // the draws file: comment lines as CmdStan's, then the contract's header, chains 1…4, draws 1…400 each
        let text = try String(contentsOfFile: wholePath, encoding: .utf8)
        let comments = text.split(separator: "\n").prefix { $0.hasPrefix("#") }
        #expect(comments.contains("# model = gamma") && comments.contains("# n = 140") && comments.contains("# prior = flat"))
        let lines = Array(text.split(separator: "\n").dropFirst(comments.count))
        #expect(lines[0] == "chain,draw,lp__,accepted__,stepsize__,treedepth__,n_leapfrog__,divergent__,energy__,shape,rate")
        #expect(lines.count == 1 + 4 * 400)
        #expect(lines[1].hasPrefix("1,1,") && lines[400].hasPrefix("1,400,") && lines[1600].hasPrefix("4,400,"))
        // the table of summarize names the same parameters
        let table = InferMain.execute(["summarize"] + paths)
        #expect(table.exitCode == 0 && table.output.contains("shape") && table.output.contains("r-hat"))
    }

    /// NUTS writes Stan's sampler columns after `accepted__` and reports divergences; a draws name
    /// with {chain} writes one file a chain, CmdStan's layout, which summarize reads back to the
    /// whole run's numbers, whatever the order of the columns.
    @Test func hamiltonianDrawsFilesAreOneAChainWithStansColumns() throws {
        let common = ["sample", "--model", "gamma", "--proposal", "nuts", "--draws", "300", "--warmup", "300", "--seed", "3", "--format", "json", gaussian]
        let pattern = scratch.url.appendingPathComponent("nuts-{chain}.csv").path
        let whole = InferMain.execute(common + ["--draws-out", pattern])
        #expect(whole.exitCode == 0, "\(whole.errors)")
        let object = try json(whole)
        #expect(object["proposal"] as? String == "nuts" && object["metric"] as? String == "dense")
        let divergences = try #require(object["divergences"] as? [Int])
        #expect(divergences.count == 4)
        let paths = (1...4).map { pattern.replacingOccurrences(of: "{chain}", with: "\($0)") }
        for (k, path) in paths.enumerated() {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let lines = text.split(separator: "\n").filter { !$0.hasPrefix("#") }
            #expect(lines[0] == "chain,draw,lp__,accepted__,stepsize__,treedepth__,n_leapfrog__,divergent__,energy__,shape,rate")
            #expect(lines.count == 301 && lines.dropFirst().allSatisfy { $0.hasPrefix("\(k + 1),") })
            #expect(text.contains("# proposal = nuts\n# metric = dense\n"))
        }
        let summarized = InferMain.execute(["summarize", "--format", "json"] + paths)
        #expect(summarized.exitCode == 0, "\(summarized.errors)")
        #expect(summaryPart(summarized.output) == summaryPart(whole.output))
        // the columns by name: a file with its columns reversed gives the same summary
        var reversed = ""
        for path in paths {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            for line in text.split(separator: "\n") where !line.hasPrefix("#") && (reversed.isEmpty || !line.hasPrefix("chain")) {
                reversed += line.split(separator: ",", omittingEmptySubsequences: false).reversed().joined(separator: ",") + "\n"
            }
        }
        let reversedPath = scratch.url.appendingPathComponent("reversed.csv").path
        try reversed.write(toFile: reversedPath, atomically: true, encoding: .utf8)
        let fromReversed = InferMain.execute(["summarize", "--format", "json", reversedPath])
        #expect(fromReversed.exitCode == 0, "\(fromReversed.errors)")
        let parameters = try #require(try json(fromReversed)["parameters"] as? [[String: Any]])
        #expect(parameters.map { $0["name"] as? String } == ["rate", "shape"])
        #expect(try json(fromReversed)["divergences"] as? [Int] == divergences)
        // the diagonal metric
        let diagonal = InferMain.execute(common + ["--metric", "diag", "--chains", "2"])
        #expect(diagonal.exitCode == 0, "\(diagonal.errors)")
        #expect(try json(diagonal)["metric"] as? String == "diag")
    }

    @Test func badRequestsGetOneLineAndTheContractsCode() throws {
        let chain = InferMain.execute(["sample", "--model", "gamma", "--chains", "4", "--chain-id", "5", gaussian])
        #expect(chain.exitCode == 64 && chain.errors.contains("--chain-id must lie in 1…4"))
        let improper = InferMain.execute(["sample", "--model", "student-t", gaussian])
        #expect(improper.exitCode == 64 && improper.errors.contains("improper"))
        let draws = InferMain.execute(["sample", "--model", "gamma", "--draws", "0", gaussian])
        #expect(draws.exitCode == 64)
        let proposal = InferMain.execute(["sample", "--model", "gamma", "--proposal", "gibbs", gaussian])
        #expect(proposal.exitCode == 64)
        #expect(InferMain.execute(["sample", "--model", "gamma", "--prior", "beta(2,2)", gaussian]).exitCode == 64)
        let separated = InferMain.execute(["sample", "--model", "logistic", "--target", "y", References.url("regression/separated.csv").path])
        #expect(separated.exitCode == 70, "\(separated.errors)")

        let path = scratch.url.appendingPathComponent("c1.csv").path
        _ = InferMain.execute(["sample", "--model", "gamma", "--chain-id", "1", "--draws", "50", "--draws-out", path, gaussian])
        let twice = InferMain.execute(["summarize", path, path])
        #expect(twice.exitCode == 65 && twice.errors.contains("chain 1 is in both"))
        let notDraws = InferMain.execute(["summarize", gaussian])
        #expect(notDraws.exitCode == 65 && notDraws.errors.contains("is not a draws file"))
        let other = scratch.url.appendingPathComponent("c2.csv").path
        _ = InferMain.execute(["sample", "--model", "gamma", "--chain-id", "2", "--draws", "60", "--draws-out", other, gaussian])
        let uneven = InferMain.execute(["summarize", path, other])
        #expect(uneven.exitCode == 65 && uneven.errors.contains("equally long"))
        for outcome in [chain, improper, twice, notDraws, uneven] {
            #expect(outcome.output.isEmpty && outcome.errors.split(separator: "\n").count == 1, "\(outcome.errors)")
        }
    }

    @Test func compareShowsEveryAnswerSideBySide() throws {
        let data = References.url("fit/gamma.csv").path
        let outcome = InferMain.execute([
            "compare", "--model", "exponential", "--prior", "gamma(2,1)", "--resamples", "499", "--draws", "500", "--format", "json",
            "--subsample", "20,70", data,
        ])
        #expect(outcome.exitCode == 0, "\(outcome.errors)")
        let object = try json(outcome)
        let parameter = try #require((object["parameters"] as? [[String: Any]])?.first)
        let keys = [
            "mle", "waldLower", "waldUpper", "bootstrapLower", "bootstrapUpper", "map", "laplaceLower", "laplaceUpper",
            "posteriorMean", "credibleLower", "credibleUpper",
        ]
        for key in keys { #expect(parameter[key] is Double, "\(key)") }
        for (lower, upper) in [("waldLower", "waldUpper"), ("bootstrapLower", "bootstrapUpper"), ("laplaceLower", "laplaceUpper"), ("credibleLower", "credibleUpper")] {
            let (l, u, mle) = (parameter[lower] as! Double, parameter[upper] as! Double, parameter["mle"] as! Double)
            #expect(l < mle && mle < u, "\(lower)")
        }
        let subsamples = try #require(object["subsamples"] as? [[String: Any]])
        #expect(subsamples.map { $0["n"] as? Int } == [20, 70])

        // 3 heads in 3 flips: no Wald interval on the boundary, said in a warning
        let flips = try scratch.file("heads\n1\n1\n1\n")
        let coin = InferMain.execute(["compare", "--model", "bernoulli", "--prior", "beta(2,2)", "--resamples", "199", "--format", "json", flips])
        #expect(coin.exitCode == 0, "\(coin.errors)")
        let coinObject = try json(coin)
        let p = try #require((coinObject["parameters"] as? [[String: Any]])?.first)
        #expect(p["mle"] as? Double == 1 && p["waldLower"] == nil && p["map"] as? Double == 0.8)
        #expect(p["posteriorMean"] is Double && p["laplaceLower"] is Double)
    }

    /// The four uncertainty subcommands end to end on the example data shipped in the package's
    /// resources (Sources/InferCLI/Resources/Examples), through the built executable's code path.
    @Test func theFourSubcommandsRunOnTheShippedExamples() throws {
        let examples = References.directory.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/InferCLI/Resources/Examples")
        let lifetimes = examples.appendingPathComponent("lifetimes.csv").path
        let heights = examples.appendingPathComponent("gaussian.csv").path
        let flips = examples.appendingPathComponent("coin-flips.csv").path
        let bootstrap = InferMain.execute(["bootstrap", "--model", "gamma", "--resamples", "499", "--format", "json", lifetimes])
        #expect(bootstrap.exitCode == 0, "\(bootstrap.errors)")
        #expect(try json(bootstrap)["resamples"] as? Int == 499)
        let draws = scratch.url.appendingPathComponent("heights.csv").path
        let sample = InferMain.execute(["sample", "--model", "gaussian", "--proposal", "laplace", "--draws-out", draws, "--format", "json", heights])
        #expect(sample.exitCode == 0, "\(sample.errors)")
        let summary = InferMain.execute(["summarize", "--format", "json", draws])
        #expect(summary.exitCode == 0 && summaryPart(summary.output) == summaryPart(sample.output))
        let compare = InferMain.execute(["compare", "--model", "bernoulli", "--prior", "beta(2,2)", "--resamples", "499", flips])
        #expect(compare.exitCode == 0, "\(compare.errors)")
        #expect(compare.output.contains("posterior mean") && compare.output.contains("bootstrap (BCa)"))
        // the sampler's posterior mean of mu is the sample mean to within its Monte-Carlo error
        let mu = try #require((try json(sample)["parameters"] as? [[String: Any]])?.first)
        let values = try Dataset.load(path: heights).columns[0].numbers!
        let mean = values.reduce(0, +) / Double(values.count)
        #expect(abs((mu["mean"] as! Double) - mean) < 4 * (mu["mcse"] as! Double))
    }
}
