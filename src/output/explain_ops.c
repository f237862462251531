/* explain_ops.c - the explanations of values, element-wise operators,
 * matrix products and scores, scaling and masks, and the one-cell-from-one-
 * cell operations (maps, transpose, index, head split, concat, positions). */
#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attention/pipeline.h"
#include "output/explain_internal.h"
#include "output/matrix_text.h"
#include "util/utf8.h"

/* ---- a value: literal, random, loaded, a copy --------------------------------- */

/* OPX_VALUE: `E = [[...]]`, random, load, eye(): an input of the lesson;
 * with one input (`X = E`, the embeddings without positions) a copy */
void explain_value(Ctx *c) {
    int a = ex_in(c, 0);
    const Matrix *m = a >= 0 ? mat(c, a) : NULL;
    if (!m || m->rows == 0) {
        ex_equation(c, NULL, NULL);
        ex_note(c, "%s",
             ex_msg(c, MSG_EX_INPUT));
        return;
    }
    int r = m->rows == 1 ? 0 : c->i, col = m->cols == 1 ? 0 : c->j;
    if (r >= m->rows || col >= m->cols) {
        ex_equation(c, NULL, NULL);
        return;
    }
    Name ref = ex_operand(c, a, r, col);
    ex_equation(c, ref.s, NULL);
    ex_highlight(c, a, r, col);
    if (strcmp(c->out->name, slot(c, a)->name) == 0)
        ex_note_msg(c, MSG_EX_VALUE_HERE, c->out->name);
    else
        ex_note_msg(c, MSG_EX_COPY, c->out->name,
             slot(c, a)->name);
}

/* ---- element-wise ------------------------------------------------------------- */

/* the input's cell for output cell [i][j] under broadcasting, as eval.c
 * maps it: a 1-row input repeats down, a 1-column input across */
static void broadcast(const Ctx *c, int input, int *r, int *col) {
    const Matrix *m = mat(c, input);
    *r = m->rows == 1 ? 0 : c->i;
    *col = m->cols == 1 ? 0 : c->j;
}

static void broadcast_note(Ctx *c, int input) {
    const Matrix *m = mat(c, input), *o = &c->out->m;
    const char *name = slot(c, input)->name;
    if (m->rows == o->rows && m->cols == o->cols)
        return;
    if (m->rows == 1 && m->cols == 1)
        ex_note_msg(c, MSG_EX_BROADCAST_NUMBER, name);
    else if (m->rows == 1)
        ex_note_msg(c, MSG_EX_BROADCAST_ROW, name, m->cols);
    else
        ex_note_msg(c, MSG_EX_BROADCAST_COL, name, m->rows, c->i);
}

/* OPX_ADD, OPX_SUB, OPX_MUL, OPX_DIV, OPX_POW: user operators, X = E + P in the
 * embeddings stage and R = X + O in the residual stage */
bool explain_elementwise(Ctx *c) {
    static const char *const symbols[] = {"+", "−", "×", "/", "^"};
    int a = ex_in(c, 0), b = ex_in(c, 1);
    if (a < 0 || b < 0)
        return false;
    int ra, ca, rb, cb;
    broadcast(c, a, &ra, &ca);
    broadcast(c, b, &rb, &cb);
    if (ra >= mat(c, a)->rows || ca >= mat(c, a)->cols || rb >= mat(c, b)->rows || cb >= mat(c, b)->cols)
        return false;
    const char *op = symbols[c->rec->op - OPX_ADD];
    bool product = c->rec->op == OPX_MUL || c->rec->op == OPX_DIV;
    float x = at(c, a, ra, ca), y = at(c, b, rb, cb);
    Name na = ex_operand(c, a, ra, ca), nb = ex_operand(c, b, rb, cb);
    char sym[400], expansion[200];
    ex_textf(sym, sizeof sym, "%s %s %s", na.s, op, nb.s);
    ex_textf(expansion, sizeof expansion, "%s %s %s", (product ? ex_factor(c, x) : ex_num(c, x)).s, op,
          ex_factor(c, y).s);
    bool both_literal = ex_is_literal(slot(c, a)->name) && ex_is_literal(slot(c, b)->name);
    ex_equation(c, both_literal ? NULL : sym, expansion);
    ex_highlight(c, a, ra, ca);
    ex_highlight(c, b, rb, cb);
    broadcast_note(c, a);
    broadcast_note(c, b);
    if (stage_flags(c->rec->stage) & SF_NOTE_RESIDUAL)
        ex_note_msg(c, MSG_EX_RESIDUAL, slot(c, a)->name, slot(c, b)->name);
    else if (stage_flags(c->rec->stage) & SF_NOTE_POSITIONS)
        ex_note(c, "%s",
             ex_msg(c, MSG_EX_EMBED_PLUS_POS));
    return true;
}

