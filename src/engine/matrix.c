#include "engine/matrix.h"
#include "engine/matrix_pool.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Where a matrix's memory comes from follows from its size, so mat_free
 * knows:
 *   - under MAT_POOL_MIN_BYTES, the heap;
 *   - up to MAT_HUGE_BYTES, the pool (matrix_pool.c): blocks of shared
 *     regions offered for transparent huge pages, so the 1 MiB per-head
 *     matrices of a 512-token recording are not on 4 KiB pages;
 *   - from MAT_HUGE_BYTES on, a mapping of its own that starts on a 2 MiB
 *     boundary and is offered for transparent huge pages, so a 4 MiB scores
 *     matrix takes 2 page faults instead of 1024 (where the system allows
 *     it; otherwise nothing changes).
 * Fresh mappings are already zero, so nothing is cleared twice, and
 * freeing a mapping returns the memory to the system at once. */
#define MAT_HUGE_BYTES MAT_POOL_MAX_BYTES
#define MAT_PAGE_BYTES ((size_t)4096)

static size_t round_up(size_t x, size_t to) { return (x + to - 1) / to * to; }

static size_t mat_bytes(int rows, int stride) {
    return (size_t)rows * (size_t)stride * sizeof(float);
}

/* a zero-filled 2 MiB-aligned mapping of `bytes` (>= MAT_HUGE_BYTES), or
 * NULL */
static float *map_zeroed(size_t bytes) {
    const size_t len = round_up(bytes, MAT_PAGE_BYTES);
    /* map 2 MiB more, keep the part that starts on a 2 MiB boundary */
    void *p = mmap(NULL, len + MAT_HUGE_BYTES, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    uintptr_t start = (uintptr_t)p, aligned = round_up(start, MAT_HUGE_BYTES);
    if (aligned > start)
        munmap(p, aligned - start);
    size_t tail = (start + len + MAT_HUGE_BYTES) - (aligned + len);
    if (tail > 0)
        munmap((void *)(aligned + len), tail);
#ifdef MADV_HUGEPAGE
    madvise((void *)aligned, len, MADV_HUGEPAGE);
#endif
    return (float *)aligned;
}
bool mat_check_size(long rows, long cols, Error *err) {
    if (rows < 0 || cols < 0)
        return err_set_msg(err, MSG_MAT_NEGATIVE, rows, cols);
    if (rows > MAT_MAX_DIM || cols > MAT_MAX_DIM)
        return err_set_msg(err, MSG_MAT_SIDE_LIMIT, rows, cols, MAT_MAX_DIM);
    if (rows * cols > MAT_MAX_ELEMS)
        return err_set_msg(err, MSG_MAT_ELEMS_LIMIT, rows, cols, (long)MAT_MAX_ELEMS);
    return true;
}

/* zero-filled, MAT_ALIGN_BYTES-aligned memory of `bytes` (a multiple of
 * MAT_ALIGN_BYTES) from where its size says; NULL when it runs out */
static float *mem_alloc(size_t bytes) {
    if (bytes >= MAT_HUGE_BYTES)
        return map_zeroed(bytes);
    if (bytes >= MAT_POOL_MIN_BYTES)
        return mat_pool_alloc(bytes);
    float *data = aligned_alloc(MAT_ALIGN_BYTES, bytes);
    if (data)
        memset(data, 0, bytes);
    return data;
}

/* give back mem_alloc's `data` of the same `bytes` */
static void mem_free(float *data, size_t bytes) {
    if (!data)
        return;
    if (bytes >= MAT_HUGE_BYTES)
        munmap(data, round_up(bytes, MAT_PAGE_BYTES));
    else if (bytes >= MAT_POOL_MIN_BYTES)
        mat_pool_free(data, bytes);
    else
        free(data);
}

bool mat_alloc(Matrix *m, int rows, int cols, Error *err) {
    *m = (Matrix){0};
    if (!mat_check_size(rows, cols, err))
        return false;
    int stride = (int)mat_aligned_floats((size_t)cols);
    size_t bytes = mat_bytes(rows, stride);
    float *data = bytes > 0 ? mem_alloc(bytes) : NULL;
    if (bytes > 0 && !data)
        return err_set_msg(err, MSG_MAT_OUT_OF_MEMORY, rows, cols);
    *m = (Matrix){.rows = rows, .cols = cols, .stride = stride, .data = data, .owned = data != NULL};
    return true;
}

void mat_free(Matrix *m) {
    if (m->owned)
        mem_free(m->data, mat_bytes(m->rows, m->stride));
    *m = (Matrix){0};
}

/* the bytes of a scratch of `floats` */
static size_t scratch_bytes(size_t floats) { return round_up(floats * sizeof(float), MAT_ALIGN_BYTES); }

bool mat_scratch_reserve(MatScratch *s, size_t floats) {
    if (s->floats >= floats)
        return true;
    mat_scratch_free(s);
    s->data = floats > 0 ? mem_alloc(scratch_bytes(floats)) : NULL;
    s->floats = s->data ? floats : 0;
    return s->data != NULL || floats == 0;
}

void mat_scratch_free(MatScratch *s) {
    mem_free(s->data, scratch_bytes(s->floats));
    *s = (MatScratch){0};
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
