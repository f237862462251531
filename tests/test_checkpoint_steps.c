/* test_checkpoint_steps.c - what the stage table's flags column says, and
 * what a GPT-2 checkpoint's records carry so that no front end tests a
 * stage: the next-token steps say their most probable column and rank
 * the tokens (checked against a search written here), the UI opens them
 * there; the weight steps are titled "Weights: W_Q of layer 0" and say
 * the tensor they come from and its shape, in English and Chinese. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/loader.h"
#include "io/gpt2.h"
#include "record/stage_text.h"
#include "support.h"
#include "ui/state.h"

/* SF_WEIGHTS: exactly the stages whose records are a softmax per head
 * (the op column OPX_SOFTMAX, outputs "_h"); SF_NEXT_TOKEN: exactly the
 * stages whose outputs' columns are the vocabulary (the axes column) */
Test(stage_flags, the_columns_agree_with_the_op_and_axes_columns) {
    cr_expect_eq(stage_flags(STAGE_NONE), 0u);
    int weights = 0;
    for (int st = STAGE_NONE + 1; st < STAGE_COUNT; st++) {
        const char *out = stage_outputs((Stage)st);
        size_t n = strlen(out);
        bool per_head_softmax = stage_op((Stage)st) == OPX_SOFTMAX && n > 2 && strcmp(out + n - 2, "_h") == 0;
        bool vocab = strchr(stage_axes((Stage)st), 'v') != NULL;
        unsigned f = stage_flags((Stage)st);
        cr_expect_eq((f & SF_WEIGHTS) != 0, per_head_softmax, "%s", stage_name((Stage)st));
        cr_expect_eq((f & SF_NEXT_TOKEN) != 0, vocab, "%s", stage_name((Stage)st));
        weights += (f & SF_WEIGHTS) != 0;
    }
    cr_expect_eq(weights, 1);
    cr_expect(stage_flags(STAGE_RESIDUAL) & SF_NOTE_RESIDUAL);
    cr_expect(stage_flags(STAGE_EMBED) & SF_NOTE_POSITIONS);
    cr_expect(stage_flags(STAGE_WEIGHTED) & SF_WEIGHTED_SUM);
}

static char *tmp;
static LoadedLesson ll;

static void open_checkpoint(void) {
    tmp = temp_dir();
    char *script = source_path("tests/make_gpt2_checkpoint.py");
    const char *py = getenv("ATTNSTEP_PYTHON");
    char cmd[4096], dir[2048];
    snprintf(cmd, sizeof cmd, "'%s' '%s' '%s/ckpt' --vocab 300 --layers 2 --heads 2 --embd 16 --positions 64 >/dev/null",
             py && *py ? py : "python3", script, tmp);
    RunResult r = run_shell(cmd);
    cr_assert_eq(r.status, 0, "%s: %s", cmd, r.err);
    run_free(&r);
    free(script);
    snprintf(dir, sizeof dir, "%s/ckpt", tmp);
    Gpt2Options opt = {.text = "The cat sat", .layer = 0, .temperature = 0.5f};
    Error err = {0};
    cr_assert(lesson_open_gpt2(dir, &opt, NULL, &ll, &err), "%s", err.msg);
}

static void close_checkpoint(void) {
    lesson_close(&ll);
    remove_tree(tmp);
    free(tmp);
}

/* the next-token records carry the column of row 0's largest value (the
 * first of equals) and the ten largest in order; every other record -1 */
