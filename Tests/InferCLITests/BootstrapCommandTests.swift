import Foundation
import InferCLI
import Testing
import TestSupport

/// `infer bootstrap` end to end: the contract's fields, determinism, shards and merge.
@Suite struct BootstrapCommandTests {
    let scratch = ScratchDirectory()
    let lifetimes = References.url("fit/gamma.csv").path

    @Test func statisticJSONHasTheContractsFields() throws {
        let outcome = InferMain.execute(["bootstrap", "--statistic", "median", "--resamples", "999", "--format", "json", lifetimes])
        #expect(outcome.exitCode == 0, "\(outcome.errors)")
        let object = try #require(JSONSerialization.jsonObject(with: Data(outcome.output.utf8)) as? [String: Any])
        #expect(object["method"] as? String == "bca")
        #expect(object["level"] as? Double == 0.95)
        #expect(object["resamples"] as? Int == 999)
        #expect(object["n"] as? Int == 140)
        let parameter = try #require((object["parameters"] as? [[String: Any]])?.first)
        #expect(parameter["name"] as? String == "median")
        for key in ["estimate", "standardError", "bias", "lower", "upper"] { #expect(parameter[key] is Double, "\(key)") }
    }

    @Test func theSameSeedGivesTheSameBytesWhateverTheThreads() {
        let arguments = ["bootstrap", "--model", "gamma", "--resamples", "200", "--format", "json", lifetimes]
        let one = InferMain.execute(arguments + ["--threads", "1"])
        let two = InferMain.execute(arguments + ["--threads", "2"])
        #expect(one.exitCode == 0)
        #expect(one.output == two.output)
        let otherSeed = InferMain.execute(arguments + ["--seed", "2"])
        #expect(otherSeed.output != one.output)
    }

    @Test func shardsMergeToTheBytesOfOneRun() throws {
        let common = ["bootstrap", "--statistic", "trimmed-mean:0.1", "--resamples", "301", "--seed", "5", lifetimes]
        let whole = InferMain.execute(common + ["--format", "json"])
        #expect(whole.exitCode == 0)
        var parts: [String] = []
        for k in 1...3 {
            let part = scratch.url.appendingPathComponent("part\(k).csv").path
            let outcome = InferMain.execute(common + ["--shard", "\(k)/3", "--replicates-out", part, "--threads", "\(k)"])
            #expect(outcome.exitCode == 0, "\(outcome.errors)")
            parts.append(part)
        }
        let merged = InferMain.execute(common + ["--format", "json", "--merge"] + parts.reversed())
        #expect(merged.exitCode == 0, "\(merged.errors)")
        #expect(merged.output == whole.output)
        // the data file after the parts, which --merge would take for one of them
        let trailing = InferMain.execute(Array(common.dropLast()) + ["--format", "json", "--merge"] + parts + [lifetimes])
        #expect(trailing.exitCode == 0 && trailing.output == whole.output, "\(trailing.errors)")
        let missing = InferMain.execute(common + ["--merge"] + parts.dropLast())
        #expect(missing.exitCode == 65)
        let otherSeed = InferMain.execute(["bootstrap", "--statistic", "trimmed-mean:0.1", "--resamples", "301", "--seed", "6", lifetimes, "--merge"] + parts)
        #expect(otherSeed.exitCode == 64)
    }

    @Test func usageErrors() {
        let cases: [[String]] = [
            ["bootstrap", lifetimes], ["bootstrap", "--statistic", "mean", "--model", "gamma", lifetimes],
            ["bootstrap", "--statistic", "mode", lifetimes], ["bootstrap", "--statistic", "mean", "--method", "abc", lifetimes],
            ["bootstrap", "--statistic", "correlation", lifetimes], ["bootstrap", "--statistic", "mean", "--shard", "1/2", lifetimes],
            ["bootstrap", "--statistic", "median", "--method", "studentized", lifetimes],
            ["bootstrap", "--statistic", "mean", "--parametric", lifetimes],
            ["bootstrap", "--statistic", "median", "--model", "logistic", "--parametric", lifetimes],
            ["bootstrap", "--statistic", "correlation", "--columns", "x,x", "--model", "gamma", "--parametric", lifetimes],
        ]
        for arguments in cases {
            let outcome = InferMain.execute(arguments)
            #expect(outcome.exitCode == 64, "\(arguments): \(outcome.errors)")
            #expect(outcome.errors.filter { $0 == "\n" }.count == 1)
        }
    }

    /// --parametric: a run of its own (not the nonparametric replicates), sharded and merged to
    /// the same bytes, and a fingerprint that keeps the two kinds of replicates files apart.
    @Test func parametricBootstrapShardsAndMerges() throws {
        let common = ["bootstrap", "--model", "gamma", "--parametric", "--resamples", "120", "--seed", "3", lifetimes]
        let whole = InferMain.execute(common + ["--format", "json"])
        #expect(whole.exitCode == 0, "\(whole.errors)")
        let nonparametric = InferMain.execute(["bootstrap", "--model", "gamma", "--resamples", "120", "--seed", "3", "--format", "json", lifetimes])
        #expect(nonparametric.output != whole.output)
        var parts: [String] = []
        for k in 1...2 {
            let part = scratch.url.appendingPathComponent("parametric\(k).csv").path
            #expect(InferMain.execute(common + ["--shard", "\(k)/2", "--replicates-out", part]).exitCode == 0)
            parts.append(part)
        }
        #expect(InferMain.execute(common + ["--format", "json", "--merge"] + parts).output == whole.output)
        let mixed = InferMain.execute(["bootstrap", "--model", "gamma", "--resamples", "120", "--seed", "3", lifetimes, "--merge"] + parts)
        #expect(mixed.exitCode != 0)
    }
}
