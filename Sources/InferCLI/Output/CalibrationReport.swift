import Foundation
import Inference

/// The `infer calibrate` output: the contract's JSON object and the human tables.
struct CalibrationReport {
    let model: String
    let priorName: String
    let lambda: Double?
    let level: Double
    let replications: Int
    let sizes: [Int]
    let methods: [IntervalMethod]
    let resamples: Int
    let parameterNames: [String]
    /// The truth by parameter; nil when each replication drew its own from the prior.
    let truth: [Double]?
    let coverage: [CoverageSummary]
    /// One result a size (empty without `--sbc`), binned into `bins`.
    let sbc: [SimulationBasedCalibrationResult]
    let bins: Int

    /// An SBC p-value below this is worth a warning: the ranks are far from uniform.
    static let sbcWarningLevel = 0.001

    func json() -> JSONValue {
        var top = JSONObjectBuilder()
        top.add("model", model)
        top.add("prior", priorName)
        top.add("lambda", lambda)
        if !coverage.isEmpty { top.add("level", level) }
        top.add("replications", replications)
        top.add("sizes", .array(sizes.map { .integer($0) }))
        if let truth {
            top.add("truth", .object(zip(parameterNames, truth).map { ($0, .number($1)) }))
        }
        if !coverage.isEmpty {
            top.add("methods", .array(methods.map { .string($0.rawValue) }))
            if methods.contains(where: \.isBootstrap) { top.add("resamples", resamples) }
            top.add("coverage", .array(coverage.map { summary in
                var entry = JSONObjectBuilder()
                entry.add("n", summary.n)
                entry.add("method", summary.method.rawValue)
                entry.add("name", summary.name)
                entry.add("coverage", summary.coverage)
                entry.add("mcse", summary.monteCarloStandardError)
                entry.add("meanWidth", summary.meanWidth)
                entry.add("failures", summary.failures)
                return entry.value
            }))
        }
        if let first = sbc.first {
            top.add("sbcDraws", first.draws)
            top.add("sbc", .array(sbcEntries.map { entry in
                var object = JSONObjectBuilder()
                object.add("n", entry.n)
                object.add("name", entry.name)
                object.add("ranks", .array(entry.ranks.map { .integer($0) }))
                object.add("pValue", entry.pValue)
                object.add("failures", entry.failures)
                return object.value
            }))
        }
        return top.value
    }

    /// One SBC histogram a (size, parameter).
    var sbcEntries: [(n: Int, name: String, ranks: [Int], pValue: Double?, failures: Int)] {
        zip(sizes, sbc).flatMap { n, result in
            result.parameterNames.indices.map { k in
                let p = result.uniformityPValue(parameter: k, bins: bins)
                return (n, result.parameterNames[k], result.histogram(parameter: k, bins: bins), p.isFinite ? p : nil, result.failures)
            }
        }
    }

    /// Warnings for standard error: SBC ranks far from uniform.
    var warnings: [String] {
        sbcEntries.compactMap { entry in
            guard let p = entry.pValue, p < Self.sbcWarningLevel else { return nil }
            return "the SBC ranks of \(entry.name) at n = \(entry.n) are not uniform (p = \(formatSignificant(p, digits: 2))): the posterior draws do not match the model and prior at these sampler settings"
        }
    }

    func table() -> String {
        let percent = formatSignificant(level * 100, digits: 4)
        var blocks: [String] = []
        let truthText = truth.map { values in "truth " + zip(parameterNames, values).map { "\($0) = \(Table.format($1))" }.joined(separator: ", ") }
            ?? "truth drawn from the prior \(priorName)"
        if !coverage.isEmpty {
            var table = Table(header: ["n", "method", "parameter", "coverage", "MC s.e.", "mean width", "failures"])
            for summary in coverage {
                table.append([
                    String(summary.n), summary.method.rawValue, summary.name, Table.format(summary.coverage),
                    Table.format(summary.monteCarloStandardError), Table.format(summary.meanWidth), String(summary.failures),
                ])
            }
            blocks.append("\(model) coverage of \(percent)% intervals, \(replications) replications, \(truthText)")
            blocks.append(table.rendered())
            blocks.append("coverage counts the replications that gave an interval; failures gave none (no MLE, an estimate on the boundary, a failed bootstrap)")
        }
        if let first = sbc.first {
            var table = Table(header: ["n", "parameter", "p-value", "failures", "ranks (\(bins) bins)"])
            for entry in sbcEntries {
                table.append([String(entry.n), entry.name, Table.format(entry.pValue), String(entry.failures), entry.ranks.map(String.init).joined(separator: " ")])
            }
            if !blocks.isEmpty { blocks.append("") }
            blocks.append("\(model) simulation-based calibration under \(priorName), \(replications) replications, ranks among \(first.draws) draws")
            blocks.append(table.rendered())
        }
        return blocks.joined(separator: "\n")
    }
}
