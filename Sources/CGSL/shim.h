#ifndef CGSL_SHIM_H
#define CGSL_SHIM_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_psi.h>
#include <gsl/gsl_sf_erf.h>
#include <gsl/gsl_sf_log.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_multimin.h>

/* Swift 6 rejects GSL's global generator-type variables as shared mutable state;
   these accessors hand them over as plain function results. */
/* A hint that the bytes at p will be read soon (into every cache level). */
static inline __attribute__((always_inline)) void cgsl_prefetch(const void *p) { __builtin_prefetch(p, 0, 3); }

static inline const gsl_rng_type *cgsl_rng_mt19937(void) { return gsl_rng_mt19937; }
static inline const gsl_rng_type *cgsl_rng_ranlxd2(void) { return gsl_rng_ranlxd2; }
static inline const gsl_rng_type *cgsl_rng_taus2(void) { return gsl_rng_taus2; }
static inline const gsl_rng_type *cgsl_rng_gfsr4(void) { return gsl_rng_gfsr4; }

static inline const gsl_multimin_fdfminimizer_type *cgsl_multimin_vector_bfgs2(void) {
    return gsl_multimin_fdfminimizer_vector_bfgs2;
}
static inline const gsl_multimin_fminimizer_type *cgsl_multimin_nmsimplex2(void) {
    return gsl_multimin_fminimizer_nmsimplex2;
}

/* The state of GSL's MT19937 (mt.c: 624 words and an index). Filling all 624 words from a
   64-bit-keyed stream gives 2^64 distinct starting states instead of gsl_rng_set's 2^32. */
typedef struct {
    unsigned long mt[624];
    int mti;
} cgsl_mt19937_state;

static inline int cgsl_mt19937_set_state(gsl_rng *r, const uint32_t *words) {
    if (r == NULL || r->type != gsl_rng_mt19937) return GSL_EINVAL;
    cgsl_mt19937_state *s = (cgsl_mt19937_state *)r->state;
    uint32_t any = 0;
    for (int i = 0; i < 624; i++) { s->mt[i] = words[i]; any |= words[i]; }
    if (any == 0) s->mt[0] = 0x80000000UL; /* the all-zero state is forbidden */
    s->mti = 624;
    return GSL_SUCCESS;
}

/* The state of GSL's taus2 (taus.c: three words, each above a minimum the recurrence needs).
   Filled from three 32-bit words of a 64-bit-keyed stream, then warmed up with six draws as
   gsl_rng_set does, for 2^64 distinct starting points of the period 2^88. */
typedef struct {
    unsigned long s1, s2, s3;
} cgsl_taus2_state;

static inline int cgsl_taus2_set_state(gsl_rng *r, uint32_t s1, uint32_t s2, uint32_t s3) {
    if (r == NULL || r->type != gsl_rng_taus2) return GSL_EINVAL;
    cgsl_taus2_state *s = (cgsl_taus2_state *)r->state;
    s->s1 = s1 < 2 ? s1 + 2UL : s1;
    s->s2 = s2 < 8 ? s2 + 8UL : s2;
    s->s3 = s3 < 16 ? s3 + 16UL : s3;
    for (int i = 0; i < 6; i++) (void)gsl_rng_get(r);
    return GSL_SUCCESS;
}

/* `count` draws of taus2 mapped to indices below `range` (2 <= range < 2^32) by Lemire's
   multiply-shift with rejection: taus.c's recurrence inlined, so the same numbers as gsl_rng_get
   without a call through the type's function pointer for each (the bootstrap draws 10^9 of them). */
static inline int cgsl_taus2_fill_indices(gsl_rng *r, long *out, size_t count, uint64_t range) {
    if (r == NULL || r->type != gsl_rng_taus2 || range < 2 || range > 4294967295ULL) return GSL_EINVAL;
    cgsl_taus2_state *s = (cgsl_taus2_state *)r->state;
    unsigned long s1 = s->s1, s2 = s->s2, s3 = s->s3;
    const uint32_t threshold = (uint32_t)((1ULL << 32) % range);
    for (size_t i = 0; i < count; i++) {
        uint64_t product;
        do {
            s1 = (((s1 & 4294967294UL) << 12) & 0xffffffffUL) ^ ((((s1 << 13) & 0xffffffffUL) ^ s1) >> 19);
            s2 = (((s2 & 4294967288UL) << 4) & 0xffffffffUL) ^ ((((s2 << 2) & 0xffffffffUL) ^ s2) >> 25);
            s3 = (((s3 & 4294967280UL) << 17) & 0xffffffffUL) ^ ((((s3 << 3) & 0xffffffffUL) ^ s3) >> 11);
            product = (uint64_t)(uint32_t)(s1 ^ s2 ^ s3) * range;
        } while ((uint32_t)product < threshold);
        out[i] = (long)(product >> 32);
    }
    s->s1 = s1;
    s->s2 = s2;
    s->s3 = s3;
    return GSL_SUCCESS;
}

