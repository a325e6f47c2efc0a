import CGSL

/// A pseudo-random number generator over GSL's `gsl_rng`, seeded reproducibly from a
/// `(seed, stream)` pair.
///
/// ## Streams
/// Replicate k of a bootstrap and chain k of a sampler use stream k of the run's seed, so they
/// draw the same numbers in every run whatever the thread count. A stream's generator state is
/// derived in two steps:
/// 1. a 64-bit key `k = mix(mix(seed) + (stream + 1) · φ)`, where `mix` is the SplitMix64
///    finaliser (Steele, Lea & Flood 2014) and φ = 0x9E3779B97F4A7C15; `mix` is a bijection, so
///    distinct streams of one seed get distinct keys and keys of different seeds collide with
///    probability about N²/2⁶⁵ for N streams;
/// 2. for MT19937 (the default) all 624 words of the state are filled from a SplitMix64 sequence
///    started at `k` (as numpy's `SeedSequence` fills a state), not only the 32-bit seed that
///    `gsl_rng_set` takes. Two keys therefore start at unrelated points of a period of 2¹⁹⁹³⁷ − 1;
///    the chance that N streams of length L overlap is about N²L / 2¹⁹⁹³⁷, which is zero in any
///    practice. taus2's three state words are filled the same way (then warmed up by six draws,
///    as `gsl_rng_set` does): 2⁶⁴ starting points of a period of 2⁸⁸, so N streams of length L
///    overlap with probability about N²L / 2⁸⁸ (10⁻¹¹ for 10⁴ bootstrap replicates of 10⁵ draws).
///    The other algorithms are seeded with `gsl_rng_set(k)` and so have at most 2³² distinct
///    starting points.
public final class RandomGenerator: RandomNumberGenerator {
    /// The generator algorithms offered (GSL names in parentheses).
    public enum Algorithm: String, CaseIterable, Sendable {
        /// Mersenne Twister (`mt19937`), Matsumoto & Nishimura 1998: the default.
        case mt19937
        /// RANLUX at luxury level 2, double precision (`ranlxd2`): slow, of the highest quality.
        case ranlxd2
        /// Tausworthe (`taus2`), L'Ecuyer 1996: fast, small state.
        case taus2
        /// Four-tap shift register (`gfsr4`), Ziff 1998: fast.
        case gfsr4
    }

    @usableFromInline let rng: UnsafeMutablePointer<gsl_rng>
    /// The algorithm of this generator.
    public let algorithm: Algorithm
    /// The seed it was created from.
    public let seed: UInt64
    /// The stream index it was created from.
    public let stream: UInt64

    /// Creates the generator of stream `stream` of `seed`.
    ///
    /// - Throws: `GSLError` when GSL cannot allocate the generator.
    public init(seed: UInt64, stream: UInt64 = 0, algorithm: Algorithm = .mt19937) throws(GSLError) {
        GSLRuntime.prepare()
        let type: UnsafePointer<gsl_rng_type>
        switch algorithm {
        case .mt19937: type = cgsl_rng_mt19937()
        case .ranlxd2: type = cgsl_rng_ranlxd2()
        case .taus2: type = cgsl_rng_taus2()
        case .gfsr4: type = cgsl_rng_gfsr4()
        }
        guard let rng = gsl_rng_alloc(type) else {
            throw GSLError(status: Int32(GSL_ENOMEM), message: "cannot allocate a random number generator")
        }
        self.rng = rng
        self.algorithm = algorithm
        self.seed = seed
        self.stream = stream
        let key = RandomGenerator.streamKey(seed: seed, stream: stream)
        if algorithm == .mt19937 {
            var state = SplitMix64(state: key)
            let words = (0..<624).map { _ in UInt32(truncatingIfNeeded: state.next() >> 32) }
            let status = words.withUnsafeBufferPointer { cgsl_mt19937_set_state(rng, $0.baseAddress) }
            if status != Int32(GSL_SUCCESS) {
                gsl_rng_free(rng)
                throw GSLError(status: status, message: "cannot seed the MT19937 generator")
            }
        } else if algorithm == .taus2 {
            let words = RandomGenerator.taus2Words(key: key)
            let status = cgsl_taus2_set_state(rng, words.0, words.1, words.2)
            if status != Int32(GSL_SUCCESS) {
                gsl_rng_free(rng)
                throw GSLError(status: status, message: "cannot seed the taus2 generator")
            }
        } else {
            gsl_rng_set(rng, UInt(truncatingIfNeeded: key))
        }
    }

    deinit { gsl_rng_free(rng) }

    /// The 64-bit key of stream `stream` of `seed` (step 1 above).
    public static func streamKey(seed: UInt64, stream: UInt64) -> UInt64 {
        let golden: UInt64 = 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(SplitMix64.mix(seed) &+ (stream &+ 1) &* golden)
    }

