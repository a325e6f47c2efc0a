import Foundation

/// A family's prior as the command line writes it: `flat`, or a name and its numbers, such as
/// `beta(2,2)`. Which names a family takes, and on which parameter, its ``Family/priorForms``
/// say; ``Family/prior(_:for:)`` makes the ``Prior``.
public struct FamilyPriorSpecification: Sendable, Equatable {
    /// The prior's name: `flat`, `beta`, `gamma`, `normal`, …
    public let name: String
    /// Its numbers, in the order of the form's arguments (none for `flat`).
    public let arguments: [Double]

    /// The prior `name(arguments…)`.
    public init(name: String, arguments: [Double]) {
        self.name = name
        self.arguments = arguments
    }

    /// No prior: the estimate is the MLE.
    public static let flat = FamilyPriorSpecification(name: "flat", arguments: [])
    /// Beta(a, b), on p for bernoulli and binomial.
    public static func beta(_ a: Double, _ b: Double) -> Self { Self(name: "beta", arguments: [a, b]) }
    /// Gamma(shape, rate), on lambda (poisson) or rate (exponential).
    public static func gamma(_ shape: Double, _ rate: Double) -> Self { Self(name: "gamma", arguments: [shape, rate]) }
    /// Normal(mean, sd), on mu (gaussian); sigma keeps a flat prior.
    public static func normal(_ mean: Double, _ sd: Double) -> Self { Self(name: "normal", arguments: [mean, sd]) }

    /// Parses `flat`, `beta(2,2)`, `gamma(1, 0.5)`, `normal(0,10)`: any prior form of a family of
    /// the catalog, with as many finite numbers as it takes; a usage error otherwise.
    public init(parsing text: String) throws(InferenceError) {
        let compact = text.filter { !$0.isWhitespace }.lowercased()
        if compact == "flat" {
            self = .flat
            return
        }
        let forms = PriorForm.catalog
        let known = forms.map(\.signature)
        let list = known.count > 1 ? known.dropLast().joined(separator: ", ") + " or " + known[known.count - 1] : known.joined()
        guard let open = compact.firstIndex(of: "("), compact.hasSuffix(")") else {
            throw .usage("cannot read the prior \(InferenceError.excerpt(text)): write flat, \(list)")
        }
        let name = String(compact[..<open])
        guard let form = forms.first(where: { $0.name == name }) else {
            throw .usage("unknown prior \(InferenceError.excerpt(name)): families take \(list)")
        }
        let arguments = compact[compact.index(after: open)..<compact.index(before: compact.endIndex)]
            .split(separator: ",", omittingEmptySubsequences: false).map { Double($0) }
        let values = arguments.compactMap { $0 }.filter(\.isFinite)
        guard arguments.count == form.argumentNames.count, values.count == arguments.count else {
            throw .usage(
                "cannot read the prior \(InferenceError.excerpt(text)): it takes \(PriorForm.countWord(form.argumentNames.count)) numbers, e.g. \(InferenceError.excerpt(name))(\(form.argumentNames.map { _ in "2" }.joined(separator: ",")))")
        }
        self.init(name: name, arguments: values)
    }

    /// The prior's log density at `value` of the parameter it applies to; nil for the flat
    /// prior, which has none, or parameters it cannot take.
    public func logDensity(_ value: Double) -> Double? {
        guard let form = PriorForm.catalog.first(where: { $0.name == name }), let prior = try? form.prior(arguments, parameterIndex: 0)
        else { return nil }
        return prior.logDensity([value])
    }
}
