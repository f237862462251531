/* test_modern_layer.c - a layer of RMSNorm and SwiGLU as a learner meets
 * it: a model directory (config.json "norm_type": "rms", "activation":
 * "swiglu", files W_gate, W_up, W_down) and a lesson's `layer ... norm_type
 * rms activation swiglu`, each opened as a lesson, whose recorded matrices
 * must agree with the float64 NumPy reference written separately
 * (tests/reference/rmsnorm_swiglu.py) within 1e-4 relative, on every kernel
 * set this machine runs; and the input they refuse, exit 2 with a message
 * naming the file or the weight: b1 under swiglu, beta under rms, a missing
 * W_up, W_gate without swiglu. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/kernels.h"
#include "io/npy.h"
#include "lang/loader.h"
#include "support.h"

#define REL_TOL 1e-4

typedef struct Ref {
    char *dir;   /* the reference's files */
    char *model; /* dir/model: the model directory made of them */
    int n, d, heads, ff;
    double eps;
    bool post;
} Ref;

/* the model's files, as the reference names them */
static const char *const model_files[] = {"E",     "Wq",       "Wk",          "Wv",     "Wo",   "gamma",
                                          "gamma_ff", "gamma_final", "W_gate", "W_up", "W_down"};
#define N_MODEL_FILES (int)(sizeof model_files / sizeof model_files[0])

static Matrix load(const char *dir, const char *name) {
    char path[1024];
    snprintf(path, sizeof path, "%s/%s.npy", dir, name);
    Matrix m = {0};
    Error err;
    cr_assert(npy_read(path, &m, NULL, &err), "%s: %s", path, err.msg);
    return m;
}

/* copy: dir/name.npy to `to`/as.npy */
static void copy(const char *dir, const char *name, const char *to, const char *as) {
    Matrix m = load(dir, name);
    char path[1024];
    snprintf(path, sizeof path, "%s/%s.npy", to, as);
    Error err;
    cr_assert(npy_write(path, &m, NPY_MATRIX, &err), "%s: %s", path, err.msg);
    mat_free(&m);
}

/* reference: the reference's files for `seed` (post-norm or pre-norm),
 * and a model directory of them with its config.json */
static Ref reference(int seed, bool post) {
    Ref r = {.dir = temp_dir(), .post = post};
    const char *py = getenv("ATTNSTEP_PYTHON");
    char *script = source_path("tests/reference/rmsnorm_swiglu.py");
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "'%s' '%s' '%s' %d%s 2>&1", py && *py ? py : "python3", script, r.dir, seed,
             post ? " --post" : "");
    RunResult run = run_shell(cmd);
    cr_assert_eq(run.status, 0, "rmsnorm_swiglu.py failed (exit %d):\n%s", run.status, run.out);
    run_free(&run);
    free(script);
    char *sizes = path_join(r.dir, "sizes.txt");
    FILE *f = fopen(sizes, "r");
    cr_assert(f && fscanf(f, "%d %d %d %d %lf", &r.n, &r.d, &r.heads, &r.ff, &r.eps) == 5);
    fclose(f);
    free(sizes);
    r.model = path_join(r.dir, "model");
    snprintf(cmd, sizeof cmd, "mkdir '%s'", r.model);
    run = run_shell(cmd);
    cr_assert_eq(run.status, 0);
    run_free(&run);
    for (int k = 0; k < N_MODEL_FILES; k++)
        if (!(post && strcmp(model_files[k], "gamma_final") == 0))
            copy(r.dir, model_files[k], r.model, model_files[k]);
    char config[512];
    snprintf(config, sizeof config,
             "{\"heads\": %d, \"layer\": \"encoder\", \"causal\": true, \"norm_first\": %s, \"norm_type\": \"rms\", "
             "\"activation\": \"swiglu\", \"ffn\": %d, \"eps\": %.17g}\n",
             r.heads, post ? "false" : "true", r.ff, r.eps);
    put_text_file(r.model, "config.json", config);
    return r;
}

