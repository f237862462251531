/* random.h - the documented, portable random generator for seeded
 * matrices ("random 4x4 seed 7" gives the same numbers on every machine).
 *
 * The generator is SplitMix64 (Steele, Lea, Flood 2014): the state advances
 * by 0x9E3779B97F4A7C15 and each output is the state mixed by two
 * xor-shift-multiply rounds. A uniform float in [-1, 1) takes the top 24
 * bits u of an output: value = u / 2^23 - 1, exact in float. Only integer
 * arithmetic and one exact conversion are involved, so every platform gives
 * bit-identical matrices.
 */
#ifndef ATTNSTEP_RANDOM_H
#define ATTNSTEP_RANDOM_H

#include <stdbool.h>
#include <stdint.h>

#include "engine/matrix.h"

typedef struct Rng {
    uint64_t state;
} Rng;

/* rng_seed: start the sequence for `seed`; the first output is
 * splitmix64(seed + 0x9E3779B97F4A7C15). */
Rng rng_seed(uint64_t seed);
/* rng_next: the next 64-bit output. */
uint64_t rng_next(Rng *rng);
/* rng_uniform: the next value in [-1, 1), a multiple of 2^-23. */
float rng_uniform(Rng *rng);
/* mat_fill_random: fill m row by row with scale * rng_uniform(). */
void mat_fill_random(Matrix *m, uint64_t seed, float scale);
/* mat_fill_random_from: the same, starting at value number `first` of
 * seed's sequence (0: its first value), as if `first` values had been
 * drawn before. */
void mat_fill_random_from(Matrix *m, uint64_t seed, uint64_t first, float scale);
/* rng_overlap: whether the values first_a .. first_a + n_a - 1 of seed_a's
 * sequence and first_b .. first_b + n_b - 1 of seed_b's share one value of
 * the generator (n_a, n_b >= 1). Every seed's sequence is a stretch of one
 * cycle of 2^64 states (state = seed + k * 0x9E3779B97F4A7C15), so the
 * answer is exact: distinct seeds overlap only when they differ by a
 * multiple of that constant, the same seed whenever the stretches meet. */
bool rng_overlap(uint64_t seed_a, uint64_t first_a, uint64_t n_a, uint64_t seed_b, uint64_t first_b,
                 uint64_t n_b);

#endif
