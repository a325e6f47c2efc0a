import Inference

/// The `infer bootstrap` output: the contract's JSON object and the human table.
struct BootstrapReport {
    let model: String
    let n: Int
    let method: BootstrapMethod
    let level: Double
    let resamples: Int
    let result: BootstrapResult
    let summaries: [BootstrapSummary]
    let accelerations: [Double]?

    func json() -> JSONValue {
        var top = JSONObjectBuilder()
        top.add("model", model)
        top.add("n", n)
        top.add("method", method.rawValue)
        top.add("level", level)
        top.add("resamples", resamples)
        if result.failureCount > 0 { top.add("failures", result.failureCount) }
        let parameters = result.parameterNames.indices.map { k -> JSONValue in
            var parameter = JSONObjectBuilder()
            parameter.add("name", result.parameterNames[k])
            parameter.add("estimate", summaries[k].estimate)
            parameter.add("standardError", summaries[k].standardError)
            parameter.add("bias", summaries[k].bias)
            parameter.add("lower", summaries[k].lower)
            parameter.add("upper", summaries[k].upper)
            parameter.add("acceleration", accelerations?[k])
            return parameter.value
        }
        top.add("parameters", .array(parameters))
        return top.value
    }

    func table() -> String {
        let percent = formatSignificant(level * 100, digits: 4)
        var table = Table(header: ["parameter", "estimate", "std. error", "bias", "\(percent)% lower", "\(percent)% upper"])
        for k in result.parameterNames.indices {
            let s = summaries[k]
            table.append([
                result.parameterNames[k], Table.format(s.estimate), Table.format(s.standardError), Table.format(s.bias),
                Table.format(s.lower), Table.format(s.upper),
            ])
        }
        let title = "\(model) bootstrap, n = \(n), \(resamples) resamples, \(method.rawValue) intervals"
        return [title, table.rendered()].joined(separator: "\n")
    }
}