static void reference_free(Ref *r) {
    remove_tree(r->dir);
    free(r->dir);
    free(r->model);
}

/* same_as: the lesson's matrix `name` within REL_TOL of ref_<refname> */
static void same_as(const Ref *r, const LoadedLesson *ll, const char *set, const char *name, const char *refname) {
    const Matrix *got = mlist_find(&ll->lesson.env, name);
    cr_assert_not_null(got, "%s: the lesson has no %s", set, name);
    char rname[64];
    snprintf(rname, sizeof rname, "ref_%s", refname);
    Matrix want = load(r->dir, rname);
    cr_assert(got->rows == want.rows && got->cols == want.cols, "%s: %s is %dx%d, the reference %dx%d", set, name,
              got->rows, got->cols, want.rows, want.cols);
    double diff = 0.0, scale = 1e-30;
    for (int i = 0; i < want.rows; i++)
        for (int j = 0; j < want.cols; j++) {
            double g = mat_get(got, i, j), w = mat_get(&want, i, j);
            cr_assert(isfinite(g), "%s: %s[%d][%d] is not finite", set, name, i, j);
            diff = fmax(diff, fabs(g - w));
            scale = fmax(scale, fabs(w));
        }
    cr_expect(diff / scale <= REL_TOL, "%s: %s differs from the NumPy reference: relative error %.3g", set, name,
              diff / scale);
    mat_free(&want);
}

/* every recorded result the reference has, under the lesson's names */
static void check_records(const Ref *r, const LoadedLesson *ll, const char *set) {
    if (r->post) {
        same_as(r, ll, set, "R", "R");
        same_as(r, ll, set, "Y", "Y");
        same_as(r, ll, set, "Y2", "Y2");
    } else {
        same_as(r, ll, set, "N", "N");
        same_as(r, ll, set, "Q", "Q");
        same_as(r, ll, set, "R", "R");
        same_as(r, ll, set, "N2", "N2");
        same_as(r, ll, set, "Y_final", "Y_final");
    }
    same_as(r, ll, set, "G", "F1"); /* the reference calls the gate F1 */
    same_as(r, ll, set, "U", "U");
    same_as(r, ll, set, "H", "H");
    same_as(r, ll, set, "F", "F");
    same_as(r, ll, set, "R2", "R2");
}

/* the same weights as a lesson: each loaded from the reference's files */
static char *lesson_text(const Ref *r) {
    static const char *const lesson_names[] = {"E",     "W_Q",      "W_K",         "W_V",    "W_O",  "gamma",
                                               "gamma_ff", "gamma_final", "W_gate", "W_up", "W_down"};
    size_t size = 8192, len = 0;
    char *t = malloc(size);
    len += (size_t)snprintf(t + len, size - len, "lesson \"modern\"\nset eps %.17g\n", r->eps);
    for (int k = 0; k < N_MODEL_FILES; k++)
        if (!(r->post && strcmp(model_files[k], "gamma_final") == 0))
            len += (size_t)snprintf(t + len, size - len, "%s = load \"%s/%s.npy\"\n", lesson_names[k], r->model,
                                    model_files[k]);
    snprintf(t + len, size - len, "layer encoder E heads %d mask causal norm %s norm_type rms ffn %d activation swiglu\n",
             r->heads, r->post ? "post" : "pre", r->ff);
    return t;
}

static void check_on_every_set(int seed, bool post) {
    Ref r = reference(seed, post);
    char *text = lesson_text(&r);
    int sets = 0;
    const KernelSet *const *all = kernels_compiled();
    for (int i = 0; all[i]; i++) {
        if (!kernels_cpu_supports(all[i]->name))
            continue;
        Error err;
        cr_assert(engine_init(all[i]->name, &err), "%s", err.msg);
        char set[96];
        LoadedLesson ll;
        snprintf(set, sizeof set, "%s, model directory", all[i]->name);
        cr_assert(lesson_open(r.model, NULL, &ll, &err), "%s: %s", set, err.msg);
        check_records(&r, &ll, set);
        lesson_close(&ll);
        snprintf(set, sizeof set, "%s, lesson", all[i]->name);
        cr_assert(lesson_open_text("modern.lesson", text, strlen(text), NULL, &ll), "%s: the lesson fails:\n%s",
                  set, text);
        check_records(&r, &ll, set);
        lesson_close(&ll);
        sets++;
    }
    cr_expect(sets >= 2, "only %d kernel set(s) could run here", sets);
    Error err;
    engine_init(NULL, &err);
    free(text);
    reference_free(&r);
}

