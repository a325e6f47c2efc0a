import Foundation
import Testing

/// The API reference of `Inference` and `GSL`: every public declaration has a doc comment of its
/// own, and the DocC catalogs build without a warning.
///
/// Both checks read the modules this test run was built from (the `Modules` directory beside the
/// test bundle) with the toolchain's `swift-symbolgraph-extract` and `docc`, the two tools that
/// `swift package generate-documentation` (swift-docc-plugin) runs.
@Suite struct APIReferenceTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    @Test(arguments: ["GSL", "Inference"])
    func everyPublicDeclarationHasItsOwnDocComment(module: String) throws {
        let graphs = try Self.symbolGraphs(module)
        defer { try? FileManager.default.removeItem(at: graphs) }
        let data = try Data(contentsOf: graphs.appendingPathComponent("\(module).symbols.json"))
        let graph = try JSONDecoder().decode(SymbolGraph.self, from: data)
        let sources = Self.root.appendingPathComponent("Sources/\(module)/").absoluteString
        let declared = graph.symbols.filter { $0.location?.uri.hasPrefix(sources) == true }
        #expect(declared.count > 100, "only \(declared.count) public symbols were found in Sources/\(module)")
        let undocumented = declared.filter { !$0.hasOwnDocComment }.map { symbol in
            let file = symbol.location.map { String($0.uri.dropFirst(sources.count)) } ?? "?"
            return "\(file):\((symbol.location?.position.line ?? 0) + 1) \(symbol.pathComponents.joined(separator: "."))"
        }
        #expect(undocumented.isEmpty, "public declarations without a doc comment of their own:\n\(undocumented.sorted().joined(separator: "\n"))")
    }

    @Test(arguments: ["GSL", "Inference"])
    func theDocCCatalogBuildsWithoutWarnings(module: String) throws {
        let graphs = try Self.symbolGraphs(module)
        let output = FileManager.default.temporaryDirectory
            .appendingPathComponent("infer-docc-\(module)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString).doccarchive")
        defer {
            try? FileManager.default.removeItem(at: output)
            try? FileManager.default.removeItem(at: graphs)
        }
        let catalog = Self.root.appendingPathComponent("Sources/\(module)/\(module).docc").path
        let run = try Self.run(Self.tool("docc"), [
            "convert", catalog, "--additional-symbol-graph-dir", graphs.path, "--output-dir", output.path,
            "--fallback-display-name", module, "--fallback-bundle-identifier", module, "--warnings-as-errors",
        ])
        #expect(run.status == 0 && !run.output.contains("warning:"), "docc convert \(module).docc:\n\(run.output)")
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("data/documentation").path))
    }

    // MARK: - The tools

    /// Extracts `module`'s public symbol graph from this run's build into a fresh directory of its
    /// own (the tests run in parallel: a directory named by the process alone was removed by one
    /// test while another's docc read it).
    static func symbolGraphs(_ module: String) throws -> URL {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let modules = executable.deletingLastPathComponent().appendingPathComponent("Modules")
        guard FileManager.default.fileExists(atPath: modules.appendingPathComponent("\(module).swiftmodule").path) else {
            throw ReferenceError("no \(module).swiftmodule in \(modules.path), beside the test bundle")
        }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("infer-symbols-\(module)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        #if arch(x86_64)
        let target = "x86_64-unknown-linux-gnu"
        #else
        let target = "aarch64-unknown-linux-gnu"
        #endif
        let run = try run(tool("swift-symbolgraph-extract"), [
            "-module-name", module, "-target", target, "-I", modules.path,
            "-I", root.appendingPathComponent("Sources/CGSL").path,
            "-minimum-access-level", "public", "-skip-synthesized-members", "-output-dir", directory.path,
        ])
        guard run.status == 0 else { throw ReferenceError("swift-symbolgraph-extract \(module) failed:\n\(run.output)") }
        return directory
    }

    /// The toolchain's `name`, from the directories of `PATH`.
    static func tool(_ name: String) throws -> URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for directory in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw ReferenceError("\(name) is not on PATH; it ships with the Swift toolchain")
    }

    /// Runs `executable` and returns its exit status and its standard output and error together.
    static func run(_ executable: URL, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    struct ReferenceError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    // MARK: - The symbol graph's fields read here

    struct SymbolGraph: Decodable {
        let symbols: [Symbol]
    }

    struct Symbol: Decodable {
        struct Location: Decodable {
            struct Position: Decodable { let line: Int }
            let uri: String
            let position: Position
        }
        struct DocComment: Decodable {
            struct Line: Decodable {
                struct Range: Decodable {
                    struct Point: Decodable { let line: Int }
                    let start: Point
                }
                let text: String
                let range: Range?
            }
            let uri: String?
            let lines: [Line]
        }
        let pathComponents: [String]
        let location: Location?
        let docComment: DocComment?

        /// A comment written just above this declaration (attributes may sit between), not one
        /// inherited from a protocol requirement or a default implementation.
        var hasOwnDocComment: Bool {
            guard let comment = docComment, let location, comment.uri == location.uri,
                  let last = comment.lines.last?.range?.start.line else { return false }
            let written = comment.lines.contains { !$0.text.trimmingCharacters(in: .whitespaces).isEmpty }
            return written && last < location.position.line && last >= location.position.line - 4
        }
    }
}
