/* attention_run.h - what the `attention` and `layer` statements share
 * between reading the statement (attention_args.c: its options, its
 * embeddings and weights from the environment, the pipeline's settings)
 * and observing the pass (attention.c: naming, recording and explaining
 * each stage). Private to those two files.
 */
#ifndef ATTNSTEP_ATTENTION_RUN_H
#define ATTNSTEP_ATTENTION_RUN_H

#include "attention/pipeline.h"
#include "lang/interp_internal.h"
#include "record/stage_text.h"

typedef struct Run {
    Interp *in;
    const Stmt *s;
    StageNumbers num;
    /* the statement's options, as options.def reads them into the
     * pipeline's settings (attnargs_config adds the lesson's settings) */
    AttnConfig opt;
    bool positions;           /* sinusoidal positions, computed (a P record) */
    const Arg *rope_option;   /* the first rope_pairs or rope_base, for its error */
    const Expr *learned;      /* the P of `positions learned P`, or NULL for P */
    char p_name[MLIST_NAME_MAX]; /* what the lesson calls the learned positions */
    const char *memory_name;
    const char *unembed_name; /* `unembed W_E`: the next-token stages' W_E, or NULL */
    /* views of the environment's matrices, not owned: layer l's weights
     * (E, the memory and the final norm in w[0]), and a decoder's
     * cross-attention weights */
    AttnWeights w[ATTN_MAX_LAYERS], cross[ATTN_MAX_LAYERS];
    Matrix E;         /* the embeddings, owned until the first record takes them */
    AttnConfig cfg;
} Run;

/* attnargs_options: the statement's options into r (heads, mask,
 * positions, layer options); false when one is wrong (reported). */
bool attnargs_options(Run *r);

/* attnargs_embeddings: E, a view of the environment's value when the
 * statement names one, else the value of its expression (owned by r->E
 * until the first record takes it); false when not finite (reported). */
bool attnargs_embeddings(Run *r);

/* attnargs_weights: every layer's weights as views of the environment's
 * matrices, checked as the pipeline checks them; false (reported, in the
 * lesson's names for the weights) when one is missing or wrong. */
bool attnargs_weights(Run *r);

/* attnargs_config: the pipeline as this lesson's settings, and the
 * mistake being diagnosed (if any), would compute it. */
AttnConfig attnargs_config(const Run *r);

/* attnargs_fail: report that the pass failed with err; returns false. */
bool attnargs_fail(Run *r, Error *err);

#endif
