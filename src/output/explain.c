/* explain.c - the arithmetic behind one output cell, replayed from what a
 * record keeps (lesson.h): the operation, the input matrices and the
 * parameters (divisor, mask value, layer-norm convention, ...).
 *
 * Every explanation starts with a headline, one line that ends with the
 * cell's value as the matrix shows it:
 *
 *   S_h0[1][2] = q(love)·k(cats) = 0.50×1.00 + (−1.00)×0.25 = 0.25
 *
 * When the whole sum does not fit in a pane (EXPLAIN_WIDTH columns) the
 * headline keeps the formula and the result, and the numbers follow on
 * continuation lines that start with spaces. Further lines give what the
 * cell needs besides: the row's maximum and exponentials of a softmax,
 * the mean and variance of a layer norm, why a cell is masked, ... The
 * result printed is always the stored value, so the text agrees with the
 * matrix digit for digit (format_value's digits, written with a real
 * minus sign − and ∞); the intermediate numbers are recomputed here.
 * Words follow the lesson's language, en or zh.
 */
#include "output/explain.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/matrix_text.h"
#include "util/utf8.h"

#define EXPLAIN_WIDTH 96 /* columns: fits a 100-column pane with its border */
#define LONG_SUM 8       /* sums with more terms show the first 4 and last 2 */
#define SHOW_HEAD 4
#define SHOW_TAIL 2

/* a note in the lesson's language; both texts take the same arguments */
#define NOTE(c, EN, ZH, ...) ((c)->zh ? note((c), ZH, __VA_ARGS__) : note((c), EN, __VA_ARGS__))

/* ---- growing text -------------------------------------------------------- */

typedef struct Buf {
    char *s;
    size_t len, cap;
} Buf;

