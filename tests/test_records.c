/* test_records.c - what a step's record shows, as the UI reads it without
 * a terminal: an `expect A == B` shows A once and B too; the softmax
 * step's heatmap spans the scores' own values and the weights' 0 to 1. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lang/loader.h"
#include "output/explain.h"
#include "output/trace.h"
#include "support.h"
#include "ui/state.h"

static void open_lesson(const char *name, LoadedLesson *ll) {
    Error err = {0};
    cr_assert(lesson_open(name, NULL, ll, &err), "%s: %s", name, err.msg);
}

/* the first expect record whose source line is `source` */
static int expect_at(const LoadedLesson *ll, const char *source) {
    for (int r = 0; r < ll->lesson.nrecords; r++) {
        const Record *rec = &ll->lesson.records[r];
        size_t len;
        const char *line = source_line(&ll->src, rec->pos.line, &len);
        char text[256];
        snprintf(text, sizeof text, "%.*s", line ? (int)len : 0, line ? line : "");
        if (rec->kind == REC_EXPECT && strstr(text, source))
            return r;
    }
    return -1;
}

/* how many of the matrices the UI shows at record r are named `name` */
static int shown(UiState *s, int r, const char *name) {
    ui_go(s, r);
    ViewMatrix view[UI_MAX_VIEW];
    int n = ui_view(s, view), count = 0;
    for (int k = 0; k < n; k++)
        count += strcmp(view[k].slot->name, name) == 0;
    return count;
}

/* kv-cache: `expect K_cache == K` and `expect t_3 == last(T_h0)` */
Test(records, an_expect_shows_both_sides_once) {
    LoadedLesson ll;
    open_lesson("kv-cache", &ll);
    UiState s;
    ui_state_init(&s, &ll, false);
    int r = expect_at(&ll, "expect K_cache == K");
    cr_assert_geq(r, 0);
    cr_expect_eq(shown(&s, r, "K_cache"), 1, "A once");
    cr_expect_eq(shown(&s, r, "K"), 1, "B shown");
    /* B is K itself: the same numbers */
    const Record *rec = &ll.lesson.records[r];
    const Slot *b = &rec->inputs[rec->ninputs - 1];
    const Matrix *k = mlist_find(&ll.lesson.env, "K");
    cr_assert_not_null(k);
    cr_expect(mat_same_bits(&b->m, k));
    /* B's rows are tokens, as K's are */
    const char *const *rows, *const *cols;
    trace_matrix_labels(&ll.lesson, rec, b, &rows, &cols);
    cr_expect(rows && strcmp(rows[3], "too") == 0);
    /* the explanation of A's cell is still A's, with the number expected */
    Explanation e;
    cr_assert(explain_cell(&ll.lesson, rec, 0, 3, 0, 4, 0, &e));
    cr_expect(strstr(e.text, "K_cache[3][0]") && strstr(e.text, "Expected"), "%s", e.text);
    explain_free(&e);
    /* an expression on the left keeps its operands, and B comes last */
    r = expect_at(&ll, "expect t_3 == last(T_h0)");
    cr_assert_geq(r, 0);
    cr_expect_eq(shown(&s, r, "t_3"), 1);
    cr_expect_eq(shown(&s, r, "last(T_h0)"), 1);
    lesson_close(&ll);
}

/* the softmax step: its input, the scores, spans its own values (a score
 * of 3 is not as dark as one of 8); its output, the weights, 0 to 1 */
Test(records, softmax_heat_scales) {
    LoadedLesson ll;
    open_lesson("real-model", &ll);
    const Record *rec = NULL;
    for (int r = 0; r < ll.lesson.nrecords && !rec; r++)
        if (ll.lesson.records[r].stage == STAGE_SOFTMAX)
            rec = &ll.lesson.records[r];
    cr_assert_not_null(rec);
    float from, to;
    trace_heat_scale(rec, false, -15.0f, 33.0f, &from, &to);
    cr_expect(from == -15.0f && to == 33.0f, "scores from %g to %g", (double)from, (double)to);
    trace_heat_scale(rec, true, 0.001f, 0.9f, &from, &to);
    cr_expect(from == 0.0f && to == 1.0f, "weights from %g to %g", (double)from, (double)to);
    /* the next token's probabilities are weights too; the logits are not */
    for (int r = 0; r < ll.lesson.nrecords; r++) {
        const Record *x = &ll.lesson.records[r];
        if (x->stage != STAGE_NEXT_TOKEN && x->stage != STAGE_LOGITS)
            continue;
        trace_heat_scale(x, true, -2.0f, 5.0f, &from, &to);
        cr_expect(x->stage == STAGE_NEXT_TOKEN ? from == 0.0f && to == 1.0f : from == -2.0f && to == 5.0f,
                  "%s: from %g to %g", stage_name(x->stage), (double)from, (double)to);
    }
    lesson_close(&ll);
}