/* OPX_NEG: -M */
bool explain_neg(Ctx *c) {
    int a = ex_in(c, 0);
    if (a < 0 || c->i >= mat(c, a)->rows || c->j >= mat(c, a)->cols)
        return false;
    Name ref = ex_operand(c, a, c->i, c->j);
    char sym[200], expansion[100];
    ex_textf(sym, sizeof sym, "−%s", ref.s);
    ex_textf(expansion, sizeof expansion, "−(%s)", ex_num(c, at(c, a, c->i, c->j)).s);
    ex_equation(c, sym, expansion);
    ex_highlight(c, a, c->i, c->j);
    return true;
}

/* ---- products -------------------------------------------------------------------- */

typedef struct Dot {
    int a, b; /* inputs */
    int i, j; /* row of a; column of b (or row of b when transposed) */
    bool bt;
} Dot;

static Num dot_term(const Ctx *c, const void *arg, int k) {
    const Dot *d = arg;
    Num x = ex_factor(c, at(c, d->a, d->i, k));
    Num y = ex_factor(c, d->bt ? at(c, d->b, d->j, k) : at(c, d->b, k, d->j));
    Num t;
    ex_textf(t.s, sizeof t.s, "%s×%s", x.s, y.s);
    return t;
}

/* OPX_MATMUL: the projections Q, K, V and O (with the bias as a third
 * input), the weighted sum Z_h = A_h·V_h, and the user's `a @ b` */
bool explain_matmul(Ctx *c) {
    int a = ex_in(c, 0), b = ex_in(c, 1), bias = ex_in(c, 2);
    if (a < 0 || b < 0)
        return false;
    const Matrix *A = mat(c, a), *B = mat(c, b);
    if (A->cols != B->rows || c->i >= A->rows || c->j >= B->cols)
        return false;
    if (bias >= 0 && (mat(c, bias)->rows < 1 || c->j >= mat(c, bias)->cols))
        bias = -1;
    int n = A->cols;
    Dot d = {.a = a, .b = b, .i = c->i, .j = c->j};
    Name rn = ex_row_ref(c, a, c->i), cn = ex_col_ref(c, b, c->j);
    Buf sym = {0}, ex = {0};
    ex_buf_printf(&sym, "%s·%s", rn.s, cn.s);
    ex_terms(c, &ex, n, dot_term, &d, " + ");
    if (bias >= 0) {
        Name bn;
        ex_textf(bn.s, sizeof bn.s, ex_needs_parens(slot(c, bias)->name) ? "(%s)[%d]" : "%s[%d]",
              slot(c, bias)->name, c->j);
        ex_buf_printf(&sym, " + %s", bn.s);
        ex_buf_printf(&ex, " + %s", ex_factor(c, at(c, bias, 0, c->j)).s);
    }
    ex_equation(c, ex_buf_str(&sym), ex_buf_str(&ex));
    free(sym.s), free(ex.s);
    ex_highlight(c, a, c->i, -1);
    ex_highlight(c, b, -1, c->j);
    if (bias >= 0)
        ex_highlight(c, bias, 0, c->j);

    Name rw = ex_cap(ex_row_words(c, slot(c, a), c->i));
    const char *an = slot(c, a)->name, *bn = slot(c, b)->name;
    if (stage_flags(c->rec->stage) & SF_WEIGHTED_SUM) {
        ex_note_msg(c, MSG_EX_WEIGHTED_SUM, rw.s, an, c->j, bn);
    } else {
        ex_note_msg(c, MSG_EX_MATMUL, rw.s, an, c->j, bn, n, bias >= 0 ? ex_msg(c, MSG_EX_PLUS_BIAS) : "",
                    bias >= 0 ? slot(c, bias)->name : "");
    }
    ex_count_note(c, n);
    return true;
}

/* OPX_MATMUL_BT: the scores S_h = Q_h·K_hᵀ; K_h is kept un-transposed, so
 * the key of token j is its row j */
