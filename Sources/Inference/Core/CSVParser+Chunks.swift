import Foundation
import GSL

extension CSVParser {
    /// The data rows parsed as chunks of whole lines on all cores, or nil when that is not
    /// possible or not worth it: one thread, fewer than two chunks of `minimumChunkBytes`, a
    /// quote in the data (a quoted field may hold a newline, so a line break would be no safe
    /// split point), or an error in any chunk (the sequential pass then reports the first error
    /// with its true row number). Each chunk comes with its byte range; merged in order, they
    /// give the sequential pass's columns.
    ///
    /// Each chunk parses its numbers into their place in the columns' storage
    /// (``PlacedNumbers``): its rows start where the newlines of the chunks before it put them.
    /// A worker takes the next chunk, counts its newlines, waits for the counts of the chunks
    /// taken before it (each counted as soon as it was taken), then parses it while its bytes
    /// are still in cache and its pages mapped: the file is read from memory and mapped once.
    /// The storage is sized for the most rows the data can hold (a row of c columns has at
    /// least c bytes); where that would reserve too much address space, or the table has few
    /// rows, every chunk's newlines are counted first and the storage sized exactly. The first
    /// chunk reserves room for the whole file's rows for a column that turns out to hold text.
    func parseInParallel(_ start: Int, _ end: Int, names: [String], wanted: [Bool])
        -> (parts: [(range: Range<Int>, columns: [ParsedColumn])], placed: PlacedNumbers)?
    {
        let length = end - start
        // chunks of about 2 MiB (at least four a thread), taken in turn by whichever thread is
        // free: a core slowed for a while (a busy host) does not leave the others waiting at the
        // end, and a chunk's bytes stay in cache from its count to its parse; at most 2¹⁶ chunk
        // columns in all, since each chunk keeps a parsed column a column until the merge
        let threads = Parallelism.threads
        let chunkCount = min(max(4 * threads, min(length >> 21, (1 << 16) / max(1, names.count))), length / max(1, minimumChunkBytes))
        guard threads >= 2, chunkCount >= 2, let base = bytes.baseAddress else { return nil }
        var bounds: [Range<Int>] = []
        var chunkStart = start
        for k in 1..<chunkCount {
            let target = max(chunkStart, start + k * length / chunkCount)
            guard let found = memchr(base + target, Int32(Self.newline), end - target) else { break }
            // a chunk keeps the newline that ends its last line, so no byte (an empty line,
            // say) falls between two chunks
            let newline = base.distance(to: UnsafeRawPointer(found))
            // the look mapped the pages around it: up to a whole folio of the page cache (2 MiB
            // on a file system with large folios), handed back at once, or a file of hundreds of
            // chunks would be mapped whole before any is parsed (a peak of 430 MB for 440)
            release(max(start, target - Self.largestFolio), min(end, newline + Self.largestFolio))
            bounds.append(chunkStart..<(newline + 1))
            chunkStart = newline + 1
        }
        if chunkStart < end { bounds.append(chunkStart..<end) }
        guard bounds.count >= 2 else { return nil }
        let chunks = bounds
        let parser = UncheckedSendable(self)  // the workers only read the bytes it points at
        let counts = ChunkRows(chunks: chunks.count)
        let placed: PlacedNumbers
        let mostRows = length / max(1, names.count) + 1
        let wantedCount = wanted.filter { $0 }.count
        // a table of few rows (as its first line's length tells) is counted first: its columns'
        // exact storage is small, and reserving the most rows would map (and unmap) a region a
        // column, which costs more than the count saves
        let firstLine = (memchr(base + start, Int32(Self.newline), length).map { base.distance(to: UnsafeRawPointer($0)) } ?? end) - start + 1
        let manyRows = length / firstLine >= rowsWorthReserving
        let countsFirst = !manyRows || !Self.mayReserve(Double(mostRows) * Double(wantedCount) * 8)
        if !countsFirst {
            placed = PlacedNumbers(wanted: wanted, capacity: mostRows)
        } else {
            Parallelism.perform(iterations: chunks.count) { k in
                counts.publish(parser.value.newlines(chunks[k].lowerBound, chunks[k].upperBound, releasing: true), of: k)
            }
            placed = PlacedNumbers(wanted: wanted, capacity: counts.total + 1)
        }
        let results = ParallelSlots<[ParsedColumn]>(count: chunks.count)
        let gaveUp = ParallelFlag()
        let wholeFile = rowEstimate(start, end, columns: names.count)
        let next = Parallelism.NextIndex()
        Parallelism.perform(iterations: min(threads, chunks.count)) { _ in
            while let k = next.take(below: chunks.count) {
                let (lower, upper) = (chunks[k].lowerBound, chunks[k].upperBound)
                if !countsFirst { counts.publish(parser.value.newlines(lower, upper, releasing: false), of: k) }
                // rows from the newlines before the chunk; room for its own (and the last line's)
                let (offset, newlines) = counts.offset(of: k)
                let room = min(newlines + (k == chunks.count - 1 ? 1 : 0), max(0, placed.capacity - offset))
                let reserve = k == 0 ? wholeFile : parser.value.rowEstimate(lower, upper, columns: names.count)
                do {
                    results.store(
                        try parser.value.parseRows(
                            lower, upper, names: names, wanted: wanted, inChunk: gaveUp, reserve: reserve,
                            placing: (placed, min(offset, placed.capacity), room)),
                        at: k)
                } catch {
                    gaveUp.raise()
                }
            }
        }
        guard let parts = results.all, !parts.contains(where: { $0.contains(where: \.overflowed) }) else { return nil }
        placed.offsets = (0..<chunks.count).map { counts.offset(of: $0).offset }
        return (Array(zip(chunks, parts)).map { (range: $0.0, columns: $0.1) }, placed)
    }

