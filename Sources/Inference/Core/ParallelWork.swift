import Foundation

/// The results of parallel workers, one slot an index, each written once and read after every
/// worker has finished (`DispatchQueue.concurrentPerform` returns only then).
final class ParallelSlots<Value>: @unchecked Sendable {
    private var slots: [Value?]
    private let lock = NSLock()

    /// `count` empty slots.
    init(count: Int) { slots = [Value?](repeating: nil, count: count) }

    /// Fills slot `index`.
    func store(_ value: Value?, at index: Int) { lock.withLock { slots[index] = value } }

    /// The filled slots' values, in index order.
    var filled: [Value] { lock.withLock { slots.compactMap { $0 } } }

    /// Every slot's value in index order, or nil when one was left empty.
    var all: [Value]? {
        let values = filled
        return values.count == slots.count ? values : nil
    }
}

/// A flag any parallel worker may raise.
final class ParallelFlag: @unchecked Sendable {
    private var raised = false
    private let lock = NSLock()

    /// Raises the flag.
    func raise() { lock.withLock { raised = true } }

    /// Whether a worker raised it.
    var isRaised: Bool { lock.withLock { raised } }
}

/// A fixed cut of a long column's indices 0..<n into pieces of ``size`` entries, for its scans on
/// all cores (the parser's columns are read after it on one thread otherwise). The pieces depend
/// on n alone, so results reduced over them in order are the same whatever the number of cores.
enum ColumnPieces {
    /// Entries a piece.
    static let size = 1 << 20

    /// `body` of each piece, in parallel when there are several; the results in piece order.
    static func map<T>(_ n: Int, _ body: (Range<Int>) -> T) -> [T] {
        let count = (n + size - 1) / size
        guard count > 1 else { return [body(0..<n)] }
        let slots = ParallelSlots<T>(count: count)
        withoutActuallyEscaping(body) { body in
            let task = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: count) { k in slots.store(task.value((k * size)..<min(n, (k + 1) * size)), at: k) }
        }
        return slots.filled
    }

    /// The first index of 0..<n where `isMatch` holds, or nil: each piece's first, the earliest.
    static func firstIndex(_ n: Int, where isMatch: (Range<Int>) -> Int?) -> Int? {
        map(n) { isMatch($0) ?? Int.max }.first { $0 != Int.max }
    }
}

/// A value handed to parallel workers that only read it, or write disjoint parts of what it
/// points to (a row block, a piece of a file): the reason it may cross threads unchecked.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
