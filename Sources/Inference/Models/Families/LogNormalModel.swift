import Foundation
import GSL

/// log xᵢ ~ N(μ, σ²); the MLE is the gaussian MLE of log x (as `scipy.stats.lognorm.fit` with
/// `floc=0`: s = σ, scale = e^μ).
public struct LogNormalModel: StatisticalModel {
    public init() {}

    public var name: String { "lognormal" }
    public var parameterNames: [String] { ["mu", "sigma"] }
    public var parameterSupports: [ParameterSupport] { [.real, .positive] }

    public func validate(_ data: Sample) throws(InferenceError) {
        try data.requireValues(in: "x > 0", of: name, minimumCount: 2) { $0 > 0 }
    }

    public func observationCount(_ data: Sample) -> Int { data.count }

    private func logs(_ data: Sample) -> Sample { Sample(data.values.map { log($0) }, name: data.name) }

    public func logLikelihood(_ parameters: [Double], on data: Sample) -> Double {
        GaussianModel().logLikelihood(parameters, on: logs(data)) - data.sum { log($0) }
    }

    public func gradient(_ parameters: [Double], on data: Sample) -> [Double]? {
        GaussianModel().gradient(parameters, on: logs(data))
    }

    public func hessian(_ parameters: [Double], on data: Sample) -> Matrix? {
        GaussianModel().hessian(parameters, on: logs(data))
    }

    public func closedFormMaximumLikelihood(on data: Sample) throws(InferenceError) -> [Double]? {
        try GaussianModel().closedFormMaximumLikelihood(on: logs(data))
    }
}
