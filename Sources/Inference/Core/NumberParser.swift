import Foundation

/// Decimal numbers to `Double`, correctly rounded.
///
/// Up to 19 significant digits with a decimal exponent in ±27 take an exact integer path:
/// Clinger's (a mantissa below 2⁵³ times an exact power of ten up to 10²²), else the mantissa
/// times 5ᵉ as a 128-bit product, or divided by 5ᵉ as a 128-bit quotient with a sticky bit, then
/// one rounding to 53 bits and an exact scaling by a power of two. Everything else goes to
/// `strtod`.
enum NumberParser {
    // literals, so the compiler lays the tables out statically (no lazy initialisation to check
    // on every number)
    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22,
    ]
    private static let powersOfFive: [UInt64] = [
        1, 5, 25, 125, 625, 3125, 15625, 78125, 390625, 1953125, 9765625, 48828125, 244140625, 1220703125,
        6103515625, 30517578125, 152587890625, 762939453125, 3814697265625, 19073486328125, 95367431640625,
        476837158203125, 2384185791015625, 11920928955078125, 59604644775390625, 298023223876953125,
        1490116119384765625, 7450580596923828125,
    ]

    /// The number that is exactly `bytes[start..<end]`, or nil.
    static func parse(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Double? {
        guard let (value, stop) = scan(bytes, start, end), stop == end else { return nil }
        return value
    }

    /// The longest number that starts at `start` (before `end`) and the index after it, or nil
    /// when none starts there: what lets the parser read a cell without first finding its end.
    @inline(__always)
    static func scan(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> (Double, Int)? {
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
        while i < end, bytes[i] &- 48 < 10 {
            sawDigit = true
            if significant < 19 {
                mantissa = mantissa &* 10 &+ UInt64(bytes[i] &- 48)
                if mantissa > 0 { significant += 1 }
            } else {
                exponent += 1
                dropped += 1
            }
            i += 1
        }
        if i < end && bytes[i] == UInt8(ascii: ".") {
            i += 1
            while i < end, bytes[i] &- 48 < 10 {
                sawDigit = true
                if significant < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(bytes[i] &- 48)
                    if mantissa > 0 { significant += 1 }
                    exponent -= 1
                } else {
                    dropped += 1
                }
                i += 1
            }
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
        guard dropped == 0, let magnitude = exact(mantissa, exponent) else {
            return slowPath(bytes, start, i).map { ($0, i) }
        }
        return (negative ? -magnitude : magnitude, i)
    }

    /// mantissa · 10^exponent correctly rounded, when the exact integer paths apply.
    @inline(__always)
    static func exact(_ mantissa: UInt64, _ exponent: Int) -> Double? {
        if mantissa <= 1 << 53 && abs(exponent) <= 22 {
            return exponent >= 0 ? Double(mantissa) * powersOfTen[exponent] : Double(mantissa) / powersOfTen[-exponent]
        }
        if exponent > 0 && exponent <= 27 {
            let product = mantissa.multipliedFullWidth(by: powersOfFive[exponent])
            return rounded(high: product.high, low: product.low, sticky: false, scale: exponent)
        }
        if exponent < 0 && exponent >= -27 {
            let divisor = powersOfFive[-exponent]
            // N = mantissa · 2^shift fills 127 bits, so the quotient keeps at least 64 bits
            let shift = 63 + mantissa.leadingZeroBitCount
            let high = shift >= 64 ? mantissa << (shift - 64) : mantissa >> 1
            let low: UInt64 = shift >= 64 ? 0 : mantissa << 63
            let (quotientHigh, remainderHigh) = high.quotientAndRemainder(dividingBy: divisor)
            let (quotientLow, remainder) = divisor.dividingFullWidth((remainderHigh, low))
            return rounded(high: quotientHigh, low: quotientLow, sticky: remainder != 0, scale: exponent - shift)
        }
        if exponent == 0 { return Double(mantissa) }
        return nil
    }

    /// (high·2⁶⁴ + low + sticky·ε) · 2^scale rounded once to a double: the 64 leading bits with
    /// the sticky bit in the lowest, converted by the hardware's round-to-nearest-even.
    @inline(__always)
    private static func rounded(high: UInt64, low: UInt64, sticky: Bool, scale: Int) -> Double {
        var top: UInt64
        var exponent = scale
        var lost = sticky
        if high == 0 {
            let zeros = low.leadingZeroBitCount
            top = low << zeros
            exponent -= zeros
        } else {
            let zeros = high.leadingZeroBitCount
            top = zeros == 0 ? high : (high << zeros) | (low >> (64 - zeros))
            lost = lost || (zeros == 0 ? low : low << zeros) != 0
            exponent += 64 - zeros
        }
        if lost { top |= 1 }
        return Double(sign: .plus, exponent: exponent, significand: Double(top))
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
