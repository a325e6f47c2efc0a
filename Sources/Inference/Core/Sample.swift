/// One column of observations, the data of the one-column families.
public struct Sample: Sendable, Equatable {
    /// The observations.
    public let values: [Double]
    /// The column's name, used in messages.
    public let name: String

    /// A sample of `values` from the column called `name`.
    public init(_ values: [Double], name: String = "x") {
        self.values = values
        self.name = name
    }

    /// Number of observations.
    public var count: Int { values.count }

    /// Throws a data error naming the first row whose value is outside `support`, described in
    /// words as e.g. "x > 0".
    public func requireValues(
        in support: String, of model: String, minimumCount: Int = 1, _ isInSupport: (Double) -> Bool
    ) throws(InferenceError) {
        guard values.count >= minimumCount else {
            throw .data("the \(model) model needs at least \(minimumCount) row\(minimumCount == 1 ? "" : "s"), got \(values.count)")
        }
        if let row = values.firstIndex(where: { !$0.isFinite || !isInSupport($0) }) {
            throw .data("\(values[row]) is outside the support of the \(model) model (\(support))", at: .init(row: row + 1, column: name))
        }
    }

    /// Σ xᵢ.
    public var sum: Double { values.reduce(0, +) }

    /// The arithmetic mean.
    public var mean: Double { sum / Double(values.count) }

    /// Σ g(xᵢ).
    public func sum(_ transform: (Double) -> Double) -> Double {
        values.reduce(0) { $0 + transform($1) }
    }

    /// Σ(xᵢ − c) and Σ(xᵢ − c)², each in eight interleaved running sums (lane k adds the terms
    /// k, k + 8, …) added pairwise at the end, then the last few terms: one pass the compiler
    /// vectorises (a single running sum waits on each addition before the next), no less
    /// accurate, but not the same bits as ``sum(_:)``: for the closed forms, whose
    /// iterations-free results do not steer a solver. From ``parallelCount`` values on, each block
    /// of ``block`` values is summed so on all cores and the blocks' sums are added in order: the
    /// same bits on any number of threads.
    func centredSums(about centre: Double) -> (deviations: Double, squares: Double) {
        values.withUnsafeBufferPointer { x in
            guard x.count >= Self.parallelCount else { return Self.centredSums(x, centre) }
            return RowBlocks(rows: x.count, blockRows: Self.block)
                .map { Self.centredSums(UnsafeBufferPointer(rebasing: x[$0]), centre) }
                .reduce((0, 0)) { ($0.0 + $1.0, $0.1 + $1.1) }
        }
    }

    /// Samples this long are summed a block at a time on all cores (a shorter one's 8 MB or
    /// less take about what waking the workers costs).
    static let parallelCount = 1 << 20

    /// The values of a block.
    static let block = 1 << 16

    private static func centredSums(_ x: UnsafeBufferPointer<Double>, _ centre: Double) -> (deviations: Double, squares: Double) {
        guard let base = x.baseAddress.map(UnsafeRawPointer.init) else { return (0, 0) }
        var deviations = SIMD8<Double>()
        var squares = SIMD8<Double>()
        let c = SIMD8<Double>(repeating: centre)
        var i = 0
        while i + 8 <= x.count {
            let d = base.loadUnaligned(fromByteOffset: 8 * i, as: SIMD8<Double>.self) - c
            deviations += d
            squares += d * d
            i += 8
        }
        var tails = (0.0, 0.0)
        while i < x.count {
            let d = x[i] - centre
            tails.0 += d
            tails.1 += d * d
            i += 1
        }
        func total(_ lanes: SIMD8<Double>) -> Double {
            let quads = lanes.lowHalf + lanes.highHalf
            let pairs = quads.lowHalf + quads.highHalf
            return pairs[0] + pairs[1]
        }
        return (total(deviations) + tails.0, total(squares) + tails.1)
    }
}

extension Double {
    /// Whether the value is a whole number.
    var isWholeNumber: Bool { isFinite && rounded() == self }
}
