import Foundation
import Testing
import TestSupport

/// `infer calibrate` as a user runs it: the contract's JSON, shards (named or from a Slurm array)
/// that merge to the bytes of one run on any threads, the figure, and one-line errors with the
/// contract's exit codes.
@Suite struct CalibrateCommandTests {
    let scratch = ScratchDirectory()
    let cli = InferExecutableTests()
    let classes = "Sources/InferCLI/Resources/Examples/classes.csv"
    let study = [
        "calibrate", "--model", "poisson", "--prior", "gamma(2,1)", "--sizes", "20,5", "--replications", "30", "--resamples", "99",
        "--methods", "wald,percentile,bca,laplace,credible", "--sbc", "--warmup", "100", "--draws", "49", "--bins", "10", "--format", "json", "--quiet",
    ]

    private func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func theJSONHasTheContractsFields() throws {
        let run = try cli.run(study)
        #expect(run.code == 0, "\(run.errors)")
        let top = try object(run.output)
        #expect(top["model"] as? String == "poisson" && top["prior"] as? String == "gamma(2,1)" && top["replications"] as? Int == 30)
        #expect(top["sizes"] as? [Int] == [5, 20])
        #expect(top["truth"] == nil && top["n"] == nil && top["parameters"] == nil)  // drawn from the prior
        let coverage = try #require(top["coverage"] as? [[String: Any]])
        #expect(coverage.count == 2 * 5)
        for entry in coverage {
            for key in ["n", "method", "name", "coverage", "mcse", "meanWidth", "failures"] { #expect(entry[key] != nil, "\(key) in \(entry)") }
            #expect((entry["failures"] as! Int) < 30)
        }
        #expect(coverage.map { $0["method"] as! String }.prefix(5) == ["wald", "percentile", "bca", "laplace", "credible"])
        let sbc = try #require(top["sbc"] as? [[String: Any]])
        #expect(sbc.count == 2 && top["sbcDraws"] as? Int == 49)
        for entry in sbc {
            let ranks = try #require(entry["ranks"] as? [Int])
            #expect(ranks.count == 10 && ranks.reduce(0, +) + (entry["failures"] as! Int) == 30)
            #expect((0...1).contains(entry["pValue"] as! Double) && entry["name"] as? String == "lambda")
        }
        #expect(!run.output.contains("NaN") && !run.output.contains("null"))
        // a given truth is reported, by name
        let given = try cli.run(["calibrate", "--model", "gaussian", "--truth", "sigma=2,mu=1", "--sizes", "10", "--replications", "20", "--methods", "wald", "--format", "json"])
        #expect(given.code == 0, "\(given.errors)")
        let truth = try #require(try object(given.output)["truth"] as? [String: Double])
        #expect(truth == ["mu": 1, "sigma": 2])
    }

    @Test func shardsMergeToTheBytesOfOneRunOnAnyThreads() throws {
        let whole = try cli.run(study + ["--threads", "1"])
        #expect(whole.code == 0, "\(whole.errors)")
        #expect(try cli.run(study + ["--threads", "2"]).output == whole.output)
        let pattern = scratch.url.appendingPathComponent("part-{shard}.csv").path
        let parts = (1...3).map { pattern.replacingOccurrences(of: "{shard}", with: "\($0)") }
        for k in 1...3 {
            let shard = try cli.run(study + ["--shard", "\(k)/3", "--results-out", pattern])
            #expect(shard.code == 0, "\(shard.errors)")
            #expect(try object(shard.output)["range"] as? [Int] == [(k - 1) * 10 + 1, k * 10])
        }
        let merged = try cli.run(study + ["--merge"] + parts)
        #expect(merged.code == 0 && merged.output == whole.output, "\(merged.errors)")
        // every shard is needed, once, from the same options
        let short = try cli.run(study + ["--merge"] + parts.prefix(2))
        #expect(short.code == 65 && short.errors.contains("replication 21 is missing"), "\(short.errors)")
        let twice = try cli.run(study + ["--merge"] + parts + [parts[0]])
        #expect(twice.code == 65, "\(twice.errors)")
        let otherSeed = try cli.run(study + ["--seed", "2", "--merge"] + parts)
        #expect(otherSeed.code == 64 && otherSeed.errors.contains("fingerprint"), "\(otherSeed.errors)")
    }

    @Test func aRegressionSimulatesItsTargetAtFilesDesign() throws {
        let arguments = [
            "calibrate", "--model", "logistic", "--target", "y", "--features", "x1,x2", "--truth", "intercept=0.2,x1=1,x2=-1",
            "--replications", "40", "--methods", "wald,percentile", "--resamples", "99", "--format", "json", "--quiet", classes,
        ]
        let run = try cli.run(arguments)
        #expect(run.code == 0, "\(run.errors)")
        let top = try object(run.output)
        let rows = try String(contentsOfFile: classes, encoding: .utf8).split(separator: "\n").count - 1
        #expect(top["sizes"] as? [Int] == [rows])
        #expect((top["coverage"] as? [[String: Any]])?.map { $0["name"] as! String } == ["intercept", "x1", "x2", "intercept", "x1", "x2"])
        // merge takes the data file written last
        let part = scratch.url.appendingPathComponent("r.csv").path
        #expect(try cli.run(arguments + ["--shard", "1/1", "--results-out", part]).code == 0)
        let merged = try cli.run(Array(arguments.dropLast()) + ["--merge", part, classes])
        #expect(merged.code == 0 && merged.output == run.output, "\(merged.errors)")
    }

    @Test func theFigureDrawsCoverageAndRanks() throws {
        let plot = scratch.url.appendingPathComponent("calibration.svg").path
        let run = try cli.run(study + ["--plot", plot])
        #expect(run.code == 0, "\(run.errors)")
        let svg = try String(contentsOfFile: plot, encoding: .utf8)
        #expect(svg.hasPrefix("<svg") || svg.hasPrefix("<?xml"))
        #expect(svg.contains("coverage of 95% intervals for lambda") && svg.contains("SBC ranks of lambda, n = 5") && svg.contains("nominal 95%"))
        let sharded = try cli.run(study + ["--plot", plot, "--shard", "1/2", "--results-out", scratch.url.appendingPathComponent("p.csv").path])
        #expect(sharded.code == 64 && sharded.errors.contains("--plot"))
    }

    @Test func badOptionsAreOneLineUsageErrors() throws {
        let exponential = ["calibrate", "--model", "exponential", "--sizes", "10", "--replications", "5", "--quiet"]
        let cases: [([String], String)] = [
            (exponential + ["--truth", "rate=1", classes], "give no FILE"),
            (exponential + ["--truth", "rate=1", "--column", "x"], "--column"),
            (exponential + ["--truth", "rate=1", "--methods", "laplace"], "--prior"),
            (["calibrate", "--model", "uniform", "--sizes", "10", "--replications", "5", "--quiet", "--prior", "flat", "--truth", "a=0,b=1",
              "--methods", "wald,laplace"], "--prior"),
            (["calibrate", "--model", "logistic", "--target", "y", "--features", "x1", "--prior", "laplace", "--lambda", "2",
              "--truth", "intercept=0,x1=1", "--methods", "wald,laplace", classes], "no Laplace approximation"),
            (exponential + ["--truth", "rate=1", "--methods", "wald,profile"], "unknown interval method"),
            (exponential + ["--truth", "lambda=1"], "not a parameter"),
            (exponential + ["--truth", "rate=1", "--sizes", "0"], "--sizes"),
            (exponential, "--truth"),
            (exponential + ["--sbc"], "proper --prior"),
            (exponential + ["--truth", "rate=1", "--bins", "7"], "--bins"),
            (exponential + ["--truth", "rate=1", "--shard", "2/1", "--results-out", "x.csv"], "--shard"),
            (["calibrate", "--model", "logistic", "--target", "y", "--truth", "intercept=0,x1=1,x2=1,x3=0", "--quiet"], "FILE"),
            (["calibrate", "--model", "logistic", "--target", "y", "--features", "x1", "--truth", "intercept=0,x1=1", "--sizes", "100000", classes], "exceeds"),
            (["calibrate", "--model", "logistic", "--target", "y", "--features", "x1", "--prior", "gaussian", "--sbc", "--sizes", "20", classes], "proper prior"),
        ]
        for (arguments, fragment) in cases {
            let run = try cli.run(arguments)
            #expect(run.code == 64, "\(arguments): \(run.errors)")
            #expect(run.errors.contains(fragment) && run.output.isEmpty, "\(arguments): \(run.errors)")
            #expect(run.errors.split(separator: "\n").count <= 2, "\(run.errors)")
        }
    }
}
