import CGSL
import Foundation

/// Unconstrained minimisation over GSL's `gsl_multimin`: BFGS (`vector_bfgs2`) when a gradient
/// is given, the Nelder–Mead simplex (`nmsimplex2`) otherwise.
///
/// Every run stops after at most ``Options/maximumIterations`` iterations and reports whether it
/// converged, how many iterations it took and (for BFGS) the final gradient norm.
public enum Minimizer {
    /// Stopping rules and step sizes.
    public struct Options: Sendable {
        /// Hard cap on iterations: the minimiser never loops forever.
        public var maximumIterations: Int
        /// BFGS converges when ‖∇f‖₂ falls below this (`gsl_multimin_test_gradient`).
        public var gradientTolerance: Double
        /// BFGS's first trial step length.
        public var initialStep: Double
        /// BFGS's line-search accuracy (GSL recommends 0.1).
        public var lineSearchTolerance: Double
        /// Nelder–Mead's initial simplex edge length along each axis.
        public var simplexStep: Double
        /// Nelder–Mead converges when the simplex's characteristic size falls below this.
        public var simplexTolerance: Double

        /// Options with GSL's recommended defaults and a 1e-8 gradient tolerance.
        public init(
            maximumIterations: Int = 1000, gradientTolerance: Double = 1e-8, initialStep: Double = 0.01,
            lineSearchTolerance: Double = 0.1, simplexStep: Double = 0.1, simplexTolerance: Double = 1e-10
        ) {
            self.maximumIterations = maximumIterations
            self.gradientTolerance = gradientTolerance
            self.initialStep = initialStep
            self.lineSearchTolerance = lineSearchTolerance
            self.simplexStep = simplexStep
            self.simplexTolerance = simplexTolerance
        }
    }

    /// The outcome of a run.
    public struct Result: Sendable {
        /// The best point found.
        public let point: [Double]
        /// f at that point.
        public let value: Double
        /// ‖∇f‖₂ at that point (BFGS only).
        public let gradientNorm: Double?
        /// Iterations taken.
        public let iterations: Int
        /// Whether the stopping test was met (rather than the iteration cap or a stall).
        public let converged: Bool
    }

    private final class Context {
        let objective: ([Double]) -> Double
        let gradient: (([Double]) -> [Double])?
        init(objective: @escaping ([Double]) -> Double, gradient: (([Double]) -> [Double])?) {
            self.objective = objective
            self.gradient = gradient
        }

        static func from(_ params: UnsafeMutableRawPointer?) -> Context {
            Unmanaged<Context>.fromOpaque(params!).takeUnretainedValue()
        }
    }

    private static func array(_ v: UnsafePointer<gsl_vector>?) -> [Double] {
        guard let v else { return [] }
        return (0..<v.pointee.size).map { gsl_vector_get(v, $0) }
    }

    private static func finite(_ value: Double) -> Double { value.isNaN ? .infinity : value }

    /// Minimises `objective` with BFGS, using `gradient` (∇f) from `start`.
    ///
    /// A non-finite objective (e.g. outside the support) is treated as +∞ so that line searches
    /// step back. Throws only when GSL cannot allocate the minimiser or `start` is not finite.
    public static func minimize(
        _ objective: ([Double]) -> Double, gradient: ([Double]) -> [Double], from start: [Double],
        options: Options = Options()
    ) throws(GSLError) -> Result {
        try validate(start, objective)
        return try withoutActuallyEscaping(objective) { (objective) throws(GSLError) -> Result in
            try withoutActuallyEscaping(gradient) { (gradient) throws(GSLError) -> Result in
                try runBFGS(Context(objective: objective, gradient: gradient), start, options)
            }
        }
    }

    /// Minimises `objective` with the Nelder–Mead simplex from `start` (no gradient needed).
    public static func minimize(
        _ objective: ([Double]) -> Double, from start: [Double], options: Options = Options()
    ) throws(GSLError) -> Result {
        try validate(start, objective)
        return try withoutActuallyEscaping(objective) { (objective) throws(GSLError) -> Result in
            try runSimplex(Context(objective: objective, gradient: nil), start, options)
        }
    }

    private static func validate(_ start: [Double], _ objective: ([Double]) -> Double) throws(GSLError) {
        GSLRuntime.prepare()
        guard !start.isEmpty, start.allSatisfy(\.isFinite) else {
            throw .invalidArgument("minimizer: the starting point must be non-empty and finite")
        }
        guard objective(start).isFinite else {
            throw GSLError(status: Int32(GSL_EDOM), message: "minimizer: the objective is not finite at the starting point")
        }
    }

