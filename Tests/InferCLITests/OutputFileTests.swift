import Foundation
@testable import InferCLI
import Testing
import TestSupport

/// Output files (`--plot`, `--draws-out`, `--replicates-out`, `--plot-dir`): written whole or not
/// at all, never in place of a directory, replaced atomically, and the demo's examples inside
/// the binary.
@Suite struct OutputFileTests {
    let scratch = ScratchDirectory()
    let gamma = References.url("fit/gamma.csv").path

    /// An existing directory named as an output file is refused before any work, with one line
    /// naming it, and it keeps everything in it (it was once deleted, and the run exited 0).
    @Test(arguments: [
        ["fit", "--model", "gamma", "--plot"],
        ["sample", "--model", "exponential", "--draws", "50", "--warmup", "50", "--draws-out"],
        ["sample", "--model", "exponential", "--draws", "50", "--warmup", "50", "--plot"],
        ["bootstrap", "--statistic", "mean", "--resamples", "99", "--shard", "1/2", "--replicates-out"],
        ["compare", "--model", "exponential", "--prior", "gamma(2,1)", "--resamples", "99", "--draws", "50", "--warmup", "50", "--draws-out"],
        ["laplace", "--model", "exponential", "--prior", "gamma(2,1)", "--plot"],
        ["tune", "--model", "linear", "--target", "y", "--prior", "gaussian", "--plot"],
    ])
    func anExistingDirectoryIsNeverReplaced(_ options: [String]) throws {
        let name = options.last == "--plot" ? "figure.svg" : "out.csv"
        let directory = scratch.url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let kept = directory.appendingPathComponent("keep.txt")
        try "precious\n".write(to: kept, atomically: true, encoding: .utf8)
        let data = options[0] == "tune" ? References.url("regression/linear.csv").path : gamma
        let outcome = InferMain.execute(options + [directory.path, data])
        #expect(outcome.exitCode == 65, "\(options): \(outcome.errors)")
        #expect(outcome.output.isEmpty)
        #expect(outcome.errors == "infer: error: cannot write \(directory.path): it is a directory; name a file inside it\n")
        #expect(try String(contentsOf: kept, encoding: .utf8) == "precious\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["keep.txt"])
    }

    /// The new file is renamed over the old one: its inode changes in one step, and no
    /// temporary file is left beside it.
    @Test func replacingAFileIsOneRename() throws {
        let target = scratch.url.appendingPathComponent("figure.svg")
        try "old\n".write(to: target, atomically: false, encoding: .utf8)
        let before = try FileManager.default.attributesOfItem(atPath: target.path)[.systemFileNumber] as? Int
        let outcome = InferMain.execute(["fit", "--model", "gamma", "--plot", target.path, gamma])
        #expect(outcome.exitCode == 0)
        #expect(try String(contentsOf: target, encoding: .utf8).contains("<svg"))
        #expect(try FileManager.default.attributesOfItem(atPath: target.path)[.systemFileNumber] as? Int != before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path) == ["figure.svg"])
    }

    /// `--plot-dir` makes its directory and parents, as `mkdir -p`; a file in the way is one line.
    @Test func theDemoMakesItsFigureDirectory() throws {
        let directory = scratch.url.appendingPathComponent("a/b/figures")
        let outcome = InferMain.execute(["demo", "--plot-dir", directory.path])
        #expect(outcome.exitCode == 0, "\(outcome.errors)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".svg") }.count >= 8)
        let file = try scratch.file("x\n1\n")
        let blocked = InferMain.execute(["demo", "--plot-dir", file + "/figures"])
        #expect(blocked.exitCode == 65 && blocked.errors.contains("cannot make the directory") && blocked.errors.filter { $0 == "\n" }.count == 1)
    }

    /// A figure over values that differ by one unit in the last place (1e6 and the next double):
    /// its axis once stepped by less than the numbers' resolution and grew until memory ran out.
    @Test func aFigureOfAlmostEqualValuesEnds() throws {
        let next = (1e6).nextUp
        let file = try scratch.file("x\n" + (0..<10).map { $0 % 2 == 0 ? "1000000.0" : "\(next)" }.joined(separator: "\n") + "\n")
        let figure = scratch.url.appendingPathComponent("f.svg").path
        let outcome = InferMain.execute(["fit", "--model", "gaussian", "--plot", figure, file])
        #expect([0, 70].contains(outcome.exitCode), "\(outcome.errors)")
        #expect(Chart.ticks(1e6...next, log: false).count <= 20)
        // a span of the smallest subnormal: a bin's width underflowed to 0 and a count trapped
        let subnormal = try scratch.file("x\n0.0\n5e-324\n0.0\n")
        let uniform = InferMain.execute(["fit", "--model", "uniform", "--plot", figure, subnormal])
        #expect([0, 65, 70].contains(uniform.exitCode), "\(uniform.errors)")
    }

    /// The examples are in the binary, byte for byte the files under Sources/InferCLI/Resources/Examples
    /// (which the guides name): a copied `infer` runs its demo with no resource folder.
    @Test func theShippedExamplesAreEmbedded() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/InferCLI/Resources/Examples")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".csv") }.sorted()
        #expect(files.map { String($0.dropLast(4)) } == ShippedExample.texts.keys.sorted())
        for file in files {
            #expect(try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8) == ShippedExample.texts[String(file.dropLast(4))],
                    "\(file): regenerate Sources/InferCLI/Commands/ShippedExample+Texts.swift")
        }
    }
}
