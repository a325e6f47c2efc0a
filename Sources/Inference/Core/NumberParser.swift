import Foundation

/// Decimal numbers to `Double`, correctly rounded.
///
/// Up to 19 significant digits with a decimal exponent in −290…288 take an exact integer path:
/// Clinger's (a mantissa of at most 15 digits, or an integer below 2⁵³, times or over an exact
/// power of ten up to 10²²), else Eisel and Lemire's (the mantissa times a 128-bit truncated
/// power of five, which Mushtak and Lemire 2023 prove always enough; as fast_float computes it).
/// Everything else goes to `strtod`. A fraction's digits are read eight at a time where eight
/// follow (SWAR).
enum NumberParser {
    // literals, so the compiler lays the tables out statically (no lazy initialisation to check
    // on every number)
    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22,
    ]

    /// The number that is exactly `bytes[start..<end]`, or nil.
    static func parse(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Double? {
        guard let (value, stop) = scan(bytes, start, end), stop == end else { return nil }
        return value
    }

    /// The longest number that starts at `start` (before `end`) and the index after it, or nil
    /// when none starts there: what lets the parser read a cell without first finding its end.
    ///
    /// All digits go into one 64-bit word (wrapping), as fast_float reads them: leading zeros add
    /// nothing, so the word is the mantissa whenever at most 19 digits are significant; more go to
    /// ``scanGeneral(_:_:_:)``, which drops the digits past the 19th and leaves them to `strtod`.
    @inline(__always)
    static func scan(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> (Double, Int)? {
        guard start < end, let raw = bytes.baseAddress else { return nil }
        let p = raw.assumingMemoryBound(to: UInt8.self)
        var i = start
        // the sign without a branch (a column's signs are a coin flip to the branch predictor)
        let sign = p[i]
        let negative = sign == UInt8(ascii: "-")
        i &+= negative || sign == UInt8(ascii: "+") ? 1 : 0
        let first = i
        var mantissa: UInt64 = 0
        while i < end, p[i] &- 48 < 10 {
            mantissa = mantissa &* 10 &+ UInt64(p[i] &- 48)
            i += 1
        }
        var digitCount = i - first
        var exponent = 0
        if i < end && p[i] == UInt8(ascii: ".") {
            i += 1
            let fractionStart = i
            while end - i >= 8 {
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                guard isEightDigits(word) else { break }
                mantissa = mantissa &* 100_000_000 &+ eightDigits(word)
                i += 8
            }
            while i < end, p[i] &- 48 < 10 {
                mantissa = mantissa &* 10 &+ UInt64(p[i] &- 48)
                i += 1
            }
            exponent = fractionStart - i
            digitCount += i - fractionStart
        }
        guard digitCount > 0 else { return nil }
        if digitCount > 19 {
            // leading zeros (and the point among them) are no significant digits
            var s = first
            while s < i && (p[s] == UInt8(ascii: "0") || p[s] == UInt8(ascii: ".")) { s += 1 }
            var significant = 0
            for k in s..<i where p[k] != UInt8(ascii: ".") { significant += 1 }
            if significant > 19 { return scanGeneral(bytes, start, end) }
        }
        if i < end && p[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            var exponentNegative = false
            if i < end && (p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+")) {
                exponentNegative = p[i] == UInt8(ascii: "-")
                i += 1
            }
            let exponentStart = i
            var value = 0
            while i < end, p[i] &- 48 < 10 {
                if value < 100_000 { value = value * 10 + Int(p[i] &- 48) }
                i += 1
            }
            guard i > exponentStart else { return nil }
            exponent += exponentNegative ? -value : value
        }
        if mantissa == 0 { return (negative ? -0.0 : 0, i) }
        guard let magnitude = exact(mantissa, exponent, digits: digitCount) else { return slowPath(bytes, start, i).map { ($0, i) } }
        return (Double(bitPattern: magnitude.bitPattern | (negative ? 1 << 63 : 0)), i)
    }

    /// Whether the eight bytes of `word` are all ASCII digits.
    @inline(__always)
    private static func isEightDigits(_ word: UInt64) -> Bool {
        ((word & 0xF0F0_F0F0_F0F0_F0F0) | (((word &+ 0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0) >> 4)) == 0x3333_3333_3333_3333
    }

    /// The value of eight ASCII digits in a word, the first in its lowest byte (fast_float's SWAR).
    @inline(__always)
    private static func eightDigits(_ word: UInt64) -> UInt64 {
        var value = word &- 0x3030_3030_3030_3030
        value = (value &* 10) &+ (value >> 8)
        let mask: UInt64 = 0x0000_00FF_0000_00FF
        let high = (value & mask) &* (100 &+ (1_000_000 << 32))
        let low = ((value >> 16) & mask) &* (1 &+ (10_000 << 32))
        return (high &+ low) >> 32
    }

    /// ``scan(_:_:_:)`` for any number of digits: up to 19 significant ones kept, the rest
    /// dropped (and the number then left to `strtod`).
    private static func scanGeneral(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> (Double, Int)? {
        guard start < end else { return nil }
        var i = start
        var negative = false
        if bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        var mantissa: UInt64 = 0
        var dropped = 0
        var significant = 0
        var exponent = 0
        var sawDigit = false
        // leading zeros are no significant digits
        while i < end && bytes[i] == UInt8(ascii: "0") {
            sawDigit = true
            i += 1
        }
        digits(bytes, &i, end, &mantissa, &significant, &dropped, &sawDigit, &exponent, fraction: false)
        if i < end && bytes[i] == UInt8(ascii: ".") {
            i += 1
            if mantissa == 0 {
                while i < end && bytes[i] == UInt8(ascii: "0") {
                    sawDigit = true
                    exponent -= 1
                    i += 1
                }
            }
            digits(bytes, &i, end, &mantissa, &significant, &dropped, &sawDigit, &exponent, fraction: true)
        }
        guard sawDigit else { return nil }
        if i < end && (bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")) {
            i += 1
            var exponentNegative = false
            if i < end && (bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+")) {
                exponentNegative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            var value = 0
            var sawExponentDigit = false
            while i < end, bytes[i] &- 48 < 10 {
                sawExponentDigit = true
                if value < 100_000 { value = value * 10 + Int(bytes[i] &- 48) }
                i += 1
            }
            guard sawExponentDigit else { return nil }
            exponent += exponentNegative ? -value : value
        }
        if mantissa == 0 { return (negative ? -0.0 : 0, i) }
        guard dropped == 0, let magnitude = exact(mantissa, exponent, digits: significant) else {
            return slowPath(bytes, start, i).map { ($0, i) }
        }
        return (negative ? -magnitude : magnitude, i)
    }

    /// Reads the digits at `i` into `mantissa` (whose first digit, if any, is not 0), up to eight
    /// at a time while 19 significant digits are not reached, then one at a time; a digit past
    /// the 19th is dropped. An integer part's dropped digit raises the exponent; a fraction's
    /// kept digit lowers it.
    @inline(__always)
    private static func digits(
        _ bytes: UnsafeRawBufferPointer, _ i: inout Int, _ end: Int, _ mantissa: inout UInt64, _ significant: inout Int,
        _ dropped: inout Int, _ sawDigit: inout Bool, _ exponent: inout Int, fraction: Bool
    ) {
        while significant <= 11, let (value, count) = upToEightDigits(bytes, i, end) {
            guard count > 0 else { return }
            sawDigit = true
            mantissa = mantissa &* powersOfTenInteger[count] &+ value
            significant += count
            if fraction { exponent -= count }
            i += count
            if count < 8 { return }
        }
        while i < end, bytes[i] &- 48 < 10 {
            sawDigit = true
            if significant < 19 {
                mantissa = mantissa &* 10 &+ UInt64(bytes[i] &- 48)
                significant += 1
                if fraction { exponent -= 1 }
            } else {
                dropped += 1
                if !fraction { exponent += 1 }
            }
            i += 1
        }
    }

    private static let powersOfTenInteger: [UInt64] = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000]

    /// The value and number of the (up to eight) ASCII digits at `start`, found in one 8-byte
    /// word; nil when fewer than eight bytes remain (fast_float's SWAR conversion, the digits
    /// shifted to the word's top and the rest filled with '0').
    @inline(__always)
    private static func upToEightDigits(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> (UInt64, Int)? {
        guard end - start >= 8, let base = bytes.baseAddress else { return nil }
        let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: start, as: UInt64.self))
        // a byte is a digit when its high nibble is 3 and adding 6 keeps it so (a carry out of a
        // byte ≥ 0xFA reaches only later bytes, past the first non-digit)
        let notDigit = ((word & 0xF0F0_F0F0_F0F0_F0F0) ^ 0x3030_3030_3030_3030)
            | (((word &+ 0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0) ^ 0x3030_3030_3030_3030)
        let count = notDigit == 0 ? 8 : notDigit.trailingZeroBitCount / 8
        guard count > 0 else { return (0, 0) }
        let shifted = count == 8 ? word : (word << (8 * (8 - count))) | (0x3030_3030_3030_3030 >> (8 * count))
        var value = shifted &- 0x3030_3030_3030_3030
        value = (value &* 10) &+ (value >> 8)  // pairs of digits
        let mask: UInt64 = 0x0000_00FF_0000_00FF
        let high = (value & mask) &* (100 &+ (1_000_000 << 32))
        let low = ((value >> 16) & mask) &* (1 &+ (10_000 << 32))
        return ((high &+ low) >> 32, count)
    }

    /// mantissa · 10^exponent correctly rounded, when the exact integer paths apply (a mantissa
    /// of at most 19 digits, exactly as written, in at most `digits` digits).
    // transparent: `@inline(__always)` left it a call in the plain-row loop, whose spills cost
    // ≈ 1 ns a number (4.9 ms of 133 on a 4.2-million-number table on one core)
    @_transparent
    static func exact(_ mantissa: UInt64, _ exponent: Int, digits: Int) -> Double? {
        // Clinger's for a mantissa of at most 15 digits (below 2⁵³ whatever they are) or an
        // integer; other fractions go to Eisel–Lemire, also when a quotient would be exact: in a
        // column of printed doubles (16 or 17 digits) about half the mantissas are below 2⁵³,
        // and a branch on the mantissa's size was mispredicted that often
        if abs(exponent) <= 22 && (digits <= 15 || exponent >= 0 && mantissa <= 1 << 53) {
            return exponent >= 0 ? Double(mantissa) * powersOfTen[exponent] : Double(mantissa) / powersOfTen[-exponent]
        }
        guard exponent >= smallestExponent && exponent <= largestExponent else { return nil }
        // Eisel–Lemire: the normalised mantissa times the power of five's leading 128 bits
        let zeros = mantissa.leadingZeroBitCount
        let w = mantissa << zeros
        let index = 2 * (exponent - smallestExponent)
        var (high, low) = w.multipliedFullWidth(by: powersOfFive128[index])
        if high & 0x1FF == 0x1FF {  // the 55 bits kept might carry from further down: one more word
            let next = w.multipliedFullWidth(by: powersOfFive128[index + 1]).high
            let (sum, carry) = low.addingReportingOverflow(next)
            low = sum
            if carry { high &+= 1 }
        }
        let upperBit = Int(high >> 63)
        let shift = upperBit + 9
        var significand = high >> shift
        var power2 = (((152_170 + 65_536) * exponent) >> 16) + 63 + upperBit - zeros + 1023
        // exactly halfway (only possible for small exponents): round to even, not up
        if low <= 1 && exponent >= -4 && exponent <= 23 && significand & 3 == 1 && significand << shift == high {
            significand &= ~1
        }
        significand += significand & 1
        significand >>= 1
        if significand >= 1 << 53 {
            significand = 1 << 52
            power2 += 1
        }
        guard power2 > 0 && power2 < 2047 else { return nil }
        return Double(bitPattern: (significand & ((1 << 52) - 1)) | (UInt64(power2) << 52))
    }

    private static func slowPath(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Double? {
        let length = end - start
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { buffer -> Double? in
            guard let base = buffer.baseAddress else { return nil }
            for k in 0..<length { base[k] = CChar(bitPattern: bytes[start + k]) }
            base[length] = 0
            var endPointer: UnsafeMutablePointer<CChar>?
            let value = strtod(base, &endPointer)
            guard let endPointer, endPointer - base == length else { return nil }
            return value
        }
    }
}
