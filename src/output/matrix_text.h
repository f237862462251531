/* matrix_text.h - a matrix as aligned plain text, with token labels.
 * One printer serves the trace, debug dumps and the tests. */
#ifndef ATTNSTEP_MATRIX_TEXT_H
#define ATTNSTEP_MATRIX_TEXT_H

#include <stdio.h>

#include "engine/matrix.h"

typedef struct MatrixLabels {
    const char *const *rows; /* one label per row, or NULL for 0, 1, 2, ... */
    const char *const *cols; /* one label per column, or NULL */
} MatrixLabels;

/* mtext_format: v with `precision` decimals into buf ("-inf", "nan" for
 * the special values, and no "-0.0000"). Returns buf. */
char *mtext_format(char *buf, size_t size, float v, int precision);

/* mtext_value: v as a value a learner wrote or must compare: with
 * `decimals` decimals below 1e7, and from 1e7 on in the fewest significant
 * digits that read back as the same float, or all its digits where that is
 * shorter (1.5e+08, 124439808, -1e+09), because there "decimals" would
 * round 1.5e8 to 2e+08. Returns buf. */
char *mtext_value(char *buf, size_t size, float v, int decimals);

/* Text and Markdown show at most this much of a matrix: the first rows
 * and columns, a line saying how many were left out, and the last ones
 * (the JSON trace and export always have everything). */
#define SHOW_MAX_ROWS 24
#define SHOW_MAX_COLS 16

/* mtext_shown_index: the k-th row (or column) index shown of n, or -1 for the
 * "…" gap; *count is how many entries (gap included) there are. */
int mtext_shown_index(int n, int max, int k, int *count);

/* mtext_print: a header "NAME  rows×cols" and the matrix, columns
 * right-aligned to the widest cell of the matrix. */
void mtext_print(FILE *out, const char *name, const Matrix *m, MatrixLabels labels,
                       int precision);

#endif