bool explain_scores(Ctx *c) {
    int a = ex_in(c, 0), b = ex_in(c, 1);
    if (a < 0 || b < 0)
        return false;
    const Matrix *A = mat(c, a), *B = mat(c, b);
    if (A->cols != B->cols || c->i >= A->rows || c->j >= B->rows)
        return false;
    int n = A->cols;
    Dot d = {.a = a, .b = b, .i = c->i, .j = c->j, .bt = true};
    Name qn = ex_row_ref(c, a, c->i), kn = ex_row_ref(c, b, c->j);
    Buf sym = {0}, ex = {0};
    ex_buf_printf(&sym, "%s·%s", qn.s, kn.s);
    ex_terms(c, &ex, n, dot_term, &d, " + ");
    ex_equation(c, ex_buf_str(&sym), ex_buf_str(&ex));
    free(sym.s), free(ex.s);
    ex_highlight(c, a, c->i, -1);
    ex_highlight(c, b, c->j, -1);
    Name q = ex_quoted(c, slot(c, a), c->i), k = ex_quoted(c, slot(c, b), c->j);
    ex_note_msg(c, MSG_EX_SCORE, q.s, k.s, q.s, k.s);
    ex_count_note(c, n);
    return true;
}

/* ---- scaling and masking ------------------------------------------------------------ */

/* OPX_SCALE: T_h = S_h / √d_k (rec->divisor is √d_k) */
bool explain_scale(Ctx *c) {
    int a = ex_in(c, 0);
    if (a < 0 || c->i >= mat(c, a)->rows || c->j >= mat(c, a)->cols)
        return false;
    float div = c->rec->divisor;
    long dk = lroundf(div * div);
    char root[64];
    if (dk >= 1 && fabsf(sqrtf((float)dk) - div) <= 1e-5f * div)
        ex_textf(root, sizeof root, "√%ld", dk);
    else
        ex_textf(root, sizeof root, "%s", ex_small(div).s);
    Name ref = ex_operand(c, a, c->i, c->j);
    char sym[200], expansion[160];
    ex_textf(sym, sizeof sym, "%s / √d_k", ref.s);
    ex_textf(expansion, sizeof expansion, "%s / %s", ex_num(c, at(c, a, c->i, c->j)).s, root);
    ex_equation(c, sym, expansion);
    ex_highlight(c, a, c->i, c->j);
    Num dv = ex_num(c, div);
    ex_note_msg(c, MSG_EX_SCALE, dk, root, dv.s);
    return true;
}

/* OPX_MATMUL_BT of the logits stage: logits[0][t] = y · W_E[t], the last
 * token's row against token t's embedding */
bool explain_logits(Ctx *c) {
    int a = ex_in(c, 0), b = ex_in(c, 1);
    if (a < 0 || b < 0)
        return false;
    const Matrix *Y = mat(c, a), *W = mat(c, b);
    if (Y->cols != W->cols || c->i >= Y->rows || c->j >= W->rows)
        return false;
    Dot d = {.a = a, .b = b, .i = c->i, .j = c->j, .bt = true};
    Buf sym = {0}, ex = {0};
    ex_buf_printf(&sym, "y·%s", ex_row_ref(c, b, c->j).s);
    ex_terms(c, &ex, Y->cols, dot_term, &d, " + ");
    ex_equation(c, ex_buf_str(&sym), ex_buf_str(&ex));
    free(sym.s), free(ex.s);
    ex_highlight(c, a, c->i, -1);
    ex_highlight(c, b, c->j, -1);
    Name t = ex_quoted(c, slot(c, b), c->j);
    if (ex_token(c, slot(c, a), c->i)) /* the token the row y stands for */
        ex_note_msg(c, MSG_EX_LOGIT_OF, ex_quoted(c, slot(c, a), c->i).s, t.s, t.s);
    else
        ex_note_msg(c, MSG_EX_LOGIT, t.s, t.s);
    ex_count_note(c, Y->cols);
    return true;
}

