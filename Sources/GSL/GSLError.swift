import CGSL
import Foundation

/// An error reported by GSL, or a GSL precondition checked on the Swift side before a call.
///
/// GSL's default handler aborts the process; ``GSLRuntime`` switches it off before the first
/// call, so every failure arrives here as a status code and a message instead.
public struct GSLError: Error, Equatable, Sendable, CustomStringConvertible {
    /// GSL's status code (`GSL_EDOM`, `GSL_ENOMEM`, …), or `GSL_EINVAL` for checks made in Swift.
    public let status: Int32
    /// What failed, in words a user can act on.
    public let message: String

    /// Creates an error from a status code and a message.
    public init(status: Int32, message: String) {
        self.status = status
        self.message = message
    }

    /// An invalid argument detected before calling GSL.
    public static func invalidArgument(_ message: String) -> GSLError {
        GSLError(status: Int32(GSL_EINVAL), message: message)
    }

    /// A matrix that should be symmetric positive definite is not.
    public static func notPositiveDefinite(_ message: String = "matrix is not positive definite") -> GSLError {
        GSLError(status: Int32(GSL_EDOM), message: message)
    }

    /// The message alone, without the status code.
    public var description: String { message }

    /// Throws when `status` is not `GSL_SUCCESS`, with GSL's own text for the code.
    @inlinable
    public static func check(_ status: Int32, _ context: @autoclosure () -> String) throws(GSLError) {
        if status != Int32(GSL_SUCCESS) {
            throw GSLError(status: status, message: "\(context()): \(String(cString: gsl_strerror(status)))")
        }
    }
}

/// Process-wide GSL set-up that must happen before any GSL call.
public enum GSLRuntime {
    private static let handlerOff: Bool = {
        _ = gsl_set_error_handler_off()
        return true
    }()

    /// Switches off GSL's abort-on-error handler (once; later calls are a cheap check).
    ///
    /// Every entry point of this module calls it, so no GSL routine can end the process.
    @inlinable
    public static func prepare() {
        _ = ready
    }

    @usableFromInline
    static var ready: Bool { handlerOff }

    /// Stops OpenBLAS's idle worker threads, which it starts when it is loaded and which then spin
    /// for about 0.1 s before they sleep, on the cores a process's own threads need. OpenBLAS
    /// starts them again at its next multithreaded call (as after a fork). For a process's
    /// start-up, before any BLAS call: never while another thread may be inside BLAS.
    public static func stopIdleBLASWorkers() {
        _ = cgsl_blas_stop_idle_workers()
    }

    /// Whether ``allowStoppingIdleBLASWorkersBetweenPhases()`` was called (a lock, not an atomic:
    /// the flag is read a few times a run).
    private final class Permission: @unchecked Sendable {
        private var granted = false
        private let lock = NSLock()
        func grant() { lock.withLock { granted = true } }
        var isGranted: Bool { lock.withLock { granted } }
    }

    private static let mayStopWorkersBetweenPhases = Permission()

    /// Lets the library stop OpenBLAS's idle workers between the phases of its own work
    /// (``stopIdleBLASWorkersBetweenPhases()``): for a process in which no other thread calls
    /// BLAS meanwhile, as `infer`'s. A library user's process is left alone unless it says so.
    public static func allowStoppingIdleBLASWorkersBetweenPhases() {
        mayStopWorkersBetweenPhases.grant()
    }

    /// ``stopIdleBLASWorkers()`` when the process allowed it
    /// (``allowStoppingIdleBLASWorkersBetweenPhases()``): after a phase of large products, before
    /// one that makes no BLAS call and needs every core (the workers would spin on them for 0.1 s).
    public static func stopIdleBLASWorkersBetweenPhases() {
        if mayStopWorkersBetweenPhases.isGranted { stopIdleBLASWorkers() }
    }

    /// Keeps OpenBLAS to one thread where it runs generic kernels (``Matrix/productUsesVectorKernel``):
    /// the large products are then the shim's, on the caller's threads, and OpenBLAS's workers
    /// would wake only for small calls (GSL's factorisations) and then spin on the cores those
    /// products use. For a process's start-up, before ``stopIdleBLASWorkers()`` (setting the
    /// count starts the workers again); `infer` calls both, a library user's process is left alone.
    public static func keepBLASToOneThreadWhereKernelsAreGeneric() {
        prepare()
        if Matrix.productUsesVectorKernel { _ = cgsl_blas_use_one_thread() }
    }
}
