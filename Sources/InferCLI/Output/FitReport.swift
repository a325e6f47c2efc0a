import Inference

/// The `infer fit` output: the contract's JSON object and the human table.
enum FitReport {
    static func json(_ estimate: PointEstimate, intervals: [ClosedRange<Double>?], prior: String) -> JSONValue {
        var top = JSONObjectBuilder()
        top.add("model", estimate.modelName)
        top.add("n", estimate.observationCount)
        top.add("estimator", estimate.method.rawValue)
        top.add("prior", prior)
        top.add("logLikelihood", estimate.logLikelihood)
        top.add("converged", estimate.converged)
        top.add("iterations", estimate.iterations)
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
        let title = "\(estimate.modelName) \(estimate.method == .maximumLikelihood ? "MLE" : "MAP"), n = \(estimate.observationCount), log-likelihood = \(Table.format(estimate.logLikelihood)) (\(how))"
        let note = "Wald intervals from the observed information at the estimate; — where none exists."
        return [title, table.rendered(), note].joined(separator: "\n")
    }
}
