/* threads.h - a small pool of worker threads, and the kernels that split
 * their work across it.
 *
 * A product (or a row-wise kernel) is cut into parts by output rows (by
 * output columns when there are too few rows, as for one generated token),
 * and each part is the same kernel on a view of the operands. Every output
 * element is computed by one thread from start to end in the order the
 * kernel always uses (a matrix product's FMA chain over p = 0..k-1, a
 * row's softmax or layer-norm sums), so the results are bit-identical for
 * every thread count: no reduction ever crosses a part.
 *
 * Work below THR_GRAIN multiply-adds (THR_ROW_GRAIN floats for row-wise
 * kernels) per part is not split: the lesson's 3 x 4 products run directly
 * on the calling thread, with no locking and no wake-up.
 *
 * The pool is owned by whoever creates it (the engine's dispatch, or a
 * test); it is used by one calling thread at a time. In a child of fork()
 * (which has no workers) it runs every part on the calling thread, with
 * the same results.
 */
#ifndef ATTNSTEP_THREADS_H
#define ATTNSTEP_THREADS_H

#include <stdbool.h>

#include "engine/kernels.h"

/* The documented limits of --threads and ATTNSTEP_THREADS. */
#define THR_MAX 256
/* Multiply-adds per part below which a product is not split (about 0.1 ms
 * of one core; waking a worker costs a few microseconds). */
#define THR_GRAIN (1L << 18)
/* Floats per part below which a row-wise kernel is not split. */
#define THR_ROW_GRAIN (1L << 14)

typedef struct ThrPool ThrPool;

/* thr_available: the cores this process may run on (sched_getaffinity),
 * at least 1 and at most THR_MAX. */
int thr_available(void);

/* thr_parse: `text` as a thread count from 1 to THR_MAX. False, with a
 * message naming `source` (the option or the variable) in err, when it is
 * not a whole number in that range. */
bool thr_parse(const char *text, const char *source, int *threads, Error *err);

/* thr_pool_new: a pool that runs work on `threads` threads: the caller and
 * threads - 1 workers (threads from 1 to THR_MAX). When the system gives
 * fewer workers, the pool runs on those it got. NULL when memory runs out.
 * Free it with thr_pool_free. */
ThrPool *thr_pool_new(int threads);

/* thr_pool_free: stop the workers and release the pool. NULL is fine. */
void thr_pool_free(ThrPool *pool);

/* thr_pool_threads: the threads work is spread over (1 for NULL). */
int thr_pool_threads(const ThrPool *pool);

/* thr_pool_set_grain: split products down to `madds` multiply-adds a part
 * and row-wise kernels down to `floats` a part (THR_GRAIN and
 * THR_ROW_GRAIN by default). Tests use 1 to split the smallest shapes. */
void thr_pool_set_grain(ThrPool *pool, long madds, long floats);

/* thr_pool_run: fn(ctx, task, scratch) for task = 0 .. tasks - 1, each on
 * its own thread (task 0 on the caller's), returning when all are done.
 * tasks is at most thr_pool_threads(pool). `scratch` is the pool's packing
 * room for that thread, kept from one run to the next. */
void thr_pool_run(ThrPool *pool, int tasks, void (*fn)(void *ctx, int task, MatScratch *scratch), void *ctx);

/* The kernels of `ks`, their work spread over `pool` (NULL: one thread),
 * each with the bits of the same kernel of ks run on one thread. The
 * arguments are those of the KernelSet entries of the same name. */
void thr_matmul(ThrPool *pool, const KernelSet *ks, Matrix *out, const Matrix *a, const Matrix *b, bool bt,
                MatScratch *scratch);
void thr_matmul_many(ThrPool *pool, const KernelSet *ks, Matrix *const *outs, const Matrix *a,
                     const Matrix *const *bs, int count, MatScratch *scratch);
void thr_matmul_packed(ThrPool *pool, const KernelSet *ks, Matrix *out, const Matrix *a, const float *packed);
void thr_softmax_rows(ThrPool *pool, const KernelSet *ks, Matrix *out, const Matrix *a, float *row_max,
                      float *row_sum);
bool thr_scale_mask_softmax_rows(ThrPool *pool, const KernelSet *ks, Matrix *out, const Matrix *a, float s,
                                 bool causal, int row0, float mask_value, Matrix *scaled, Matrix *masked);
void thr_layernorm_rows(ThrPool *pool, const KernelSet *ks, Matrix *out, const Matrix *a, const float *gamma,
                        const float *beta, LnConvention conv, float *row_mean, float *row_var);

/* The engine's threaded kernel set: `base` with the entries above run on
 * `pool`, the rest as in base (same name). The entries find base and pool
 * through engine_threads_context(), so it is the one engine_kernels()
 * gives (dispatch.c). */
typedef struct ThrKernels {
    KernelSet set;
    const KernelSet *base;
    ThrPool *pool;
} ThrKernels;
void thr_kernels_make(ThrKernels *tk, const KernelSet *base, ThrPool *pool);

/* engine_init_threads: the threads engine_kernels() runs on, chosen once
 * (dispatch.c): `forced` (a --threads value) if given, else the
 * ATTNSTEP_THREADS environment variable, else thr_available(). Fails, with
 * a message naming the option or the variable, when the value is not a
 * whole number from 1 to THR_MAX. Call it after engine_init. */
bool engine_init_threads(const char *forced, Error *err);
/* engine_threads: the threads engine_kernels() spreads work over (1 until
 * engine_init_threads). */
int engine_threads(void);
/* engine_threads_context: the threaded set, its base and its pool. */
const ThrKernels *engine_threads_context(void);

#endif
