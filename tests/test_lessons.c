/* Every built-in lesson, in every language: `attnstep check` passes, the
 * trace renders in all three formats, and each has at least three quiz
 * cells and one expect. Also that English and Chinese versions of the
 * same lesson compute the same numbers, and that no two lessons share
 * their random numbers. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/loader.h"
#include "support.h"

static void init(void) { engine_init("scalar", NULL); }

TestSuite(lessons, .init = init, .timeout = 300);

Test(lessons, every_built_in_lesson_checks_and_traces) {
    int n;
    BuiltinLesson *list = lesson_builtins(&n);
    cr_assert_gt(n, 0);
    for (int k = 0; k < n; k++) {
        RunResult r = RUN("check", list[k].name);
        cr_expect_eq(r.status, 0, "attnstep check %s exited %d:\n%s%s", list[k].name, r.status, r.out, r.err);
        run_free(&r);
        static const char *const formats[] = {"text", "md", "json"};
        for (int f = 0; f < 3; f++) {
            r = RUN("trace", "--format", formats[f], list[k].name);
            cr_expect_eq(r.status, 0, "trace --format %s %s: %s", formats[f], list[k].name, r.err);
            run_free(&r);
        }
        LoadedLesson ll;
        Error err;
        cr_assert(lesson_open(list[k].name, NULL, &ll, &err), "%s does not open", list[k].name);
        int asks = 0;
        for (int i = 0; i < ll.lesson.nrecords; i++)
            asks += ll.lesson.records[i].nasks;
        cr_expect_geq(asks, 3, "%s has %d ask cells", list[k].name, asks);
        cr_expect_geq(ll.lesson.expects_total, 1, "%s has no expect", list[k].name);
        cr_expect(ll.lesson.title != NULL, "%s has no title", list[k].name);
        lesson_close(&ll);
    }
    free(list);
}

/* the same lesson in English and Chinese: the same names hold the same
 * numbers at the end */
Test(lessons, english_and_chinese_compute_the_same) {
    int n, pairs = 0;
    BuiltinLesson *list = lesson_builtins(&n);
    for (int k = 0; k < n; k++) {
        if (strncmp(list[k].name, "zh/", 3) != 0)
            continue;
        const char *en = list[k].name + 3;
        LoadedLesson a, b;
        Error err;
        if (!lesson_open(en, NULL, &a, &err)) {
            cr_expect_fail("zh/%s has no English version", en);
            continue;
        }
        cr_assert(lesson_open(list[k].name, NULL, &b, &err));
        pairs++;
        cr_expect_eq(a.lesson.env.count, b.lesson.env.count, "%s: %d names vs %d", en, a.lesson.env.count,
                     b.lesson.env.count);
        for (int m = 0; m < a.lesson.env.count; m++) {
            const Matrix *x = &a.lesson.env.items[m].m, *y = mlist_find(&b.lesson.env, a.lesson.env.items[m].name);
            if (!y) {
                cr_expect_fail("%s: zh has no %s", en, a.lesson.env.items[m].name);
                continue;
            }
            bool same = mat_same_shape(x, y);
            for (int i = 0; same && i < x->rows; i++)
                for (int j = 0; j < x->cols; j++)
                    if (memcmp(&x->data[(size_t)i * x->stride + j], &y->data[(size_t)i * y->stride + j], sizeof(float)))
                        same = false;
            cr_expect(same, "%s: %s differs between en and zh", en, a.lesson.env.items[m].name);
        }
        cr_expect_eq(a.lesson.expects_total, b.lesson.expects_total, "%s: a different number of expects", en);
        lesson_close(&a);
        lesson_close(&b);
    }
    free(list);
    cr_expect_geq(pairs, 1);
}

/* ---- random numbers: no two lessons share them ------------------------- */

/* A `random` draw of a lesson, from its syntax tree: `count` names of
 * rows x cols (count 1 inside an expression) from seed's sequence. */
typedef struct Draw {
    uint64_t seed, n; /* values count * rows * cols */
    int lesson;
} Draw;

typedef struct Draws {
    Draw *items;
    int count, cap;
} Draws;

static long literal(const Expr *e, const char *lesson, const char *what) {
    cr_assert(e && e->kind == E_NUMBER, "%s: a random draw's %s is not written as a number", lesson, what);
    return (long)e->number;
}

