/* arith_check.c - the arithmetic of an explanation, worked out again from
 * its printed numbers (arith_check.h). A small evaluator of its own: each
 * value carries a bound on its error from the printed rounding, so that
 * "=" can be held to the digits shown and "≈" to the rounding of its
 * numbers. */
#include "arith_check.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Val {
    double v, e; /* the value worked out from the printed numbers; its error bound */
} Val;

typedef struct Px {
    const char *p;
    bool bad;
} Px;

static void skip_spaces(Px *x) {
    while (*x->p == ' ')
        x->p++;
}

/* one of the UTF-8 or ASCII spellings of an operator or a name */
static bool take(Px *x, const char *tok) {
    skip_spaces(x);
    size_t n = strlen(tok);
    if (strncmp(x->p, tok, n) != 0)
        return false;
    x->p += n;
    return true;
}

/* a printed number: its value, and half a unit in its last printed place */
static bool number(const char *p, const char **end, Val *out) {
    const char *q = p;
    int decimals = 0, exp10 = 0;
    if (!(*q >= '0' && *q <= '9'))
        return false;
    while (*q >= '0' && *q <= '9')
        q++;
    if (*q == '.' && q[1] >= '0' && q[1] <= '9') {
        q++;
        while (*q >= '0' && *q <= '9')
            q++, decimals++;
    }
    if ((*q == 'e' || *q == 'E') && (q[1] == '-' || q[1] == '+' || (q[1] >= '0' && q[1] <= '9'))) {
        char *e;
        exp10 = (int)strtol(q + 1, &e, 10);
        q = e;
    }
    char buf[64];
    size_t n = (size_t)(q - p) < sizeof buf - 1 ? (size_t)(q - p) : sizeof buf - 1;
    memcpy(buf, p, n);
    buf[n] = '\0';
    *out = (Val){strtod(buf, NULL), 0.5 * pow(10.0, exp10 - decimals)};
    *end = q;
    return true;
}

/* the error of f(a) for a monotonic or 1-Lipschitz f: the larger change
 * at either end of a's interval */
static Val apply(double (*f)(double), Val a) {
    double y = f(a.v), up = fabs(f(a.v + a.e) - y), down = fabs(y - f(a.v - a.e));
    return (Val){y, up > down ? up : down};
}

static Val mul(Val a, Val b) { return (Val){a.v * b.v, fabs(a.v) * b.e + fabs(b.v) * a.e + a.e * b.e}; }

static Val divide(Val a, Val b) {
    double lo = fabs(b.v) - b.e;
    return (Val){a.v / b.v, lo > 0 ? (fabs(a.v) * b.e + fabs(b.v) * a.e) / (fabs(b.v) * lo) : (double)INFINITY};
}

static Val power(Val a, Val b) {
    double y = pow(a.v, b.v), e = 0;
    for (int s = -1; s <= 1; s += 2)
        for (int t = -1; t <= 1; t += 2) {
            double d = fabs(pow(a.v + s * a.e, b.v + t * b.e) - y);
            e = d > e || isnan(d) ? d : e;
        }
    return (Val){y, e};
}

static Val ax_expr(Px *x);

static double root(double v) { return sqrt(v > 0 ? v : 0); }

typedef struct Fn {
    const char *name;
    double (*f)(double);
} Fn;

static const Fn functions[] = {{"exp(", exp}, {"log(", log}, {"sin(", sin}, {"cos(", cos},
                               {"tanh(", tanh}, {"erf(", erf}, {"abs(", fabs}};

static Val ax_primary(Px *x) {
    skip_spaces(x);
    Val v = {0, 0};
    for (size_t k = 0; k < sizeof functions / sizeof functions[0]; k++)
        if (take(x, functions[k].name)) {
            Val a = ax_expr(x);
            if (!take(x, ")"))
                x->bad = true;
            return apply(functions[k].f, a);
        }
    bool is_max = take(x, "max(");
    if (is_max || take(x, "min(")) {
        Val a = ax_expr(x);
        while (take(x, ",")) {
            Val b = ax_expr(x);
            bool pick = is_max ? b.v > a.v : b.v < a.v;
            a = (Val){pick ? b.v : a.v, a.e > b.e ? a.e : b.e};
        }
        if (!take(x, ")"))
            x->bad = true;
        return a;
    }
    if (take(x, "(")) {
        v = ax_expr(x);
        if (!take(x, ")"))
            x->bad = true;
        return v;
    }
    const char *end;
    if (!number(x->p, &end, &v)) {
        x->bad = true;
        return v;
    }
    x->p = end;
    return v;
}

static Val ax_factor(Px *x);

static Val ax_power(Px *x) {
    Val a = ax_primary(x);
    if (take(x, "²"))
        a = mul(a, a);
    else if (take(x, "³"))
        a = mul(mul(a, a), a);
    if (take(x, "^"))
        a = power(a, ax_factor(x));
    return a;
}

static Val ax_factor(Px *x) {
    if (take(x, "−") || take(x, "-")) {
        Val a = ax_factor(x);
        return (Val){-a.v, a.e};
    }
    if (take(x, "√"))
        return apply(root, ax_factor(x));
    return ax_power(x);
}

static Val ax_term(Px *x) {
    Val a = ax_factor(x);
    for (;;) {
        if (take(x, "×") || take(x, "·") || take(x, "*"))
            a = mul(a, ax_factor(x));
        else if (take(x, "/"))
            a = divide(a, ax_factor(x));
        else
            return a;
    }
}

