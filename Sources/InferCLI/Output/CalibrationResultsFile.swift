import Foundation
import Inference

/// What a calibration run computed, replication by replication: enough to summarise it, and what
/// a shard writes for `--merge`.
struct CalibrationOutcome {
    /// The coverage study's replications, in order (empty without one).
    var coverage: [CoverageReplication]
    /// The ranks of simulation-based calibration, one result a size (empty without `--sbc`).
    var sbc: [SimulationBasedCalibrationResult]
}

/// The results file of a sharded `infer calibrate`: a comment line that identifies the run, a
/// header, then one row a (replication, size, method, parameter) — the interval's ends, or an SBC
/// rank — with `NA` where there is none.
///
///     # infer calibrate results v1 replications=1000 fingerprint=1f2e… shard=2/4
///     replication,n,method,name,truth,lower,upper,rank
///     251,10,wald,rate,2,1.07,3.61,NA
///     251,10,sbc,rate,NA,NA,NA,118
///
/// `--merge` accepts files only when their fingerprint (a hash of the data and of every option
/// that changes the results) and replications match the run's, and only when together they hold
/// each replication exactly once.
enum CalibrationResultsFile {
    /// The study's shape, which the rows follow.
    struct Layout {
        let replications: Int
        let sizes: [Int]
        let methods: [IntervalMethod]
        let parameterNames: [String]
        let sbcDraws: Int?
    }

    static let header = "replication,n,method,name,truth,lower,upper,rank"

    static func write(_ outcome: CalibrationOutcome, layout: Layout, fingerprint: String, shard: (Int, Int), to path: String) throws {
        var text = "# infer calibrate results v1 replications=\(layout.replications) fingerprint=\(fingerprint) shard=\(shard.0)/\(shard.1)\n"
        text += header + "\n"
        func cell(_ value: Double?) -> String { value.map { "\($0)" } ?? "NA" }
        for replication in outcome.coverage {
            for (i, n) in layout.sizes.enumerated() {
                for (m, method) in layout.methods.enumerated() {
                    for (k, name) in layout.parameterNames.enumerated() {
                        let interval = replication.intervals[i][m]?[k]
                        text += "\(replication.replication),\(n),\(method.rawValue),\(name),\(cell(replication.truth?[k])),"
                        text += "\(cell(interval?.lowerBound)),\(cell(interval?.upperBound)),NA\n"
                    }
                }
            }
        }
        for (i, result) in outcome.sbc.enumerated() {
            for (position, r) in result.replications.enumerated() {
                let ranks = result.ranks[position]
                for (k, name) in layout.parameterNames.enumerated() {
                    text += "\(r),\(layout.sizes[i]),sbc,\(name),NA,NA,NA,\(ranks.isEmpty ? "NA" : String(ranks[k]))\n"
                }
            }
        }
        try AtomicFile.write(text, to: path)
    }

