/* expect.c - `expect ACTUAL == EXPECTED [within TOL]`: compare a computed
 * value with one written by hand, to the precision it was written in, and
 * when it does not match, find the usual mistake that explains it by
 * re-running the lesson as if that mistake had been made.
 *
 * Tolerance (docs/lesson-language.md): a number written with d decimals is
 * checked to half a unit in its last place, 0.5 * 10^-d (0.237 is checked
 * to ±0.0005; 1.5e-3 has 4 decimals); a number written without a point is
 * compared to 1e-5 relative; a computed expected value too. `within TOL`
 * sets one absolute tolerance for every element.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lang/interp_internal.h"

/* collect the written decimals of each element of a literal, row-major;
 * returns the count, or -1 when the expected value is not a literal */
static int literal_digits(const Expr *e, int *digits, int cap, int n) {
    if (e->kind == E_NEG)
        return literal_digits(e->lhs, digits, cap, n);
    if (e->kind == E_NUMBER) {
        if (n < cap)
            digits[n] = e->digits;
        return n + 1;
    }
    if (e->kind == E_LIST) {
        for (int k = 0; k < e->nitems && n >= 0; k++)
            n = literal_digits(e->items[k], digits, cap, n);
        return n;
    }
    return -1;
}

float expect_tolerance(int digits, float expected) {
    float slack = 1e-6f * fabsf(expected);
    if (digits == DIGITS_NONE)
        return 1e-5f * (fabsf(expected) > 1.0f ? fabsf(expected) : 1.0f);
    return 0.5f * powf(10.0f, (float)-digits) + slack;
}

/* does `actual` match `expected` within `tol`? NaN never matches */
static bool matches(const Matrix *actual, const Matrix *expected, const Matrix *tol, int *wi, int *wj) {
    bool ok = mat_same_shape(actual, expected);
    double worst = -1;
    for (int i = 0; ok && i < actual->rows; i++)
        for (int j = 0; j < actual->cols; j++) {
            float a = mat_get(actual, i, j), e = mat_get(expected, i, j), t = mat_get(tol, i, j);
            double over = isinf(a) && a == e ? -1.0 : fabs((double)a - (double)e) - (double)t;
            if (isnan(over))
                over = (double)INFINITY;
            if (over > worst) {
                worst = over;
                if (wi)
                    *wi = i, *wj = j;
            }
        }
    return ok && worst <= 0.0;
}

static void probes_push(Probes *p, const Stmt *s, int record) {
    if (p->count == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 8;
        Probe *items = realloc(p->items, (size_t)p->cap * sizeof *items);
        if (!items)
            abort();
        p->items = items;
    }
    p->items[p->count++] = (Probe){.stmt = s, .record = record};
}

static Probe *probe_for(Probes *p, const Stmt *s) {
    for (int k = 0; k < p->count; k++)
        if (p->items[k].stmt == s)
            return &p->items[k];
    return NULL;
}

/* the transpose check needs no re-run */
static char *transposed(const Interp *in, const ExpectResult *r) {
    const Matrix *actual = &r->actual, *expected = &r->expected;
    if (!(actual->rows == expected->cols && actual->cols == expected->rows && actual->rows > 1 && actual->cols > 1))
        return NULL;
    Matrix t = {0};
    if (!mat_alloc(&t, actual->cols, actual->rows, NULL))
        return NULL;
    mat_transpose(&t, actual);
    bool hit = matches(&t, expected, &r->tolerance, NULL, NULL);
    mat_free(&t);
    if (!hit)
        return NULL;
    return strdup(msg_text(msg_lang(in->out->language), MSG_MISTAKE_TRANSPOSE));
}

/* expect_diagnose: for every expect that failed in this (main) run, find
 * the usual mistake that gives the expected value: the lesson is re-run
 * once per mistake, collecting the left sides of all of them at once, so
 * the cost does not grow with the number of failed expects. */
