import Foundation
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
        for subcommand in ["fit", "bootstrap", "sample", "summarize", "laplace", "tune", "compare", "demo"] {
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

    @Test func demoRunsOnTheShippedData() throws {
        let result = try run(["demo"])
        #expect(result.code == 0, "\(result.errors)")
        #expect(result.output.contains("Three heads in three flips"))
        #expect(result.output.contains("gamma MLE, n = 60"))
    }
}
