/* test_fused.c - the fused fast path (attention/fused.h) against the
 * recording pipeline and against the scalar reference.
 *
 * Three kinds of check:
 *   - the three-token case of test_pipeline.c, whose Y was computed by hand;
 *   - on every kernel set this CPU runs, fused Y bit-identical to attn_run's
 *     Y with the same set, on random layers of odd shapes, with and without
 *     biases, gamma and beta, the causal mask (-inf and -1e9), positions and
 *     both layer-norm conventions (fused.h says why the bits agree);
 *   - on every set, fused Y against attn_run's Y on the scalar reference,
 *     within the tolerance below (the sets sum in other orders, and with
 *     FMA).
 *
 * Tolerance against the reference: |y - y_ref| <= 1e-5 (1 + |y_ref|).
 * Y is layer-normalised, so its entries are O(1) times gamma, plus beta.
 * Every product in the layer sums at most max(n, d) <= 260 terms of
 * magnitude <= 1 here, each within 2 k u of the reference's (kernel_checks.c),
 * about 3e-5 relative for k = 260; softmax adds (2m + 8) u, and layer norm
 * divides by a standard deviation that these random layers keep above 0.1,
 * so errors of a few 1e-6 are possible; measured, the worst is about 1e-6
 * (printed with --verbose).
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "attention/fused.h"
#include "attention/pipeline.h"
#include "kernel_checks.h"
#include "support.h"

#define FUSED_TOL 1e-5

/* Y of attn_run on the active set, into *Y (owned by the caller) */
static void recorded_y(const AttnWeights *w, const AttnConfig *cfg, Matrix *Y) {
    MatrixList out = {0};
    Error err;
    cr_assert(attn_run(w, cfg, &out, &err), "attn_run: %s", err.msg);
    const Matrix *y = mlist_find(&out, "Y");
    cr_assert_not_null(y);
    cr_assert(mat_copy(Y, y, &err), "%s", err.msg);
    mlist_free(&out);
}

static void random_vector(Matrix *m, int d, unsigned long long seed, float shift) {
    cr_assert(mat_alloc(m, 1, d, NULL));
    fill_random(m, seed);
    for (int j = 0; j < d; j++)
        mat_set(m, 0, j, 0.5f * mat_get(m, 0, j) + shift);
}

/* A random layer of n tokens, heads heads of width dk; `opts` bits: 1 biases,
 * 2 gamma and beta, 4 causal, 8 mask -1e9 instead of -inf, 16 positions,
 * 32 sample variance with eps outside the root. */
static void random_layer(AttnWeights *w, AttnConfig *cfg, int n, int heads, int dk, int opts,
                         unsigned long long seed) {
    const int d = heads * dk;
    *w = (AttnWeights){0};
    *cfg = attn_config_default();
    cfg->heads = heads;
    cfg->causal = opts & 4;
    cfg->mask_value = opts & 8 ? -1e9f : -INFINITY;
    cfg->positional = opts & 16 ? POS_SINUSOIDAL : POS_NONE;
    if (opts & 32)
        cfg->ln = (LnConvention){LN_VAR_SAMPLE, LN_EPS_OUTSIDE, 1e-6f};
    Matrix *sq[] = {&w->Wq, &w->Wk, &w->Wv, &w->Wo};
    cr_assert(mat_alloc(&w->E, n, d, NULL));
    fill_random(&w->E, seed);
    for (int i = 0; i < 4; i++) {
        cr_assert(mat_alloc(sq[i], d, d, NULL));
        fill_random(sq[i], seed + 1 + (unsigned long long)i);
        /* weights of size 1/sqrt(d), so Q, K, V stay O(1) */
        for (int r = 0; r < d; r++)
            for (int c = 0; c < d; c++)
                mat_set(sq[i], r, c, mat_get(sq[i], r, c) * 1.7f / sqrtf((float)d));
    }
    if (opts & 1) {
        Matrix *b[] = {&w->bq, &w->bk, &w->bv, &w->bo};
        for (int i = 0; i < 4; i++)
            random_vector(b[i], d, seed + 10 + (unsigned long long)i, 0.0f);
    }
    if (opts & 2) {
        random_vector(&w->gamma, d, seed + 20, 1.0f);
        random_vector(&w->beta, d, seed + 21, 0.0f);
    }
}

static void use_set(const KernelSet *ks) {
    Error err;
    cr_assert(engine_init(ks->name, &err), "%s", err.msg);
}

/* The shapes: n, heads, d_k; odd sizes, a single token, more rows than one
 * strip of 64 queries, d_k under and over a vector's width. */
static const int shapes[][3] = {{1, 1, 1},  {2, 1, 3},  {3, 2, 2},   {5, 3, 7},  {17, 2, 13},
                                {63, 4, 8}, {64, 1, 16}, {65, 5, 3}, {130, 2, 33}, {200, 3, 64}};
