/* test_ui_edit.c - editing a weight (ui_edit), without a terminal, where
 * the weights are not the lesson's own assignments: a GPT-2 checkpoint
 * and a model directory. After `e 9` on W_Q[0][0] the step's Q, the
 * later layer and the next-token logits and probabilities are those of
 * the NumPy GPT-2 (tests/reference/gpt2_ref.py) run with that cell
 * changed in the checkpoint, the message says the edit was made, and an
 * edit of E moves X by what was added. (tests/test_ui.c edits a lesson
 * on the screen.) */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/gpt2.h"
#include "io/npy.h"
#include "lang/loader.h"
#include "support.h"
#include "ui/state.h"

static const char *python(void) {
    const char *py = getenv("ATTNSTEP_PYTHON");
    return py && *py ? py : "python3";
}

/* make a 2-layer checkpoint in tmp/ckpt and open it on `text` */
static void open_checkpoint(const char *tmp, const char *text, LoadedLesson *ll) {
    char *script = source_path("tests/make_gpt2_checkpoint.py");
    char cmd[4096], dir[2048];
    snprintf(cmd, sizeof cmd, "'%s' '%s' '%s/ckpt' >/dev/null", python(), script, tmp);
    RunResult r = run_shell(cmd);
    cr_assert_eq(r.status, 0, "%s: %s", cmd, r.err);
    run_free(&r);
    free(script);
    snprintf(dir, sizeof dir, "%s/ckpt", tmp);
    Gpt2Options opt = {.text = text, .layer = 0, .temperature = 1.0f};
    Error err = {0};
    cr_assert(lesson_open_gpt2(dir, &opt, NULL, ll, &err), "%s", err.msg);
}

/* the first record of `stage` in `layer` (-1: any), or -1 */
static int find(const Lesson *l, int layer, Stage stage) {
    for (int r = 0; r < l->nrecords; r++)
        if ((layer < 0 || l->records[r].layer == layer) && l->records[r].stage == stage)
            return r;
    return -1;
}

/* the matrix named `name` among record r's inputs and outputs */
static const Matrix *slot(const Lesson *l, int r, const char *name) {
    const Record *rec = &l->records[r];
    for (int k = 0; k < rec->ninputs; k++)
        if (strcmp(rec->inputs[k].name, name) == 0)
            return &rec->inputs[k].m;
    for (int k = 0; k < rec->noutputs; k++)
        if (strcmp(rec->outputs[k].name, name) == 0)
            return &rec->outputs[k].m;
    cr_assert_fail("record %d has no %s", r, name);
    return NULL;
}

/* go to record r and put the cursor on cell [i][j] of `name` */
static void cursor_on(UiState *s, int r, const char *name, int i, int j) {
    ui_go(s, r);
    ViewMatrix view[UI_MAX_VIEW];
    int n = ui_view(s, view);
    for (int k = 0; k < n; k++)
        if (strcmp(view[k].slot->name, name) == 0) {
            s->focus = k, s->ci = i, s->cj = j;
            return;
        }
    cr_assert_fail("no %s in the view of record %d", name, r);
}

/* a copy of row `row` of m, for comparing after the records are replaced */
static float *row_copy(const Matrix *m, int row) {
    float *v = malloc((size_t)m->cols * sizeof *v);
    memcpy(v, mat_row(m, row), (size_t)m->cols * sizeof *v);
    return v;
}

/* max |a - ref| / max |ref| over a row of ref.npy in dir */
static double rel_diff(const Matrix *a, int a_row, const char *dir, const char *ref, int ref_row) {
    char path[2048];
    snprintf(path, sizeof path, "%s/%s.npy", dir, ref);
    Matrix m = {0};
    Error err = {0};
    cr_assert(npy_read(path, &m, NULL, &err), "%s", err.msg);
    cr_assert_eq(m.cols, a->cols, "%s: %d columns, attnstep %d", ref, m.cols, a->cols);
    double worst = 0, top = 1e-6;
    for (int j = 0; j < m.cols; j++) {
        double r = mat_get(&m, ref_row, j);
        worst = fmax(worst, fabs((double)mat_get(a, a_row, j) - r));
        top = fmax(top, fabs(r));
    }
    mat_free(&m);
    return worst / top;
}

