import Foundation
import GSL

/// Successes out of a fixed number of trials N per row: xᵢ ~ Binomial(N, p); p̂ = Σxᵢ / (nN).
public struct BinomialModel: StatisticalModel {
    /// N, the trials behind every row.
    public let trials: Int

    /// The binomial model with `trials` trials a row; a usage error unless 1 ≤ trials ≤ 2³² − 1.
    public init(trials: Int) throws(InferenceError) {
        guard trials >= 1, trials <= Int(UInt32.max) else {
            throw .usage("\(setting("trials")) must be a whole number from 1 to \(UInt32.max), got \(trials)")
        }
        self.trials = trials
    }

    /// The command-line name, `binomial`.
    public var name: String { "binomial" }
    /// One parameter, `p`, the success probability of each trial.
    public var parameterNames: [String] { ["p"] }
    /// p ∈ [0, 1].
    public var parameterSupports: [ParameterSupport] { [.unitInterval] }

    /// Rejects an empty sample and any value that is not a whole number from 0 to N.
    public func validate(_ data: Sample) throws(InferenceError) {
        try data.requireValues(in: "whole numbers from 0 to \(trials) (\(setting("trials")))", of: name) {
            $0.isWholeNumber && $0 >= 0 && $0 <= Double(trials)
        }
    }

    /// The number of rows n (not the nN trials).
    public func observationCount(_ data: Sample) -> Int { data.count }

    private func failures(_ data: Sample) -> Double { Double(data.count * trials) - data.sum }

    /// ∑ log C(N, xᵢ) + s log p + (nN − s) log(1 − p) with s = ∑xᵢ, taking 0 · log 0 = 0.
    public func logLikelihood(_ parameters: [Double], on data: Sample) -> Double {
        guard parameters.count == 1, let p = parameters.first, p >= 0, p <= 1 else { return -.infinity }
        let constant = data.sum { (try? SpecialFunctions.logBinomialCoefficient(trials, Int($0))) ?? -.infinity }
        return constant + xLogY(data.sum, p) + xLog1pY(failures(data), -p)
    }

    /// Analytic, in p: s/p − (nN − s)/(1 − p) with s = ∑xᵢ.
    public func gradient(_ parameters: [Double], on data: Sample) -> [Double]? {
        let p = parameters[0]
        return [data.sum / p - failures(data) / (1 - p)]
    }

    /// Analytic, in p: the 1 × 1 matrix −s/p² − (nN − s)/(1 − p)² with s = ∑xᵢ.
    public func hessian(_ parameters: [Double], on data: Sample) -> Matrix? {
        let p = parameters[0]
        return Matrix.diagonal([-data.sum / (p * p) - failures(data) / ((1 - p) * (1 - p))])
    }

    /// p̂ = ∑xᵢ/(nN); never throws (p̂ is 0 or 1, on the boundary, when no or every trial succeeds).
    public func closedFormMaximumLikelihood(on data: Sample) throws(InferenceError) -> [Double]? {
        [data.sum / Double(data.count * trials)]
    }
}

extension BinomialModel: DistributionFamily {
    /// True: counts of successes.
    public var isDiscrete: Bool { true }
    /// The trials N behind each row.
    public var largestValue: Double? { Double(trials) }
}
