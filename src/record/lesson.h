/* lesson.h - what running a lesson produces: a list of step records that
 * every front end reads (trace, check, export, the UI, the quiz).
 *
 * The interpreter runs a lesson once, from the first statement to the
 * last, and records each statement that computes something: its position
 * in the source, the stage of attention it belongs to, copies of its input
 * and output matrices, and what is needed to explain any output cell.
 * Stepping back or jumping is moving a cursor over `records`; nothing is
 * recomputed. A Lesson owns everything it points to; lesson_free releases
 * it all.
 */
#ifndef ATTNSTEP_LESSON_H
#define ATTNSTEP_LESSON_H

#include "attention/stage.h"
#include "engine/kernels.h"
#include "engine/matrix_list.h"
#include "record/src_pos.h"
#include "util/msg.h"

/* How a record's outputs were computed: what an explanation replays. */
typedef enum {
    OPX_VALUE,      /* a literal, random, load, or a name: no arithmetic */
    OPX_ADD, OPX_SUB, OPX_MUL, OPX_DIV, OPX_POW, /* element-wise, with broadcasting */
    OPX_NEG,
    OPX_MATMUL,     /* inputs a, b [, bias]: out = a @ b (+ bias) */
    OPX_MATMUL_BT,  /* inputs a, b: out = a @ bᵀ (scores: q_i · k_j) */
    OPX_TRANSPOSE,
    OPX_INDEX,      /* a row or a cell of the input; uses `index` */
    OPX_SOFTMAX,
    OPX_LAYERNORM,  /* inputs x [, gamma [, beta]]; uses `ln` */
    OPX_SQRT, OPX_EXP, OPX_RELU, OPX_ABS, OPX_LOG, OPX_SIN, OPX_COS,
    OPX_GELU, OPX_GELU_TANH, /* x·Φ(x), and its tanh approximation (attn_activate) */
    OPX_MEAN, OPX_VAR, OPX_STD, OPX_SUM, OPX_MAX, OPX_MIN, /* per row; VAR and STD use `ln` */
    OPX_SHAPE,      /* rows(x) or cols(x): a count */
    OPX_TOTAL,      /* total(x): the sum of every element */
    OPX_RESHAPE,    /* flatten(x), reshape(x, r, c): elements row by row */
    OPX_HEAD,       /* columns of one head: head() uses `col0`; the split
                       stage has inputs Q, K, V and outputs Q_h{i}, K_h{i},
                       V_h{i} tagged with head i (columns i·d_k onwards) */
    OPX_CONCAT,     /* inputs side by side */
    OPX_STACK,      /* inputs one under the other (stack: rows appended) */
    OPX_MASK,       /* causal mask; uses `mask_value` */
    OPX_POSITIONS,  /* sinusoidal positions */
    OPX_SCALE,      /* out = in / divisor (the √d_k step) */
    OPX_ROPE,       /* rotary positions: pairs of columns turned by the row's
                       angle; uses `rope_base` and `rope_pairs` */
    OPX_RMSNORM,    /* inputs x [, gamma]: RMSNorm of each row; uses `ln` (its eps) */
    OPX_SILU,       /* silu(x) = x·σ(x), element by element */
    OPX_SWIGLU,     /* inputs g, u: silu(g) ⊙ u, SwiGLU's gate */
} OpKind;

/* What an axis (the rows or the columns) of a record's matrix counts:
 * plain indices, the text's tokens or the vocabulary's, from entry `first`
 * on. It is set where the record is made, from what the axis is (the
 * stage table for the attention statement's results, the operation for a
 * statement's), never from its size, so front ends label by it. */
typedef enum { AXIS_INDEX, AXIS_TOKENS, AXIS_VOCAB } AxisKind;
typedef struct Axis {
    AxisKind kind;
    int first;
} Axis;

/* A named matrix in a record. `head` says which head it belongs to when a
 * record covers several (the UI shows one head at a time), else -1.
 * `first_token` is the text's token that row 0 stands for when the rows
 * are the last tokens only (Y_last, the logits and the probabilities
 * hold one row, the last token's: the one that predicts the next), else
 * -1. */
typedef struct Slot {
    char name[MLIST_NAME_MAX];
    int head;
    int first_token;
    Axis axis[2]; /* what its rows and its columns count */
    Matrix m; /* owned */
} Slot;

/* The result of an `expect`. */
typedef struct ExpectResult {
    bool passed;
    Matrix expected, actual, tolerance; /* owned; same shape */
    int worst_i, worst_j;               /* the cell furthest out of tolerance */
    bool within;                        /* the tolerance was given with `within` */
    bool computed;                      /* the expected side is not numbers written out
                                           (a name, a call): compared to 1e-5 relative */
    bool matched;                       /* actual matches expected (passed, unless `!=`) */
    char *explanation;                  /* owned: why it fails ("matches the n-1 ...") */
    int expected_input;                 /* the record's input that shows the expected side
                                           (`expect A == B`: B), the last one; -1 when none */
} ExpectResult;

