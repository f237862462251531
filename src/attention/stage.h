/* stage.h - the stages of multi-head self-attention (design §2), as
 * stages.def lists them: the Stage ids, their names, and the names of
 * their results and operands. stages.def is the one table of stages;
 * docs/architecture.md has the recipe for adding one.
 */
#ifndef ATTNSTEP_STAGE_H
#define ATTNSTEP_STAGE_H

#include <stdbool.h>
#include <stddef.h>

/* STAGE_NONE is a statement the learner wrote, outside `attention`. */
typedef enum {
    STAGE_NONE,
#define STAGE(ID, ...) STAGE_##ID,
#include "attention/stages.def"
#undef STAGE
    STAGE_COUNT
} Stage;

/* The flags column of stages.def (its header says what each means): bits
 * a front end tests instead of a stage's id. */
enum {
    SF_WEIGHTS = 1 << 0,        /* its outputs are the heads' attention weights */
    SF_NEXT_TOKEN = 1 << 1,     /* a next-token step: records carry best_col */
    SF_NOTE_POSITIONS = 1 << 2, /* explained: the positions are added to E */
    SF_NOTE_RESIDUAL = 1 << 3,  /* explained: the sub-layer's input is added back */
    SF_WEIGHTED_SUM = 1 << 4,   /* explained as a weighted sum of value rows */
};

/* stage_flags: the SF_ bits of `stage` (0 for STAGE_NONE, a statement). */
unsigned stage_flags(Stage stage);

/* stage_name: "scores", "softmax", ... (English, for trace headers);
 * "statement" for STAGE_NONE. stage_name_zh: the same in Chinese. */
const char *stage_name(Stage stage);
const char *stage_name_zh(Stage stage);

/* stage_outputs / stage_inputs: those columns of stages.def ("S_h",
 * "Q_h K_h"). stage_word: the k-th word of such a column (from 0) into
 * word, without its [brackets] (*optional says whether it had them; may
 * be NULL); false past the last word. */
const char *stage_outputs(Stage stage);
const char *stage_inputs(Stage stage);
bool stage_word(const char *column, int k, char *word, size_t size, bool *optional);

/* The weights of one layer, listed once: X(field, lesson name, file name,
 * optional). The lesson writes W_Q (or the file's name, Wq); a model
 * directory has Wq.npy. P, the learned positions, is a weight only with
 * `positions learned` (config "positional": "learned").
 * The feed-forward network's weights (W_1 (d, d_ff),
 * b_1 (d_ff), W_2 (d_ff, d), b_2, and gamma_ff, beta_ff of its layer norm)
 * are "optional" here because only a layer with a feed-forward network
 * has them; attn_weight_needed says which a configuration requires.
 * gamma_final and beta_final, the layer norm after a pre-LN stack, and E
 * belong to the whole stack: they are read from the first layer's.
 * A gated feed-forward network (activation swiglu) has W_gate and W_up
 * (d, d_ff) and W_down (d_ff, d) in place of W_1 and W_2, and no biases;
 * they come last, so that `k >= WEIGHT_W1` still means "of the FFN or
 * the stack". */
#define ATTN_WEIGHTS(X)                  \
    X(E, "E", "E", false)                \
    X(Wq, "W_Q", "Wq", false)            \
    X(Wk, "W_K", "Wk", false)            \
    X(Wv, "W_V", "Wv", false)            \
    X(Wo, "W_O", "Wo", false)            \
    X(bq, "b_Q", "bq", true)             \
    X(bk, "b_K", "bk", true)             \
    X(bv, "b_V", "bv", true)             \
    X(bo, "b_O", "bo", true)             \
    X(gamma, "gamma", "gamma", true)     \
    X(beta, "beta", "beta", true)        \
    X(P, "P", "P", true)                 \
    X(W1, "W_1", "W1", true)             \
    X(b1, "b_1", "b1", true)             \
    X(W2, "W_2", "W2", true)             \
    X(b2, "b_2", "b2", true)             \
    X(gamma_ff, "gamma_ff", "gamma_ff", true) \
    X(beta_ff, "beta_ff", "beta_ff", true) \
    X(gamma_final, "gamma_final", "gamma_final", true) \
    X(beta_final, "beta_final", "beta_final", true) \
    X(Wgate, "W_gate", "W_gate", true)   \
    X(Wup, "W_up", "W_up", true)         \
    X(Wdown, "W_down", "W_down", true)

typedef enum {
#define ATTN_WEIGHT_ENUM(field, lesson, file, optional) WEIGHT_##field,
    ATTN_WEIGHTS(ATTN_WEIGHT_ENUM)
#undef ATTN_WEIGHT_ENUM
    WEIGHT_COUNT
} WeightId;

/* The names of weight `id`: as a lesson writes it (W_Q) and as a model
 * directory's file is called (Wq, without .npy); whether it may be left out. */
typedef struct WeightName {
    const char *lesson, *file;
    bool optional;
} WeightName;
extern const WeightName attn_weight_names[WEIGHT_COUNT];

#endif
