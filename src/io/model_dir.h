/* model_dir.h - loading a model directory (design §3; docs/formats.md).
 *
 * A model directory holds config.json and float32 .npy files:
 *   E.npy (n, d); Wq.npy Wk.npy Wv.npy Wo.npy (d, d), applied as X @ W;
 *   optional bq bk bv bo gamma beta, each (d,) or (1, d).
 * config.json: {"heads": h, "eps": 1e-5, "causal": false,
 *               "positional": "none" | "sinusoidal", "tokens": [...]}
 * Only "heads" is required. Unknown keys are errors, so a typo such as
 * "head" cannot silently fall back to a default; so is a .npy file whose
 * name is a near miss of a model file ("wq.npy", "b_q.npy", "gama.npy")
 * while the real one is absent. Other files are ignored.
 */
#ifndef ATTNSTEP_MODEL_DIR_H
#define ATTNSTEP_MODEL_DIR_H

#include "attention/pipeline.h"

/* Longest token label accepted, in bytes. */
#define MODEL_TOKEN_MAX 256

typedef struct Model {
    AttnWeights w;  /* optional weights are the empty matrix */
    AttnConfig cfg; /* attn_config_default() plus what config.json sets */
    char **tokens;  /* ntokens labels (== w.E.rows), UTF-8, "t0".. when none given */
    int ntokens;
} Model;

/* model_load: read the model directory `dir` into `*model`, checking
 * everything attn_validate checks and more (types, finiteness, labels),
 * with messages that name the file: "dir/Wq.npy: shape (4, 3), expected
 * (4, 4) = (d_model, d_model)", "dir/config.json:3:5: invalid JSON ...".
 * On success the model owns everything in it; free it with model_free.
 * On failure `*model` is left empty (nothing to free). */
bool model_load(const char *dir, Model *model, Error *err);

/* model_free: free the weights and labels; `*model` becomes empty.
 * Safe on an empty model and safe twice. */
void model_free(Model *model);

#endif
