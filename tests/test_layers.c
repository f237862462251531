/* test_layers.c - whole transformer layers (feed-forward network, pre- and
 * post-LN, encoder and decoder layers with cross-attention, stacks of 1-3):
 * `attnstep export` against the independent float64 NumPy reference
 * (tests/reference/layer_ref.py via check_layers.py) on 24 random stacks,
 * and against PyTorch's nn.TransformerEncoderLayer / DecoderLayer on 8
 * more when PyTorch is installed (skipped, and said so, otherwise). */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <stdlib.h>

#include <string.h>
#include <unistd.h>

#include "attention/pipeline.h"
#include "support.h"

static RunResult check(int seed, const char *extra) {
    const char *py = getenv("ATTNSTEP_PYTHON");
    char *script = source_path("tests/reference/check_layers.py");
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "'%s' '%s' %d %s 2>&1", py && *py ? py : "python3", script, seed, extra);
    free(script);
    return run_shell(cmd);
}

ParameterizedTestParameters(layers, export_matches_numpy) {
    static int seeds[24];
    for (int k = 0; k < 24; k++)
        seeds[k] = k + 1;
    return cr_make_param_array(int, seeds, sizeof seeds / sizeof seeds[0]);
}

ParameterizedTest(int *seed, layers, export_matches_numpy) {
    RunResult r = check(*seed, "");
    cr_expect_eq(r.status, 0, "check_layers.py seed %d failed (exit %d):\n%s", *seed, r.status, r.out);
    run_free(&r);
}

ParameterizedTestParameters(layers, output_matches_pytorch) {
    static int seeds[8] = {201, 202, 203, 204, 205, 206, 207, 208};
    return cr_make_param_array(int, seeds, sizeof seeds / sizeof seeds[0]);
}

ParameterizedTest(int *seed, layers, output_matches_pytorch) {
    RunResult r = check(*seed, "--torch");
    if (r.status == 77) { /* the script says why on its one line */
        char reason[512];
        const char *why = r.out;
        if (!strncmp(why, "SKIPPED: ", 9))
            why += 9;
        snprintf(reason, sizeof reason, "%s", why);
        run_free(&r);
        cr_skip_test("%s", reason);
    }
    cr_expect_eq(r.status, 0, "check_layers.py --torch seed %d failed (exit %d):\n%s", *seed, r.status, r.out);
    run_free(&r);
}

/* Without PyTorch, the comparisons with it are skipped, the run passes
 * (Criterion fails a run in which a test logged a warning, which is how
 * they used to give their reason), and the reason is given once. The test
 * binary runs itself on those tests, with PyTorch hidden (tests/without). */
Test(layers, a_run_without_pytorch_passes_and_names_its_skips, .timeout = 120) {
    char *hide = source_path("tests/without");
    char cmd[4096];
    snprintf(cmd, sizeof cmd,
             "env -u BXFI_MAP PYTHONPATH='%s' /proc/%d/exe --jobs=1 --filter='layers/output_matches_pytorch'",
             hide, (int)getpid());
    free(hide);
    RunResult r = run_shell(cmd);
    cr_expect_eq(r.status, 0, "exit %d:\n%s", r.status, r.err);
    const char *line = "[SKIP] layers::output_matches_pytorch (8 cases): PyTorch is not installed";
    const char *at = strstr(r.err, line);
    cr_expect(at != NULL, "no line '%s' in:\n%s", line, r.err);
    cr_expect(at == NULL || strstr(at + 1, "[SKIP] layers::output_matches_pytorch") == NULL,
              "the reason is given more than once:\n%s", r.err);
    cr_expect(strstr(r.err, "\n0 passed, 0 failed, 8 skipped\n") != NULL, "%s", r.err);
    run_free(&r);
}

/* attn_output of a post-LN encoder layer (its attention sub-layer on the
 * fused path, the feed-forward network by the stages) gives attn_run's
 * Y2 bit for bit; and a pre-LN stack, which takes the stages, Y_final */
Test(layers, attn_output_is_attn_run_s_output) {
    engine_init(NULL, NULL);
    for (int variant = 0; variant < 2; variant++) {
        const int n = 37, d = 24, ff = 40;
        AttnWeights w = {0};
        Matrix *sq[] = {&w.Wq, &w.Wk, &w.Wv, &w.Wo};
        cr_assert(mat_alloc(&w.E, n, d, NULL) && mat_alloc(&w.W1, d, ff, NULL) && mat_alloc(&w.W2, ff, d, NULL) &&
                  mat_alloc(&w.b1, 1, ff, NULL));
        for (int k = 0; k < 4; k++) {
            cr_assert(mat_alloc(sq[k], d, d, NULL));
            fill_random(sq[k], 20u + (unsigned)k);
        }
        fill_random(&w.E, 1), fill_random(&w.W1, 2), fill_random(&w.W2, 3), fill_random(&w.b1, 4);
        AttnConfig cfg = attn_config_default();
        cfg.heads = 4, cfg.causal = true, cfg.layer = LAYER_ENCODER, cfg.activation = ACT_GELU;
        cfg.norm_first = variant == 1;
        MatrixList all = {0};
        Error err;
        cr_assert(attn_run(&w, &cfg, &all, &err), "%s", err.msg);
        const Matrix *want = mlist_find(&all, variant ? "Y_final" : "Y2");
        cr_assert_not_null(want);
        Matrix Y = {0};
        AttnActs acts = {0};
        cr_assert(attn_output(&w, &cfg, NULL, &acts, &Y, &err), "%s", err.msg);
        cr_assert(mat_same_shape(&Y, want));
        for (int i = 0; i < n; i++)
            cr_expect(memcmp(mat_row(&Y, i), mat_row(want, i), (size_t)d * sizeof(float)) == 0,
                      "variant %d: row %d of attn_output differs from attn_run's", variant, i);
        mat_free(&Y);
        attn_acts_free(&acts);
        mlist_free(&all);
        attn_weights_free(&w);
    }
}
