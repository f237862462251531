/* matrix.h - the engine's one data type: a dense row-major float matrix.
 *
 * Element (i, j) lives at data[i * stride + j]. Owned matrices round the
 * stride up to a multiple of MAT_ALIGN_FLOATS, so every row starts on a
 * 64-byte boundary and SIMD loads of whole registers never straddle rows.
 * A view (mat_view_cols) shares another matrix's data, has the parent's
 * stride and owns nothing: it is valid only while the parent is.
 */
#ifndef ATTNSTEP_MATRIX_H
#define ATTNSTEP_MATRIX_H

#include <stdbool.h>
#include <stddef.h>

#include "util/error.h"

#define MAT_ALIGN_BYTES 64
#define MAT_ALIGN_FLOATS (MAT_ALIGN_BYTES / (int)sizeof(float))

/* Documented size limits: no side longer than MAT_MAX_DIM and no more than
 * MAT_MAX_ELEMS elements (256 MiB of floats) in one matrix. Larger requests
 * fail with an error instead of exhausting memory. */
#define MAT_MAX_DIM 65536
#define MAT_MAX_ELEMS (64L * 1024 * 1024)

typedef struct Matrix {
    int rows, cols;
    int stride;  /* floats from the start of one row to the next, >= cols */
    float *data; /* MAT_ALIGN_BYTES-aligned when owned */
    bool owned;  /* false for views and for the empty matrix */
} Matrix;

/* mat_aligned_floats: `floats` rounded up to whole MAT_ALIGN_BYTES lines:
 * the stride of an owned matrix of that many columns, and the room that
 * keeps the next part of a scratch aligned. */
static inline size_t mat_aligned_floats(size_t floats) {
    return (floats + MAT_ALIGN_FLOATS - 1) / MAT_ALIGN_FLOATS * MAT_ALIGN_FLOATS;
}

/* mat_over: a rows x cols matrix laid out as an owned one (its stride
 * mat_aligned_floats(cols)) over memory the caller owns: `data` is
 * MAT_ALIGN_BYTES-aligned and holds rows times that stride. It owns
 * nothing and is valid while that memory is. */
static inline Matrix mat_over(float *data, int rows, int cols) {
    return (Matrix){.rows = rows, .cols = cols, .stride = (int)mat_aligned_floats((size_t)cols), .data = data,
                    .owned = false};
}

/* mat_alloc: a zero-filled rows x cols matrix, owned by the caller (free it
 * with mat_free). Either side may be 0. Fails with a message when a side is
 * negative or the size is past the limits above, or memory runs out. */
bool mat_alloc(Matrix *m, int rows, int cols, Error *err);

/* mat_free: release an owned matrix and reset it to the empty matrix.
 * A view or an empty matrix is only reset. Safe to call twice. */
void mat_free(Matrix *m);

/* mat_copy: a new owned copy of `src` (same shape, fresh stride). */
bool mat_copy(Matrix *dst, const Matrix *src, Error *err);

/* mat_from: an owned rows x cols matrix filled from a dense row-major
 * array of rows*cols floats. */
bool mat_from(Matrix *m, int rows, int cols, const float *values, Error *err);

/* mat_view_cols: a view of columns [c0, c0 + ncols) of `m`, all rows.
 * Nothing is copied; the view dies with `m`. */
Matrix mat_view_cols(const Matrix *m, int c0, int ncols);

/* mat_view_rows: a view of rows [r0, r0 + nrows) of `m`. */
Matrix mat_view_rows(const Matrix *m, int r0, int nrows);

/* mat_at / mat_row: element and row access. No bounds check beyond assert. */
static inline float *mat_row(const Matrix *m, int i) { return m->data + (size_t)i * (size_t)m->stride; }
static inline float mat_get(const Matrix *m, int i, int j) { return m->data[(size_t)i * (size_t)m->stride + (size_t)j]; }
static inline void mat_set(Matrix *m, int i, int j, float v) { m->data[(size_t)i * (size_t)m->stride + (size_t)j] = v; }

/* mat_same_shape: true when a and b have equal rows and cols. */
static inline bool mat_same_shape(const Matrix *a, const Matrix *b) { return a->rows == b->rows && a->cols == b->cols; }

/* Room a matrix product packs its operands into (KernelSet.matmul_scratch),
 * kept from one product to the next, so that a pass of many products
 * allocates it once instead of once a product (a large block is mapped
 * afresh by the C library each time, and every page of it faulted in and
 * zero-filled by the system). Owned by whoever runs the products (the
 * activations of a pass, the fast path's scratch); one thread at a time.
 * Start from {0}; free with mat_scratch_free. */
typedef struct MatScratch {
    float *data;   /* MAT_ALIGN_BYTES-aligned, or NULL */
    size_t floats; /* capacity of data */
} MatScratch;

/* mat_scratch_reserve: s holds at least `floats` floats (its contents are
 * not kept when it grows). False when memory runs out; s is then empty. */
bool mat_scratch_reserve(MatScratch *s, size_t floats);

/* mat_scratch_free: release s's room and reset it to {0}. Safe to call
 * twice. */
void mat_scratch_free(MatScratch *s);

/* mat_check_size: the limit check mat_alloc uses, for callers that want to
 * refuse a size before computing anything. */
bool mat_check_size(long rows, long cols, Error *err);

#endif