static Val ax_expr(Px *x) {
    Val a = ax_term(x);
    for (;;) {
        if (take(x, "+")) {
            Val b = ax_term(x);
            a = (Val){a.v + b.v, a.e + b.e};
        } else if (take(x, "−") || take(x, "-")) {
            Val b = ax_term(x);
            a = (Val){a.v - b.v, a.e + b.e};
        } else {
            return a;
        }
    }
}

static bool starts_with_any(const char *p, const char *const *toks, size_t n) {
    for (size_t k = 0; k < n; k++)
        if (strncmp(p, toks[k], strlen(toks[k])) == 0)
            return true;
    return false;
}

/* what may follow the number an equation ends with: the end, a mark that
 * closes a sentence or a clause (English or Chinese), or words; not an
 * operator (the number then starts an expression: 2 × 3) */
static bool ends_number(const char *p) {
    static const char *const marks[] = {".", ",", ";", ":", ")", "。", "，", "；", "：", "）"};
    static const char *const ops[] = {"+", "−", "-", "×", "·", "*", "/", "^", "²", "³"};
    if (*p != '\0' && *p != ' ')
        return starts_with_any(p, marks, sizeof marks / sizeof marks[0]);
    p += strspn(p, " ");
    return !starts_with_any(p, ops, sizeof ops / sizeof ops[0]);
}

/* the number a part starts with, when nothing but words or marks follow;
 * a leading minus (− or -) is part of it */
static bool result_number(const char *part, Val *out) {
    bool neg = false;
    if (strncmp(part, "−", strlen("−")) == 0)
        part += strlen("−"), neg = true;
    else if (*part == '-')
        part++, neg = true;
    const char *end;
    if (!number(part, &end, out) || !ends_number(end))
        return false;
    if (neg)
        out->v = -out->v;
    return true;
}

static void report(ArithStats *st, const char *where, const char *line, const char *expr, double got,
                   const char *why, const char *want) {
    st->failed++;
    size_t used = strlen(st->first);
    if (st->failed <= 4 && used + 1 < sizeof st->first) {
        snprintf(st->first + used, sizeof st->first - used, "%s: %s is %.9g, %s %s", where, expr, got, why, want);
        used = strlen(st->first);
        snprintf(st->first + used, sizeof st->first - used, "\n    in: %s\n", line);
    }
}

/* what follows the last ", ", ": ", "; " (or "，", "：", "；") of a part */
static const char *last_clause(const char *part) {
    static const char *const marks[] = {", ", ": ", "; ", "，", "：", "；"};
    const char *start = part;
    for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++) {
        size_t n = strlen(marks[k]);
        for (const char *p = part; (p = strstr(p, marks[k])); p += n)
            if (p + n > start)
                start = p + n;
    }
    return start;
}

static void check_line(ArithStats *st, const char *line, const char *where) {
    /* the parts between " = " and " ≈ ", and which of them joins each to the next */
    char *copy = strdup(line);
    char *parts[48];
    bool approx[48];
    int n = 0;
    for (char *p = copy; n < 48;) {
        parts[n] = p;
        char *eq = strstr(p, " = "), *ap = strstr(p, " ≈ ");
        char *sep = eq && (!ap || eq < ap) ? eq : ap;
        approx[n++] = sep && sep == ap;
        if (!sep)
            break;
        *sep = '\0';
        p = sep + (sep == eq ? 3 : strlen(" ≈ "));
    }
    for (int k = 0; k + 1 < n; k++) {
        Val want;
        if (!result_number(parts[k + 1], &want))
            continue;
        Px x = {parts[k], false};
        Val got = ax_expr(&x);
        skip_spaces(&x);
        if (x.bad || *x.p != '\0') {
            /* words, then the arithmetic: "d_k = 4, √4 = 2.0000" */
            x = (Px){last_clause(parts[k]), false};
            got = ax_expr(&x);
            skip_spaces(&x);
        }
        if (x.bad || *x.p != '\0' || !isfinite(got.v))
            continue;
        st->checked++;
        char shown[64];
        snprintf(shown, sizeof shown, "%.*s", (int)strcspn(parts[k + 1], " ,;:)"), parts[k + 1]);
        /* = : worked out from the printed numbers, it rounds to the result */
        bool holds = fabs(got.v - want.v) <= want.e * (1 + 1e-9) + 1e-12;
        if (!approx[k]) {
            if (!holds)
                report(st, where, line, parts[k], got.v, "which does not round to", shown);
            continue;
        }
        st->approx++;
        /* ≈ : only where = would be false, and then only by the rounding */
        double slack = got.e + want.e + 1e-6 * fabs(want.v) + 1e-12;
        if (holds)
            report(st, where, line, parts[k], got.v, "which rounds to (so = and not ≈)", shown);
        else if (fabs(got.v - want.v) > slack)
            report(st, where, line, parts[k], got.v, "further than the rounding of its numbers from", shown);
    }
    free(copy);
}

void arith_check_text(ArithStats *st, const char *text, const char *where) {
    char *copy = strdup(text);
    char *save, *line = strtok_r(copy, "\n", &save);
    for (; line; line = strtok_r(NULL, "\n", &save))
        check_line(st, line, where);
    free(copy);
}
