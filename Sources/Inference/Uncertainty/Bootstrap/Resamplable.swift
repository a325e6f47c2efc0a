/// Data whose rows can be drawn with replacement and split into folds.
public protocol Resamplable: Sendable {
    /// The number of rows.
    var rowCount: Int { get }
    /// The rows at `indices`, in that order, with repetition.
    func rows(_ indices: [Int]) -> Self
}

extension Sample: Resamplable {
    /// The number of observations.
    public var rowCount: Int { values.count }

    /// The observations at `indices`, in that order, under the same column name.
    public func rows(_ indices: [Int]) -> Sample { Sample(indices.map { values[$0] }, name: name) }
}

extension RegressionData: Resamplable {}

extension Array: Resamplable where Element == Double {
    /// The number of elements.
    public var rowCount: Int { count }

    /// The elements at `indices`, in that order.
    public func rows(_ indices: [Int]) -> [Double] { indices.map { self[$0] } }
}
