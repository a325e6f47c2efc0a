import Foundation

/// What ``ModelConformance/check(_:on:priors:tolerance:seed:)`` found: one line a failed requirement.
public struct ConformanceReport: Sendable, CustomStringConvertible {
    /// The requirements the model failed, each with the numbers that show it.
    public let failures: [String]

    /// Whether the model met every requirement checked.
    public var passed: Bool { failures.isEmpty }

    /// "conforms", or the failures one a line.
    public var description: String { passed ? "conforms" : failures.joined(separator: "\n") }
}

/// The checks a ``StatisticalModel`` must pass for every tool of the library to trust it, as
/// scikit-learn's `check_estimator`: run them on your model and data in a test
/// (`#expect(ModelConformance.check(model, on: data).passed)`). Every built-in model passes them.
public enum ModelConformance {
    /// Checks `model` on `data`:
    /// - `validate` accepts the data, and there is one support a parameter name;
    /// - the MLE can be found, and its log-likelihood is finite, with a gradient ≈ 0 there;
    /// - at the MLE and at points beside it (±0.2 on each unconstrained coordinate), an analytic
    ///   gradient agrees with central differences of the log-likelihood, and an analytic Hessian with
    ///   central differences of the gradient, to `tolerance` relative to the larger of their
    ///   largest entries and 1;
    /// - the log-likelihood is −∞ (never NaN, never finite) for a parameter outside its support
    ///   and for a parameter vector of the wrong length (a model that indexes its parameters
    ///   without checking their count traps here, where the stack trace names the line);
    /// - a closed-form MLE is no worse than the search from the model's starting point: its
    ///   log-likelihood at least the searched one's, less `tolerance` per row.
    /// - for each of `priors` under which the model has an exact posterior (a conjugate pair),
    ///   its mode is the mode the numerical search finds on log L + log p, to `tolerance`;
    /// - for a ``SimulatableModel``: 20 data sets drawn from the model at its MLE (seeded by `seed`)
    ///   and fitted again recover it. Over the R data sets with an MLE (at least 10), each
    ///   parameter's z-scores (θ̂ᵣ − θ)/seᵣ average to z̄, with √R·z̄ about N(0, 1) when simulation
    ///   and likelihood agree; beyond ±5 (probability 6·10⁻⁷) they do not. A bias of 1.1 standard
    ///   errors is caught.
    public static func check<Model: StatisticalModel>(
        _ model: Model, on data: Model.Data, priors: [any Prior] = [], tolerance: Double = 1e-5, seed: UInt64 = 1
    ) -> ConformanceReport {
        var failures = basicFailures(model, data, tolerance)
        for prior in priors { failures += conjugateFailures(model, data, prior, tolerance) }
        if failures.isEmpty, model.nonRegularity == nil, let simulatable = model as? any SimulatableModel<Model.Data> {
            failures += recoveryFailures(simulatable, data, seed)
        }
        return ConformanceReport(failures: failures)
    }

    private static func recoveryFailures<Model: SimulatableModel>(_ model: Model, _ data: Model.Data, _ seed: UInt64) -> [String] {
        let replications = 20
        guard let truth = try? MaximumLikelihood(model: model).fit(data).estimates, let generator = try? RandomGenerator(seed: seed) else {
            return []
        }
        var sums = [Double](repeating: 0, count: truth.count)
        var fitted = 0
        for _ in 0..<replications {
            guard let simulated = model.simulate(truth, like: data, using: generator) else {
                return ["simulate returned no data at the MLE \(truth)"]
            }
            // a data set may have no MLE (a student-t sample with Gaussian tails): it is left out
            guard let refit = try? MaximumLikelihood(model: model).fit(simulated), refit.standardErrors.allSatisfy({ ($0 ?? 0) > 0 })
            else { continue }
            fitted += 1
            for k in truth.indices { sums[k] += (refit.estimates[k] - truth[k]) / (refit.standardErrors[k] ?? 1) }
        }
        guard fitted >= replications / 2 else {
            return ["only \(fitted) of \(replications) data sets simulated at the MLE \(truth) could be fitted with standard errors"]
        }
        return truth.indices.compactMap { k in
            let mean = sums[k] / Double(fitted)
            let z = mean * Double(fitted).squareRoot()
            return abs(z) <= 5 ? nil
                : "fitted to \(fitted) data sets simulated at \(model.parameterNames[k]) = \(truth[k]), the MLEs lie \(mean) standard errors away on average (√\(fitted)·z̄ = \(z)): the simulation and the likelihood disagree"
        }
    }

