import Foundation
import Inference

/// A progress bar with rate and time left, drawn on standard error only when it is a terminal
/// and `--quiet` is off; never on standard output. Workers report finished units from any
/// thread; redraws are throttled to ten a second.
final class ProgressBar: @unchecked Sendable {
    private let label: String
    private let total: Int
    private let enabled: Bool
    private let start = Date()
    private var done = 0
    private var lastDraw = Date.distantPast
    private let lock = NSLock()

    init(label: String, total: Int, quiet: Bool) {
        self.label = label
        self.total = max(1, total)
        enabled = !quiet && isatty(STDERR_FILENO) == 1
    }

    /// Records `count` finished units.
    func advance(_ count: Int) {
        guard enabled, count > 0 else { return }
        lock.lock()
        defer { lock.unlock() }
        done += count
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.1 || done >= total else { return }
        lastDraw = now
        let elapsed = now.timeIntervalSince(start)
        let fraction = min(1, Double(done) / Double(total))
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let left = rate > 0 ? Double(total - done) / rate : 0
        let width = 30
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled)
        let line = "\r\(label) [\(bar)] \(Int(fraction * 100))% \(done)/\(total) \(Int(rate))/s \(Self.clock(left)) left"
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Clears the bar's line.
    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    /// The `advance` closure to hand to the engines.
    var reporter: (@Sendable (Int) -> Void)? {
        guard enabled else { return nil }
        let bar = self
        return { @Sendable count in bar.advance(count) }
    }

    private static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return String(format: "%02d:%02d", s / 60, s % 60)
    }
}
