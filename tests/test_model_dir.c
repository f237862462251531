/* test_model_dir.c - `attnstep export MODEL_DIR OUT_DIR` through the real
 * binary: every model-directory error (message, exit status 2, and no
 * OUT_DIR left behind), usage errors, and how an existing OUT_DIR is
 * treated. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/npy.h"
#include "lang/loader.h"
#include "support.h"

typedef struct Fx {
    char *root;  /* temporary directory holding the two below */
    char *model; /* root/model: a valid 3-token, d_model 4, 2-head model */
    char *out;   /* root/out: does not exist */
} Fx;



/* a random float32 .npy, its values fixed by its name and shape */
static void put_npy(const char *dir, const char *name, int rows, int cols, NpyShape shape) {
    put_npy_random(dir, name, rows, cols, shape == NPY_VECTOR, (unsigned long long)(rows * 131 + cols) + strlen(name));
}

static void drop(const char *dir, const char *name) {
    char *p = path_join(dir, name);
    cr_assert_eq(unlink(p), 0, "%s", p);
    free(p);
}

static Fx fx_new(void) {
    Fx fx = {.root = temp_dir()};
    fx.model = path_join(fx.root, "model");
    fx.out = path_join(fx.root, "out");
    cr_assert_eq(mkdir(fx.model, 0777), 0);
    put_text_file(fx.model, "config.json",
             "{\"heads\": 2, \"eps\": 1e-5, \"causal\": true, \"positional\": \"sinusoidal\",\n"
             " \"tokens\": [\"I\", \"love\", \"cats\"]}\n");
    put_npy(fx.model, "E.npy", 3, 4, NPY_MATRIX);
    const char *sq[] = {"Wq.npy", "Wk.npy", "Wv.npy", "Wo.npy"};
    for (int i = 0; i < 4; i++)
        put_npy(fx.model, sq[i], 4, 4, NPY_MATRIX);
    put_npy(fx.model, "bq.npy", 1, 4, NPY_VECTOR);
    put_npy(fx.model, "gamma.npy", 1, 4, NPY_MATRIX);
    return fx;
}

static void fx_free(Fx *fx) {
    remove_tree(fx->root);
    free(fx->root), free(fx->model), free(fx->out);
}

/* The entries of `dir`, sorted, one per line. */
static char *listing(const char *dir) {
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "ls -A '%s'", dir);
    RunResult r = run_shell(cmd);
    free(r.err);
    return r.out;
}

/* Run export; expect exit status 2, `msg` on stderr after "attnstep: "
 * and the model path (when msg starts with '/'), nothing on stdout, and
 * root unchanged: no OUT_DIR, no temporary directory. */
static void expect_fail_raw(Fx *fx, const char *want) {
    char *before = listing(fx->root);
    RunResult r = RUN("export", fx->model, fx->out);
    cr_expect_eq(r.status, 2, "exit status %d, stderr: %s", r.status, r.err);
    cr_expect(strncmp(r.err, want, strlen(want)) == 0, "\nexpected: %s\ngot:      %s", want, r.err);
    cr_expect_str_eq(r.out, "");
    char *after = listing(fx->root);
    cr_expect_str_eq(after, before, "the directory changed: %s", after);
    run_free(&r);
    free(before), free(after);
}

static void expect_fail(Fx *fx, const char *msg) {
    char want[2048];
    snprintf(want, sizeof want, "attnstep: %s%s", msg[0] == '/' ? fx->model : "", msg);
    expect_fail_raw(fx, want);
}

static void config_fails(const char *config, const char *msg) {
    Fx fx = fx_new();
    put_text_file(fx.model, "config.json", config);
    expect_fail(&fx, msg);
    fx_free(&fx);
}

Test(model_dir, a_valid_model_exports_every_canonical_matrix) {
    Fx fx = fx_new();
    RunResult r = RUN("export", fx.model, fx.out);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect_str_eq(r.err, "");
    char *files = listing(fx.out);
    cr_expect_str_eq(files, "A_h0.npy\nA_h1.npy\nK.npy\nK_h0.npy\nK_h1.npy\nM_h0.npy\nM_h1.npy\nO.npy\n"
                            "P.npy\nQ.npy\nQ_h0.npy\nQ_h1.npy\nR.npy\nS_h0.npy\nS_h1.npy\nT_h0.npy\n"
                            "T_h1.npy\nV.npy\nV_h0.npy\nV_h1.npy\nX.npy\nY.npy\nZ.npy\nZ_h0.npy\nZ_h1.npy\n");
    char *root = listing(fx.root);
    cr_expect_str_eq(root, "model\nout\n");
    char *p = path_join(fx.out, "M_h0.npy");
    Matrix m;
    Error err;
    cr_assert(npy_read(p, &m, NULL, &err), "%s", err.msg);
    cr_expect(m.rows == 3 && m.cols == 3 && isinf(mat_get(&m, 0, 2)) && mat_get(&m, 0, 2) < 0);
    mat_free(&m);
    free(p), free(files), free(root);
    run_free(&r);
    fx_free(&fx);
}