/* One step of taus2's recurrence on 32-bit words (taus.c masks 64-bit longs to the same bits);
   for scalars and for vectors of independent streams alike. */
#define CGSL_TAUS2_STEP(s1, s2, s3)                                     \
    do {                                                                \
        s1 = ((s1 & 4294967294U) << 12) ^ (((s1 << 13) ^ s1) >> 19);    \
        s2 = ((s2 & 4294967288U) << 4) ^ (((s2 << 2) ^ s2) >> 25);      \
        s3 = ((s3 & 4294967280U) << 17) ^ (((s3 << 3) ^ s3) >> 11);     \
    } while (0)

/* The bootstrap of sums of `count` replicates: replicate r's generator is taus2 seeded from the
   raw words (w1[r], w2[r], w3[r]) as cgsl_taus2_set_state seeds it; it draws n indices below n
   with the numbers of cgsl_taus2_fill_indices, and sums[r*d + j] is the sum of t[i*d + j] over
   the rows i drawn, added in the order drawn. Replicates run side by side in the lanes of
   vectors, 16 with AVX-512, else 8 (AVX2's gathers, or plain loads); each lane's numbers are
   its replicate's alone, so every path gives the same bytes. `widest` caps the path (0 plain,
   1 AVX2, 2 AVX-512; -1 the widest the CPU offers). 1 <= n < 2^32, 1 <= d <= 8. */

#define CGSL_K_NAME cgsl__taus2_sums_plain
#define CGSL_K_TARGET
#define CGSL_K_LANES 8
#define CGSL_K_GATHER(c, row) \
    ((cgsl_k_f64){c[row[0]], c[row[1]], c[row[2]], c[row[3]], c[row[4]], c[row[5]], c[row[6]], c[row[7]]})
#include "taus2_sums.inc"

#if defined(__x86_64__)
#include <cpuid.h>

typedef double cgsl__f64x4 __attribute__((vector_size(32)));
typedef long long cgsl__i64x4 __attribute__((vector_size(32)));
typedef double cgsl__f64x8v __attribute__((vector_size(64)));
typedef long long cgsl__i64x8v __attribute__((vector_size(64)));

#define CGSL_K_NAME cgsl__taus2_sums_avx2
#define CGSL_K_TARGET __attribute__((target("avx2")))
#define CGSL_K_LANES 8
#define CGSL_K_GATHER(c, row)                                                                              \
    __builtin_shufflevector(                                                                               \
        __builtin_ia32_gatherq_pd256((cgsl__f64x4){0, 0, 0, 0}, c,                                         \
                                     (cgsl__i64x4)__builtin_shufflevector(row, row, 0, 1, 2, 3),           \
                                     (cgsl__f64x4){-1.0, -1.0, -1.0, -1.0}, 8),                            \
        __builtin_ia32_gatherq_pd256((cgsl__f64x4){0, 0, 0, 0}, c,                                         \
                                     (cgsl__i64x4)__builtin_shufflevector(row, row, 4, 5, 6, 7),           \
                                     (cgsl__f64x4){-1.0, -1.0, -1.0, -1.0}, 8),                            \
        0, 1, 2, 3, 4, 5, 6, 7)
#include "taus2_sums.inc"

