import Foundation

/// A temporary directory for a test's files, removed with everything in it when the test's
/// suite instance goes away (Swift Testing makes one instance per test).
public final class ScratchDirectory: @unchecked Sendable {
    /// The directory.
    public let url: URL

    /// Creates a new, empty directory under the system's temporary directory.
    public init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("inference-tests-\(UUID())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Writes `text` to a new file in the directory and returns its path.
    public func file(_ text: String, suffix: String = ".csv") throws -> String {
        let file = url.appendingPathComponent("\(UUID())\(suffix)")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }
}
