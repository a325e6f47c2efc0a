import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// Runs the built `infer` binary as a user would: real exit codes, real streams.
@Suite struct InferExecutableTests {
    static var executable: URL {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while directory.path != "/" && !FileManager.default.fileExists(atPath: directory.appendingPathComponent("infer").path) {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("infer")
    }

    func run(_ arguments: [String], input: String? = nil) throws -> (code: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        let stdin = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    @Test func helpListsEverySubcommand() throws {
        let result = try run(["--help"])
        #expect(result.code == 0)
        for subcommand in ["fit", "bootstrap", "sample", "summarize", "calibrate", "laplace", "tune", "compare", "demo"] {
            #expect(result.output.contains("\n  \(subcommand) "), "\(subcommand)")
        }
        let version = try run(["--version"])
        #expect(version.code == 0 && version.output == "0.1.0\n")
    }

    @Test func readsStandardInputAndExitsWithTheContractsCodes() throws {
        let fit = try run(["fit", "--model", "poisson", "--format", "json", "-"], input: "k\n1\n3\n2\n")
        #expect(fit.code == 0)
        #expect(fit.output.contains("\"name\":\"lambda\",\"estimate\":2.0"))
        let bad = try run(["fit", "--model", "poisson", "-"], input: "k\n1\nx\n")
        #expect(bad.code == 65)
        #expect(bad.errors == "infer: error: standard input row 2, column k: 'x' is not a number\n")
        let unknown = try run(["fit", "--model", "poisson", "--nope", "-"], input: "")
        #expect(unknown.code == 64)
        #expect(unknown.errors.hasPrefix("infer: error: Unknown option '--nope'"))
        #expect(unknown.errors.hasSuffix("(see 'infer fit --help')\n") && unknown.errors.filter { $0 == "\n" }.count == 1)
    }

    /// Every section of the walk-through, with numbers that have closed forms: beta(2,2) and
    /// beta(10,10) pull 3 heads of 3 to 4/5 and 12/21, 294 heads of 500 under beta(10,10) to
    /// 303/518; --plot-dir writes the figures, well-formed SVG.
    @Test func demoRunsOnTheShippedData() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("demo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try run(["demo", "--plot-dir", directory.path])
        #expect(result.code == 0, "\(result.errors)")
        for heading in ["1. Three heads in three flips", "2. A Gaussian sample", "3. Lifetimes", "4. OLS, ridge and lasso",
                        "5. Logistic regression with and without priors", "6. MLE and MAP as the data grow", "7. A posterior sample",
                        "8. Do the intervals mean what they say?", "9. Deep learning without a network"] {
            #expect(result.output.contains(heading), "\(heading)")
        }
        #expect(result.output.contains("beta(2,2) (MAP)              0.8") && result.output.contains("0.571429"))
        #expect(result.output.contains(String(format: "%.6g", 303.0 / 518)))
        #expect(result.output.contains("gamma MLE, n = 60") && result.output.contains("BCa bootstrap"))
        let figures = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(figures == [
            "bootstrap-lifetimes-mean.svg", "calibrate-coin.svg", "calibrate-exponential.svg", "convergence-flips.svg", "fit-coin-beta22.svg", "fit-gaussian.svg", "fit-lifetimes-gamma.svg",
            "sample-classes-logistic.svg",
            "tune-classes-laplace-cv.svg", "tune-sparse-lasso-cv.svg", "tune-sparse-ridge-evidence.svg",
        ])
        for figure in figures {
            let document = try XMLDocument(data: try Data(contentsOf: directory.appendingPathComponent(figure)))
            #expect(document.rootElement()?.name == "svg", "\(figure)")
            #expect(try document.nodes(forXPath: "//*[local-name()='polyline' or local-name()='rect']").count > 2, "\(figure)")
        }
        // a directory that does not exist is made, as mkdir -p
        let made = try run(["demo", "--plot-dir", directory.appendingPathComponent("new/figures").path])
        let written = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("new/figures").path)
        #expect(made.code == 0 && written.count == 11)
    }

    /// A copy of the binary alone, with no resource folder beside it, runs the demo (it trapped,
    /// exit 132, when the examples were resources).
    @Test func aCopiedBinaryRunsTheDemo() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("copied-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let copy = directory.appendingPathComponent("infer")
        try FileManager.default.copyItem(at: Self.executable, to: copy)
        let process = Process()
        process.executableURL = copy
        process.arguments = ["demo", "--quiet"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
    }

    /// SIGTERM or SIGINT while a draws file is being written leaves neither the file nor its
    /// temporary `.NAME.<UUID>.partial`: the signal handler removes the temporary, and the
    /// process dies of the signal. The signal is sent the moment the temporary appears (a 4 × 200,000
    /// draws file takes tens of milliseconds to write); a try whose signal came after the rename
    /// (the file exists) proves nothing and is repeated, up to 8 times.
    @Test(arguments: [SIGTERM, SIGINT])
    func aSignalDuringAWriteLeavesNoPartialFile(_ signal: Int32) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("signal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = directory.appendingPathComponent("x.csv")
        try "x\n0.5\n1.5\n2.5\n0.7\n".write(to: data, atomically: true, encoding: .utf8)
        let target = directory.appendingPathComponent("draws.csv")
        var interrupted = false
        for _ in 0..<8 where !interrupted {
            let process = Process()
            process.executableURL = Self.executable
            process.arguments = ["sample", "--model", "exponential", "--quiet", "--draws", "20000", "--warmup", "100", "--threads", "1",
                                 "--proposal", "random-walk", "--draws-out", target.path, data.path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let deadline = Date().addingTimeInterval(60)
            while process.isRunning && Date() < deadline {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
                if names.contains(where: { $0.hasSuffix(".partial") }) {
                    kill(process.processIdentifier, signal)
                    break
                }
                usleep(200)
            }
            process.waitUntilExit()
            let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            #expect(!names.contains { $0.hasSuffix(".partial") }, "\(names)")
            if process.terminationReason == .uncaughtSignal && !names.contains("draws.csv") {
                #expect(process.terminationStatus == signal)
                interrupted = true
            }
            try? FileManager.default.removeItem(at: target)
        }
        #expect(interrupted, "no try was interrupted while writing")
    }

    /// A large file is read through a memory map; another process cutting it short while it is
    /// parsed raises SIGBUS, which `infer` turns into one line and exit 65, not a crash. The file
    /// is truncated the moment it appears among the process's mappings; a try that finished
    /// parsing first proves nothing and is repeated, up to 8 times.
    @Test func aFileCutShortWhileReadIsADataError() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("shrink-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = directory.appendingPathComponent("x.csv")
        let body = "x\n" + String(repeating: "0.12345678901234567\n1.5\n2.25\n", count: 1_200_000)  // 40 MB
        var cut = false
        for _ in 0..<8 where !cut {
            try body.write(to: data, atomically: false, encoding: .utf8)
            let process = Process()
            process.executableURL = Self.executable
            process.arguments = ["fit", "--model", "exponential", data.path]
            let errors = Pipe()
            process.standardOutput = FileHandle.nullDevice
            process.standardError = errors
            try process.run()
            let deadline = Date().addingTimeInterval(60)
            while process.isRunning && Date() < deadline
                && !((try? String(contentsOfFile: "/proc/\(process.processIdentifier)/maps", encoding: .utf8))?.contains(data.path) ?? false)
            {
                usleep(100)
            }
            truncate(data.path, 0)
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationReason == .exit, "died of signal \(process.terminationStatus)")
            if message.contains("cut short") {
                #expect(process.terminationStatus == 65)
                #expect(message == "infer: error: an input file was cut short while it was read; read it again once nothing writes to it\n")
                cut = true
            }
        }
        #expect(cut, "no try was cut short while parsing")
    }
}