/* A cell hidden in quiz mode (from `ask`). */
typedef struct AskCell {
    int slot; /* which output */
    int i, j;
} AskCell;

typedef enum { REC_VALUE, REC_EXPECT, REC_TEXT } RecordKind;

/* how many of the most probable next tokens a record ranks */
enum { RECORD_RANKED = 10 };

typedef struct Record {
    RecordKind kind;
    Stage stage;
    int group;                /* index in Lesson.groups */
    SrcPos pos;
    int end_line;
    OpKind op;
    Slot *inputs;
    int ninputs;
    Slot *outputs;
    int noutputs;
    /* what explanations need beyond the inputs */
    LnConvention ln;
    float mask_value;
    float divisor;    /* OPX_SCALE: √d_k */
    float rope_base;  /* OPX_ROPE: the base of the angles (10000) */
    int rope_pairs;   /* OPX_ROPE: RopePairs, interleaved or halves */
    int col0;         /* OPX_HEAD from head(): the first column taken */
    int index[2];     /* OPX_INDEX: the row, and the column or -1 */
    int heads;
    int layer;                /* the stack's layer (from 0) it shows, -1 outside one
                                 (the embeddings, the final norm, a plain step) */
    /* a next-token step's (stage_flags SF_NEXT_TOKEN): the column of its
     * output's largest value in row 0, the first of equals, where a front
     * end opens it (the most probable token, not the vocabulary's first);
     * -1 for every other record. ranked holds its nranked largest columns
     * (vocabulary ids, record_rank's order: best_col first), which the
     * probabilities' narrative lists; nranked is 0 elsewhere. */
    int best_col;
    int ranked[RECORD_RANKED];
    int nranked;
    ExpectResult *expect;     /* REC_EXPECT */
    AskCell *asks;
    int nasks;
} Record;

/* A `step` (or one stage of `attention`): title, formula and narrative
 * shared by the records it contains. */
typedef struct Group {
    char *title, *formula, *narrative; /* owned; may be NULL */
    SrcPos pos;
    int first, count;                  /* its records */
} Group;

typedef struct Lesson {
    char *title;          /* owned, may be NULL */
    char *language;       /* "en", "zh", ... */
    char *profile;        /* the convention profile in force at the end */
    char **tokens;        /* owned labels */
    int ntokens;
    /* the vocabulary's tokens as a learner reads them, labelling the rows
     * of the unembedding and the columns of the logits, or NULL: a GPT-2
     * checkpoint's (not owned: the model's, which outlives the lesson), or
     * the words of a `vocab` line, which own_vocab owns */
    const char *const *vocab;
    int nvocab;
    char **own_vocab;
    Group *groups;
    int ngroups, groups_cap;
    Record *records;
    int nrecords, records_cap;
    MatrixList env;       /* every name's final value (some are views of records' outputs) */
    Matrix *retired;      /* values replaced in env, kept for the records that show them */
    int nretired, retired_cap;
    int expects_total, expects_failed;
    long numbers;         /* numbers the run keeps (interp.h's memory budget) */
    double work;          /* work the run did (interp.h's INTERP_MAX_TOTAL_WORK) */
} Lesson;

void lesson_free(Lesson *lesson);

/* record_slot_append: a slot named `name` (head `head`, or -1) at the end
 * of *slots (*n of them, grown by one), taking *m: the slot owns what m
 * owned and *m becomes empty. Aborts when out of memory, as every record
 * array does. */
void record_slot_append(Slot **slots, int *n, const char *name, int head, Matrix *m);

/* record_rank: the columns of row 0 of m with the largest values, at most
 * max of them, into best (most first; of equal values the smaller column
 * first); returns how many (0 for a matrix without rows). */
int record_rank(const Matrix *m, int *best, int max);

/* lesson_language_is_zh: the lesson's words are Chinese (`language zh`); every
 * other language, or none, reads English. lesson_is_zh: the same for a
 * lesson (which may be NULL). */
bool lesson_language_is_zh(const char *language);
bool lesson_is_zh(const Lesson *lesson);
/* lesson_msg_lang: the language of the messages about this lesson (the
 * verdicts, the words around its text): msg_lang of its `language`. */
MsgLang lesson_msg_lang(const Lesson *lesson);

/* lesson_axis_labels: the labels of a record's matrix along `dim` (0 its
 * rows, 1 its columns): the text's tokens or the vocabulary's from the
 * axis's first entry on, as its Axis says; NULL for plain indices, or when
 * the lesson has too few of them. Valid while the lesson is.
 * lesson_slot_labels: the same for the rows. */
const char *const *lesson_axis_labels(const Lesson *lesson, const Slot *slot, int dim);
const char *const *lesson_slot_labels(const Lesson *lesson, const Slot *slot);

/* stage_name_in: stage_name (stage.h) in a lesson's language (en, zh). */
const char *stage_name_in(Stage stage, const char *language);

#endif
