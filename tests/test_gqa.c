/* test_gqa.c - grouped-query and multi-query attention (kv_heads), rotary
 * and learned positions in the forward pass, bit for bit:
 *   - kv_heads = heads is ordinary multi-head attention: every canonical
 *     matrix has the bits of the same layer without kv_heads;
 *   - a layer with kv_heads < heads (1: multi-query) has the bits of the
 *     multi-head layer whose W_K and W_V repeat each K/V head's columns for
 *     every query head of its group (what GQA means), on every kernel set;
 *   - the fused fast path computes none of these itself, and falls back to
 *     the ordinary stages: its Y has attn_run's bits;
 *   - attn_validate refuses kv_heads that do not divide heads and W_K of
 *     the wrong width.
 * (The values themselves are checked against the NumPy reference in
 * test_reference.c.) */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "attention/fused.h"
#include "attention/pipeline.h"
#include "support.h"

static void use_set(const char *name) {
    Error err;
    cr_assert(engine_init(name, &err), "%s", err.msg);
}

static void random_matrix(Matrix *m, int rows, int cols, unsigned long long seed, float scale) {
    cr_assert(mat_alloc(m, rows, cols, NULL));
    fill_random(m, seed);
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++)
            mat_set(m, i, j, mat_get(m, i, j) * scale);
}

/* a random layer of n tokens, `heads` heads of dk columns, `kv` K/V heads;
 * biases on K and V (their length follows W_K, W_V), a causal mask */
static void random_layer(AttnWeights *w, AttnConfig *cfg, int n, int heads, int kv, int dk,
                         unsigned long long seed) {
    const int d = heads * dk;
    *w = (AttnWeights){0};
    *cfg = attn_config_default();
    cfg->heads = heads;
    cfg->kv_heads = kv;
    cfg->causal = true;
    const float s = 1.7f / sqrtf((float)d);
    random_matrix(&w->E, n, d, seed, 1.0f);
    random_matrix(&w->Wq, d, d, seed + 1, s);
    random_matrix(&w->Wk, d, kv * dk, seed + 2, s);
    random_matrix(&w->Wv, d, kv * dk, seed + 3, s);
    random_matrix(&w->Wo, d, d, seed + 4, s);
    random_matrix(&w->bk, 1, kv * dk, seed + 5, 0.3f);
    random_matrix(&w->bv, 1, kv * dk, seed + 6, 0.3f);
}

/* M with each block of dk columns (a K/V head) repeated for every query
 * head of its group: (rows, kv·dk) -> (rows, heads·dk) */
static void repeat_heads(Matrix *out, const Matrix *M, int heads, int kv, int dk) {
    cr_assert(mat_alloc(out, M->rows, heads * dk, NULL));
    for (int h = 0; h < heads; h++) {
        int g = h / (heads / kv);
        for (int i = 0; i < M->rows; i++)
            memcpy(mat_row(out, i) + h * dk, mat_row(M, i) + g * dk, (size_t)dk * sizeof(float));
    }
}

/* every matrix named in both lists except those in `skip` (space-separated
 * prefixes) has the same bits; returns how many were compared */
static int compare_lists(const MatrixList *a, const MatrixList *b, const char *skip) {
    int compared = 0;
    for (int k = 0; k < a->count; k++) {
        const char *name = a->items[k].name;
        char padded[MLIST_NAME_MAX + 2];
        snprintf(padded, sizeof padded, " %s ", name);
        char skips[64];
        snprintf(skips, sizeof skips, " %s ", skip ? skip : "");
        const Matrix *m = mlist_find(b, name);
        if (strstr(skips, padded) || !m)
            continue;
        cr_expect(mat_same_bits(&a->items[k].m, m), "%s differs", name);
        compared++;
    }
    return compared;
}

static void run(const AttnWeights *w, const AttnConfig *cfg, MatrixList *out) {
    Error err;
    *out = (MatrixList){0};
    cr_assert(attn_run(w, cfg, out, &err), "attn_run: %s", err.msg);
}

Test(gqa, kv_heads_equal_to_heads_is_multi_head_attention_bit_for_bit) {
    use_set("scalar");
    AttnWeights w;
    AttnConfig cfg;
    random_layer(&w, &cfg, 9, 4, 4, 6, 11);
    MatrixList gqa, mha;
    run(&w, &cfg, &gqa);
    cfg.kv_heads = 0; /* not said: as many as heads */
    run(&w, &cfg, &mha);
    cr_expect_eq(gqa.count, mha.count);
    cr_expect_eq(compare_lists(&gqa, &mha, NULL), mha.count);
    mlist_free(&gqa), mlist_free(&mha);
    attn_weights_free(&w);
}

/* kv_heads K/V heads, each shared by heads / kv query heads, is the
 * multi-head layer with W_K and W_V (and b_K, b_V) repeated per group */
