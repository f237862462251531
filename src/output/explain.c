/* explain.c - the arithmetic behind one output cell, replayed from what a
 * record keeps (lesson.h): the operation, the input matrices and the
 * parameters (divisor, mask value, layer-norm convention, ...).
 *
 * Every explanation starts with a headline, one line that ends with the
 * cell's value as the matrix shows it:
 *
 *   S_h0[1][2] = q(love)·k(cats) = 0.50×1.00 + (−1.00)×0.25 = 0.25
 *
 * When the whole sum does not fit in the width the caller gives (a pane's) the
 * headline keeps the formula and the result, and the numbers follow on
 * continuation lines that start with spaces. Further lines give what the
 * cell needs besides: the row's maximum and exponentials of a softmax,
 * the mean and variance of a layer norm, why a cell is masked, ... The
 * result printed is always the stored value, so the text agrees with the
 * matrix digit for digit (mtext_format's digits, written with a real
 * minus sign −, and -inf as the matrices print it); the intermediate numbers are recomputed here.
 * Words follow the lesson's language, en or zh.
 */
#include "output/explain.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/explain_internal.h"
#include "output/matrix_text.h"
#include "util/utf8.h"

/* ---- softmax ---------------------------------------------------------------------------- */

/* the softmax of one row, as the scalar kernel computes it */
typedef struct RowSoftmax {
    const float *x;
    int n;
    float max, sum;
    bool nan;
    int pos_inf; /* how many +∞ */
} RowSoftmax;

static RowSoftmax row_softmax(const Matrix *m, int r) {
    RowSoftmax s = {.x = mat_row(m, r), .n = m->cols, .max = -INFINITY};
    for (int k = 0; k < s.n; k++) {
        if (isnan(s.x[k]))
            s.nan = true;
        else if (s.x[k] > s.max)
            s.max = s.x[k];
        s.pos_inf += s.x[k] == INFINITY;
    }
    if (!s.nan && isfinite(s.max))
        for (int k = 0; k < s.n; k++)
            s.sum += expf(s.x[k] - s.max);
    return s;
}

static Num exp_term(const Ctx *c, const void *arg, int k) {
    const RowSoftmax *s = arg;
    return ex_num(c, expf(s->x[k] - s->max));
}

/* one line per exponential: "  exp(0.50 − 1.00) = 0.61" */
static void exp_lines(Ctx *c, const RowSoftmax *s) {
    for (int k = 0; k < s->n; k++) {
        bool shown = s->n <= LONG_SUM || k < SHOW_HEAD || k >= s->n - SHOW_TAIL || k == c->j;
        if (!shown) {
            if (k == SHOW_HEAD || k == c->j + 1)
                ex_line(c, "  ", "    ", "…");
            continue;
        }
        char s1[256];
        ex_textf(s1, sizeof s1, "exp(%s − %s) = %s%s", ex_num(c, s->x[k]).s, ex_factor(c, s->max).s,
              ex_num(c, expf(s->x[k] - s->max)).s, k == c->j ? ex_msg(c, MSG_EX_THIS_CELL) : "");
        ex_line(c, "  ", "    ", s1);
    }
}

/* OPX_SOFTMAX: A_h = softmax(T_h) row by row, and the user's softmax();
 * the edge cases are the kernel's (kernels.h) */