/* OPX_SCALE of the temperature stage: logits_T = logits / T (rec->divisor is T) */
bool explain_temperature(Ctx *c) {
    int a = ex_in(c, 0);
    if (a < 0 || c->i >= mat(c, a)->rows || c->j >= mat(c, a)->cols)
        return false;
    float t = c->rec->divisor;
    Name ref = ex_operand(c, a, c->i, c->j);
    char sym[200], expansion[160];
    ex_textf(sym, sizeof sym, "%s / T", ref.s);
    ex_textf(expansion, sizeof expansion, "%s / %s", ex_num(c, at(c, a, c->i, c->j)).s, ex_small(t).s);
    ex_equation(c, sym, expansion);
    ex_highlight(c, a, c->i, c->j);
    ex_note_msg(c, MSG_EX_TEMPERATURE, ex_small(t).s);
    return true;
}

/* a position with its token: "2 (cats)" / "2（cats）" */
static Name position(const Ctx *c, const Slot *s, int r) {
    Name n;
    const char *t = ex_token(c, s, r);
    if (t)
        ex_text_msg(c, n.s, sizeof n.s, MSG_EX_POSITION, r, t);
    else
        ex_textf(n.s, sizeof n.s, "%d", r);
    return n;
}

/* OPX_MASK: the causal mask, from `attention ... mask causal` and mask() */
bool explain_mask(Ctx *c) {
    int a = ex_in(c, 0);
    if (a < 0 || c->i >= mat(c, a)->rows || c->j >= mat(c, a)->cols)
        return false;
    Name q = position(c, slot(c, a), c->i), k = position(c, slot(c, a), c->j);
    if (c->j <= c->i) {
        Name ref = ex_operand(c, a, c->i, c->j);
        ex_equation(c, ref.s, NULL);
        ex_highlight(c, a, c->i, c->j);
        ex_note_msg(c, MSG_EX_MASK_KEPT, k.s, q.s);
        return true;
    }
    ex_equation(c, NULL, NULL);
    float mv = c->rec->mask_value;
    if (isinf(mv))
        ex_note_msg(c, MSG_EX_MASKED, k.s, q.s);
    else
        ex_note_msg(c, MSG_EX_MASKED_WITH, ex_small(mv).s, k.s, q.s);
    return true;
}

/* the embedding stage: the positions table, or X = E + P, or X = E */
bool explain_embed(Ctx *c) {
    switch (c->rec->op) {
    case OPX_POSITIONS: return explain_positions(c);
    case OPX_ADD: return explain_elementwise(c);
    case OPX_VALUE: explain_value(c); return true;
    default: return false;
    }
}

/* ---- one cell from one cell ------------------------------------------------------------- */

/* OPX_SQRT, OPX_EXP, OPX_LOG, OPX_SIN, OPX_COS, OPX_ABS, OPX_RELU, OPX_GELU,
 * OPX_GELU_TANH: cell by cell; any other operation is refused (each needs
 * its own words) */
bool explain_map(Ctx *c) {
    int a = ex_in(c, 0);
    if (a < 0 || c->i >= mat(c, a)->rows || c->j >= mat(c, a)->cols)
        return false;
    float x = at(c, a, c->i, c->j);
    Name ref = ex_operand(c, a, c->i, c->j);
    bool lit = ex_is_literal(slot(c, a)->name);
    char sym[200], ex[120];
    switch (c->rec->op) {
    case OPX_SQRT:
        ex_textf(sym, sizeof sym, "√%s", ref.s);
        ex_textf(ex, sizeof ex, "√%s", ex_factor(c, x).s);
        break;
    case OPX_EXP:
    case OPX_LOG:
    case OPX_SIN:
    case OPX_COS:
    case OPX_ABS: {
        static const char *const names[] = {"exp", "log", "sin", "cos", "abs"};
        OpKind k = c->rec->op;
        const char *fn = names[k == OPX_EXP ? 0 : k == OPX_LOG ? 1 : k == OPX_SIN ? 2 : k == OPX_COS ? 3 : 4];
        ex_textf(sym, sizeof sym, "%s(%s)", fn, ref.s);
        ex_textf(ex, sizeof ex, "%s(%s)", fn, ex_num(c, x).s);
        break;
    }
    case OPX_RELU:
        ex_textf(sym, sizeof sym, "max(%s, 0)", ref.s);
        ex_textf(ex, sizeof ex, "max(%s, 0)", ex_num(c, x).s);
        break;
    case OPX_GELU:
        ex_textf(sym, sizeof sym, "0.5·%s·(1 + erf(%s/√2))", ref.s, ref.s);
        ex_textf(ex, sizeof ex, "0.5·%s·(1 + erf(%s))", ex_factor(c, x).s,
                 ex_num(c, (float)((double)x / sqrt(2.0))).s);
        break;
    case OPX_GELU_TANH:
        ex_textf(sym, sizeof sym, "0.5·%s·(1 + tanh(√(2/π)·(%s + 0.044715·%s³)))", ref.s, ref.s, ref.s);
        ex_textf(ex, sizeof ex, "0.5·%s·(1 + tanh(%s))", ex_factor(c, x).s,
                 ex_num(c, (float)(sqrt(2.0 / 3.14159265358979323846) * ((double)x + 0.044715 * (double)x * (double)x * (double)x))).s);
        break;
    default: /* not an operation on one cell: a caller's mistake */
        assert(!"explain_map: not a one-cell operation");
        return false;
    }
    ex_equation(c, lit ? NULL : sym, ex);
    ex_highlight(c, a, c->i, c->j);
    if (c->rec->op == OPX_RELU)
        ex_note(c, "%s",
             ex_msg(c, MSG_EX_RELU));
    else if (c->rec->op == OPX_GELU)
        ex_note(c, "%s",
             ex_msg(c, MSG_EX_GELU));
    else if (c->rec->op == OPX_GELU_TANH)
        ex_note(c, "%s",
             ex_msg(c, MSG_EX_GELU_TANH));
    return true;
}