static void check_grouped(int n, int heads, int kv, int dk, unsigned long long seed) {
    AttnWeights w, full;
    AttnConfig cfg;
    random_layer(&w, &cfg, n, heads, kv, dk, seed);
    full = (AttnWeights){0};
    AttnConfig mha = cfg;
    mha.kv_heads = 0;
    cr_assert(mat_copy(&full.E, &w.E, NULL) && mat_copy(&full.Wq, &w.Wq, NULL) && mat_copy(&full.Wo, &w.Wo, NULL));
    repeat_heads(&full.Wk, &w.Wk, heads, kv, dk);
    repeat_heads(&full.Wv, &w.Wv, heads, kv, dk);
    repeat_heads(&full.bk, &w.bk, heads, kv, dk);
    repeat_heads(&full.bv, &w.bv, heads, kv, dk);
    MatrixList g, m;
    run(&w, &cfg, &g);
    run(&full, &mha, &m);
    /* K and V have kv_heads·d_k columns; every other matrix is the same */
    int compared = compare_lists(&g, &m, "K V");
    cr_expect_eq(compared, m.count - 2, "%d of %d matrices compared", compared, m.count - 2);
    /* and the K/V heads a query head reads are the repeated columns */
    const Matrix *K = mlist_find(&g, "K"), *Kfull = mlist_find(&m, "K");
    cr_assert(K && Kfull && K->cols == kv * dk && Kfull->cols == heads * dk);
    Matrix Krep = {0};
    repeat_heads(&Krep, K, heads, kv, dk);
    cr_expect(mat_same_bits(&Krep, Kfull), "K repeated per group is not the multi-head K");
    mat_free(&Krep);
    mlist_free(&g), mlist_free(&m);
    attn_weights_free(&w), attn_weights_free(&full);
}

Test(gqa, grouped_query_attention_is_attention_with_shared_key_value_heads) {
    for (const KernelSet *const *ks = kernels_compiled(); *ks; ks++) {
        if (!kernels_cpu_supports((*ks)->name))
            continue;
        use_set((*ks)->name);
        check_grouped(7, 4, 2, 6, 21);
        check_grouped(33, 6, 3, 8, 22);
        check_grouped(20, 8, 2, 5, 23);
    }
    use_set(NULL);
}

Test(gqa, multi_query_attention_is_one_shared_key_value_head) {
    for (const KernelSet *const *ks = kernels_compiled(); *ks; ks++) {
        if (!kernels_cpu_supports((*ks)->name))
            continue;
        use_set((*ks)->name);
        check_grouped(5, 3, 1, 4, 31);
        check_grouped(70, 4, 1, 16, 32);
    }
    use_set(NULL);
}

/* the fused path: GQA, learned and rotary positions go through the
 * ordinary stages, so Y has attn_run's bits */
Test(gqa, the_fused_path_falls_back_for_what_it_does_not_fuse) {
    use_set(NULL);
    for (int variant = 0; variant < 4; variant++) {
        AttnWeights w;
        AttnConfig cfg;
        random_layer(&w, &cfg, 13, 4, variant == 0 ? 2 : variant == 1 ? 1 : 4, 6, 41 + (unsigned long long)variant);
        if (variant == 2) {
            cfg.positional = POS_LEARNED;
            random_matrix(&w.P, 20, 24, 99, 0.1f);
        }
        if (variant == 3) {
            cfg.positional = POS_ROPE;
            cfg.rope_pairs = ROPE_HALVES;
        }
        MatrixList out;
        run(&w, &cfg, &out);
        Matrix Y = {0};
        Error err;
        cr_assert(attn_fused(&w, &cfg, &Y, NULL, &err), "%s", err.msg);
        cr_expect(mat_same_bits(&Y, mlist_find(&out, "Y")), "variant %d: fused Y differs", variant);
        AttnFused scratch = {0}; /* and with kept scratch, twice */
        for (int k = 0; k < 2; k++) {
            cr_assert(attn_fused(&w, &cfg, &Y, &scratch, &err), "%s", err.msg);
            cr_expect(mat_same_bits(&Y, mlist_find(&out, "Y")), "variant %d: fused Y (scratch) differs", variant);
        }
        attn_fused_free(&scratch);
        mat_free(&Y);
        mlist_free(&out);
        attn_weights_free(&w);
    }
}

Test(gqa, validation_names_kv_heads_and_the_widths) {
    AttnWeights w;
    AttnConfig cfg;
    Error err;
    random_layer(&w, &cfg, 3, 4, 2, 2, 51);
    cr_expect(attn_validate(&w, &cfg, &err), "%s", err.msg);
    cfg.kv_heads = 3;
    cr_expect_not(attn_validate(&w, &cfg, &err));
    cr_expect_str_eq(err.msg, "kv_heads 3 does not divide heads 4: each key/value head serves a group of query "
                              "heads of the same size");
    cfg.kv_heads = 4;
    cr_expect_not(attn_validate(&w, &cfg, &err));
    cr_expect_str_eq(err.msg, "Wk is 8x4, but must be 8x8 (d_model x d_model)");
    cfg.kv_heads = 1;
    cr_expect_not(attn_validate(&w, &cfg, &err));
    cr_expect_str_eq(err.msg, "Wk is 8x4, but must be 8x2 (d_model x kv_heads·d_k)");
    cfg.kv_heads = 2;
    cfg.positional = POS_LEARNED;
    cr_expect_not(attn_validate(&w, &cfg, &err));
    cr_expect_str_eq(err.msg, "positions learned needs P, the learned positions (3 x 8 or more rows)");
    random_matrix(&w.P, 2, 8, 52, 0.1f);
    cr_expect_not(attn_validate(&w, &cfg, &err));
    cr_expect_str_eq(err.msg, "P is 2x8, but the learned positions must have at least 3 rows (one per token) of "
                              "8 columns (d_model)");
    attn_weights_free(&w);
}
