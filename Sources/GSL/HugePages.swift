#if canImport(Glibc)
import Glibc
#endif

/// Buffers of megabytes on the kernel's 2 MiB pages.
///
/// A process's fresh memory arrives one 4 KiB page at a time, each page the fault of its first
/// write. In a virtual machine that fault costs 2–3 µs (on the AMD EPYC guest of
/// Benchmarks/README.md, 32 MB took 21 ms to touch in 4 KiB pages, 3 ms in 2 MiB ones). Where
/// transparent huge pages are on in their `madvise` mode (the default of Debian and most
/// distributions), a range advised with `MADV_HUGEPAGE` faults 2 MiB at a time. `infer` puts its
/// whole heap there (``GSLRuntime/keepTheHeapOnHugePages()``); a buffer larger than the heap's
/// allocations (32 MiB and up: its own mapping) or in a library user's process is advised here,
/// where it is made. Only whole 2 MiB pages inside the buffer are advised, so nothing outside it
/// changes. Elsewhere (another kernel setting, another system) this does nothing.
package enum HugePages {
    /// The size of one huge page on x86-64 and arm64 Linux with 4 KiB base pages.
    package static let size = 2 << 20

    /// Advises the whole huge pages inside `start ..< start + byteCount`.
    package static func advise(_ start: UnsafeMutableRawPointer?, byteCount: Int) {
        #if os(Linux)
        guard let start, byteCount >= size else { return }
        let mask = UInt(size - 1)
        let lower = (UInt(bitPattern: start) + mask) & ~mask
        let upper = (UInt(bitPattern: start) + UInt(byteCount)) & ~mask
        guard upper > lower, let aligned = UnsafeMutableRawPointer(bitPattern: lower) else { return }
        _ = madvise(aligned, Int(upper - lower), MADV_HUGEPAGE)  // a refusal leaves the small pages
        #endif
    }
}

extension Array {
    /// An array of `count` elements that `fill` initialises, every one of them, on huge pages
    /// where that is large.
    package static func filled(count: Int, _ fill: (UnsafeMutableBufferPointer<Element>) -> Void) -> [Element] {
        [Element](unsafeUninitializedCapacity: Swift.max(0, count)) { buffer, initialized in
            HugePages.advise(UnsafeMutableRawPointer(buffer.baseAddress), byteCount: buffer.count * MemoryLayout<Element>.stride)
            fill(buffer)
            initialized = buffer.count
        }
    }
}
