#include "engine/random.h"

Rng rng_seed(uint64_t seed) { return (Rng){.state = seed}; }

uint64_t rng_next(Rng *rng) {
    uint64_t z = (rng->state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

float rng_uniform(Rng *rng) {
    uint32_t u = (uint32_t)(rng_next(rng) >> 40); /* 24 bits */
    return (float)u / 8388608.0f - 1.0f;          /* u / 2^23 - 1, exact */
}

void mat_fill_random(Matrix *m, uint64_t seed, float scale) {
    Rng rng = rng_seed(seed);
    for (int i = 0; i < m->rows; i++)
        for (int j = 0; j < m->cols; j++)
            mat_set(m, i, j, scale * rng_uniform(&rng));
}