#define CGSL_K_NAME cgsl__taus2_sums_avx512
#define CGSL_K_TARGET __attribute__((target("avx512f")))
#define CGSL_K_LANES 16
#define CGSL_K_GATHER(c, row)                                                                              \
    __builtin_shufflevector(                                                                               \
        __builtin_ia32_gatherdiv8df((cgsl__f64x8v){0}, c,                                                  \
                                    (cgsl__i64x8v)__builtin_shufflevector(row, row, 0, 1, 2, 3, 4, 5, 6, 7), 0xff, 8), \
        __builtin_ia32_gatherdiv8df((cgsl__f64x8v){0}, c,                                                  \
                                    (cgsl__i64x8v)__builtin_shufflevector(row, row, 8, 9, 10, 11, 12, 13, 14, 15), 0xff, 8), \
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
#include "taus2_sums.inc"

/* The widest path the CPU and the operating system offer (cpuid leaves 1 and 7, xgetbv): 2 for
   AVX-512F, 1 for AVX2, else 0; asked once. */
static inline int cgsl_vector_path_widest(void) {
    static int known = -1;
    int answer = __atomic_load_n(&known, __ATOMIC_RELAXED);
    if (answer >= 0) return answer;
    unsigned a = 0, b = 0, c = 0, d = 0;
    answer = 0;
    if (__get_cpuid(1, &a, &b, &c, &d) && (c & bit_OSXSAVE) && (c & bit_AVX)) {
        unsigned low, high;
        __asm__("xgetbv" : "=a"(low), "=d"(high) : "c"(0));
        if ((low & 6) == 6 && __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & bit_AVX2)) {
            answer = 1;
            if ((low & 0xe6) == 0xe6 && (b & bit_AVX512F)) answer = 2;
        }
    }
    __atomic_store_n(&known, answer, __ATOMIC_RELAXED);
    return answer;
}
#else
static inline int cgsl_vector_path_widest(void) { return 0; }
#endif

/* The path a kernel takes: the widest the CPU offers, capped at `widest` when that is >= 0. */
static inline int cgsl__vector_path(int widest) {
    const int path = cgsl_vector_path_widest();
    return widest >= 0 && widest < path ? widest : path;
}

/* c += sum over the listed rows i of w[i] x_i x_i^T, x_i row i of the row-major matrix a (p
   columns, 1 <= p <= 128; rows 0, 1, ..., count - 1 when `rows` is NULL): the upper triangle and
   the diagonal of the p x p result, in a buffer of 8 ceil(p / 8) rows of as many values (the rest
   is scratch). Each entry gets the rows' products (w[i] x_ij) x_ik in the order listed, added one
   at a time with no fused multiply-add: the bits of a plain loop over the rows, on every path.
   Blocks of 64 rows (32 beyond 64 columns) are padded into the cache, and a tile of 8 columns by 4 rows (8 with
   AVX-512's 32 registers) stays in registers over each block. With `slopes` (one a row, as w)
   and `g` (8 ceil(p / 8) values), also g += slopes[i] x_i over the same rows, each entry adding
   the rows one after the other with no fused multiply-add: the bits of cgsl_add_rows over them
   (a pass's gradient, formed while its rows are in cache). `widest` caps the path as for
   cgsl_taus2_bootstrap_sums. */
#define CGSL_K_NAME cgsl__weighted_gram_plain
#define CGSL_K_TARGET
#define CGSL_K_TILE 4
#include "weighted_gram.inc"
#if defined(__x86_64__)
#define CGSL_K_NAME cgsl__weighted_gram_avx2
#define CGSL_K_TARGET __attribute__((target("avx2")))
#define CGSL_K_TILE 4
#include "weighted_gram.inc"
#define CGSL_K_NAME cgsl__weighted_gram_avx512
#define CGSL_K_TARGET __attribute__((target("avx512f")))
#define CGSL_K_TILE 8
#include "weighted_gram.inc"
#endif

static inline int cgsl_weighted_gram(
    const double *a, size_t p, const double *w, const size_t *rows, size_t count, double *c, const double *slopes, double *g,
    int widest) {
    if (a == NULL || w == NULL || c == NULL || p < 1 || p > 128 || (slopes == NULL) != (g == NULL)) return GSL_EINVAL;
    const int path = cgsl__vector_path(widest);
#if defined(__x86_64__)
    if (path == 2) {
        cgsl__weighted_gram_avx512(a, p, w, rows, count, c, slopes, g);
        return GSL_SUCCESS;
    }
    if (path == 1) {
        cgsl__weighted_gram_avx2(a, p, w, rows, count, c, slopes, g);
        return GSL_SUCCESS;
    }
#endif
    cgsl__weighted_gram_plain(a, p, w, rows, count, c, slopes, g);
    return GSL_SUCCESS;
}