/* OPX_SHAPE: rows() and cols(), a count */
bool explain_shape(Ctx *c) {
    int a = ex_in(c, 0);
    if (a < 0)
        return false;
    ex_equation(c, NULL, NULL);
    ex_note_msg(c, MSG_EX_SHAPE, slot(c, a)->name, mat(c, a)->rows, mat(c, a)->cols);
    return true;
}

/* OPX_TOTAL: total(x), every element added */
bool explain_total(Ctx *c) {
    int a = ex_in(c, 0);
    if (a < 0)
        return false;
    ex_equation(c, NULL, NULL);
    ex_highlight(c, a, -1, -1);
    ex_note_msg(c, MSG_EX_TOTAL, mat(c, a)->rows * mat(c, a)->cols,
         slot(c, a)->name);
    return true;
}

/* OPX_RESHAPE: flatten(x), reshape(x, r, c): element k, counted row by row */
bool explain_reshape(Ctx *c) {
    int a = ex_in(c, 0);
    if (a < 0)
        return false;
    int k = c->i * c->out->m.cols + c->j, cols = mat(c, a)->cols;
    if (cols < 1 || k / cols >= mat(c, a)->rows)
        return false;
    Name ref = ex_operand(c, a, k / cols, k % cols);
    ex_equation(c, ref.s, NULL);
    ex_highlight(c, a, k / cols, k % cols);
    ex_note_msg(c, MSG_EX_FLAT_INDEX, k, slot(c, a)->name);
    return true;
}

/* OPX_TRANSPOSE: M^T, M.T, Mᵀ, transpose(M) */
bool explain_transpose(Ctx *c) {
    int a = ex_in(c, 0);
    if (a < 0 || c->j >= mat(c, a)->rows || c->i >= mat(c, a)->cols)
        return false;
    Name ref = ex_operand(c, a, c->j, c->i);
    ex_equation(c, ref.s, NULL);
    ex_highlight(c, a, c->j, c->i);
    ex_note_msg(c, MSG_EX_TRANSPOSE, c->i, c->j, c->j, c->i);
    return true;
}

/* OPX_INDEX: M[i] (a row) and M[i][j] (a cell) */
bool explain_index(Ctx *c) {
    int a = ex_in(c, 0);
    int r = c->rec->index[0], col = c->rec->index[1] >= 0 ? c->rec->index[1] : c->j;
    if (a < 0 || r < 0 || r >= mat(c, a)->rows || col >= mat(c, a)->cols)
        return false;
    Name ref = ex_indexed(slot(c, a)->name, r, col);
    ex_equation(c, ref.s, NULL);
    ex_highlight(c, a, r, col);
    const char *an = slot(c, a)->name;
    ex_note_msg(c, MSG_EX_INDEX, r, col, an, c->rec->index[1] >= 0 ? "" : ex_msg(c, MSG_EX_INDEX_ROW));
    return true;
}