#define NSHAPES ((int)(sizeof shapes / sizeof shapes[0]))

Test(fused, hand_computed_three_tokens_two_heads) {
    /* test_pipeline.c's layer: E, Wq = diag(1,1,2,2), Wk = I/2, Wv and Wo
     * permutations; Y computed by hand there */
    AttnWeights w = {0};
    float E[] = {1, 0, 1, 0, 0, 2, 0, 2, 1, 1, 1, 1};
    float Wq[16] = {0}, Wk[16] = {0}, Wv[16] = {0}, Wo[16] = {0};
    for (int i = 0; i < 4; i++)
        Wq[i * 4 + i] = i < 2 ? 1.0f : 2.0f, Wk[i * 4 + i] = 0.5f;
    Wv[0 * 4 + 1] = Wv[1 * 4 + 0] = Wv[2 * 4 + 3] = Wv[3 * 4 + 2] = 1.0f;
    Wo[0 * 4 + 2] = Wo[1 * 4 + 3] = Wo[2 * 4 + 0] = Wo[3 * 4 + 1] = 1.0f;
    cr_assert(mat_from(&w.E, 3, 4, E, NULL) && mat_from(&w.Wq, 4, 4, Wq, NULL) &&
              mat_from(&w.Wk, 4, 4, Wk, NULL) && mat_from(&w.Wv, 4, 4, Wv, NULL) &&
              mat_from(&w.Wo, 4, 4, Wo, NULL));
    const float want[] = {0.910639f, -0.939516f, 1.083899f, -1.055022f, -0.586917f, 0.707086f,
                          -1.314692f, 1.194523f, 1.162145f, -1.048611f, 0.821542f, -0.935076f};
    AttnConfig cfg = attn_config_default();
    cfg.heads = 2;
    for (const KernelSet *const *ks = kernels_compiled(); *ks; ks++) {
        if (!kernels_cpu_supports((*ks)->name))
            continue;
        use_set(*ks);
        Matrix Y = {0};
        Error err;
        cr_assert(attn_fused(&w, &cfg, &Y, NULL, &err), "%s", err.msg);
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 4; j++)
                cr_expect(fabsf(mat_get(&Y, i, j) - want[i * 4 + j]) < 2e-6f,
                          "%s: Y[%d][%d] = %f, by hand %f", (*ks)->name, i, j,
                          (double)mat_get(&Y, i, j), (double)want[i * 4 + j]);
        mat_free(&Y);
    }
    attn_weights_free(&w);
}

Test(fused, same_bits_as_attn_run_and_close_to_the_reference) {
    AttnFused scratch = {0};
    Matrix Y = {0};
    double worst = 0.0;
    unsigned long long seed = 700;
    for (int s = 0; s < NSHAPES; s++) {
        for (int opts = s % 3; opts < 64; opts += 3 + s % 4) {
            if ((opts & 8) && !(opts & 4))
                continue; /* the mask value matters only with the mask */
            const int n = shapes[s][0], heads = shapes[s][1], dk = shapes[s][2];
            AttnWeights w;
            AttnConfig cfg;
            random_layer(&w, &cfg, n, heads, dk, opts, seed++);
            Matrix ref = {0};
            use_set(&kernels_scalar);
            recorded_y(&w, &cfg, &ref);
            for (const KernelSet *const *ks = kernels_compiled(); *ks; ks++) {
                if (!kernels_cpu_supports((*ks)->name))
                    continue;
                char label[64];
                kc_set_label(label, sizeof label, *ks);
                use_set(*ks);
                Matrix rec = {0};
                recorded_y(&w, &cfg, &rec);
                Error err;
                /* the scratch and Y are reused from the previous shape */
                cr_assert(attn_fused(&w, &cfg, &Y, &scratch, &err), "%s", err.msg);
                cr_assert(Y.rows == n && Y.cols == heads * dk);
                int reported = 0;
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < heads * dk; j++) {
                        float got = mat_get(&Y, i, j), r = mat_get(&rec, i, j);
                        float want = mat_get(&ref, i, j);
                        if (memcmp(&got, &r, sizeof got) != 0 && reported++ < 3)
                            cr_expect_fail("%s, n %d, %d heads of %d, options %d: fused Y[%d][%d] "
                                           "= %.9g, attn_run's %.9g", label, n, heads, dk,
                                           opts, i, j, (double)got, (double)r);
                        double err_ref = fabs((double)got - (double)want);
                        double tol = FUSED_TOL * (1.0 + fabs((double)want));
                        if (err_ref / tol > worst)
                            worst = err_ref / tol;
                        if (!(err_ref <= tol) && reported++ < 3)
                            cr_expect_fail("%s, n %d, %d heads of %d, options %d: fused Y[%d][%d] "
                                           "= %.9g, the reference %.9g", label, n, heads, dk,
                                           opts, i, j, (double)got, (double)want);
                    }
                mat_free(&rec);
            }
            mat_free(&ref);
            attn_weights_free(&w);
        }
    }
    cr_log_info("fused Y against the scalar reference: worst error %.3f of the tolerance", worst);
    mat_free(&Y);
    attn_fused_free(&scratch);
    Error err;
    cr_assert(engine_init(NULL, &err), "%s", err.msg);
}

