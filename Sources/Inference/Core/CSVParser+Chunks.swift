import Foundation
import GSL

extension CSVParser {
    /// The data rows parsed as chunks of whole lines on all cores, or nil when that is not
    /// possible or not worth it: one thread, fewer than two chunks of `minimumChunkBytes`, a
    /// quote in the data (a quoted field may hold a newline, so a line break would be no safe
    /// split point), or an error in any chunk (the sequential pass then reports the first error
    /// with its true row number). Each chunk comes with its byte range; merged in order, they
    /// give the sequential pass's columns. The chunks' newlines are counted first (on all
    /// cores), so that each chunk parses its numbers into their place in the columns' storage
    /// (``PlacedNumbers``); the first chunk reserves room for the whole file's rows for a column
    /// that turns out to hold text.
    func parseInParallel(_ start: Int, _ end: Int, names: [String], wanted: [Bool])
        -> (parts: [(range: Range<Int>, columns: [ParsedColumn])], placed: PlacedNumbers)?
    {
        let length = end - start
        // four chunks a thread, taken in turn by whichever thread is free: a core slowed for a
        // while (a busy host) does not leave the others waiting at the end
        let threads = Parallelism.threads
        let chunkCount = min(4 * threads, length / max(1, minimumChunkBytes))
        guard threads >= 2, chunkCount >= 2, let base = bytes.baseAddress else { return nil }
        var bounds: [Range<Int>] = []
        var chunkStart = start
        for k in 1..<chunkCount {
            let target = max(chunkStart, start + k * length / chunkCount)
            guard let found = memchr(base + target, Int32(Self.newline), end - target) else { break }
            // a chunk keeps the newline that ends its last line, so no byte (an empty line,
            // say) falls between two chunks
            let newline = base.distance(to: UnsafeRawPointer(found))
            bounds.append(chunkStart..<(newline + 1))
            chunkStart = newline + 1
        }
        if chunkStart < end { bounds.append(chunkStart..<end) }
        guard bounds.count >= 2 else { return nil }
        let chunks = bounds
        let parser = UncheckedSendable(self)  // the workers only read the bytes it points at
        let newlines = ParallelSlots<Int>(count: chunks.count)
        Parallelism.perform(iterations: chunks.count) { k in
            newlines.store(parser.value.newlines(chunks[k].lowerBound, chunks[k].upperBound), at: k)
        }
        let placed = PlacedNumbers(wanted: wanted, newlines: newlines.filled)
        let results = ParallelSlots<[ParsedColumn]>(count: chunks.count)
        let gaveUp = ParallelFlag()
        let wholeFile = rowEstimate(start, end, columns: names.count)
        Parallelism.perform(iterations: chunks.count) { k in
            let (lower, upper) = (chunks[k].lowerBound, chunks[k].upperBound)
            let reserve = k == 0 ? wholeFile : parser.value.rowEstimate(lower, upper, columns: names.count)
            do {
                results.store(
                    try parser.value.parseRows(lower, upper, names: names, wanted: wanted, inChunk: gaveUp, reserve: reserve, placing: (placed, k)),
                    at: k)
            } catch {
                gaveUp.raise()
            }
        }
        guard let parts = results.all, !parts.contains(where: { $0.contains(where: \.overflowed) }) else { return nil }
        return (Array(zip(chunks, parts)).map { (range: $0.0, columns: $0.1) }, placed)
    }
}
