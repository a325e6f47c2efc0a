/// Data whose rows can be drawn with replacement and split into folds.
public protocol Resamplable: Sendable {
    /// The number of rows.
    var rowCount: Int { get }
    /// The rows at `indices`, in that order, with repetition.
    func rows(_ indices: [Int]) -> Self
}

extension Sample: Resamplable {
    public var rowCount: Int { values.count }

    public func rows(_ indices: [Int]) -> Sample { Sample(indices.map { values[$0] }, name: name) }
}

extension RegressionData: Resamplable {}

extension Array: Resamplable where Element == Double {
    public var rowCount: Int { count }

    public func rows(_ indices: [Int]) -> [Double] { indices.map { self[$0] } }
}
