/// An error a user can act on, with the contract's exit code (sysexits).
///
/// The command line prints ``message(naming:)`` as one line on standard error and exits with
/// ``exitCode``; it never invents errors of its own kind. A message names the settings it
/// concerns (a call's `level`, `resamples`, `prior`) through ``setting(_:)``, so that each front
/// end words them its own way: ``message`` by their names, the command line as its flags.
public struct InferenceError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The three kinds of failure of the contract.
    public enum Kind: Sendable, Equatable {
        /// Bad options or values (exit 64, `EX_USAGE`).
        case usage
        /// Unreadable or invalid data (exit 65, `EX_DATAERR`).
        case data
        /// A numerical failure the user can act on: no MLE, no convergence (exit 70, `EX_SOFTWARE`).
        case numerical
    }

    /// Where in the data an error lies: the file (or other source), the data row (1-based, the
    /// header not counted), and the column, each where there is one.
    public struct Location: Sendable, Equatable {
        /// The file or other source, as shown to the user.
        public var source: String?
        /// The data row, 1-based (the header is not a row).
        public var row: Int?
        /// The column's name.
        public var column: String?

        /// A location; leave out the parts that do not apply.
        public init(source: String? = nil, row: Int? = nil, column: String? = nil) {
            self.source = source
            self.row = row
            self.column = column
        }

        /// `source row R, column C`, each part where there is one.
        public var description: String {
            let place = [row.map { "row \($0)" }, column.map { "column \(InferenceError.excerpt($0))" }].compactMap(\.self)
                .joined(separator: ", ")
            return [source, place.isEmpty ? nil : place].compactMap(\.self).joined(separator: " ")
        }
    }

    /// Which kind of failure.
    public let kind: Kind
    /// What failed, settings marked by ``setting(_:)``.
    private let whatTemplate: String
    /// Where in the data, when the error concerns a row or column.
    public let location: Location?
    /// The model parameter (or feature) concerned, when there is one: `sigma`, `x2`.
    public let parameter: String?
    /// The remedy, settings marked by ``setting(_:)``.
    private let remedyTemplate: String?

    /// What failed, without its location or remedy, settings by their names.
    public var what: String { Self.named(whatTemplate) { $0 } }
    /// What the user can do about it, when there is something, settings by their names: "add a
    /// prior, e.g. prior gaussian".
    public var remedy: String? { remedyTemplate.map { Self.named($0) { $0 } } }

    /// Creates an error of `kind`; `what`, `remedy` may name settings through ``setting(_:)``.
    public init(_ kind: Kind, _ what: String, at location: Location? = nil, parameter: String? = nil, remedy: String? = nil) {
        self.kind = kind
        self.whatTemplate = what
        self.location = location
        self.parameter = parameter
        self.remedyTemplate = remedy
    }

    /// The same error at another location.
    public func relocated(_ location: Location?) -> InferenceError {
        InferenceError(kind, whatTemplate, at: location, parameter: parameter, remedy: remedyTemplate)
    }

    /// The one-line message with its settings marked: the location, what failed, the remedy.
    public var template: String {
        let place = location.map(\.description) ?? ""
        return (place.isEmpty ? "" : place + ": ") + whatTemplate + (remedyTemplate.map { "; " + $0 } ?? "")
    }

    /// The settings (options of a call, as `level`, `prior`) the message names.
    public var settings: [String] {
        var names: [String] = []
        _ = Self.named(template) { names.append($0); return $0 }
        return names
    }

    /// Equal when of one kind and saying the same, settings by their names: `InferenceError.usage("level must …")`
    /// equals an error whose message marks `level` as a setting.
    public static func == (lhs: InferenceError, rhs: InferenceError) -> Bool {
        lhs.kind == rhs.kind && lhs.message == rhs.message
    }

    /// One line naming the location where there is one, the cause and a remedy; each setting by
    /// its name ("level must lie strictly between 0 and 1").
    public var message: String { message(naming: { $0 }) }

    /// The message with each setting it names written by `naming` (the command line writes
    /// `level` as `--level`).
    public func message(naming: (String) -> String) -> String { Self.named(template, naming) }

    /// `template` with each marked setting written by `naming`.
    private static func named(_ template: String, _ naming: (String) -> String) -> String {
        var result = ""
        var rest = template[...]
        while let open = rest.firstIndex(of: Self.settingOpen), let close = rest[open...].firstIndex(of: Self.settingClose) {
            result += rest[..<open]
            result += naming(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    private static let settingOpen: Character = "\u{E000}"
    private static let settingClose: Character = "\u{E001}"

    /// A setting (a parameter of a call, as `level`, `resamples`, `prior`, `lambda-grid`) named in
    /// a message, marked so that ``message(naming:)`` can word it: by its name in ``message``, as
    /// its flag on the command line.
    public static func setting(_ name: String) -> String { "\(settingOpen)\(name)\(settingClose)" }

    /// A usage error (exit 64).
    public static func usage(_ what: String, parameter: String? = nil, remedy: String? = nil) -> InferenceError {
        InferenceError(.usage, what, parameter: parameter, remedy: remedy)
    }
    /// A data error (exit 65), at `location` where there is one.
    public static func data(_ what: String, at location: Location? = nil, parameter: String? = nil, remedy: String? = nil) -> InferenceError {
        InferenceError(.data, what, at: location, parameter: parameter, remedy: remedy)
    }
    /// A numerical failure (exit 70).
    public static func numerical(_ what: String, at location: Location? = nil, parameter: String? = nil, remedy: String? = nil) -> InferenceError {
        InferenceError(.numerical, what, at: location, parameter: parameter, remedy: remedy)
    }

    /// A numerical failure because the data's values overflow double-precision arithmetic (sums
    /// of values near 10³⁰⁸); `what` says what was not finite.
    static func overflow(_ what: String) -> InferenceError {
        .numerical("\(what): the data's values overflow double-precision arithmetic", remedy: "rescale them")
    }

    /// The exit code of the contract: 64, 65 or 70.
    public var exitCode: Int32 {
        switch kind {
        case .usage: 64
        case .data: 65
        case .numerical: 70
        }
    }

    /// The ``message`` alone, without the kind or the exit code.
    public var description: String { message }
}

/// A setting named in an error message (see ``InferenceError/setting(_:)``).
func setting(_ name: String) -> String { InferenceError.setting(name) }

extension InferenceError {
    /// A piece of the user's text (a cell, a column name, a path) fit for a one-line message:
    /// control characters (newlines, NUL, escape, delete, C1 controls) written as `\n`, `\t`,
    /// `\r` or `\u{XX}`, and the text cut once it has shown `limit` characters (escapes
    /// counted as written), with an ellipsis and the characters left out counted, so no input
    /// can make an error line long or multi-line or send bytes to the terminal.
    public static func excerpt(_ text: some StringProtocol, limit: Int = 60) -> String {
        var result = ""
        var shown = 0
        var rest = 0
        for scalar in text.unicodeScalars {
            let written: String =
                switch scalar {
                case "\n": "\\n"
                case "\t": "\\t"
                case "\r": "\\r"
                case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
                    || (scalar.properties.generalCategory == .format && scalar.value != 0x200D):
                    "\\u{\(String(scalar.value, radix: 16))}"
                default: String(scalar)
                }
            if rest > 0 || shown + written.count > limit {
                rest += 1
                continue
            }
            shown += written.count
            result += written
        }
        return rest > 0 ? result + "… (\(rest) more characters)" : result
    }
}

/// The remedies several errors offer, worded once.
enum Remedy {
    /// An estimate that does not exist or is not unique without a prior.
    static var addAPrior: String { "add a prior, e.g. \(setting("prior")) gaussian" }
    /// A MAP fit that did not converge.
    static var largerLambda: String { "try a larger \(setting("lambda"))" }
    /// A jackknife (for BCa) that failed.
    static var percentile: String { "use \(setting("method")) percentile" }
}
