import Foundation
import Inference

/// What `infer calibrate` studies: a family (its data sets simulated whole) or a regression (its
/// targets simulated at FILE's design), the coverage study and the SBC settings its options give,
/// and the layout and fingerprint of its results files.
struct CalibrationJob {
    private enum Subject {
        case family(Family, trials: Int?, prior: FamilyPriorSpecification)
        case regression(ModelJob)
    }

    private let subject: Subject
    let modelName: String
    let priorName: String
    let lambda: Double?
    let parameterNames: [String]
    /// The coverage study; nil under `--sbc` without `--methods`.
    let coverageStudy: CoverageStudy?
    /// The settings of SBC's posterior samples; nil without `--sbc`.
    let sbcSettings: SamplerSettings?
    let sizes: [Int]
    let replications: Int
    let seed: UInt64
    let layout: CalibrationResultsFile.Layout
    let fingerprint: String
    /// The warning for rows of FILE left out for a missing cell.
    let droppedWarning: String?

    /// The job of `command`'s options (and FILE for a regression), checked before any work.
    init(command: CalibrateCommand) throws {
        let selection = command.selection
        let kind = try selection.kind()
        modelName = kind.name
        seed = command.common.seed
        replications = command.replications
        let hasPrior: Bool
        let laplaceApplies: Bool
        let noLaplace: String
        let recommended: ProposalKind
        var dataset: Dataset?
        var defaultSize: Int?
        var names: [String]
        switch kind {
        case .family(let family):
            if let file = command.file {
                throw InferenceError.usage("a family's data sets are simulated whole: give no FILE (got \(InferenceError.excerpt(file))), only --sizes")
            }
            if let column = selection.column {
                throw InferenceError.usage("a family's data sets are simulated whole: --column \(InferenceError.excerpt(column)) has no file to name a column of")
            }
            let prior = try selection.familyPrior()
            let model = try family.model(trials: selection.trials)
            _ = try family.prior(prior, for: model)
            subject = .family(family, trials: selection.trials, prior: prior)
            names = model.parameterNames
            priorName = selection.prior.filter { !$0.isWhitespace }
            lambda = nil
            hasPrior = prior != .flat
            laplaceApplies = model.nonRegularity == nil
            noLaplace = "the \(model.name) likelihood is not differentiable at its maximum: it has no Laplace approximation"
            recommended = family.recommendedProposal(trials: selection.trials)
            droppedWarning = nil
        case .regression:
            guard let file = command.file else {
                throw InferenceError.usage("a regression's targets are simulated at the features of FILE: give the CSV file of its design")
            }
            let penalty = try selection.penalty()
            let loaded = try selection.load(file)
            dataset = loaded
            let job = try ModelJob(selection: selection, dataset: loaded)
            subject = .regression(job)
            names = try job.regressionParameterNames()
            defaultSize = job.n
            priorName = job.priorName
            lambda = job.lambda
            hasPrior = penalty != .none
            laplaceApplies = penalty.isSmooth
            noLaplace = "the \(job.priorName) prior is not differentiable at 0, so it has no Laplace approximation; leave laplace out of --methods, or use --prior gaussian"
            recommended = job.recommendedProposal
            droppedWarning = job.droppedWarning
        }
        parameterNames = names
        sizes = try Self.sizes(command.sizes, default: defaultSize)
        let truth = try command.truth.map { try Self.truth($0, parameterNames: names) }
        let sampler = try SamplerSettings(
            chains: 1, warmup: command.warmup, draws: command.draws, thin: command.thin, proposal: command.proposal ?? recommended,
            seed: command.common.seed, metric: command.metric)
        sbcSettings = command.sbc ? sampler : nil
        if command.sbc && !hasPrior { throw InferenceError.usage("--sbc draws θ from the prior: give a proper --prior") }
        if !command.sbc || command.methods != nil {
            let methods = try command.methods.map(Self.methods)
                ?? [.wald, .percentile, .bca] + (hasPrior ? (laplaceApplies ? [.laplace, .credible] : [.credible]) : [])
            // asked for where it cannot apply, every replication would fail: say so before any work
            if methods.contains(.laplace) && hasPrior && !laplaceApplies { throw InferenceError.usage(noLaplace) }
            coverageStudy = try CoverageStudy(
                sizes: sizes, methods: methods, level: command.level, resamples: command.resamples, truth: truth, seed: command.common.seed,
                sampler: sampler)
        } else {
            if truth != nil { throw InferenceError.usage("--truth sets the truth of a coverage study; SBC draws it from the prior (add --methods to run both)") }
            coverageStudy = nil
        }
        let studySizes = coverageStudy?.sizes ?? Array(Set(sizes)).sorted()
        layout = CalibrationResultsFile.Layout(
            replications: command.replications, sizes: studySizes, methods: coverageStudy?.methods ?? [], parameterNames: parameterNames,
            sbcDraws: command.sbc ? command.draws : nil)
        let options = [
            selection.description, command.truth ?? "", studySizes.map(String.init).joined(separator: ","), String(command.resamples),
            layout.methods.map(\.rawValue).joined(separator: ","), "\(command.level)", "\(command.sbc)", String(command.warmup),
            String(command.draws), String(command.thin), sampler.proposal.rawValue, command.metric.rawValue, String(command.common.seed),
        ]
        fingerprint = ReplicatesFile.fingerprint(dataset: dataset, options: options)
    }

