#include "engine/random.h"

#define RNG_GAMMA 0x9E3779B97F4A7C15ull

Rng rng_seed(uint64_t seed) { return (Rng){.state = seed}; }

uint64_t rng_next(Rng *rng) {
    uint64_t z = (rng->state += RNG_GAMMA);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

float rng_uniform(Rng *rng) {
    uint32_t u = (uint32_t)(rng_next(rng) >> 40); /* 24 bits */
    return (float)u / 8388608.0f - 1.0f;          /* u / 2^23 - 1, exact */
}

void mat_fill_random(Matrix *m, uint64_t seed, float scale) { mat_fill_random_from(m, seed, 0, scale); }

void mat_fill_random_from(Matrix *m, uint64_t seed, uint64_t first, float scale) {
    Rng rng = rng_seed(seed + first * RNG_GAMMA); /* modulo 2^64 */
    for (int i = 0; i < m->rows; i++)
        for (int j = 0; j < m->cols; j++)
            mat_set(m, i, j, scale * rng_uniform(&rng));
}

/* the inverse of RNG_GAMMA modulo 2^64 (it is odd), by Newton's iteration:
 * each step doubles the number of correct low bits (3, 6, ..., 96) */
static uint64_t gamma_inverse(void) {
    uint64_t x = RNG_GAMMA;
    for (int k = 0; k < 5; k++)
        x *= 2 - RNG_GAMMA * x;
    return x;
}

bool rng_overlap(uint64_t seed_a, uint64_t first_a, uint64_t n_a, uint64_t seed_b, uint64_t first_b,
                 uint64_t n_b) {
    /* value number i of seed s comes from state s + (i + 1) * GAMMA: its
     * place on the cycle is s / GAMMA + i + 1 (modulo 2^64) */
    const uint64_t inv = gamma_inverse();
    uint64_t a = seed_a * inv + first_a, b = seed_b * inv + first_b;
    uint64_t d = b - a; /* b starts d places after a (modulo 2^64) */
    return d < n_a || (uint64_t)(0 - d) < n_b;
}
