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

#endif
