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

    /// Σ g(xᵢ) in eight interleaved running sums (lane k adds the terms k, k + 8, …) added
    /// pairwise at the end: one pass the compiler vectorises (a single running sum waits on each
    /// addition before the next), and no less accurate, but not the same bits as ``sum(_:)``:
    /// for the closed forms, whose iterations-free results do not steer a solver.
    func laneSum(_ transform: (Double) -> Double) -> Double {
        values.withUnsafeBufferPointer { Self.laneSum($0, transform) }
    }

    @inline(__always)
    private static func laneSum(_ x: UnsafeBufferPointer<Double>, _ transform: (Double) -> Double) -> Double {
        var lanes = SIMD8<Double>()
        var i = 0
        while i + 8 <= x.count {
            lanes += SIMD8(
                transform(x[i]), transform(x[i + 1]), transform(x[i + 2]), transform(x[i + 3]), transform(x[i + 4]),
                transform(x[i + 5]), transform(x[i + 6]), transform(x[i + 7]))
            i += 8
        }
        var tail = 0.0
        while i < x.count {
            tail += transform(x[i])
            i += 1
        }
        let quads = lanes.lowHalf + lanes.highHalf
        let pairs = quads.lowHalf + quads.highHalf
        return (pairs[0] + pairs[1]) + tail
    }
}

extension Double {
    /// Whether the value is a whole number.
    var isWholeNumber: Bool { isFinite && rounded() == self }
}
