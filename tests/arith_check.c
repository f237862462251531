/* arith_check.c - the arithmetic of an explanation, worked out again from
 * its printed numbers (arith_check.h). Three passes of its own: a line is
 * cut into tokens (numbers with the half unit of their last printed place,
 * operators in their ASCII and Unicode spellings, function names, words);
 * the tokens before each "=" or "≈" are put in postfix order by operator
 * precedence (shunting-yard); the postfix is run twice over intervals
 * [lo, hi], once with every number as printed (for "=") and once with
 * every number widened by its rounding (for "≈"). */
#include "arith_check.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- tokens ------------------------------------------------------------- */

typedef enum Kind { K_NUM, K_BINARY, K_PREFIX, K_POSTFIX, K_FUNC, K_OPEN, K_CLOSE, K_COMMA, K_REL, K_WORD } Kind;

typedef enum Op { O_ADD, O_SUB, O_MUL, O_DIV, O_POW, O_NEG, O_ROOT, O_SQUARE, O_CUBE } Op;

typedef struct Token {
    Kind kind;
    int code;           /* an Op, a function's index, or 1 for "≈" */
    double value, half; /* a number, and the half unit of its last printed place */
    const char *at;     /* where it is in the line, and its bytes */
    size_t len;
} Token;

/* the spellings of operators, brackets and relations; a minus is K_BINARY
 * here and read as prefix where an operand is due */
static const struct {
    const char *text;
    Kind kind;
    int code;
} spellings[] = {
    {"+", K_BINARY, O_ADD},   {"−", K_BINARY, O_SUB},   {"-", K_BINARY, O_SUB}, {"×", K_BINARY, O_MUL},
    {"·", K_BINARY, O_MUL},   {"*", K_BINARY, O_MUL},   {"/", K_BINARY, O_DIV}, {"^", K_BINARY, O_POW},
    {"√", K_PREFIX, O_ROOT},  {"²", K_POSTFIX, O_SQUARE}, {"³", K_POSTFIX, O_CUBE}, {"(", K_OPEN, 0},
    {")", K_CLOSE, 0},        {",", K_COMMA, 0},        {"=", K_REL, 0},        {"≈", K_REL, 1},
};

typedef enum Fn { F_EXP, F_LOG, F_SIN, F_COS, F_TANH, F_ERF, F_ABS, F_MAX, F_MIN } Fn;

static const struct {
    const char *name;
    int most; /* arguments: 1, or as many as given */
} functions[] = {{"exp", 1}, {"log", 1}, {"sin", 1}, {"cos", 1}, {"tanh", 1},
                 {"erf", 1}, {"abs", 1}, {"max", 1000}, {"min", 1000}};

static bool is_digit(char ch) { return ch >= '0' && ch <= '9'; }

