/* Every equation an explanation shows holds at the digits it shows
 * (docs/ui.md, "Explanations"): every cell of every step of every
 * built-in lesson, English and Chinese, explained at 2, 4 and 6 digits,
 * its equations worked out again from the printed numbers by
 * arith_check.c. "=" must hold when the printed numbers are worked out
 * and rounded to the result's digits; "≈" only where that fails, and then
 * only by the rounding of the numbers; an explanation with "≈" says why.
 * The same on a small GPT-2 checkpoint. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arith_check.h"
#include "engine/kernels.h"
#include "io/gpt2.h"
#include "lang/loader.h"
#include "output/explain.h"
#include "support.h"
#include "util/error.h"

TestSuite(explain_sums);

static const int precisions[] = {2, 4, 6};

/* the words that say why an explanation writes ≈, in either language */
static bool says_why(const char *text) {
    return strstr(text, "≈ means equal up to rounding") || strstr(text, "≈ 表示只差在舍入上");
}

/* every cell of every output of every step of one lesson */
static void check_lesson(const LoadedLesson *ll, const char *name, ArithStats *st, long *cells) {
    const Lesson *l = &ll->lesson;
    for (int r = 0; r < l->nrecords; r++) {
        const Record *rec = &l->records[r];
        if (rec->kind == REC_TEXT)
            continue;
        for (int s = 0; s < rec->noutputs; s++) {
            const Matrix *m = &rec->outputs[s].m;
            for (int i = 0; i < m->rows; i++)
                for (int j = 0; j < m->cols; j++)
                    for (size_t p = 0; p < sizeof precisions / sizeof precisions[0]; p++) {
                        Explanation e;
                        /* wide enough that no equation wraps: each line is read whole */
                        cr_assert(explain_cell(l, rec, s, i, j, precisions[p], EXPLAIN_MAX_WIDTH, &e));
                        char where[800];
                        snprintf(where, sizeof where, "%s, %s[%d][%d] at %d digits", name, rec->outputs[s].name,
                                 i, j, precisions[p]);
                        long approx = st->approx;
                        arith_check_text(st, e.text, where);
                        if (st->approx > approx && !says_why(e.text)) {
                            st->failed++;
                            fprintf(stderr, "%s: ≈ without saying why:\n%s\n", where, e.text);
                        }
                        explain_free(&e);
                        (*cells)++;
                    }
        }
    }
}

/* every lesson file in lessons/<dir>, run on the kernel set `simd` */
static void check_dir_on(const char *dir, const char *simd) {
    cr_assert(engine_init(simd, NULL), "no kernel set %s", simd);
    char *path = source_path(dir);
    DIR *d = opendir(path);
    cr_assert_not_null(d, "cannot open %s", path);
    ArithStats st = {0};
    long cells = 0;
    int lessons = 0;
    struct dirent *ent;
    while ((ent = readdir(d))) {
        size_t n = strlen(ent->d_name);
        if (n < 8 || strcmp(ent->d_name + n - 7, ".lesson") != 0)
            continue;
        char rel[512];
        snprintf(rel, sizeof rel, "%s/%s", dir, ent->d_name);
        char *file = source_path(rel);
        LoadedLesson ll;
        Error err = {0};
        cr_assert(lesson_open(file, NULL, &ll, &err), "%s does not run", rel);
        check_lesson(&ll, rel, &st, &cells);
        lesson_close(&ll);
        free(file);
        lessons++;
    }
    closedir(d);
    free(path);
    fprintf(stderr, "%s on %s: %d lessons, %ld explanations, %ld equations worked out, %ld of them with ≈\n",
            dir, engine_kernels()->name, lessons, cells, st.checked, st.approx);
    cr_expect_gt(lessons, 10);
    cr_expect_gt(st.checked, cells / 2, "only %ld equations in %ld explanations", st.checked, cells);
    cr_expect_eq(st.failed, 0, "%ld equations false at their digits; the first:\n%s", st.failed, st.first);
}

/* on the scalar kernels and on the set the program picks here (the numbers,
 * and so which equations need ≈, differ in the last bits: the tour's
 * R[2][0] is 1.6519 on one and 1.6518 on the other) */
static void check_dir(const char *dir) {
    check_dir_on(dir, "scalar");
    if (strcmp(kernels_best()->name, "scalar") != 0)
        check_dir_on(dir, kernels_best()->name);
}

Test(explain_sums, every_equation_of_the_english_lessons, .timeout = 300) { check_dir("lessons/en"); }

Test(explain_sums, every_equation_of_the_chinese_lessons, .timeout = 300) { check_dir("lessons/zh"); }

/* a small GPT-2 checkpoint (make_gpt2_checkpoint.py: 2 layers, d = 32, 4
 * heads, a vocabulary of 260) on a text: its recorded layer and the
 * next-token steps */
Test(explain_sums, every_equation_of_a_gpt2_checkpoint, .timeout = 300) {
    char *tmp = temp_dir(), *script = source_path("tests/make_gpt2_checkpoint.py");
    const char *py = getenv("ATTNSTEP_PYTHON");
    char cmd[4096], dir[2048];
    snprintf(cmd, sizeof cmd, "'%s' '%s' '%s/ckpt' >/dev/null", py && *py ? py : "python3", script, tmp);
    RunResult r = run_shell(cmd);
    cr_assert_eq(r.status, 0, "%s: %s", cmd, r.err);
    run_free(&r);
    snprintf(dir, sizeof dir, "%s/ckpt", tmp);
    const char *simd[] = {"scalar", kernels_best()->name};
    for (int k = 0; k < 2; k++) {
        cr_assert(engine_init(simd[k], NULL));
        for (int layer = 0; layer < 2; layer++) {
            Gpt2Options opt = {.text = "The cat sat on the mat", .layer = layer, .temperature = 0.7f};
            Error err = {0};
            LoadedLesson ll;
            cr_assert(lesson_open_gpt2(dir, &opt, NULL, &ll, &err), "%s", err.msg);
            ArithStats st = {0};
            long cells = 0;
            char name[64];
            snprintf(name, sizeof name, "checkpoint layer %d", layer);
            check_lesson(&ll, name, &st, &cells);
            lesson_close(&ll);
            fprintf(stderr, "%s on %s: %ld explanations, %ld equations worked out, %ld of them with ≈\n", name,
                    simd[k], cells, st.checked, st.approx);
            cr_expect_gt(st.checked, 1000);
            cr_expect_eq(st.failed, 0, "%ld equations false at their digits; the first:\n%s", st.failed, st.first);
        }
    }
    remove_tree(tmp);
    free(tmp);
    free(script);
}
