import Foundation

/// Reads the committed reference values under Tests/References (made by the scripts beside them).
public enum References {
    public static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("References")

    public static func url(_ relativePath: String) -> URL { directory.appendingPathComponent(relativePath) }

    public static func decode<T: Decodable>(_ type: T.Type, from relativePath: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(contentsOf: url(relativePath)))
    }
}

/// |actual − expected| ≤ tolerance · max(|expected|, floor).
public func isClose(_ actual: Double, _ expected: Double, relative tolerance: Double, floor: Double = 0) -> Bool {
    if actual == expected { return true }
    return abs(actual - expected) <= tolerance * max(abs(expected), floor)
}
