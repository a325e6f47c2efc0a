import Foundation
import Inference

#if canImport(Glibc)
import Glibc
#endif

/// Writes files whole or not at all: to a temporary file beside the target, then `rename(2)`
/// over it, so a reader of the path sees the old file or the new one, never neither and never
/// half of one. A temporary file being written when SIGINT, SIGTERM or SIGHUP arrives is removed
/// before the process dies of that signal (SIGKILL cannot be caught: it leaves the temporary
/// `.NAME.<UUID>.partial` beside the target, never a half-written target).
enum AtomicFile {
    /// Throws a data error, before any work, when `path` cannot receive an output file: its
    /// directory does not exist, or the path names a directory (which is never replaced).
    static func checkDestination(_ path: String) throws(InferenceError) {
        let url = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw .data("cannot write \(InferenceError.excerpt(path, limit: 200)): it is a directory; name a file inside it")
        }
        let directory = url.deletingLastPathComponent()
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .data("cannot write \(InferenceError.excerpt(path, limit: 200)): the directory \(InferenceError.excerpt(directory.path, limit: 200)) does not exist")
        }
    }

    /// Makes SIGINT, SIGTERM and SIGHUP remove the temporary files being written before they end
    /// the process, and unblocks them (a supervisor or test runner may start `infer` with them
    /// blocked, and a job scheduler cancels with SIGTERM); a signal that is ignored (as under
    /// `nohup`) stays ignored. For the `infer` process itself, not for a program that runs
    /// commands in-process.
    static func removeTemporariesOnSignals() {
        // the handler must not be the first to touch a lazily made static: making it allocates,
        // and a signal that interrupted malloc would then deadlock (seen once in the sweep)
        PendingFiles.prepare()
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for signal in [SIGINT, SIGTERM, SIGHUP] where PendingFiles.install(signal) { sigaddset(&unblock, signal) }
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        PendingFiles.reportShrunkInputs()
    }

    static func write(_ text: String, to path: String) throws { try write([(path, text)]) }

    /// Writes several files, each whole: every temporary file is written before any is renamed
    /// over its target, so a failure to write one leaves every target as it was.
    static func write(_ files: [(path: String, text: String)]) throws {
        for (path, _) in files { try checkDestination(path) }
        var temporaries: [(url: URL, slot: Int?)] = []
        defer { for temporary in temporaries { PendingFiles.unregister(temporary.slot) } }
        for (path, text) in files {
            let url = URL(fileURLWithPath: path)
            let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID()).partial")
            temporaries.append((temporary, PendingFiles.register(temporary.path)))
            do {
                try Data(text.utf8).write(to: temporary)
            } catch {
                for written in temporaries { unlink(written.url.path) }
                throw InferenceError.data("cannot write \(InferenceError.excerpt(path, limit: 200)): \(error.localizedDescription)")
            }
        }
        for ((path, _), temporary) in zip(files, temporaries) where rename(temporary.url.path, path) != 0 {
            let reason = String(cString: strerror(errno))
            for written in temporaries { unlink(written.url.path) }
            throw InferenceError.data("cannot write \(InferenceError.excerpt(path, limit: 200)): \(reason)")
        }
    }
}

/// The temporary files being written, for the signal handler to remove: fixed buffers that the
/// handler only reads, calling nothing but `unlink(2)`, `signal(2)` and `raise(3)`, which are
/// async-signal-safe. Slots are taken and released under a lock, outside the handler.
private enum PendingFiles {
    static let slots = 32
    static let length = 4096
    /// Slot i: a flag byte (1 = in use), then the path as a C string.
    nonisolated(unsafe) static let buffer: UnsafeMutablePointer<CChar> = {
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: slots * length)
        buffer.initialize(repeating: 0, count: slots * length)
        return buffer
    }()
    static let lock = NSLock()

    /// Makes every static the handler reads, before any handler is installed.
    static func prepare() {
        _ = (buffer, shrunkInput)
        _ = (slots, length)
        lock.lock()
        lock.unlock()
    }

    /// Takes a slot for `path` (nil when every slot is taken or the path is too long: the file is
    /// then still written atomically, only not removed on a signal).
    static func register(_ path: String) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        let bytes = Array(path.utf8CString)
        guard bytes.count < length else { return nil }
        for slot in 0..<slots where buffer[slot * length] == 0 {
            let start = buffer + slot * length
            for (k, byte) in bytes.enumerated() { start[1 + k] = byte }
            start[0] = 1
            return slot
        }
        return nil
    }

    static func unregister(_ slot: Int?) {
        guard let slot else { return }
        lock.lock()
        buffer[slot * length] = 0
        lock.unlock()
    }

    /// The line SIGBUS prints: a large input is read through a memory map, and touching a page
    /// past the end of a file that another process cut short raises it.
    nonisolated(unsafe) private static let shrunkInput = strdup("infer: error: an input file was cut short while it was read; read it again once nothing writes to it\n")!

    /// Makes SIGBUS a data error (exit 65, one line) that removes the temporaries, not a crash.
    static func reportShrunkInputs() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            for slot in 0..<PendingFiles.slots where PendingFiles.buffer[slot * PendingFiles.length] == 1 {
                unlink(PendingFiles.buffer + slot * PendingFiles.length + 1)
            }
            _ = Glibc.write(STDERR_FILENO, PendingFiles.shrunkInput, strlen(PendingFiles.shrunkInput))
            _exit(65)
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGBUS, &action, nil)
    }

    /// Installs the handler for `signal` unless it is ignored (as under nohup); whether it did.
    static func install(_ signal: Int32) -> Bool {
        var previous = sigaction()
        guard sigaction(signal, nil, &previous) == 0,
            unsafeBitCast(previous.__sigaction_handler.sa_handler, to: Int.self) != unsafeBitCast(SIG_IGN, to: Int.self)
        else { return false }
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { received in
            for slot in 0..<PendingFiles.slots where PendingFiles.buffer[slot * PendingFiles.length] == 1 {
                unlink(PendingFiles.buffer + slot * PendingFiles.length + 1)
            }
            Glibc.signal(received, SIG_DFL)
            raise(received)
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        return sigaction(signal, &action, nil) == 0
    }
}