static bool explain_softmax(Ctx *c) {
    int a = ex_in(c, 0);
    if (a < 0 || c->i >= mat(c, a)->rows || c->j >= mat(c, a)->cols)
        return false;
    const Matrix *T = mat(c, a);
    RowSoftmax s = row_softmax(T, c->i);
    Name row = ex_row_of(c, a, c->i);
    ex_highlight(c, a, c->i, -1);
    if (s.nan) {
        ex_equation(c, NULL, NULL);
        ex_note_msg(c, MSG_EX_ROW_NAN, row.s);
        return true;
    }
    if (s.max == -INFINITY) {
        ex_equation(c, NULL, NULL);
        ex_note_msg(c, MSG_EX_ROW_ALL_MASKED, row.s);
        return true;
    }
    if (s.max == INFINITY) {
        char ex[64];
        ex_textf(ex, sizeof ex, "1 / %d", s.pos_inf);
        ex_equation(c, NULL, mat_get(T, c->i, c->j) == INFINITY ? ex : NULL);
        ex_note_msg(c, MSG_EX_ROW_INF, s.pos_inf, row.s);
        return true;
    }
    Name ref = ex_operand(c, a, c->i, c->j);
    char sym[240], ex[160];
    ex_textf(sym, sizeof sym, "exp(%s − max) / Σ", ref.s);
    ex_textf(ex, sizeof ex, "%s / %s", ex_num(c, expf(s.x[c->j] - s.max)).s, ex_num(c, s.sum).s);
    ex_equation(c, sym, ex);
    ex_note_msg(c, MSG_EX_SOFTMAX_MAX, ex_num(c, s.max).s, row.s);
    exp_lines(c, &s);
    Buf sum = {0};
    ex_buf_add(&sum, ex_msg(c, MSG_EX_SIGMA_SUM));
    ex_terms(c, &sum, s.n, exp_term, &s, " + ");
    ex_buf_printf(&sum, " = %s", ex_num(c, s.sum).s);
    ex_line(c, "", "    ", ex_buf_str(&sum));
    free(sum.s);
    ex_count_note(c, s.n);
    ex_note_msg(c, MSG_EX_ROWS_SUM_TO_1, c->out->name);
    return true;
}

/* ---- layer norm and the row statistics ------------------------------------------------ */

typedef struct RowStats {
    const float *x;
    int n, divisor;
    float mean, sum, sq, var;
} RowStats;

/* the mean and variance of a row, as the scalar kernel sums them: in
 * double, rounded once */
static RowStats row_stats(const Matrix *m, int r, LnVariance variance) {
    RowStats s = {.x = mat_row(m, r), .n = m->cols};
    double sum = 0.0, sq = 0.0;
    for (int k = 0; k < s.n; k++)
        sum += (double)s.x[k];
    double mean = s.n > 0 ? sum / s.n : 0.0;
    for (int k = 0; k < s.n; k++)
        sq += ((double)s.x[k] - mean) * ((double)s.x[k] - mean);
    s.divisor = variance == LN_VAR_SAMPLE ? s.n - 1 : s.n;
    s.sum = (float)sum, s.mean = (float)mean, s.sq = (float)sq;
    s.var = s.divisor > 0 ? (float)(sq / s.divisor) : 0.0f;
    return s;
}

/* x_k in a sum: negative terms after the first in parentheses */
static Num value_term(const Ctx *c, const void *arg, int k) {
    float v = ((const RowStats *)arg)->x[k];
    return k ? ex_factor(c, v) : ex_num(c, v);
}

static Num square_term(const Ctx *c, const void *arg, int k) {
    const RowStats *s = arg;
    Num t;
    ex_textf(t.s, sizeof t.s, "%s²", ex_factor(c, s->x[k] - s->mean).s);
    return t;
}

/* "μ = (1 + 2 + 3 + 4) / 4 = 2.5" */
static void mean_line(Ctx *c, const RowStats *s) {
    Buf b = {0};
    ex_buf_add(&b, ex_msg(c, MSG_EX_MU));
    ex_terms(c, &b, s->n, value_term, s, " + ");
    ex_buf_printf(&b, ") / %d = %s", s->n, ex_num(c, s->mean).s);
    ex_line(c, "", "    ", ex_buf_str(&b));
    free(b.s);
}

/* "σ² = ((−1.5)² + ...) / 4 = 1.25" and what it divides by: d, the
 * number of features in the row (n is the number of tokens) */
static void variance_lines(Ctx *c, const RowStats *s, LnVariance variance) {
    Buf b = {0};
    ex_buf_add(&b, ex_msg(c, MSG_EX_SIGMA2));
    ex_terms(c, &b, s->n, square_term, s, " + ");
    ex_buf_printf(&b, ") / %d = %s", s->divisor, ex_num(c, s->var).s);
    ex_line(c, "", "    ", ex_buf_str(&b));
    free(b.s);
    ex_count_note(c, s->n);
    if (variance == LN_VAR_SAMPLE)
        ex_note_msg(c, MSG_EX_VAR_SAMPLE, s->divisor);
    else
        ex_note_msg(c, MSG_EX_VAR_POPULATION, s->divisor);
}