Test(model_dir, config_json_syntax_errors_give_line_and_column) {
    config_fails("", "/config.json:1:1: invalid JSON: the file is empty");
    config_fails("{\"heads\": 2,,}", "/config.json:1:13: invalid JSON: expected a key in double "
                                     "quotes\n    {\"heads\": 2,,}\n                ^\n");
    config_fails("{\n  \"heads\": 2,\n}\n",
                 "/config.json:3:1: invalid JSON: a comma before a closing bracket\n    }\n    ^\n");
    config_fails("{'heads': 2}", "/config.json:1:2: invalid JSON: strings take double quotes");
    config_fails("{\"heads\": 2", "/config.json:1:12: invalid JSON: the text ends too early");
    config_fails("{\"heads\": 2} x", "/config.json:1:14: unexpected text after the JSON object");
    config_fails("{\"tokens\": [\"猫\", x], \"heads\": 1}",
                 "/config.json:1:18: invalid JSON\n    {\"tokens\": [\"猫\", x], \"heads\": 1}\n"
                 "                      ^\n"); /* 猫 takes two columns */
    config_fails("{\"heads\":\0 2}", "/config.json:1:10: invalid JSON");
    config_fails("[2]", "/config.json: must hold a JSON object {\"heads\": ...}");
}

/* \u escapes cJSON would decode into something else than the text says:
 * a NUL that ends the C string early ("x\u0000y" became "x"), lone
 * surrogates (reported as "expected a key" before); escapes that are
 * fine stay fine */
Test(model_dir, json_escapes_that_are_no_text_are_refused) {
    config_fails("{\"heads\": 2, \"tokens\": [\"x\\u0000y\", \"b\", \"c\"]}",
                 "/config.json:1:27: a control character (U+0000, a NUL) in a string");
    config_fails("{\"heads\": 2, \"positional\": \"none\\u0000x\"}",
                 "/config.json:1:33: a control character (U+0000, a NUL) in a string");
    config_fails("{\"heads\": 2, \"tokens\": [\"\\ud800\", \"b\", \"c\"]}",
                 "/config.json:1:26: a lone high surrogate");
    config_fails("{\"heads\": 2, \"tokens\": [\"\\uD800\\u0041\", \"b\", \"c\"]}",
                 "/config.json:1:26: a lone high surrogate");
    config_fails("{\"heads\": 2, \"tokens\": [\"\\udfff\", \"b\", \"c\"]}",
                 "/config.json:1:26: a lone low surrogate");
    config_fails("{\"heads\": 2, \"tokens\": [\"\\u0007\", \"b\", \"c\"]}",
                 "/config.json: \"tokens\"[0] contains a control character (U+0007)");
    /* a pair, an escaped backslash before "u0000", and é are labels */
    Fx fx = fx_new();
    put_text_file(fx.model, "config.json", "{\"heads\": 2, \"tokens\": [\"\\ud83d\\ude00\", \"a\\\\u0000\", \"\\u00e9\"]}");
    RunResult r = RUN("export", fx.model, fx.out);
    cr_expect_eq(r.status, 0, "%s", r.err);
    run_free(&r);
    fx_free(&fx);
}

