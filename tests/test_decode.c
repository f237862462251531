/* test_decode.c - decoding one token at a time (src/attention/decode.c).
 *
 * The online softmax against a plain two-pass softmax in double written
 * here, on random rows, rows with masked (−∞) keys, rows whose first tiles
 * are all masked, rows of huge scores, for several tile sizes; a row with
 * every key masked is refused.
 *
 * The decoding step against the forward pass: a random stack (GPT-2-like:
 * pre-LN, learned positions, tanh GELU; Llama-like: RMSNorm, SwiGLU, RoPE
 * halves, grouped K/V heads; post-LN with sinusoidal positions; an
 * attention layer with interleaved RoPE) runs over n tokens at once
 * (attn_forward, causal), then token by token through the cache: every
 * token's output row must equal the forward's row within 1e-4 of the
 * largest value, and the last layer's cached keys and values the
 * forward's K (rotated) and V. The cache refuses a token past its room. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "attention/decode.h"

static uint64_t state;
static float uniform(float scale) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return scale * ((float)(state >> 40) / (float)(1u << 24) * 2.0f - 1.0f);
}

static Matrix random_matrix(int rows, int cols, float scale, float shift) {
    Matrix m = {0};
    cr_assert(mat_alloc(&m, rows, cols, NULL));
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++)
            mat_set(&m, i, j, shift + uniform(scale));
    return m;
}

/* softmax(s)·V in double, two passes: the plain way */
static void plain(const Matrix *s, const Matrix *V, double *z) {
    double m = -HUGE_VAL, l = 0.0;
    for (int j = 0; j < s->cols; j++)
        m = fmax(m, (double)mat_get(s, 0, j));
    for (int k = 0; k < V->cols; k++)
        z[k] = 0.0;
    for (int j = 0; j < s->cols; j++) {
        double e = exp((double)mat_get(s, 0, j) - m);
        l += e;
        for (int k = 0; k < V->cols; k++)
            z[k] += e * (double)mat_get(V, j, k);
    }
    for (int k = 0; k < V->cols; k++)
        z[k] /= l;
}

static void online_equals_plain(int t, int tile, int kind) {
    Matrix s = random_matrix(1, t, kind == 2 ? 1e4f : 4.0f, kind == 2 ? 3e4f : 0.0f), V = random_matrix(t, 5, 1.0f, 0.0f);
    if (kind == 1) /* masked keys, the first tiles entirely; the last one kept */
        for (int j = 0; j < t - 1; j++)
            if (j < 2 * tile || uniform(1.0f) > 0.3f)
                mat_set(&s, 0, j, -INFINITY);
    Matrix z = {0};
    Error err;
    cr_assert(attn_online_softmax_row(&z, &s, &V, tile, &err), "%s", err.msg);
    double want[5];
    plain(&s, &V, want);
    for (int k = 0; k < 5; k++)
        cr_expect(fabs((double)mat_get(&z, 0, k) - want[k]) <= 1e-6 * fmax(1.0, fabs(want[k])),
                  "t %d, tile %d, kind %d: z[%d] = %.9g, the plain softmax %.9g", t, tile, kind, k,
                  (double)mat_get(&z, 0, k), want[k]);
    mat_free(&s), mat_free(&V), mat_free(&z);
}

Test(decode, online_softmax_equals_the_plain_one) {
    state = 7;
    static const int sizes[] = {1, 2, 5, 63, 64, 65, 130, 300};
    static const int tiles[] = {1, 3, 64};
    for (size_t a = 0; a < sizeof sizes / sizeof sizes[0]; a++)
        for (size_t b = 0; b < sizeof tiles / sizeof tiles[0]; b++)
            for (int kind = 0; kind < 3; kind++)
                online_equals_plain(sizes[a], tiles[b], kind);
}

Test(decode, online_softmax_refuses_a_row_with_every_key_masked) {
    Matrix s = {0}, V = {0}, z = {0};
    cr_assert(mat_alloc(&s, 1, 3, NULL) && mat_alloc(&V, 3, 2, NULL));
    for (int j = 0; j < 3; j++)
        mat_set(&s, 0, j, -INFINITY), mat_set(&V, j, 0, 1.0f), mat_set(&V, j, 1, 2.0f);
    Error err;
    cr_expect_not(attn_online_softmax_row(&z, &s, &V, 2, &err));
    cr_expect_not_null(strstr(err.msg, "−∞"), "%s", err.msg);
    mat_free(&s), mat_free(&V), mat_free(&z);
}

typedef struct Stack {
    AttnWeights w[3];
    AttnConfig cfg;
    int n, d;
} Stack;

