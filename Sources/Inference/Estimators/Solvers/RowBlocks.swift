import Dispatch
import Foundation
import GSL

/// A fixed partition of the rows 0..<n into blocks of ``size`` rows, processed in parallel with
/// the results gathered in block order.
///
/// The partition depends on n alone, never on the number of threads or on scheduling, so sums
/// reduced over the blocks in order give the same bits on every run: the determinism the
/// contract asks of `--threads`. The per-row passes of the Newton solvers (objective, gradient,
/// weights, Gram matrix) go through it.
struct RowBlocks: Sendable {
    /// Rows a block: large enough that a block's work dwarfs the dispatch, small enough that a
    /// block of a design with tens of columns stays in cache.
    static let size = 4096

    /// n.
    let rows: Int
    /// Rows a block: ``size`` unless a pass over much lighter rows (one number each) asks for more.
    let blockRows: Int

    init(rows: Int, blockRows: Int = RowBlocks.size) {
        self.rows = rows
        self.blockRows = max(1, blockRows)
    }

    /// The number of blocks.
    var count: Int { (rows + blockRows - 1) / blockRows }

    /// The rows of block `k`.
    func range(_ k: Int) -> Range<Int> { (k * blockRows)..<min(rows, (k + 1) * blockRows) }

    /// `body` applied to every block's rows, in parallel (on ``Parallelism/threads``) from four
    /// blocks on (for fewer, waking a worker costs more than it saves: 0.5 ms more on a 5,000-row
    /// lasso); the results in block order, the same either way.
    func map<T>(_ body: (Range<Int>) -> T) -> [T] {
        guard count > 3 else { return (0..<count).map { body(range($0)) } }
        let slots = ParallelSlots<T>(count: count)
        Parallelism.perform(iterations: count) { k in slots.store(body(range(k)), at: k) }
        return slots.filled
    }

    /// `body` applied to the rows of the blocks `chosen` (indices, ascending), or of every block
    /// when nil, in parallel as ``map(_:)`` does; the results in the order of `chosen`.
    func map<T>(_ chosen: [Int]?, _ body: (Range<Int>) -> T) -> [T] {
        guard let chosen else { return map(body) }
        guard chosen.count > 3 else { return chosen.map { body(range($0)) } }
        let slots = ParallelSlots<T>(count: chosen.count)
        Parallelism.perform(iterations: chosen.count) { k in slots.store(body(range(chosen[k])), at: k) }
        return slots.filled
    }

    /// A row-major array of n rows of `width` entries, each block's rows written by `fill(rows,
    /// destination)` in parallel (`destination` is the whole array; a block writes only its rows).
    func array(width: Int, _ fill: (Range<Int>, UnsafeMutableBufferPointer<Double>) -> Void) -> [Double] {
        [Double](unsafeUninitializedCapacity: rows * width) { buffer, initialized in
            let destination = UncheckedSendable(buffer)
            _ = map { rows in fill(rows, destination.value) }
            initialized = rows * width
        }
    }

    /// Σ over blocks, in block order, of `body`'s value on each block.
    func sum(_ body: (Range<Int>) -> Double) -> Double { map(body).reduce(0, +) }

    /// The entry-wise Σ over blocks, in block order, of `body`'s vectors (each of `length`).
    func sum(length: Int, _ body: (Range<Int>) -> [Double]) -> [Double] {
        var total = [Double](repeating: 0, count: length)
        for part in map(body) {
            for j in 0..<length { total[j] += part[j] }
        }
        return total
    }
}
