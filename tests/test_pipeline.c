/* The canonical pipeline on a case small enough to check by hand.
 *
 * Three tokens, d_model = 4, 2 heads (d_k = 2), no biases, no positions:
 *
 *   E  = [[1,0,1,0], [0,2,0,2], [1,1,1,1]]     X = E
 *   Wq = diag(1,1,2,2)   -> Q = [[1,0,2,0], [0,2,0,4], [1,1,2,2]]
 *   Wk = 0.5 I           -> K = [[.5,0,.5,0], [0,1,0,1], [.5,.5,.5,.5]]
 *   Wv swaps columns 0<->1 and 2<->3 -> V = [[0,1,0,1], [2,0,2,0], [1,1,1,1]]
 *   Wo moves head 1's columns to the front: O = [Z_h1 | Z_h0]
 *
 * Head 0 (columns 0,1): S_h0[i][j] = q_i . k_j
 *   row 0: q0 = (1,0): k = (.5,0), (0,1), (.5,.5) -> [0.5, 0, 0.5]
 *   row 1: q1 = (0,2)                             -> [0, 2, 1]
 *   row 2: q2 = (1,1)                             -> [0.5, 1, 1]
 * T_h0 = S_h0 / sqrt(2): row 1 = [0, 1.414214, 0.707107]
 * A_h0 row 1 = exp([0, 1.414214, 0.707107]) / sum
 *            = [1, 4.113250, 2.028115] / 7.141365 = [0.140029, 0.575975, 0.283995]
 * Z_h0 row 1 = 0.140029*(0,1) + 0.575975*(2,0) + 0.283995*(1,1) = [1.435946, 0.424025]
 * Head 1 (columns 2,3) has Q doubled, so S_h1 = 2 S_h0 and T_h1 row 1 =
 *   [0, 2.828427, 1.414214]; A_h1 row 1 = [0.045388, 0.767918, 0.186694].
 * R = X + O; row 0 = [1.796664, 0.802224, 1.889789, 0.740141],
 *   mean 1.307204, population variance 0.288885,
 *   Y row 0 = (R - 1.307204) / sqrt(0.288885 + 1e-5)
 *           = [0.910639, -0.939516, 1.083899, -1.055022].
 * (All values cross-checked in float64.)
 */
#include <criterion/criterion.h>
#include <math.h>

#include "attention/pipeline.h"

static void make_weights(AttnWeights *w) {
    *w = (AttnWeights){0};
    float E[] = {1, 0, 1, 0, 0, 2, 0, 2, 1, 1, 1, 1};
    float Wq[16] = {0}, Wk[16] = {0}, Wv[16] = {0}, Wo[16] = {0};
    for (int i = 0; i < 4; i++)
        Wq[i * 4 + i] = i < 2 ? 1.0f : 2.0f, Wk[i * 4 + i] = 0.5f;
    Wv[0 * 4 + 1] = Wv[1 * 4 + 0] = Wv[2 * 4 + 3] = Wv[3 * 4 + 2] = 1.0f;
    Wo[0 * 4 + 2] = Wo[1 * 4 + 3] = Wo[2 * 4 + 0] = Wo[3 * 4 + 1] = 1.0f;
    cr_assert(mat_from(&w->E, 3, 4, E, NULL));
    cr_assert(mat_from(&w->Wq, 4, 4, Wq, NULL));
    cr_assert(mat_from(&w->Wk, 4, 4, Wk, NULL));
    cr_assert(mat_from(&w->Wv, 4, 4, Wv, NULL));
    cr_assert(mat_from(&w->Wo, 4, 4, Wo, NULL));
}

static void expect_matrix(const MatrixList *list, const char *name, int rows, int cols,
                          const float *want) {
    const Matrix *m = mlist_find(list, name);
    cr_assert_not_null(m, "%s is missing", name);
    cr_assert_eq(m->rows, rows, "%s rows", name);
    cr_assert_eq(m->cols, cols, "%s cols", name);
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++)
            cr_expect(fabsf(mat_get(m, i, j) - want[i * cols + j]) < 2e-6f, "%s[%d][%d] = %f, want %f",
                      name, i, j, (double)mat_get(m, i, j), (double)want[i * cols + j]);
}

static void run(AttnConfig cfg, MatrixList *out) {
    AttnWeights w;
    make_weights(&w);
    Error err;
    cr_assert(engine_init("scalar", &err), "%s", err.msg);
    cr_assert(attn_run(&w, &cfg, out, &err), "%s", err.msg);
    attn_weights_free(&w);
}

