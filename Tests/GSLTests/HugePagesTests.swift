import Foundation
@testable import GSL
import Testing

@Suite struct HugePagesTests {
    /// A file of /proc or /sys, read to its end (they report no size).
    static func text(_ path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        return (try? handle.readToEnd()).flatMap { String(data: $0, encoding: .utf8) }
    }

    /// The setting of transparent huge pages ("always", "madvise", "never"), nil where there is none.
    static var transparentHugePages: String? {
        guard let text = text("/sys/kernel/mm/transparent_hugepage/enabled"),
            let open = text.firstIndex(of: "["), let close = text.firstIndex(of: "]")
        else { return nil }
        return String(text[text.index(after: open)..<close])
    }

    /// The `THPeligible` flag of the mapping of this process that holds `address` (/proc/self/smaps).
    static func eligible(_ address: UInt) -> Bool? {
        guard let smaps = text("/proc/self/smaps") else { return nil }
        var inside = false
        for line in smaps.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if let range = fields.first, range.contains("-"), !range.hasSuffix(":") {
                let bounds = range.split(separator: "-").compactMap { UInt($0, radix: 16) }
                inside = bounds.count == 2 && bounds[0] <= address && address < bounds[1]
            } else if inside, fields.first == "THPeligible:" {
                return fields.last == "1"
            }
        }
        return nil
    }

    @Test func aFilledArrayHoldsWhatWasWrittenAndItsWholeHugePagesAreAdvised() throws {
        let count = 8 << 20  // 64 MiB of doubles: a mapping of its own, whole huge pages inside
        let values = [Double].filled(count: count) { buffer in
            for i in buffer.indices { buffer[i] = Double(i % 1000) }
        }
        #expect(values.count == count)
        #expect(values.indices.allSatisfy { values[$0] == Double($0 % 1000) })
        #expect([Double].filled(count: 0) { _ in }.isEmpty)
        #expect([Double].filled(count: 3) { $0.initialize(repeating: 2) } == [2, 2, 2])
        #if os(Linux)
        // with transparent huge pages on only where advised, the buffer's middle is eligible
        if Self.transparentHugePages == "madvise" {
            values.withUnsafeBufferPointer { buffer in
                let middle = UInt(bitPattern: buffer.baseAddress) + UInt(count * 4)
                #expect(Self.eligible(middle) == true)
            }
        }
        #endif
    }

    @Test func adviceOutsideWholeHugePagesIsNothing() {
        // a buffer without a whole aligned 2 MiB page inside, and no buffer: no call, no change
        let small = [UInt8].filled(count: HugePages.size - 1) { $0.initialize(repeating: 7) }
        #expect(small.allSatisfy { $0 == 7 })
        HugePages.advise(nil, byteCount: 1 << 30)
        var bytes = [UInt8](repeating: 1, count: 4096)
        bytes.withUnsafeMutableBytes { HugePages.advise($0.baseAddress, byteCount: $0.count) }
        #expect(bytes.allSatisfy { $0 == 1 })
    }
}
