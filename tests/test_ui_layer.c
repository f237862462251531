/* test_ui_layer.c - the layer keys' state change (ui_layer), without a
 * terminal: on a 3-layer GPT-2 checkpoint the run records the next layer,
 * the cursor keeps its stage, head and cell, and the source says
 * `record L`; at either end, on a lesson's own `record L` and on a plain
 * lesson nothing changes and the note says why. (tests/test_ui.c drives
 * the same keys on the screen.) */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/gpt2.h"
#include "lang/loader.h"
#include "support.h"
#include "ui/state.h"

static char *tmp;
static LoadedLesson ll;

static void open_checkpoint(int layer) {
    tmp = temp_dir();
    char *script = source_path("tests/make_gpt2_checkpoint.py");
    const char *py = getenv("ATTNSTEP_PYTHON");
    char cmd[4096], dir[2048];
    snprintf(cmd, sizeof cmd, "'%s' '%s' '%s/ckpt' --layers 3 --heads 4 --embd 32 >/dev/null",
             py && *py ? py : "python3", script, tmp);
    RunResult r = run_shell(cmd);
    cr_assert_eq(r.status, 0, "%s: %s", cmd, r.err);
    run_free(&r);
    free(script);
    snprintf(dir, sizeof dir, "%s/ckpt", tmp);
    Gpt2Options opt = {.text = "The cat sat", .layer = layer, .temperature = 1.0f};
    Error err = {0};
    cr_assert(lesson_open_gpt2(dir, &opt, NULL, &ll, &err), "%s", err.msg);
}

static void close_checkpoint(void) {
    lesson_close(&ll);
    remove_tree(tmp);
    free(tmp);
}

/* the first record of `stage` in `layer`, or -1 */
static int find(const Lesson *l, int layer, Stage stage) {
    for (int r = 0; r < l->nrecords; r++)
        if (l->records[r].layer == layer && l->records[r].stage == stage)
            return r;
    return -1;
}

Test(ui_layer, next_layer_keeps_stage_head_and_cell, .timeout = 60) {
    open_checkpoint(0);
    UiState s;
    ui_state_init(&s, &ll, false);
    int softmax = find(&ll.lesson, 0, STAGE_SOFTMAX);
    cr_assert_geq(softmax, 0);
    ui_go(&s, softmax);
    s.head = 2;
    s.ci = 2, s.cj = 1;
    int focus = s.focus;
    cr_assert(ui_layer(&s, +1));
    cr_assert_str_eq(s.note, "recording layer 1…");
    cr_assert(ui_layer_run(&s));
    cr_assert_str_empty(s.note);
    const Record *rec = ui_record(&s);
    cr_assert_eq(rec->stage, STAGE_SOFTMAX);
    cr_assert_eq(rec->layer, 1);
    cr_assert_eq(s.head, 2);
    cr_assert_eq(s.focus, focus);
    cr_assert(s.ci == 2 && s.cj == 1);
    cr_assert_not_null(strstr(ll.src.text, "h.1.attn.c_attn.weight"), "the description names layer 1's tensors:\n%s", ll.src.text);
    cr_assert_eq(find(&ll.lesson, 0, STAGE_SOFTMAX), -1, "layer 0 is no longer recorded in full");
    /* the next-token step is in no layer: the new layer's first step */
    ui_go(&s, ll.lesson.nrecords - 1);
    cr_assert(ui_layer(&s, +1) && ui_layer_run(&s));
    cr_assert_eq(ui_record(&s)->layer, 2);
    cr_assert_eq(ui_record(&s)->stage, STAGE_PRENORM);
    /* past the last: a note, and nothing changes */
    int at = s.cur.record;
    cr_assert(ui_layer(&s, +1));
    cr_assert_str_eq(s.note, "layer 2 is the last layer");
    cr_assert(!ui_layer_run(&s));
    cr_assert_eq(s.cur.record, at);
    cr_assert_not_null(strstr(ll.src.text, "h.2.attn.c_attn.weight"));
    ui_state_free(&s);
    close_checkpoint();
}

Test(ui_layer, before_the_first_layer, .timeout = 60) {
    open_checkpoint(0);
    UiState s;
    ui_state_init(&s, &ll, false);
    cr_assert(ui_layer(&s, -1));
    cr_assert_str_eq(s.note, "layer 0 is the first layer");
    cr_assert(!ui_layer_run(&s));
    ui_state_free(&s);
    close_checkpoint();
}

static void note_of(const char *text, const char *want) {
    cr_assert(lesson_open_text("t.lesson", text, strlen(text), NULL, &ll));
    UiState s;
    ui_state_init(&s, &ll, false);
    ui_go(&s, ll.lesson.nrecords - 1);
    int at = s.cur.record;
    cr_assert(ui_layer(&s, +1));
    cr_assert_str_eq(s.note, want);
    cr_assert(!ui_layer_run(&s));
    cr_assert_eq(s.cur.record, at);
    ui_state_free(&s);
    lesson_close(&ll);
}

Test(ui_layer, a_lesson_says_why_not) {
    note_of("X = random 3x4 seed 1\n"
            "W_Q, W_K, W_V, W_O, L1_W_Q, L1_W_K, L1_W_V, L1_W_O = random 4x4 seed 2 scale 0.5\n"
            "W_1, L1_W_1 = random 4x6 seed 3 scale 0.5\n"
            "W_2, L1_W_2 = random 6x4 seed 4 scale 0.5\n"
            "layer encoder X heads 2 ffn 6 layers 2 record 1\n",
            "the lesson's `record L` chooses the layer");
    note_of("X = [[1, 2], [3, 4]]\nY = X + X\n", "this step has no other layers");
}
