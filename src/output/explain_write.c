/* explain_write.c - writing an explanation: growing text, numbers as the
 * matrices show them, names of cells and rows, lines that wrap within the
 * pane (Chinese included), and sums of many terms. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/explain_internal.h"
#include "output/matrix_text.h"
#include "util/utf8.h"

/* ---- growing text -------------------------------------------------------- */



void ex_buf_addn(Buf *b, const char *s, size_t n) {
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *p = realloc(b->s, cap);
        if (!p)
            abort();
        b->s = p, b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void ex_buf_add(Buf *b, const char *s) { ex_buf_addn(b, s, strlen(s)); }

void ex_buf_printf(Buf *b, const char *fmt, ...) {
    char small[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof small) {
        ex_buf_addn(b, small, (size_t)n);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (!big)
        abort();
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    ex_buf_addn(b, big, (size_t)n);
    free(big);
}

const char *ex_buf_str(const Buf *b) { return b->s ? b->s : ""; }

/* textf: snprintf that never cuts a UTF-8 character in two */
void ex_textf(char *dst, size_t size, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(dst, size, fmt, ap);
    va_end(ap);
    if (n >= 0 && (size_t)n >= size) {
        size_t len = size - 1;
        while (len > 0 && ((unsigned char)dst[len] & 0xC0) == 0x80)
            len--;
        dst[len] = '\0';
    }
}

/* ---- the context of one explanation -------------------------------------- */




void ex_highlight(Ctx *c, int input, int row, int col) {
    if (input < 0 || c->e->nhighlights == EXPLAIN_MAX_HIGHLIGHTS)
        return;
    c->e->highlights[c->e->nhighlights++] = (Highlight){.input = input, .row = row, .col = col};
}

/* in: the k-th input that belongs to the output's head (per-head records
 * hold every head's inputs, tagged), as an index into rec->inputs, or -1 */
int ex_in(const Ctx *c, int k) {
    for (int n = 0; n < c->rec->ninputs; n++) {
        int h = c->rec->inputs[n].head;
        if (h >= 0 && c->out->head >= 0 && h != c->out->head)
            continue;
        if (k-- == 0)
            return n;
    }
    return -1;
}


/* ---- numbers --------------------------------------------------------------- */



/* ex_digits: the decimals to write v with: the caller's precision, unless
 * that rounds v to fewer than 2 significant digits; then as many as give 2.
 * At 0 decimals exp(0.18 − 1.77) = 0.20 would otherwise read
 * exp(0 − 2) = 0, an equation that is false as written. */
int ex_digits(const Ctx *c, float v) {
    if (v == 0.0f || !isfinite(v) || fabsf(v) >= 1e7f)
        return c->prec;
    double mag = floor(log10(fabs((double)v))); /* 0 for 1.77, -1 for 0.18 */
    int shown = (int)mag + 1 + c->prec;          /* significant digits at prec */
    double scale = pow(10.0, c->prec);
    bool exact = fabs(round((double)v * scale) / scale - (double)v) <= 1e-9 * fabs((double)v);
    if (shown >= 2 || exact)
        return c->prec;
    int d = 1 - (int)mag;
    return d > 8 ? 8 : d;
}

/* num: v exactly as the matrices print it. A negative number keeps the
 * ASCII '-' of the matrices, of eval and of the lesson source, so the
 * number in an explanation is the one on the cell and can be typed back;
 * U+2212 is left to the subtraction of formulas (a − b). */
Num ex_num(const Ctx *c, float v) {
    Num n;
    char raw[64];
    if (isinf(v)) {
        ex_textf(n.s, sizeof n.s, "%s", v < 0 ? "-inf" : "inf"); /* as the matrices print it */
        return n;
    }
    mtext_format(raw, sizeof raw, v, ex_digits(c, v));
    ex_textf(n.s, sizeof n.s, "%s", raw);
    return n;
}

/* factor: a number inside a product or after an operator, in
 * parentheses when it is negative: (-1.00) */
Num ex_factor(const Ctx *c, float v) {
    Num n = ex_num(c, v), p;
    if (n.s[0] != '-')
        return n;
    ex_textf(p.s, sizeof p.s, "(%s)", n.s);
    return p;
}

/* small: a parameter such as ε or a mask value, in the shortest form */
Num ex_small(float v) {
    Num n;
    if (isinf(v)) { /* as the matrices print it */
        ex_textf(n.s, sizeof n.s, "%s", v < 0 ? "-inf" : "inf");
        return n;
    }
    ex_textf(n.s, sizeof n.s, "%g", (double)v);
    return n;
}

/* ---- names ------------------------------------------------------------------ */



/* an expression such as "M + 1", "-M" or "M[1]" needs parentheses before
 * an index is put after it */
bool ex_needs_parens(const char *name) {
    size_t n = strlen(name);
    if (n == 0 || name[0] == '-' || name[n - 1] == ']')
        return true;
    int depth = 0;
    for (const char *p = name; *p; p++) {
        if (*p == '(' || *p == '[')
            depth++;
        else if ((*p == ')' || *p == ']') && depth > 0)
            depth--;
        else if (depth == 0 && strchr(" +-*/@", *p))
            return true;
    }
    return false;
}

/* a name as the lesson writes one (Q, S_h0, 猫): letters, digits, _ */
static bool ex_is_identifier(const char *name) {
    if (!name[0] || (name[0] >= '0' && name[0] <= '9'))
        return false;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (!(*p >= 0x80 || *p == '_' || (*p >= '0' && *p <= '9') ||
              ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z')))
            return false;
    return true;
}

/* a number written in the lesson ("2", "[1, 1, 1, 1]"): shown by value */
bool ex_is_literal(const char *name) {
    const char *p = name[0] == '-' ? name + 1 : name;
    return name[0] == '[' || (*p >= '0' && *p <= '9') || *p == '.' || !strcmp(name, "pi") ||
           !strcmp(name, "inf");
}

Name ex_indexed(const char *name, int r, int col) {
    Name n;
    ex_textf(n.s, sizeof n.s, ex_needs_parens(name) ? "(%s)[%d][%d]" : "%s[%d][%d]", name, r, col);
    return n;
}

/* the explained cell: S_h0[1][2]; a one-cell result named by an
 * expression is that expression (M[1][2], mean(x)) */
static Name ex_lhs(const Ctx *c) {
    Name n;
    const Matrix *m = &c->out->m;
    if (m->rows == 1 && m->cols == 1 && !ex_is_identifier(c->out->name)) {
        ex_textf(n.s, sizeof n.s, "%s", c->out->name);
        return n;
    }
    return ex_indexed(c->out->name, c->i, c->j);
}

/* operand: how a formula refers to a cell of an input: X[0][1], s (a
 * 1×1 name), or its value when the input was written as a number */
Name ex_operand(const Ctx *c, int input, int r, int col) {
    const Slot *s = slot(c, input);
    Name n;
    if (ex_is_literal(s->name) && s->m.rows == 1 && s->m.cols == 1 && s->name[0] != '-')
        ex_textf(n.s, sizeof n.s, "%s", s->name);
    else if (ex_is_literal(s->name))
        ex_textf(n.s, sizeof n.s, "%s", ex_factor(c, at(c, input, r, col)).s);
    else if (s->m.rows == 1 && s->m.cols == 1)
        ex_textf(n.s, sizeof n.s, ex_needs_parens(s->name) ? "(%s)" : "%s", s->name);
    else
        n = ex_indexed(s->name, r, col);
    return n;
}

/* the token row r of a record's matrix stands for (lesson_slot_labels), or NULL */
const char *ex_token(const Ctx *c, const Slot *s, int r) {
    const char *const *labels = c->lesson ? lesson_slot_labels(c->lesson, s) : NULL;
    return labels && r >= 0 && r < s->m.rows ? labels[r] : NULL;
}

/* Q, K, A_h0, ...: one letter, perhaps with a head suffix */
static bool ex_is_short_name(const char *name) {
    if (!((name[0] | 0x20) >= 'a' && (name[0] | 0x20) <= 'z'))
        return false;
    if (name[1] == '\0')
        return true;
    if (strncmp(name + 1, "_h", 2) != 0 || !name[3])
        return false;
    for (const char *p = name + 3; *p; p++)
        if (*p < '0' || *p > '9')
            return false;
    return true;
}

static void ex_subscript(int v, char *out, size_t size) {
    static const char *const digits[10] = {"₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"};
    char dec[16];
    ex_textf(dec, sizeof dec, "%d", v);
    out[0] = '\0';
    for (const char *d = dec; *d && strlen(out) + 4 < size; d++)
        strcat(out, digits[*d - '0']);
}

/* row_ref: row r of an input as a vector: q(love), x₁, or M[1] */
Name ex_row_ref(const Ctx *c, int input, int r) {
    const Slot *s = slot(c, input);
    Name n;
    if (!ex_is_short_name(s->name)) {
        ex_textf(n.s, sizeof n.s, ex_needs_parens(s->name) ? "(%s)[%d]" : "%s[%d]", s->name, r);
        return n;
    }
    char letter = (char)(s->name[0] | 0x20);
    const char *label = ex_token(c, s, r);
    if (label) {
        ex_textf(n.s, sizeof n.s, "%c(%s)", letter, label);
    } else {
        char sub[48];
        ex_subscript(r, sub, sizeof sub);
        ex_textf(n.s, sizeof n.s, "%c%s", letter, sub);
    }
    return n;
}

/* col_ref: column k of an input: W_Q[:,0] */
Name ex_col_ref(const Ctx *c, int input, int k) {
    const char *name = slot(c, input)->name;
    Name n;
    ex_textf(n.s, sizeof n.s, ex_needs_parens(name) ? "(%s)[:,%d]" : "%s[:,%d]", name, k);
    return n;
}

/* "row 1 (love)" / "第 1 行（love）" */
Name ex_row_words(const Ctx *c, const Slot *s, int r) {
    Name n;
    const char *label = ex_token(c, s, r);
    if (label)
        ex_text_msg(c, n.s, sizeof n.s, MSG_EX_ROW_LABELLED, r, label);
    else
        ex_text_msg(c, n.s, sizeof n.s, MSG_EX_ROW, r);
    return n;
}

/* a token by its label, “love”, or else by its position */
Name ex_quoted(const Ctx *c, const Slot *s, int r) {
    Name n;
    const char *t = ex_token(c, s, r);
    if (t)
        ex_textf(n.s, sizeof n.s, "“%s”", t);
    else
        ex_textf(n.s, sizeof n.s, "%d", r);
    return n;
}

/* cap: the same words starting a sentence: "Row 1 (love)" */
Name ex_cap(Name n) {
    if (n.s[0] >= 'a' && n.s[0] <= 'z')
        n.s[0] = (char)(n.s[0] - 'a' + 'A');
    return n;
}

/* "row 1 (love) of T_h0" / "T_h0 的第 1 行（love）" */
Name ex_row_of(const Ctx *c, int input, int r) {
    Name n, w = ex_row_words(c, slot(c, input), r);
    ex_text_msg(c, n.s, sizeof n.s, MSG_EX_ROW_OF, w.s, slot(c, input)->name);
    return n;
}

/* ---- lines ----------------------------------------------------------------- */

static bool ex_is_wide(unsigned cp) {
    return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF && cp != 0x303F) ||
           (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
           (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

/* columns a character takes; fixed tables, so the text does not depend
 * on the locale */
static int ex_char_width(const char *s, size_t len, int *bytes, unsigned *cp) {
    int n = utf8_decode(s, len, cp);
    if (n == 0) {
        *bytes = 1, *cp = (unsigned char)*s;
        return 1;
    }
    *bytes = n;
    if ((*cp >= 0x300 && *cp <= 0x36F) || *cp == 0x200B)
        return 0;
    return ex_is_wide(*cp) ? 2 : 1;
}

static int ex_text_width(const char *s) {
    int w = 0;
    size_t len = strlen(s);
    for (size_t k = 0; k < len;) {
        int bytes;
        unsigned cp;
        w += ex_char_width(s + k, len - k, &bytes, &cp);
        k += (size_t)bytes;
    }
    return w;
}

static bool ex_starts_operator(const char *p) {
    static const char *const ops[] = {"+", "=", "−", "…", "×", "/", "·"};
    for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++)
        if (strncmp(p, ops[k], strlen(ops[k])) == 0)
            return true;
    return false;
}

/* Chinese punctuation that must not start a line, and brackets that must
 * not end one */
static bool ex_closes(unsigned cp) {
    static const unsigned marks[] = {0x3001, 0x3002, 0xFF0C, 0xFF1A, 0xFF1B, 0xFF09, 0xFF01, 0xFF1F, 0x300D};
    for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++)
        if (cp == marks[k])
            return true;
    return false;
}
static bool ex_opens(unsigned cp) { return cp == 0xFF08 || cp == 0x300C; }

/* line: one line of text, wrapped to the explanation's width; the first piece
 * starts with `indent`, the others with `more` (spaces). A sum breaks
 * before an operator where it can; prose at a space or between Chinese
 * characters. */
static void ex_line_wrapped(Ctx *c, const char *indent, const char *more, const char *line, bool sum) {
    const char *pre = indent;
    char *marked = ex_mark_rounding(c, line); /* = where it holds at the digits shown, else ≈ */
    const char *s = marked;
    size_t len = strlen(s);
    while (len > 0) {
        int limit = c->width - ex_text_width(pre), w = 0, op_w = 0;
        size_t k = 0, op_break = 0, any_break = 0, end = len;
        unsigned prev = 0;
        while (k < len) {
            int bytes;
            unsigned cp;
            int cw = ex_char_width(s + k, len - k, &bytes, &cp);
            if (k > 0 && s[k] == ' ' && ex_starts_operator(s + k + 1))
                op_break = any_break = k, op_w = w;
            else if (k > 0 && (s[k] == ' ' || (ex_is_wide(cp) && !ex_closes(cp) && !ex_opens(prev))))
                any_break = k;
            if (w + cw > limit) {
                end = sum && op_break && op_w > limit / 3 ? op_break : any_break ? any_break : k;
                if (end == 0)
                    end = (size_t)bytes;
                break;
            }
            w += cw;
            k += (size_t)bytes;
            prev = cp;
        }
        if (c->text.len)
            ex_buf_add(&c->text, "\n");
        ex_buf_add(&c->text, pre);
        ex_buf_addn(&c->text, s, end);
        s += end, len -= end;
        while (len > 0 && *s == ' ')
            s++, len--;
        pre = more;
    }
    free(marked);
}

void ex_line(Ctx *c, const char *indent, const char *more, const char *s) {
    ex_line_wrapped(c, indent, more, s, true);
}

/* Chinese punctuation takes no space around it: "键 1（爱） 在" becomes
 * "键 1（爱）在" */
static bool ex_cjk_mark(const char *p) {
    static const char *const marks[] = {"（", "）", "，", "。", "：", "；", "、", "“", "”", "！", "？"};
    for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++)
        if (strncmp(p, marks[k], strlen(marks[k])) == 0)
            return true;
    return false;
}

static void ex_tidy_chinese(char *s) {
    char *out = s;
    for (const char *p = s; *p; p++) {
        bool after = out > s && out - s >= 3 && ex_cjk_mark(out - 3);
        if (*p == ' ' && (after || ex_cjk_mark(p + 1)))
            continue;
        *out++ = *p;
    }
    *out = '\0';
}

void ex_note(Ctx *c, const char *fmt, ...) {
    char s[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s, sizeof s, fmt, ap);
    va_end(ap);
    if (c->zh)
        ex_tidy_chinese(s);
    ex_line_wrapped(c, "", "  ", s, false);
}

/* the one place an explanation's language becomes a message language */
static MsgLang ex_lang(const Ctx *c) { return msg_lang_of(c->zh); }

const char *ex_msg(const Ctx *c, MsgId id) { return msg_text(ex_lang(c), id); }

void ex_note_msg(Ctx *c, MsgId id, ...) {
    char s[1024];
    va_list ap;
    va_start(ap, id);
    msg_vformat(s, sizeof s, ex_lang(c), id, ap);
    va_end(ap);
    ex_note(c, "%s", s);
}

void ex_text_msg(const Ctx *c, char *dst, size_t size, MsgId id, ...) {
    char s[1024];
    va_list ap;
    va_start(ap, id);
    msg_vformat(s, sizeof s, ex_lang(c), id, ap);
    va_end(ap);
    ex_textf(dst, size, "%s", s);
}

/* equation: the headline "lhs = sym = expansion = result"; parts may be
 * NULL. When it is too wide, the headline keeps lhs, sym and the result
 * and the expansion follows on a line of its own, with the result again
 * (on the same line when it fits, else on the next). */
void ex_equation(Ctx *c, const char *sym, const char *expansion) {
    Name left = ex_lhs(c);
    Num res = ex_num(c, c->value);
    const char *result = res.s;
    if (sym && !strcmp(sym, left.s))
        sym = NULL;
    if (expansion && (!strcmp(expansion, result) || (sym && !strcmp(expansion, sym))))
        expansion = NULL;
    Buf full = {0};
    ex_buf_add(&full, left.s);
    if (sym)
        ex_buf_printf(&full, " = %s", sym);
    if (expansion)
        ex_buf_printf(&full, " = %s", expansion);
    ex_buf_printf(&full, " = %s", result);
    if (ex_text_width(ex_buf_str(&full)) <= c->width) {
        ex_line(c, "", "    ", ex_buf_str(&full));
        free(full.s);
        return;
    }
    full.len = 0;
    ex_buf_add(&full, left.s);
    bool sym_in_head = sym && ex_text_width(left.s) + ex_text_width(sym) + ex_text_width(result) + 6 <= c->width;
    if (sym_in_head)
        ex_buf_printf(&full, " = %s", sym);
    ex_buf_printf(&full, " = %s", result);
    ex_line(c, "", "    ", ex_buf_str(&full));
    if (sym && !sym_in_head) {
        full.len = 0;
        ex_buf_printf(&full, "= %s", sym);
        ex_line(c, "  ", "    ", ex_buf_str(&full));
    }
    if (expansion) {
        /* "= expansion = result" on one line when it fits, else the
         * expansion wraps and the result closes it on a line of its own */
        full.len = 0;
        ex_buf_printf(&full, "= %s = %s", expansion, result);
        if (2 + ex_text_width(ex_buf_str(&full)) <= c->width) {
            ex_line(c, "  ", "    ", ex_buf_str(&full));
        } else {
            full.len = 0;
            ex_buf_printf(&full, "= %s", expansion);
            ex_line(c, "  ", "    ", ex_buf_str(&full));
            full.len = 0;
            bool holds = ex_holds(expansion, result);
            c->rounded |= !holds;
            ex_buf_printf(&full, "%s %s", holds ? "=" : "≈", result);
            ex_line(c, "  ", "    ", ex_buf_str(&full));
        }
    }
    free(full.s);
}

/* ---- sums of many terms ------------------------------------------------------- */



/* terms: "t0 + t1 + … + t(n-1)" with the middle left out of long sums */
void ex_terms(const Ctx *c, Buf *b, int n, TermFn fn, const void *arg, const char *sep) {
    for (int k = 0; k < n; k++) {
        if (n > LONG_SUM && k == SHOW_HEAD) {
            ex_buf_printf(b, "%s…", sep);
            k = n - SHOW_TAIL - 1;
            continue;
        }
        if (k)
            ex_buf_add(b, sep);
        ex_buf_add(b, fn(c, arg, k).s);
    }
}

/* the words after a long sum: "(12 terms; the middle 6 are not shown)" */
void ex_count_note(Ctx *c, int n) {
    if (n > LONG_SUM)
        ex_note_msg(c, MSG_EX_TERMS_HIDDEN, n,
             n - SHOW_HEAD - SHOW_TAIL);
}

