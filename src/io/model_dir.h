/* model_dir.h - loading a model directory (design §3; docs/formats.md).
 *
 * A model directory holds config.json and float32 .npy files:
 *   E.npy (n, d); Wq.npy Wk.npy Wv.npy Wo.npy (d, d), applied as X @ W;
 *   optional bq bk bv bo gamma beta, each (d,) or (1, d).
 * config.json: {"heads": h, "eps": 1e-5, "causal": false,
 *               "positional": "none" | "sinusoidal", "tokens": [...],
 *               "layer": "attention" | "encoder" | "decoder", "layers": N,
 *               "ffn": d_ff, "activation": "relu" | "gelu" | "gelu_tanh",
 *               "norm_first": false}
 * Only "heads" is required. An encoder or decoder layer also has the
 * feed-forward network W1.npy (d, d_ff), W2.npy (d_ff, d), optional b1 b2
 * gamma_ff beta_ff; a decoder layer cross_Wq.npy ... cross_beta.npy and
 * the stack a memory.npy (m, d); a pre-LN stack optional gamma_final and
 * beta_final. With "layers", each layer's files are in layer0/, layer1/,
 * ... (E, memory and the final norm stay at the top). Unknown keys are errors, so a typo such as
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
    AttnWeights *w;     /* cfg.layers layers; optional weights are the empty matrix */
    AttnWeights *cross; /* a decoder's cfg.layers cross-attention sub-layers, else NULL */
    AttnConfig cfg; /* attn_config_default() plus what config.json sets */
    bool layer_dirs;    /* config.json says "layers": each layer's files are in layerK/ */
    char **tokens;  /* ntokens labels (== w.E.rows), UTF-8, "t0".. when none given */
    int ntokens;
    /* a GPT-2 checkpoint's (io/gpt2.c, which owns and frees them): the
     * vocabulary's tokens as a learner reads them, one per row of the
     * unembedding w[0].unembed; else NULL */
    char **vocab;
    int nvocab;
} Model;

/* model_load: read the model directory `dir` into `*model`, checking
 * everything attn_validate checks and more (types, finiteness, labels),
 * with messages that name the file: "dir/Wq.npy: shape (4, 3), expected
 * (4, 4) = (d_model, d_model)", "dir/config.json:3:5: invalid JSON ...".
 * On success the model owns everything in it; free it with model_free.
 * On failure `*model` is left empty (nothing to free). */
bool model_load(const char *dir, Model *model, Error *err);

/* model_load_with: model_load, and before any weight is read, the
 * memory the command will hold (every file's float32 copy from its .npy
 * header, and what the pass keeps for say->use) said through say->say
 * and refused past MODEL_MAX_HOLD_BYTES, with the total (model_memory.h).
 * model_load is model_load_with(dir, NULL, ...): checked for a lesson,
 * not said. */
struct MemSay;
bool model_load_with(const char *dir, const struct MemSay *say, Model *model, Error *err);

/* model_weight: the i-th weight the model has (from 0; layer by layer,
 * each layer's own then its cross-attention's, then the memory; E once,
 * as the first layer's), its name in a lesson (W_Q, L1_W_1, cross_W_Q,
 * memory) into name, and its file relative to the directory (Wq.npy,
 * layer1/W1.npy) into file. The matrix is the model's. NULL past the last. */
const Matrix *model_weight(const Model *model, int i, char *name, size_t nsize, char *file, size_t fsize);

/* model_free: free the weights and labels; `*model` becomes empty.
 * Safe on an empty model and safe twice. */
void model_free(Model *model);

#endif