/* a random stack of `layers` layers under cfg (weights scaled so that the
 * softmax rows are neither flat nor one-hot) */
static void make_stack(Stack *st, int n, int d, int layers, bool biases, bool gamma, bool beta) {
    AttnConfig *cfg = &st->cfg;
    cfg->layers = layers;
    st->n = n, st->d = d;
    const int kv = attn_kv_heads(cfg) * (d / cfg->heads), ff = 2 * d;
    memset(st->w, 0, sizeof st->w);
    for (int l = 0; l < layers; l++) {
        AttnWeights *w = &st->w[l];
        w->Wq = random_matrix(d, d, 0.5f, 0), w->Wk = random_matrix(d, kv, 0.5f, 0);
        w->Wv = random_matrix(d, kv, 0.5f, 0), w->Wo = random_matrix(d, d, 0.5f, 0);
        if (biases) {
            w->bq = random_matrix(1, d, 0.2f, 0), w->bk = random_matrix(1, kv, 0.2f, 0);
            w->bv = random_matrix(1, kv, 0.2f, 0), w->bo = random_matrix(1, d, 0.2f, 0);
        }
        if (gamma)
            w->gamma = random_matrix(1, d, 0.3f, 1.0f);
        if (beta)
            w->beta = random_matrix(1, d, 0.2f, 0);
        if (cfg->layer == LAYER_ENCODER) {
            cfg->ffn = ff;
            if (cfg->activation == ACT_SWIGLU) {
                w->Wgate = random_matrix(d, ff, 0.5f, 0), w->Wup = random_matrix(d, ff, 0.5f, 0);
                w->Wdown = random_matrix(ff, d, 0.5f, 0);
            } else {
                w->W1 = random_matrix(d, ff, 0.5f, 0), w->W2 = random_matrix(ff, d, 0.5f, 0);
                if (biases)
                    w->b1 = random_matrix(1, ff, 0.2f, 0), w->b2 = random_matrix(1, d, 0.2f, 0);
            }
            if (gamma)
                w->gamma_ff = random_matrix(1, d, 0.3f, 1.0f);
            if (beta)
                w->beta_ff = random_matrix(1, d, 0.2f, 0);
        }
    }
    st->w[0].E = random_matrix(n, d, 1.0f, 0);
    if (cfg->positional == POS_LEARNED)
        st->w[0].P = random_matrix(n + 3, d, 0.5f, 0);
    if (cfg->norm_first && gamma)
        st->w[0].gamma_final = random_matrix(1, d, 0.3f, 1.0f);
    if (cfg->norm_first && beta)
        st->w[0].beta_final = random_matrix(1, d, 0.2f, 0);
}

static double worst_off(const Matrix *a, const Matrix *b, double *top) {
    double worst = 0.0;
    for (int i = 0; i < a->rows; i++)
        for (int j = 0; j < a->cols; j++) {
            worst = fmax(worst, fabs((double)mat_get(a, i, j) - (double)mat_get(b, i, j)));
            *top = fmax(*top, fabs((double)mat_get(b, i, j)));
        }
    return worst;
}

