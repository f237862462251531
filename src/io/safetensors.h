/* safetensors.h - reading Hugging Face .safetensors checkpoints.
 *
 * The format: an 8-byte little-endian header length N, N bytes of JSON
 * (an object mapping each tensor name to {"dtype", "shape",
 * "data_offsets": [begin, end]}, plus an optional "__metadata__" object of
 * strings), then the raw little-endian data; offsets count from the first
 * byte after the header.
 *
 * st_open maps the file and checks the whole header before anything is
 * read: every entry well formed, every name valid UTF-8 and unique, every
 * dtype known, every shape's size equal to its byte range, and the byte
 * ranges tiling the data exactly (no overlap, no gap, nothing past the
 * end, nothing left over). Tensors of any known dtype can be listed;
 * st_read converts F32, F16 and BF16 to float32 and refuses the others by
 * name.
 *
 * Messages start with the file's path: "ckpt/model.safetensors: tensor
 * 'wte.weight': shape [50257, 768] of F32 needs 154389504 bytes, but
 * data_offsets [0, 100] hold 100". The caller prints them and exits with
 * status 2.
 */
#ifndef ATTNSTEP_SAFETENSORS_H
#define ATTNSTEP_SAFETENSORS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/matrix.h"

/* Largest header accepted. The safetensors library itself stops at
 * 100 MB; a real checkpoint's header is a few kilobytes per hundred
 * tensors (GPT-2's: 15 KB), so 16 MiB leaves room for any real model while
 * keeping the JSON parse of a hostile file small. */
#define ST_MAX_HEADER (16L * 1024 * 1024)

/* Most dimensions in one tensor's shape (real models use at most 5). */
#define ST_MAX_DIMS 8

/* A dimension may be at most 2^53: JSON numbers are doubles, and a larger
 * integer could not be told from its neighbours. */
#define ST_MAX_DIM_VALUE (1LL << 53)

/* One tensor as the header describes it. Everything points into the
 * StFile and is valid until st_close. */
typedef struct StTensor {
    const char *name;  /* valid UTF-8, unique in the file */
    const char *dtype; /* the header's dtype name: "F32", "BF16", "I64", ... */
    int bits;          /* bits per element: 32 for F32, 16 for BF16, ... */
    int ndim;          /* 0 for a scalar */
    int64_t shape[ST_MAX_DIMS];
    size_t begin, end; /* byte range in the data section (after the header) */
} StTensor;

/* An open checkpoint. Read the fields; change none of them. */
typedef struct StFile {
    char *path;                 /* as given to st_open, for messages */
    const unsigned char *bytes; /* the whole file */
    size_t size;
    bool mapped;                /* bytes is our mmap (else the caller's memory) */
    size_t data_start;          /* 8 + header length */
    StTensor *tensors;          /* in file order (by begin offset) */
    int count;
    const StTensor **by_name;   /* the same, sorted by name, for st_find */
    void *json;                 /* the parsed header (a cJSON tree); names point into it */
} StFile;

/* st_open: open the safetensors file at `path` and check its header (see
 * above). The file is mapped read-only, not read: the data pages are read
 * from disk when st_read converts a tensor. On success `*f` is owned by the
 * caller, who must st_close it; on failure `*f` holds nothing to free and
 * `err` says "path: what is wrong". Only regular files are opened.
 * The file must not be truncated while it is open: reading a mapped page
 * past the new end kills the process with SIGBUS. */
bool st_open(StFile *f, const char *path, Error *err);

/* st_open_mem: the same checks on `size` bytes in memory, which stay the
 * caller's and must outlive `*f`. `name` stands for the path in messages. */
bool st_open_mem(StFile *f, const void *bytes, size_t size, const char *name, Error *err);

/* st_close: release everything st_open took (the mapping, the header).
 * Every StTensor and name obtained from `f` is invalid afterwards; the
 * matrices st_read returned stay valid (they are copies). Safe on a
 * zeroed StFile and safe to call twice. */
void st_close(StFile *f);

/* st_find: the tensor called `name`, or NULL. The pointer is f's. */
const StTensor *st_find(const StFile *f, const char *name);

/* st_metadata: the value of `key` in the header's "__metadata__", or
 * NULL. The string is f's. */
const char *st_metadata(const StFile *f, const char *key);

/* st_read: tensor `t` of `f` converted to float32 in `*m`, a new matrix
 * owned by the caller (mat_free). A 0-D tensor becomes 1 x 1, a 1-D
 * tensor (n) a 1 x n row, a 2-D tensor (r, c) an r x c matrix; leading
 * dimensions of size 1 are dropped first, so (1, 1, r, c) is r x c.
 * Refused with a message: dtypes other than F32, F16 and BF16, more
 * dimensions than that, sizes past the matrix limits. Conversions are
 * exact: F16 and BF16 values (subnormals, infinities, NaN payloads
 * included) are all representable in float32. The mapped pages of the
 * tensor are given back once converted, so reading every tensor of a
 * checkpoint keeps about one copy of it in memory, not two. */
bool st_read(const StFile *f, const StTensor *t, Matrix *m, Error *err);

/* st_get: st_find and st_read in one; a missing name is an error that
 * suggests the nearest name in the file. */
bool st_get(const StFile *f, const char *name, Matrix *m, Error *err);

/* st_f16_to_f32, st_bf16_to_f32: one IEEE half or bfloat16, given by its
 * bits, as float32 (exact). */
float st_f16_to_f32(uint16_t h);
float st_bf16_to_f32(uint16_t b);

#endif
