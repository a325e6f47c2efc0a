import CGSL

extension UnsafeRawBufferPointer {
    /// How many bytes in `range` equal `byte`: 32 at a time in the lanes of a vector (the shim's
    /// `cgsl_count_byte`), at the speed of memory.
    package func count(of byte: UInt8, in range: Range<Int>) -> Int {
        guard let base = baseAddress, !range.isEmpty, range.lowerBound >= 0, range.upperBound <= count else { return 0 }
        return cgsl_count_byte(base.assumingMemoryBound(to: UInt8.self) + range.lowerBound, range.count, byte)
    }
}

extension UnsafeRawBufferPointer {
    /// Asks for the cache line of the byte at `offset` ahead of its use (no effect on results; no
    /// bounds: a prefetch of any address is harmless).
    @inlinable @inline(__always)
    package func prefetch(_ offset: Int) {
        guard let base = baseAddress else { return }
        cgsl_prefetch(base + offset)
    }
}
