// fit-timing MODEL FILE [LAMBDA] [REPEATS]
//   MODEL: logistic (MLE + standard errors) or lasso (linear, laplace prior, sum-form LAMBDA).
// fit-timing lasso-path FILE [REPEATS]
//   seconds of a 100-λ lasso path (LinearRegressionModel.fitPath) and of one cold fit at the
//   path's middle and smallest λ, for Benchmarks/README.md.
// fit-timing logistic-bootstrap FILE RESAMPLES [REPEATS]
//   the nonparametric bootstrap of the logistic MLE (seed 1, every core), for
//   Benchmarks/bench/uncertainty.py: per-repeat seconds of Regression.bootstrap alone.
// Loads FILE and fits, REPEATS times after one untimed warm-up round, target column y, every
// other column a feature, and prints one JSON object: per-repeat seconds of Dataset.load,
// RegressionData.init and Regression.fit (standard errors included; also as process CPU time),
// the estimates and the standard errors (-1 where there is none).
import Foundation
import Inference

func clock(_ id: clockid_t) -> Double {
    var t = timespec()
    clock_gettime(id, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}
func now() -> Double { clock(CLOCK_MONOTONIC) }
/// CPU time of the whole process (every thread, OpenBLAS' workers included).
func cpuNow() -> Double { clock(CLOCK_PROCESS_CPUTIME_ID) }

let arguments = CommandLine.arguments
if arguments.count >= 4, arguments[1] == "logistic-bootstrap" {
    let resamples = Int(arguments[3]) ?? 999
    let repeats = arguments.count > 4 ? Int(arguments[4]) ?? 5 : 5
    do {
        let data = try RegressionData(try Dataset.load(path: arguments[2]), target: "y")
        let plan = try BootstrapPlan(resamples: resamples, seed: 1, threads: ProcessInfo.processInfo.activeProcessorCount)
        var seconds: [Double] = []
        for repeat_ in 0...repeats {
            let t0 = now()
            let result = try Regression.logistic.bootstrap(data, design: RegressionDesign(), penalty: .none, plan: plan)
            let t1 = now()
            if repeat_ > 0 { seconds.append(t1 - t0) }
            guard result.failureCount < resamples else {
                FileHandle.standardError.write("fit-timing: every resample failed\n".data(using: .utf8)!)
                exit(70)
            }
        }
        let json = try JSONSerialization.data(withJSONObject: ["bootstrap_seconds": seconds], options: [.sortedKeys])
        print(String(data: json, encoding: .utf8)!)
        exit(0)
    } catch {
        FileHandle.standardError.write("fit-timing: \(error)\n".data(using: .utf8)!)
        exit(70)
    }
}
if arguments.count >= 3, arguments[1] == "lasso-path" {
    // the cost of a 100-λ lasso path (warm starts, the strong rule) against one cold fit at the
    // path's middle λ and at its smallest, on the whole file (target y, every other column)
    let repeats = arguments.count > 3 ? Int(arguments[3]) ?? 5 : 5
    do {
        let data = try RegressionData(try Dataset.load(path: arguments[2]), target: "y", features: nil)
        let model = LinearRegressionModel(featureNames: data.featureNames)
        let grid = try LambdaGrid.values(count: 100, model: model, data: data, shape: .laplace)
        var path: [Double] = [], middle: [Double] = [], smallest: [Double] = []
        for repeat_ in 0...repeats {
            let t0 = now()
            let fits = model.fitPath(data, penalties: grid.map { Penalty.laplace(lambda: $0) })
            let t1 = now()
            _ = try model.fitPenalized(data, penalty: .laplace(lambda: grid[50]))
            let t2 = now()
            _ = try model.fitPenalized(data, penalty: .laplace(lambda: grid[99]))
            let t3 = now()
            guard fits.allSatisfy({ $0 != nil }) else { throw InferenceError.numerical("a fit of the path failed") }
            if repeat_ > 0 {
                path.append(t1 - t0)
                middle.append(t2 - t1)
                smallest.append(t3 - t2)
            }
        }
        let json = try JSONSerialization.data(
            withJSONObject: ["path_seconds": path, "middle_fit_seconds": middle, "smallest_fit_seconds": smallest], options: [.sortedKeys])
        print(String(data: json, encoding: .utf8)!)
        exit(0)
    } catch {
        FileHandle.standardError.write("fit-timing: \(error)\n".data(using: .utf8)!)
        exit(70)
    }
}
guard arguments.count >= 3, ["logistic", "lasso"].contains(arguments[1]) else {
    FileHandle.standardError.write("usage: fit-timing logistic|lasso FILE [LAMBDA] [REPEATS]\n".data(using: .utf8)!)
    exit(64)
}
let model = arguments[1]
let path = arguments[2]
let lambda = arguments.count > 3 ? Double(arguments[3])! : 0
let repeats = arguments.count > 4 ? Int(arguments[4])! : 5
let regression: Regression = model == "logistic" ? .logistic : .linear
let penalty: Penalty = model == "logistic" ? .none : .laplace(lambda: lambda)

var loadTimes: [Double] = [], dataTimes: [Double] = [], fitTimes: [Double] = [], fitCPUTimes: [Double] = []
var last: PointEstimate?
do {
    for repeat_ in 0...repeats {
        let t0 = now()
        let dataset = try Dataset.load(path: path)
        let t1 = now()
        let data = try RegressionData(dataset, target: "y")
        let c2 = cpuNow()
        let t2 = now()
        let estimate = try regression.fit(data, design: RegressionDesign(), penalty: penalty)
        _ = estimate.standardErrors
        let t3 = now()
        let c3 = cpuNow()
        if repeat_ > 0 {  // the first round is a warm-up
            loadTimes.append(t1 - t0)
            dataTimes.append(t2 - t1)
            fitTimes.append(t3 - t2)
            fitCPUTimes.append(c3 - c2)
        }
        last = estimate
    }
} catch {
    FileHandle.standardError.write("fit-timing: \(error)\n".data(using: .utf8)!)
    exit(70)
}
let estimate = last!
let result: [String: Any] = [
    "model": model,
    "load_seconds": loadTimes,
    "regression_data_seconds": dataTimes,
    "fit_seconds": fitTimes,
    "fit_cpu_seconds": fitCPUTimes,
    "names": estimate.parameterNames,
    "estimates": estimate.estimates,
    "standard_errors": estimate.standardErrors.map { $0 ?? Double.nan }.map { $0.isNaN ? -1 : $0 },
    "iterations": estimate.iterations,
]
let json = try! JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
print(String(data: json, encoding: .utf8)!)