    /// The three raw words a taus2 stream of `key` is seeded from: the high halves of the first
    /// three outputs of SplitMix64 started at `key` (`cgsl_taus2_set_state` raises a word below
    /// its component's minimum and warms the state up).
    static func taus2Words(key: UInt64) -> (UInt32, UInt32, UInt32) {
        var state = SplitMix64(state: key)
        let a = UInt32(truncatingIfNeeded: state.next() >> 32)
        let b = UInt32(truncatingIfNeeded: state.next() >> 32)
        return (a, b, UInt32(truncatingIfNeeded: state.next() >> 32))
    }

    /// The next 64 random bits (two 32-bit outputs of MT19937; other algorithms are widened
    /// the same way from their native range).
    public func next() -> UInt64 {
        let high = UInt64(truncatingIfNeeded: nextUInt32())
        let low = UInt64(truncatingIfNeeded: nextUInt32())
        return high << 32 | low
    }

    @inlinable func nextUInt32() -> UInt32 {
        if algorithm == .mt19937 || algorithm == .taus2 || algorithm == .gfsr4 {
            return UInt32(truncatingIfNeeded: gsl_rng_get(rng))
        }
        return UInt32(gsl_rng_uniform(rng) * 4_294_967_296.0)
    }

    /// A uniform draw from [0, 1) (`gsl_rng_uniform`).
    @inlinable public func uniform() -> Double { gsl_rng_uniform(rng) }

    /// A uniform draw from (0, 1) (`gsl_rng_uniform_pos`).
    @inlinable public func uniformPositive() -> Double { gsl_rng_uniform_pos(rng) }

    /// A uniform integer in 0..<n, unbiased: `gsl_rng_uniform_int` for MT19937 and n < 2³², else
    /// Swift's `Int.random(in:using:)` on this generator's 64-bit words; 0 for n ≤ 1.
    @inlinable public func index(below n: Int) -> Int {
        if n <= 1 { return 0 }
        if n <= 4_294_967_295 && algorithm == .mt19937 {
            return Int(gsl_rng_uniform_int(rng, UInt(n)))
        }
        var generator = self
        return Int.random(in: 0..<n, using: &generator)
    }

    /// Fills `buffer` with independent uniform draws from 0..<n (n ≥ 1): Lemire's (2019)
    /// multiply-and-reject on 32-bit outputs, exact, with one division per call rather than two
    /// per draw as `gsl_rng_uniform_int` takes; the bootstrap's resampling loop. For
    /// n ≥ 2³² the draws come from ``index(below:)``.
    public func fillIndices(_ buffer: UnsafeMutableBufferPointer<Int>, below n: Int) {
        guard n > 1 else {
            for i in buffer.indices { buffer[i] = 0 }
            return
        }
        guard n <= 4_294_967_295, algorithm != .ranlxd2 else {
            for i in buffer.indices { buffer[i] = index(below: n) }
            return
        }
        if algorithm == .taus2, let base = buffer.baseAddress,
            cgsl_taus2_fill_indices(rng, UnsafeMutableRawPointer(base).assumingMemoryBound(to: CLong.self), buffer.count, UInt64(n)) == GSL_SUCCESS
        {
            return
        }
        fillIndicesThroughGSL(buffer, below: n)
    }

    /// ``fillIndices(_:below:)`` through `gsl_rng_get`, one call a draw (2 ≤ n < 2³²); taus2 takes
    /// the shim's inlined recurrence instead, which draws the same numbers.
    func fillIndicesThroughGSL(_ buffer: UnsafeMutableBufferPointer<Int>, below n: Int) {
        let range = UInt64(n)
        let threshold = UInt32(truncatingIfNeeded: (1 << 32) % range)
        let generator = rng
        for i in buffer.indices {
            var product = UInt64(UInt32(truncatingIfNeeded: gsl_rng_get(generator))) &* range
            while UInt32(truncatingIfNeeded: product) < threshold {
                product = UInt64(UInt32(truncatingIfNeeded: gsl_rng_get(generator))) &* range
            }
            buffer[i] = Int(product >> 32)
        }
    }

    /// The underlying `gsl_rng*`, for the distribution samplers of this module.
    @usableFromInline var pointer: UnsafeMutablePointer<gsl_rng> { rng }
}

/// SplitMix64 (Steele, Lea & Flood 2014): the seeding sequence of ``RandomGenerator``.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The current state.
    public var state: UInt64

    /// Creates the sequence starting at `state`.
    public init(state: UInt64) { self.state = state }

    /// The SplitMix64 output function: a bijective 64-bit mixer.
    @inlinable
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Advances by φ and returns the mixed state.
    @inlinable
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }
}