    /// The largest folio of the page cache (a PMD's 2 MiB on x86-64), which a fault on a mapped
    /// file may map whole.
    static let largestFolio = 2 << 20

    /// Whether `bytes` of address space may be reserved for the columns before their rows are
    /// counted: at most a quarter of the machine's memory, not where the system commits every
    /// reserved byte (`vm.overcommit_memory` 2), since pages never written cost nothing only
    /// where they are not committed, and not under a limit on the address space (`ulimit -v`,
    /// as some clusters set), which reserved bytes count against.
    static func mayReserve(_ bytes: Double) -> Bool {
        bytes <= Double(ProcessInfo.processInfo.physicalMemory) / 4 && !strictOvercommit && !addressSpaceLimited
    }

    /// Whether the process's address space is limited (`RLIMIT_AS`), read once.
    static let addressSpaceLimited: Bool = {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &limit) == 0 else { return true }
        return limit.rlim_cur != rlim_t.max  // RLIM_INFINITY
    }()

    /// Whether the system commits every byte a process reserves (`vm.overcommit_memory` 2), read
    /// once.
    static let strictOvercommit: Bool = {
        guard let text = try? String(contentsOfFile: "/proc/sys/vm/overcommit_memory", encoding: .utf8) else { return false }
        return text.trimmingCharacters(in: .whitespacesAndNewlines) == "2"
    }()
}

/// The newlines of each chunk of a parallel parse, published once counted, and where each
/// chunk's rows start: after all the newlines of the chunks before it, which a worker waits for.
private final class ChunkRows: @unchecked Sendable {
    private var newlines: [Int?]
    /// The chunks before `ready` are all published; `before[k]` is the newlines of those before k.
    private var ready = 0
    private var before = [0]
    private let condition = NSCondition()

    init(chunks: Int) { newlines = [Int?](repeating: nil, count: chunks) }

    func publish(_ count: Int, of chunk: Int) {
        condition.withLock {
            newlines[chunk] = count
            while ready < newlines.count, let next = newlines[ready] {
                before.append(before[ready] + next)
                ready += 1
            }
        }
        condition.broadcast()
    }

    /// The newlines of the chunks before `chunk`, and of `chunk`, once all are published (each
    /// chunk is counted by the worker that took it, right after taking it, and chunks are taken
    /// in order: so the wait ends).
    func offset(of chunk: Int) -> (offset: Int, newlines: Int) {
        condition.lock()
        defer { condition.unlock() }
        while ready <= chunk { condition.wait() }
        return (before[chunk], before[chunk + 1] - before[chunk])
    }

    /// Every chunk's newlines (all published).
    var total: Int { condition.withLock { before[ready] } }
}
