/* explain_check.c - whether an equation an explanation writes holds at the
 * digits it shows (docs/ui.md, "Explanations"): its left side worked out
 * from the numbers as printed, and rounded to the decimals of the number on
 * its right, gives that number. 1.0000 + 0.6519 = 1.6518 does not (the
 * cells were added before rounding): such an equation is written with ≈,
 * and the explanation ends with a note that says why.
 *
 * The left side is arithmetic when it is numbers, + − × · / ^ ( ) √ ² ³
 * and exp log sin cos tanh erf abs max min, whole or after the last
 * ", " or ": " of a sentence; anything else (a name, a sum with "…") is
 * not worked out, and its "=" stays. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "output/explain_internal.h"

typedef struct Ev {
    const char *p;
    bool bad;
} Ev;

static void ev_spaces(Ev *x) {
    while (*x->p == ' ')
        x->p++;
}

static bool ev_take(Ev *x, const char *tok) {
    ev_spaces(x);
    size_t n = strlen(tok);
    if (strncmp(x->p, tok, n) != 0)
        return false;
    x->p += n;
    return true;
}

/* a printed number (1.6518, 1e-05, 2): its value, and in *half half a
 * unit in its last place */
static bool ev_number(const char *p, const char **end, double *v, double *half) {
    const char *q = p;
    int decimals = 0, exp10 = 0;
    if (!(*q >= '0' && *q <= '9'))
        return false;
    while (*q >= '0' && *q <= '9')
        q++;
    if (*q == '.' && q[1] >= '0' && q[1] <= '9')
        for (q++; *q >= '0' && *q <= '9'; q++)
            decimals++;
    if ((*q == 'e' || *q == 'E') && (q[1] == '-' || q[1] == '+' || (q[1] >= '0' && q[1] <= '9'))) {
        char *e;
        exp10 = (int)strtol(q + 1, &e, 10);
        q = e;
    }
    *v = strtod(p, NULL);
    *half = 0.5 * pow(10.0, exp10 - decimals);
    *end = q;
    return true;
}

static double ev_expr(Ev *x);
static double ev_factor(Ev *x);

typedef struct EvFn {
    const char *name;
    double (*f)(double);
} EvFn;

static const EvFn ev_functions[] = {{"exp(", exp}, {"log(", log}, {"sin(", sin}, {"cos(", cos},
                                    {"tanh(", tanh}, {"erf(", erf}, {"abs(", fabs}};

static double ev_primary(Ev *x) {
    ev_spaces(x);
    for (size_t k = 0; k < sizeof ev_functions / sizeof ev_functions[0]; k++)
        if (ev_take(x, ev_functions[k].name)) {
            double a = ev_expr(x);
            x->bad |= !ev_take(x, ")");
            return ev_functions[k].f(a);
        }
    bool is_max = ev_take(x, "max(");
    if (is_max || ev_take(x, "min(")) {
        double a = ev_expr(x);
        while (ev_take(x, ",")) {
            double b = ev_expr(x);
            a = is_max ? fmax(a, b) : fmin(a, b);
        }
        x->bad |= !ev_take(x, ")");
        return a;
    }
    if (ev_take(x, "(")) {
        double a = ev_expr(x);
        x->bad |= !ev_take(x, ")");
        return a;
    }
    const char *end;
    double v, half;
    if (!ev_number(x->p, &end, &v, &half)) {
        x->bad = true;
        return 0.0;
    }
    x->p = end;
    return v;
}

static double ev_power(Ev *x) {
    double a = ev_primary(x);
    if (ev_take(x, "²"))
        a = a * a;
    else if (ev_take(x, "³"))
        a = a * a * a;
    if (ev_take(x, "^"))
        a = pow(a, ev_factor(x));
    return a;
}

static double ev_factor(Ev *x) {
    if (ev_take(x, "−") || ev_take(x, "-"))
        return -ev_factor(x);
    if (ev_take(x, "√"))
        return sqrt(ev_factor(x));
    return ev_power(x);
}

static double ev_term(Ev *x) {
    double a = ev_factor(x);
    for (;;) {
        if (ev_take(x, "×") || ev_take(x, "·") || ev_take(x, "*"))
            a *= ev_factor(x);
        else if (ev_take(x, "/"))
            a /= ev_factor(x);
        else
            return a;
    }
}

static double ev_expr(Ev *x) {
    double a = ev_term(x);
    for (;;) {
        if (ev_take(x, "+"))
            a += ev_term(x);
        else if (ev_take(x, "−") || ev_take(x, "-"))
            a -= ev_term(x);
        else
            return a;
    }
}

