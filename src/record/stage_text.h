/* stage_text.h - the default title, formula and narrative of each stage
 * of the `attention` statement, in the lesson's language (en or zh; any
 * other language falls back to en), and the operation its records hold:
 * the lesson-side columns of stages.def. */
#ifndef ATTNSTEP_STAGE_TEXT_H
#define ATTNSTEP_STAGE_TEXT_H

#include <stddef.h>

#include "record/lesson.h"

typedef struct StageText {
    const char *title, *formula, *narrative;
} StageText;

/* The numbers a stage's formula and narrative mention: {n}, {d}, {h},
 * {dk}, {sqrtdk}, {eps}, {mask}, {base} and {pairs} in the texts are
 * replaced by them, {kvnote} by kv_note (a sentence, or nothing),
 * {posnote} by pos_note (how positions come in), {ff}
 * and {act} by the feed-forward network's width and activation; {one:A|B}
 * by A when there is one head and by B otherwise (so that a sentence can
 * be singular as a whole, not only its nouns). */
/* What a {key:A|B} of a stage's texts tests (StageNumbers.has). */
enum {
    SN_B_Q = 1 << 0, SN_B_K = 1 << 1, SN_B_V = 1 << 2, SN_B_O = 1 << 3, /* the biases it has */
    SN_B_1 = 1 << 4, SN_B_2 = 1 << 5,
    SN_MASKED = 1 << 6, /* the scores are masked */
    SN_GQA = 1 << 7,    /* fewer K/V heads than query heads: {group} queries share one */
    SN_POS = 1 << 8,    /* positions are added to E (sinusoidal or learned) */
};

typedef struct StageNumbers {
    int n, d, heads, d_k;
    unsigned has; /* SN_ bits: {b_Q:A|B} ... choose A when set */
    int group;    /* {group}: query heads per K/V head */
    float eps;
    const char *mask;
    float rope_base;      /* {base} */
    const char *pairs;    /* {pairs}: the first pairs, "(0, 1), (2, 3), …" */
    const char *kv_note;  /* {kvnote}: grouped-query attention's sentence, or NULL */
    const char *pos_note; /* {posnote}: the embeddings' sentence on positions, or NULL for
                             the sinusoidal table's (MSG_EMBED_POS_TABLE) */
    int ff;            /* {ff}: d_ff, the feed-forward network's width */
    const char *act;   /* {act}: relu, gelu or gelu_tanh */
    /* the next-token stages: {y} the stack's output (Y_final), {vocab}
     * the tokens of the vocabulary, {temperature}, and {top}: sentences
     * listing the most probable tokens (or NULL) */
    const char *y;
    int vocab;
    float temperature;
    const char *top;
} StageNumbers;

/* stage_text: the texts for `stage` in `language`, formatted with `num`
 * into buf (size bytes); the returned pointers point into buf. */
StageText stage_text(Stage stage, const char *language, const StageNumbers *num, char *buf, size_t size);

/* stage_op: how the records of `stage` compute their outputs (stages.def's
 * op column); the embedding step's positions record is OPX_POSITIONS, and
 * its X record OPX_VALUE when there are no positions. */
OpKind stage_op(Stage stage);

/* stage_axes: what the rows and columns of each of the stage's outputs
 * count (stages.def's axes column: a pair of letters per output, t k v or
 * -), "" for none. */
const char *stage_axes(Stage stage);

#endif