    /// The outcome of a whole run from the files of its shards, checked against the run's
    /// fingerprint and layout.
    static func read(_ paths: [String], layout: Layout, fingerprint: String, coverage: Bool) throws -> CalibrationOutcome {
        let p = layout.parameterNames.count
        // per replication: truth and the cells [size][method][parameter]; SBC ranks [size][parameter]
        var truths: [Int: [Double]?] = [:]
        var cells: [Int: [[[ClosedRange<Double>?]]]] = [:]
        var ranks: [Int: [[Int?]]] = [:]
        var owner: [Int: String] = [:]
        var seen = Set<String>()
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else { throw InferenceError.data("cannot read the results file \(path)") }
            let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
            guard lines.count >= 2, lines[0].hasPrefix("# infer calibrate results v1 "), lines[1] == header else {
                throw InferenceError.data("\(path) is not a results file of infer calibrate")
            }
            let fields = ReplicatesFile.headerFields(lines[0])
            guard fields["fingerprint"] == fingerprint, fields["replications"] == String(layout.replications) else {
                throw InferenceError.usage(
                    "\(path) comes from a run with other options or data (fingerprint or --replications differ); merge with the same options, data and seed")
            }
            for (offset, line) in lines.dropFirst(2).enumerated() {
                let location = InferenceError.Location(source: path, row: offset + 1)
                let row = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                guard row.count == 8, let r = Int(row[0]), (1...layout.replications).contains(r), let n = Int(row[1]),
                    let i = layout.sizes.firstIndex(of: n), let k = layout.parameterNames.firstIndex(of: row[3])
                else { throw InferenceError.data("not a row of this study's results", at: location) }
                if let other = owner[r], other != path {
                    throw InferenceError.data("replication \(r) appears in both \(other) and \(path): merge each shard once")
                }
                owner[r] = path
                guard seen.insert(row[0...3].joined(separator: ",")).inserted else {
                    throw InferenceError.data("replication \(r) appears twice among the merged files: merge each shard once", at: location)
                }
                if row[2] == "sbc" {
                    guard layout.sbcDraws != nil else { throw InferenceError.data("an SBC row in a run without --sbc", at: location) }
                    var table = ranks[r] ?? layout.sizes.map { _ in [Int?](repeating: nil, count: p) }
                    table[i][k] = row[7] == "NA" ? nil : try whole(row[7], location)
                    ranks[r] = table
                } else {
                    guard let m = layout.methods.firstIndex(where: { $0.rawValue == row[2] }) else {
                        throw InferenceError.data("method \(InferenceError.excerpt(row[2])) is not among this run's --methods", at: location)
                    }
                    var table = cells[r] ?? layout.sizes.map { _ in layout.methods.map { _ in [ClosedRange<Double>?](repeating: nil, count: p) } }
                    if row[5] != "NA" || row[6] != "NA" {
                        let (lower, upper) = (try number(row[5], location), try number(row[6], location))
                        guard lower <= upper else { throw InferenceError.data("an interval's lower end lies above its upper end", at: location) }
                        table[i][m][k] = lower...upper
                    }
                    cells[r] = table
                    if row[4] == "NA" {
                        truths[r] = .some(nil)
                    } else {
                        var truth = (truths[r] ?? nil) ?? [Double](repeating: .nan, count: p)
                        truth[k] = try number(row[4], location)
                        truths[r] = .some(truth)
                    }
                }
            }
        }
        if let missing = (1...layout.replications).first(where: { owner[$0] == nil }) {
            throw InferenceError.data("the merged files hold \(owner.count) of \(layout.replications) replications (replication \(missing) is missing): merge every shard")
        }
        let replications = 1...layout.replications
        let coverageReplications = coverage
            ? replications.map { r in
                CoverageReplication(
                    replication: r, truth: (truths[r] ?? nil).flatMap { $0.allSatisfy(\.isFinite) ? $0 : nil },
                    intervals: (cells[r] ?? []).map { $0.map { intervals in intervals.allSatisfy { $0 == nil } ? nil : intervals } })
            } : []
        let sbc = layout.sbcDraws.map { draws in
            layout.sizes.indices.map { i in
                SimulationBasedCalibrationResult(
                    parameterNames: layout.parameterNames, draws: draws, replications: replications,
                    ranks: replications.map { r in
                        let row = ranks[r]?[i] ?? []
                        return row.count == p && row.allSatisfy({ $0 != nil }) ? row.compactMap { $0 } : []
                    })
            }
        } ?? []
        if coverage, let r = coverageReplications.first(where: { $0.intervals.count != layout.sizes.count }) {
            throw InferenceError.data("replication \(r.replication) has no intervals in the merged files: merge the shards of one run")
        }
        return CalibrationOutcome(coverage: coverageReplications, sbc: sbc)
    }

    private static func number(_ cell: String, _ location: InferenceError.Location) throws -> Double {
        guard let value = Double(cell), !value.isNaN else { throw InferenceError.data("\(InferenceError.excerpt(cell)) is not a number", at: location) }
        return value
    }

    private static func whole(_ cell: String, _ location: InferenceError.Location) throws -> Int {
        guard let value = Int(cell), value >= 0 else { throw InferenceError.data("\(InferenceError.excerpt(cell)) is not a rank", at: location) }
        return value
    }
}