static void decode_equals_forward(Stack *st, const char *what) {
    const AttnConfig *cfg = &st->cfg;
    const int n = st->n, d = st->d, H = cfg->heads, KV = attn_kv_heads(cfg), d_k = d / H;
    AttnActs a = {0};
    Error err;
    cr_assert(attn_forward(st->w, cfg, &a, NULL, &err), "%s: attn_forward: %s", what, err.msg);
    const Matrix *Y = attn_output_of(&a);
    Matrix P = {0};
    if (cfg->positional == POS_SINUSOIDAL)
        cr_assert(attn_positions(&P, n, d, &err));
    KvCache c;
    cr_assert(kv_cache_init(&c, cfg, d, n, &err), "%s", err.msg);
    cr_expect_eq(kv_cache_bytes(cfg, d, n), (size_t)cfg->layers * 2 * n * mat_aligned_floats((size_t)c.kv_cols) * 4);
    Matrix x = {0}, out = {0};
    cr_assert(mat_alloc(&x, 1, d, NULL));
    double top = 1e-3, worst = 0.0;
    for (int t = 0; t < n; t++) {
        for (int j = 0; j < d; j++) {
            float pos = cfg->positional == POS_LEARNED      ? mat_get(&st->w[0].P, t, j)
                      : cfg->positional == POS_SINUSOIDAL ? mat_get(&P, t, j)
                                                          : 0.0f;
            mat_set(&x, 0, j, mat_get(&st->w[0].E, t, j) + pos);
        }
        cr_assert(attn_decode_step(st->w, cfg, &c, &x, &out, &err), "%s: step %d: %s", what, t, err.msg);
        Matrix row = mat_view_rows(Y, t, 1);
        worst = fmax(worst, worst_off(&out, &row, &top));
    }
    cr_expect(worst / top <= 1e-4, "%s: a decoded row is %.3g off the forward pass's (largest value %.3g)", what,
              worst, top);
    cr_expect_eq(c.len, n);
    // the last layer's cache against the forward's last layer: K rotated
    // per head with RoPE, V as it is
    double ktop = 1e-3, kworst = 0.0;
    Matrix cached_v = mat_view_rows(&c.V[cfg->layers - 1], 0, n);
    kworst = worst_off(&cached_v, &a.V, &ktop);
    for (int h = 0; h < KV; h++) {
        Matrix cached = mat_view_cols(&c.K[cfg->layers - 1], h * d_k, d_k);
        cached.rows = n;
        int q_head = h * (H / KV); /* a query head that reads K/V head h */
        const Matrix *k = cfg->positional == POS_ROPE ? &a.Kr[q_head] : &a.Kh[q_head];
        kworst = fmax(kworst, worst_off(&cached, k, &ktop));
    }
    cr_expect(kworst / ktop <= 1e-5, "%s: the cache's keys or values are %.3g off the forward's", what, kworst);
    // full: one more token is refused
    cr_expect_not(attn_decode_step(st->w, cfg, &c, &x, &out, &err));
    cr_expect_not_null(strstr(err.msg, "full"), "%s", err.msg);
    kv_cache_free(&c);
    mat_free(&x), mat_free(&out), mat_free(&P);
    attn_acts_free(&a);
    for (int l = 0; l < cfg->layers; l++)
        attn_weights_free(&st->w[l]);
}

Test(decode, gpt2_like_stack_equals_the_forward_pass) {
    state = 11;
    Stack st = {.cfg = attn_config_default()};
    st.cfg.heads = 2, st.cfg.causal = true, st.cfg.layer = LAYER_ENCODER, st.cfg.norm_first = true;
    st.cfg.activation = ACT_GELU_TANH, st.cfg.positional = POS_LEARNED;
    make_stack(&st, 9, 16, 3, true, true, true);
    decode_equals_forward(&st, "GPT-2-like");
}

Test(decode, llama_like_stack_equals_the_forward_pass) {
    state = 12;
    Stack st = {.cfg = attn_config_default()};
    st.cfg.heads = 4, st.cfg.kv_heads = 2, st.cfg.causal = true, st.cfg.layer = LAYER_ENCODER;
    st.cfg.norm_first = true, st.cfg.norm = NORM_RMS, st.cfg.activation = ACT_SWIGLU;
    st.cfg.positional = POS_ROPE, st.cfg.rope_pairs = ROPE_HALVES;
    make_stack(&st, 70, 16, 2, false, true, false); /* past one tile of 64 keys */
    decode_equals_forward(&st, "Llama-like");
}

Test(decode, post_ln_and_attention_layers_equal_the_forward_pass) {
    state = 13;
    Stack st = {.cfg = attn_config_default()};
    st.cfg.heads = 2, st.cfg.causal = true, st.cfg.layer = LAYER_ENCODER, st.cfg.positional = POS_SINUSOIDAL;
    make_stack(&st, 6, 8, 1, true, true, true);
    decode_equals_forward(&st, "post-LN encoder");
    Stack at = {.cfg = attn_config_default()};
    at.cfg.heads = 2, at.cfg.kv_heads = 1, at.cfg.causal = true, at.cfg.positional = POS_ROPE;
    make_stack(&at, 7, 8, 1, true, true, true);
    decode_equals_forward(&at, "attention layer");
}

Test(decode, refuses_a_stack_without_a_causal_mask) {
    state = 14;
    Stack st = {.cfg = attn_config_default()};
    st.cfg.heads = 1;
    make_stack(&st, 3, 4, 1, false, false, false);
    KvCache c;
    Error err;
    cr_assert(kv_cache_init(&c, &st.cfg, 4, 3, &err));
    Matrix x = mat_view_rows(&st.w[0].E, 0, 1), out = {0};
    cr_expect_not(attn_decode_step(st.w, &st.cfg, &c, &x, &out, &err));
    cr_expect_not_null(strstr(err.msg, "causal"), "%s", err.msg);
    kv_cache_free(&c);
    attn_weights_free(&st.w[0]);
}