void expect_diagnose(Interp *in, const Program *prog) {
    Probes *p = in->pending;
    if (!p)
        return;
    double work_left = in->work_limit; /* the re-runs' together: one run's */
    for (int k = 1; k < MISTAKE_COUNT && work_left > 0; k++) {
        bool open = false;
        for (int q = 0; q < p->count; q++)
            open = open || !in->out->records[p->items[q].record].expect->explanation;
        if (!open)
            break;
        Lesson scratch = {0};
        Diags quiet = {0};
        InterpOptions o = in->opt;
        o.mistake = (Mistake)k;
        /* the re-run lives next to this run: it gets what this one left */
        o.budget = in->budget - in->kept > 0 ? in->budget - in->kept : -1;
        o.probes = p;
        o.work = work_left;
        p->filled = 0;
        interp_run(prog, in->src, &o, &scratch, &quiet);
        work_left -= scratch.work;
        for (int q = 0; q < p->count; q++) {
            Probe *pr = &p->items[q];
            ExpectResult *r = in->out->records[pr->record].expect;
            bool hit = !r->explanation && pr->value.data && mat_same_shape(&pr->value, &r->expected) &&
                       !matches(&pr->value, &r->actual, &r->tolerance, NULL, NULL) &&
                       matches(&pr->value, &r->expected, &r->tolerance, NULL, NULL);
            if (hit)
                r->explanation = mistake_explain((Mistake)k, in->out->language, &in->out->records[pr->record]);
            mat_free(&pr->value);
        }
        lesson_free(&scratch);
        diags_free(&quiet);
    }
    for (int q = 0; q < p->count; q++) {
        ExpectResult *r = in->out->records[p->items[q].record].expect;
        if (!r->explanation)
            r->explanation = transposed(in, r);
    }
    free(p->items);
    free(p);
    in->pending = NULL;
}

static long numbers(const Matrix *m) { return (long)m->rows * m->cols; }

/* a matrix the statement holds, counted against the run's memory */
static bool hold(Interp *in, const Matrix *m, long *held) {
    interp_hold(in, numbers(m));
    *held += numbers(m);
    return true;
}

/* collect_probe: in a diagnosis re-run, only the listed expects' left
 * sides, which outlive the re-run's lesson (kept) */
static void collect_probe(Interp *in, const Stmt *s) {
    Probe *pr = probe_for(in->opt.probes, s);
    if (!pr || !eval_expr(in, s->expr, &pr->value, NULL))
        return;
    if (!interp_keep(in, numbers(&pr->value), s->pos, s->span)) {
        mat_free(&pr->value);
        return;
    }
    if (++in->opt.probes->filled == in->opt.probes->count)
        in->stop = true;
}

/* as_shape_of: a row and a column of the same length compare as vectors,
 * so *expected takes actual's shape */
static bool as_shape_of(const Matrix *actual, Matrix *expected) {
    if (mat_same_shape(actual, expected) || (actual->rows != 1 && actual->cols != 1) ||
        (expected->rows != 1 && expected->cols != 1) || actual->rows * actual->cols != expected->rows * expected->cols)
        return true;
    Matrix t = {0};
    bool ok = mat_alloc(&t, actual->rows, actual->cols, NULL);
    for (int k = 0; ok && k < actual->rows * actual->cols; k++)
        mat_set(&t, k / actual->cols, k % actual->cols, mat_get(expected, k / expected->cols, k % expected->cols));
    mat_free(expected);
    *expected = t;
    return ok;
}

/* tolerances: each cell's, from `within` or from the digits written */
static bool tolerances(Interp *in, const Stmt *s, const Matrix *expected, Matrix *tol) {
    bool ok = true;
    if (s->tolerance) {
        Matrix t = {0};
        ok = eval_expr(in, s->tolerance, &t, NULL);
        if (ok && (t.rows != 1 || t.cols != 1 || !(mat_get(&t, 0, 0) >= 0.0f)))
            ok = interp_error(in, s->tolerance->pos, s->tolerance->span, NULL, MSG_TOLERANCE);
        for (int i = 0; ok && i < tol->rows; i++)
            for (int j = 0; j < tol->cols; j++)
                mat_set(tol, i, j, mat_get(&t, 0, 0));
        mat_free(&t);
        return ok;
    }
    int n = tol->rows * tol->cols;
    int *digits = calloc((size_t)n, sizeof *digits);
    int found = digits ? literal_digits(s->expected, digits, n, 0) : -1;
    for (int k = 0; k < n; k++) {
        int i = k / tol->cols, j = k % tol->cols;
        mat_set(tol, i, j, expect_tolerance(found == n ? digits[k] : DIGITS_NONE, mat_get(expected, i, j)));
    }
    free(digits);
    return true;
}

/* is the expected side numbers written out, one per cell (their digits
 * set the tolerance), rather than a value computed by the lesson? */
static bool written_out(const Stmt *s, int n) {
    int *digits = calloc((size_t)n, sizeof *digits);
    bool all = digits && literal_digits(s->expected, digits, n, 0) == n;
    free(digits);
    return all;
}

