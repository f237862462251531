/* kernels.h - the engine's numeric kernels, and the table that selects the
 * instruction set they run on.
 *
 * Every kernel exists as a plain scalar reference (kernels_scalar.c), which
 * is the specification, and as SIMD versions compiled once per instruction
 * set from the same source (simd_kernels.inc, simd_matmul.inc). A KernelSet
 * is one complete implementation; engine_use() picks the active one.
 *
 * Shape rules are the caller's job: kernels assert them but never report
 * errors. Unless a kernel says otherwise, `out` must already be allocated
 * with the right shape and must not overlap an input. Element-wise kernels
 * (add, add_row, scale) allow out == a.
 */
#ifndef ATTNSTEP_KERNELS_H
#define ATTNSTEP_KERNELS_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/matrix.h"

/* Layer-norm conventions that differ between sources (design §2). */
typedef enum {
    LN_VAR_POPULATION, /* divide by n: torch.nn.LayerNorm, the paper */
    LN_VAR_SAMPLE,     /* divide by n-1: the Annotated Transformer, some articles */
} LnVariance;

typedef enum {
    LN_EPS_INSIDE,  /* (x - mu) / sqrt(var + eps) */
    LN_EPS_OUTSIDE, /* (x - mu) / (sqrt(var) + eps) */
} LnEpsPlacement;

typedef struct LnConvention {
    LnVariance variance;
    LnEpsPlacement eps_place;
    float eps;
} LnConvention;

/* The PyTorch default: population variance, eps = 1e-5 inside the root. */
#define LN_CONVENTION_PYTORCH ((LnConvention){LN_VAR_POPULATION, LN_EPS_INSIDE, 1e-5f})

typedef struct KernelSet {
    const char *name; /* "scalar", "avx2", "avx512", "avx512-emulated", "neon" */
    /* NULL, or the set whose instructions this one emulates with others
     * ("avx512" for avx512-emulated). An emulated set exists for testing
     * and is never chosen automatically, only by name. */
    const char *emulates;

    /* out = a @ b.     a is (n, k), b is (k, m), out is (n, m) */
    void (*matmul)(Matrix *out, const Matrix *a, const Matrix *b);
    /* out = a @ b^T.   a is (n, k), b is (m, k), out is (n, m) */
    void (*matmul_bt)(Matrix *out, const Matrix *a, const Matrix *b);
    /* out = a @ b (a @ b^T when bt), as matmul (matmul_bt), the same bits,
     * with the room the product packs its operands into taken from
     * *scratch, which grows when the product needs more and is kept for
     * the next product (so a pass of many products allocates it once).
     * When it cannot grow the product still runs, packing on the stack.
     * A NULL scratch: room allocated and freed by this call, as matmul. */
    void (*matmul_scratch)(Matrix *out, const Matrix *a, const Matrix *b, bool bt, MatScratch *scratch);
    /* outs[i] = a @ bs[i] for i < count (the query, key and value
     * projections of one input), each with the bits of matmul, a's blocks
     * packed once for all of them into *scratch (kept; NULL: room of its
     * own). a is (n, k), every bs[i] (k, m), every outs[i] (n, m). */
    void (*matmul_many)(Matrix *const *outs, const Matrix *a, const Matrix *const *bs, int count,
                        MatScratch *scratch);
    /* The right operand of matmul packed once for many products by it
     * (attention multiplies strip after strip of query rows by the same
     * K_h^T and V_h). packed_floats(k, m): the floats a packed (k, m)
     * operand takes. pack(dst, b, bt): B = b (k, m), or b^T when bt (b is
     * then (m, k)), into dst (packed_floats of them) in the order this
     * set's products read it. matmul_packed(out, a, packed): out = a @ B,
     * a (n, k), out (n, m), B packed by pack with this k and m; the same
     * bits as matmul (matmul_bt) of a by b. */
    size_t (*packed_floats)(int k, int m);
    void (*pack)(float *dst, const Matrix *b, bool bt);
    void (*matmul_packed)(Matrix *out, const Matrix *a, const float *packed);
    /* out = a + b.     all (n, m) */
    void (*add)(Matrix *out, const Matrix *a, const Matrix *b);
    /* out = a + row, the row broadcast down.  a, out (n, m); row has m floats */
    void (*add_row)(Matrix *out, const Matrix *a, const float *row);
    /* out = s * a.     all (n, m) */
    void (*scale)(Matrix *out, const Matrix *a, float s);
    /* out[i] = softmax(a[i]) for each row i; all (n, m).
     * row_max, row_sum (n floats each, may be NULL) receive each row's
     * maximum and the sum of exp(a[i][j] - max) for explanations.
     * Edge cases (documented in docs/engine.md):
     *   - a row of only -inf (fully masked) gives all zeros, sum 0;
     *   - a row containing +inf shares the weight equally among its +inf
     *     entries;
     *   - a row containing NaN gives NaN in every entry of that row. */
    void (*softmax_rows)(Matrix *out, const Matrix *a, float *row_max, float *row_sum);
    /* The scale, mask and softmax stages of attention in one pass over a
     * block of scores: out[i] = softmax of the row s * a[i][j], where, when
     * `causal`, entries with j > row0 + i are `mask_value` instead (row i of
     * the block is query row0 + i). a, out (n, m); out may be a. Gives the
     * same bits as this set's scale, then mat_causal_mask (shifted by row0),
     * then softmax_rows, which is how the reference computes it. `scaled`
     * and `masked` (each NULL or (n, m), overlapping nothing) receive what
     * the first two stages would keep: s * a, and the masked scores.
     * Returns true when every s * a[i][j] (masked or not) and every output
     * is finite; then so is every a[i][j], since s * inf and s * NaN are
     * not. Finding the offending element is the caller's business. */
    bool (*scale_mask_softmax_rows)(Matrix *out, const Matrix *a, float s, bool causal, int row0,
                                    float mask_value, Matrix *scaled, Matrix *masked);
    /* out = a; a, out (n, m), overlapping nothing. For results kept for
     * later and not read again soon (a recording's per-head n x n
     * matrices): where the set can, out is written past the cache, so the
     * copy neither reads out's old contents from memory nor pushes the
     * working set out of the cache. scale_mask_softmax_rows writes
     * `scaled` and `masked` the same way. */
    void (*keep_rows)(Matrix *out, const Matrix *a);
    /* out[i] = gamma * (a[i] - mu_i) / norm_i + beta, per row i; a, out (n, m).
     * gamma, beta (m floats) may be NULL for 1 and 0. row_mean, row_var
     * (n floats each, may be NULL) receive mu_i and the variance under the
     * convention. A row whose variance is 0 (constant row, or n = 1 under the
     * sample convention) normalises to 0, so the output is beta, even when
     * eps = 0. */
    void (*layernorm_rows)(Matrix *out, const Matrix *a, const float *gamma, const float *beta,
                           LnConvention conv, float *row_mean, float *row_var);
    /* out[i] = gamma * a[i] / rms_i per row i, rms_i = sqrt(mean_j a[i][j]^2
     * + eps) (RMSNorm: no mean subtracted, no beta); a, out (n, m). gamma
     * (m floats) may be NULL for 1. row_ms (n floats, may be NULL)
     * receives mean_j a[i][j]^2, so rms_i = sqrt(row_ms[i] + eps). A row
     * of zeros normalises to 0 (the output is 0), even when eps = 0. */
    void (*rmsnorm_rows)(Matrix *out, const Matrix *a, const float *gamma, float eps, float *row_ms);
    /* out = silu(gate) * up element by element, silu(x) = x * sigmoid(x) =
     * x / (1 + exp(-x)): SwiGLU's gated product. gate, up, out (n, m); up
     * may be NULL for out = silu(gate); out may be gate or up. An infinite
     * or NaN gate gives the reference's formula: silu(+inf) = +inf,
     * silu(-inf) and silu(NaN) NaN. */
    void (*silu_gate)(Matrix *out, const Matrix *gate, const Matrix *up);
    /* true when no element of a is NaN or infinite; with skip_upper, the
     * elements above the diagonal (j > i, where a causal mask puts -inf)
     * are not looked at. a is (n, m). Finding the offending element is
     * the caller's business. */
    bool (*all_finite)(const Matrix *a, bool skip_upper);
} KernelSet;