    /// Progress steps a replication takes: one for the coverage study, one a size for SBC.
    var passes: Int { (coverageStudy == nil ? 0 : 1) + (sbcSettings == nil ? 0 : layout.sizes.count) }

    /// The study's replications `range`.
    func run(replications range: ClosedRange<Int>, threads: Int, progress: (@Sendable (Int) -> Void)?) throws -> CalibrationOutcome {
        var outcome = CalibrationOutcome(coverage: [], sbc: [])
        if let coverageStudy {
            switch subject {
            case .family(let family, let trials, let prior):
                outcome.coverage = try family.coverage(coverageStudy, trials: trials, prior: prior, replications: range, threads: threads, progress: progress)
            case .regression(let job):
                outcome.coverage = try job.coverage(coverageStudy, replications: range, threads: threads, progress: progress)
            }
        }
        if let sbcSettings {
            for size in layout.sizes {
                switch subject {
                case .family(let family, let trials, let prior):
                    outcome.sbc.append(
                        try family.simulationBasedCalibration(
                            rows: size, trials: trials, prior: prior, settings: sbcSettings, replications: range, seed: seed, threads: threads,
                            progress: progress))
                case .regression(let job):
                    outcome.sbc.append(
                        try job.simulationBasedCalibration(
                            rows: size, settings: sbcSettings, replications: range, seed: seed, threads: threads, progress: progress))
                }
            }
        }
        return outcome
    }

    /// The report of a whole run's outcome.
    func report(_ outcome: CalibrationOutcome, bins: Int) -> CalibrationReport {
        let study = coverageStudy
        return CalibrationReport(
            model: modelName, priorName: priorName, lambda: lambda, level: study?.level ?? 0.95, replications: replications, sizes: layout.sizes,
            methods: layout.methods, resamples: study?.resamples ?? 0, parameterNames: parameterNames, truth: study?.truth,
            coverage: study.map { CoverageSummary.summarize(outcome.coverage, sizes: $0.sizes, methods: $0.methods, parameterNames: parameterNames) } ?? [],
            sbc: outcome.sbc, bins: bins)
    }

    /// `--sizes`: whole numbers ≥ 1.
    private static func sizes(_ text: String?, default size: Int?) throws -> [Int] {
        guard let text else {
            guard let size else { throw InferenceError.usage("give --sizes n1,n2,…: the rows of each simulated data set") }
            return [size]
        }
        let sizes = text.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !sizes.isEmpty, sizes.allSatisfy({ ($0 ?? 0) >= 1 }) else {
            throw InferenceError.usage("--sizes takes whole numbers ≥ 1, n1,n2,…, got \(InferenceError.excerpt(text))")
        }
        return sizes.compactMap { $0 }
    }

    /// `--truth NAME=VALUE,…`: a finite value for every parameter, in the model's order.
    private static func truth(_ text: String, parameterNames: [String]) throws -> [Double] {
        var values: [String: Double] = [:]
        for part in text.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, let value = Double(pair[1]), value.isFinite else {
                throw InferenceError.usage("--truth takes NAME=VALUE,… with finite values, got \(InferenceError.excerpt(part))")
            }
            guard parameterNames.contains(pair[0]) else {
                throw InferenceError.usage("--truth names \(InferenceError.excerpt(pair[0])), which is not a parameter; the parameters are \(parameterNames.joined(separator: ", "))")
            }
            guard values.updateValue(value, forKey: pair[0]) == nil else { throw InferenceError.usage("--truth names \(pair[0]) twice") }
        }
        let missing = parameterNames.filter { values[$0] == nil }
        guard missing.isEmpty else { throw InferenceError.usage("--truth needs every parameter; missing: \(missing.joined(separator: ", "))") }
        return parameterNames.map { values[$0]! }
    }

    /// `--methods m1,m2,…`.
    private static func methods(_ text: String) throws -> [IntervalMethod] {
        var methods: [IntervalMethod] = []
        for word in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            guard let method = IntervalMethod(rawValue: word) else {
                throw InferenceError.usage(
                    "unknown interval method \(InferenceError.excerpt(word)); choose from \(IntervalMethod.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if !methods.contains(method) { methods.append(method) }
        }
        guard !methods.isEmpty else { throw InferenceError.usage("--methods needs at least one method") }
        return methods
    }
}