/* The passes over the rows of the GLMs' Newton steps, x row-major with p columns; the rows are
   rows[0..count) when `rows` is not NULL, else start, start + 1, …, start + count − 1.
   cgsl_linear_predictors: eta[i − first] = x_i·b, four rows at a time in the lanes of a vector
   (a 4 x 4 block of x transposed in registers), each row's products added in column order from
   0 with no fused multiply-add: the bits of a plain loop over one row. cgsl_add_rows:
   g += Σ slopes[i − first] x_i over the listed rows not counted 0 times (counts may be NULL),
   four rows at a time, each entry of g adding the rows one after the other: the bits of a plain
   loop over the rows. Every path gives the same bytes; `widest` caps the path as for
   cgsl_taus2_bootstrap_sums. */
#define CGSL_K_SUFFIX plain
#define CGSL_K_TARGET
#include "row_passes.inc"
#if defined(__x86_64__)
#define CGSL_K_SUFFIX avx2
#define CGSL_K_TARGET __attribute__((target("avx2")))
#include "row_passes.inc"
#endif

static inline void cgsl_linear_predictors(
    const double *x, size_t p, const double *b, const size_t *rows, size_t count, size_t start, size_t first, double *eta, int widest) {
#if defined(__x86_64__)
    if (cgsl__vector_path(widest) >= 1) {
        cgsl__linear_predictors_avx2(x, p, b, rows, count, start, first, eta);
        return;
    }
#endif
    cgsl__linear_predictors_plain(x, p, b, rows, count, start, first, eta);
}

static inline void cgsl_add_rows(
    const double *x, size_t p, const double *slopes, const long *counts, const size_t *rows, size_t count, size_t start, size_t first,
    double *g, int widest) {
#if defined(__x86_64__)
    if (cgsl__vector_path(widest) >= 1) {
        cgsl__add_rows_avx2(x, p, slopes, counts, rows, count, start, first, g);
        return;
    }
#endif
    cgsl__add_rows_plain(x, p, slopes, counts, rows, count, start, first, g);
}

static inline int cgsl_taus2_bootstrap_sums(
    const uint32_t *w1, const uint32_t *w2, const uint32_t *w3, size_t count, const double *t, size_t n, size_t d,
    double *sums, int widest) {
    if (w1 == NULL || w2 == NULL || w3 == NULL || t == NULL || sums == NULL || n < 1 || n > 4294967295ULL || d < 1 || d > 8)
        return GSL_EINVAL;
    const int path = cgsl__vector_path(widest);
#if defined(__x86_64__)
    if (path == 2) {
        cgsl__taus2_sums_avx512(w1, w2, w3, count, t, n, d, sums);
        return GSL_SUCCESS;
    }
    if (path == 1) {
        cgsl__taus2_sums_avx2(w1, w2, w3, count, t, n, d, sums);
        return GSL_SUCCESS;
    }
#endif
    cgsl__taus2_sums_plain(w1, w2, w3, count, t, n, d, sums);
    return GSL_SUCCESS;
}

/* Rows first..first+count of c = A b: A is n x p with A[i][k] = a[i * si + k * sk] (si = p,
   sk = 1 for a row-major a; si = 1, sk = n for the transpose of a row-major p x n a), b is p x m,
   given packed by cgsl_pack_product_panels; c is n x m, row-major. Each entry adds the products
   A_ik b_kj in the order of k, one at a time with no fused multiply-add: the bits of a plain loop
   over k, on every path, however the rows are split between calls. A tile of rows x 8 entries
   stays in registers while k runs over blocks of 256 (16 rows with AVX-512, 6 with AVX2, 3 in
   plain vectors). `upper` computes only the blocks of 8 columns that reach row i's diagonal or
   beyond (for a symmetric c, mirrored by the caller). `widest` caps the path as for
   cgsl_taus2_bootstrap_sums. */
#define CGSL_K_NAME cgsl__matrix_product_plain
#define CGSL_K_TARGET
#define CGSL_K_ROWS 3
#include "matrix_product.inc"
#if defined(__x86_64__)
#define CGSL_K_NAME cgsl__matrix_product_avx2
#define CGSL_K_TARGET __attribute__((target("avx2")))
#define CGSL_K_ROWS 6
#include "matrix_product.inc"
#define CGSL_K_NAME cgsl__matrix_product_avx512
#define CGSL_K_TARGET __attribute__((target("avx512f")))
#define CGSL_K_ROWS 16
#include "matrix_product.inc"
#endif

/* b (p x m, row-major) as cgsl_matrix_product reads it: panel j of the ceil(m / 8) holds
   columns 8j..8j+7 as p rows of 8, zero past column m; `packed` has room for p * 8 * ceil(m / 8)
   values. */
