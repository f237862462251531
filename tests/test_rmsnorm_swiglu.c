/* test_rmsnorm_swiglu.c - RMSNorm and the gated feed-forward network
 * (SwiGLU) against an independent float64 NumPy reference
 * (tests/reference/rmsnorm_swiglu.py), on random inputs, on every kernel
 * set this machine runs (the scalar reference and each SIMD set): the
 * kernels themselves (rmsnorm_rows with row_ms, silu_gate with and without
 * up), and one encoder layer whose every norm is RMSNorm and whose FFN is
 * SwiGLU, pre-norm and post-norm, through attn_forward. Every matrix must
 * be within 1e-4 relative error of the reference (the largest difference
 * over the largest reference value, as check_export.py measures it). */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attention/pipeline.h"
#include "engine/kernels.h"
#include "io/npy.h"
#include "support.h"

#define REL_TOL 1e-4

typedef struct Case {
    int seed;
    bool post;
} Case;

typedef struct Ref {
    char dir[512];
    int n, d, heads, ff;
    double eps;
} Ref;

/* load: OUTDIR/name.npy, asserted to exist */
static Matrix load(const Ref *ref, const char *name) {
    char path[640];
    snprintf(path, sizeof path, "%s/%s.npy", ref->dir, name);
    Matrix m = {0};
    Error err;
    cr_assert(npy_read(path, &m, NULL, &err), "%s: %s", path, err.msg);
    return m;
}

/* same_as: got within REL_TOL of ref_<name> (relative to its largest value) */
static void same_as(const Ref *ref, const char *set, const char *name, const Matrix *got) {
    char rname[64];
    snprintf(rname, sizeof rname, "ref_%s", name);
    Matrix want = load(ref, rname);
    cr_assert(got->rows == want.rows && got->cols == want.cols, "%s: %s is %dx%d, the reference %dx%d", set,
              name, got->rows, got->cols, want.rows, want.cols);
    double diff = 0.0, scale = 1e-30, at_got = 0.0, at_want = 0.0;
    int at_i = 0, at_j = 0;
    for (int i = 0; i < want.rows; i++)
        for (int j = 0; j < want.cols; j++) {
            double g = mat_get(got, i, j), w = mat_get(&want, i, j);
            cr_assert(isfinite(g), "%s: %s[%d][%d] = %g is not finite", set, name, i, j, g);
            if (fabs(g - w) > diff)
                diff = fabs(g - w), at_i = i, at_j = j, at_got = g, at_want = w;
            scale = fmax(scale, fabs(w));
        }
    cr_expect(diff / scale <= REL_TOL,
              "%s: %s differs from the NumPy reference: relative error %.3g > %g (at [%d][%d]: %.9g, reference %.9g)",
              set, name, diff / scale, REL_TOL, at_i, at_j, at_got, at_want);
    mat_free(&want);
}

/* the kernels on their own, on the active set */
static void check_kernels(const Ref *ref, const char *set) {
    const KernelSet *ks = engine_kernels();
    Matrix x = load(ref, "x"), gamma = load(ref, "g"), G = load(ref, "G"), Up = load(ref, "Up");
    Matrix y = {0}, ms = {0}, h = {0};
    cr_assert(mat_alloc(&y, x.rows, x.cols, NULL) && mat_alloc(&ms, x.rows, 1, NULL) &&
              mat_alloc(&h, G.rows, G.cols, NULL));
    ks->rmsnorm_rows(&y, &x, mat_row(&gamma, 0), (float)ref->eps, mat_row(&ms, 0));
    /* row_ms is one float per row: a column of n */
    Matrix ms_col = {0};
    cr_assert(mat_alloc(&ms_col, x.rows, 1, NULL));
    for (int i = 0; i < x.rows; i++)
        mat_set(&ms_col, i, 0, mat_row(&ms, 0)[i]);
    same_as(ref, set, "rms", &y);
    same_as(ref, set, "ms", &ms_col);
    ks->silu_gate(&h, &G, &Up);
    same_as(ref, set, "gated", &h);
    ks->silu_gate(&h, &G, NULL);
    same_as(ref, set, "silu", &h);
    mat_free(&x), mat_free(&gamma), mat_free(&G), mat_free(&Up);
    mat_free(&y), mat_free(&ms), mat_free(&h), mat_free(&ms_col);
}