Test(ui_edit, a_checkpoint_weight_recomputes_every_later_step, .timeout = 90) {
    char *tmp = temp_dir();
    LoadedLesson ll;
    open_checkpoint(tmp, "The cat", &ll);
    UiState s;
    ui_state_init(&s, &ll, false);
    int proj = find(&ll.lesson, 0, STAGE_PROJECT), last = ll.lesson.nrecords - 1;
    cr_assert_geq(proj, 0);
    /* Q[0][0] = Σ_k N[0][k] W_Q[k][0] + b_Q[0]: W_Q[0][0] from w to 9 adds (9 − w)·N[0][0] */
    double n00 = mat_get(slot(&ll.lesson, proj, "L0_N"), 0, 0), w00 = mat_get(slot(&ll.lesson, proj, "L0_W_Q"), 0, 0);
    double q00 = mat_get(slot(&ll.lesson, proj, "L0_Q"), 0, 0);
    float *probs_before = row_copy(slot(&ll.lesson, last, "probs"), 0);
    cursor_on(&s, proj, "L0_W_Q", 0, 0);
    cr_assert(ui_edit(&s, "9"));
    cr_assert_str_eq(s.message, "L0_W_Q[0][0] is now 9; every later step was recomputed");
    cr_assert_eq(s.cur.record, proj);
    cr_assert_float_eq(mat_get(slot(&ll.lesson, proj, "L0_W_Q"), 0, 0), 9.0f, 0);
    double want = q00 + (9.0 - w00) * n00;
    cr_assert(fabs((double)mat_get(slot(&ll.lesson, proj, "L0_Q"), 0, 0) - want) < 1e-4 * fabs(want),
              "Q[0][0] = %g, by hand %g", (double)mat_get(slot(&ll.lesson, proj, "L0_Q"), 0, 0), want);
    /* the checkpoint's later layer and the next token: as NumPy's pass
     * over the checkpoint with that cell changed (W_Q is the first d
     * columns of h.0.attn.c_attn.weight) */
    char ids[256] = "", cmd[4096], ref[2048];
    for (int t = 0; t < ll.gpt2->n; t++)
        snprintf(ids + strlen(ids), sizeof ids - strlen(ids), "%s%d", t ? "," : "", ll.gpt2->ids[t]);
    char *script = source_path("tests/reference/gpt2_ref.py");
    snprintf(ref, sizeof ref, "%s/ref", tmp);
    snprintf(cmd, sizeof cmd, "'%s' '%s' '%s/ckpt' '%s' --ids %s --set h.0.attn.c_attn.weight,0,0,9", python(),
             script, tmp, ref, ids);
    RunResult r = run_shell(cmd);
    cr_assert_eq(r.status, 0, "%s: %s", cmd, r.err);
    run_free(&r);
    free(script);
    const int n = ll.gpt2->n;
    const Lesson *l = &ll.lesson;
    last = l->nrecords - 1;
    cr_assert_lt(rel_diff(slot(l, proj, "L0_Q"), 0, ref, "L0_Q", 0), 1e-4);
    cr_assert_lt(rel_diff(slot(l, find(l, -1, STAGE_LOGITS), "logits"), 0, ref, "logits", n - 1), 1e-4);
    cr_assert_lt(rel_diff(slot(l, last, "probs"), 0, ref, "probs", 0), 1e-4);
    int moved = 0;
    for (int j = 0; j < slot(l, last, "probs")->cols; j++)
        moved += mat_get(slot(l, last, "probs"), 0, j) != probs_before[j];
    cr_assert_gt(moved, 0, "the next-token probabilities did not change");
    free(probs_before);
    /* the edit stays when another layer is recorded: layer 1's steps are
     * those of the edited model */
    cr_assert(ui_layer(&s, +1) && ui_layer_run(&s));
    l = &ll.lesson;
    int proj1 = find(l, 1, STAGE_PROJECT);
    cr_assert_geq(proj1, 0);
    cr_assert_lt(rel_diff(slot(l, proj1, "L1_Q"), 1, ref, "L1_Q", 1), 1e-4);
    cr_assert_lt(rel_diff(slot(l, l->nrecords - 1, "probs"), 0, ref, "probs", 0), 1e-4);
    ui_state_free(&s);
    lesson_close(&ll);
    remove_tree(tmp);
    free(tmp);
}

Test(ui_edit, a_checkpoint_embedding_moves_x, .timeout = 60) {
    char *tmp = temp_dir();
    LoadedLesson ll;
    open_checkpoint(tmp, "The cat", &ll);
    UiState s;
    ui_state_init(&s, &ll, false);
    int embed = find(&ll.lesson, -1, STAGE_EMBED);
    cr_assert_geq(embed, 0);
    /* X = E + P: X[0][0] moves by what E[0][0] moves */
    double e00 = mat_get(slot(&ll.lesson, embed, "E"), 0, 0), x00 = mat_get(slot(&ll.lesson, embed, "X"), 0, 0);
    cursor_on(&s, embed, "E", 0, 0);
    cr_assert(ui_edit(&s, "5"));
    cr_assert_str_eq(s.message, "E[0][0] is now 5; every later step was recomputed");
    double want = x00 + (5.0 - e00);
    float got = mat_get(slot(&ll.lesson, embed, "X"), 0, 0);
    cr_assert(fabs((double)got - want) < 1e-5, "X[0][0] = %g, by hand %g", (double)got, want);
    ui_state_free(&s);
    lesson_close(&ll);
    remove_tree(tmp);
    free(tmp);
}

Test(ui_edit, a_model_directory_weight, .timeout = 60) {
    char *dir = source_path("lessons/model");
    LoadedLesson ll;
    Error err = {0};
    cr_assert(lesson_open(dir, NULL, &ll, &err), "%s", err.msg);
    UiState s;
    ui_state_init(&s, &ll, false);
    int proj = find(&ll.lesson, -1, STAGE_PROJECT);
    cr_assert_geq(proj, 0);
    double x10 = mat_get(slot(&ll.lesson, proj, "X"), 1, 0), w01 = mat_get(slot(&ll.lesson, proj, "W_Q"), 0, 1);
    double q11 = mat_get(slot(&ll.lesson, proj, "Q"), 1, 1);
    cursor_on(&s, proj, "W_Q", 0, 1);
    cr_assert(ui_edit(&s, "-2.5"));
    cr_assert_str_eq(s.message, "W_Q[0][1] is now -2.5; every later step was recomputed");
    /* Q[1][1] = Σ_k X[1][k] W_Q[k][1] + b_Q[1] */
    double want = q11 + (-2.5 - w01) * x10;
    float got = mat_get(slot(&ll.lesson, proj, "Q"), 1, 1);
    cr_assert(fabs((double)got - want) < 1e-4 * fmax(1, fabs(want)), "Q[1][1] = %g, by hand %g", (double)got, want);
    ui_state_free(&s);
    lesson_close(&ll);
    free(dir);
}