/* "columns 2–3" / "第 2–3 列" */
static Name col_range(const Ctx *c, int c0, int width) {
    Name n;
    if (width == 1)
        ex_text_msg(c, n.s, sizeof n.s, MSG_EX_COLUMN, c0);
    else
        ex_text_msg(c, n.s, sizeof n.s, MSG_EX_COLUMNS, c0, c0 + width - 1);
    return n;
}

/* which of the split record's inputs (Q, K, V) an output (Q_h1) comes from */
static int split_source(const Ctx *c) {
    const char *name = c->out->name, *h = strstr(name, "_h");
    size_t n = h ? (size_t)(h - name) : strlen(name);
    for (int k = 0; k < c->rec->ninputs; k++)
        if (strlen(c->rec->inputs[k].name) == n && strncmp(c->rec->inputs[k].name, name, n) == 0)
            return k;
    int slot_index = (int)(c->out - c->rec->outputs);
    return c->rec->ninputs > 0 ? slot_index % c->rec->ninputs : -1;
}

/* OPX_HEAD: the head split of `attention` (outputs Q_h{i}, K_h{i},
 * V_h{i} tagged with head i, from inputs Q, K, V) and head(M, i) */
bool explain_head(Ctx *c) {
    bool split = c->out->head >= 0;
    int a = split ? split_source(c) : ex_in(c, 0);
    int dk = c->out->m.cols;
    int head = split ? c->out->head : (dk > 0 ? c->rec->col0 / dk : 0);
    /* grouped-query attention: K and V have fewer heads than Q; query head
     * h reads K/V head h / (heads / kv_heads) */
    int kv = split && a >= 0 && dk > 0 ? mat(c, a)->cols / dk : 0;
    bool grouped = kv > 0 && kv < c->rec->heads && c->rec->heads % kv == 0;
    int kv_head = grouped ? head / (c->rec->heads / kv) : head;
    int c0 = split ? kv_head * dk : c->rec->col0, col = c0 + c->j;
    if (a < 0 || c->i >= mat(c, a)->rows || col >= mat(c, a)->cols)
        return false;
    Name ref = ex_indexed(slot(c, a)->name, c->i, col);
    ex_equation(c, ref.s, NULL);
    ex_highlight(c, a, c->i, col);
    Name range = col_range(c, c0, dk);
    if (grouped) {
        /* how the K/V heads are shared: one for all (multi-query) reads
         * differently from several, each for a group */
        char shared[160];
        if (kv == 1)
            ex_text_msg(c, shared, sizeof shared, MSG_EX_MQA, c->rec->heads);
        else
            ex_text_msg(c, shared, sizeof shared, MSG_EX_GQA, kv, c->rec->heads / kv);
        ex_note_msg(c, MSG_EX_KV_HEAD,
             head, slot(c, a)->name, kv_head, head, c->rec->heads / kv, shared, range.s, slot(c, a)->name, dk, c->j,
             col, slot(c, a)->name);
    }
    else
        ex_note_msg(c, MSG_EX_HEAD_COLUMNS, head, range.s, slot(c, a)->name, dk, c->j, col, slot(c, a)->name);
    return true;
}

/* OPX_CONCAT: Z = [Z_h0 | Z_h1 | ...] and concat(A, B, ...) */
bool explain_concat(Ctx *c) {
    int c0 = 0;
    for (int k = 0; k < c->rec->ninputs; k++) {
        const Matrix *m = mat(c, k);
        if (c->j >= c0 + m->cols) {
            c0 += m->cols;
            continue;
        }
        if (c->i >= m->rows)
            return false;
        int col = c->j - c0;
        const Slot *s = slot(c, k);
        Name ref = ex_indexed(s->name, c->i, col);
        ex_equation(c, ref.s, NULL);
        ex_highlight(c, k, c->i, col);
        if (s->head >= 0)
            ex_note_msg(c, MSG_EX_CONCAT_HEAD, c->j, c->out->name, col, s->head, s->name);
        else
            ex_note_msg(c, MSG_EX_CONCAT_INPUT, c->j, col, k, s->name);
        return true;
    }
    return false;
}

