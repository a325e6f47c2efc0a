import Foundation

/// Large buffers backed by the kernel's transparent huge pages where it offers them: a first
/// write to a fresh 4 KiB page traps into the kernel, which zeroes and maps it (≈ 1.5 µs a page
/// here, 12.7 ms for 33.6 MB, and 2.1 ms more to unmap it at the end); a 2 MiB huge page is one
/// trap and one unmap (2.6 ms for the same 33.6 MB). Only regions of whole, aligned 2 MiB ranges
/// can be huge, and only those the process marks (`MADV_HUGEPAGE`) where the system's setting is
/// `madvise`, the common default.
///
/// A Swift array's storage comes from `malloc`, which maps a large block on its own (when it is
/// above `malloc`'s threshold); ``doubles(count:huge:_:)`` sizes an array so that its numbers
/// start a huge page. Raw buffers (``allocateDoubles(count:huge:)``) are simply aligned to one.
/// Where any of this does not hold (another allocator, an older kernel, huge pages off), the
/// buffer is an ordinary one: only the speed differs, never the contents.
///
/// In a virtual machine whose balloon device reports free pages to the host (free page
/// reporting), huge pages are a loss: free 2 MiB blocks go back to the host a couple of seconds
/// after they are freed, and a huge page is taken from such a block, which the host must then
/// fault in again, while 4 KiB pages come from recently freed, still backed memory. On such a
/// machine (an AMD EPYC guest) a C loop writing 33.6 MB of fresh memory took 4 ms on huge pages
/// and 20 ms on 4 KiB pages back to back, but 28–97 ms against 18–24 ms with 3 s between runs;
/// the logistic MLE of 200,000 × 20, 3 s apart, 0.20 s with huge pages against 0.13 s without
/// (0.16 s of it in the kernel against 0.04). A command is run now and then, so there ``used``
/// is false and the buffers are ordinary ones.
enum HugePages {
    /// The size of a huge page (a PMD on x86-64 and arm64 with 4 KiB pages).
    static let size = 2 << 20

    /// The smallest buffer worth it: one huge page (a buffer is then at most twice its size in
    /// memory, and only where it spans a page it does not fill).
    static let threshold = size

    /// Whether large buffers are sized and marked for huge pages: the system offers them (its
    /// setting is `always` or `madvise`) and no balloon device bound to its driver reports free
    /// pages to a host (read once, a few small files of sysfs).
    static let used: Bool = {
        #if os(Linux)
        let setting = try? String(contentsOfFile: "/sys/kernel/mm/transparent_hugepage/enabled", encoding: .utf8)
        let balloons = "/sys/bus/virtio/drivers/virtio_balloon"
        let devices = ((try? FileManager.default.contentsOfDirectory(atPath: balloons)) ?? []).filter { $0.hasPrefix("virtio") }
        let features = devices.compactMap { try? String(contentsOfFile: balloons + "/" + $0 + "/features", encoding: .utf8) }
        return worthUsing(setting: setting, balloonFeatures: features)
        #else
        return false
        #endif
    }()

    /// ``used`` from the system's huge-page `setting` (nil when unreadable) and the feature bits
    /// of the balloon devices bound to their driver.
    static func worthUsing(setting: String?, balloonFeatures: [String]) -> Bool {
        guard let setting, setting.contains("[always]") || setting.contains("[madvise]") else { return false }
        return !balloonFeatures.contains(where: reportsFreePages(features:))
    }

    /// Whether a virtio balloon with these feature bits, as sysfs shows them (one character a bit,
    /// bit 0 first), reports free pages to the host (`VIRTIO_BALLOON_F_REPORTING`, bit 5).
    static func reportsFreePages(features: String) -> Bool {
        let bits = Array(features.trimmingCharacters(in: .whitespacesAndNewlines))
        return bits.count > 5 && bits[5] == "1"
    }

    /// An array of `count` doubles that `fill` writes (it gets them uninitialised: Double is
    /// trivial, and the caller writes each entry it later reads), its storage marked for huge
    /// pages when large and `huge`.
    ///
    /// The array's header is written when it is allocated, before it can be marked, so the 2 MiB
    /// range that holds the header keeps 4 KiB pages; the doubles past the range's end can be
    /// huge. Its capacity is chosen so that `malloc` maps whole huge pages and one 4 KiB page
    /// more, all but 16 bytes of it the array's (the request is k · 2 MiB + 4 KiB − 32 bytes,
    /// the array's 32-byte header included; `malloc` puts its 16-byte header before it, adds 8
    /// and rounds to 16 bytes, then to pages): Linux places a new mapping just below the
    /// lowest one, which for a large one usually ends on a huge page, so the header's page is
    /// the last 4 KiB of a range and the doubles run from the next huge page on (each further
    /// such array 4 KiB lower than the last). Where that does not hold, part of the array is
    /// still huge: only the speed differs. `huge` (by default ``used``) lets a test take either
    /// path on any machine.
    static func doubles(count: Int, huge: Bool = used, _ fill: (UnsafeMutableBufferPointer<Double>) -> Void) -> [Double] {
        let request = 32 + count * 8
        let capacity = huge && request >= threshold ? ((request + size - 1) / size * size + 4096 - 64) / 8 : count
        return [Double](unsafeUninitializedCapacity: capacity) { buffer, filled in
            if capacity > count { advise(UnsafeRawPointer(buffer.baseAddress), bytes: capacity * 8) }
            fill(UnsafeMutableBufferPointer(rebasing: buffer[0..<count]))
            filled = count
        }
    }

    /// Uninitialised memory for `count` doubles, when large (and `huge`, by default ``used``) a
    /// whole number of huge pages aligned to one and marked for them; the caller deallocates it.
    static func allocateDoubles(count: Int, huge: Bool = used) -> UnsafeMutableBufferPointer<Double> {
        let bytes = max(1, count) * 8
        let large = huge && bytes >= threshold
        let whole = large ? (bytes + size - 1) / size * size : bytes
        let raw = UnsafeMutableRawPointer.allocate(byteCount: whole, alignment: large ? size : 16)
        if large { advise(raw, bytes: whole) }
        return UnsafeMutableBufferPointer(start: raw.bindMemory(to: Double.self, capacity: max(1, count)), count: count)
    }

    /// Marks the pages that hold the `bytes` bytes from `start` for huge pages (a hint, ignored
    /// where the system offers none; the region's partial pages at either end are its
    /// allocation's own headers and rounding).
    static func advise(_ start: UnsafeRawPointer?, bytes: Int) {
        #if os(Linux)
        guard let start, bytes >= threshold else { return }
        let page = Int(getpagesize())
        let first = Int(bitPattern: start) / page * page
        let last = (Int(bitPattern: start) + bytes + page - 1) / page * page
        guard let region = UnsafeMutableRawPointer(bitPattern: first) else { return }
        _ = madvise(region, last - first, MADV_HUGEPAGE)
        #endif
    }
}
