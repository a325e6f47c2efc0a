import Foundation
import Inference

/// What `infer bootstrap` resamples: a column statistic, a statistic of samples from a fitted
/// family, or a model's estimate.
struct BootstrapJob {
    private enum Target {
        case statistic(ColumnStatistic, [[Double]])
        case fittedStatistic(ColumnStatistic, Family, Sample, trials: Int?, prior: FamilyPriorSpecification)
        case model(ModelJob)
    }

    private let target: Target
    private let seed: UInt64
    let modelName: String
    /// Rows used, rows left out for a missing cell and the warning line that says so.
    let n: Int
    let dropped: Int
    let droppedWarning: String?
    /// A text target's levels (nil otherwise).
    var targetLevels: [String]? { if case .model(let job) = target { job.targetLevels } else { nil } }

    init(command: BootstrapCommand, dataset: Dataset) throws {
        seed = command.common.seed
        if let text = command.statistic {
            let statistic = try ColumnStatistic(parsing: text)
            let names: [String]
            if let columns = command.columns {
                names = columns.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
            } else if statistic.columnCount == 2 {
                throw InferenceError.usage("--statistic correlation needs --columns A,B")
            } else {
                names = [command.selection.column ?? dataset.columnNames[0]]
            }
            guard names.count == statistic.columnCount else {
                throw InferenceError.usage("--statistic \(statistic.name) takes \(statistic.columnCount) column(s), got \(names.count)")
            }
            let selected = try command.selection.select(dataset, columns: names)
            (n, dropped, droppedWarning) = (selected.dataset.rowCount, selected.dropped, selected.warning)
            var columns: [[Double]] = []
            for name in names { columns.append(try selected.dataset.column(named: name)) }
            if command.parametric, let model = command.selection.model {
                guard case .family(let family) = try command.selection.kind() else {
                    throw InferenceError.usage("--statistic with --parametric draws samples from a family; \(model.name) is a regression")
                }
                guard columns.count == 1 else {
                    throw InferenceError.usage("a parametric bootstrap draws one column from a family: the \(statistic.name) statistic needs two")
                }
                target = .fittedStatistic(
                    statistic, family, Sample(columns[0], name: names[0]), trials: command.selection.trials,
                    prior: try command.selection.familyPrior())
                modelName = model.name
                return
            }
            target = .statistic(statistic, columns)
            modelName = statistic.name
            return
        }
        let job = try ModelJob(selection: command.selection, dataset: dataset)
        target = .model(job)
        modelName = job.modelName
        (n, dropped, droppedWarning) = (job.n, job.dropped, job.droppedWarning)
    }

    /// The estimates and, with a plan, its replicates.
    func replicates(plan: BootstrapPlan?, studentized: Bool, parametric: Bool, progress: (@Sendable (Int) -> Void)?) throws -> BootstrapResult {
        switch target {
        case .statistic(let statistic, let columns):
            try Bootstrap.statistic(statistic, columns: columns, plan: plan, studentized: studentized, progress: progress)
        case .fittedStatistic(let statistic, let family, let sample, let trials, let prior):
            try family.parametricBootstrap(
                statistic, of: sample, trials: trials, prior: prior, plan: plan, studentized: studentized, progress: progress)
        case .model(let job):
            try job.bootstrap(plan: plan, studentized: studentized, parametric: parametric, progress: progress)
        }
    }

    /// The BCa accelerations.
    func accelerations() throws -> [Double] {
        switch target {
        case .statistic(let statistic, let columns): try Bootstrap.accelerations(statistic, columns: columns, seed: seed)
        case .fittedStatistic(let statistic, _, let sample, _, _): try Bootstrap.accelerations(statistic, columns: [sample.values], seed: seed)
        case .model(let job): try job.accelerations(seed: seed)
        }
    }
}
