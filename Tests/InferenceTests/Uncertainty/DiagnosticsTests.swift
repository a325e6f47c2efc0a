import Foundation
import Inference
import Testing
import TestSupport

/// The diagnostics against ArviZ 0.23.4 (Tests/References/diagnostics/diagnostics.py): they are
/// deterministic functions of the draws, so they agree to 1e-10 relative; `null` there (NaN in
/// ArviZ) is nil here.
@Suite struct DiagnosticsTests {
    struct Reference: Decodable {
        struct Set: Decodable {
            struct Parameter: Decodable {
                let name: String
                let mean: Double
                let sd: Double
                let mcseMean: Double?
                let q5: Double
                let q50: Double
                let q95: Double
                let essBulk: Double?
                let essTail: Double?
                let rhat: Double?
            }

            let file: String
            let chains: Int
            let draws: Int
            let parameters: [Parameter]
        }

        let sets: [Set]
    }

    static let reference = try? References.decode(Reference.self, from: "diagnostics/diagnostics.json")

    static var files: [String] { reference?.sets.map(\.file) ?? [] }

    func close(_ actual: Double?, _ expected: Double?, _ label: String) {
        switch (actual, expected) {
        case (nil, nil): break
        case (let a?, let e?): #expect(isClose(a, e, relative: 1e-10, floor: 1e-12), "\(label): \(a) vs \(e)")
        default: Issue.record("\(label): \(String(describing: actual)) vs \(String(describing: expected))")
        }
    }

    /// The summary scales with the draws, down to 1e-300 and up to 1e300: the squared deviations
    /// of draws of 1e-300 underflowed, and their sd read 0 beside quantiles that differ.
    @Test func theSummaryScalesWithTheDraws() {
        let chains: [[Double]] = (0..<2).map { (c: Int) -> [Double] in
            (0..<60).map { (k: Int) -> Double in
                let t = Double(k)
                let wave: Double = sin(t * 1.3 + Double(c))
                return wave + 0.2 * cos(t * 0.7)
            }
        }
        let unit = ParameterDiagnostics(chains: chains)
        for factor in [1e-300, 1e300] {
            let scaled = ParameterDiagnostics(chains: chains.map { $0.map { $0 * factor } })
            let sd: Double = unit.sd * factor
            #expect(isClose(scaled.sd, sd, relative: 1e-12, floor: 0), "\(factor): sd \(scaled.sd)")
            #expect(isClose(scaled.q95, unit.q95 * factor, relative: 1e-12, floor: 0))
            // ranks: the same up to the rounding of the scaled draws, which can swap two near-tied
            // folded deviations (one swap moves R-hat by ≈ 1e-4 here)
            #expect(isClose(scaled.rhat ?? .nan, unit.rhat ?? 0, relative: 1e-3), "\(factor): rhat \(String(describing: scaled.rhat)) vs \(String(describing: unit.rhat))")
            #expect(isClose(scaled.essBulk ?? .nan, unit.essBulk ?? 0, relative: 1e-9), "\(factor): essBulk")
            #expect(isClose((scaled.mcse ?? .nan) / factor, unit.mcse ?? 0, relative: 1e-9), "\(factor): mcse \(String(describing: scaled.mcse))")
        }
    }

    @Test func everyReferenceSetIsRead() {
        #expect(Self.files == ["ar1.csv", "short.csv", "single.csv", "constant.csv", "odd.csv", "antithetic.csv"])
    }

    @Test(arguments: files)
    func agreesWithArviZ(_ file: String) throws {
        let set = try #require(Self.reference?.sets.first { $0.file == file })
        let dataset = try Dataset.load(path: References.url("diagnostics/\(file)").path)
        let chainColumn = try dataset.column(named: "chain")
        for parameter in set.parameters {
            let values = try dataset.column(named: parameter.name)
            let chains = (1...set.chains).map { c in zip(chainColumn, values).filter { Int($0.0) == c }.map(\.1) }
            #expect(chains.allSatisfy { $0.count == set.draws })
            let d = ParameterDiagnostics(chains: chains)
            let label = "\(file) \(parameter.name)"
            close(d.mean, parameter.mean, "\(label) mean")
            close(d.sd, parameter.sd, "\(label) sd")
            close(d.mcse, parameter.mcseMean, "\(label) mcse")
            close(d.q5, parameter.q5, "\(label) q5")
            close(d.q50, parameter.q50, "\(label) q50")
            close(d.q95, parameter.q95, "\(label) q95")
            close(d.essBulk, parameter.essBulk, "\(label) essBulk")
            close(d.essTail, parameter.essTail, "\(label) essTail")
            close(d.rhat, parameter.rhat, "\(label) rhat")
        }
    }
}