Test(model_dir, config_json_fields_are_checked) {
    config_fails("{\"eps\": 1e-5}", "/config.json: \"heads\" is missing");
    config_fails("{\"heads\": 2.5}", "/config.json: \"heads\" must be a positive integer, not 2.5");
    config_fails("{\"heads\": \"2\"}", "/config.json: \"heads\" must be a positive integer, not \"2\"");
    config_fails("{\"heads\": 0}", "/config.json: \"heads\" must be a positive integer, not 0");
    config_fails("{\"heads\": -2}", "/config.json: \"heads\" must be a positive integer, not -2");
    config_fails("{\"heads\": true}", "/config.json: \"heads\" must be a positive integer, not true");
    /* past a double's range: cJSON makes it inf, which is said as it is */
    config_fails("{\"heads\": 1e999}", "/config.json: \"heads\" is a number out of range");
    config_fails("{\"heads\": 2, \"eps\": -1e999}", "/config.json: \"eps\" is a number out of range");
    config_fails("{\"heads\": 512}", "/config.json: \"heads\" is 512, more than the limit of 256");
    config_fails("{\"heads\": 2, \"eps\": -1}",
                 "/config.json: \"eps\" must be a finite number >= 0, not -1");
    config_fails("{\"heads\": 2, \"eps\": \"small\"}", "/config.json: \"eps\" must be a finite");
    config_fails("{\"heads\": 2, \"eps\": 1e300}", "/config.json: \"eps\" must be a finite");
    config_fails("{\"heads\": 2, \"eps\": 1e-50}", "/config.json: \"eps\" 1e-50 is too small");
    config_fails("{\"heads\": 2, \"causal\": 1}",
                 "/config.json: \"causal\" must be true or false, not 1");
    config_fails("{\"heads\": 2, \"positional\": \"relative\"}",
                 "/config.json: \"positional\" must be \"none\", \"sinusoidal\", \"learned\" or \"rope\", "
                 "not \"relative\"");
    config_fails("{\"heads\": 2, \"positional\": \"learned\"}",
                 "/P.npy: missing: \"positional\": \"learned\" needs P.npy");
    config_fails("{\"heads\": 2, \"kv_heads\": 0}",
                 "/config.json: \"kv_heads\" must be a positive integer dividing \"heads\", not 0");
    config_fails("{\"heads\": 4, \"kv_heads\": 3}",
                 "/config.json: \"kv_heads\" 3 does not divide \"heads\" 4");
    config_fails("{\"heads\": 2, \"kv_heads\": 1}",
                 "/Wk.npy: shape (4, 4), expected (4, 2) = (d_model, kv_heads·d_k)");
    config_fails("{\"heads\": 2, \"rope_pairs\": \"halves\"}",
                 "/config.json: \"rope_pairs\" is an option of rotary positions: it needs \"positional\": \"rope\"");
    config_fails("{\"heads\": 2, \"positional\": \"rope\", \"rope_pairs\": \"pairs\"}",
                 "/config.json: \"rope_pairs\" must be \"interleaved\" (RoFormer) or \"halves\"");
    config_fails("{\"heads\": 2, \"positional\": \"rope\", \"rope_base\": 1}",
                 "/config.json: \"rope_base\" must be a finite number above 1, not 1");
    config_fails("{\"heads\": 4, \"positional\": \"rope\"}",
                 "/config.json: \"positional\": \"rope\" turns pairs of columns, but d_k = 4 / 4 = 1 is odd");
    config_fails("{\"heads\": 2, \"tokens\": \"I love cats\"}",
                 "/config.json: \"tokens\" must be an array of strings, not \"I love cats\"");
    config_fails("{\"heads\": 2, \"tokens\": [\"I\", 2, \"cats\"]}",
                 "/config.json: \"tokens\"[1] must be a string, not 2");
    config_fails("{\"heads\": 2, \"tokens\": [\"I\", \"\", \"cats\"]}",
                 "/config.json: \"tokens\"[1] is an empty string");
    config_fails("{\"heads\": 2, \"tokens\": [\"I\", \"a\\u001bb\", \"cats\"]}",
                 "/config.json: \"tokens\"[1] contains a control character (U+001B)");
    config_fails("{\"heads\": 2, \"tokens\": [\"I\", \"cats\"]}",
                 "/config.json: \"tokens\" has 2 labels but E.npy has 3 rows, one per token");
    config_fails("{\"head\": 2}", "/config.json: unknown key \"head\" (did you mean \"heads\"?); "
                                  "the keys are heads, kv_heads, eps, causal, positional, rope_pairs, "
                                  "rope_base, tokens, layer, layers, ffn, activation, norm_first and norm_type");
    config_fails("{\"heads\": 2, \"Causal\": true}", "/config.json: unknown key \"Causal\" (did "
                                                    "you mean \"causal\"?)");
    config_fails("{\"heads\": 2, \"dropout\": 0.1}", "/config.json: unknown key \"dropout\"; the");
    config_fails("{\"heads\": 2, \"heads\": 2}", "/config.json:1:14: the key \"heads\" appears twice (first at 1:2)");
    config_fails("{\"heads\": 3}", "/config.json: d_model 4 is not divisible by heads 3 (d_model "
                                   "is the number of columns of E.npy)");
}

