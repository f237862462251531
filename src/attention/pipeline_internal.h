/* pipeline_internal.h - what the pipeline's files share (pipeline.c, the
 * stages; pipeline_forward.c, the pass; pipeline_check.c, the weights'
 * rules; pipeline_acts.c, the activations). Not for other modules: they
 * use pipeline.h.
 */
#ifndef ATTNSTEP_PIPELINE_INTERNAL_H
#define ATTNSTEP_PIPELINE_INTERNAL_H

#include "attention/pipeline.h"

/* attn_is_empty: an absent optional weight or vector */
static inline bool attn_is_empty(const Matrix *m) { return m->rows == 0; }

/* attn_ensure: m becomes an owned rows x cols matrix; one it already owns
 * of that shape is kept as it is (its values are about to be overwritten) */
bool attn_ensure(Matrix *m, int rows, int cols, Error *err);

/* attn_check_vector: m (called `name`) is empty or (1, d); else an error
 * that says its shape */
bool attn_check_vector(const char *name, const Matrix *m, int d, Error *err);

/* attn_acts_shape: acts ready for a pass of n tokens, d columns and
 * `heads` heads: its stage-output table found, the per-head arrays
 * allocated for `heads` (the matrices themselves are sized by the
 * stages); the activations of another head count are freed first */
bool attn_acts_shape(AttnActs *acts, int n, int d, int heads, Error *err);

#endif