Test(fused, refuses_invalid_weights_and_keeps_y) {
    AttnWeights w;
    AttnConfig cfg;
    random_layer(&w, &cfg, 4, 2, 3, 0, 1);
    cfg.heads = 4; /* 6 is not divisible by 4 */
    Matrix Y = {0};
    Error err;
    cr_expect_not(attn_fused(&w, &cfg, &Y, NULL, &err));
    cr_expect(strstr(err.msg, "divisible") != NULL, "%s", err.msg);
    cr_expect_eq(Y.data, NULL);
    attn_weights_free(&w);
}

/* attn_output, the pass nobody observes, takes the fused path for the
 * canonical pipeline and the stages otherwise; either way its Y is
 * attn_run's, bit for bit, and a result that is not finite is reported
 * as attn_run reports it (naming the stage). */
Test(fused, attn_output_is_attn_run_s_y) {
    Error err;
    cr_assert(engine_init(NULL, &err), "%s", err.msg);
    for (int variant = 0; variant < 3; variant++) {
        AttnWeights w;
        AttnConfig cfg;
        random_layer(&w, &cfg, 70, 3, 5, 1 | 2 | 4, 40 + (unsigned long long)variant);
        if (variant == 1)
            cfg.scale_dim = -1; /* a mistake's variant: the stages */
        if (variant == 2)
            mat_set(&w.Wq, 0, 0, 3e38f); /* Q overflows */
        Matrix rec = {0}, Y = {0};
        AttnActs acts = {0};
        if (variant < 2) {
            recorded_y(&w, &cfg, &rec);
            cr_assert(attn_output(&w, &cfg, NULL, &acts, &Y, &err), "%s", err.msg);
            cr_expect(Y.rows == rec.rows && Y.cols == rec.cols);
            for (int i = 0; i < Y.rows; i++)
                cr_expect(memcmp(mat_row(&Y, i), mat_row(&rec, i), (size_t)Y.cols * sizeof(float)) == 0,
                          "variant %d: row %d of attn_output's Y differs from attn_run's", variant, i);
        } else {
            MatrixList out = {0};
            Error run_err;
            cr_assert_not(attn_run(&w, &cfg, &out, &run_err));
            mlist_free(&out);
            cr_expect_not(attn_output(&w, &cfg, NULL, &acts, &Y, &err));
            cr_expect_str_eq(err.msg, run_err.msg);
        }
        mat_free(&rec), mat_free(&Y);
        attn_acts_free(&acts);
        attn_weights_free(&w);
    }
}

/* The recording pass computes each head's scores, scaled and masked
 * scores, weights and weighted sum strip of queries by strip, in one
 * kernel pass per strip; every one of those results is what the stage
 * functions give one after another, bit for bit, on every set (more
 * rows than a strip, causal or not, both mask values). */