Test(pipeline, hand_computed_three_tokens_two_heads) {
    AttnConfig cfg = attn_config_default();
    cfg.heads = 2;
    MatrixList out = {0};
    run(cfg, &out);

    /* stage by stage, every head's result before the next stage's */
    const char *names[] = {"X", "Q", "K", "V", "S_h0", "S_h1", "T_h0", "T_h1",
                           "A_h0", "A_h1", "Z_h0", "Z_h1", "Z", "O", "R", "Y"};
    cr_assert_eq(out.count, 16);
    for (int i = 0; i < 16; i++)
        cr_expect_str_eq(out.items[i].name, names[i]);

    expect_matrix(&out, "Q", 3, 4, (float[]){1, 0, 2, 0, 0, 2, 0, 4, 1, 1, 2, 2});
    expect_matrix(&out, "S_h0", 3, 3, (float[]){0.5f, 0, 0.5f, 0, 2, 1, 0.5f, 1, 1});
    expect_matrix(&out, "T_h0", 3, 3,
                  (float[]){0.353553f, 0, 0.353553f, 0, 1.414214f, 0.707107f, 0.353553f, 0.707107f, 0.707107f});
    expect_matrix(&out, "A_h0", 3, 3,
                  (float[]){0.370070f, 0.259859f, 0.370070f, 0.140029f, 0.575975f, 0.283995f,
                            0.259859f, 0.370070f, 0.370070f});
    expect_matrix(&out, "A_h1", 3, 3,
                  (float[]){0.401112f, 0.197776f, 0.401112f, 0.045388f, 0.767918f, 0.186694f,
                            0.197776f, 0.401112f, 0.401112f});
    expect_matrix(&out, "Z_h0", 3, 2,
                  (float[]){0.889789f, 0.740141f, 1.435946f, 0.424025f, 1.110211f, 0.629930f});
    expect_matrix(&out, "O", 3, 4,
                  (float[]){0.796664f, 0.802224f, 0.889789f, 0.740141f, 1.722530f, 0.232082f,
                            1.435946f, 0.424025f, 1.203336f, 0.598888f, 1.110211f, 0.629930f});
    expect_matrix(&out, "Y", 3, 4,
                  (float[]){0.910639f, -0.939516f, 1.083899f, -1.055022f, -0.586917f, 0.707086f,
                            -1.314692f, 1.194523f, 1.162145f, -1.048611f, 0.821542f, -0.935076f});
    mlist_free(&out);
}

/* With the causal mask, T_h0 is kept as it was (before the mask) and M_h0
 * has -inf above the diagonal: row 0 attends only to itself (A = [1,0,0]);
 * row 1 is softmax([0, 1.414214]) = [0.195570, 0.804430, 0] (1 / (1 + e^-1.414214)). */
Test(pipeline, causal_mask_keeps_T_and_adds_M) {
    AttnConfig cfg = attn_config_default();
    cfg.heads = 2;
    cfg.causal = true;
    MatrixList out = {0};
    run(cfg, &out);
    expect_matrix(&out, "T_h0", 3, 3,
                  (float[]){0.353553f, 0, 0.353553f, 0, 1.414214f, 0.707107f, 0.353553f, 0.707107f, 0.707107f});
    const Matrix *M = mlist_find(&out, "M_h0");
    cr_assert_not_null(M);
    cr_expect(isinf(mat_get(M, 0, 1)) && mat_get(M, 0, 1) < 0);
    cr_expect_eq(mat_get(M, 1, 1), mat_get(mlist_find(&out, "T_h0"), 1, 1));
    expect_matrix(&out, "A_h0", 3, 3,
                  (float[]){1, 0, 0, 0.195570f, 0.804430f, 0, 0.259859f, 0.370070f, 0.370070f});
    mlist_free(&out);
}

/* Sinusoidal positions for d = 4 (claims.md 004-4):
 * PE(0) = [0, 1, 0, 1], PE(1) = [0.8415, 0.5403, 0.0100, 0.99995],
 * PE(2) = [0.9093, -0.4161, 0.0200, 0.9998]; X = E + P. */
Test(pipeline, sinusoidal_positions) {
    AttnConfig cfg = attn_config_default();
    cfg.heads = 2;
    cfg.positional = POS_SINUSOIDAL;
    MatrixList out = {0};
    run(cfg, &out);
    cr_expect_str_eq(out.items[0].name, "P");
    expect_matrix(&out, "P", 3, 4,
                  (float[]){0, 1, 0, 1, 0.841471f, 0.540302f, 0.010000f, 0.999950f, 0.909297f,
                            -0.416147f, 0.019999f, 0.999800f});
    expect_matrix(&out, "X", 3, 4,
                  (float[]){1, 1, 1, 1, 0.841471f, 2.540302f, 0.010000f, 2.999950f, 1.909297f,
                            0.583853f, 1.019999f, 1.999800f});
    mlist_free(&out);
}

Test(pipeline, rejects_heads_that_do_not_divide_d_model) {
    AttnWeights w;
    make_weights(&w);
    AttnConfig cfg = attn_config_default();
    cfg.heads = 3;
    MatrixList out = {0};
    Error err;
    cr_expect_not(attn_run(&w, &cfg, &out, &err));
    cr_expect_str_eq(err.msg, "d_model 4 is not divisible by heads 3");
    cr_expect_eq(out.count, 0);
    attn_weights_free(&w);
}

Test(pipeline, rejects_wrong_weight_shapes) {
    AttnWeights w;
    make_weights(&w);
    mat_free(&w.Wk);
    cr_assert(mat_alloc(&w.Wk, 4, 3, NULL));
    AttnConfig cfg = attn_config_default();
    Error err;
    cr_expect_not(attn_validate(&w, &cfg, &err));
    cr_expect_str_eq(err.msg, "Wk is 4x3, but must be 4x4 (d_model x d_model)");
    attn_weights_free(&w);
}
