import Foundation
import InferCLI
import Testing
import TestSupport

/// Fields of the contract that a review found missing or wrong, one test each.
@Suite struct ContractFieldTests {
    let scratch = ScratchDirectory()

    func object(_ outcome: InferMain.Outcome) throws -> [String: Any] {
        #expect(outcome.output.filter { $0 == "\n" }.count == 1, "\(outcome.output)")
        return try #require(JSONSerialization.jsonObject(with: Data(outcome.output.utf8)) as? [String: Any])
    }

    /// With --format json a shard's standard output is one JSON object (it was a sentence).
    @Test func aShardWritesOneJSONObject() throws {
        let path = scratch.url.appendingPathComponent("r1.csv").path
        let outcome = InferMain.execute(["bootstrap", "--statistic", "mean", "--resamples", "99", "--shard", "1/2", "--replicates-out", path,
                                         "--format", "json", References.url("fit/gamma.csv").path])
        #expect(outcome.exitCode == 0, "\(outcome.errors)")
        let shard = try object(outcome)
        #expect(shard["n"] as? Int == 140 && shard["resamples"] as? Int == 99 && shard["shard"] as? [Int] == [1, 2])
        #expect(shard["replicates"] as? [Int] == [0, 48] && shard["replicatesOut"] as? String == path)
        #expect((shard["parameters"] as? [[String: Any]])?.map { $0["name"] as? String } == ["mean"])
    }

    /// Grouped tune writes the evidence rule, the selected strength and the evidence curve, on
    /// which the selected strength is the best point.
    @Test func groupedTuneWritesRuleSelectedAndCurve() throws {
        let tuned = try object(InferMain.execute(["tune", "--model", "binomial", "--column", "hits", "--trials-column", "atBats",
                                                  "--method", "evidence", "--format", "json", References.url("selection/batting.csv").path]))
        #expect(tuned["rule"] as? String == "max")
        let selected = try #require(tuned["selected"] as? Double)
        let prior = try #require(tuned["prior"] as? [String: Any])
        #expect(isClose(selected, try #require(prior["alpha"] as? Double) + (try #require(prior["beta"] as? Double)), relative: 1e-12))
        let curve = try #require(tuned["curve"] as? [[String: Any]])
        #expect(curve.count == 61)
        let best = try #require(curve.max { ($0["logEvidence"] as? Double ?? -.infinity) < ($1["logEvidence"] as? Double ?? -.infinity) })
        #expect(isClose(try #require(best["lambda"] as? Double), selected, relative: 1e-12))
        let evidence = try #require(tuned["logEvidence"] as? Double)
        #expect(isClose(try #require(best["logEvidence"] as? Double), evidence, relative: 1e-9))
        // positive parameters: Wald intervals on the log scale, never below 0
        for parameter in try #require(tuned["parameters"] as? [[String: Any]]) {
            #expect(try #require(parameter["lower"] as? Double) > 0)
        }
    }

    /// Chains of runs with different seeds are not one run's: summarize refuses them.
    @Test func summarizeRefusesChainsOfDifferentRuns() throws {
        let data = References.url("fit/gamma.csv").path
        let first = scratch.url.appendingPathComponent("c1.csv").path, second = scratch.url.appendingPathComponent("c2.csv").path
        for (id, seed, path) in [("1", "1", first), ("2", "7", second)] {
            #expect(InferMain.execute(["sample", "--model", "gamma", "--draws", "100", "--warmup", "100", "--chain-id", id, "--seed", seed,
                                       "--draws-out", path, data]).exitCode == 0)
        }
        let outcome = InferMain.execute(["summarize", first, second])
        #expect(outcome.exitCode == 65 && outcome.errors.contains("is from another run than the files before it"), "\(outcome.errors)")
    }

    /// compare warns, as fit does, when the MLE lies on the boundary and so has no Wald interval;
    /// the Laplace interval of p stays inside (0, 1).
    @Test func compareSaysWhyAWaldIntervalIsMissing() throws {
        let file = try scratch.file("heads\n1\n1\n1\n")
        let outcome = InferMain.execute(["compare", "--model", "bernoulli", "--prior", "beta(2,2)", "--resamples", "199", "--draws", "400",
                                         "--format", "json", file])
        #expect(outcome.exitCode == 0)
        #expect(outcome.errors.contains("infer: warning: n = 3: MLE: the estimate lies on the boundary of the parameter space (p = 1.0): no Wald interval"))
        let p = try #require((try object(outcome))["parameters"] as? [[String: Any]]).first
        #expect(p?["waldLower"] == nil && p?["waldUpper"] == nil)
        #expect(try #require(p?["laplaceUpper"] as? Double) < 1)
    }
}