static void draw_add(Draws *d, const Expr *e, int names, int lesson, const char *name) {
    if (d->count == d->cap) {
        d->cap = d->cap ? 2 * d->cap : 64;
        d->items = realloc(d->items, (size_t)d->cap * sizeof *d->items);
    }
    d->items[d->count++] = (Draw){.seed = (uint64_t)literal(e->seed, name, "seed"),
                                  .n = (uint64_t)names * (uint64_t)literal(e->rows, name, "rows") *
                                       (uint64_t)literal(e->cols, name, "cols"),
                                  .lesson = lesson};
}

/* every `random` inside e (e itself included) */
static void draws_in(Draws *d, const Expr *e, int lesson, const char *name) {
    if (!e)
        return;
    if (e->kind == E_RANDOM)
        draw_add(d, e, 1, lesson, name);
    draws_in(d, e->lhs, lesson, name);
    draws_in(d, e->rhs, lesson, name);
    draws_in(d, e->index[0], lesson, name);
    draws_in(d, e->index[1], lesson, name);
    for (int k = 0; k < e->nitems; k++)
        draws_in(d, e->items[k], lesson, name);
    for (int k = 0; k < e->nargs; k++) {
        draws_in(d, e->args[k].value, lesson, name);
        draws_in(d, e->args[k].operand, lesson, name);
    }
    draws_in(d, e->rows, lesson, name);
    draws_in(d, e->cols, lesson, name);
    draws_in(d, e->seed, lesson, name);
    draws_in(d, e->scale, lesson, name);
}

static void draws_of(Draws *d, const Stmt *s, int lesson, const char *name) {
    for (int k = 0; k < s->nbody; k++)
        draws_of(d, s->body[k], lesson, name);
    if (s->kind == S_ASSIGN && s->expr->kind == E_RANDOM) {
        /* the names of one statement share its seed's sequence (lesson-language.md §7) */
        draw_add(d, s->expr, s->nnames, lesson, name);
        draws_in(d, s->expr->scale, lesson, name);
    } else {
        draws_in(d, s->expr, lesson, name);
    }
    draws_in(d, s->expected, lesson, name);
    draws_in(d, s->tolerance, lesson, name);
    for (int k = 0; k < s->noptions; k++) {
        draws_in(d, s->options[k].value, lesson, name);
        draws_in(d, s->options[k].operand, lesson, name);
    }
}

/* The matrices a lesson's `NAME = random …` statements made, as shown. */
typedef struct Shown {
    float *v; /* row by row (owned) */
    int rows, cols, lesson;
    char name[96];
} Shown;

static void shown_of(const LoadedLesson *ll, const Stmt *s, int lesson, const char *lname, Shown **out, int *n,
                     int *cap) {
    for (int k = 0; k < s->nbody; k++)
        shown_of(ll, s->body[k], lesson, lname, out, n, cap);
    if (s->kind != S_ASSIGN || s->expr->kind != E_RANDOM)
        return;
    for (int r = 0; r < ll->lesson.nrecords; r++) {
        const Record *rec = &ll->lesson.records[r];
        if (rec->pos.offset != s->pos.offset || rec->pos.line != s->pos.line)
            continue;
        for (int o = 0; o < rec->noutputs; o++) {
            const Matrix *m = &rec->outputs[o].m;
            float *v = malloc((size_t)m->rows * m->cols * sizeof *v);
            for (int i = 0; i < m->rows; i++)
                for (int j = 0; j < m->cols; j++)
                    v[i * m->cols + j] = mat_get(m, i, j);
            if (*n == *cap) {
                *cap = *cap ? 2 * *cap : 64;
                *out = realloc(*out, (size_t)*cap * sizeof **out);
            }
            Shown *sh = &(*out)[(*n)++];
            *sh = (Shown){.v = v, .rows = m->rows, .cols = m->cols, .lesson = lesson};
            snprintf(sh->name, sizeof sh->name, "%s %s", lname, rec->outputs[o].name);
        }
    }
}

/* does b's flattened sequence hold t times the `len` values p, for one t? */
static bool holds_scaled(const float *p, int len, const Shown *b) {
    const int nb = b->rows * b->cols;
    for (int at = 0; at + len <= nb; at++) {
        if (p[0] == 0)
            return false;
        double t = (double)b->v[at] / (double)p[0];
        bool same = t != 0;
        for (int k = 1; same && k < len; k++)
            same = fabs((double)b->v[at + k] - t * (double)p[k]) <= 1e-5 * fabs((double)b->v[at + k]) + 1e-7;
        if (same)
            return true;
    }
    return false;
}