static inline void cgsl_pack_product_panels(const double *b, size_t p, size_t m, double *packed) {
    const size_t panels = (m + 7) / 8;
    for (size_t j = 0; j < panels; j++)
        for (size_t k = 0; k < p; k++)
            for (size_t t = 0; t < 8; t++) packed[(j * p + k) * 8 + t] = 8 * j + t < m ? b[k * m + 8 * j + t] : 0.0;
}

static inline int cgsl_matrix_product(
    const double *a, size_t si, size_t sk, size_t p, const double *packed, size_t m, double *c, size_t first,
    size_t count, int upper, int widest) {
    if (a == NULL || packed == NULL || c == NULL || p < 1 || m < 1) return GSL_EINVAL;
    const int path = cgsl__vector_path(widest);
#if defined(__x86_64__)
    if (path == 2) {
        cgsl__matrix_product_avx512(a, si, sk, p, packed, m, c, first, count, upper);
        return GSL_SUCCESS;
    }
    if (path == 1) {
        cgsl__matrix_product_avx2(a, si, sk, p, packed, m, c, first, count, upper);
        return GSL_SUCCESS;
    }
#endif
    cgsl__matrix_product_plain(a, si, sk, p, packed, m, c, first, count, upper);
    return GSL_SUCCESS;
}

/* The bytes of p[0..n) equal to `byte`: 32 at a time, counted in the lanes of a vector of bytes
   over stretches of 255 vectors (so that no lane overflows), then added up. */
typedef unsigned char cgsl_u8x32 __attribute__((ext_vector_type(32)));

static inline size_t cgsl_count_byte(const unsigned char *p, size_t n, unsigned char byte) {
    size_t total = 0, i = 0;
    while (n - i >= 32) {
        cgsl_u8x32 counts = 0;
        for (int k = 0; k < 255 && n - i >= 32; k++, i += 32) {
            cgsl_u8x32 v;
            memcpy(&v, p + i, sizeof v);
            counts -= (cgsl_u8x32)(v == byte); /* a lane that matches is all ones: minus one */
        }
        for (int t = 0; t < 32; t++) total += counts[t];
    }
    for (; i < n; i++) total += p[i] == byte;
    return total;
}

/* The lowest and highest of x[0..count) over the rows of class 0 (y != 1), then over those of
   class 1 (y == 1), into ranges[0..4): +inf and -inf for a class without rows. NaN-free x only
   (a NaN may be dropped or kept, by lane). Minima and maxima do not depend on the order: every
   path gives the same numbers; `widest` caps the path as for cgsl_taus2_bootstrap_sums. */
#define CGSL_K_SUFFIX plain
#define CGSL_K_TARGET
#include "class_ranges.inc"
#if defined(__x86_64__)
#define CGSL_K_SUFFIX avx2
#define CGSL_K_TARGET __attribute__((target("avx2")))
#include "class_ranges.inc"
#define CGSL_K_SUFFIX avx512
#define CGSL_K_TARGET __attribute__((target("avx512f")))
#include "class_ranges.inc"
#endif

static inline void cgsl_class_ranges(const double *x, const double *y, size_t count, double *ranges, int widest) {
#if defined(__x86_64__)
    const int path = cgsl__vector_path(widest);
    if (path == 2) {
        cgsl__class_ranges_avx512(x, y, count, ranges);
        return;
    }
    if (path == 1) {
        cgsl__class_ranges_avx2(x, y, count, ranges);
        return;
    }
#endif
    cgsl__class_ranges_plain(x, y, count, ranges);
}

/* Rows start, start + 1, …, start + count − 1 of the design whose entry (i, j) is
   (columns[j][i] − centre[j]) / divisor[j], after a leading 1 when `leading_one`: row-major into
   `out`, p + 1 (or p) entries a row. Each entry the one subtraction and division of a plain
   loop (the division left out where the divisor is 1, which changes no bit). With `b` (one
   coefficient an entry of a row), also each row's predictor into eta[0..count): its entries
   times b added in column order from 0 with no fused multiply-add, the bits of
   cgsl_linear_predictors. The same numbers on every path; `widest` caps the path as for
   cgsl_taus2_bootstrap_sums. */
#define CGSL_K_SUFFIX plain
#define CGSL_K_TARGET
#include "standardized_rows.inc"
#if defined(__x86_64__)
#define CGSL_K_SUFFIX avx2
#define CGSL_K_TARGET __attribute__((target("avx2")))
#include "standardized_rows.inc"
#endif

