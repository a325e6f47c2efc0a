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
