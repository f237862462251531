/* npy.h - reading and writing NumPy .npy files.
 *
 * Written: format version 1.0, dtype '<f4' (little-endian float32), C order,
 * a 2-D shape (or 1-D for a vector when asked), the header padded with
 * spaces so the data starts on a 64-byte boundary.
 *
 * Read: format versions 1.0, 2.0 and 3.0; dtype '<f4' or '<f8' (float64 is
 * converted to float; a finite value outside the float range is an error,
 * while NaN and infinities are kept as they are); C or Fortran order; 1-D
 * shapes (n,) as a 1 x n row and 2-D shapes. Anything else is refused with
 * a message: other dtypes, other dimensions, a malformed header, a header
 * or data size that does not match the file, sizes past the matrix limits.
 *
 * Messages do not contain the path: the caller adds it with err_prefix, so
 * the user reads "model/Wq.npy: truncated: ...".
 */
#ifndef ATTNSTEP_NPY_H
#define ATTNSTEP_NPY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "engine/matrix.h"

/* Largest header accepted when reading. NumPy's own reader refuses headers
 * over 10000 bytes by default; ours only ever need about 100. */
#define NPY_MAX_HEADER 65536

/* What the header of a file said, for callers that care whether a vector
 * was stored as (d,) or (1, d). */
typedef struct NpyInfo {
    int version_major, version_minor;
    int ndim;           /* 1 or 2 */
    long shape[2];      /* shape[1] is 0 for 1-D */
    bool fortran_order;
    int itemsize;       /* 4 for '<f4', 8 for '<f8' */
} NpyInfo;

/* How npy_write stores a matrix. */
typedef enum {
    NPY_MATRIX, /* shape (rows, cols) */
    NPY_VECTOR, /* shape (cols,); the matrix must have exactly one row */
} NpyShape;

/* npy_read: load the .npy file at `path` into `*m`, a new owned matrix
 * (free it with mat_free). `info` (may be NULL) receives what the header
 * said. On failure `*m` is the empty matrix and `err` says what is wrong,
 * without the path. Only regular files are read, so a FIFO or a device
 * cannot make it block or read forever. */
bool npy_read(const char *path, Matrix *m, NpyInfo *info, Error *err);

/* npy_read_info: only the header of the .npy file at `path` (its dtype
 * and shape), nothing of its data, whose size is not checked either (the
 * file may be shorter than it says): what reading it would allocate, for
 * summing a model's size before anything is read. False when the header
 * is not one npy_read would take. */
bool npy_read_info(const char *path, NpyInfo *info, Error *err);

/* npy_read_mem: the same, from `len` bytes in memory (which stay the
 * caller's). */
bool npy_read_mem(const void *data, size_t len, Matrix *m, NpyInfo *info, Error *err);

/* npy_write_stream: write `m` as a .npy file to the open stream `f`. It
 * does not close or flush `f`; a write error that stdio reports later is
 * the caller's to check. */
bool npy_write_stream(FILE *f, const Matrix *m, NpyShape shape, Error *err);

/* npy_write: write `m` to `path` atomically: the data goes to a temporary
 * file beside `path`, which is renamed over `path` only once it is
 * complete and closed. On failure the temporary file is removed and an
 * existing `path` is left untouched. The new file gets mode 0666 minus the
 * umask, like any file the user creates. */
bool npy_write(const char *path, const Matrix *m, NpyShape shape, Error *err);

#endif
