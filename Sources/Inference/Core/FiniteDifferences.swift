import Foundation
import GSL

/// Central finite differences, the fallback when a model has no analytic derivatives.
///
/// Steps are h = ε^(1/3) · max(1, |θᵢ|) (ε the machine epsilon), which balances truncation
/// and rounding error for central differences (Nocedal & Wright 2006, §8.1).
public enum FiniteDifferences {
    private static let relativeStep = pow(Double.ulpOfOne, 1.0 / 3.0)

    /// ∇f at `point`.
    public static func gradient(of function: ([Double]) -> Double, at point: [Double]) -> [Double] {
        point.indices.map { i in
            let h = relativeStep * max(1, abs(point[i]))
            var forward = point
            var backward = point
            forward[i] += h
            backward[i] -= h
            return (function(forward) - function(backward)) / (forward[i] - backward[i])
        }
    }

    /// The Jacobian of a vector function at `point`, symmetrised when it is square (as a
    /// Hessian from gradient differences should be); nil when an entry is not finite.
    public static func jacobian(of function: ([Double]) -> [Double], at point: [Double]) -> Matrix? {
        let n = point.count
        var result = Matrix(rows: n, columns: n)
        for j in 0..<n {
            let h = relativeStep * max(1, abs(point[j]))
            var forward = point
            var backward = point
            forward[j] += h
            backward[j] -= h
            let up = function(forward)
            let down = function(backward)
            guard up.count == n, down.count == n else { return nil }
            for i in 0..<n { result[i, j] = (up[i] - down[i]) / (forward[j] - backward[j]) }
        }
        for i in 0..<n {
            for j in 0..<i {
                let average = (result[i, j] + result[j, i]) / 2
                result[i, j] = average
                result[j, i] = average
            }
        }
        return result.values.allSatisfy(\.isFinite) ? result : nil
    }
}
