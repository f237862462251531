/* fused.h - the attention layer computed for its output Y only: the fast
 * path for callers that observe no stage (export of Y, benchmarks).
 *
 * It computes the canonical pipeline of pipeline.h (attn_run with the same
 * weights and config) with the same kernels, but never holds an n x n
 * matrix: per head and per block of query rows it computes the scores,
 * scales, masks and normalises them in one pass (scale_mask_softmax_rows)
 * and multiplies by V into that head's columns of Z, so the only scratch
 * beyond the (n, d) activations is one (block, n) strip and one head's K^T.
 * The heads' results land in Z directly (no concatenation), O overwrites
 * Q, the residual is added in place.
 *
 * On the same kernel set, Y is bit-identical to attn_run's Y for finite
 * inputs: every product is one chain over k in order whatever its
 * blocking, the fused softmax gives the bits of the three stages, and the
 * keys a causal -inf mask hides (whole 16-column blocks past a row block's
 * last query) are skipped only where they would add exact zeros.
 *
 * Grouped-query attention (kv_heads < heads), learned and rotary positions
 * are not fused: for them attn_fused runs the ordinary stages (attn_forward),
 * so its Y is attn_run's Y for every layer.
 */
#ifndef ATTNSTEP_FUSED_H
#define ATTNSTEP_FUSED_H

#include "attention/pipeline.h"

/* Query rows per strip: a multiple of every set's register tile height (6,
 * 8, 12 rows), enough to amortise packing K_h^T and V_h for each strip, and
 * a (96, n) strip of scores (384 KiB at n = 1024) stays in L2. The
 * recording pass (attn_forward) goes through its heads' scores, weights
 * and weighted sums by strips of the same height. */
#define ATTN_FUSED_ROWS 96

/* Scratch memory kept between calls of one shape, so that repeated calls
 * allocate nothing. Zero-initialise it; free it with attn_fused_free. */
typedef struct AttnFused {
    MatScratch buf; /* Q (then O and R), K, V, Z, X with positions, K_h^T, the score strip */
    Matrix P;      /* sinusoidal positions of shape (P.rows, P.cols), or empty */
    MatScratch mm; /* the projections' packed blocks (KernelSet.matmul_scratch) */
} AttnFused;

/* attn_fused: Y of the attention layer (w, cfg), as attn_run would compute
 * it, into *Y. *Y must be the empty matrix or an owned matrix (a previous
 * result): it is reused when its shape is (n, d_model), else reallocated.
 * The caller owns *Y (mat_free). `scratch` (may be NULL: then the call
 * allocates and frees its own) is reused across calls. It computes the
 * layers attn_fusable accepts itself, and runs the ordinary stages for
 * the others. On failure *Y's contents are undefined, and err says
 * why: invalid weights, out of memory, or ATTN_FUSED_NOT_FINITE when some
 * stage's result would hold an infinity or NaN (attn_forward then names the
 * stage and the cell, as attn_run reports it). */
bool attn_fused(const AttnWeights *w, const AttnConfig *cfg, Matrix *Y, AttnFused *scratch,
                Error *err);

#define ATTN_FUSED_NOT_FINITE "a result of the fused attention is not finite"

/* attn_fusable: whether attn_fused computes cfg's layer itself: the
 * canonical pipeline (not a learner's-mistake variant: scale_dim,
 * mask_skipped, softmax), one K/V head per query head, positions added to E
 * or none; for any other it runs the ordinary stages. */
bool attn_fusable(const AttnConfig *cfg);

/* attn_fused_free: release the scratch memory; *s is empty afterwards. */
void attn_fused_free(AttnFused *s);

#endif