    /// Writes `gradient` into GSL's vector `g`, exactly its size: a non-finite entry (or one the
    /// gradient lacks) as 0, so the line search backs off rather than reading NaN.
    private static func store(_ gradient: [Double], in g: UnsafeMutablePointer<gsl_vector>?) {
        guard let g else { return }
        for i in 0..<g.pointee.size {
            let value = i < gradient.count ? gradient[i] : 0
            gsl_vector_set(g, i, value.isFinite ? value : 0)
        }
    }

    private static func runBFGS(_ context: Context, _ start: [Double], _ options: Options) throws(GSLError) -> Result {
        let n = start.count
        guard let gradient = context.gradient, gradient(start).count == n else {
            throw .invalidArgument("minimizer: the gradient must have one entry a parameter (\(n))")
        }
        guard let minimizer = gsl_multimin_fdfminimizer_alloc(cgsl_multimin_vector_bfgs2(), n) else {
            throw GSLError(status: Int32(GSL_ENOMEM), message: "minimizer: cannot allocate")
        }
        defer { gsl_multimin_fdfminimizer_free(minimizer) }
        let params = Unmanaged.passUnretained(context).toOpaque()
        var function = gsl_multimin_function_fdf(
            f: { x, params in Minimizer.finite(Context.from(params).objective(Minimizer.array(x))) },
            df: { x, params, g in
                Minimizer.store(Context.from(params).gradient?(Minimizer.array(x)) ?? [], in: g)
            },
            fdf: { x, params, f, g in
                let context = Context.from(params)
                let point = Minimizer.array(x)
                f?.pointee = Minimizer.finite(context.objective(point))
                Minimizer.store(context.gradient?(point) ?? [], in: g)
            },
            n: n, params: params)
        var startValues = start
        let status = try withGSLVector(&startValues) { (x) throws(GSLError) -> Int32 in
            withUnsafeMutablePointer(to: &function) {
                gsl_multimin_fdfminimizer_set(minimizer, $0, x, options.initialStep, options.lineSearchTolerance)
            }
        }
        try GSLError.check(status, "minimizer set-up")
        var iterations = 0
        var converged = false
        while iterations < options.maximumIterations {
            iterations += 1
            let step = gsl_multimin_fdfminimizer_iterate(minimizer)
            let gradientStatus = gsl_multimin_test_gradient(minimizer.pointee.gradient, options.gradientTolerance)
            if gradientStatus == Int32(GSL_SUCCESS) { converged = true; break }
            if step != Int32(GSL_SUCCESS) { break }  // GSL_ENOPROG: the line search cannot improve
        }
        return Result(
            point: array(minimizer.pointee.x), value: minimizer.pointee.f,
            gradientNorm: gsl_blas_dnrm2(minimizer.pointee.gradient), iterations: iterations, converged: converged)
    }

    private static func runSimplex(_ context: Context, _ start: [Double], _ options: Options) throws(GSLError) -> Result {
        let n = start.count
        guard let minimizer = gsl_multimin_fminimizer_alloc(cgsl_multimin_nmsimplex2(), n) else {
            throw GSLError(status: Int32(GSL_ENOMEM), message: "minimizer: cannot allocate")
        }
        defer { gsl_multimin_fminimizer_free(minimizer) }
        let params = Unmanaged.passUnretained(context).toOpaque()
        var function = gsl_multimin_function(
            f: { x, params in Minimizer.finite(Context.from(params).objective(Minimizer.array(x))) },
            n: n, params: params)
        var startValues = start
        var steps = [Double](repeating: options.simplexStep, count: n)
        let status = try withGSLVector(&startValues) { (x) throws(GSLError) -> Int32 in
            try withGSLVector(&steps) { (s) throws(GSLError) -> Int32 in
                withUnsafeMutablePointer(to: &function) { gsl_multimin_fminimizer_set(minimizer, $0, x, s) }
            }
        }
        try GSLError.check(status, "minimizer set-up")
        var iterations = 0
        var converged = false
        while iterations < options.maximumIterations {
            iterations += 1
            let step = gsl_multimin_fminimizer_iterate(minimizer)
            if gsl_multimin_test_size(gsl_multimin_fminimizer_size(minimizer), options.simplexTolerance) == Int32(GSL_SUCCESS) {
                converged = true
                break
            }
            if step != Int32(GSL_SUCCESS) { break }
        }
        return Result(
            point: array(minimizer.pointee.x), value: minimizer.pointee.fval, gradientNorm: nil,
            iterations: iterations, converged: converged)
    }
}