static void buf_addn(Buf *b, const char *s, size_t n) {
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

static void buf_add(Buf *b, const char *s) { buf_addn(b, s, strlen(s)); }

static void buf_printf(Buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void buf_printf(Buf *b, const char *fmt, ...) {
    char small[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof small) {
        buf_addn(b, small, (size_t)n);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (!big)
        abort();
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    buf_addn(b, big, (size_t)n);
    free(big);
}

static const char *buf_str(const Buf *b) { return b->s ? b->s : ""; }

/* textf: snprintf that never cuts a UTF-8 character in two */
static void textf(char *dst, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void textf(char *dst, size_t size, const char *fmt, ...) {
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

typedef struct Ctx {
    const Lesson *lesson;
    const Record *rec;
    const Slot *out; /* the output slot whose cell is explained */
    int i, j, prec;
    bool zh;
    float value; /* the cell's stored value */
    Buf text;
    Explanation *e;
} Ctx;

static const char *L(const Ctx *c, const char *en, const char *zh) { return c->zh ? zh : en; }

static void highlight(Ctx *c, int input, int row, int col) {
    if (input < 0 || c->e->nhighlights == EXPLAIN_MAX_HIGHLIGHTS)
        return;
    c->e->highlights[c->e->nhighlights++] = (Highlight){.input = input, .row = row, .col = col};
}

/* in: the k-th input that belongs to the output's head (per-head records
 * hold every head's inputs, tagged), as an index into rec->inputs, or -1 */
static int in(const Ctx *c, int k) {
    for (int n = 0; n < c->rec->ninputs; n++) {
        int h = c->rec->inputs[n].head;
        if (h >= 0 && c->out->head >= 0 && h != c->out->head)
            continue;
        if (k-- == 0)
            return n;
    }
    return -1;
}

static const Slot *slot(const Ctx *c, int input) { return input >= 0 ? &c->rec->inputs[input] : NULL; }
static const Matrix *mat(const Ctx *c, int input) { return &c->rec->inputs[input].m; }
static float at(const Ctx *c, int input, int r, int col) { return mat_get(mat(c, input), r, col); }

/* ---- numbers --------------------------------------------------------------- */

typedef struct Num {
    char s[80];
} Num;

/* num: v as the matrices print it, with a real minus sign and ∞ */
static Num num(const Ctx *c, float v) {
    Num n;
    char raw[64];
    if (isinf(v)) {
        textf(n.s, sizeof n.s, "%s", v < 0 ? "−∞" : "∞");
        return n;
    }
    format_value(raw, sizeof raw, v, c->prec);
    textf(n.s, sizeof n.s, "%s%s", raw[0] == '-' ? "−" : "", raw[0] == '-' ? raw + 1 : raw);
    return n;
}

/* factor: a number inside a product or after an operator, in
 * parentheses when it is negative: (−1.00) */
static Num factor(const Ctx *c, float v) {
    Num n = num(c, v), p;
    if (strncmp(n.s, "−", strlen("−")) != 0)
        return n;
    textf(p.s, sizeof p.s, "(%s)", n.s);
    return p;
}

/* small: a parameter such as ε or a mask value, in the shortest form */
static Num small(float v) {
    Num n;
    char raw[64];
    if (isinf(v))
        textf(raw, sizeof raw, "%s", v < 0 ? "-∞" : "∞");
    else
        textf(raw, sizeof raw, "%g", (double)v);
    textf(n.s, sizeof n.s, "%s%s", raw[0] == '-' ? "−" : "", raw[0] == '-' ? raw + 1 : raw);
    return n;
}

/* ---- names ------------------------------------------------------------------ */

typedef struct Name {
    char s[160];
} Name;

/* an expression such as "M + 1", "-M" or "M[1]" needs parentheses before
 * an index is put after it */
static bool needs_parens(const char *name) {
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
static bool is_identifier(const char *name) {
    if (!name[0] || (name[0] >= '0' && name[0] <= '9'))
        return false;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (!(*p >= 0x80 || *p == '_' || (*p >= '0' && *p <= '9') ||
              ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z')))
            return false;
    return true;
}

/* a number written in the lesson ("2", "[1, 1, 1, 1]"): shown by value */
static bool is_literal(const char *name) {
    const char *p = name[0] == '-' ? name + 1 : name;
    return name[0] == '[' || (*p >= '0' && *p <= '9') || *p == '.' || !strcmp(name, "pi") ||
           !strcmp(name, "inf");
}

static Name indexed(const char *name, int r, int col) {
    Name n;
    textf(n.s, sizeof n.s, needs_parens(name) ? "(%s)[%d][%d]" : "%s[%d][%d]", name, r, col);
    return n;
}

/* the explained cell: S_h0[1][2]; a one-cell result named by an
 * expression is that expression (M[1][2], mean(x)) */
static Name lhs(const Ctx *c) {
    Name n;
    const Matrix *m = &c->out->m;
    if (m->rows == 1 && m->cols == 1 && !is_identifier(c->out->name)) {
        textf(n.s, sizeof n.s, "%s", c->out->name);
        return n;
    }
    return indexed(c->out->name, c->i, c->j);
}

/* operand: how a formula refers to a cell of an input: X[0][1], s (a
 * 1×1 name), or its value when the input was written as a number */
static Name operand(const Ctx *c, int input, int r, int col) {
    const Slot *s = slot(c, input);
    Name n;
    if (is_literal(s->name) && s->m.rows == 1 && s->m.cols == 1 && s->name[0] != '-')
        textf(n.s, sizeof n.s, "%s", s->name);
    else if (is_literal(s->name))
        textf(n.s, sizeof n.s, "%s", factor(c, at(c, input, r, col)).s);
    else if (s->m.rows == 1 && s->m.cols == 1)
        textf(n.s, sizeof n.s, needs_parens(s->name) ? "(%s)" : "%s", s->name);
    else
        n = indexed(s->name, r, col);
    return n;
}

static const char *token(const Ctx *c, const Matrix *m, int r) {
    const char *const *labels = c->lesson ? lesson_labels(c->lesson, m->rows) : NULL;
    return labels && r >= 0 && r < m->rows ? labels[r] : NULL;
}

/* Q, K, A_h0, ...: one letter, perhaps with a head suffix */
static bool is_short_name(const char *name) {
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

static void subscript(int v, char *out, size_t size) {
    static const char *const digits[10] = {"₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"};
    char dec[16];
    textf(dec, sizeof dec, "%d", v);
    out[0] = '\0';
    for (const char *d = dec; *d && strlen(out) + 4 < size; d++)
        strcat(out, digits[*d - '0']);
}

/* row_ref: row r of an input as a vector: q(love), x₁, or M[1] */
static Name row_ref(const Ctx *c, int input, int r) {
    const Slot *s = slot(c, input);
    Name n;
    if (!is_short_name(s->name)) {
        textf(n.s, sizeof n.s, needs_parens(s->name) ? "(%s)[%d]" : "%s[%d]", s->name, r);
        return n;
    }
    char letter = (char)(s->name[0] | 0x20);
    const char *label = token(c, &s->m, r);
    if (label) {
        textf(n.s, sizeof n.s, "%c(%s)", letter, label);
    } else {
        char sub[48];
        subscript(r, sub, sizeof sub);
        textf(n.s, sizeof n.s, "%c%s", letter, sub);
    }
    return n;
}

/* col_ref: column k of an input: W_Q[:,0] */
static Name col_ref(const Ctx *c, int input, int k) {
    const char *name = slot(c, input)->name;
    Name n;
    textf(n.s, sizeof n.s, needs_parens(name) ? "(%s)[:,%d]" : "%s[:,%d]", name, k);
    return n;
}

/* "row 1 (love)" / "第 1 行（love）" */
static Name row_words(const Ctx *c, const Matrix *m, int r) {
    Name n;
    const char *label = token(c, m, r);
    if (label)
        textf(n.s, sizeof n.s, c->zh ? "第 %d 行（%s）" : "row %d (%s)", r, label);
    else
        textf(n.s, sizeof n.s, c->zh ? "第 %d 行" : "row %d", r);
    return n;
}

/* a token by its label, “love”, or else by its position */
static Name quoted(const Ctx *c, const Matrix *m, int r) {
    Name n;
    const char *t = token(c, m, r);
    if (t)
        textf(n.s, sizeof n.s, "“%s”", t);
    else
        textf(n.s, sizeof n.s, "%d", r);
    return n;
}

/* cap: the same words starting a sentence: "Row 1 (love)" */
static Name cap(Name n) {
    if (n.s[0] >= 'a' && n.s[0] <= 'z')
        n.s[0] = (char)(n.s[0] - 'a' + 'A');
    return n;
}

/* "row 1 (love) of T_h0" / "T_h0 的第 1 行（love）" */
static Name row_of(const Ctx *c, int input, int r) {
    Name n, w = row_words(c, mat(c, input), r);
    if (c->zh)
        textf(n.s, sizeof n.s, "%s 的%s", slot(c, input)->name, w.s);
    else
        textf(n.s, sizeof n.s, "%s of %s", w.s, slot(c, input)->name);
    return n;
}

/* ---- lines ----------------------------------------------------------------- */

static bool is_wide(unsigned cp) {
    return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF && cp != 0x303F) ||
           (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
           (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

/* columns a character takes; fixed tables, so the text does not depend
 * on the locale */
static int char_width(const char *s, size_t len, int *bytes, unsigned *cp) {
    int n = utf8_decode(s, len, cp);
    if (n == 0) {
        *bytes = 1, *cp = (unsigned char)*s;
        return 1;
    }
    *bytes = n;
    if ((*cp >= 0x300 && *cp <= 0x36F) || *cp == 0x200B)
        return 0;
    return is_wide(*cp) ? 2 : 1;
}

static int text_width(const char *s) {
    int w = 0;
    size_t len = strlen(s);
    for (size_t k = 0; k < len;) {
        int bytes;
        unsigned cp;
        w += char_width(s + k, len - k, &bytes, &cp);
        k += (size_t)bytes;
    }
    return w;
}

static bool starts_operator(const char *p) {
    static const char *const ops[] = {"+", "=", "−", "…", "×", "/", "·"};
    for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++)
        if (strncmp(p, ops[k], strlen(ops[k])) == 0)
            return true;
    return false;
}

/* Chinese punctuation that must not start a line, and brackets that must
 * not end one */
static bool closes(unsigned cp) {
    static const unsigned marks[] = {0x3001, 0x3002, 0xFF0C, 0xFF1A, 0xFF1B, 0xFF09, 0xFF01, 0xFF1F, 0x300D};
    for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++)
        if (cp == marks[k])
            return true;
    return false;
}
static bool opens(unsigned cp) { return cp == 0xFF08 || cp == 0x300C; }

/* line: one line of text, wrapped to EXPLAIN_WIDTH; the first piece
 * starts with `indent`, the others with `more` (spaces). A sum breaks
 * before an operator where it can; prose at a space or between Chinese
 * characters. */
static void line_wrapped(Ctx *c, const char *indent, const char *more, const char *s, bool sum) {
    const char *pre = indent;
    size_t len = strlen(s);
    while (len > 0) {
        int limit = EXPLAIN_WIDTH - text_width(pre), w = 0, op_w = 0;
        size_t k = 0, op_break = 0, any_break = 0, end = len;
        unsigned prev = 0;
        while (k < len) {
            int bytes;
            unsigned cp;
            int cw = char_width(s + k, len - k, &bytes, &cp);
            if (k > 0 && s[k] == ' ' && starts_operator(s + k + 1))
                op_break = any_break = k, op_w = w;
            else if (k > 0 && (s[k] == ' ' || (is_wide(cp) && !closes(cp) && !opens(prev))))
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
            buf_add(&c->text, "\n");
        buf_add(&c->text, pre);
        buf_addn(&c->text, s, end);
        s += end, len -= end;
        while (len > 0 && *s == ' ')
            s++, len--;
        pre = more;
    }
}

static void line(Ctx *c, const char *indent, const char *more, const char *s) {
    line_wrapped(c, indent, more, s, true);
}

/* Chinese punctuation takes no space around it: "键 1（爱） 在" becomes
 * "键 1（爱）在" */
static bool cjk_mark(const char *p) {
    static const char *const marks[] = {"（", "）", "，", "。", "：", "；", "、", "“", "”", "！", "？"};
    for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++)
        if (strncmp(p, marks[k], strlen(marks[k])) == 0)
            return true;
    return false;
}

static void tidy_chinese(char *s) {
    char *out = s;
    for (const char *p = s; *p; p++) {
        bool after = out > s && out - s >= 3 && cjk_mark(out - 3);
        if (*p == ' ' && (after || cjk_mark(p + 1)))
            continue;
        *out++ = *p;
    }
    *out = '\0';
}

static void note(Ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(Ctx *c, const char *fmt, ...) {
    char s[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s, sizeof s, fmt, ap);
    va_end(ap);
    if (c->zh)
        tidy_chinese(s);
    line_wrapped(c, "", "  ", s, false);
}

/* equation: the headline "lhs = sym = expansion = result"; parts may be
 * NULL. When it is too wide, the headline keeps lhs, sym and the result
 * and the expansion follows on lines of its own. */
static void equation(Ctx *c, const char *sym, const char *expansion) {
    Name left = lhs(c);
    Num res = num(c, c->value);
    const char *result = res.s;
    if (sym && !strcmp(sym, left.s))
        sym = NULL;
    if (expansion && (!strcmp(expansion, result) || (sym && !strcmp(expansion, sym))))
        expansion = NULL;
    Buf full = {0};
    buf_add(&full, left.s);
    if (sym)
        buf_printf(&full, " = %s", sym);
    if (expansion)
        buf_printf(&full, " = %s", expansion);
    buf_printf(&full, " = %s", result);
    if (text_width(buf_str(&full)) <= EXPLAIN_WIDTH) {
        line(c, "", "    ", buf_str(&full));
        free(full.s);
        return;
    }
    full.len = 0;
    buf_add(&full, left.s);
    bool sym_in_head = sym && text_width(left.s) + text_width(sym) + text_width(result) + 6 <= EXPLAIN_WIDTH;
    if (sym_in_head)
        buf_printf(&full, " = %s", sym);
    buf_printf(&full, " = %s", result);
    line(c, "", "    ", buf_str(&full));
    if (sym && !sym_in_head) {
        full.len = 0;
        buf_printf(&full, "= %s", sym);
        line(c, "  ", "    ", buf_str(&full));
    }
    if (expansion) {
        full.len = 0;
        buf_printf(&full, "= %s", expansion);
        line(c, "  ", "    ", buf_str(&full));
        full.len = 0;
        buf_printf(&full, "= %s", result);
        line(c, "  ", "    ", buf_str(&full));
    }
    free(full.s);
}

/* ---- sums of many terms ------------------------------------------------------- */

typedef Num (*TermFn)(const Ctx *c, const void *arg, int k);

/* terms: "t0 + t1 + … + t(n-1)" with the middle left out of long sums */
static void terms(const Ctx *c, Buf *b, int n, TermFn fn, const void *arg, const char *sep) {
    for (int k = 0; k < n; k++) {
        if (n > LONG_SUM && k == SHOW_HEAD) {
            buf_printf(b, "%s…", sep);
            k = n - SHOW_TAIL - 1;
            continue;
        }
        if (k)
            buf_add(b, sep);
        buf_add(b, fn(c, arg, k).s);
    }
}

/* the words after a long sum: "(12 terms; the middle 6 are not shown)" */
static void count_note(Ctx *c, int n) {
    if (n > LONG_SUM)
        NOTE(c, "(%d terms; the middle %d are not shown)", "（共 %d 项，中间 %d 项省略）", n,
             n - SHOW_HEAD - SHOW_TAIL);
}

/* ---- a value: literal, random, loaded, a copy --------------------------------- */

/* OPX_VALUE: `E = [[...]]`, random, load, eye(): an input of the lesson;
 * with one input (`X = E`, the embeddings without positions) a copy */
static void explain_value(Ctx *c) {
    int a = in(c, 0);
    const Matrix *m = a >= 0 ? mat(c, a) : NULL;
    if (!m || m->rows == 0) {
        equation(c, NULL, NULL);
        note(c, "%s",
             L(c, "An input of the lesson (written out, generated or loaded): nothing is computed.",
               "这是课程的输入（直接写出、生成或从文件载入），不经过计算。"));
        return;
    }
    int r = m->rows == 1 ? 0 : c->i, col = m->cols == 1 ? 0 : c->j;
    if (r >= m->rows || col >= m->cols) {
        equation(c, NULL, NULL);
        return;
    }
    Name ref = operand(c, a, r, col);
    equation(c, ref.s, NULL);
    highlight(c, a, r, col);
    if (strcmp(c->out->name, slot(c, a)->name) == 0)
        NOTE(c, "The value %s has at this point.", "%s 此时的值。", c->out->name);
    else
        NOTE(c, "%s is a copy of %s, cell for cell.", "%s 是 %s 的副本，逐格相同。", c->out->name,
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
        NOTE(c, "%s is a single number, used for every cell.", "%s 是一个数，每个格子都用它。", name);
    else if (m->rows == 1)
        NOTE(c, "%s is one row (1×%d): the same row is used for every row.",
             "%s 只有一行（1×%d）：每一行都用这同一行。", name, m->cols);
    else
        NOTE(c, "%s is one column (%d×1): its value in row %d is used across the row.",
             "%s 只有一列（%d×1）：第 %d 行的每一列都用它在这一行的值。", name, m->rows, c->i);
}

/* OPX_ADD, OPX_SUB, OPX_MUL, OPX_DIV: user operators, X = E + P in the
 * embeddings stage and R = X + O in the residual stage */
static bool explain_elementwise(Ctx *c) {
    static const char *const symbols[] = {"+", "−", "×", "/"};
    int a = in(c, 0), b = in(c, 1);
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
    Name na = operand(c, a, ra, ca), nb = operand(c, b, rb, cb);
    char sym[400], expansion[200];
    textf(sym, sizeof sym, "%s %s %s", na.s, op, nb.s);
    textf(expansion, sizeof expansion, "%s %s %s", (product ? factor(c, x) : num(c, x)).s, op,
          factor(c, y).s);
    bool both_literal = is_literal(slot(c, a)->name) && is_literal(slot(c, b)->name);
    equation(c, both_literal ? NULL : sym, expansion);
    highlight(c, a, ra, ca);
    highlight(c, b, rb, cb);
    broadcast_note(c, a);
    broadcast_note(c, b);
    if (c->rec->stage == STAGE_RESIDUAL)
        NOTE(c, "The residual connection adds the layer's input %s back to its output %s.",
             "残差连接把这一层的输入 %s 加回到它的输出 %s 上。", slot(c, a)->name, slot(c, b)->name);
    else if (c->rec->stage == STAGE_EMBED)
        note(c, "%s",
             L(c, "The token's embedding plus the encoding of its position.",
               "词元的嵌入加上它所在位置的编码。"));
    return true;
}

/* OPX_NEG: -M */
static bool explain_neg(Ctx *c) {
    int a = in(c, 0);
    if (a < 0 || c->i >= mat(c, a)->rows || c->j >= mat(c, a)->cols)
        return false;
    Name ref = operand(c, a, c->i, c->j);
    char sym[200], expansion[100];
    textf(sym, sizeof sym, "−%s", ref.s);
    textf(expansion, sizeof expansion, "−(%s)", num(c, at(c, a, c->i, c->j)).s);
    equation(c, sym, expansion);
    highlight(c, a, c->i, c->j);
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
    Num x = factor(c, at(c, d->a, d->i, k));
    Num y = factor(c, d->bt ? at(c, d->b, d->j, k) : at(c, d->b, k, d->j));
    Num t;
    textf(t.s, sizeof t.s, "%s×%s", x.s, y.s);
    return t;
}

/* OPX_MATMUL: the projections Q, K, V and O (with the bias as a third
 * input), the weighted sum Z_h = A_h·V_h, and the user's `a @ b` */
static bool explain_matmul(Ctx *c) {
    int a = in(c, 0), b = in(c, 1), bias = in(c, 2);
    if (a < 0 || b < 0)
        return false;
    const Matrix *A = mat(c, a), *B = mat(c, b);
    if (A->cols != B->rows || c->i >= A->rows || c->j >= B->cols)
        return false;
    if (bias >= 0 && (mat(c, bias)->rows < 1 || c->j >= mat(c, bias)->cols))
        bias = -1;
    int n = A->cols;
    Dot d = {.a = a, .b = b, .i = c->i, .j = c->j};
    Name rn = row_ref(c, a, c->i), cn = col_ref(c, b, c->j);
    Buf sym = {0}, ex = {0};
    buf_printf(&sym, "%s·%s", rn.s, cn.s);
    terms(c, &ex, n, dot_term, &d, " + ");
    if (bias >= 0) {
        Name bn;
        textf(bn.s, sizeof bn.s, needs_parens(slot(c, bias)->name) ? "(%s)[%d]" : "%s[%d]",
              slot(c, bias)->name, c->j);
        buf_printf(&sym, " + %s", bn.s);
        buf_printf(&ex, " + %s", factor(c, at(c, bias, 0, c->j)).s);
    }
    equation(c, buf_str(&sym), buf_str(&ex));
    free(sym.s), free(ex.s);
    highlight(c, a, c->i, -1);
    highlight(c, b, -1, c->j);
    if (bias >= 0)
        highlight(c, bias, 0, c->j);

    Name rw = cap(row_words(c, A, c->i));
    const char *an = slot(c, a)->name, *bn = slot(c, b)->name;
    if (c->rec->stage == STAGE_WEIGHTED) {
        if (c->zh)
            note(c, "%s 的%s是注意力权重（和为 1），用它们对 %s 的第 %d 列加权求和。", an, rw.s, bn, c->j);
        else
            note(c, "%s of %s holds the attention weights (they sum to 1); they mix column %d of %s.", rw.s,
                 an, c->j, bn);
    } else if (c->zh) {
        note(c, "%s 的%s与 %s 的第 %d 列逐项相乘，%d 个乘积求和%s%s。", an, rw.s, bn, c->j, n,
             bias >= 0 ? "，再加上偏置 " : "", bias >= 0 ? slot(c, bias)->name : "");
    } else {
        note(c, "%s of %s times column %d of %s: %d products, summed%s%s.", rw.s, an, c->j, bn, n,
             bias >= 0 ? ", plus the bias " : "", bias >= 0 ? slot(c, bias)->name : "");
    }
    count_note(c, n);
    return true;
}

/* OPX_MATMUL_BT: the scores S_h = Q_h·K_hᵀ; K_h is kept un-transposed, so
 * the key of token j is its row j */
static bool explain_scores(Ctx *c) {
    int a = in(c, 0), b = in(c, 1);
    if (a < 0 || b < 0)
        return false;
    const Matrix *A = mat(c, a), *B = mat(c, b);
    if (A->cols != B->cols || c->i >= A->rows || c->j >= B->rows)
        return false;
    int n = A->cols;
    Dot d = {.a = a, .b = b, .i = c->i, .j = c->j, .bt = true};
    Name qn = row_ref(c, a, c->i), kn = row_ref(c, b, c->j);
    Buf sym = {0}, ex = {0};
    buf_printf(&sym, "%s·%s", qn.s, kn.s);
    terms(c, &ex, n, dot_term, &d, " + ");
    equation(c, buf_str(&sym), buf_str(&ex));
    free(sym.s), free(ex.s);
    highlight(c, a, c->i, -1);
    highlight(c, b, c->j, -1);
    Name q = quoted(c, A, c->i), k = quoted(c, B, c->j);
    NOTE(c, "Query %s against key %s: the larger the score, the more %s attends to %s.",
         "查询 %s 与键 %s 的点积：分数越大，%s 越关注 %s。", q.s, k.s, q.s, k.s);
    count_note(c, n);
    return true;
}

/* ---- scaling and masking ------------------------------------------------------------ */

/* OPX_SCALE: T_h = S_h / √d_k (rec->divisor is √d_k) */
static bool explain_scale(Ctx *c) {
    int a = in(c, 0);
    if (a < 0 || c->i >= mat(c, a)->rows || c->j >= mat(c, a)->cols)
        return false;
    float div = c->rec->divisor;
    long dk = lroundf(div * div);
    char root[64];
    if (dk >= 1 && fabsf(sqrtf((float)dk) - div) <= 1e-5f * div)
        textf(root, sizeof root, "√%ld", dk);
    else
        textf(root, sizeof root, "%s", small(div).s);
    Name ref = operand(c, a, c->i, c->j);
    char sym[200], expansion[160];
    textf(sym, sizeof sym, "%s / √d_k", ref.s);
    textf(expansion, sizeof expansion, "%s / %s", num(c, at(c, a, c->i, c->j)).s, root);
    equation(c, sym, expansion);
    highlight(c, a, c->i, c->j);
    Num dv = num(c, div);
    if (c->zh)
        note(c, "d_k = %ld，%s = %s：除以它，点积的方差就不会随 d_k 增大。", dk, root, dv.s);
    else
        note(c, "d_k = %ld, %s = %s: dividing keeps the scores' spread from growing with d_k.", dk, root,
             dv.s);
    return true;
}

/* a position with its token: "2 (cats)" / "2（cats）" */
static Name position(const Ctx *c, const Matrix *m, int r) {
    Name n;
    const char *t = token(c, m, r);
    if (t)
        textf(n.s, sizeof n.s, c->zh ? "%d（%s）" : "%d (%s)", r, t);
    else
        textf(n.s, sizeof n.s, "%d", r);
    return n;
}

/* OPX_MASK: the causal mask, from `attention ... mask causal` and mask() */
static bool explain_mask(Ctx *c) {
    int a = in(c, 0);
    if (a < 0 || c->i >= mat(c, a)->rows || c->j >= mat(c, a)->cols)
        return false;
    const Matrix *T = mat(c, a);
    Name q = position(c, T, c->i), k = position(c, T, c->j);
    if (c->j <= c->i) {
        Name ref = operand(c, a, c->i, c->j);
        equation(c, ref.s, NULL);
        highlight(c, a, c->i, c->j);
        if (c->zh)
            note(c, "保留：键 %s ≤ 查询 %s，是它之前（或它自己）的词元。", k.s, q.s);
        else
            note(c, "Kept: key %s ≤ query %s, an earlier token or the same one.", k.s, q.s);
        return true;
    }
    equation(c, NULL, NULL);
    float mv = c->rec->mask_value;
    if (isinf(mv)) {
        if (c->zh)
            note(c, "被掩码：键 %s 在查询 %s 之后，词元不能看到后面的词元。", k.s, q.s);
        else
            note(c, "Masked: key %s comes after query %s, and a token may not look ahead.", k.s, q.s);
    } else if (c->zh) {
        note(c, "被掩码为 %s：键 %s 在查询 %s 之后，词元不能看到后面的词元。", small(mv).s, k.s, q.s);
    } else {
        note(c, "Masked with %s: key %s comes after query %s, and a token may not look ahead.", small(mv).s,
             k.s, q.s);
    }
    return true;
}

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
    return num(c, expf(s->x[k] - s->max));
}

/* one line per exponential: "  exp(0.50 − 1.00) = 0.61" */
static void exp_lines(Ctx *c, const RowSoftmax *s) {
    for (int k = 0; k < s->n; k++) {
        bool shown = s->n <= LONG_SUM || k < SHOW_HEAD || k >= s->n - SHOW_TAIL || k == c->j;
        if (!shown) {
            if (k == SHOW_HEAD || k == c->j + 1)
                line(c, "  ", "    ", "…");
            continue;
        }
        char s1[256];
        textf(s1, sizeof s1, "exp(%s − %s) = %s%s", num(c, s->x[k]).s, factor(c, s->max).s,
              num(c, expf(s->x[k] - s->max)).s, k == c->j ? L(c, "   ← this cell", "   ← 本格") : "");
        line(c, "  ", "    ", s1);
    }
}

/* OPX_SOFTMAX: A_h = softmax(T_h) row by row, and the user's softmax();
 * the edge cases are the kernel's (kernels.h) */
static bool explain_softmax(Ctx *c) {
    int a = in(c, 0);
    if (a < 0 || c->i >= mat(c, a)->rows || c->j >= mat(c, a)->cols)
        return false;
    const Matrix *T = mat(c, a);
    RowSoftmax s = row_softmax(T, c->i);
    Name row = row_of(c, a, c->i);
    highlight(c, a, c->i, -1);
    if (s.nan) {
        equation(c, NULL, NULL);
        NOTE(c, "There is a NaN in %s, so the whole row is NaN.", "%s含有 NaN，所以整行都是 NaN。", row.s);
        return true;
    }
    if (s.max == -INFINITY) {
        equation(c, NULL, NULL);
        NOTE(c, "Every score in %s is −∞ (every key is masked): nothing to attend to, so the row is all 0.",
             "%s全是 −∞（所有的键都被掩码）：没有可关注的词元，整行都是 0。", row.s);
        return true;
    }
    if (s.max == INFINITY) {
        char ex[64];
        textf(ex, sizeof ex, "1 / %d", s.pos_inf);
        equation(c, NULL, mat_get(T, c->i, c->j) == INFINITY ? ex : NULL);
        if (c->zh)
            note(c, "%s有 %d 个 +∞：它们平分全部权重，其余都是 0。", row.s, s.pos_inf);
        else
            note(c, "%d of the scores in %s are +∞: they share the weight equally, the others get 0.",
                 s.pos_inf, row.s);
        return true;
    }
    Name ref = operand(c, a, c->i, c->j);
    char sym[240], ex[160];
    textf(sym, sizeof sym, "exp(%s − max) / Σ", ref.s);
    textf(ex, sizeof ex, "%s / %s", num(c, expf(s.x[c->j] - s.max)).s, num(c, s.sum).s);
    equation(c, sym, ex);
    NOTE(c, "max = %s, the largest in %s; subtracting it keeps every exp ≤ 1:",
         "最大值 max = %s，取自 %s；减去它，每个 exp 都不超过 1：", num(c, s.max).s, row.s);
    exp_lines(c, &s);
    Buf sum = {0};
    buf_add(&sum, L(c, "Σ = ", "求和 Σ = "));
    terms(c, &sum, s.n, exp_term, &s, " + ");
    buf_printf(&sum, " = %s", num(c, s.sum).s);
    line(c, "", "    ", buf_str(&sum));
    free(sum.s);
    count_note(c, s.n);
    NOTE(c, "Every row of %s sums to 1.", "%s 的每一行之和都是 1。", c->out->name);
    return true;
}

/* ---- layer norm and the row statistics ------------------------------------------------ */

typedef struct RowStats {
    const float *x;
    int n, divisor;
    float mean, sum, sq, var;
} RowStats;

/* the mean and variance of a row, as the scalar kernel sums them */
static RowStats row_stats(const Matrix *m, int r, LnVariance variance) {
    RowStats s = {.x = mat_row(m, r), .n = m->cols};
    for (int k = 0; k < s.n; k++)
        s.sum += s.x[k];
    s.mean = s.n > 0 ? s.sum / (float)s.n : 0.0f;
    for (int k = 0; k < s.n; k++)
        s.sq += (s.x[k] - s.mean) * (s.x[k] - s.mean);
    s.divisor = variance == LN_VAR_SAMPLE ? s.n - 1 : s.n;
    s.var = s.divisor > 0 ? s.sq / (float)s.divisor : 0.0f;
    return s;
}

/* x_k in a sum: negative terms after the first in parentheses */
static Num value_term(const Ctx *c, const void *arg, int k) {
    float v = ((const RowStats *)arg)->x[k];
    return k ? factor(c, v) : num(c, v);
}

static Num square_term(const Ctx *c, const void *arg, int k) {
    const RowStats *s = arg;
    Num t;
    textf(t.s, sizeof t.s, "%s²", factor(c, s->x[k] - s->mean).s);
    return t;
}

/* "μ = (1 + 2 + 3 + 4) / 4 = 2.5" */
static void mean_line(Ctx *c, const RowStats *s) {
    Buf b = {0};
    buf_add(&b, L(c, "μ = (", "均值 μ = ("));
    terms(c, &b, s->n, value_term, s, " + ");
    buf_printf(&b, ") / %d = %s", s->n, num(c, s->mean).s);
    line(c, "", "    ", buf_str(&b));
    free(b.s);
}

/* "σ² = ((−1.5)² + ...) / 4 = 1.25" and which n it divides by */
static void variance_lines(Ctx *c, const RowStats *s, LnVariance variance) {
    Buf b = {0};
    buf_add(&b, L(c, "σ² = (", "方差 σ² = ("));
    terms(c, &b, s->n, square_term, s, " + ");
    buf_printf(&b, ") / %d = %s", s->divisor, num(c, s->var).s);
    line(c, "", "    ", buf_str(&b));
    free(b.s);
    count_note(c, s->n);
    if (variance == LN_VAR_SAMPLE)
        NOTE(c, "The variance divides by n − 1 = %d (the sample variance).",
             "方差除以 n − 1 = %d（样本方差）。", s->divisor);
    else
        NOTE(c, "The variance divides by n = %d (the population variance, as torch.nn.LayerNorm).",
             "方差除以 n = %d（总体方差，与 torch.nn.LayerNorm 相同）。", s->divisor);
}

/* OPX_LAYERNORM: Y = LayerNorm(R) in the last stage and layernorm();
 * inputs x [, gamma [, beta]] */
static bool explain_layernorm(Ctx *c) {
    int a = in(c, 0), g = in(c, 1), b = in(c, 2);
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
    Name ref = operand(c, a, c->i, c->j);
    char gname[100] = "γ", bname[100] = "β";
    if (g >= 0)
        textf(gname, sizeof gname, "γ[%d]", c->j);
    if (b >= 0)
        textf(bname, sizeof bname, "β[%d]", c->j);
    bool affine = g >= 0 || b >= 0;
    highlight(c, a, c->i, -1);
    highlight(c, g, 0, c->j);
    highlight(c, b, 0, c->j);

    if (s.var == 0.0f) {
        equation(c, b >= 0 ? bname : NULL, NULL);
        mean_line(c, &s);
        NOTE(c, "Every value in %s is the same (σ² = 0): it normalises to 0, so the result is β = %s.",
             "%s的值全都相同（σ² = 0）：归一化的结果是 0，所以结果就是 β = %s。", row_of(c, a, c->i).s,
             num(c, beta).s);
        return true;
    }
    char sym[400], ex[300];
    const char *root = inside ? "√(σ² + ε)" : "(σ + ε)";
    if (affine) {
        textf(sym, sizeof sym, "%s·(%s − μ)/%s + %s", gname, ref.s, root, bname);
        textf(ex, sizeof ex, "%s×(%s − %s)/%s + %s", factor(c, gamma).s, num(c, x).s, factor(c, s.mean).s,
              num(c, denom).s, factor(c, beta).s);
    } else {
        textf(sym, sizeof sym, "(%s − μ)/%s", ref.s, root);
        textf(ex, sizeof ex, "(%s − %s)/%s", num(c, x).s, factor(c, s.mean).s, num(c, denom).s);
    }
    equation(c, sym, ex);
    NOTE(c, "The mean and variance of %s:", "在 %s 上计算均值和方差：", row_of(c, a, c->i).s);
    mean_line(c, &s);
    variance_lines(c, &s, conv.variance);
    if (inside)
        NOTE(c, "ε = %s goes inside the square root: √(σ² + ε) = √(%s + %s) = %s.",
             "ε = %s 加在根号内：√(σ² + ε) = √(%s + %s) = %s。", small(conv.eps).s, num(c, s.var).s,
             small(conv.eps).s, num(c, denom).s);
    else
        NOTE(c, "ε = %s is added to σ, outside the square root: σ + ε = √%s + %s = %s.",
             "ε = %s 加在根号外的 σ 上：σ + ε = √%s + %s = %s。", small(conv.eps).s, num(c, s.var).s,
             small(conv.eps).s, num(c, denom).s);
    if (!affine)
        note(c, "%s", L(c, "No γ or β is given: γ = 1, β = 0.", "没有给出 γ 和 β：γ = 1，β = 0。"));
    else
        NOTE(c, "%s = %s (from %s), %s = %s (from %s).", "%s = %s（来自 %s），%s = %s（来自 %s）。", gname,
             num(c, gamma).s, g >= 0 ? slot(c, g)->name : "1", bname, num(c, beta).s,
             b >= 0 ? slot(c, b)->name : "0");
    return true;
}

/* OPX_MEAN, OPX_VAR, OPX_STD, OPX_SUM, OPX_MAX, OPX_MIN: mean(), var(),
 * std(), sum(), max(), min() of a row, into an n×1 column */
static bool explain_row_stat(Ctx *c) {
    int a = in(c, 0);
    if (a < 0 || c->i >= mat(c, a)->rows || mat(c, a)->cols < 1)
        return false;
    OpKind op = c->rec->op;
    RowStats s = row_stats(mat(c, a), c->i, c->rec->ln.variance);
    Name row = row_of(c, a, c->i);
    highlight(c, a, c->i, -1);
    Buf ex = {0};
    char sym[200];
    if (op == OPX_MAX || op == OPX_MIN) {
        buf_printf(&ex, "%s(", op == OPX_MAX ? "max" : "min");
        terms(c, &ex, s.n, value_term, &s, ", ");
        buf_add(&ex, ")");
        equation(c, NULL, buf_str(&ex));
        count_note(c, s.n);
        if (op == OPX_MAX)
            NOTE(c, "The largest value of %s.", "%s中最大的数。", row.s);
        else
            NOTE(c, "The smallest value of %s.", "%s中最小的数。", row.s);
    } else if (op == OPX_SUM) {
        terms(c, &ex, s.n, value_term, &s, " + ");
        equation(c, NULL, buf_str(&ex));
        count_note(c, s.n);
        NOTE(c, "The sum of %s.", "%s之和。", row.s);
    } else if (op == OPX_MEAN) {
        buf_printf(&ex, "%s / %d", num(c, s.sum).s, s.n);
        equation(c, "Σx / n", buf_str(&ex));
        ex.len = 0;
        buf_add(&ex, "Σx = ");
        terms(c, &ex, s.n, value_term, &s, " + ");
        buf_printf(&ex, " = %s", num(c, s.sum).s);
        line(c, "", "    ", buf_str(&ex));
        count_note(c, s.n);
        NOTE(c, "The mean of %s.", "%s的均值。", row.s);
    } else {
        const char *by = c->rec->ln.variance == LN_VAR_SAMPLE ? "(n − 1)" : "n";
        if (op == OPX_VAR) {
            textf(sym, sizeof sym, "Σ(x − μ)² / %s", by);
            buf_printf(&ex, "%s / %d", num(c, s.sq).s, s.divisor);
        } else {
            textf(sym, sizeof sym, "√(Σ(x − μ)² / %s)", by);
            buf_printf(&ex, "√(%s / %d)", num(c, s.sq).s, s.divisor);
        }
        equation(c, sym, buf_str(&ex));
        NOTE(c, "The mean and variance of %s:", "在 %s 上计算均值和方差：", row.s);
        mean_line(c, &s);
        variance_lines(c, &s, c->rec->ln.variance);
    }
    free(ex.s);
    return true;
}

/* ---- one cell from one cell ------------------------------------------------------------- */

/* OPX_SQRT, OPX_EXP, OPX_LOG, OPX_ABS, OPX_RELU: cell by cell */
static bool explain_map(Ctx *c) {
    int a = in(c, 0);
    if (a < 0 || c->i >= mat(c, a)->rows || c->j >= mat(c, a)->cols)
        return false;
    float x = at(c, a, c->i, c->j);
    Name ref = operand(c, a, c->i, c->j);
    bool lit = is_literal(slot(c, a)->name);
    char sym[200], ex[120];
    switch (c->rec->op) {
    case OPX_SQRT:
        textf(sym, sizeof sym, "√%s", ref.s);
        textf(ex, sizeof ex, "√%s", factor(c, x).s);
        break;
    case OPX_EXP:
    case OPX_LOG:
    case OPX_ABS: {
        const char *fn = c->rec->op == OPX_EXP ? "exp" : c->rec->op == OPX_LOG ? "log" : "abs";
        textf(sym, sizeof sym, "%s(%s)", fn, ref.s);
        textf(ex, sizeof ex, "%s(%s)", fn, num(c, x).s);
        break;
    }
    default:
        textf(sym, sizeof sym, "max(%s, 0)", ref.s);
        textf(ex, sizeof ex, "max(%s, 0)", num(c, x).s);
        break;
    }
    equation(c, lit ? NULL : sym, ex);
    highlight(c, a, c->i, c->j);
    if (c->rec->op == OPX_RELU)
        note(c, "%s",
             L(c, "relu keeps positive numbers and turns negative ones into 0.",
               "relu 保留正数，把负数变成 0。"));
    return true;
}

/* OPX_SHAPE: rows() and cols(), a count */
static bool explain_shape(Ctx *c) {
    int a = in(c, 0);
    if (a < 0)
        return false;
    equation(c, NULL, NULL);
    NOTE(c, "%s is %d×%d.", "%s 是 %d×%d。", slot(c, a)->name, mat(c, a)->rows, mat(c, a)->cols);
    return true;
}

/* OPX_TRANSPOSE: M^T, M.T, Mᵀ, transpose(M) */
static bool explain_transpose(Ctx *c) {
    int a = in(c, 0);
    if (a < 0 || c->j >= mat(c, a)->rows || c->i >= mat(c, a)->cols)
        return false;
    Name ref = operand(c, a, c->j, c->i);
    equation(c, ref.s, NULL);
    highlight(c, a, c->j, c->i);
    NOTE(c, "Transposing swaps rows and columns: [%d][%d] comes from [%d][%d].",
         "转置交换行和列：[%d][%d] 来自 [%d][%d]。", c->i, c->j, c->j, c->i);
    return true;
}

/* OPX_INDEX: M[i] (a row) and M[i][j] (a cell) */
static bool explain_index(Ctx *c) {
    int a = in(c, 0);
    int r = c->rec->index[0], col = c->rec->index[1] >= 0 ? c->rec->index[1] : c->j;
    if (a < 0 || r < 0 || r >= mat(c, a)->rows || col >= mat(c, a)->cols)
        return false;
    Name ref = indexed(slot(c, a)->name, r, col);
    equation(c, ref.s, NULL);
    highlight(c, a, r, col);
    const char *an = slot(c, a)->name;
    if (c->zh)
        note(c, "%s 的第 %d 行第 %d 列%s。", an, r, col,
             c->rec->index[1] >= 0 ? "" : "（取出一整行时的这一列）");
    else
        note(c, "Row %d, column %d of %s%s.", r, col, an,
             c->rec->index[1] >= 0 ? "" : " (the index takes the whole row)");
    return true;
}

/* "columns 2–3" / "第 2–3 列" */
static Name col_range(const Ctx *c, int c0, int width) {
    Name n;
    if (width == 1)
        textf(n.s, sizeof n.s, c->zh ? "第 %d 列" : "column %d", c0);
    else
        textf(n.s, sizeof n.s, c->zh ? "第 %d–%d 列" : "columns %d–%d", c0, c0 + width - 1);
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
static bool explain_head(Ctx *c) {
    bool split = c->out->head >= 0;
    int a = split ? split_source(c) : in(c, 0);
    int dk = c->out->m.cols;
    int head = split ? c->out->head : (dk > 0 ? c->rec->col0 / dk : 0);
    int c0 = split ? head * dk : c->rec->col0, col = c0 + c->j;
    if (a < 0 || c->i >= mat(c, a)->rows || col >= mat(c, a)->cols)
        return false;
    Name ref = indexed(slot(c, a)->name, c->i, col);
    equation(c, ref.s, NULL);
    highlight(c, a, c->i, col);
    Name range = col_range(c, c0, dk);
    if (c->zh)
        note(c, "第 %d 个头取 %s 的%s（d_k = %d）：它的第 %d 列就是 %s 的第 %d 列。", head, slot(c, a)->name,
             range.s, dk, c->j, slot(c, a)->name, col);
    else
        note(c, "Head %d takes %s of %s (d_k = %d): its column %d is column %d of %s.", head, range.s,
             slot(c, a)->name, dk, c->j, col, slot(c, a)->name);
    return true;
}

/* OPX_CONCAT: Z = [Z_h0 | Z_h1 | ...] and concat(A, B, ...) */
static bool explain_concat(Ctx *c) {
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
        Name ref = indexed(s->name, c->i, col);
        equation(c, ref.s, NULL);
        highlight(c, k, c->i, col);
        if (s->head >= 0 && c->zh)
            note(c, "%s 的第 %d 列来自第 %d 个头的第 %d 列（%s）：各个头的输出并排拼在一起。", c->out->name,
                 c->j, s->head, col, s->name);
        else if (s->head >= 0)
            note(c, "Column %d of %s is column %d of head %d (%s): the heads' outputs sit side by side.",
                 c->j, c->out->name, col, s->head, s->name);
        else if (c->zh)
            note(c, "第 %d 列来自第 %d 个输入 %s 的第 %d 列：输入按顺序并排拼在一起。", c->j, k, s->name,
                 col);
        else
            note(c, "Column %d is column %d of input %d, %s: the inputs sit side by side.", c->j, col, k,
                 s->name);
        return true;
    }
    return false;
}

/* OPX_POSITIONS: sinusoidal positions, P in the embeddings stage and
 * positions(n, d) */
static bool explain_positions(Ctx *c) {
    int d = c->out->m.cols, pos = c->i, two_i = c->j - c->j % 2;
    bool even = c->j % 2 == 0;
    double angle = pos / pow(10000.0, (double)two_i / d);
    char sym[120], ex[120];
    textf(sym, sizeof sym, "%s(%d / 10000^(%d/%d))", even ? "sin" : "cos", pos, two_i, d);
    textf(ex, sizeof ex, "%s(%s)", even ? "sin" : "cos", num(c, (float)angle).s);
    equation(c, sym, ex);
    if (even)
        NOTE(c, "Position %d; column %d is even, so sin, with 2i = %d and d = %d.",
             "位置 %d；第 %d 列是偶数列，用 sin，2i = %d，d = %d。", pos, c->j, two_i, d);
    else
        NOTE(c, "Position %d; column %d is odd, so cos, paired with column 2i = %d; d = %d.",
             "位置 %d；第 %d 列是奇数列，用 cos，与第 2i = %d 列成对，d = %d。", pos, c->j, two_i, d);
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
    if (c->zh)
        note(c, "期望 %s（误差 ±%.2g 以内）：%s。", small(e).s, (double)t, ok ? "一致" : "不一致");
    else
        note(c, "Expected %s (within ±%.2g): %s.", small(e).s, (double)t, ok ? "matches" : "does not match");
}

/* ---- the entry point --------------------------------------------------------------------- */

static bool dispatch(Ctx *c) {
    switch (c->rec->op) {
    case OPX_VALUE: explain_value(c); return true;
    case OPX_ADD:
    case OPX_SUB:
    case OPX_MUL:
    case OPX_DIV: return explain_elementwise(c);
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
    case OPX_ABS:
    case OPX_RELU: return explain_map(c);
    case OPX_MEAN:
    case OPX_VAR:
    case OPX_STD:
    case OPX_SUM:
    case OPX_MAX:
    case OPX_MIN: return explain_row_stat(c);
    case OPX_SHAPE: return explain_shape(c);
    case OPX_HEAD: return explain_head(c);
    case OPX_CONCAT: return explain_concat(c);
    case OPX_MASK: return explain_mask(c);
    case OPX_POSITIONS: return explain_positions(c);
    case OPX_SCALE: return explain_scale(c);
    }
    return false;
}

bool explain_cell(const Lesson *lesson, const Record *rec, int slot_index, int i, int j, int precision,
                  Explanation *out) {
    *out = (Explanation){0};
    if (!rec || rec->kind == REC_TEXT || slot_index < 0 || slot_index >= rec->noutputs)
        return false;
    const Slot *s = &rec->outputs[slot_index];
    if (i < 0 || j < 0 || i >= s->m.rows || j >= s->m.cols)
        return false;
    int prec = precision < 0 ? 0 : precision > 9 ? 9 : precision;
    Ctx c = {.lesson = lesson,
             .rec = rec,
             .out = s,
             .i = i,
             .j = j,
             .prec = prec,
             .zh = lesson && lesson->language && strcmp(lesson->language, "zh") == 0,
             .value = mat_get(&s->m, i, j),
             .e = out};
    if (!dispatch(&c)) {
        /* the record lacks what the operation needs (a matrix too large to
         * keep, say): the value alone */
        free(c.text.s);
        c.text = (Buf){0};
        out->nhighlights = 0;
        equation(&c, NULL, NULL);
    }
    if (rec->kind == REC_EXPECT)
        expect_note(&c);
    out->text = c.text.s ? c.text.s : strdup("");
    return true;
}

void explanation_free(Explanation *e) {
    if (!e)
        return;
    free(e->text);
    *e = (Explanation){0};
}