Test(model_dir, missing_or_misnamed_files) {
    Fx fx = fx_new();
    drop(fx.model, "config.json");
    expect_fail(&fx, "/config.json: missing: a model directory needs a config.json");
    fx_free(&fx);
    fx = fx_new();
    drop(fx.model, "Wv.npy");
    expect_fail(&fx, "/Wv.npy: missing: a model directory needs E.npy, Wq.npy, Wk.npy, Wv.npy "
                     "and Wo.npy");
    fx_free(&fx);
    fx = fx_new();
    drop(fx.model, "Wq.npy");
    put_npy(fx.model, "wq.npy", 4, 4, NPY_MATRIX);
    expect_fail(&fx, "/wq.npy: not a model file name; did you mean Wq.npy? (names are "
                     "case-sensitive)");
    fx_free(&fx);
    fx = fx_new();
    put_npy(fx.model, "b_k.npy", 1, 4, NPY_VECTOR);
    expect_fail(&fx, "/b_k.npy: not a model file name; did you mean bk.npy?");
    fx_free(&fx);
    /* other files are none of our business */
    fx = fx_new();
    put_npy(fx.model, "X_expected.npy", 3, 4, NPY_MATRIX);
    put_text_file(fx.model, "README", "notes");
    RunResult r = RUN("export", fx.model, fx.out);
    cr_expect_eq(r.status, 0, "%s", r.err);
    run_free(&r);
    fx_free(&fx);
}

/* a path that is not a directory is taken as a lesson: a missing one is
 * neither, and a file that is not a lesson gets the lesson's diagnostics */
Test(model_dir, a_path_that_is_not_a_directory_is_a_lesson) {
    Fx fx = fx_new();
    remove_tree(fx.model);
    char want[1024];
    snprintf(want, sizeof want, "attnstep: %s: no such file, and no built-in lesson of that name", fx.model);
    expect_fail_raw(&fx, want);
    put_text_file(fx.root, "model", "not a directory");
    snprintf(want, sizeof want, "%s:1:5: error: expected '=' after 'not'", fx.model);
    expect_fail_raw(&fx, want);
    fx_free(&fx);
}

static void npy_fails(const char *file, int rows, int cols, NpyShape shape, const char *msg) {
    Fx fx = fx_new();
    put_npy(fx.model, file, rows, cols, shape);
    expect_fail(&fx, msg);
    fx_free(&fx);
}

Test(model_dir, weight_shapes_are_checked) {
    npy_fails("Wq.npy", 4, 3, NPY_MATRIX,
              "/Wq.npy: shape (4, 3), expected (4, 4) = (d_model, d_model)\n");
    npy_fails("Wo.npy", 1, 4, NPY_VECTOR, "/Wo.npy: shape (4,), expected (4, 4)");
    npy_fails("bq.npy", 1, 3, NPY_VECTOR,
              "/bq.npy: shape (3,), expected (4,) or (1, 4) = (d_model,)\n");
    npy_fails("beta.npy", 2, 4, NPY_MATRIX, "/beta.npy: shape (2, 4), expected (4,) or (1, 4)");
    npy_fails("E.npy", 1, 4, NPY_VECTOR,
              "/E.npy: shape (4,), expected 2 dimensions (n_tokens, d_model)\n");
    npy_fails("E.npy", 0, 4, NPY_MATRIX,
              "/E.npy: shape (0, 4): a model needs at least one token and one dimension");
    npy_fails("E.npy", 4097, 1, NPY_MATRIX,
              "/E.npy: shape (4097, 1): 4097 tokens is more than the limit of 4096");
    npy_fails("E.npy", 1, 4097, NPY_MATRIX,
              "/E.npy: shape (1, 4097): d_model 4097 is more than the limit of 4096");
}

Test(model_dir, npy_problems_name_the_file) {
    Fx fx = fx_new();
    put_text_file(fx.model, "Wk.npy", "not numpy at all");
    expect_fail(&fx, "/Wk.npy: not a .npy file: it does not start with \"\\x93NUMPY\"\n");
    fx_free(&fx);
    /* cut the data short */
    fx = fx_new();
    char *p = path_join(fx.model, "E.npy");
    cr_assert_eq(truncate(p, 128 + 40), 0); /* a 128-byte header, then 40 of 48 bytes */
    free(p);
    expect_fail(&fx, "/E.npy: truncated: the header promises 3×4 float32 (48 bytes of data) but "
                     "the file has 40\n");
    fx_free(&fx);
    /* a NaN in a weight */
    fx = fx_new();
    p = path_join(fx.model, "Wk.npy");
    Matrix m;
    cr_assert(mat_alloc(&m, 4, 4, NULL));
    mat_set(&m, 1, 2, NAN);
    cr_assert(npy_write(p, &m, NPY_MATRIX, NULL));
    mat_free(&m);
    free(p);
    expect_fail(&fx, "/Wk.npy: element (1, 2) is NaN; weights must be finite\n");
    fx_free(&fx);
}

