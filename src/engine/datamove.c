/* datamove.c - kernels that only move data; one version serves every
 * instruction set (memcpy is already vectorised by the C library). */
#include <assert.h>
#include <string.h>

#include "engine/kernels.h"

// out = a^T; a is (n, m), out is (m, n). In square tiles, so that both
// the rows read and the rows written stay in cache (a plain double loop
// writes each element to another cache line).
void mat_transpose(Matrix *out, const Matrix *a) {
    assert(out->rows == a->cols && out->cols == a->rows);
    enum { TILE = 16 };
    for (int i0 = 0; i0 < a->rows; i0 += TILE)
        for (int j0 = 0; j0 < a->cols; j0 += TILE) {
            const int i1 = i0 + TILE < a->rows ? i0 + TILE : a->rows;
            const int j1 = j0 + TILE < a->cols ? j0 + TILE : a->cols;
            for (int j = j0; j < j1; j++)
                for (int i = i0; i < i1; i++)
                    mat_set(out, j, i, mat_get(a, i, j));
        }
}

// out = a[:, c0 : c0 + w]; a is (n, m), out is (n, w)
void mat_copy_cols(Matrix *out, const Matrix *a, int c0) {
    assert(out->rows == a->rows && c0 >= 0 && c0 + out->cols <= a->cols);
    for (int i = 0; i < a->rows; i++)
        memcpy(mat_row(out, i), mat_row(a, i) + c0, (size_t)out->cols * sizeof(float));
}

// out[:, c0 : c0 + w] = part; part is (n, w), out is (n, m)
void mat_put_cols(Matrix *out, const Matrix *part, int c0) {
    assert(out->rows == part->rows && c0 >= 0 && c0 + part->cols <= out->cols);
    for (int i = 0; i < part->rows; i++)
        memcpy(mat_row(out, i) + c0, mat_row(part, i), (size_t)part->cols * sizeof(float));
}

// out = a, with value where column > row; a, out are (n, m)
void mat_causal_mask(Matrix *out, const Matrix *a, float value) {
    assert(mat_same_shape(out, a));
    for (int i = 0; i < a->rows; i++) {
        float *out_row = mat_row(out, i);
        const float *a_row = mat_row(a, i);
        for (int j = 0; j < a->cols; j++)
            out_row[j] = j > i ? value : a_row[j];
    }
}
