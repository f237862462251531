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
    if (r.status == 77) {
        cr_log_warn("SKIPPED: %s", r.out);
        run_free(&r);
        cr_skip_test("PyTorch is not installed (Debian: python3-torch)");
    }
    cr_expect_eq(r.status, 0, "check_layers.py --torch seed %d failed (exit %d):\n%s", *seed, r.status, r.out);
    run_free(&r);
}
