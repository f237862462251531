/* Every built-in lesson, in every language: `attnstep check` passes, the
 * trace renders in all three formats, and each has at least three quiz
 * cells and one expect. Also that English and Chinese versions of the
 * same lesson compute the same numbers. */
#include <criterion/criterion.h>
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