/* OPX_STACK: stack(A, B, ...): row i is a row of one input, in order */
bool explain_stack(Ctx *c) {
    for (int k = 0, r0 = 0; k < c->rec->ninputs; r0 += mat(c, k)->rows, k++) {
        const Matrix *m = mat(c, k);
        if (c->i >= r0 + m->rows)
            continue;
        int row = c->i - r0;
        if (c->j >= m->cols)
            return false;
        const Slot *s = slot(c, k);
        Name ref = ex_indexed(s->name, row, c->j);
        ex_equation(c, ref.s, NULL);
        ex_highlight(c, k, row, c->j);
        ex_note_msg(c, MSG_EX_STACK_ROW, c->i, row, k,
             s->name);
        return true;
    }
    return false;
}

/* OPX_POSITIONS: sinusoidal positions, P in the embeddings stage and
 * positions(n, d) */
bool explain_positions(Ctx *c) {
    int d = c->out->m.cols, pos = c->i, two_i = c->j - c->j % 2;
    bool even = c->j % 2 == 0;
    double angle = pos / pow(10000.0, (double)two_i / d);
    char sym[120], ex[120];
    ex_textf(sym, sizeof sym, "%s(%d / 10000^(%d/%d))", even ? "sin" : "cos", pos, two_i, d);
    ex_textf(ex, sizeof ex, "%s(%s)", even ? "sin" : "cos", ex_num(c, (float)angle).s);
    ex_equation(c, sym, ex);
    if (even)
        ex_note_msg(c, MSG_EX_POS_SIN, pos, c->j, two_i, d);
    else
        ex_note_msg(c, MSG_EX_POS_COS, pos, c->j, two_i, d);
    return true;
}


/* which input an output of the rotary stage turns: Qr_h1 from Q_h1 (the
 * same name without the r, of the same head); rope() has one input */
static int rope_source(const Ctx *c) {
    const char *name = c->out->name, *r = strstr(name, "r_h");
    for (int k = 0; r && k < c->rec->ninputs; k++) {
        const char *in = c->rec->inputs[k].name;
        size_t lead = (size_t)(r - name);
        if (c->rec->inputs[k].head == c->out->head && strncmp(in, name, lead) == 0 && strcmp(in + lead, r + 1) == 0)
            return k;
    }
    return ex_in(c, 0);
}

/* OPX_ROPE: rotary positions. Row i is position i; column j and its
 * partner b form pair m, turned by θ = i·base^(−2m/d_k):
 * first of the pair x·cos θ − y·sin θ, second x·cos θ + y·sin θ (y the
 * partner's value), with cos θ and sin θ rounded to float as the stage does */
bool explain_rope(Ctx *c) {
    int a = rope_source(c);
    if (a < 0 || c->i >= mat(c, a)->rows || c->j >= mat(c, a)->cols || mat(c, a)->cols % 2 != 0)
        return false;
    const int dk = mat(c, a)->cols, pos = c->i;
    int m, b;
    bool first;
    attn_rope_pair(c->j, dk, (RopePairs)c->rec->rope_pairs, &m, &b, &first);
    double theta = attn_rope_angle(pos, m, dk, c->rec->rope_base);
    float cs = (float)cos(theta), sn = (float)sin(theta);
    Name x = ex_indexed(slot(c, a)->name, c->i, c->j), y = ex_indexed(slot(c, a)->name, c->i, b);
    char sym[400], ex[200];
    ex_textf(sym, sizeof sym, "%s·cos θ %s %s·sin θ", x.s, first ? "−" : "+", y.s);
    ex_textf(ex, sizeof ex, "%s×%s %s %s×%s", ex_factor(c, at(c, a, c->i, c->j)).s, ex_factor(c, cs).s,
             first ? "−" : "+", ex_factor(c, at(c, a, c->i, b)).s, ex_factor(c, sn).s);
    ex_equation(c, sym, ex);
    ex_highlight(c, a, c->i, c->j);
    ex_highlight(c, a, c->i, b);
    char base[32];
    ex_textf(base, sizeof base, "%g", (double)c->rec->rope_base);
    ex_note_msg(c, MSG_EX_ROPE_ANGLE, pos, m, first ? c->j : b,
         first ? b : c->j, pos, base, 2 * m, dk, ex_small((float)theta).s);
    ex_note_msg(c, MSG_EX_ROPE_ROTATE, ex_num(c, cs).s, ex_num(c, sn).s,
         ex_msg(c, first ? MSG_EX_ROPE_FIRST : MSG_EX_ROPE_SECOND), first ? "x·cos θ − y·sin θ" : "x·cos θ + y·sin θ");
    return true;
}
