/* explain_norm.c - the cells of the modern layer's steps: RMSNorm (the
 * row's mean of squares, its root, the division and γ) and SwiGLU's gate
 * (silu(g) = g·σ(g), σ's value, the product with u). The numbers are
 * computed as the kernels do (kernels_scalar.c): in double, rounded to
 * float where the kernel rounds.
 */
#include <math.h>
#include <stdlib.h>

#include "output/explain_internal.h"

/* the row of an RMSNorm: its numbers and their mean of squares */
typedef struct RmsRow {
    const float *x;
    int n;
    double ms;
} RmsRow;

static Num square_term(const Ctx *c, const void *arg, int k) {
    Num t;
    ex_textf(t.s, sizeof t.s, "%s²", ex_factor(c, ((const RmsRow *)arg)->x[k]).s);
    return t;
}

/* OPX_RMSNORM: Y = γ ⊙ X / √(mean(X²) + ε), the RMSNorm stages and
 * rmsnorm(); inputs x [, gamma] */
bool explain_rmsnorm(Ctx *c) {
    int a = ex_in(c, 0), g = ex_in(c, 1);
    if (a < 0 || c->i >= mat(c, a)->rows || c->j >= mat(c, a)->cols || mat(c, a)->cols < 1)
        return false;
    if (g >= 0 && (mat(c, g)->rows < 1 || c->j >= mat(c, g)->cols))
        g = -1;
    RmsRow r = {.x = mat_row(mat(c, a), c->i), .n = mat(c, a)->cols};
    double sq = 0.0;
    for (int k = 0; k < r.n; k++)
        sq += (double)r.x[k] * (double)r.x[k];
    r.ms = sq / r.n;
    const float eps = c->rec->ln.eps, x = at(c, a, c->i, c->j), gamma = g >= 0 ? at(c, g, 0, c->j) : 1.0f;
    const double rms = sqrt(r.ms + (double)eps);
    Name ref = ex_operand(c, a, c->i, c->j);
    char gname[100] = "γ";
    if (g >= 0)
        ex_textf(gname, sizeof gname, "γ[%d]", c->j);
    ex_highlight(c, a, c->i, -1);
    ex_highlight(c, g, 0, c->j);
    if (r.ms == 0.0) {
        ex_equation(c, NULL, NULL);
        ex_note_msg(c, MSG_EX_RMS_ZERO_ROW, ex_row_of(c, a, c->i).s);
        return true;
    }
    char sym[400], ex[300];
    if (g >= 0) {
        ex_textf(sym, sizeof sym, "%s·%s / √(mean(x²) + ε)", gname, ref.s);
        ex_textf(ex, sizeof ex, "%s×%s / %s", ex_factor(c, gamma).s, ex_factor(c, x).s, ex_num(c, (float)rms).s);
    } else {
        ex_textf(sym, sizeof sym, "%s / √(mean(x²) + ε)", ref.s);
        ex_textf(ex, sizeof ex, "%s / %s", ex_num(c, x).s, ex_num(c, (float)rms).s);
    }
    ex_equation(c, sym, ex);
    ex_note_msg(c, MSG_EX_RMS_OF, ex_row_of(c, a, c->i).s);
    Buf b = {0};
    ex_buf_add(&b, "mean(x²) = (");
    ex_terms(c, &b, r.n, square_term, &r, " + ");
    ex_buf_printf(&b, ") / %d = %s", r.n, ex_num(c, (float)r.ms).s);
    ex_line(c, "", "    ", ex_buf_str(&b));
    free(b.s);
    ex_count_note(c, r.n);
    ex_note_msg(c, MSG_EX_RMS_ROOT, ex_num(c, (float)r.ms).s, ex_small(eps).s, ex_num(c, (float)rms).s);
    ex_note_msg(c, MSG_EX_RMS_NO_MEAN);
    if (g >= 0)
        ex_note_msg(c, MSG_EX_RMS_GAMMA, gname, ex_num(c, gamma).s, slot(c, g)->name);
    else
        ex_note_msg(c, MSG_EX_RMS_NO_GAMMA);
    return true;
}

/* σ(g) = 1 / (1 + e^(−g)), in double as the kernel computes silu */
static double sigma(float g) { return 1.0 / (1.0 + exp(-(double)g)); }

/* OPX_SWIGLU: H = silu(G) ⊙ U, SwiGLU's gate; inputs g, u. OPX_SILU:
 * silu(x) = x·σ(x) alone, silu(); input x */
bool explain_gate(Ctx *c) {
    const bool gated = c->rec->op == OPX_SWIGLU;
    int a = ex_in(c, 0), u = gated ? ex_in(c, 1) : -1;
    if (a < 0 || c->i >= mat(c, a)->rows || c->j >= mat(c, a)->cols)
        return false;
    if (gated && (u < 0 || c->i >= mat(c, u)->rows || c->j >= mat(c, u)->cols))
        return false;
    const float g = at(c, a, c->i, c->j);
    const double s = sigma(g), silu = (double)g * s;
    Name gref = ex_operand(c, a, c->i, c->j);
    char sym[400], ex[300];
    if (gated) {
        const float up = at(c, u, c->i, c->j);
        Name uref = ex_operand(c, u, c->i, c->j);
        ex_textf(sym, sizeof sym, "silu(%s)·%s", gref.s, uref.s);
        ex_textf(ex, sizeof ex, "%s×%s", ex_factor(c, (float)silu).s, ex_factor(c, up).s);
    } else {
        ex_textf(sym, sizeof sym, "%s·σ(%s)", gref.s, gref.s);
        ex_textf(ex, sizeof ex, "%s×%s", ex_factor(c, g).s, ex_factor(c, (float)s).s);
    }
    ex_equation(c, ex_is_literal(slot(c, a)->name) ? NULL : sym, ex);
    ex_highlight(c, a, c->i, c->j);
    ex_highlight(c, u, c->i, c->j);
    char sig[200], sl[200];
    ex_textf(sig, sizeof sig, "σ(%s) = 1 / (1 + e^(−%s)) = %s", ex_num(c, g).s, ex_factor(c, g).s,
             ex_num(c, (float)s).s);
    ex_line(c, "", "    ", sig);
    if (gated) {
        ex_textf(sl, sizeof sl, "silu(%s) = %s×%s = %s", ex_num(c, g).s, ex_factor(c, g).s, ex_factor(c, (float)s).s,
                 ex_num(c, (float)silu).s);
        ex_line(c, "", "    ", sl);
        ex_note_msg(c, MSG_EX_GATE, slot(c, u)->name);
    } else {
        ex_note_msg(c, MSG_EX_SILU);
    }
    return true;
}