Test(model_dir, npy_dtypes_from_numpy) {
    Fx fx = fx_new();
    const char *py = getenv("ATTNSTEP_PYTHON");
    char cmd[2048];
    snprintf(cmd, sizeof cmd,
             "cd '%s' && '%s' -c \"import numpy as np; np.save('Wv.npy', np.ones((4, 4), "
             "np.int64)); np.save('bk.npy', np.ones(4, np.float64))\"",
             fx.model, py && *py ? py : "python3");
    RunResult r = run_shell(cmd);
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_free(&r);
    expect_fail(&fx, "/Wv.npy: dtype '<i8' (integer) is not supported");
    fx_free(&fx);
}

/* --- usage and OUT_DIR ------------------------------------------------------- */

Test(model_dir, usage_errors_exit_2) {
    const char *const cases[][5] = {
        {"export", NULL}, {"export", "m", NULL}, {"export", "m", "o", "x"}, {"export", "--bogus"},
    };
    const char *want[] = {"needs MODEL_DIR and OUT_DIR", "needs MODEL_DIR and OUT_DIR",
                          "unexpected argument 'x'", "unknown option '--bogus'"};
    for (int i = 0; i < 4; i++) {
        RunResult r = run_attnstep(NULL, cases[i]);
        cr_expect_eq(r.status, 2, "case %d: %d", i, r.status);
        cr_expect(strstr(r.err, want[i]) && strstr(r.err, "usage: attnstep export"), "%s", r.err);
        run_free(&r);
    }
    RunResult r = RUN("export", "--help");
    cr_expect_eq(r.status, 0);
    cr_expect(strstr(r.out, "usage: attnstep export MODEL_DIR|LESSON OUT_DIR [--force]"), "%s", r.out);
    run_free(&r);
}

Test(model_dir, an_existing_out_dir_is_replaced_only_when_safe) {
    Fx fx = fx_new();
    cr_assert_eq(mkdir(fx.out, 0777), 0);
    /* empty: replaced */
    RunResult r = RUN("export", fx.model, fx.out);
    cr_expect_eq(r.status, 0, "%s", r.err);
    run_free(&r);
    /* holding files: refused, untouched */
    char *before = listing(fx.out);
    char want[1024];
    snprintf(want, sizeof want, "attnstep: %s: exists and is not empty; use --force", fx.out);
    r = RUN("export", fx.model, fx.out);
    cr_expect_eq(r.status, 2);
    cr_expect(strncmp(r.err, want, strlen(want)) == 0, "%s", r.err);
    run_free(&r);
    /* --force over an earlier export: replaced whole, stale files gone */
    put_npy(fx.out, "A_h7.npy", 2, 2, NPY_MATRIX);
    r = RUN("export", "--force", fx.model, fx.out);
    cr_expect_eq(r.status, 0, "%s", r.err);
    run_free(&r);
    char *after = listing(fx.out);
    cr_expect_str_eq(after, before);
    /* --force never deletes what is not a .npy file */
    put_text_file(fx.out, "notes.txt", "mine");
    snprintf(want, sizeof want, "attnstep: %s: holds 'notes.txt', which is not a .npy file: "
             "refusing to replace the directory, even with --force\n", fx.out);
    r = RUN("export", fx.model, fx.out, "--force");
    cr_expect_eq(r.status, 2);
    cr_expect_str_eq(r.err, want);
    run_free(&r);
    char *root = listing(fx.root);
    cr_expect_str_eq(root, "model\nout\n");
    free(before), free(after), free(root);
    fx_free(&fx);
}

Test(model_dir, out_dir_that_cannot_be_used) {
    Fx fx = fx_new();
    put_text_file(fx.root, "out", "a file");
    expect_fail(&fx, ""); /* the message names OUT_DIR, checked below */
    RunResult r = RUN("export", fx.model, fx.out);
    char want[1024];
    snprintf(want, sizeof want, "attnstep: %s: exists and is not a directory\n", fx.out);
    cr_expect_str_eq(r.err, want);
    run_free(&r);
    char *deep = path_join(fx.root, "no/such/out");
    r = RUN("export", fx.model, deep);
    snprintf(want, sizeof want, "attnstep: %s: the directory it would go in, %s/no/such, does not "
             "exist\n", deep, fx.root);
    cr_expect_eq(r.status, 2);
    cr_expect_str_eq(r.err, want);
    run_free(&r);
    free(deep);
    r = RUN("export", fx.model, ".");
    cr_expect_eq(r.status, 2);
    cr_expect_str_eq(r.err, "attnstep: .: name a new or empty directory to export into\n");
    run_free(&r);
    fx_free(&fx);
}

