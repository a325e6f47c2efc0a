import Foundation

/// The code a guide shows, kept in a test so that the suite compiles and runs it: the lines
/// between `// BEGIN name` and `// END name` of a test file, one indentation level out.
public enum GuideCode {
    /// The package's root (the guides' paths are relative to it).
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The marked lines `name` of the Swift file at `path`; nil when the markers are missing.
    public static func block(_ name: String, in path: String) throws -> String? {
        let source = try String(contentsOf: URL(fileURLWithPath: path), encoding: .utf8)
        guard let start = source.range(of: "    // BEGIN \(name)\n"), let end = source.range(of: "    // END \(name)") else { return nil }
        return source[start.upperBound..<end.lowerBound].split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("    ") ? String($0.dropFirst(4)) : String($0) }.joined(separator: "\n")
    }

    /// The text of the page at `relativePath` from the package's root.
    public static func page(_ relativePath: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(relativePath), encoding: .utf8)
    }
}
