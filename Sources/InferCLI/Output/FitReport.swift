import Inference

/// The `infer fit` output: the contract's JSON object and the human table.
enum FitReport {
    static func json(_ estimate: PointEstimate, intervals: [ClosedRange<Double>?], lambda: Double?) -> JSONValue {
        var top = JSONObjectBuilder()
        top.add("model", estimate.modelName)
        top.add("n", estimate.observationCount)
        top.add("estimator", estimate.method.rawValue)
        top.add("prior", estimate.priorName)
        top.add("lambda", lambda)
        top.add("logLikelihood", estimate.logLikelihood)
        top.add("logPosterior", estimate.logPosterior)
        top.add("converged", estimate.converged)
        top.add("iterations", estimate.iterations)
        if let posterior = estimate.exactPosterior {
            var exact = JSONObjectBuilder()
            exact.add("parameter", estimate.parameterNames[posterior.parameterIndex])
            exact.add("family", posterior.family)
            for (name, value) in posterior.parameters { exact.add(name, value) }
            exact.add("mean", posterior.mean)
            exact.add("mode", posterior.mode)
            top.add("posterior", exact.value)
        }
        let parameters = estimate.parameterNames.indices.map { k -> JSONValue in
            var parameter = JSONObjectBuilder()
            parameter.add("name", estimate.parameterNames[k])
            parameter.add("estimate", estimate.estimates[k])
            parameter.add("standardError", estimate.standardErrors[k])
            parameter.add("lower", intervals[k]?.lowerBound)
            parameter.add("upper", intervals[k]?.upperBound)
            return parameter.value
        }
        top.add("parameters", .array(parameters))
        return top.value
    }

    static func table(_ estimate: PointEstimate, intervals: [ClosedRange<Double>?], level: Double) -> String {
        let percent = formatSignificant(level * 100, digits: 4)
        var table = Table(header: ["parameter", "estimate", "std. error", "\(percent)% lower", "\(percent)% upper"])
        for k in estimate.parameterNames.indices {
            table.append([
                estimate.parameterNames[k], Table.format(estimate.estimates[k]), Table.format(estimate.standardErrors[k]),
                Table.format(intervals[k]?.lowerBound), Table.format(intervals[k]?.upperBound),
            ])
        }
        let how = estimate.iterations == 0 ? "closed form" : "converged in \(estimate.iterations) iterations"
        var title = "\(estimate.modelName) \(estimate.method == .maximumLikelihood ? "MLE" : "MAP")"
        if estimate.method == .maximumAPosteriori { title += " under \(estimate.priorName)" }
        title += ", n = \(estimate.observationCount), log-likelihood = \(Table.format(estimate.logLikelihood)) (\(how))"
        return [title, table.rendered(), note(estimate)].joined(separator: "\n")
    }

    /// Says where the standard errors and intervals come from.
    static func note(_ estimate: PointEstimate) -> String {
        if let posterior = estimate.exactPosterior {
            let parameters = posterior.parameters.map { "\($0.name) \(Table.format($0.value))" }.joined(separator: ", ")
            return "Exact posterior of \(estimate.parameterNames[posterior.parameterIndex]): \(posterior.family)(\(parameters)), "
                + "mean \(Table.format(posterior.mean)); std. error = posterior sd, equal-tailed credible interval."
        }
        if estimate.modelName == "linear" {
            return "Std. errors use the MLE scale sigma = sqrt(RSS/n)"
                + (estimate.method == .maximumAPosteriori ? " and the posterior of the weights given sigma; — where none exists (laplace, elastic-net)." : ".")
        }
        if estimate.method == .maximumAPosteriori {
            return "Std. errors and intervals: curvature of the log posterior at the mode (Laplace approximation); — where none exists."
        }
        return "Wald intervals from the observed information at the estimate; — where none exists."
    }
}