/* A write that fails half way (a file size limit) leaves no OUT_DIR and no
 * temporary directory. */
Test(model_dir, a_failed_write_leaves_nothing_behind) {
    Fx fx = fx_new();
    put_npy(fx.model, "E.npy", 3, 64, NPY_MATRIX);
    const char *sq[] = {"Wq.npy", "Wk.npy", "Wv.npy", "Wo.npy"};
    for (int i = 0; i < 4; i++)
        put_npy(fx.model, sq[i], 64, 64, NPY_MATRIX);
    drop(fx.model, "bq.npy"), drop(fx.model, "gamma.npy");
    const char *bin = getenv("ATTNSTEP_BIN");
    char cmd[2048];
    /* the weights (16 KiB each) are read before the limit matters: it only
     * applies to writing; P.npy and X.npy are 832 bytes, so 1 block fails */
    snprintf(cmd, sizeof cmd, "trap '' XFSZ; ulimit -f 1; exec '%s' export '%s' '%s'",
             bin ? bin : "./attnstep", fx.model, fx.out);
    RunResult r = run_shell(cmd);
    cr_expect_eq(r.status, 2, "%d %s", r.status, r.err);
    char want[1024];
    snprintf(want, sizeof want, "attnstep: %s/P.npy: cannot write: File too large\n", fx.out);
    cr_expect_str_eq(r.err, want);
    char *root = listing(fx.root);
    cr_expect_str_eq(root, "model\n");
    free(root);
    run_free(&r);
    fx_free(&fx);
}

/* A model of current shape: one K/V head for two query heads (Wk, Wv
 * 4 x 2), learned positions with spare rows (as GPT-2's wpe), or rotary
 * positions; the lesson a model directory becomes says so, and export
 * lists the rotated Q and K of each head. */
Test(model_dir, grouped_learned_and_rotary_models) {
    Fx fx = fx_new();
    put_text_file(fx.model, "config.json", "{\"heads\": 2, \"kv_heads\": 1, \"positional\": \"learned\"}");
    put_npy(fx.model, "Wk.npy", 4, 2, NPY_MATRIX);
    put_npy(fx.model, "Wv.npy", 4, 2, NPY_MATRIX);
    put_npy(fx.model, "P.npy", 9, 4, NPY_MATRIX);
    RunResult r = RUN("trace", fx.model);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "P      P.npy  9×4\n"), "%s", r.out);
    cr_expect(strstr(r.out, "Then attention runs once over E with these weights.\n"), "%s", r.out);
    cr_expect(strstr(r.out, "from: E (3×4), P (3×4)"), "%s", r.out);
    run_free(&r);
    put_npy(fx.model, "P.npy", 2, 4, NPY_MATRIX);
    expect_fail(&fx, "/P.npy: shape (2, 4), expected (3 or more, 4) = (positions, d_model): a row for each of "
                     "the 3 tokens");
    put_npy(fx.model, "bk.npy", 1, 4, NPY_VECTOR);
    expect_fail(&fx, "/bk.npy: shape (4,), expected (2,) or (1, 2) = (kv_heads·d_k,)");
    char *p = path_join(fx.model, "P.npy"), *b = path_join(fx.model, "bk.npy");
    remove(b);
    put_text_file(fx.model, "config.json", "{\"heads\": 2, \"kv_heads\": 1, \"positional\": \"sinusoidal\"}");
    expect_fail(&fx, "/P.npy: learned positions, but config.json does not say \"positional\": \"learned\"");
    remove(p);
    free(p), free(b);
    put_text_file(fx.model, "config.json", "{\"heads\": 2, \"kv_heads\": 1, \"positional\": \"rope\", \"rope_pairs\": "
                                      "\"halves\", \"rope_base\": 500000}");
    r = RUN("trace", fx.model);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "Then attention runs once over E with these weights.\n"),
              "%s", r.out);
    run_free(&r);
    r = RUN("export", fx.model, fx.out);
    cr_assert_eq(r.status, 0, "%s", r.err);
    char *files = listing(fx.out);
    cr_expect_str_eq(files, "A_h0.npy\nA_h1.npy\nK.npy\nK_h0.npy\nK_h1.npy\nKr_h0.npy\nKr_h1.npy\nO.npy\nQ.npy\n"
                            "Q_h0.npy\nQ_h1.npy\nQr_h0.npy\nQr_h1.npy\nR.npy\nS_h0.npy\nS_h1.npy\nT_h0.npy\n"
                            "T_h1.npy\nV.npy\nV_h0.npy\nV_h1.npy\nX.npy\nY.npy\nZ.npy\nZ_h0.npy\nZ_h1.npy\n");
    free(files);
    run_free(&r);
    fx_free(&fx);
}

