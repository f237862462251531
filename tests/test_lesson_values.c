/* The literal numbers of the why-heads, attention-sinks, masks,
 * positions-beyond, online-softmax and modern-layer lessons, in English and Chinese, against
 * tests/lesson_values/new_lessons.py (NumPy, float64, sharing no code with
 * attnstep): every `expect EXPR == LITERAL` line must name an EXPR the
 * script computed, and each number written must match the script's value
 * to half a unit of its last decimal. Also that each of these lessons asks
 * for a cell in one step and reveals it (an expect naming the same matrix)
 * only in a later step. */
#include <criterion/criterion.h>
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

#define MAXVALS 64

typedef struct Ref {
    char lesson[32], expr[64];
    double v[MAXVALS];
    int n;
} Ref;

static const char *const lessons[] = {"why-heads",        "attention-sinks", "masks",
                                      "positions-beyond", "online-softmax",  "modern-layer"};
#define NLESSONS (sizeof lessons / sizeof lessons[0])

/* the script's lines, parsed into refs; returns their number */
static int read_refs(Ref *refs, int max) {
    const char *py = getenv("ATTNSTEP_PYTHON");
    char *script = source_path("tests/lesson_values/new_lessons.py");
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "'%s' '%s'", py && *py ? py : "python3", script);
    free(script);
    RunResult r = run_shell(cmd);
    cr_assert_eq(r.status, 0, "%s failed:\n%s%s", cmd, r.out, r.err);
    int n = 0;
    for (char *line = strtok(r.out, "\n"); line && n < max; line = strtok(NULL, "\n")) {
        Ref *f = &refs[n];
        int used;
        if (sscanf(line, "%31s %63s%n", f->lesson, f->expr, &used) != 2)
            continue;
        f->n = 0;
        for (char *p = line + used, *end; f->n < MAXVALS; p = end) {
            double x = strtod(p, &end);
            if (end == p)
                break;
            f->v[f->n++] = x;
        }
        n++;
    }
    run_free(&r);
    return n;
}

static const Ref *find_ref(const Ref *refs, int n, const char *lesson, const char *expr) {
    for (int k = 0; k < n; k++)
        if (!strcmp(refs[k].lesson, lesson) && !strcmp(refs[k].expr, expr))
            return &refs[k];
    return NULL;
}

/* the numbers of a literal such as [[1, -0.5], [2, 0.25]] and the decimals
 * each is written with; false when the text is not only numbers */
static bool literal_numbers(const char *s, double *v, int *dec, int *n) {
    *n = 0;
    bool neg = false;
    for (const char *p = s; *p;) {
        if (*p == '[' || *p == ']' || *p == ',' || *p == ' ') {
            p++;
        } else if (*p == '-') {
            neg = true;
            p++;
        } else if (isdigit((unsigned char)*p) || *p == '.') {
            char *end;
            double x = strtod(p, &end);
            const char *dot = memchr(p, '.', (size_t)(end - p));
            int d = dot ? (int)(end - dot - 1) : 0;
            const char *e = memchr(p, 'e', (size_t)(end - p));
            if (e) {
                d = (dot ? (int)(e - dot - 1) : 0) - atoi(e + 1);
            }
            if (*n == MAXVALS)
                return false;
            v[*n] = neg ? -x : x;
            dec[(*n)++] = d;
            neg = false;
            p = end;
        } else {
            return false;
        }
    }
    return *n > 0;
}

/* the first word of s (a name: letters, digits, _) into out */
static void name_of(const char *s, char *out, size_t size) {
    size_t k = 0;
    while (k + 1 < size && (isalnum((unsigned char)s[k]) || s[k] == '_'))
        k++, out[k - 1] = s[k - 1];
    out[k] = '\0';
}

static void check_lesson(const Ref *refs, int nrefs, const char *lang, const char *lesson) {
    char rel[128];
    snprintf(rel, sizeof rel, "lessons/%s/%s.lesson", lang, lesson);
    char *path = source_path(rel);
    char *text = read_file(path);
    free(path);
    cr_assert_not_null(text, "%s", rel);
    int literals = 0, step = 0, lineno = 0;
    char asked[32][48];
    int asked_step[32], nasked = 0;
    bool revealed_later = false;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        lineno++;
        char *s = line;
        while (*s == ' ')
            s++;
        char *hash = strstr(s, "  #");
        if (hash)
            *hash = '\0';
        if (!strncmp(s, "step ", 5)) {
            step++;
        } else if (!strncmp(s, "ask ", 4) && nasked < 32) {
            name_of(s + 4, asked[nasked], sizeof asked[nasked]);
            asked_step[nasked++] = step;
        } else if (!strncmp(s, "expect ", 7)) {
            char name[48];
            name_of(s + 7, name, sizeof name);
            for (int k = 0; k < nasked; k++)
                if (!strcmp(asked[k], name) && asked_step[k] < step)
                    revealed_later = true;
            char *eq = strstr(s, " == ");
            if (!eq || strstr(s, " within "))
                continue;
            char expr[64];
            snprintf(expr, sizeof expr, "%.*s", (int)(eq - (s + 7)), s + 7);
            for (char *p = expr; *p; p++) /* the script writes the expression without blanks */
                if (*p == ' ')
                    memmove(p, p + 1, strlen(p)), p--;
            double v[MAXVALS];
            int dec[MAXVALS], n;
            char *lit = eq + 4;
            while (*lit == ' ')
                lit++;
            char *end = lit + strlen(lit);
            while (end > lit && end[-1] == ' ')
                *--end = '\0';
            if (!literal_numbers(lit, v, dec, &n))
                continue;
            literals++;
            const Ref *f = find_ref(refs, nrefs, lesson, expr);
            if (!f) {
                cr_expect_fail("%s:%d: expect %s has no value in new_lessons.py", rel, lineno, expr);
                continue;
            }
            cr_expect_eq(n, f->n, "%s:%d: %s: %d numbers written, the script has %d", rel, lineno, expr, n, f->n);
            for (int k = 0; k < n && k < f->n; k++) {
                double tol = 0.5 * pow(10, -dec[k]) + 1e-9;
                cr_expect(fabs(v[k] - f->v[k]) <= tol, "%s:%d: %s: value %d is written %g, the script gives %.10g", rel,
                          lineno, expr, k, v[k], f->v[k]);
            }
        }
    }
    cr_expect_geq(literals, 3, "%s: only %d literal expects", rel, literals);
    cr_expect(revealed_later, "%s: no cell is asked in one step and its matrix checked in a later one", rel);
    free(text);
}

Test(lesson_values, the_new_lessons_match_an_independent_float64_script, .timeout = 60) {
    static Ref refs[256];
    int n = read_refs(refs, 256);
    cr_assert_geq(n, 30, "only %d values from new_lessons.py", n);
    for (size_t k = 0; k < NLESSONS; k++) {
        check_lesson(refs, n, "en", lessons[k]);
        check_lesson(refs, n, "zh", lessons[k]);
    }
}
