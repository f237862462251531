/* bench.h - how fast the engine is: every kernel set against the scalar
 * reference, matmul against an optional BLAS, the lesson-sized product,
 * and the whole attention pipeline as the number of tokens grows.
 *
 * `attnstep bench` runs it without a BLAS; `make bench` builds a separate
 * program that passes OpenBLAS's sgemm in (the engine never links a BLAS).
 */
#ifndef ATTNSTEP_BENCH_H
#define ATTNSTEP_BENCH_H

#include <stdbool.h>
#include <stdio.h>

/* A BLAS-style single-precision product, row-major: c = a @ b, where a is
 * (n, k) with row stride lda, b is (k, m) with stride ldb, c is (n, m). */
typedef void (*BenchSgemm)(int n, int m, int k, const float *a, int lda, const float *b, int ldb,
                           float *c, int ldc);

/* The square sizes of the matmul comparison: n x n @ n x n. */
#define BENCH_SQUARE_COUNT 5
extern const int bench_square_sizes[BENCH_SQUARE_COUNT]; /* 64, 128, 256, 512, 1024 */

/* One more BLAS column for the square-size table, measured elsewhere (for
 * OpenBLAS: in a child process with another OPENBLAS_CORETYPE, since the
 * library reads it when it loads). The engine's best set is measured in the
 * same process, alternating with the BLAS, so each ratio is side by side. */
typedef struct BenchColumn {
    const char *label;                        /* e.g. "OpenBLAS Haswell" */
    const char *note;                         /* NULL, or why the column is empty */
    double blas_gflops[BENCH_SQUARE_COUNT];   /* <= 0: not measured */
    double engine_gflops[BENCH_SQUARE_COUNT]; /* the best set, same process */
} BenchColumn;

/* Another implementation of the attention layer timed alongside attnstep's
 * in the pipeline table (PyTorch, in bench_blas.c): it runs `calls`
 * forward passes of an (n, d_model, heads) layer and returns the seconds
 * they took by its own clock (wall, or its process's CPU time), or a
 * negative value when it cannot. */
typedef struct BenchPeer {
    const char *label; /* e.g. "PyTorch" */
    double (*time_layer)(void *ctx, int n, int d, int heads, int ffn, long calls, bool cpu_clock); /* ffn 0: attention sub-layer */
    void *ctx;
} BenchPeer;

typedef struct BenchOptions {
    BenchSgemm blas;        /* NULL: no BLAS comparison */
    const char *blas_label; /* its name in the tables, e.g. "OpenBLAS Zen" */
    bool quick;             /* far fewer sizes and repetitions (smoke tests) */
    FILE *out;              /* NULL: stdout */
    const BenchColumn *extra; /* more BLAS columns for table (b), or NULL */
    int extra_count;
    const BenchPeer *peer;  /* timed in the pipeline table, or NULL */
    bool pipeline_only;     /* only table (d), the pipeline */
    bool cpu_clock;         /* time by the process's CPU time (busy shared machines) */
} BenchOptions;

/* bench_run: run every benchmark and print the tables. Returns 0. */
int bench_run(const BenchOptions *opt);

/* bench_gpt2: table (f): opening the GPT-2 checkpoint in `dir` on a text
 * of `tokens` tokens, load alone and load + every layer's forward pass +
 * the records, each in a child process: fastest wall and CPU time of
 * several runs and the largest peak resident memory, against the file's
 * size. Returns 0 when the targets (under 1 s of CPU, under 2x the file)
 * are met, 1 otherwise or when it could not run. */
int bench_gpt2(const char *dir, int tokens, FILE *out);

/* bench_square_pairs: only the square-size matmuls, the best kernel set and
 * opt->blas alternately, into col->engine_gflops and col->blas_gflops
 * (sizes skipped under `quick` stay 0). Prints nothing. */
void bench_square_pairs(const BenchOptions *opt, BenchColumn *col);

#endif