/* Fx's model as an encoder layer: config.json says so, W1 (4, 8) and W2 (8, 4) */
static void make_encoder(Fx *fx, const char *extra) {
    char config[512];
    snprintf(config, sizeof config, "{\"heads\": 2, \"layer\": \"encoder\"%s}\n", extra);
    put_text_file(fx->model, "config.json", config);
    put_npy(fx->model, "W1.npy", 4, 8, NPY_MATRIX);
    put_npy(fx->model, "W2.npy", 8, 4, NPY_MATRIX);
}

/* a near miss is found whichever side has the '_' or '-', and one typo
 * away from the name without them: each of these is refused while the
 * file it misspells is absent */
Test(model_dir, near_misses_of_every_kind_of_file) {
    static const struct {
        const char *file, *layer, *real;
    } cases[] = {
        {"gama_ff.npy", "encoder", "gamma_ff"}, {"gamma_finl.npy", "encoder", "gamma_final"},
        {"gammaff.npy", "encoder", "gamma_ff"}, {"beta-final.npy", "encoder", "beta_final"},
        {"cross_bg.npy", "decoder", "cross_bq"}, {"crossWq.npy", "decoder", "cross_Wq"},
        {"memroy.npy", "decoder", NULL},        {"W_1.npy", "encoder", "W1"},
        {"b-2.npy", "encoder", "b2"},           {"gama.npy", "attention", "gamma"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        Fx fx = fx_new();
        if (strcmp(cases[i].layer, "encoder") == 0)
            make_encoder(&fx, "");
        if (strcmp(cases[i].layer, "decoder") == 0) {
            make_encoder(&fx, "");
            put_text_file(fx.model, "config.json", "{\"heads\": 2, \"layer\": \"decoder\"}\n");
            put_npy(fx.model, "memory.npy", 2, 4, NPY_MATRIX);
            const char *cross[] = {"cross_Wq.npy", "cross_Wk.npy", "cross_Wv.npy", "cross_Wo.npy"};
            for (int k = 0; k < 4; k++)
                put_npy(fx.model, cross[k], 4, 4, NPY_MATRIX);
        }
        const char *real = cases[i].real ? cases[i].real : "memory";
        char path[80];
        snprintf(path, sizeof path, "%s.npy", real);
        if (strcmp(real, "W1") == 0 || strcmp(real, "memory") == 0 || strcmp(real, "cross_Wq") == 0 ||
            strcmp(real, "gamma") == 0)
            drop(fx.model, path);
        put_npy(fx.model, cases[i].file, 1, 4, NPY_VECTOR);
        char msg[256];
        snprintf(msg, sizeof msg, "/%s: not a model file name; did you mean %s.npy?", cases[i].file, real);
        expect_fail(&fx, msg);
        fx_free(&fx);
    }
}

/* a file that nothing reads under the configuration is refused, saying
 * what would read it */
Test(model_dir, files_that_nothing_reads_are_refused) {
    static const struct {
        const char *layer, *file, *msg;
    } cases[] = {
        {"", "W1.npy", "/W1.npy: not read: W1.npy is for the feed-forward network, which an attention-only model "
                       "has not"},
        {"", "gamma_ff.npy", "/gamma_ff.npy: not read: gamma_ff.npy is for the feed-forward network"},
        {"", "gamma_final.npy", "/gamma_final.npy: not read: gamma_final.npy is the final layer norm of a stack"},
        {"", "cross_Wq.npy", "/cross_Wq.npy: not read: cross_Wq.npy is for cross-attention, which only a decoder has"},
        {"", "memory.npy", "/memory.npy: not read: memory.npy is for cross-attention"},
        {"encoder", "cross_bk.npy", "/cross_bk.npy: not read: cross_bk.npy is for cross-attention"},
        {"encoder", "memory.npy", "/memory.npy: not read: memory.npy is for cross-attention"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        Fx fx = fx_new();
        if (cases[i].layer[0])
            make_encoder(&fx, "");
        put_npy(fx.model, cases[i].file, 4, 4, NPY_MATRIX);
        expect_fail(&fx, cases[i].msg);
        fx_free(&fx);
    }
}

/* layer directories: read only with "layers", up to its count; a layer's
 * file beside them, or the stack's inside one, is read by nothing */
Test(model_dir, layer_directories_that_nothing_reads_are_refused) {
    Fx fx = fx_new();
    char *l0 = path_join(fx.model, "layer0");
    cr_assert_eq(mkdir(l0, 0777), 0);
    put_npy(l0, "Wq.npy", 4, 4, NPY_MATRIX);
    drop(fx.model, "Wq.npy");
    expect_fail(&fx, "/layer0: not read: a layer's directory, but config.json has no \"layers\"; say \"layers\": N");
    free(l0);
    fx_free(&fx);

    fx = fx_new();
    const char *files[] = {"Wq.npy", "Wk.npy", "Wv.npy", "Wo.npy"};
    for (int l = 0; l < 3; l++) {
        char sub[32];
        snprintf(sub, sizeof sub, "layer%d", l);
        char *ldir = path_join(fx.model, sub);
        cr_assert_eq(mkdir(ldir, 0777), 0);
        for (int k = 0; k < 4; k++)
            put_npy(ldir, files[k], 4, 4, NPY_MATRIX);
        free(ldir);
    }
    for (int k = 0; k < 4; k++)
        drop(fx.model, files[k]);
    drop(fx.model, "bq.npy"), drop(fx.model, "gamma.npy");
    put_text_file(fx.model, "config.json", "{\"heads\": 2, \"layers\": 2}\n");
    expect_fail(&fx, "/layer2: not read: config.json says \"layers\": 2, so only layer0/ to layer1/ are read");
    put_text_file(fx.model, "config.json", "{\"heads\": 2, \"layers\": 3}\n");
    put_npy(fx.model, "bq.npy", 1, 4, NPY_VECTOR);
    expect_fail(&fx, "/bq.npy: not read: config.json says \"layers\", so each layer's files, bq.npy too, are read "
                     "from layer0/");
    drop(fx.model, "bq.npy");
    char *l1 = path_join(fx.model, "layer1");
    put_npy(l1, "E.npy", 3, 4, NPY_MATRIX);
    char want[512];
    snprintf(want, sizeof want, "attnstep: %s/E.npy: not read: E.npy belongs to the whole stack", l1);
    expect_fail_raw(&fx, want);
    free(l1);
    fx_free(&fx);
}

/* keys of a whole layer in an attention-only model change nothing: refused */
Test(model_dir, layer_keys_in_an_attention_only_model_are_refused) {
    static const char *const keys[] = {"\"norm_first\": true", "\"norm_first\": false", "\"ffn\": 8",
                                       "\"activation\": \"gelu\""};
    static const char *const names[] = {"norm_first", "norm_first", "ffn", "activation"};
    for (int i = 0; i < 4; i++) {
        char config[128], msg[256];
        snprintf(config, sizeof config, "{\"heads\": 2, %s}", keys[i]);
        snprintf(msg, sizeof msg, "/config.json: \"%s\" is an option of encoder and decoder layers, which an "
                                  "attention-only model is not", names[i]);
        config_fails(config, msg);
        snprintf(config, sizeof config, "{\"heads\": 2, \"layer\": \"attention\", %s}", keys[i]);
        config_fails(config, msg);
    }
    /* with "layer": "encoder" they are read */
    Fx fx = fx_new();
    make_encoder(&fx, ", \"norm_first\": true, \"ffn\": 8, \"activation\": \"gelu\"");
    RunResult r = RUN("export", fx.model, fx.out);
    cr_expect_eq(r.status, 0, "%s", r.err);
    run_free(&r);
    fx_free(&fx);
}

/* a model directory becomes records without any lesson text: no
 * statement is parsed (the program has none, its syntax tree is empty),
 * yet the pass's steps are there, pointing into the description */
Test(model_dir, opened_without_parsing) {
    Fx fx = fx_new();
    LoadedLesson ll;
    Error err = {0};
    cr_assert(lesson_open(fx.model, NULL, &ll, &err), "%s", err.msg);
    cr_expect_eq(ll.prog.nstmts, 0);
    cr_expect_null(ll.prog.stmts);
    int scores = 0;
    for (int k = 0; k < ll.lesson.nrecords; k++)
        scores += ll.lesson.records[k].stage == STAGE_SCORES && ll.lesson.records[k].pos.line > 1;
    cr_expect_gt(scores, 0);
    lesson_close(&ll);
    fx_free(&fx);
}
