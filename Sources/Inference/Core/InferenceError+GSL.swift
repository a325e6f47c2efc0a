import GSL

extension InferenceError {
    /// A GSL failure met while estimating: numerical (exit 70), GSL's message kept.
    public init(_ error: GSLError) {
        self.init(.numerical, error.message)
    }
}
