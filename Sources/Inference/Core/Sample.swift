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
}

extension Double {
    /// Whether the value is a whole number.
    var isWholeNumber: Bool { isFinite && rounded() == self }
}
