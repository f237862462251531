/* model_memory.h - what a command that loads a model will hold in
 * memory, summed from the files' headers and the shapes the pass
 * allocates before any weight is read, and checked against one limit
 * (docs/formats.md, "Memory").
 */
#ifndef ATTNSTEP_MODEL_MEMORY_H
#define ATTNSTEP_MODEL_MEMORY_H

#include <stdbool.h>
#include <stddef.h>

#include "util/error.h"

struct AttnConfig;

/* The most a command that loads a model may hold: weights, the pass's
 * activations, and the rest, together. */
#define MODEL_MAX_HOLD_BYTES (8.0 * 1024 * 1024 * 1024)
/* From this size on the estimate is said before the weights are read
 * (reading them takes a moment); below it, only checked. */
#define MODEL_SAY_HOLD_BYTES (64.0 * 1024 * 1024)

/* What the command keeps: a lesson's records (ui, trace, quiz, check,
 * gpt2), or export's list of matrices (its heads' columns copied). */
typedef enum {
    HOLD_LESSON,
    HOLD_EXPORT,
    HOLD_KEPT /* only what the records keep, as the interpreter counts it (no working set) */
} HoldUse;

/* Bytes, by what holds them. */
typedef struct MemHold {
    double weights; /* the weights as held: float32 copies, and the mapped pages of F32 tensors */
    double pass;    /* the activations the pass keeps */
    double other;   /* the program itself, the tokenizer and labels, E's copy */
    double total;
} MemHold;

/* How a loader says what it will hold, before reading the weights:
 * `say` (may be NULL) is called once with the file or directory and the
 * sum; `use` says what the command keeps. */
typedef struct MemSay {
    void (*say)(void *ctx, const char *path, const MemHold *hold);
    void *ctx;
    HoldUse use;
} MemSay;

/* The shapes of one run: n tokens of width d, a feed-forward network of
 * ff columns (0: none), a decoder's memory rows, the unembedding's rows
 * (0: no next-token stages). */
typedef struct MemShape {
    int n, d, ff, memory_rows, vocab;
} MemShape;

/* mem_pass_numbers: the floats the forward pass keeps under cfg: every
 * layer's activations when every layer is recorded, else the recorded
 * one's, every layer's output and one layer's working set; the final
 * norm and next-token stages; export's copies of the heads' columns. */
double mem_pass_numbers(const struct AttnConfig *cfg, const MemShape *s, HoldUse use);

/* mem_base_bytes: what the program holds before any model: its code,
 * the terminal library, the lesson's bookkeeping. */
double mem_base_bytes(void);

/* mem_check: fill hold->total, say it through `say` (when it is
 * MODEL_SAY_HOLD_BYTES or more), and refuse past MODEL_MAX_HOLD_BYTES
 * with "PATH: would hold about 38.9 GiB (weights ..., activations ...,
 * the rest ...), more than the limit of 8 GiB". */
bool mem_check(const char *path, MemHold *hold, const MemSay *say, Error *err);

/* mem_format: bytes as "548.0 MiB" or "2.3 GiB" (KiB below 1 MiB). */
void mem_format(double bytes, char *out, size_t cap);

#endif