static inline void cgsl_standardized_rows(
    const double *const *columns, size_t p, const double *centre, const double *divisor, int leading_one, size_t start, size_t count,
    double *out, const double *b, double *eta, int widest) {
#if defined(__x86_64__)
    if (cgsl__vector_path(widest) >= 1) {
        cgsl__standardized_rows_avx2(columns, p, centre, divisor, leading_one, start, count, out, b, eta);
        return;
    }
#endif
    cgsl__standardized_rows_plain(columns, p, centre, divisor, leading_one, start, count, out, b, eta);
}

/* OpenBLAS's pthreads build starts its worker threads when it is loaded; each then spins for
   about 0.1 s before it sleeps. blas_thread_shutdown_ (the handler OpenBLAS registers for fork())
   joins them, and OpenBLAS starts them again at its next multithreaded call. Weak: with a BLAS
   that lacks it the call does nothing and returns -1. */
extern int blas_thread_shutdown_(void) __attribute__((weak));

static inline int cgsl_blas_stop_idle_workers(void) {
    return blas_thread_shutdown_ ? blas_thread_shutdown_() : -1;
}

/* Whether the BLAS runs generic kernels on this CPU, without fused multiply-adds or wide vectors:
   OpenBLAS names its kernels by core (openblas_get_corename), and falls back to those of an old
   core (Prescott's, SSE2) on a CPU it does not know; then cgsl_matrix_product is faster. A strong
   reference: OpenBLAS is linked from its static archive, where a weak one would not pull the
   function in (it stayed null, and every CPU counted as one with tuned kernels). */
extern char *openblas_get_corename(void);

/* The name of the kernel set OpenBLAS runs on this CPU ("Cooperlake", "Prescott", ...). */
static inline const char *cgsl_blas_core_name(void) { return openblas_get_corename(); }

/* LAPACK's divide-and-conquer symmetric eigensolver, from OpenBLAS's LAPACK (a strong reference:
   a weak one would not pull it out of the static archive). cgsl_symmetric_eigen: the eigenvalues
   of the symmetric n x n matrix `a` (row-major, its diagonal and lower triangle read) into w,
   ascending, and the unit eigenvector of w[k] into row k of `a`; GSL_EINVAL, GSL_ENOMEM, or
   GSL_EMAXITER when the solver did not converge. */
extern void dsyevd_(const char *jobz, const char *uplo, const int *n, double *a, const int *lda, double *w, double *work,
                    const int *lwork, int *iwork, const int *liwork, int *info);

static inline int cgsl_symmetric_eigen(double *a, int n, double *w) {
    /* 1 + 6n + 2n² work entries must fit an int: n at most 32,766 */
    if (a == NULL || w == NULL || n < 1 || n > 32766) return GSL_EINVAL;
    const int lwork = 1 + 6 * n + 2 * n * n, liwork = 3 + 5 * n;
    double *work = malloc(sizeof(double) * (size_t)lwork);
    int *iwork = malloc(sizeof(int) * (size_t)liwork);
    int info = 0;
    if (work && iwork) {
        /* a row-major lower triangle is a column-major upper one; the column-major eigenvectors
           are the rows of the row-major result */
        dsyevd_("V", "U", &n, a, &n, w, work, &lwork, iwork, &liwork, &info);
    }
    const int status = !(work && iwork) ? GSL_ENOMEM : info == 0 ? GSL_SUCCESS : info < 0 ? GSL_EINVAL : GSL_EMAXITER;
    free(work);
    free(iwork);
    return status;
}

/* One thread for OpenBLAS's own calls (weak: nothing with a BLAS that lacks it); 0 when done. */
extern void openblas_set_num_threads(int) __attribute__((weak));

static inline int cgsl_blas_use_one_thread(void) {
    if (!openblas_set_num_threads) return -1;
    openblas_set_num_threads(1);
    return 0;
}

static inline int cgsl_blas_kernels_are_generic(void) {
    const char *name = openblas_get_corename();
    if (name == NULL) return 0;
    static const char *const generic[] = {"prescott", "core2", "penryn", "dunnington", "nehalem", "atom", "katmai",
                                          "coppermine", "northwood", "banias", "opteron", "opteron_sse3", "barcelona",
                                          "bobcat", "nano", "unknown"};
    for (size_t k = 0; k < sizeof generic / sizeof generic[0]; k++)
        if (strcasecmp(name, generic[k]) == 0) return 1;
    return 0;
}

#endif
