#include "lang/quiz.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/interp_internal.h"
#include "lang/number.h"

/* a step whose every output cell is a copy of a cell the step shows, or
 * the mask value: its answer is read off the screen, not worked out */
static bool copies(OpKind op) {
    switch (op) {
    case OPX_VALUE:
    case OPX_TRANSPOSE:
    case OPX_INDEX:
    case OPX_RESHAPE:
    case OPX_HEAD:
    case OPX_CONCAT:
    case OPX_STACK:
    case OPX_MASK:
    case OPX_SHAPE:
        return true;
    default:
        return false;
    }
}

int quiz_terms(const Record *rec, int slot, int i, int j) {
    (void)i, (void)j;
    const Matrix *out = &rec->outputs[slot].m, *in = rec->ninputs > 0 ? &rec->inputs[0].m : NULL;
    switch (rec->op) {
    case OPX_MATMUL: /* a row of a times a column of b, and the bias */
    case OPX_MATMUL_BT:
        return (in ? in->cols : 0) + (rec->op == OPX_MATMUL && rec->ninputs > 2 && rec->noutputs == 1 ? 1 : 0);
    case OPX_SOFTMAX:
    case OPX_LAYERNORM:
    case OPX_RMSNORM: /* the row's squares, then the cell */
        return out->cols;
    case OPX_MEAN:
    case OPX_VAR:
    case OPX_STD:
    case OPX_SUM:
    case OPX_MAX:
    case OPX_MIN:
        return in ? in->cols : 0;
    case OPX_TOTAL:
        return in ? in->rows * in->cols : 0;
    case OPX_ROPE: /* the cell and its pair */
        return 2;
    default: /* element-wise: one value of each input */
        return rec->ninputs > 0 ? rec->ninputs : 1;
    }
}

QuizCell *quiz_cells(const Lesson *lesson, int *count) {
    int n = 0;
    for (int r = 0; r < lesson->nrecords; r++)
        n += lesson->records[r].nasks;
    bool asked = n > 0;
    if (!asked)
        n = lesson->nrecords;
    QuizCell *cells = calloc((size_t)n + 1, sizeof *cells);
    *count = 0;
    for (int r = 0; cells && r < lesson->nrecords; r++) {
        const Record *rec = &lesson->records[r];
        if (asked) {
            for (int k = 0; k < rec->nasks; k++)
                cells[(*count)++] = (QuizCell){r, rec->asks[k].slot, rec->asks[k].i, rec->asks[k].j};
        } else if (rec->kind == REC_VALUE && !copies(rec->op) && rec->noutputs > 0 &&
                   rec->outputs[0].m.rows > 0 && rec->outputs[0].m.cols > 0) {
            int i = rec->outputs[0].m.rows > 1 ? 1 : 0;
            if (quiz_terms(rec, 0, i, 0) <= QUIZ_MAX_TERMS)
                cells[(*count)++] = (QuizCell){r, 0, i, 0};
        }
    }
    return cells;
}

bool quiz_hides(const Lesson *lesson, QuizCell q, int record, int slot, int i, int j) {
    if (q.record != record || q.slot != slot || q.i != i)
        return false;
    OpKind op = lesson->records[record].op;
    return q.j == j || op == OPX_SOFTMAX || op == OPX_LAYERNORM || op == OPX_RMSNORM;
}

void quiz_cell_name(const Lesson *lesson, QuizCell cell, char *buf, size_t size) {
    const Record *rec = &lesson->records[cell.record];
    snprintf(buf, size, "%s[%d][%d]", rec->outputs[cell.slot].name, cell.i, cell.j);
}


static bool cell_value(const Lesson *l, QuizCell c, float *v) {
    if (c.record >= l->nrecords)
        return false;
    const Record *rec = &l->records[c.record];
    if (c.slot >= rec->noutputs)
        return false;
    const Matrix *m = &rec->outputs[c.slot].m;
    if (c.i >= m->rows || c.j >= m->cols)
        return false;
    *v = mat_get(m, c.i, c.j);
    return true;
}

QuizResult quiz_check(const LoadedLesson *ll, const InterpOptions *opt, QuizCell cell, const char *answer) {
    QuizResult r = {0};
    /* read like the lesson language: −1.16, -inf, ∞ and 1/3 are numbers */
    int digits;
    if (!number_read(answer, ll->diags.lang, &r.typed, &digits, r.why, sizeof r.why) || !cell_value(&ll->lesson, cell, &r.actual))
        return r;
    r.valid = true;
    r.tolerance = expect_tolerance(digits, r.typed);
    /* -inf for a masked score is an answer too */
    r.correct = fabsf(r.actual - r.typed) <= r.tolerance || (isinf(r.actual) && r.actual == r.typed);
    if (r.correct)
        return r;
    /* which usual mistake gives the typed number? re-run as if made (the
     * re-runs together do at most one run's work) */
    double work_left = opt && opt->work > 0 && opt->work < INTERP_MAX_TOTAL_WORK ? opt->work : INTERP_MAX_TOTAL_WORK;
    for (int k = 1; k < MISTAKE_COUNT && !r.explanation && work_left > 0; k++) {
        Lesson scratch = {0};
        Diags quiet = {0};
        InterpOptions o = opt ? *opt : (InterpOptions){0};
        o.mistake = (Mistake)k;
        /* the re-run lives next to the lesson: it gets what that one left */
        long left = INTERP_MAX_KEPT - ll->lesson.numbers;
        o.budget = left > 0 ? left : -1;
        o.work = work_left;
        interp_run(&ll->prog, &ll->src, &o, &scratch, &quiet);
        work_left -= scratch.work;
        float v;
        if (cell_value(&scratch, cell, &v) && fabsf(v - r.typed) <= r.tolerance && fabsf(v - r.actual) > r.tolerance)
            r.explanation = mistake_explain((Mistake)k, ll->lesson.language, &ll->lesson.records[cell.record]);
        lesson_free(&scratch);
        diags_free(&quiet);
    }
    /* the cell across the diagonal? */
    const Matrix *m = &ll->lesson.records[cell.record].outputs[cell.slot].m;
    if (!r.explanation && cell.j < m->rows && cell.i < m->cols && cell.i != cell.j &&
        fabsf(mat_get(m, cell.j, cell.i) - r.typed) <= r.tolerance) {
        r.explanation = strdup(msg_text(msg_lang(ll->lesson.language), MSG_QUIZ_ACROSS_DIAGONAL));
    }
    return r;
}

void quiz_result_free(QuizResult *r) {
    free(r->explanation);
    *r = (QuizResult){0};
}
