#include "cli/example.h"

#include "engine/random.h"

const char *const example_tokens[EXAMPLE_TOKENS] = {"I", "love", "cats"};

bool example_load(AttnWeights *w, AttnConfig *cfg, Error *err) {
    static const float E[] = {1, 0, 1, 0, /* I    */
                              0, 2, 0, 2, /* love */
                              1, 1, 1, 1 /* cats */};
    *w = (AttnWeights){0};
    *cfg = attn_config_default();
    cfg->heads = 2;
    Matrix *W[] = {&w->Wq, &w->Wk, &w->Wv, &w->Wo};
    if (!mat_from(&w->E, EXAMPLE_TOKENS, 4, E, err))
        return false;
    for (int i = 0; i < 4; i++) {
        if (!mat_alloc(W[i], 4, 4, err)) {
            attn_weights_free(w);
            return false;
        }
        /* "W_Q, W_K, W_V, W_O = random 4x4 seed 7 scale 0.5": seeds 7..10 */
        mat_fill_random(W[i], 7 + (uint64_t)i, 0.5f);
    }
    return true;
}