/* OPX_LAYERNORM: Y = LayerNorm(R) in the last stage and layernorm();
 * inputs x [, gamma [, beta]] */
static bool explain_layernorm(Ctx *c) {
    int a = ex_in(c, 0), g = ex_in(c, 1), b = ex_in(c, 2);
    if (a < 0 || c->i >= mat(c, a)->rows || c->j >= mat(c, a)->cols)
        return false;
    if (g >= 0 && (mat(c, g)->rows < 1 || c->j >= mat(c, g)->cols))
        g = -1;
    if (b >= 0 && (mat(c, b)->rows < 1 || c->j >= mat(c, b)->cols))
        b = -1;
    LnConvention conv = c->rec->ln;
    RowStats s = row_stats(mat(c, a), c->i, conv.variance);
    float x = at(c, a, c->i, c->j), gamma = g >= 0 ? at(c, g, 0, c->j) : 1.0f,
          beta = b >= 0 ? at(c, b, 0, c->j) : 0.0f;
    bool inside = conv.eps_place == LN_EPS_INSIDE;
    float denom = inside ? sqrtf(s.var + conv.eps) : sqrtf(s.var) + conv.eps;
    Name ref = ex_operand(c, a, c->i, c->j);
    char gname[100] = "γ", bname[100] = "β";
    if (g >= 0)
        ex_textf(gname, sizeof gname, "γ[%d]", c->j);
    if (b >= 0)
        ex_textf(bname, sizeof bname, "β[%d]", c->j);
    bool affine = g >= 0 || b >= 0;
    ex_highlight(c, a, c->i, -1);
    ex_highlight(c, g, 0, c->j);
    ex_highlight(c, b, 0, c->j);

    if (s.var == 0.0f) {
        ex_equation(c, b >= 0 ? bname : NULL, NULL);
        mean_line(c, &s);
        ex_note_msg(c, MSG_EX_LN_CONSTANT_ROW, ex_row_of(c, a, c->i).s,
             ex_num(c, beta).s);
        return true;
    }
    char sym[400], ex[300];
    const char *root = inside ? "√(σ² + ε)" : "(σ + ε)";
    if (affine) {
        ex_textf(sym, sizeof sym, "%s·(%s − μ)/%s + %s", gname, ref.s, root, bname);
        ex_textf(ex, sizeof ex, "%s×(%s − %s)/%s + %s", ex_factor(c, gamma).s, ex_num(c, x).s, ex_factor(c, s.mean).s,
              ex_num(c, denom).s, ex_factor(c, beta).s);
    } else {
        ex_textf(sym, sizeof sym, "(%s − μ)/%s", ref.s, root);
        ex_textf(ex, sizeof ex, "(%s − %s)/%s", ex_num(c, x).s, ex_factor(c, s.mean).s, ex_num(c, denom).s);
    }
    ex_equation(c, sym, ex);
    ex_note_msg(c, MSG_EX_MEAN_VAR_OF, ex_row_of(c, a, c->i).s);
    mean_line(c, &s);
    variance_lines(c, &s, conv.variance);
    if (inside)
        ex_note_msg(c, MSG_EX_EPS_INSIDE, ex_small(conv.eps).s, ex_num(c, s.var).s,
             ex_small(conv.eps).s, ex_num(c, denom).s);
    else
        ex_note_msg(c, MSG_EX_EPS_OUTSIDE, ex_small(conv.eps).s, ex_num(c, s.var).s,
             ex_small(conv.eps).s, ex_num(c, denom).s);
    if (!affine)
        ex_note(c, "%s", ex_msg(c, MSG_EX_NO_GAMMA_BETA));
    else
        ex_note_msg(c, MSG_EX_GAMMA_BETA, gname,
             ex_num(c, gamma).s, g >= 0 ? slot(c, g)->name : "1", bname, ex_num(c, beta).s,
             b >= 0 ? slot(c, b)->name : "0");
    return true;
}

/* OPX_MEAN, OPX_VAR, OPX_STD, OPX_SUM, OPX_MAX, OPX_MIN: mean(), var(),
 * std(), sum(), max(), min() of a row, into an n×1 column */
