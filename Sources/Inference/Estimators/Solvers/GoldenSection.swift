import Foundation

/// Golden-section search for the maximum of a unimodal function on an interval.
enum GoldenSection {
    /// The midpoint of the bracket left after `iterations` steps on [low, high] (each shrinks it
    /// by 0.618).
    static func maximize(_ value: (Double) -> Double, low: Double, high: Double, iterations: Int) -> Double {
        var (low, high) = (low, high)
        let ratio = (5.0.squareRoot() - 1) / 2
        var a = high - ratio * (high - low)
        var b = low + ratio * (high - low)
        var fa = value(a)
        var fb = value(b)
        for _ in 0..<iterations {
            if fa > fb {
                high = b
                b = a
                fb = fa
                a = high - ratio * (high - low)
                fa = value(a)
            } else {
                low = a
                a = b
                fa = fb
                b = low + ratio * (high - low)
                fb = value(b)
            }
        }
        return (low + high) / 2
    }

    /// The steps that shrink a bracket of `width` to `target`.
    static func iterations(from width: Double, to target: Double) -> Int {
        max(0, Int((log(target / width) / log((5.0.squareRoot() - 1) / 2)).rounded(.up)))
    }
}
