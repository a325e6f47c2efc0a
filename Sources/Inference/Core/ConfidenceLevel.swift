/// The level of an interval (confidence or credible): the one check every interval of the
/// library shares.
public enum ConfidenceLevel {
    /// A usage error unless 0 < `level` < 1 (a NaN fails too).
    public static func validate(_ level: Double) throws(InferenceError) {
        guard level > 0, level < 1 else { throw .usage("\(setting("level")) must lie strictly between 0 and 1, got \(level)") }
    }
}
