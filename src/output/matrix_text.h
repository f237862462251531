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

/* format_value: v with `precision` decimals into buf ("-inf", "nan" for
 * the special values, and no "-0.0000"). Returns buf. */
char *format_value(char *buf, size_t size, float v, int precision);

/* print_matrix_text: a header "NAME  rows×cols" and the matrix, columns
 * right-aligned to the widest cell of the matrix. */
void print_matrix_text(FILE *out, const char *name, const Matrix *m, MatrixLabels labels,
                       int precision);

#endif