static bool is_letter(char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_'; }

/* a number as printed: 2, 0.6519, -1.0000e+09 (its sign is a token of its
 * own), 1e-05. With a decimal point it was rounded, and stands for
 * anything within half a unit of its last place; without one it is a
 * count, a size or a constant of a formula (d = 4, 0.5·x·(1 + …), ε =
 * 1e-05), printed whole or in the six significant digits of %g. */
static const char *lex_number(const char *p, Token *t) {
    const char *q = p;
    int decimals = 0, exp10 = 0;
    bool point = false;
    while (is_digit(*q))
        q++;
    if (*q == '.' && is_digit(q[1])) {
        point = true;
        for (q++; is_digit(*q); q++)
            decimals++;
    }
    const char *e = q + 1;
    if (*q == 'e' || *q == 'E') {
        bool neg = *e == '-';
        if (*e == '-' || *e == '+')
            e++;
        if (is_digit(*e)) {
            for (; is_digit(*e); e++)
                exp10 = exp10 * 10 + (*e - '0');
            exp10 = neg ? -exp10 : exp10;
            q = e;
        }
    }
    char buf[80];
    size_t n = (size_t)(q - p) < sizeof buf ? (size_t)(q - p) : sizeof buf - 1;
    memcpy(buf, p, n);
    buf[n] = '\0';
    t->kind = K_NUM;
    t->value = strtod(buf, NULL);
    t->half = point ? 0.5 * pow(10.0, exp10 - decimals) : 5e-6 * fabs(t->value);
    return q;
}

/* the bytes of the UTF-8 character at p */
static size_t char_len(const char *p) {
    unsigned char c = (unsigned char)*p;
    size_t n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    for (size_t k = 1; k < n; k++)
        if (!p[k])
            return k;
    return n;
}

/* a name: "inf", "π" and the functions (when "(" follows at once) are
 * arithmetic; any other name is a word */
static void lex_name(Token *t) {
    t->kind = K_WORD;
    if (t->len == 3 && strncmp(t->at, "inf", 3) == 0) {
        *t = (Token){K_NUM, 0, INFINITY, 0, t->at, t->len};
        return;
    }
    if (t->at[t->len] != '(')
        return;
    for (size_t f = 0; f < sizeof functions / sizeof functions[0]; f++)
        if (strlen(functions[f].name) == t->len && strncmp(t->at, functions[f].name, t->len) == 0) {
            t->kind = K_FUNC;
            t->code = (int)f;
        }
}

/* tokenize: the tokens of the line [p, end) into t (room for end - p
 * of them, as each takes a byte at least); their number */
static int tokenize(const char *p, const char *end, Token *t) {
    int n = 0;
    while (p < end) {
        if (*p == ' ') {
            p++;
            continue;
        }
        Token *k = &t[n++];
        *k = (Token){K_WORD, 0, 0, 0, p, 0};
        if (is_digit(*p)) {
            p = lex_number(p, k);
        } else if (is_letter(*p)) {
            while (p < end && (is_letter(*p) || is_digit(*p)))
                p++;
            k->len = (size_t)(p - k->at);
            lex_name(k);
        } else if (strncmp(p, "π", strlen("π")) == 0) {
            *k = (Token){K_NUM, 0, M_PI, 0, p, 0};
            p += strlen("π");
        } else {
            size_t len = char_len(p);
            for (size_t s = 0; s < sizeof spellings / sizeof spellings[0]; s++)
                if (strncmp(p, spellings[s].text, strlen(spellings[s].text)) == 0) {
                    k->kind = spellings[s].kind;
                    k->code = spellings[s].code;
                    len = strlen(spellings[s].text);
                    break;
                }
            p += len;
        }
        k->len = (size_t)(p - k->at);
    }
    return n;
}

/* ---- postfix order ---------------------------------------------------------- */

/* one step of the postfix: a number, an operator, or a call of a function
 * with its number of arguments */
typedef struct Step {
    Kind kind; /* K_NUM, K_BINARY, K_PREFIX, K_POSTFIX or K_FUNC */
    int code, args;
    double value, half;
} Step;

/* binding strength: sums, products, prefix − and √, powers (right to left) */
static int precedence(Kind kind, int code) {
    if (kind == K_PREFIX)
        return 3;
    return code == O_ADD || code == O_SUB ? 1 : code == O_POW ? 4 : 2;
}

/* postfix: the tokens t[0..n) as one whole expression in postfix order
 * (out has room for n steps); its length, or -1 when they are not one */
static int postfix(const Token *t, int n, Step *out) {
    Step *held = malloc(sizeof *held * (size_t)(n + 1)); /* operators, "(" (K_OPEN) and calls waiting */
    int nout = 0, nheld = 0;
    bool operand = true; /* an operand is due next */
    bool ok = true;
    for (int k = 0; k < n && ok; k++) {
        const Token *x = &t[k];
        if (operand) {
            if (x->kind == K_NUM) {
                out[nout++] = (Step){K_NUM, 0, 0, x->value, x->half};
                operand = false;
            } else if (x->kind == K_BINARY && x->code == O_SUB) {
                held[nheld++] = (Step){K_PREFIX, O_NEG, 0, 0, 0};
            } else if (x->kind == K_PREFIX || x->kind == K_OPEN) {
                held[nheld++] = (Step){x->kind, x->code, 0, 0, 0};
            } else if (x->kind == K_FUNC && k + 1 < n && t[k + 1].kind == K_OPEN) {
                held[nheld++] = (Step){K_FUNC, x->code, 1, 0, 0};
                k++;
            } else {
                ok = false;
            }
            continue;
        }
        if (x->kind == K_BINARY) {
            int p = precedence(K_BINARY, x->code);
            bool right = x->code == O_POW;
            while (nheld > 0 && (held[nheld - 1].kind == K_BINARY || held[nheld - 1].kind == K_PREFIX)) {
                int q = precedence(held[nheld - 1].kind, held[nheld - 1].code);
                if (q < p || (q == p && right))
                    break;
                out[nout++] = held[--nheld];
            }
            held[nheld++] = (Step){K_BINARY, x->code, 0, 0, 0};
            operand = true;
        } else if (x->kind == K_POSTFIX) {
            out[nout++] = (Step){K_POSTFIX, x->code, 0, 0, 0}; /* binds closest: to the operand just done */
        } else if (x->kind == K_CLOSE || x->kind == K_COMMA) {
            while (nheld > 0 && held[nheld - 1].kind != K_OPEN && held[nheld - 1].kind != K_FUNC)
                out[nout++] = held[--nheld];
            if (nheld == 0) {
                ok = false;
            } else if (x->kind == K_COMMA) {
                Step *call = &held[nheld - 1];
                ok = call->kind == K_FUNC && call->args < functions[call->code].most;
                call->args++;
                operand = true;
            } else if (held[--nheld].kind == K_FUNC) {
                out[nout++] = held[nheld];
            }
        } else {
            ok = false; /* two operands side by side, or a word */
        }
    }
    if (operand)
        ok = false;
    while (ok && nheld > 0) {
        Step s = held[--nheld];
        ok = s.kind == K_BINARY || s.kind == K_PREFIX;
        out[nout++] = s;
    }
    free(held);
    return ok ? nout : -1;
}

/* ---- intervals ------------------------------------------------------------- */

typedef struct Iv {
    double lo, hi;
} Iv;

static const Iv anything = {-INFINITY, INFINITY};

static Iv hull4(double a, double b, double c, double d) {
    if (isnan(a) || isnan(b) || isnan(c) || isnan(d))
        return anything;
    return (Iv){fmin(fmin(a, b), fmin(c, d)), fmax(fmax(a, b), fmax(c, d))};
}

static bool has_zero(Iv a) { return a.lo <= 0 && a.hi >= 0; }

static Iv iv_binary(int op, Iv a, Iv b) {
    switch (op) {
    case O_ADD:
        return (Iv){a.lo + b.lo, a.hi + b.hi};
    case O_SUB:
        return (Iv){a.lo - b.hi, a.hi - b.lo};
    case O_MUL:
        return hull4(a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi);
    case O_DIV:
        if (has_zero(b))
            return b.lo == b.hi ? (Iv){a.lo / b.lo, a.hi / b.lo} : anything;
        return hull4(a.lo / b.lo, a.lo / b.hi, a.hi / b.lo, a.hi / b.hi);
    default: /* O_POW: monotonic in each argument for a positive base */
        if (a.lo == a.hi && b.lo == b.hi)
            return (Iv){pow(a.lo, b.lo), pow(a.lo, b.lo)};
        if (a.lo <= 0)
            return anything;
        return hull4(pow(a.lo, b.lo), pow(a.lo, b.hi), pow(a.hi, b.lo), pow(a.hi, b.hi));
    }
}

/* sin over [lo, hi], shifted by `phase` (π/2 for cos): its extremes are at
 * the ends or at a peak or trough inside */
static Iv iv_wave(Iv a, double phase) {
    double lo = a.lo + phase, hi = a.hi + phase;
    if (!isfinite(lo) || !isfinite(hi) || hi - lo >= 2 * M_PI)
        return lo == hi ? (Iv){sin(lo), sin(lo)} : (Iv){-1.0, 1.0};
    Iv r = {fmin(sin(lo), sin(hi)), fmax(sin(lo), sin(hi))};
    if (M_PI / 2 + 2 * M_PI * ceil((lo - M_PI / 2) / (2 * M_PI)) <= hi)
        r.hi = 1;
    if (-M_PI / 2 + 2 * M_PI * ceil((lo + M_PI / 2) / (2 * M_PI)) <= hi)
        r.lo = -1;
    return r;
}

static Iv iv_unary(Kind kind, int code, Iv a) {
    if (kind == K_PREFIX && code == O_NEG)
        return (Iv){-a.hi, -a.lo};
    if (kind == K_PREFIX) /* √ */
        return a.hi < 0 ? (Iv){NAN, NAN} : (Iv){sqrt(fmax(a.lo, 0)), sqrt(a.hi)};
    if (kind == K_POSTFIX && code == O_CUBE)
        return (Iv){a.lo * a.lo * a.lo, a.hi * a.hi * a.hi};
    if (kind == K_POSTFIX || code == F_ABS) { /* x², |x| */
        double l = fabs(a.lo), h = fabs(a.hi), big = fmax(l, h), small = has_zero(a) ? 0 : fmin(l, h);
        return kind == K_POSTFIX ? (Iv){small * small, big * big} : (Iv){small, big};
    }
    switch (code) {
    case F_EXP:
        return (Iv){exp(a.lo), exp(a.hi)};
    case F_LOG:
        return (Iv){a.lo <= 0 && a.lo < a.hi ? -(double)INFINITY : log(a.lo), log(a.hi)};
    case F_TANH:
        return (Iv){tanh(a.lo), tanh(a.hi)};
    case F_ERF:
        return (Iv){erf(a.lo), erf(a.hi)};
    case F_SIN:
        return iv_wave(a, 0);
    default: /* F_COS */
        return iv_wave(a, M_PI / 2);
    }
}

/* run: the postfix's value over intervals, each number as printed or, when
 * `widened`, as anything it may have been before its rounding */
static Iv run(const Step *s, int n, bool widened) {
    Iv *stack = malloc(sizeof *stack * (size_t)(n + 1));
    int depth = 0;
    for (int k = 0; k < n; k++) {
        if (s[k].kind == K_NUM) {
            double h = widened ? s[k].half : 0;
            stack[depth++] = (Iv){s[k].value - h, s[k].value + h};
        } else if (s[k].kind == K_BINARY) {
            depth--;
            stack[depth - 1] = iv_binary(s[k].code, stack[depth - 1], stack[depth]);
        } else if (s[k].kind == K_FUNC && s[k].args > 1) { /* max, min */
            depth -= s[k].args - 1;
            Iv *a = &stack[depth - 1];
            for (int m = 1; m < s[k].args; m++)
                *a = s[k].code == F_MAX ? (Iv){fmax(a->lo, a[m].lo), fmax(a->hi, a[m].hi)}
                                        : (Iv){fmin(a->lo, a[m].lo), fmin(a->hi, a[m].hi)};
        } else if (!(s[k].kind == K_FUNC && (s[k].code == F_MAX || s[k].code == F_MIN))) {
            stack[depth - 1] = iv_unary(s[k].kind, s[k].code, stack[depth - 1]);
        }
    }
    Iv r = stack[0];
    free(stack);
    return r;
}

/* ---- equations -------------------------------------------------------------- */

/* fail: the equation from..to = sign..want, counted and, among the first
 * few, reported */
static void fail(ArithStats *st, const char *where, const char *line, size_t line_len, const Token *from,
                 const Token *to, double got, const char *why, const Token *sign, const Token *want) {
    st->failed++;
    size_t used = strlen(st->first);
    if (st->failed > 4 || used + 1 >= sizeof st->first)
        return;
    snprintf(st->first + used, sizeof st->first - used, "%s: %.*s is %.9g, %s %.*s\n    in: %.*s\n", where,
             (int)(to->at + to->len - from->at), from->at, got, why, (int)(want->at + want->len - sign->at), sign->at, (int)line_len,
             line);
}

static bool spelt(const Token *t, const char *text) { return t->len == strlen(text) && !strncmp(t->at, text, t->len); }

/* whether an expression may start after token t: after a relation, a
 * comma, a mark that ends a clause or a word, but not where it carries
 * on one ("+", "(", "√") or a sum left out ("…"); and a minus after a
 * word is its subtraction ("d − 1"), not a sign */
static bool opens_clause(const Token *t, const Token *start) {
    static const char *const marks[] = {":", ";", ".", "：", "；", "，", "。"};
    if (t->kind == K_REL || t->kind == K_COMMA)
        return true;
    if (t->kind != K_WORD || spelt(t, "…"))
        return false;
    for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++)
        if (spelt(t, marks[k]))
            return true;
    return !(start->kind == K_BINARY && start->code == O_SUB);
}