/* one layer through attn_forward, on the active set */
static void check_layer(const Ref *ref, const char *set, bool post) {
    AttnWeights w = {0};
    w.E = load(ref, "E");
    w.Wq = load(ref, "Wq"), w.Wk = load(ref, "Wk"), w.Wv = load(ref, "Wv"), w.Wo = load(ref, "Wo");
    w.gamma = load(ref, "gamma"), w.gamma_ff = load(ref, "gamma_ff");
    if (!post)
        w.gamma_final = load(ref, "gamma_final");
    w.Wgate = load(ref, "W_gate"), w.Wup = load(ref, "W_up"), w.Wdown = load(ref, "W_down");
    AttnConfig cfg = attn_config_default();
    cfg.layer = LAYER_ENCODER, cfg.layers = 1, cfg.heads = ref->heads, cfg.causal = true;
    cfg.ffn = ref->ff, cfg.norm_first = !post, cfg.norm = NORM_RMS, cfg.activation = ACT_SWIGLU;
    cfg.ln.eps = (float)ref->eps;
    AttnActs a = {0};
    Error err;
    cr_assert(attn_forward(&w, &cfg, &a, NULL, &err), "%s: attn_forward: %s", set, err.msg);
    if (post) {
        same_as(ref, set, "R", &a.R);
        same_as(ref, set, "Y", &a.Y);
        same_as(ref, set, "Y2", &a.Y2);
    } else {
        same_as(ref, set, "N", &a.N);
        same_as(ref, set, "Q", &a.Q);
        same_as(ref, set, "R", &a.R);
        same_as(ref, set, "N2", &a.N2);
        same_as(ref, set, "Y_final", &a.Y_final);
    }
    same_as(ref, set, "F1", &a.G); /* the reference calls the gate F1 */
    same_as(ref, set, "U", &a.U);
    same_as(ref, set, "H", &a.H);
    same_as(ref, set, "F", &a.F);
    same_as(ref, set, "R2", &a.R2);
    cr_expect(attn_output_of(&a) == (post ? &a.Y2 : &a.Y_final), "%s: the layer's output is not %s", set,
              post ? "Y2" : "Y_final");
    attn_acts_free(&a);
    attn_weights_free(&w);
}

ParameterizedTestParameters(rmsnorm_swiglu, matches_numpy) {
    static Case cases[] = {{1, false}, {2, false}, {3, false}, {4, true}, {5, true}, {6, true}, {7, false}, {8, true}};
    return cr_make_param_array(Case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(Case *c, rmsnorm_swiglu, matches_numpy) {
    Ref ref = {0};
    char *dir = temp_dir();
    snprintf(ref.dir, sizeof ref.dir, "%s", dir);
    const char *py = getenv("ATTNSTEP_PYTHON");
    char *script = source_path("tests/reference/rmsnorm_swiglu.py");
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "'%s' '%s' '%s' %d%s 2>&1", py && *py ? py : "python3", script, dir, c->seed,
             c->post ? " --post" : "");
    RunResult r = run_shell(cmd);
    cr_assert_eq(r.status, 0, "rmsnorm_swiglu.py seed %d failed (exit %d):\n%s", c->seed, r.status, r.out);
    run_free(&r);
    free(script);
    char sizes[640];
    snprintf(sizes, sizeof sizes, "%s/sizes.txt", dir);
    FILE *f = fopen(sizes, "r");
    cr_assert(f && fscanf(f, "%d %d %d %d %lf", &ref.n, &ref.d, &ref.heads, &ref.ff, &ref.eps) == 5);
    fclose(f);

    int sets = 0;
    const KernelSet *const *all = kernels_compiled();
    for (int i = 0; all[i]; i++) {
        if (!kernels_cpu_supports(all[i]->name))
            continue;
        Error err;
        cr_assert(engine_init(all[i]->name, &err), "%s", err.msg);
        check_kernels(&ref, all[i]->name);
        check_layer(&ref, all[i]->name, c->post);
        sets++;
    }
    cr_expect(sets >= 2, "only %d kernel set(s) could run here: the SIMD sets were not compared", sets);
    Error err;
    engine_init(NULL, &err);
    remove_tree(dir);
    free(dir);
}

/* The shapes are checked before anything is computed: a gate and an up
 * half of different shapes, a W_up missing, a beta given to RMSNorm. */
Test(rmsnorm_swiglu, bad_shapes_are_refused_with_a_message) {
    Matrix G = {0}, U = {0}, H = {0};
    Error err;
    cr_assert(mat_alloc(&G, 2, 3, NULL) && mat_alloc(&U, 2, 4, NULL));
    cr_expect_not(attn_swiglu(&H, &G, &U, &err));
    cr_expect(strstr(err.msg, "W_gate") && strstr(err.msg, "2x3") && strstr(err.msg, "2x4"), "%s", err.msg);
    mat_free(&G), mat_free(&U), mat_free(&H);

    AttnWeights w = {0};
    cr_assert(mat_alloc(&w.E, 3, 4, NULL) && mat_alloc(&w.Wq, 4, 4, NULL) && mat_alloc(&w.Wk, 4, 4, NULL) &&
              mat_alloc(&w.Wv, 4, 4, NULL) && mat_alloc(&w.Wo, 4, 4, NULL) && mat_alloc(&w.Wgate, 4, 5, NULL) &&
              mat_alloc(&w.Wdown, 5, 4, NULL));
    AttnConfig cfg = attn_config_default();
    cfg.layer = LAYER_ENCODER, cfg.norm = NORM_RMS, cfg.activation = ACT_SWIGLU;
    cr_expect_not(attn_validate(&w, &cfg, &err));
    cr_expect(strstr(err.msg, "W_up is missing") != NULL, "%s", err.msg);
    cr_assert(mat_alloc(&w.Wup, 4, 5, NULL));
    cr_expect(attn_validate(&w, &cfg, &err), "%s", err.msg);
    cr_assert(mat_alloc(&w.beta_ff, 1, 4, NULL));
    cr_expect_not(attn_validate(&w, &cfg, &err));
    cr_expect(strstr(err.msg, "beta_ff") && strstr(err.msg, "RMSNorm"), "%s", err.msg);
    cr_expect(strstr(err.msg_zh, "beta_ff") != NULL, "%s", err.msg_zh);
    attn_weights_free(&w);
}
