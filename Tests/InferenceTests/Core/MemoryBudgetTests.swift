import Inference
import Testing

/// Work that runs in parallel, each piece with memory of its own, runs as many pieces at once as
/// the memory budget holds.
@Suite struct MemoryBudgetTests {
    @Test func asManyAtOnceAsTheBudgetHolds() {
        #expect(MemoryBudget.concurrent(8, each: 100, budget: 1_000) == 8)
        #expect(MemoryBudget.concurrent(8, each: 300, shared: 100, budget: 1_000) == 3)
        #expect(MemoryBudget.concurrent(8, each: 2_000, budget: 1_000) == 1)  // one, whatever it holds
        #expect(MemoryBudget.concurrent(8, each: 100, shared: 5_000, budget: 1_000) == 1)
        #expect(MemoryBudget.concurrent(1, each: 100, budget: 1_000) == 1)
        #expect(MemoryBudget.concurrent(8, each: 1e-300, budget: 1e300) == 8)  // no overflow into Int
    }

    /// Cross-validation's folds each copy their rows and hold their fit's p × p matrices: a text
    /// column of 2,000 distinct cells on 2,000 rows (1,999 coded columns, a 32 MB design) puts
    /// about 0.22 GB in each fold; on 64 threads all 10 folds ran at once before. Under a
    /// budget of 0.7 GB two folds run at once, not ten; the narrow design's folds all run.
    @Test func crossValidationRunsAsManyFoldsAsTheMemoryHolds() {
        let wide = CrossValidation.refittingFolds(threads: 64, folds: 10, rows: 2_000, features: 1_999, budget: 0.7e9)
        #expect(wide == 2)
        #expect(CrossValidation.refittingFolds(threads: 64, folds: 10, rows: 2_000, features: 1_999, budget: 0.3e9) == 1)
        #expect(CrossValidation.refittingFolds(threads: 64, folds: 10, rows: 2_000, features: 20, budget: 0.7e9) == 10)
        #expect(CrossValidation.refittingFolds(threads: 2, folds: 10, rows: 2_000, features: 20, budget: 0.7e9) == 2)
    }
}