Test(fused, recording_strips_are_the_stages_one_after_another) {
    static const int sizes[][3] = {{1, 1, 3}, {7, 2, 5}, {97, 3, 8}, {200, 2, 17}};
    unsigned long long seed = 900;
    for (int s = 0; s < 4; s++)
        for (int opts = 0; opts < 16; opts += 3) {
            const int n = sizes[s][0], heads = sizes[s][1], dk = sizes[s][2];
            AttnWeights w;
            AttnConfig cfg;
            random_layer(&w, &cfg, n, heads, dk, opts | 4 * (s % 2), seed++);
            for (const KernelSet *const *ks = kernels_compiled(); *ks; ks++) {
                if (!kernels_cpu_supports((*ks)->name))
                    continue;
                use_set(*ks);
                MatrixList out = {0};
                Error err;
                cr_assert(attn_run(&w, &cfg, &out, &err), "%s", err.msg);
                const Matrix *Q = mlist_find(&out, "Q"), *K = mlist_find(&out, "K"), *V = mlist_find(&out, "V");
                cr_assert(Q && K && V);
                for (int h = 0; h < heads; h++) {
                    Matrix qh = attn_head(Q, heads, h), kh = attn_head(K, heads, h), vh = attn_head(V, heads, h);
                    Matrix S = {0}, T = {0}, M = {0}, A = {0}, Z = {0};
                    cr_assert(attn_scores(&S, &qh, &kh, &err) && attn_scale(&T, &S, dk, &err) &&
                              (!cfg.causal || attn_mask(&M, &T, cfg.mask_value, &err)) &&
                              attn_softmax(&A, cfg.causal ? &M : &T, SOFTMAX_ROWS, &err) &&
                              attn_weighted_sum(&Z, &A, &vh, &err), "%s", err.msg);
                    const char *names[] = {"S_h", "T_h", "M_h", "A_h", "Z_h"};
                    const Matrix *want[] = {&S, &T, &M, &A, &Z};
                    for (int r = 0; r < 5; r++) {
                        if (r == 2 && !cfg.causal)
                            continue;
                        char name[16];
                        snprintf(name, sizeof name, "%s%d", names[r], h);
                        const Matrix *got = mlist_find(&out, name);
                        cr_assert(got && mat_same_shape(got, want[r]), "%s: %s missing", (*ks)->name, name);
                        for (int i = 0; i < got->rows; i++)
                            cr_expect(memcmp(mat_row(got, i), mat_row(want[r], i),
                                             (size_t)got->cols * sizeof(float)) == 0,
                                      "%s, n %d, %d heads of %d, options %d: row %d of %s differs from the stage's",
                                      (*ks)->name, n, heads, dk, opts, i, name);
                    }
                    mat_free(&S), mat_free(&T), mat_free(&M), mat_free(&A), mat_free(&Z);
                }
                mlist_free(&out);
            }
            attn_weights_free(&w);
        }
    Error err;
    cr_assert(engine_init(NULL, &err), "%s", err.msg);
}

/* A score that overflows in a later strip is still reported where it is,
 * as the scores stage's, on every set: token 100's embedding is so large
 * that its query and key rows are about 1e20, and their product is not a
 * float; every other score stays finite. */
Test(fused, an_overflowing_score_in_a_later_strip_is_named) {
    for (const KernelSet *const *ks = kernels_compiled(); *ks; ks++) {
        if (!kernels_cpu_supports((*ks)->name))
            continue;
        use_set(*ks);
        AttnWeights w;
        AttnConfig cfg;
        random_layer(&w, &cfg, 130, 2, 4, 0, 77);
        for (int j = 0; j < 8; j++)
            mat_set(&w.E, 100, j, 4e19f);
        MatrixList out = {0};
        Error err;
        cr_expect_not(attn_run(&w, &cfg, &out, &err));
        cr_expect(strncmp(err.msg, "S_h0 is ", 8) == 0 && strstr(err.msg, " at [100][100], in the scores stage"),
                  "%s: %s", (*ks)->name, err.msg);
        mlist_free(&out);
        attn_weights_free(&w);
    }
    Error err;
    cr_assert(engine_init(NULL, &err), "%s", err.msg);
}

/* attn_fused does not scan X, Q, K or V: an infinity in any of them still
 * shows in the scores or in R, with and without the causal mask's skipped
 * keys, on every set. Here one weight in a column of W_Q, W_K or W_V (or
 * one embedding) makes a single entry of Q, K, V (or a row of them)
 * overflow, at a token of a later strip. */
Test(fused, an_overflow_in_x_q_k_or_v_is_not_missed) {
    for (const KernelSet *const *ks = kernels_compiled(); *ks; ks++) {
        if (!kernels_cpu_supports((*ks)->name))
            continue;
        use_set(*ks);
        for (int where = 0; where < 4; where++)
            for (int causal = 0; causal < 2; causal++) {
                AttnWeights w;
                AttnConfig cfg;
                random_layer(&w, &cfg, 200, 2, 8, 4 * causal, 300 + (unsigned long long)where);
                Matrix *W[] = {&w.E, &w.Wq, &w.Wk, &w.Wv};
                if (where == 0)
                    mat_set(&w.E, 150, 3, 3e38f); /* X's row 150 times W: too large */
                for (int i = 0; where > 0 && i < 16; i++)
                    mat_set(W[where], i, 5, 3e38f); /* column 5 of Q, K or V overflows */
                Matrix Y = {0};
                Error err;
                cr_expect_not(attn_fused(&w, &cfg, &Y, NULL, &err), "%s: %s overflows, causal %d, yet Y is given",
                              (*ks)->name, where == 0 ? "X" : where == 1 ? "Q" : where == 2 ? "K" : "V", causal);
                cr_expect_str_eq(err.msg, ATTN_FUSED_NOT_FINITE);
                mat_free(&Y);
                attn_weights_free(&w);
            }
    }
    Error err;
    cr_assert(engine_init(NULL, &err), "%s", err.msg);
}