Test(modern_layer, pre_norm_agrees_with_numpy_on_every_set) { check_on_every_set(11, false); }
Test(modern_layer, post_norm_agrees_with_numpy_on_every_set) { check_on_every_set(12, true); }

/* a model directory the learner got wrong: exit 2, the file named */
static void refused(const Ref *r, const char *why, const char *want) {
    RunResult run = RUN("trace", r->model);
    cr_expect_eq(run.status, 2, "%s: exit %d\n%s", why, run.status, run.err);
    cr_expect_not_null(strstr(run.err, want), "%s: wanted %s in\n%s", why, want, run.err);
    run_free(&run);
}

Test(modern_layer, a_model_directory_refuses_what_its_layer_has_not) {
    Ref r = reference(13, false);
    char *b1 = path_join(r.model, "b1.npy");
    put_npy_random(r.model, "b1.npy", 1, r.ff, true, 5);
    refused(&r, "b1 under swiglu", "b1.npy: not read: b1.npy is for a feed-forward network of W1 and W2");
    remove(b1);
    free(b1);
    char *beta = path_join(r.model, "beta.npy");
    put_npy_random(r.model, "beta.npy", 1, r.d, true, 6);
    refused(&r, "beta under rms", "beta.npy: not read: beta.npy is a layer norm's shift β");
    remove(beta);
    free(beta);
    char *up = path_join(r.model, "W_up.npy");
    remove(up);
    refused(&r, "no W_up", "W_up.npy: missing: with \"activation\": \"swiglu\"");
    free(up);
    put_text_file(r.model, "config.json", "{\"heads\": 2, \"layer\": \"encoder\", \"norm_first\": true}\n");
    copy(r.dir, "W_up", r.model, "W_up");
    refused(&r, "W_gate without swiglu", ".npy is for the gated feed-forward network, which config.json would choose");
    reference_free(&r);
}

/* a lesson the learner got wrong: the weight named, in both languages */
Test(modern_layer, a_lesson_refuses_what_its_layer_has_not) {
    static const char *const w = "E = random 3x4 seed 1\nW_Q, W_K, W_V, W_O = random 4x4 seed 2\n"
                                 "W_gate, W_up = random 4x6 seed 3\nW_down = random 6x4 seed 4\n";
    static const char *const cases[][2] = {
        {"b_1 = random 1x6 seed 5\nlayer encoder E heads 2 activation swiglu",
         "b_1 is given, but the network of activation swiglu is W_gate, W_up and W_down"},
        {"beta = random 1x4 seed 5\nlayer encoder E heads 2 norm_type rms activation swiglu",
         "beta is given, but RMSNorm (norm_type rms) has no β"},
        {"layer encoder E heads 2 norm_type rms activation swiglu ffn 7", "ffn 7"},
        {"layer encoder E heads 2 activation swiglu norm_type rsm", "did you mean 'norm_type rms'?"},
        {"layer encoder E heads 2 activation swiglu norm rms", "did you mean 'norm_type rms'?"},
    };
    char *dir = temp_dir();
    char text[1024];
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        snprintf(text, sizeof text, "%s%s\n", w, cases[k][0]);
        put_text_file(dir, "bad.lesson", text);
        char *path = path_join(dir, "bad.lesson");
        RunResult run = RUN("check", path);
        cr_expect_eq(run.status, 2, "%s: exit %d\n%s", cases[k][0], run.status, run.err);
        cr_expect_not_null(strstr(run.err, cases[k][1]), "%s: wanted %s in\n%s", cases[k][0], cases[k][1], run.err);
        run_free(&run);
        free(path);
    }
    /* without W_up */
    put_text_file(dir, "bad.lesson", "E = random 3x4 seed 1\nW_Q, W_K, W_V, W_O = random 4x4 seed 2\n"
                                     "W_gate = random 4x6 seed 3\nW_down = random 6x4 seed 4\n"
                                     "layer encoder E heads 2 activation swiglu\n");
    char *path = path_join(dir, "bad.lesson");
    RunResult run = RUN("check", path);
    cr_expect_eq(run.status, 2, "%s", run.err);
    cr_expect_not_null(strstr(run.err, "W_up"), "%s", run.err);
    run_free(&run);
    free(path);
    remove_tree(dir);
    free(dir);
}

