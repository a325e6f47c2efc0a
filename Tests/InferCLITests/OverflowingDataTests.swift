import Foundation
import InferCLI
import Testing
import TestSupport

/// Values near the largest double overflow the sums every estimate is made of: each subcommand
/// says so in one line and exits 70, never printing an estimate as "—", omitting it from JSON,
/// or trapping on an interval whose ends are not numbers (compare once did).
@Suite struct OverflowingDataTests {
    let scratch = ScratchDirectory()

    @Test func everySubcommandRefusesAnEstimateThatOverflows() throws {
        let values = ["1.0", "-2.5", "1.7976931348623157e308", "0.5", "1.7976931348623157e308", "-1e300", "3"]
        let file = try scratch.file("x\n" + (0..<6).flatMap { _ in values }.joined(separator: "\n") + "\n")
        let runs: [[String]] = [
            ["fit", "--model", "gaussian"], ["fit", "--model", "laplace"], ["fit", "--model", "uniform"],
            ["fit", "--model", "gaussian", "--prior", "normal(0,1)"], ["fit", "--model", "laplace", "--format", "json"],
            ["bootstrap", "--statistic", "mean", "--resamples", "99"], ["bootstrap", "--statistic", "sd", "--resamples", "99"],
            ["bootstrap", "--model", "laplace", "--resamples", "99"],
            ["compare", "--model", "laplace", "--resamples", "99", "--draws", "100", "--warmup", "100", "--quiet"],
            ["compare", "--model", "gaussian", "--prior", "normal(0,1)", "--resamples", "99", "--draws", "100", "--warmup", "100", "--quiet"],
        ]
        for arguments in runs {
            let outcome = InferMain.execute(arguments + [file])
            #expect(outcome.exitCode == 70, "\(arguments): \(outcome.exitCode) \(outcome.errors)")
            #expect(outcome.output.isEmpty, "\(arguments) printed \(outcome.output)")
            #expect(outcome.errors.hasPrefix("infer: error: ") && outcome.errors.contains("overflow")
                && outcome.errors.filter { $0 == "\n" }.count == 1, "\(arguments): \(outcome.errors)")
        }
    }

    /// A target near the largest double (σ̂ overflows), and values whose spread overflows the
    /// jackknife's influence sums (the BCa acceleration is then NaN; it once trapped converting
    /// a NaN rank to an integer).
    /// A uniform whose upper end is the largest double samples b near it: the summary's mean and
    /// sd are still numbers (the plain sums overflowed, and the mean was left out of the JSON).
    @Test func aPosteriorNearTheLargestDoubleIsSummarized() throws {
        let file = try scratch.file("x\n-1.0\n1.0\n0.5\n1.7976931348623157e308\n0.0\n-0.5\n")
        let outcome = InferMain.execute(["sample", "--model", "uniform", "--draws", "100", "--warmup", "100", "--format", "json", file])
        #expect(outcome.exitCode == 0, "\(outcome.errors)")
        let object = try #require(JSONSerialization.jsonObject(with: Data(outcome.output.utf8)) as? [String: Any])
        let b = try #require((object["parameters"] as? [[String: Any]])?.last)
        // b ≥ max x: the mean is that largest double within the rounding of 400 divisions
        #expect(isClose(try #require(b["mean"] as? Double), .greatestFiniteMagnitude, relative: 1e-12))
        #expect(try #require(b["sd"] as? Double) < 1e-12 * .greatestFiniteMagnitude)
        // one chain whose b stays at the largest double: Σ(x/n) rounded past it, the scaled mean does not
        let stuck = try scratch.file("x\n1.0\n-1.0\n1e300\n0.5\n1.7976931348623157e308\n")
        let one = InferMain.execute(["sample", "--model", "uniform", "--chains", "1", "--proposal", "random-walk", "--draws", "100",
                                     "--warmup", "100", "--format", "json", stuck])
        let parameters = try #require((try JSONSerialization.jsonObject(with: Data(one.output.utf8)) as? [String: Any])?["parameters"] as? [[String: Any]])
        #expect(parameters.allSatisfy { $0["mean"] is Double }, "\(one.output)")
    }

    @Test func regressionsAndTheBCaAccelerationToo() throws {
        let rows = (0..<30).map { i in "\(Double(i % 7) - 3),\(i == 4 ? "1.7976931348623157e308" : "\(Double(i % 5))")" }
        let regression = try scratch.file("x,y\n" + rows.joined(separator: "\n") + "\n")
        let spread = try scratch.file("x\n" + (0..<40).map { $0 == 7 ? "1e300" : "\(Double($0 % 9) * 1e7 - 4e7)" }.joined(separator: "\n") + "\n")
        let runs: [[String]] = [
            ["fit", "--model", "linear", "--target", "y", regression],
            ["fit", "--model", "linear", "--target", "y", "--prior", "laplace", "--lambda", "1000", regression],
            ["bootstrap", "--model", "laplace", "--resamples", "99", spread],
        ]
        for arguments in runs {
            let outcome = InferMain.execute(arguments)
            #expect(outcome.exitCode == 70 && outcome.output.isEmpty, "\(arguments): \(outcome.exitCode) \(outcome.errors)")
            #expect(outcome.errors.contains("overflow") && outcome.errors.filter { $0 == "\n" }.count == 1, "\(arguments): \(outcome.errors)")
        }
    }
}
