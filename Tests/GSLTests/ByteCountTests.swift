@testable import GSL
import Testing

/// The shim's byte count agrees with a loop over the bytes: for lengths around its vectors of 32
/// and its stretches of 255 vectors, any range, and bytes that match everywhere or nowhere.
@Suite struct ByteCountTests {
    @Test func countsAsALoopDoes() {
        var state: UInt64 = 12_345
        let bytes = (0..<20_000).map { _ -> UInt8 in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 59)  // 0...31: many matches
        }
        bytes.withUnsafeBytes { buffer in
            for (lower, upper) in [(0, 0), (0, 1), (0, 31), (0, 32), (0, 33), (3, 8163), (0, 8160), (1, 8161), (0, 8192), (17, 20_000)] {
                for byte: UInt8 in [10, 0, 31, 200] {
                    let expected = bytes[lower..<upper].reduce(0) { $0 + ($1 == byte ? 1 : 0) }
                    #expect(buffer.count(of: byte, in: lower..<upper) == expected, "\(byte) in \(lower)..<\(upper)")
                }
            }
        }
        let same = [UInt8](repeating: 10, count: 70_000)  // every lane matches in every vector
        same.withUnsafeBytes { #expect($0.count(of: 10, in: 0..<70_000) == 70_000) }
    }
}
