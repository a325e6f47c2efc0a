import Foundation

/// Where a command's output goes: results to standard output, warnings to standard error.
///
/// Commands write to a console instead of printing, so tests can capture both streams and the
/// results are written whole, at the end, never half.
final class Console {
    private(set) var output = ""
    private(set) var warnings: [String] = []

    /// Appends a result line (or block) to standard output, control characters other than the
    /// line breaks escaped: a column name, a path or a prior from the user never reaches the
    /// terminal raw (JSON escapes its own already).
    func write(_ text: String) {
        output += text.split(separator: "\n", omittingEmptySubsequences: false).map { Table.printable(String($0)) }.joined(separator: "\n")
        if !text.hasSuffix("\n") { output += "\n" }
    }

    /// Records a one-line warning for standard error.
    func warn(_ line: String) { warnings.append(line) }
}

/// Writes text to a file descriptor in one go.
enum StandardStream {
    static func write(_ text: String, to handle: FileHandle) {
        guard !text.isEmpty else { return }
        handle.write(Data(text.utf8))
    }
}
