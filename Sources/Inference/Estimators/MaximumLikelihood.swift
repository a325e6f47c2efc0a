import Foundation
import GSL

/// The maximum-likelihood estimator: θ̂ = argmax log L(θ; data), with Wald standard errors from
/// the observed information at θ̂.
///
/// A closed form is used when the model has one; otherwise `ModeFinder` (BFGS, then Newton
/// steps) finds the maximum, and the fit is declared converged when the Newton decrement per
/// row, gᵀ(−H)⁻¹g / n, is below 10⁻¹⁰.
public struct MaximumLikelihood<Model: StatisticalModel>: Estimator {
    /// The model.
    public let model: Model
    /// Optimiser settings for models without a closed form.
    public let options: Minimizer.Options

    /// The MLE of `model`.
    public init(model: Model, options: Minimizer.Options = Minimizer.Options(gradientTolerance: 1e-9)) {
        self.model = model
        self.options = options
    }

    /// Validates `data`, then takes the closed-form MLE when the model has one (0 iterations),
    /// else the mode found from the model's starting point; the covariance is the inverse of the
    /// model's information there, left out (with a warning) on the boundary of the support or when
    /// it is not positive definite.
    ///
    /// - Throws: a data error for invalid data; a numerical error when the MLE does not exist or
    ///   the search does not converge.
    public func fit(_ data: Model.Data) throws(InferenceError) -> PointEstimate {
        try model.validate(data)
        let search = ModeSearch(posterior: Posterior(model: model, prior: FlatPrior(), data: data), options: options)
        if let closedForm = try model.closedFormMaximumLikelihood(on: data) {
            return try search.assemble(closedForm, method: .maximumLikelihood, iterations: 0)
        }
        let mode = try search.iterate(from: try model.startingPoint(on: data), describing: "maximum-likelihood fit")
        return try search.assemble(mode.parameters, method: .maximumLikelihood, iterations: mode.iterations)
    }

    /// The family's sufficient statistics (``DistributionFamily/sufficientStatistics(of:)``) when
    /// the model is a family that has them: the bootstrap's and the jackknife's fast path.
    public func sufficientStatistics(of data: Model.Data) -> SufficientStatistics? {
        guard let family = model as? any DistributionFamily, let sample = data as? Sample else { return nil }
        return family.sufficientStatistics(of: sample)
    }
}

/// The maximum a posteriori estimator: θ̂ = argmax log L(θ; data) + log p(θ).
///
/// A conjugate prior–model pair (beta for bernoulli and binomial, gamma for poisson and
/// exponential) gives the exact posterior, whose mode is the estimate and whose sd and
/// equal-tailed credible interval are reported. Otherwise the mode is found as for the MLE and
/// the standard errors come from the curvature of the log posterior at the mode (the Laplace
/// approximation's covariance).
public struct MaximumAPosteriori<Model: StatisticalModel, P: Prior>: Estimator {
    /// The model.
    public let model: Model
    /// The prior.
    public let prior: P
    /// Optimiser settings.
    public let options: Minimizer.Options

    /// The MAP of `model` under `prior`.
    public init(model: Model, prior: P, options: Minimizer.Options = Minimizer.Options(gradientTolerance: 1e-9)) {
        self.model = model
        self.prior = prior
        self.options = options
    }

    /// Validates `data`, then takes the exact posterior's mode for a conjugate one-parameter
    /// pair (its sd and credible interval come with it), else the mode of log L + log p searched
    /// from the closed-form MLE (or, without one inside the support, the model's starting
    /// point); the covariance is
    /// (−∇² log π)⁻¹ at the mode, left out when the prior has no Hessian (an L1 part), on the
    /// boundary of the support, or when it is not positive definite.
    ///
    /// - Throws: a data error for invalid data; a numerical error when the mode does not exist or
    ///   the search does not converge.
    public func fit(_ data: Model.Data) throws(InferenceError) -> PointEstimate {
        try model.validate(data)
        let search = ModeSearch(posterior: Posterior(model: model, prior: prior, data: data), options: options)
        if let exact = model.exactPosterior(under: prior, on: data), model.parameterNames.count == 1 {
            return try search.assemble([exact.mode], method: .maximumAPosteriori, iterations: 0, exactPosterior: exact)
        }
        // the closed-form MLE where it lies inside the support (the search works on the
        // unconstrained scale, where a boundary point is at infinity), else the model's start
        var start = (try? model.closedFormMaximumLikelihood(on: data)) ?? nil
        if let mle = start, zip(model.parameterSupports, mle).contains(where: { !$0.contains($1) || $0.isOnBoundary($1) }) {
            start = nil
        }
        if start == nil { start = try model.startingPoint(on: data) }
        let mode = try search.iterate(from: start ?? [], describing: "MAP fit")
        return try search.assemble(mode.parameters, method: .maximumAPosteriori, iterations: mode.iterations)
    }
}

