/* explain.h - the arithmetic behind one output cell of a step, as text,
 * and the input cells it came from (which the UI highlights).
 *
 *   S_h0[1][2] = q(love)·k(cats) = 0.50×1.00 + (−1.00)×0.25 = 0.25
 *
 * Every operation a record can hold (lesson.h OpKind) has an explanation:
 * the stages of `attention` and the language's operators and functions.
 * Numbers are printed with the caller's precision; words follow the
 * lesson's language (en or zh). This is the plain-text form of the UI's
 * explanation pane, so tests compare it directly.
 */
#ifndef ATTNSTEP_EXPLAIN_H
#define ATTNSTEP_EXPLAIN_H

#include <stddef.h>

#include "record/lesson.h"

/* A highlighted region of one input: a cell, a whole row (col == -1), a
 * whole column (row == -1), or all of it (both -1) of rec->inputs[input]. */
typedef struct Highlight {
    int input;
    int row, col;
} Highlight;

#define EXPLAIN_MAX_HIGHLIGHTS 16

typedef struct Explanation {
    char *text;                 /* owned, UTF-8, lines separated by '\n' */
    Highlight highlights[EXPLAIN_MAX_HIGHLIGHTS];
    int nhighlights;
} Explanation;

/* The width explanations are written for when the caller has no pane to
 * fit (a 100-column pane with its border), and the range a caller's
 * width is held to. */
#define EXPLAIN_WIDTH 96
#define EXPLAIN_MIN_WIDTH 40
#define EXPLAIN_MAX_WIDTH 240

/* explain_cell: explain cell [i][j] of rec->outputs[slot], its lines
 * wrapped to `width` columns (a long sum breaks with an indented rest;
 * width <= 0 means EXPLAIN_WIDTH, others are held to EXPLAIN_MIN_WIDTH
 * .. EXPLAIN_MAX_WIDTH). Returns false (and an empty explanation) when
 * the position is outside the matrix. Free the text with explain_free. */
bool explain_cell(const Lesson *lesson, const Record *rec, int slot, int i, int j, int precision, int width,
                  Explanation *out);
void explain_free(Explanation *e);

#endif