/* record_expect: the verdict and its record, which takes actual, expected
 * and tol; a failed one is listed for diagnosis after the run. It shows A
 * (its output, after the operands that computed it: none when A is a
 * name or a value written out, which would only show A again) and B, its
 * last input; axes[0] are A's axes, axes[1] B's */
static void record_expect(Interp *in, const Stmt *s, Record *rec, Trace *tr, Matrix *actual, Matrix *expected,
                          Matrix *tol, Axis axes[2][2]) {
    ExpectResult *r = calloc(1, sizeof *r);
    if (!r)
        abort();
    bool match = matches(actual, expected, tol, &r->worst_i, &r->worst_j);
    r->passed = s->negated ? !match : match;
    r->matched = match;
    r->within = s->tolerance != NULL;
    r->computed = !r->within && !written_out(s, tol->rows * tol->cols);
    r->expected_input = -1;
    if (tr->op == OPX_VALUE)
        eval_trace_free(in, tr);
    interp_record_from_trace(in, rec, tr);
    if (!match && in->opt.mistake == MISTAKE_NONE) {
        if (!in->pending && !(in->pending = calloc(1, sizeof *in->pending)))
            abort();
        probes_push(in->pending, s, (int)(rec - in->out->records));
    }
    char name[MLIST_NAME_MAX];
    eval_expr_text(in, s->expr, name, sizeof name);
    if (interp_slot_add(in, &rec->outputs, &rec->noutputs, name, -1, actual))
        memcpy(rec->outputs[rec->noutputs - 1].axis, axes[0], sizeof axes[0]);
    r->actual = *actual, r->expected = *expected, r->tolerance = *tol;
    *actual = *expected = *tol = (Matrix){0};
    /* B: a view of the verdict's expected value, which the record owns
     * (already counted) */
    eval_expr_text(in, s->expected, name, sizeof name);
    if (interp_slot_ref(in, &rec->inputs, &rec->ninputs, name, -1, &r->expected)) {
        r->expected_input = rec->ninputs - 1;
        memcpy(rec->inputs[r->expected_input].axis, axes[1], sizeof axes[1]);
    }
    rec->expect = r;
    in->out->expects_total++;
    if (!r->passed)
        in->out->expects_failed++;
}

bool expect_run(Interp *in, const Stmt *s) {
    if (in->opt.probes) {
        collect_probe(in, s);
        return true;
    }
    Matrix actual = {0}, expected = {0}, tol = {0};
    Trace tr = {.op = OPX_VALUE};
    long held = 0; /* numbers this statement holds (interp_hold) */
    if (!eval_expr(in, s->expr, &actual, &tr)) {
        eval_trace_free(in, &tr);
        return false;
    }
    Axis axes[2][2] = {{in->axes[0], in->axes[1]}}; /* A's, then B's */
    hold(in, &actual, &held);
    bool ok = eval_expr(in, s->expected, &expected, NULL) && hold(in, &expected, &held);
    if (ok)
        axes[1][0] = in->axes[0], axes[1][1] = in->axes[1];
    int written_rows = expected.rows;
    ok = ok && as_shape_of(&actual, &expected);
    if (ok && expected.rows != written_rows) /* a row read as a column, or back: its axes turn too */
        axes[1][0] = axes[1][1], axes[1][1] = (Axis){0};
    if (ok && !mat_same_shape(&actual, &expected)) {
        char text[64];
        eval_expr_text(in, s->expr, text, sizeof text);
        ok = interp_error(in, s->expected->pos, s->expected->span, NULL,
                      MSG_SHAPE_VS_EXPECTED, text, actual.rows, actual.cols,
                      expected.rows, expected.cols);
    }
    ok = ok && interp_fits(in, numbers(&actual), s->pos, s->span) && mat_alloc(&tol, actual.rows, actual.cols, NULL) &&
         hold(in, &tol, &held) && tolerances(in, s, &expected, &tol);
    /* actual, expected and tolerance stay with the record: kept */
    interp_hold(in, -held);
    held = 0;
    ok = ok && interp_keep(in, 3 * numbers(&actual), s->pos, s->span);
    Record *rec = ok ? interp_record_new(in, REC_EXPECT, STAGE_NONE, s->pos) : NULL;
    if (rec)
        record_expect(in, s, rec, &tr, &actual, &expected, &tol, axes);
    eval_trace_free(in, &tr);
    mat_free(&actual), mat_free(&expected), mat_free(&tol);
    return ok;
}
