/* gpt2.h - a Hugging Face GPT-2 checkpoint directory, mapped onto the
 * stages of attnstep (docs/formats.md, "GPT-2 checkpoints").
 *
 * The directory holds config.json (n_layer, n_head, n_embd, n_positions,
 * layer_norm_epsilon, activation_function "gelu_new"), model.safetensors
 * (F32, F16 or BF16; names with or without "transformer."), vocab.json
 * and merges.txt. GPT-2 is a stack of pre-LN layers with learned
 * positions, a causal mask, a tanh-GELU feed-forward network and a tied
 * unembedding, so each tensor becomes one of a layer's weights:
 *
 *   wte (vocab, d)          E = its rows for the text's token ids; W_E, the
 *                           unembedding of the next-token stage
 *   wpe (n_positions, d)    P (learned positions)
 *   h.N.ln_1                gamma, beta of layer N (pre-LN before attention)
 *   h.N.attn.c_attn (d, 3d) Conv1D, already x·W: its column blocks are
 *                           W_Q | W_K | W_V, its bias b_Q | b_K | b_V
 *   h.N.attn.c_proj         W_O, b_O
 *   h.N.ln_2                gamma_ff, beta_ff
 *   h.N.mlp.c_fc, c_proj    W_1, b_1, W_2, b_2
 *   ln_f                    gamma_final, beta_final
 *
 * Other architectures are refused, naming what config.json says they are.
 */
#ifndef ATTNSTEP_GPT2_H
#define ATTNSTEP_GPT2_H

#include "io/model_dir.h"
#include "io/safetensors.h"
#include "text/bpe.h"

/* What the learner asks of the checkpoint. */
typedef struct Gpt2Options {
    const char *text;  /* the text whose next token the model predicts (UTF-8) */
    int layer;         /* the layer recorded in full, from 0 */
    int head;          /* the head shown first, from 0 (checked against n_head) */
    float temperature; /* > 0; the logits are divided by it before the softmax */
    /* a run's limits, checked on the text before any weight is read (0:
     * none): the multiply-adds of the whole stack, and the numbers the
     * run keeps (the interpreter's; export has neither) */
    double max_work;
    double max_kept;
    /* the memory the command will hold, said and checked before any
     * weight is read (NULL: checked for a lesson, not said) */
    const struct MemSay *say;
} Gpt2Options;

/* A loaded checkpoint and the text run through it. */
typedef struct Gpt2 {
    Model model;      /* the stack in attnstep's terms; its tokens are the text's
                         tokens as a learner reads them (bpe_display) */
    Matrix wte;       /* (vocab, d): the token embeddings, W_E; model.w[0].unembed views it */
    Bpe bpe;          /* the tokenizer, also for showing the predicted tokens */
    int *ids;         /* the text's token ids */
    int n;            /* how many */
    int n_positions;  /* the longest text the model takes */
    char prefix[16];  /* "transformer." or "": how the tensors are named */
    double tokenizer_bytes; /* vocab.json and merges.txt, for what the tokenizer holds */
    StFile file;      /* model.safetensors, mapped: F32 weights are views of it */
} Gpt2;

/* gpt2_is_checkpoint: whether `dir` is a directory holding
 * model.safetensors (and so is read as a GPT-2 checkpoint, not as a model
 * directory of .npy files). */
bool gpt2_is_checkpoint(const char *dir);

/* gpt2_check_model_file: false, with the message in *err, when the
 * checkpoint's model.safetensors is a symbolic link to nothing (as a
 * half-finished download leaves it), so that is said before anything
 * else is asked of the user. Reads nothing but the link. */
bool gpt2_check_model_file(const char *dir, Error *err);
/* (a model.safetensors that is a symbolic link to nothing counts: loading
 * it then says the link is dangling) */

/* gpt2_load: read the checkpoint in `dir`, tokenize opt->text and build
 * the stack for it into `*g`: opt->layer is recorded in full
 * (cfg.record_layer), the next-token stage divides by opt->temperature.
 * Everything is checked first: the config's keys and architecture, every
 * tensor's presence and shape ("dir/model.safetensors: tensor
 * h.0.attn.c_attn.weight: shape (32, 64), expected (32, 96) = (n_embd,
 * 3·n_embd)"), finiteness, the text (not empty, at most n_positions
 * tokens, ids inside wte), the layer and head numbers. F32 tensors stay
 * in the mapped file (the weights are read-only views of it, and it stays
 * open until gpt2_free); F16 and BF16 ones are converted into copies and
 * their mapped pages given back. On success `*g` owns everything
 * (gpt2_free); on failure it holds nothing to free. */
bool gpt2_load(const char *dir, const Gpt2Options *opt, Gpt2 *g, Error *err);

/* gpt2_tensor_of: the checkpoint tensor a weight of the stack comes from,
 * by its lesson name ("L3_W_Q" -> "h.3.attn.c_attn.weight[:, 0:768]"),
 * into buf. */
void gpt2_tensor_of(const Gpt2 *g, const char *lesson_name, char *buf, size_t size);

/* gpt2_free: release everything; `*g` becomes empty. Safe twice. */
void gpt2_free(Gpt2 *g);

#endif
