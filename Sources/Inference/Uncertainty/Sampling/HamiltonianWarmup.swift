import Foundation
import GSL

/// Nesterov's dual averaging of log ε towards a mean acceptance statistic δ (Hoffman & Gelman
/// 2014, section 3.2), with Stan's constants: δ = 0.8, γ = 0.05, κ = 0.75, t₀ = 10, and μ =
/// log(10 ε₀) from the step size it restarts at.
struct DualAveraging {
    let target = 0.8
    let gamma = 0.05
    let kappa = 0.75
    let t0 = 10.0
    private var mu: Double
    private var counter = 0.0
    private var sBar = 0.0
    private var xBar = 0.0

    /// Adaptation restarted at the step size ε₀.
    init(restartingAt stepSize: Double) { mu = log(10 * stepSize) }

    /// Starts over from the step size ε₀ (after each metric update).
    mutating func restart(at stepSize: Double) { self = DualAveraging(restartingAt: stepSize) }

    /// The next step size after a transition whose acceptance statistic was `statistic`.
    mutating func learn(_ statistic: Double) -> Double {
        counter += 1
        let eta = 1 / (counter + t0)
        sBar = (1 - eta) * sBar + eta * (target - min(1, statistic))
        let x = mu - sBar * counter.squareRoot() / gamma
        let weight = pow(counter, -kappa)
        xBar = (1 - weight) * xBar + weight * x
        return exp(x)
    }

    /// The step size the sampling iterations use: exp of the averaged log ε.
    var finalStepSize: Double { exp(xBar) }
}

/// Stan's warmup windows: an initial buffer (75 iterations) where only ε adapts, then windows of
/// 25, 50, 100, … iterations at whose ends M⁻¹ is re-estimated from the window's draws, the last
/// window stretched to the terminal buffer (50) where ε adapts to the final metric. Warmups shorter
/// than 150 iterations split as 15% / 75% / 10%; under 20 the metric does not adapt.
struct WarmupWindows {
    private let warmup: Int
    private let initialBuffer: Int
    private let terminalBuffer: Int
    private var counter = 0
    private var windowSize: Int
    private var nextWindow: Int

    init(warmup: Int) {
        self.warmup = warmup
        var (initial, terminal, base) = (75, 50, 25)
        if warmup < 20 {
            (initial, terminal, base) = (warmup, 0, 0)
        } else if initial + base + terminal > warmup {
            initial = Int(0.15 * Double(warmup))
            terminal = Int(0.1 * Double(warmup))
            base = warmup - initial - terminal
        }
        initialBuffer = initial
        terminalBuffer = terminal
        windowSize = base
        nextWindow = warmup < 20 ? -1 : initial + base - 1
    }

    /// Whether warmup iteration `counter` (the next one) contributes to the metric's estimate.
    var collects: Bool { counter >= initialBuffer && counter < warmup - terminalBuffer }

    /// Advances past one warmup iteration; true when it ended a window (M⁻¹ is then re-estimated).
    mutating func advance() -> Bool {
        defer { counter += 1 }
        guard counter == nextWindow else { return false }
        let last = warmup - terminalBuffer - 1
        if nextWindow != last {
            windowSize *= 2
            nextWindow = counter + windowSize
            // a window that would leave the next one shorter than twice its size takes it in
            if nextWindow != last && nextWindow + 2 * windowSize >= warmup - terminalBuffer { nextWindow = last }
        }
        return true
    }
}

/// Welford's running mean and (co)variance of a window's draws, regularised as Stan does:
/// n/(n + 5)·Σ̂ + 10⁻³·5/(n + 5)·I.
struct WindowEstimator {
    private let dense: Bool
    private var count = 0.0
    private var mean: [Double]
    private var squares: [Double]

    init(dimension d: Int, dense: Bool) {
        self.dense = dense
        mean = [Double](repeating: 0, count: d)
        squares = [Double](repeating: 0, count: dense ? d * d : d)
    }

    mutating func add(_ q: [Double]) {
        count += 1
        let d = mean.count
        let before = zip(q, mean).map(-)
        for i in 0..<d { mean[i] += before[i] / count }
        if dense {
            for i in 0..<d {
                for j in 0..<d { squares[i * d + j] += before[i] * (q[j] - mean[j]) }
            }
        } else {
            for i in 0..<d { squares[i] += before[i] * (q[i] - mean[i]) }
        }
    }

    /// The regularised estimate, as a metric; the window then starts over. Nil when it is not
    /// finite or not positive definite (the old metric is kept).
    mutating func metric() -> EuclideanMetric? {
        let d = mean.count
        let n = count
        let shrink = n / (n + 5)
        let floor = 1e-3 * 5 / (n + 5)
        defer { self = WindowEstimator(dimension: d, dense: dense) }
        guard n >= 2 else { return nil }
        if dense {
            var covariance = Matrix(rows: d, columns: d)
            for i in 0..<d {
                for j in 0..<d { covariance[i, j] = shrink * squares[i * d + j] / (n - 1) + (i == j ? floor : 0) }
            }
            guard covariance.values.allSatisfy(\.isFinite) else { return nil }
            return EuclideanMetric(covariance: covariance)
        }
        let variances = squares.map { shrink * $0 / (n - 1) + floor }
        guard variances.allSatisfy({ $0.isFinite && $0 > 0 }) else { return nil }
        return EuclideanMetric(variances: variances)
    }
}
