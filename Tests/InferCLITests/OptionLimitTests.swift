import Foundation
import Inference
import InferCLI
import Testing
import TestSupport

/// Values that parse but are absurd: refused in one line, exit 64, before any work (they once
/// allocated terabytes and aborted, overflowed and trapped, or ran whole comparisons first).
@Suite struct OptionLimitTests {
    let gamma = References.url("fit/gamma.csv").path
    let linear = References.url("regression/linear.csv").path

    @Test(arguments: [
        (["bootstrap", "--statistic", "mean", "--resamples", "1000000000000"], "1000000000000 resamples would hold 72000.0 GB in memory"),
        (["sample", "--model", "exponential", "--draws", "9223372036854775807"], "more iterations than a run can count"),
        (["sample", "--model", "exponential", "--thin", "9223372036854775807"], "more iterations than a run can count"),
        (["sample", "--model", "exponential", "--warmup", "9223372036854775807"], "more iterations than a run can count"),
        (["sample", "--model", "exponential", "--chains", "1000000000"], "1000000000 chains of 1000 draws would hold 24000.0 GB"),
        // each chain's count fits, the run's (its progress) does not: it trapped
        (["sample", "--model", "exponential", "--chains", "2", "--warmup", "4611686018427387904"], "more iterations than a run can count"),
        (["compare", "--model", "exponential", "--chains", "2", "--thin", "50000000000000000"], "more iterations than a run can count"),
        (["compare", "--model", "exponential", "--chains", "1000000000"], "1000000000 chains of 1000 draws would hold"),
        (["compare", "--model", "exponential", "--resamples", "1000000000000"], "resamples would hold"),
        (["tune", "--model", "linear", "--target", "y", "--prior", "gaussian", "--lambdas", "1000000000000"], "a grid of 1000000000000 λ would hold"),
        (["bootstrap", "--statistic", "mean", "--resamples", "1"], "1 resamples cannot reach a 95% interval's ends: it needs at least 39"),
        (["bootstrap", "--statistic", "mean", "--resamples", "100", "--level", "0.99"], "it needs at least 199"),
        (["compare", "--model", "exponential", "--resamples", "20"], "20 resamples cannot reach a 95% interval's ends"),
        (["compare", "--model", "exponential", "--subsample", "1"], "each at least 2"),
        (["fit", "--model", "gamma", "--lambda", "nan"], "--lambda nan weights a regression's prior"),
        // options of the other kind of model, once ignored without a word
        (["fit", "--model", "gamma", "--target", "y"], "--target describes a regression, and --model gamma is a family"),
        (["fit", "--model", "gamma", "--standardize"], "--standardize describes a regression"),
        (["fit", "--model", "gamma", "--trials", "3"], "--trials goes with --model binomial, not --model gamma"),
        (["fit", "--model", "linear", "--target", "y", "--column", "x1"], "--column describes a family, and --model linear is a regression"),
        (["fit", "--model", "linear", "--target", "y", "--lambda", "nan"], "--lambda must be a finite number ≥ 0, got nan"),
        (["fit", "--model", "linear", "--target", "y", "--prior", "gaussian", "--lambda=-1"], "--lambda must be a finite number ≥ 0"),
    ] as [([String], String)])
    func absurdValuesAreOneLineBeforeAnyWork(_ options: [String], _ fragment: String) {
        let started = Date()
        let outcome = InferMain.execute(options + [options[0] == "tune" || options.contains("linear") ? linear : gamma])
        #expect(outcome.exitCode == 64, "\(options): \(outcome.errors)")
        #expect(outcome.output.isEmpty)
        #expect(outcome.errors.hasPrefix("infer: error: ") && outcome.errors.contains(fragment), "\(outcome.errors)")
        #expect(outcome.errors.filter { $0 == "\n" }.count == 1)
        #expect(Date().timeIntervalSince(started) < 5, "\(options) worked before refusing")
    }

    /// The fewest replicates of an equal-tailed interval: (B + 1)(1 − level)/2 ≥ 1.
    @Test func theMinimumResamplesReachTheIntervalsEnds() {
        #expect(BootstrapPlan.minimumResamples(level: 0.95) == 39 && BootstrapPlan.minimumResamples(level: 0.99) == 199)
        #expect(BootstrapPlan.minimumResamples(level: 0.9) == 19 && BootstrapPlan.minimumResamples(level: 0.5) == 3)
        #expect(InferMain.execute(["bootstrap", "--statistic", "mean", "--resamples", "39", gamma]).exitCode == 0)
    }

    /// A count past GSL's 32-bit range is named as such, not as a number that is not whole.
    @Test func aPoissonCountPastTheRangeSaysSo() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("big-\(UUID()).csv")
        try "k\n9223372036854775808\n3\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let outcome = InferMain.execute(["fit", "--model", "poisson", file.path])
        #expect(outcome.exitCode == 65 && outcome.errors.contains("(whole numbers from 0 to below 4·10⁹)"), "\(outcome.errors)")
    }
}