static bool explain_row_stat(Ctx *c) {
    int a = ex_in(c, 0);
    if (a < 0 || c->i >= mat(c, a)->rows || mat(c, a)->cols < 1)
        return false;
    OpKind op = c->rec->op;
    RowStats s = row_stats(mat(c, a), c->i, c->rec->ln.variance);
    Name row = ex_row_of(c, a, c->i);
    ex_highlight(c, a, c->i, -1);
    Buf ex = {0};
    char sym[200];
    if (op == OPX_MAX || op == OPX_MIN) {
        ex_buf_printf(&ex, "%s(", op == OPX_MAX ? "max" : "min");
        ex_terms(c, &ex, s.n, value_term, &s, ", ");
        ex_buf_add(&ex, ")");
        ex_equation(c, NULL, ex_buf_str(&ex));
        ex_count_note(c, s.n);
        if (op == OPX_MAX)
            ex_note_msg(c, MSG_EX_MAX_OF, row.s);
        else
            ex_note_msg(c, MSG_EX_MIN_OF, row.s);
    } else if (op == OPX_SUM) {
        ex_terms(c, &ex, s.n, value_term, &s, " + ");
        ex_equation(c, NULL, ex_buf_str(&ex));
        ex_count_note(c, s.n);
        ex_note_msg(c, MSG_EX_SUM_OF, row.s);
    } else if (op == OPX_MEAN) {
        ex_buf_printf(&ex, "%s / %d", ex_num(c, s.sum).s, s.n);
        ex_equation(c, "Σx / n", ex_buf_str(&ex));
        ex.len = 0;
        ex_buf_add(&ex, "Σx = ");
        ex_terms(c, &ex, s.n, value_term, &s, " + ");
        ex_buf_printf(&ex, " = %s", ex_num(c, s.sum).s);
        ex_line(c, "", "    ", ex_buf_str(&ex));
        ex_count_note(c, s.n);
        ex_note_msg(c, MSG_EX_MEAN_OF, row.s);
    } else {
        const char *by = c->rec->ln.variance == LN_VAR_SAMPLE ? "(n − 1)" : "n";
        if (op == OPX_VAR) {
            ex_textf(sym, sizeof sym, "Σ(x − μ)² / %s", by);
            ex_buf_printf(&ex, "%s / %d", ex_num(c, s.sq).s, s.divisor);
        } else {
            ex_textf(sym, sizeof sym, "√(Σ(x − μ)² / %s)", by);
            ex_buf_printf(&ex, "√(%s / %d)", ex_num(c, s.sq).s, s.divisor);
        }
        ex_equation(c, sym, ex_buf_str(&ex));
        ex_note_msg(c, MSG_EX_MEAN_VAR_OF, row.s);
        mean_line(c, &s);
        variance_lines(c, &s, c->rec->ln.variance);
    }
    free(ex.s);
    return true;
}

/* ---- expect ---------------------------------------------------------------------------- */

/* REC_EXPECT: after the arithmetic, the number written by hand */
static void expect_note(Ctx *c) {
    const ExpectResult *r = c->rec->expect;
    if (!r || c->i >= r->expected.rows || c->j >= r->expected.cols || c->i >= r->tolerance.rows ||
        c->j >= r->tolerance.cols)
        return;
    float e = mat_get(&r->expected, c->i, c->j), t = mat_get(&r->tolerance, c->i, c->j);
    bool ok = (isinf(c->value) && c->value == e) || fabsf(c->value - e) <= t;
    ex_note_msg(c, MSG_EX_EXPECTED, ex_small(e).s, (double)t, ex_msg(c, ok ? MSG_EX_MATCHES : MSG_EX_DIFFERS));
}

/* ---- the entry point --------------------------------------------------------------------- */

/* the explain column of stages.def: how a cell of each stage's records is
 * explained */
typedef bool (*ExplainFn)(Ctx *c);
static const ExplainFn by_stage[STAGE_COUNT] = {
#define STAGE(ID, name, zh, outputs, inputs, op, explain, ...) [STAGE_##ID] = explain,
#include "attention/stages.def"
#undef STAGE
};

