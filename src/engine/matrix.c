#include "engine/matrix.h"

#include <stdlib.h>
#include <string.h>

bool mat_check_size(long rows, long cols, Error *err) {
    if (rows < 0 || cols < 0)
        return err_set(err, "matrix size %ldx%ld is negative", rows, cols);
    if (rows > MAT_MAX_DIM || cols > MAT_MAX_DIM)
        return err_set(err, "matrix size %ldx%ld is too large: each side is limited to %d",
                       rows, cols, MAT_MAX_DIM);
    if (rows * cols > MAT_MAX_ELEMS)
        return err_set(err, "matrix size %ldx%ld is too large: at most %ld elements", rows, cols,
                       (long)MAT_MAX_ELEMS);
    return true;
}

bool mat_alloc(Matrix *m, int rows, int cols, Error *err) {
    *m = (Matrix){0};
    if (!mat_check_size(rows, cols, err))
        return false;
    int stride = (cols + MAT_ALIGN_FLOATS - 1) / MAT_ALIGN_FLOATS * MAT_ALIGN_FLOATS;
    size_t bytes = (size_t)rows * (size_t)stride * sizeof(float);
    float *data = NULL;
    if (bytes > 0) {
        data = aligned_alloc(MAT_ALIGN_BYTES, bytes);
        if (!data)
            return err_set(err, "out of memory for a %dx%d matrix", rows, cols);
        memset(data, 0, bytes);
    }
    *m = (Matrix){.rows = rows, .cols = cols, .stride = stride, .data = data, .owned = data != NULL};
    return true;
}

void mat_free(Matrix *m) {
    if (m->owned)
        free(m->data);
    *m = (Matrix){0};
}

bool mat_copy(Matrix *dst, const Matrix *src, Error *err) {
    if (!mat_alloc(dst, src->rows, src->cols, err))
        return false;
    for (int i = 0; i < src->rows; i++)
        memcpy(mat_row(dst, i), mat_row(src, i), (size_t)src->cols * sizeof(float));
    return true;
}

bool mat_from(Matrix *m, int rows, int cols, const float *values, Error *err) {
    if (!mat_alloc(m, rows, cols, err))
        return false;
    for (int i = 0; i < rows; i++)
        memcpy(mat_row(m, i), values + (size_t)i * (size_t)cols, (size_t)cols * sizeof(float));
    return true;
}

Matrix mat_view_cols(const Matrix *m, int c0, int ncols) {
    return (Matrix){.rows = m->rows, .cols = ncols, .stride = m->stride,
                    .data = m->data ? m->data + c0 : NULL, .owned = false};
}

Matrix mat_view_rows(const Matrix *m, int r0, int nrows) {
    return (Matrix){.rows = nrows, .cols = m->cols, .stride = m->stride,
                    .data = m->data ? mat_row(m, r0) : NULL, .owned = false};
}