/* "tour" and "zh/tour" are one lesson in two languages */
static const char *base_name(const char *name) { return strncmp(name, "zh/", 3) == 0 ? name + 3 : name; }

/* Random weights are there to be different: a lesson whose W_1 is another
 * lesson's W_K (or W_K's rows scaled) teaches with a coincidence. No
 * built-in lesson warns about its own draws; no two draws, of one lesson
 * or of two, take the same values of the generator (each draw's stretch
 * of the one cycle of 2^64 states, from its seed, computed here from the
 * documentation, not by attnstep), unless they are one draw written
 * twice; and, on what the steps show, no row (or, for matrices narrower
 * than 4, no run of 4 values from a row's start) of one random matrix is,
 * scaled by any factor, a run of another's. */
Test(lessons, no_two_lessons_share_random_numbers) {
    int n;
    BuiltinLesson *list = lesson_builtins(&n);
    LoadedLesson *ll = calloc((size_t)n, sizeof *ll);
    Draws d = {0};
    Shown *shown = NULL;
    int nshown = 0, cap = 0;
    for (int k = 0; k < n; k++) {
        Error err;
        cr_assert(lesson_open(list[k].name, NULL, &ll[k], &err), "%s does not open", list[k].name);
        cr_expect_eq(ll[k].diags.count, 0, "%s warns: %s", list[k].name,
                     ll[k].diags.count ? ll[k].diags.items[0].message : "");
        for (int s = 0; s < ll[k].prog.nstmts; s++) {
            draws_of(&d, ll[k].prog.stmts[s], k, list[k].name);
            shown_of(&ll[k], ll[k].prog.stmts[s], k, list[k].name, &shown, &nshown, &cap);
        }
    }
    cr_assert_gt(nshown, 20, "only %d random matrices found", nshown);

    /* value i of seed s comes from state s + (i + 1)·g: place s·g⁻¹ + i on the cycle */
    const uint64_t g = 0x9E3779B97F4A7C15ull;
    uint64_t inv = 1;
    for (int bit = 1; bit < 64; bit++) /* g·inv ≡ 1 (mod 2^64), bit by bit (g is odd) */
        if (((g * inv) >> bit) & 1)
            inv += (uint64_t)1 << bit;
    cr_assert_eq(g * inv, 1);
    for (int a = 0; a < d.count; a++)
        for (int b = a + 1; b < d.count; b++) {
            const Draw *x = &d.items[a], *y = &d.items[b];
            if (x->lesson != y->lesson && strcmp(base_name(list[x->lesson].name), base_name(list[y->lesson].name)) == 0)
                continue; /* one lesson in two languages */
            if (x->lesson == y->lesson && x->seed == y->seed && x->n == y->n)
                continue; /* one draw written twice: the same numbers on purpose */
            uint64_t gap = y->seed * inv - x->seed * inv; /* y starts gap places after x */
            cr_expect(gap >= x->n && (uint64_t)(0 - gap) >= y->n, "%s seed %llu and %s seed %llu take the same values",
                      list[x->lesson].name, (unsigned long long)x->seed, list[y->lesson].name,
                      (unsigned long long)y->seed);
        }

    for (int a = 0; a < nshown; a++)
        for (int b = 0; b < nshown; b++) {
            const Shown *x = &shown[a], *y = &shown[b];
            if (a == b ||
                (x->lesson != y->lesson && strcmp(base_name(list[x->lesson].name), base_name(list[y->lesson].name)) == 0))
                continue;
            const int len = x->cols >= 4 ? x->cols : 4;
            for (int i = 0; i < x->rows && i * x->cols + len <= x->rows * x->cols; i++)
                cr_expect_not(holds_scaled(x->v + i * x->cols, len, y), "row %d of %s is, scaled, in %s", i, x->name,
                              y->name);
        }
    for (int k = 0; k < nshown; k++)
        free(shown[k].v);
    free(shown);
    free(d.items);
    for (int k = 0; k < n; k++)
        lesson_close(&ll[k]);
    free(ll);
    free(list);
}