/* a statement the learner wrote: by its operation */
static bool by_op(Ctx *c) {
    switch (c->rec->op) {
    case OPX_VALUE: explain_value(c); return true;
    case OPX_ADD:
    case OPX_SUB:
    case OPX_MUL:
    case OPX_DIV:
    case OPX_POW: return explain_elementwise(c);
    case OPX_NEG: return explain_neg(c);
    case OPX_MATMUL: return explain_matmul(c);
    case OPX_MATMUL_BT: return explain_scores(c);
    case OPX_TRANSPOSE: return explain_transpose(c);
    case OPX_INDEX: return explain_index(c);
    case OPX_SOFTMAX: return explain_softmax(c);
    case OPX_LAYERNORM: return explain_layernorm(c);
    case OPX_SQRT:
    case OPX_EXP:
    case OPX_LOG:
    case OPX_SIN:
    case OPX_COS:
    case OPX_ABS:
    case OPX_RELU:
    case OPX_GELU:
    case OPX_GELU_TANH: return explain_map(c);
    case OPX_MEAN:
    case OPX_VAR:
    case OPX_STD:
    case OPX_SUM:
    case OPX_MAX:
    case OPX_MIN: return explain_row_stat(c);
    case OPX_SHAPE: return explain_shape(c);
    case OPX_TOTAL: return explain_total(c);
    case OPX_RESHAPE: return explain_reshape(c);
    case OPX_HEAD: return explain_head(c);
    case OPX_CONCAT: return explain_concat(c);
    case OPX_STACK: return explain_stack(c);
    case OPX_MASK: return explain_mask(c);
    case OPX_POSITIONS: return explain_positions(c);
    case OPX_SCALE: return explain_scale(c);
    case OPX_ROPE: return explain_rope(c);
    case OPX_RMSNORM: return explain_rmsnorm(c);
    case OPX_SILU:
    case OPX_SWIGLU: return explain_gate(c);
    }
    return false;
}

static bool dispatch(Ctx *c) {
    Stage stage = c->rec->stage;
    if (stage > STAGE_NONE && stage < STAGE_COUNT && by_stage[stage])
        return by_stage[stage](c);
    return by_op(c);
}

bool explain_cell(const Lesson *lesson, const Record *rec, int slot_index, int i, int j, int precision, int width,
                  Explanation *out) {
    *out = (Explanation){0};
    if (!rec || rec->kind == REC_TEXT || slot_index < 0 || slot_index >= rec->noutputs)
        return false;
    const Slot *s = &rec->outputs[slot_index];
    if (i < 0 || j < 0 || i >= s->m.rows || j >= s->m.cols)
        return false;
    /* an expect's operation is its left side's: the expected side, shown
     * as its last input, is no operand of it */
    Record left;
    if (rec->kind == REC_EXPECT && rec->expect && rec->expect->expected_input >= 0) {
        left = *rec;
        left.ninputs = rec->expect->expected_input;
        rec = &left;
    }
    int prec = precision < 0 ? 0 : precision > 9 ? 9 : precision;
    Ctx c = {.lesson = lesson,
             .rec = rec,
             .out = s,
             .i = i,
             .j = j,
             .prec = prec,
             .width = width <= 0 ? EXPLAIN_WIDTH
                      : width < EXPLAIN_MIN_WIDTH ? EXPLAIN_MIN_WIDTH
                      : width > EXPLAIN_MAX_WIDTH ? EXPLAIN_MAX_WIDTH : width,
             .zh = lesson_is_zh(lesson),
             .value = mat_get(&s->m, i, j),
             .e = out};
    if (!dispatch(&c)) {
        /* the record lacks what the operation needs (a matrix too large to
         * keep, say): the value alone */
        free(c.text.s);
        c.text = (Buf){0};
        out->nhighlights = 0;
        ex_equation(&c, NULL, NULL);
    }
    if (c.rounded)
        ex_note_msg(&c, MSG_EX_ROUNDED);
    if (rec->kind == REC_EXPECT)
        expect_note(&c);
    out->text = c.text.s ? c.text.s : strdup("");
    return true;
}

void explain_free(Explanation *e) {
    if (!e)
        return;
    free(e->text);
    *e = (Explanation){0};
}