/* near: dir/name.npy within REL_TOL of the reference's ref_<refname> */
static void near(const Ref *r, const char *dir, const char *name, const char *refname) {
    Matrix got = load(dir, name);
    char rname[64];
    snprintf(rname, sizeof rname, "ref_%s", refname);
    Matrix want = load(r->dir, rname);
    cr_assert(got.rows == want.rows && got.cols == want.cols, "%s: %dx%d, the reference %dx%d", name, got.rows,
              got.cols, want.rows, want.cols);
    double diff = 0.0, scale = 1e-30;
    for (int i = 0; i < want.rows; i++)
        for (int j = 0; j < want.cols; j++) {
            diff = fmax(diff, fabs((double)mat_get(&got, i, j) - (double)mat_get(&want, i, j)));
            scale = fmax(scale, fabs((double)mat_get(&want, i, j)));
        }
    cr_expect(diff / scale <= REL_TOL, "%s differs from the NumPy reference: relative error %.3g", name, diff / scale);
    mat_free(&got);
    mat_free(&want);
}

/* export of a stack of two such layers: every layer's gate, up and gated
 * results under its prefix; layer 0 is the reference's one layer */
Test(modern_layer, export_names_each_layers_gate_and_up) {
    Ref r = reference(14, false);
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "cd '%s' && mkdir stack stack/layer0 stack/layer1", r.dir);
    RunResult run = run_shell(cmd);
    cr_assert_eq(run.status, 0);
    run_free(&run);
    char *stack = path_join(r.dir, "stack");
    copy(r.dir, "E", stack, "E");
    copy(r.dir, "gamma_final", stack, "gamma_final");
    for (int l = 0; l < 2; l++) {
        char sub[600];
        snprintf(sub, sizeof sub, "%s/layer%d", stack, l);
        for (int k = 1; k < N_MODEL_FILES; k++)
            if (strcmp(model_files[k], "gamma_final") != 0)
                copy(r.dir, model_files[k], sub, model_files[k]);
    }
    char config[512];
    snprintf(config, sizeof config,
             "{\"heads\": %d, \"layer\": \"encoder\", \"layers\": 2, \"causal\": true, \"norm_first\": true, "
             "\"norm_type\": \"rms\", \"activation\": \"swiglu\", \"eps\": %.17g}\n",
             r.heads, r.eps);
    put_text_file(stack, "config.json", config);
    char *out = path_join(r.dir, "out");
    run = RUN("export", stack, out);
    cr_assert_eq(run.status, 0, "%s", run.err);
    run_free(&run);
    near(&r, out, "L0_N", "N");
    near(&r, out, "L0_G", "F1");
    near(&r, out, "L0_U", "U");
    near(&r, out, "L0_H", "H");
    near(&r, out, "L0_R2", "R2");
    static const char *const later[] = {"L1_N", "L1_N2", "L1_G", "L1_U", "L1_H", "L1_F", "L1_R2", "Y_final"};
    for (size_t k = 0; k < sizeof later / sizeof later[0]; k++) {
        Matrix m = load(out, later[k]);
        cr_expect(m.rows == r.n, "%s has %d rows", later[k], m.rows);
        mat_free(&m);
    }
    free(out);
    free(stack);
    reference_free(&r);
}