/* the equation whose relation is t[r]: its right side a lone number (with
 * its sign) that no operator carries on; its left side the longest
 * expression that ends just before the relation and starts after the
 * last word or relation before it */
static void check_equation(ArithStats *st, const char *where, const char *line, size_t line_len, const Token *t,
                           int n, int r, Step *steps) {
    int k = r + 1;
    bool neg = k < n && t[k].kind == K_BINARY && t[k].code == O_SUB;
    k += neg;
    if (k >= n || t[k].kind != K_NUM)
        return;
    if (k + 1 < n && (t[k + 1].kind == K_BINARY || t[k + 1].kind == K_POSTFIX))
        return; /* "= 0.23 / 1.5 = …": an expression, not a result */
    double want = neg ? -t[k].value : t[k].value, half = t[k].half;
    int first = r;
    while (first > 0 && t[first - 1].kind != K_WORD && t[first - 1].kind != K_REL)
        first--;
    int len = -1, from = first;
    for (; from < r && len < 0; from++)
        len = postfix(t + from, r - from, steps);
    if (len < 0)
        return; /* no arithmetic before it */
    from--;
    if (from > 0 && !opens_clause(&t[from - 1], &t[from]))
        return; /* the end of a longer expression: "… + 0.33×0.18 = 0.13" */
    Iv exact = run(steps, len, false), range = run(steps, len, true);
    double got = 0.5 * (exact.lo + exact.hi);
    if (exact.lo == exact.hi)
        got = exact.lo;
    st->checked++;
    bool approx = t[r].code == 1;
    st->approx += approx;
    bool holds = isinf(want) ? got == want : fabs(got - want) <= half * (1 + 1e-9) + 1e-12;
    if (!approx) {
        if (!holds)
            fail(st, where, line, line_len, &t[from], &t[r - 1], got, "which does not round to", &t[r + 1], &t[k]);
        return;
    }
    double slack = half + 1e-6 * fabs(want) + 1e-12; /* and float arithmetic on the unrounded numbers */
    if (holds)
        fail(st, where, line, line_len, &t[from], &t[r - 1], got, "which rounds to (so = and not ≈)", &t[r + 1], &t[k]);
    else if (!(want >= range.lo - slack && want <= range.hi + slack))
        fail(st, where, line, line_len, &t[from], &t[r - 1], got, "further than the rounding of its numbers from",
             &t[r + 1], &t[k]);
}

void arith_check_text(ArithStats *st, const char *text, const char *where) {
    for (const char *line = text; *line;) {
        const char *end = strchr(line, '\n');
        if (!end)
            end = line + strlen(line);
        size_t bytes = (size_t)(end - line);
        Token *t = malloc(sizeof *t * (bytes + 1));
        Step *steps = malloc(sizeof *steps * (bytes + 1));
        int n = tokenize(line, end, t);
        for (int r = 0; r < n; r++)
            if (t[r].kind == K_REL)
                check_equation(st, where, line, bytes, t, n, r, steps);
        free(t);
        free(steps);
        line = *end ? end + 1 : end;
    }
}
