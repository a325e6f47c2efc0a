import Foundation
import GSL

/// Successes out of a fixed number of trials N per row: xᵢ ~ Binomial(N, p); p̂ = Σxᵢ / (nN).
public struct BinomialModel: StatisticalModel {
    /// N, the trials behind every row.
    public let trials: Int

    /// The binomial model with `trials` trials a row; a usage error unless trials ≥ 1.
    public init(trials: Int) throws(InferenceError) {
        guard trials >= 1, trials <= Int(UInt32.max) else {
            throw .usage("--trials must be a positive whole number, got \(trials)")
        }
        self.trials = trials
    }

    public var name: String { "binomial" }
    public var parameterNames: [String] { ["p"] }
    public var parameterSupports: [ParameterSupport] { [.unitInterval] }

    public func validate(_ data: Sample) throws(InferenceError) {
        try data.requireValues(in: "whole numbers from 0 to \(trials) (--trials)", of: name) {
            $0.isWholeNumber && $0 >= 0 && $0 <= Double(trials)
        }
    }

    public func observationCount(_ data: Sample) -> Int { data.count }

    private func failures(_ data: Sample) -> Double { Double(data.count * trials) - data.sum }

    public func logLikelihood(_ parameters: [Double], on data: Sample) -> Double {
        let p = parameters[0]
        let constant = data.sum { (try? SpecialFunctions.logBinomialCoefficient(trials, Int($0))) ?? -.infinity }
        return constant + xLogY(data.sum, p) + xLog1pY(failures(data), -p)
    }

    public func gradient(_ parameters: [Double], on data: Sample) -> [Double]? {
        let p = parameters[0]
        return [data.sum / p - failures(data) / (1 - p)]
    }

    public func hessian(_ parameters: [Double], on data: Sample) -> Matrix? {
        let p = parameters[0]
        return Matrix.diagonal([-data.sum / (p * p) - failures(data) / ((1 - p) * (1 - p))])
    }

    public func closedFormMaximumLikelihood(on data: Sample) throws(InferenceError) -> [Double]? {
        [data.sum / Double(data.count * trials)]
    }
}
