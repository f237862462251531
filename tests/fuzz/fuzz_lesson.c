/* fuzz_lesson.c - libFuzzer entry point: the input bytes are a lesson.
 *
 * Each input goes through the same path as `attnstep trace` and
 * `attnstep check`: lesson_open_text (the loader's NUL and UTF-8 checks,
 * parse_program, interp_run with its expect diagnosis), then every
 * diagnostic through diag_print and, when the lesson ran, the trace in all
 * three formats, all written to /dev/null. A lesson that ran is also
 * explained cell by cell (the first cells of every output, as the UI's
 * explanation pane does) and quizzed (the first cells quiz mode would ask,
 * with a right, a wrong and an unreadable answer). The same bytes are also
 * tried as one `attnstep eval` expression. Everything is freed, so
 * LeakSanitizer sees any leak.
 *
 * Build and run with `make fuzz` (FUZZ_SECONDS, default 600).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/kernels.h"
#include "lang/interp.h"
#include "lang/loader.h"
#include "lang/parse.h"
#include "lang/quiz.h"
#include "output/explain.h"
#include "output/matrix_text.h"
#include "output/trace.h"
#include "util/arena.h"
#include "util/utf8.h"

#include "fuzz_init.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *devnull;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc, (void)argv;
    devnull = fuzz_init("fuzz_lesson");
    return 0;
}

/* the arithmetic behind the first cells of every output, and one cell
 * past the end (which must be refused) */
static void explain_lesson(const Lesson *lesson) {
    for (int r = 0; r < lesson->nrecords; r++) {
        const Record *rec = &lesson->records[r];
        for (int k = 0; k < rec->noutputs; k++) {
            const Matrix *m = &rec->outputs[k].m;
            for (int i = 0; i <= m->rows && i < 3; i++)
                for (int j = 0; j < m->cols && j < 3; j++) {
                    Explanation e;
                    explain_cell(lesson, rec, k, i, j, 4, &e);
                    explain_free(&e);
                }
        }
    }
}

/* quiz mode on the first two cells it would ask */
static void quiz_lesson(const LoadedLesson *ll) {
    int n = 0;
    QuizCell *cells = quiz_cells(&ll->lesson, &n);
    for (int c = 0; cells && c < n && c < 2; c++) {
        const Record *rec = &ll->lesson.records[cells[c].record];
        const Matrix *m = &rec->outputs[cells[c].slot].m;
        char name[128], right[64];
        quiz_cell_name(&ll->lesson, cells[c], name, sizeof name);
        snprintf(right, sizeof right, "%.4f", (double)mat_get(m, cells[c].i, cells[c].j));
        const char *answers[] = {right, "0.5", "x"};
        for (int a = 0; a < 3; a++) {
            QuizResult q = quiz_check(ll, NULL, cells[c], answers[a]);
            quiz_result_free(&q);
        }
    }
    free(cells);
}

/* the bytes as a lesson file */
static void run_lesson(const uint8_t *data, size_t size) {
    LoadedLesson ll;
    bool ok = lesson_open_text("fuzz.lesson", (const char *)data, size, NULL, &ll);
    diag_print(devnull, &ll.src, &ll.diags, false);
    diag_print(devnull, &ll.src, &ll.diags, true);
    if (ok) {
        fuzz_trace_all(devnull, &ll);
        explain_lesson(&ll.lesson);
        quiz_lesson(&ll);
    }
    lesson_close(&ll);
}

/* the bytes as `attnstep eval EXPR` sees them (a C string: up to a NUL) */
static void run_eval(const uint8_t *data, size_t size) {
    const char *nul = memchr(data, '\0', size);
    size_t len = nul ? (size_t)(nul - (const char *)data) : size;
    Source src;
    if (!source_from_text(&src, "expr", (const char *)data, len, "."))
        return;
    Arena arena = {0};
    Diags diags = {0};
    Matrix m = {0};
    size_t bad;
    if (utf8_valid(src.text, src.len, &bad)) {
        Expr *e = parse_expression(&src, &arena, &diags);
        if (e && diags.errors == 0 && interp_eval(e, &src, NULL, &m, &diags))
            mtext_print(devnull, "result", &m, (MatrixLabels){0}, 4);
    }
    diag_print(devnull, &src, &diags, false);
    mat_free(&m);
    diags_free(&diags);
    arena_free(&arena);
    source_free(&src);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    run_lesson(data, size);
    run_eval(data, size);
    return 0;
}