static bool ev_starts(const char *p, size_t len, const char *const *toks, size_t n) {
    for (size_t k = 0; k < n; k++)
        if (len >= strlen(toks[k]) && strncmp(p, toks[k], strlen(toks[k])) == 0)
            return true;
    return false;
}

/* what may follow the number an equation ends with: the end, a mark that
 * closes a sentence or a clause, or words (not an operator: then the
 * number starts an expression) */
static bool ev_ends_number(const char *p, size_t len) {
    static const char *const marks[] = {".", ",", ";", ":", ")", "。", "，", "；", "：", "）"};
    static const char *const ops[] = {"+", "−", "-", "×", "·", "*", "/", "^", "²", "³"};
    if (len > 0 && *p != ' ')
        return ev_starts(p, len, marks, sizeof marks / sizeof marks[0]);
    while (len > 0 && *p == ' ')
        p++, len--;
    return len == 0 || !ev_starts(p, len, ops, sizeof ops / sizeof ops[0]);
}

/* the last clause of a part: what follows its last ", ", ": ", "; " or
 * Chinese mark of the same kind */
static const char *ev_clause(const char *part) {
    static const char *const marks[] = {", ", ": ", "; ", "，", "：", "；"};
    const char *start = part;
    for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++)
        for (const char *p = strstr(part, marks[k]); p; p = strstr(p + 1, marks[k]))
            if (p + strlen(marks[k]) > start)
                start = p + strlen(marks[k]);
    return start;
}

/* ex_holds: false when `expr` (len bytes) is arithmetic, `result` starts
 * with a number, and the one does not round to the other; true otherwise */
static bool ex_holds_n(const char *expr, size_t len, const char *result, size_t rlen) {
    char buf[2048];
    if (len >= sizeof buf)
        return true;
    memcpy(buf, expr, len);
    buf[len] = '\0';
    bool neg = false;
    const char *r = result, *rend = result + rlen;
    if (rlen >= strlen("−") && strncmp(r, "−", strlen("−")) == 0)
        r += strlen("−"), neg = true;
    else if (r < rend && *r == '-')
        r++, neg = true;
    double want, half;
    const char *end;
    if (r >= rend || !ev_number(r, &end, &want, &half) || end > rend || !ev_ends_number(end, (size_t)(rend - end)))
        return true;
    Ev x = {buf, false};
    double got = ev_expr(&x);
    ev_spaces(&x);
    if (x.bad || *x.p != '\0') {
        /* words, then the arithmetic: "d_k = 4, √4 = 2.0000" */
        x = (Ev){ev_clause(buf), false};
        got = ev_expr(&x);
        ev_spaces(&x);
    }
    if (x.bad || *x.p != '\0' || !isfinite(got))
        return true;
    if (neg)
        want = -want;
    return fabs(got - want) <= half * (1 + 1e-9) + 1e-12;
}

bool ex_holds(const char *expr, const char *result) {
    return ex_holds_n(expr, strlen(expr), result, strlen(result));
}

/* ex_mark_rounding: `line` with each " = " that joins an equation false at
 * its digits written " ≈ " (and c->rounded set); a malloc'd copy */
char *ex_mark_rounding(Ctx *c, const char *line) {
    static const char eq[] = " = ", approx[] = " ≈ ";
    Buf out = {0};
    ex_buf_add(&out, "");
    const char *part = line; /* the start of the part before the next separator */
    if (strncmp(part, eq + 1, 2) == 0) { /* "= expansion = result", the headline's second line */
        ex_buf_add(&out, eq + 1);
        part += 2;
    }
    for (;;) {
        const char *sep = strstr(part, eq), *ap = strstr(part, approx);
        if (ap && (!sep || ap < sep)) {
            /* already ≈: copy through it */
            ex_buf_addn(&out, part, (size_t)(ap - part) + strlen(approx));
            part = ap + strlen(approx);
            continue;
        }
        if (!sep) {
            ex_buf_add(&out, part);
            break;
        }
        const char *next = sep + strlen(eq);
        const char *next_sep = strstr(next, eq), *next_ap = strstr(next, approx);
        const char *stop = next_sep && (!next_ap || next_sep < next_ap) ? next_sep : next_ap;
        size_t rlen = stop ? (size_t)(stop - next) : strlen(next);
        bool holds = ex_holds_n(part, (size_t)(sep - part), next, rlen);
        ex_buf_addn(&out, part, (size_t)(sep - part));
        ex_buf_add(&out, holds ? eq : approx);
        c->rounded |= !holds;
        part = next;
    }
    return out.s;
}
