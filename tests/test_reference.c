/* test_reference.c - `attnstep export` against an independent float64 NumPy
 * implementation (tests/reference/), on random models: 15 of any size up
 * to 256 tokens and d_model 256, and 5 near the top of that range; then
 * what current models add: rotary positions in both pairings, learned
 * positions, grouped- and multi-query attention, and 6 random mixtures. Each
 * case runs the export twice (scalar kernels and the best SIMD set) and
 * checks the files, every matrix within 1e-4 relative error, and that the
 * two runs agree; see check_export.py. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <stdlib.h>

#include "support.h"

typedef struct RefCase {
    int seed;
    bool large;
    char more[80]; /* check_export.py's options for newer layers, or "" (copied to each case's process) */
} RefCase;

ParameterizedTestParameters(reference, export_matches_numpy) {
    static RefCase cases[] = {
        {1, false, ""},  {2, false, ""},  {3, false, ""},  {4, false, ""},  {5, false, ""},
        {6, false, ""},  {7, false, ""},  {8, false, ""},  {9, false, ""},  {10, false, ""},
        {11, false, ""}, {12, false, ""}, {13, false, ""}, {14, false, ""}, {15, false, ""},
        {101, true, ""}, {102, true, ""}, {103, true, ""}, {104, true, ""}, {105, true, ""},
        {201, false, "--positional rope --rope-pairs interleaved"},
        {202, false, "--positional rope --rope-pairs halves"},
        {203, false, "--positional rope --rope-pairs halves --kv-heads 1"},
        {204, true, "--positional rope --rope-pairs interleaved --kv-heads 0"},
        {205, false, "--positional learned"},
        {206, false, "--positional none --kv-heads 1"},
        {207, false, "--modern"}, {208, false, "--modern"}, {209, false, "--modern"},
        {210, false, "--modern"}, {211, false, "--modern"}, {212, true, "--modern"},
    };
    return cr_make_param_array(RefCase, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(RefCase *c, reference, export_matches_numpy) {
    const char *py = getenv("ATTNSTEP_PYTHON");
    char *script = source_path("tests/reference/check_export.py");
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "'%s' '%s' %d%s %s 2>&1", py && *py ? py : "python3", script, c->seed,
             c->large ? " --large" : "", c->more);
    RunResult r = run_shell(cmd);
    cr_expect_eq(r.status, 0, "check_export.py seed %d failed (exit %d):\n%s", c->seed, r.status,
                 r.out);
    run_free(&r);
    free(script);
}