    private static func conjugateFailures<Model: StatisticalModel, P: Prior>(_ model: Model, _ data: Model.Data, _ prior: P, _ tolerance: Double) -> [String] {
        guard let exact = model.exactPosterior(under: prior, on: data) else { return [] }
        let posterior = Posterior(model: model, prior: prior, data: data)
        let search = ModeSearch(posterior: posterior, options: Minimizer.Options(gradientTolerance: 1e-9))
        guard let start = try? model.startingPoint(on: data), let found = try? search.iterate(from: start, describing: "conformance MAP")
        else { return ["under \(prior.name), the numerical MAP could not be found to compare with the exact posterior's mode"] }
        let searched = found.parameters[exact.parameterIndex]
        guard abs(searched - exact.mode) <= tolerance * max(1, abs(exact.mode)) else {
            return ["under \(prior.name), the exact posterior's mode is \(exact.mode), the numerical MAP \(searched)"]
        }
        return []
    }

    private static func basicFailures<Model: StatisticalModel>(_ model: Model, _ data: Model.Data, _ tolerance: Double) -> [String] {
        var failures: [String] = []
        let names = model.parameterNames, supports = model.parameterSupports
        guard names.count == supports.count, !names.isEmpty else {
            return ["\(names.count) parameter names but \(supports.count) supports"]
        }
        do { try model.validate(data) } catch { return ["validate refused the data: \(error.message)"] }
        let mle: PointEstimate
        do { mle = try MaximumLikelihood(model: model).fit(data) } catch {
            return ["the MLE could not be found: \(error.message)"]
        }
        let theta = mle.estimates
        let rows = Double(max(1, model.observationCount(data)))
        if !mle.logLikelihood.isFinite { failures.append("log L is not finite at the MLE (\(mle.logLikelihood))") }
        // the derivatives, at the MLE and beside it, inside the support
        var points = [theta]
        for k in theta.indices where !supports[k].isOnBoundary(theta[k]) {
            for step in [-0.2, 0.2] {
                var u = zip(supports, theta).map { $0.unconstrained($1) }
                u[k] += step
                points.append(zip(supports, u).map { $0.constrained($1) })
            }
        }
        for point in points where zip(supports, point).allSatisfy({ $0.contains($1) && !$0.isOnBoundary($1) }) {
            let numerical = FiniteDifferences.gradient(of: { model.logLikelihood($0, on: data) }, at: point)
            if let analytic = model.gradient(point, on: data) {
                if let difference = relativeDifference(analytic, numerical), difference > tolerance {
                    failures.append("the gradient at \(point) differs from central differences by \(difference) (relative)")
                }
            }
            if let analytic = model.hessian(point, on: data),
                let numerical = FiniteDifferences.jacobian(of: { model.resolvedGradient($0, on: data) }, at: point)
            {
                if let difference = relativeDifference(analytic.values, numerical.values), difference > tolerance {
                    failures.append("the Hessian at \(point) differs from central differences of the gradient by \(difference) (relative)")
                }
            }
        }
        let slope = model.resolvedGradient(theta, on: data).map { abs($0) / rows }.max() ?? 0
        if !(slope < tolerance) && !zip(supports, theta).contains(where: { $0.isOnBoundary($1) }) && model.nonRegularity == nil {
            failures.append("the gradient per row at the MLE is \(slope), not ≈ 0")
        }
        // −∞ outside the support and for a wrong number of parameters
        for k in theta.indices {
            let outside: Double? =
                switch supports[k] {
                case .real: nil
                case .positive: -1
                case .unitInterval: 1.5
                }
            guard let outside else { continue }
            var point = theta
            point[k] = outside
            let value = model.logLikelihood(point, on: data)
            if value != -.infinity { failures.append("log L is \(value), not −∞, with \(names[k]) = \(outside) outside its support") }
        }
        for wrong in [Array(theta.dropLast()), theta + [1]] {
            let value = model.logLikelihood(wrong, on: data)
            if value != -.infinity { failures.append("log L is \(value), not −∞, for \(wrong.count) parameters instead of \(theta.count)") }
        }
        // a closed form is the maximum the search finds
        if let closed = try? model.closedFormMaximumLikelihood(on: data), let start = try? model.startingPoint(on: data) {
            let search = ModeSearch(posterior: Posterior(model: model, prior: FlatPrior(), data: data), options: Minimizer.Options(gradientTolerance: 1e-9))
            if let found = try? search.iterate(from: start, describing: "conformance search") {
                let gap = model.logLikelihood(found.parameters, on: data) - model.logLikelihood(closed, on: data)
                if gap > tolerance * rows { failures.append("the search from the starting point beats the closed-form MLE by \(gap) in log L") }
            }
        }
        return failures
    }

    /// max |a − b| / max(1, max |a|, max |b|); nil when the lengths differ or an entry is not finite.
    private static func relativeDifference(_ a: [Double], _ b: [Double]) -> Double? {
        guard a.count == b.count, (a + b).allSatisfy(\.isFinite) else { return a.count == b.count ? .infinity : nil }
        let scale = max(1, (a + b).map(abs).max() ?? 0)
        return zip(a, b).map { abs($0 - $1) }.max().map { $0 / scale } ?? 0
    }
}
