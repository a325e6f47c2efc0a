#ifndef CGSL_SHIM_H
#define CGSL_SHIM_H

#include <stdint.h>
#include <string.h>
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
#include <gsl/gsl_multimin.h>

/* Swift 6 rejects GSL's global generator-type variables as shared mutable state;
   these accessors hand them over as plain function results. */
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

/* OpenBLAS's pthreads build starts its worker threads when it is loaded; each then spins for
   about 0.1 s before it sleeps. blas_thread_shutdown_ (the handler OpenBLAS registers for fork())
   joins them, and OpenBLAS starts them again at its next multithreaded call. Weak: with a BLAS
   that lacks it the call does nothing and returns -1. */
extern int blas_thread_shutdown_(void) __attribute__((weak));

static inline int cgsl_blas_stop_idle_workers(void) {
    return blas_thread_shutdown_ ? blas_thread_shutdown_() : -1;
}

#endif
