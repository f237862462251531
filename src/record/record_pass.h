/* record_pass.h - the recorder: an observer of attn_forward (the one
 * forward pass) that makes a step per stage, with the stage table's
 * title, formula and narrative, and a record per stage with its
 * operation, its operands as views and its results taken out of the pass.
 *
 * It knows no interpreter: what it stores records in, the limits on
 * them, and whether results get names (a lesson's environment) are its
 * owner's, through RecorderHooks. The lesson's `attention` and `layer`
 * statements and a model's pass (lang/attention.c) are one owner; a model
 * reader or a generation loop can be another.
 */
#ifndef ATTNSTEP_RECORD_PASS_H
#define ATTNSTEP_RECORD_PASS_H

#include "attention/pipeline.h"
#include "record/lesson.h"
#include "record/stage_text.h"

/* What the recorder asks of its owner. ctx is passed back to each. */
typedef struct RecorderHooks {
    void *ctx;
    /* a new record of `stage` at pos in the current step, or NULL when
     * none may be made (past a limit; the owner has said why) */
    Record *(*record_new)(void *ctx, Stage stage, SrcPos pos);
    /* a new step (group) with these texts (copied; any may be NULL) */
    void (*group_begin)(void *ctx, const char *title, const char *formula, const char *narrative, SrcPos pos);
    /* append a slot named `name` (head, or -1) holding *m to *slots: an
     * owned m is taken, a view stays one; false when it may not be kept
     * (the owner has said why) */
    bool (*slot_push)(void *ctx, Slot **slots, int *n, const char *name, int head, Matrix *m);
    /* give result m the name `name` (an owned m is taken); NULL: results
     * get no names (an owned m is then freed) */
    bool (*name)(void *ctx, const char *name, Matrix *m);
} RecorderHooks;

/* The recorder's state for one pass; its owner fills everything above
 * at_layer before attn_forward and passes the Recorder as the observer's
 * ctx. Nothing in it is owned but *E, which the first record takes. */
typedef struct Recorder {
    RecorderHooks hooks;
    const char *language; /* the steps' texts: "zh" or English */
    SrcPos pos;           /* where every record points */
    AttnConfig opt;       /* the options as read (layer, heads, positional) */
    AttnConfig cfg;       /* the pass's settings (attn_forward's cfg) */
    StageNumbers num;     /* the numbers the texts mention */
    const AttnWeights *w; /* layer 0's weights (E, P, the final norm) */
    Matrix *E;            /* the embeddings when evaluated for this pass (owned
                             until the embedding record takes them), else NULL */
    bool positions;       /* sinusoidal positions are computed (a P record) */
    const char *p_name;   /* what the owner calls the learned positions */
    const char *memory_name;
    float mask_value;     /* what a masked score shows */
    const char *const *vocab; /* the vocabulary's labels, or NULL */
    int nvocab;
    /* the recorder's own */
    int at_layer;     /* the layer of the stage being recorded (Record.layer) */
    char top[2048];   /* the most probable next tokens, for the narrative */
    bool reported;    /* it stopped the pass, and the owner has said why */
} Recorder;

/* recorder_stage_done: the AttnObserver function (ctx a Recorder): the
 * step and records of `stage` where the pass is (a). A layer other than
 * cfg.record_layer tells only its output. False, with err set, when a
 * record could not be kept (r->reported: already said); the pass stops. */
bool recorder_stage_done(void *ctx, Stage stage, AttnActs *a, Error *err);

/* recorder_lesson_hooks: hooks that store records and steps straight
 * into `out` (no names, no limits but memory: an allocation that fails
 * aborts, as the interpreter's do), for an owner without an interpreter;
 * each step begun holds the records made after it. The records point
 * into out, which owns them (lesson_free). */
RecorderHooks recorder_lesson_hooks(Lesson *out);

#endif
