extension SamplerSettings {
    /// `ids` (default 1…C), each checked to lie in 1…C.
    func validatedIDs(_ ids: [Int]?) throws(InferenceError) -> [Int] {
        guard let ids else { return Array(1...chains) }
        for id in ids where !(1...chains).contains(id) {
            throw .usage("\(setting("chain-id")) must lie in 1…\(chains) (the chains of the full run), got \(id)")
        }
        return ids
    }
}