/* The scalar reference: always compiled, always available. */
extern const KernelSet kernels_scalar;

/* kernels_find: the kernel set called `name`, or NULL when it is unknown,
 * not compiled into this build, or not supported by this CPU (then `err`
 * says which). */
const KernelSet *kernels_find(const char *name, Error *err);

/* kernels_best: the fastest set this CPU supports (never an emulated one). */
const KernelSet *kernels_best(void);

/* kernels_compiled: NULL-terminated list of every set compiled into this
 * build, whether or not this CPU runs it. */
const KernelSet *const *kernels_compiled(void);

/* kernels_cpu_supports: true when this CPU can run the named set. */
bool kernels_cpu_supports(const char *name);

/* The active set, used by the engine_* calls below and by the pipeline.
 * engine_init chooses it once: `forced` (a --simd flag) if given, else the
 * ATTNSTEP_SIMD environment variable, else kernels_best(). Fails when the
 * requested set is unknown or unsupported here. */
bool engine_init(const char *forced, Error *err);
const KernelSet *engine_kernels(void);

/* Kernels that only move data: one implementation serves every set. */

/* out = a^T.  a is (n, m), out is (m, n) */
void mat_transpose(Matrix *out, const Matrix *a);
/* out = columns [c0, c0 + out->cols) of a.  a is (n, m), out is (n, w) */
void mat_copy_cols(Matrix *out, const Matrix *a, int c0);
/* columns [c0, c0 + part->cols) of out = part.  part (n, w), out (n, m) */
void mat_put_cols(Matrix *out, const Matrix *part, int c0);
/* out = a with a[i][j] replaced by `value` wherever j > i (causal mask).
 * a, out are (n, m); out may be a. */
void mat_causal_mask(Matrix *out, const Matrix *a, float value);

#endif
