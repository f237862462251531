/* matrix_pool.h - where mat_alloc puts matrices of MAT_POOL_MIN_BYTES up
 * to MAT_POOL_MAX_BYTES: blocks of shared 2 MiB-aligned regions offered
 * for transparent huge pages (matrix_pool.c says why). Larger matrices get
 * a mapping of their own, smaller ones come from the heap (matrix.c). */
#ifndef ATTNSTEP_MATRIX_POOL_H
#define ATTNSTEP_MATRIX_POOL_H

#include <stdbool.h>
#include <stddef.h>

#define MAT_POOL_MIN_BYTES ((size_t)256 << 10)
#define MAT_POOL_MAX_BYTES ((size_t)2 << 20) /* exclusive */

/* mat_pool_alloc: a zero-filled block of `bytes` (0 < bytes <
 * MAT_POOL_MAX_BYTES, else NULL), 4096-byte aligned, or NULL when memory
 * runs out. The caller owns it until mat_pool_free. */
float *mat_pool_alloc(size_t bytes);

/* mat_pool_free: give back a block from mat_pool_alloc with the same
 * `bytes`; data is invalid afterwards. A region left empty goes back to
 * the system. False (and nothing done) when data is not from the pool. */
bool mat_pool_free(float *data, size_t bytes);

/* mat_pool_regions: regions mapped now (for tests: 0 once every block
 * is freed). */
int mat_pool_regions(void);

#endif
