/* random.h - counter-based random numbers and the samplers of the toy experiments
 * (Feldman-Cousins, fc.h), the same on every compiler (portable.h).
 *
 * Generator: Philox4x32-10 (Salmon, Moraes, Dror, Shaw, "Parallel random numbers: as easy
 * as 1, 2, 3", SC11, 2011): a keyed bijection of a 128-bit counter, so that the numbers of
 * (key, counter) depend on nothing else: not on the engine, the threads, the batches or the
 * MPI ranks that draw them.  A stream is a key (the run's seed) and a counter whose three
 * upper words name what is drawn (fc.h: the map point, the toy, the bin or pull) and whose
 * lowest word counts the 128-bit blocks; each block gives two uniforms.  Checked against
 * the generator's published known-answer vectors (tests/test_fc.c).
 *
 * Samplers, exact up to rounding (no table, no state beyond the stream):
 *   uniform   (0, 1): the top 53 bits of a 64-bit word, + 1/2, times 2^-53 (never 0 or 1);
 *   normal    Box-Muller, one normal from two uniforms: sqrt(-2 ln u1) cos(2 pi u2);
 *   Poisson   mean < 10: inversion by sequential search from k = 0 (one uniform);
 *             mean >= 10: PTRS, the transformed rejection with squeeze of W. Hoermann,
 *             "The transformed rejection method for generating Poisson random variables",
 *             Insurance: Mathematics and Economics 12 (1993) 39, with ln k! from the
 *             Stirling series (cevns_log_factorial).
 * tests/test_fc.c compares the moments and the distribution with the analytic ones. */
#ifndef CEVNS_KERNELS_RANDOM_H
#define CEVNS_KERNELS_RANDOM_H

#include "portable.h"

/* One Philox4x32 round: two 32 x 32 -> 64-bit products (the Feistel-like network). */
CEVNS_FN void cevns_philox_round(cevns_u32 *c, const cevns_u32 *k) {
    cevns_u64 p0 = (cevns_u64)0xD2511F53u * (cevns_u64)c[0], p1 = (cevns_u64)0xCD9E8D57u * (cevns_u64)c[2];
    cevns_u32 hi0 = (cevns_u32)(p0 >> 32), lo0 = (cevns_u32)p0, hi1 = (cevns_u32)(p1 >> 32), lo1 = (cevns_u32)p1;
    c[0] = hi1 ^ c[1] ^ k[0];
    c[1] = lo1;
    c[2] = hi0 ^ c[3] ^ k[1];
    c[3] = lo0;
}

/* Philox4x32-10: out[0..4) from the counter ctr[0..4) and the key key[0..2). */
CEVNS_FN void cevns_philox4x32_10(const cevns_u32 *ctr, const cevns_u32 *key, cevns_u32 *out) {
    cevns_u32 k[2];
    int r;
    k[0] = key[0];
    k[1] = key[1];
    out[0] = ctr[0];
    out[1] = ctr[1];
    out[2] = ctr[2];
    out[3] = ctr[3];
    for (r = 0; r < 10; r++) {
        if (r > 0) { /* the key schedule: a Weyl sequence */
            k[0] += 0x9E3779B9u;
            k[1] += 0xBB67AE85u;
        }
        cevns_philox_round(out, k);
    }
}

/* A stream: counter words 1..3 name it, word 0 counts its blocks; two uniforms a block. */
typedef struct {
    cevns_u32 key[2], ctr[4], block[4];
    int used; /* uniforms taken from block (2: a new block is due) */
} cevns_rng;

/* The stream (seed; a, b, c): its first block is block 0. */
CEVNS_FN void cevns_rng_init(cevns_rng *g, cevns_u64 seed, cevns_u32 a, cevns_u32 b, cevns_u32 c) {
    g->key[0] = (cevns_u32)seed;
    g->key[1] = (cevns_u32)(seed >> 32);
    g->ctr[0] = 0;
    g->ctr[1] = a;
    g->ctr[2] = b;
    g->ctr[3] = c;
    g->used = 2;
}

/* The next uniform in (0, 1). */
CEVNS_FN double cevns_rng_uniform(cevns_rng *g) {
    cevns_u64 x;
    if (g->used == 2) {
        cevns_philox4x32_10(g->ctr, g->key, g->block);
        g->ctr[0]++;
        g->used = 0;
    }
    x = ((cevns_u64)g->block[2 * g->used] << 32) | (cevns_u64)g->block[2 * g->used + 1];
    g->used++;
    return ((double)(x >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

/* A standard normal (Box-Muller, the cosine branch). */
CEVNS_FN double cevns_rng_normal(cevns_rng *g) {
    double u1 = cevns_rng_uniform(g), u2 = cevns_rng_uniform(g);
    return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

/* ln k! for k >= 0: the exact product below 8; above, the Stirling series of ln Gamma(k + 1)
 * with its terms B_2n / (2n (2n - 1) x^(2n - 1)), n = 1..7 (the first term left out is below
 * 2e-16 at x = 9, so the result is exact to rounding). */
CEVNS_FN double cevns_log_factorial(double k) {
    double x, x2, s;
    if (k < 8.0) {
        double f = 1.0, i;
        for (i = 2.0; i <= k; i += 1.0) f *= i;
        return log(f);
    }
    x = k + 1.0;
    x2 = 1.0 / (x * x);
    s = 1.0 / 156.0;
    s = s * x2 - 691.0 / 360360.0;
    s = s * x2 + 1.0 / 1188.0;
    s = s * x2 - 1.0 / 1680.0;
    s = s * x2 + 1.0 / 1260.0;
    s = s * x2 - 1.0 / 360.0;
    s = s * x2 + 1.0 / 12.0;
    return (x - 0.5) * log(x) - x + 0.91893853320467274178 + s / x;
}

/* A Poisson count of mean mu >= 0, as a double. */
CEVNS_FN double cevns_rng_poisson(cevns_rng *g, double mu) {
    if (!(mu > 0.0)) return 0.0;
    if (mu < 10.0) {
        double u = cevns_rng_uniform(g), p = exp(-mu), f = p, k = 0.0;
        /* P(K > 200) < 1e-150 for mu < 10: the cap only guards against rounding */
        while (u > f && k < 200.0) {
            k += 1.0;
            p *= mu / k;
            f += p;
        }
        return k;
    } else {
        double slam = sqrt(mu), loglam = log(mu), b = 0.931 + 2.53 * slam, a = -0.059 + 0.02483 * b;
        double invalpha = 1.1239 + 1.1328 / (b - 3.4), vr = 0.9277 - 3.6224 / (b - 2.0);
        int it;
        /* each try is accepted with probability > 0.8: 1000 tries never all fail */
        for (it = 0; it < 1000; it++) {
            double u = cevns_rng_uniform(g) - 0.5, v = cevns_rng_uniform(g), us = 0.5 - fabs(u);
            double k = floor((2.0 * a / us + b) * u + mu + 0.43);
            if (us >= 0.07 && v <= vr) return k;
            if (k < 0.0 || (us < 0.013 && v > us)) continue;
            if (log(v) + log(invalpha) - log(a / (us * us) + b) <= -mu + k * loglam - cevns_log_factorial(k))
                return k;
        }
        return floor(mu + 0.5);
    }
}

#endif
