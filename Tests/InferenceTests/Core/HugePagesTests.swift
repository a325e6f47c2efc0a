import Foundation
@testable import Inference
import Testing

/// Buffers marked for huge pages hold exactly what is written to them, at every size around the
/// threshold and the page boundaries (whether the system then backs them with huge pages or
/// not only changes the speed).
@Suite struct HugePagesTests {
    static let sizes: [Int] = {
        let page = HugePages.size / 8
        return [0, 1, 1_000, page - 5, page - 4, page, page + 1, 3 * page - 509, 3 * page + 7, 7 * page + 12_345]
    }()

    /// Both paths, whichever this machine takes (``HugePages/used``): sized and marked for huge
    /// pages, and ordinary.
    @Test(arguments: [true, false])
    func arraysHoldWhatTheirFillWrote(huge: Bool) {
        for count in Self.sizes {
            let values = HugePages.doubles(count: count, huge: huge) { buffer in
                for i in buffer.indices { buffer[i] = Double(i) * 0.5 - 3 }
            }
            #expect(values.count == count)
            #expect(values.capacity >= count)
            // sized to whole huge pages and one 4 KiB page (less malloc's and the array's
            // headers, plus malloc's rounding) when large and huge
            if huge && 32 + count * 8 >= HugePages.threshold {
                #expect((values.capacity * 8 + 64 - 4096) % HugePages.size < 64, "\(count)")
            }
            #expect(values.indices.allSatisfy { values[$0] == Double($0) * 0.5 - 3 }, "\(count)")
            // the array grows and copies as any other
            var grown = values
            grown.append(42)
            #expect(grown.count == count + 1 && grown.last == 42 && values.count == count)
        }
    }

    @Test(arguments: [true, false])
    func rawBuffersAreAlignedWhenLargeAndHoldWhatIsWritten(huge: Bool) {
        for count in Self.sizes {
            let buffer = HugePages.allocateDoubles(count: count, huge: huge)
            defer { buffer.deallocate() }
            #expect(buffer.count == count)
            if huge && count * 8 >= HugePages.threshold {
                #expect(Int(bitPattern: buffer.baseAddress) % HugePages.size == 0, "\(count)")
            }
            for i in buffer.indices { buffer[i] = Double(i) }
            #expect(buffer.indices.allSatisfy { buffer[$0] == Double($0) })
        }
    }

    /// Huge pages are left alone in a guest whose balloon reports free pages to the host (its
    /// feature bit 5, as sysfs shows the bits), and only there.
    @Test func freePageReportingIsReadFromTheBalloonsFeatureBits() {
        let reporting = "0110010100000000000000000000000010000000000000000000000000000000"
        let quiet = "0110000100000000000000000000000010000000000000000000000000000000\n"
        #expect(HugePages.reportsFreePages(features: reporting + "\n"))
        #expect(HugePages.reportsFreePages(features: "000001"))
        #expect(!HugePages.reportsFreePages(features: quiet))
        #expect(!HugePages.reportsFreePages(features: "01100"))
        #expect(!HugePages.reportsFreePages(features: ""))
        // the decision: huge pages where the system offers them and no balloon reports
        #expect(HugePages.worthUsing(setting: "always [madvise] never\n", balloonFeatures: []))
        #expect(HugePages.worthUsing(setting: "[always] madvise never\n", balloonFeatures: [quiet]))
        #expect(!HugePages.worthUsing(setting: "always [madvise] never\n", balloonFeatures: [quiet, reporting]))
        #expect(!HugePages.worthUsing(setting: "always madvise [never]\n", balloonFeatures: []))
        #expect(!HugePages.worthUsing(setting: nil, balloonFeatures: []))
    }
}