/// The search for, and the report of, the mode of a posterior (the likelihood under a flat prior).
struct ModeSearch<Model: StatisticalModel, P: Prior> {
    let posterior: Posterior<Model, P>
    let options: Minimizer.Options

    private var model: Model { posterior.model }
    private var data: Model.Data { posterior.data }

    func iterate(from start: [Double], describing what: String) throws(InferenceError) -> ModeFinder<Posterior<Model, P>>.Mode {
        let n = Double(max(1, model.observationCount(data)))
        let finder = ModeFinder(target: posterior, scale: n, options: options)
        let mode: ModeFinder<Posterior<Model, P>>.Mode
        if !start.allSatisfy(\.isFinite) {
            throw .overflow("the \(model.name) \(what) cannot start: its starting point (\(start.map { "\($0)" }.joined(separator: ", "))) is not finite")
        }
        if !posterior.logDensity(start).isFinite {
            throw .numerical(
                "the \(model.name) \(what) cannot start: the log density is not finite at (\(start.map { "\($0)" }.joined(separator: ", "))); "
                    + "the prior excludes it, or the data's values overflow double-precision arithmetic")
        }
        do {
            mode = try finder.find(from: start)
        } catch {
            throw .numerical("the \(model.name) \(what) cannot start: \(error.message)")
        }
        try model.checkExistence(of: mode.parameters, on: data)
        guard mode.gradientNorm < 1e-10, mode.parameters.allSatisfy(\.isFinite) else {
            throw .numerical(
                "the \(model.name) \(what) did not converge after \(mode.iterations) iterations "
                    + "(convergence measure \(String(format: "%.3g", mode.gradientNorm))); the estimate may not exist for this data")
        }
        return mode
    }

    /// The estimate's report: covariance, log-likelihood, warnings. Throws a numerical error
    /// when an estimate or the log-likelihood there is not finite, which happens only when the
    /// data's own values overflow double-precision arithmetic (sums of values near 10³⁰⁸).
    func assemble(
        _ estimates: [Double], method: PointEstimate.Method, iterations: Int, exactPosterior: ExactPosterior? = nil
    ) throws(InferenceError) -> PointEstimate {
        let logLikelihood = model.logLikelihood(estimates, on: data)
        try PointEstimate.requireFinite(estimates, names: model.parameterNames, logLikelihood: logLikelihood)
        var warnings: [String] = []
        let boundary = zip(model.parameterNames, zip(model.parameterSupports, estimates))
            .filter { $0.1.0.isOnBoundary($0.1.1) }
            .map { "\($0.0) = \($0.1.1)" }
        var covariance: Matrix?
        if !boundary.isEmpty {
            let interval = exactPosterior == nil ? "no Wald interval" : "the credible interval is still exact"
            warnings.append(
                "the estimate lies on the boundary of the parameter space (\(boundary.joined(separator: ", "))): "
                    + "\(interval); consider \(method == .maximumLikelihood ? "a prior" : "a stronger prior")")
        } else if exactPosterior == nil, let information = information(at: estimates, method: method) {
            do {
                covariance = try CholeskyDecomposition(information).inverse()
            } catch {
                warnings.append("the curvature at the estimate is not positive definite: no standard errors")
            }
        } else if method == .maximumLikelihood, let reason = model.nonRegularity {
            warnings.append(reason)
        }
        var logPosterior: Double?
        if method == .maximumAPosteriori {
            let value = exactPosterior.map { _ in logLikelihood + posterior.prior.logDensity(estimates) }
                ?? posterior.logDensity(estimates)
            logPosterior = value.isFinite ? value : nil
        }
        return PointEstimate(
            method: method, modelName: model.name, priorName: posterior.prior.name,
            observationCount: model.observationCount(data), parameterNames: model.parameterNames, estimates: estimates,
            logLikelihood: logLikelihood, logPosterior: logPosterior, converged: true, iterations: iterations,
            covariance: covariance, exactPosterior: exactPosterior, warnings: warnings, parameterSupports: model.parameterSupports)
    }

    /// The observed information (MLE) or the negative Hessian of the log posterior (MAP).
    private func information(at estimates: [Double], method: PointEstimate.Method) -> Matrix? {
        if method == .maximumLikelihood { return model.information(at: estimates, on: data) }
        return posterior.hessian(estimates)?.scaled(by: -1)
    }
}