Test(checkpoint_steps, next_token_records_say_their_best_column, .timeout = 60) {
    open_checkpoint();
    UiState s;
    ui_state_init(&s, &ll, false);
    int next = 0;
    for (int r = 0; r < ll.lesson.nrecords; r++) {
        const Record *rec = &ll.lesson.records[r];
        if (!(stage_flags(rec->stage) & SF_NEXT_TOKEN)) {
            cr_expect_eq(rec->best_col, -1, "record %d", r);
            cr_expect_eq(rec->nranked, 0, "record %d", r);
            continue;
        }
        next++;
        const Matrix *m = &rec->outputs[0].m;
        int best = 0;
        for (int j = 1; j < m->cols; j++)
            if (mat_get(m, 0, j) > mat_get(m, 0, best))
                best = j;
        cr_expect_eq(rec->best_col, best, "%s", stage_name(rec->stage));
        cr_expect_eq(rec->nranked, RECORD_RANKED);
        cr_expect_eq(rec->ranked[0], best);
        for (int k = 1; k < rec->nranked; k++) {
            float a = mat_get(m, 0, rec->ranked[k - 1]), b = mat_get(m, 0, rec->ranked[k]);
            cr_expect(a > b || (a == b && rec->ranked[k - 1] < rec->ranked[k]), "rank %d", k);
        }
        /* nothing left out is larger than the last ranked */
        float last = mat_get(m, 0, rec->ranked[rec->nranked - 1]);
        int larger = 0;
        for (int j = 0; j < m->cols; j++)
            larger += mat_get(m, 0, j) > last;
        cr_expect_leq(larger, RECORD_RANKED - 1);
        ui_go(&s, r);
        cr_expect_eq(s.cj, best, "the UI opens %s on the most probable token", stage_name(rec->stage));
    }
    cr_expect_eq(next, 3, "logits, temperature, probabilities");
    close_checkpoint();
}

/* the group of the record showing weight `name`, or NULL */
static const Group *weight_group(const char *name) {
    for (int r = 0; r < ll.lesson.nrecords; r++) {
        const Record *rec = &ll.lesson.records[r];
        if (rec->stage == STAGE_NONE && rec->noutputs == 1 && strcmp(rec->outputs[0].name, name) == 0)
            return &ll.lesson.groups[rec->group];
    }
    return NULL;
}

static void expect_weight(const char *name, const char *title, const char *tensor, const char *shape) {
    const Group *g = weight_group(name);
    cr_assert_not_null(g, "%s", name);
    cr_expect(g->title && strcmp(g->title, title) == 0, "%s: %s", name, g->title ? g->title : "(none)");
    cr_expect(g->narrative && strstr(g->narrative, tensor) && strstr(g->narrative, shape), "%s: %s", name,
              g->narrative ? g->narrative : "(none)");
}

/* every weight step before the pass has a title that is not its source
 * line, and a text naming its tensor and shape */
Test(checkpoint_steps, weight_steps_say_where_they_come_from, .timeout = 60) {
    setenv("LC_ALL", "C.UTF-8", 1);
    open_checkpoint();
    expect_weight("L0_W_Q", "Weights: W_Q of layer 0", "h.0.attn.c_attn.weight[:, 0:16]", "shape 16×16");
    expect_weight("L0_b_V", "Weights: b_V of layer 0", "h.0.attn.c_attn.bias[32:48]", "shape 1×16");
    expect_weight("L0_W_1", "Weights: W_1 of layer 0", "h.0.mlp.c_fc.weight", "shape 16×64");
    expect_weight("E", "Weights: E", "wte.weight[ids]", "×16 (rows");
    expect_weight("W_E", "Weights: W_E", "wte.weight", "shape 300×16");
    cr_expect(strstr(weight_group("L0_W_K")->narrative, "c_attn holds"), "the slice is explained");
    int weights = 0;
    for (int r = 0; r < ll.lesson.nrecords && ll.lesson.records[r].stage == STAGE_NONE; r++) {
        const Group *g = &ll.lesson.groups[ll.lesson.records[r].group];
        size_t len;
        const char *line = source_line(&ll.src, ll.lesson.records[r].pos.line, &len);
        cr_expect(g->title && strncmp(g->title, "Weights: ", 9) == 0, "record %d", r);
        cr_expect(g->narrative && *g->narrative, "record %d has a text", r);
        cr_expect(!line || !g->title || strncmp(g->title, line, len) != 0, "record %d", r);
        weights++;
    }
    cr_expect_gt(weights, 10);
    close_checkpoint();
}

Test(checkpoint_steps, weight_steps_in_chinese, .timeout = 60) {
    setenv("LC_ALL", "zh_CN.UTF-8", 1);
    setenv("LANGUAGE", "zh", 1);
    open_checkpoint();
    expect_weight("L0_W_Q", "权重：W_Q（第 0 层）", "h.0.attn.c_attn.weight[:, 0:16]", "形状 16×16");
    cr_expect(strstr(weight_group("L0_W_Q")->narrative, "张量"));
    close_checkpoint();
}
