/* interp_internal.h - what the interpreter's files share: the Interp
 * state and the helpers for errors, values and records. Not for front
 * ends: they use interp.h and lesson.h. */
#ifndef ATTNSTEP_INTERP_INTERNAL_H
#define ATTNSTEP_INTERP_INTERNAL_H

#include <stdint.h>

#include "attention/pipeline.h"
#include "lang/interp.h"

/* One `random` draw of the run: values first .. first + rows*cols - 1 of
 * seed's sequence, for the warning when two draws repeat numbers. */
typedef struct Draw {
    uint64_t seed, first;
    int rows, cols;
    float scale;
    SrcPos pos;
    bool warned;    /* it repeats an earlier draw's numbers (reported) */
    char label[64]; /* the name it was given, or the expression's text */
} Draw;

typedef struct Interp {
    const Source *src;
    Diags *diags;
    InterpOptions opt;
    Lesson *out;
    /* settings, changed by profile / set / heads */
    int heads;
    LnConvention ln;
    float mask_value;
    const char *profile;
    /* names whose statement failed: uses are skipped without a new error */
    char **failed;    /* owned copies */
    int nfailed, failed_cap;
    bool hit_failed;  /* the current statement used a failed name */
    int group;        /* the group new records join, or -1 */
    const Stmt *stmt; /* the statement being run */
    bool stop;        /* every probe was collected: run no further */
    long kept;        /* numbers kept by the run so far (interp_keep) */
    long held;        /* numbers held by the statement being evaluated */
    long budget;      /* what kept + held may reach (INTERP_MAX_KEPT or less) */
    bool memory_full; /* the budget was hit: reported, and the run stops */
    double work;      /* work so far: multiply-adds, and INTERP_WORK_PER_NUMBER per number made */
    double work_limit; /* what work may reach (INTERP_MAX_TOTAL_WORK or less) */
    struct Probes *pending; /* failed expects to diagnose after the run (main run only) */
    Axis axes[2];     /* what the rows and columns of the value eval_expr made last count */
    Draw *draws;      /* every `random` draw so far (owned) */
    int ndraws, draws_cap;
    const struct Program *prog; /* the program being run (NULL for eval) */
} Interp;

/* What evaluating an expression's root did, kept for the record: the
 * operation and its evaluated operands (owned copies). */
#define TRACE_MAX_INPUTS 8
typedef struct Trace {
    OpKind op;
    Slot inputs[TRACE_MAX_INPUTS];
    int ninputs;
    LnConvention ln;
    float mask_value, divisor;
    int col0;
    int index[2];
} Trace;

/* eval.c */
bool eval_expr(Interp *in, const Expr *e, Matrix *out, Trace *tr);
/* eval_trace_input: keep a copy of an operand in tr (if not NULL), labelled
 * `label` or, when NULL, with the expression's source text; `axes` (rows,
 * columns; NULL: plain indices) say what its axes count */
void eval_trace_input(Interp *in, Trace *tr, const Expr *e, const char *label, const Matrix *m, const Axis *axes);
/* eval_alloc: a rows x cols matrix within the lesson limits, or an
 * error at e */
bool eval_alloc(Interp *in, const Expr *e, Matrix *m, long rows, long cols);
/* eval_scalar_of: true (and *v) when m is 1x1 */
bool eval_scalar_of(const Matrix *m, double *v);
/* eval_note_draw: remember a `random` draw of rows x cols values from
 * value `first` of seed's sequence, given to `label` (NULL: the
 * expression's text), and warn at e when it repeats values an earlier
 * draw took (one written the same way gives the same matrix on purpose
 * and is not reported) */
void eval_note_draw(Interp *in, const Expr *e, const char *label, uint64_t seed, uint64_t first, int rows, int cols,
                    float scale);
/* builtins.c: a function call; axes (rows, columns) what its result's
 * axes count, by the function's rule over its arguments' */
bool builtin_call(Interp *in, const Expr *e, Matrix *out, Trace *tr, Axis axes[2]);
void eval_trace_free(Interp *in, Trace *tr);
bool eval_int(Interp *in, const Expr *e, long lo, long hi, MsgId what, long *out);
/* eval_word: e written as one of the words in choices (variance=sample,
 * set eps_place outside); *choice is its index. Else an error naming what. */
bool eval_word(Interp *in, const Expr *e, const char *what, const char *const *choices, int *choice);
/* the words of the conventions: an odd index of eval_variance_words is n-1 */
extern const char *const eval_variance_words[];
extern const char *const eval_eps_place_words[];
/* the expression's source text, for labels ("head(Q, 0)") */
void eval_expr_text(const Interp *in, const Expr *e, char *buf, size_t size);
bool builtin_is_function(const char *name);
/* softmax and the layer-norm convention, as the mistake being diagnosed
 * (if any) would compute them */
bool builtin_softmax_as(Interp *in, const Matrix *x, Matrix *out, Error *err);
SoftmaxAxis builtin_softmax_axis(const Interp *in);
LnConvention builtin_ln_as(const Interp *in, LnConvention conv);

/* errors: report at an expression or a statement; always return false */
bool interp_error(Interp *in, SrcPos pos, int span, const char *hint, MsgId message, ...);
/* the text of a hint, in the language of the lesson's diagnostics */
static inline const char *hint_text(const Interp *in, MsgId id) { return diag_text(in->diags, id); }
bool interp_name_failed(const Interp *in, const char *name);
void interp_mark_failed(Interp *in, const char *name);

/* records */
/* interp_name_axes: what the rows and columns of NAME's current value
 * count: its latest record's (plain indices when no record shows it) */
void interp_name_axes(const Interp *in, const char *name, Axis axes[2]);
/* interp_name_is: a statement that says what an axis of NAME is (the
 * unembedding's rows are the vocabulary) says it for the step that made
 * NAME's value too, and for what is computed from it afterwards */
void interp_name_is(Interp *in, const char *name, int dim, Axis axis);
Record *interp_record_new(Interp *in, RecordKind kind, Stage stage, SrcPos pos);
/* interp_slot_add copies m into a record, interp_slot_take moves it there; both count it
 * against INTERP_MAX_KEPT and fail (with an error) past it */
bool interp_slot_add(Interp *in, Slot **slots, int *n, const char *name, int head, const Matrix *m);
bool interp_slot_take(Interp *in, Slot **slots, int *n, const char *name, int head, Matrix *m);
/* interp_slot_ref: a view of m (not counted): m's data must be owned by
 * this lesson (another record's slot, or the environment) */
bool interp_slot_ref(Interp *in, Slot **slots, int *n, const char *name, int head, const Matrix *m);
/* interp_record_from_trace: the operation, its parameters and its operands (moved
 * out of tr) into rec */
void interp_record_from_trace(Interp *in, Record *rec, Trace *tr);
int interp_group_begin(Interp *in, const char *title, const char *formula, const char *narrative, SrcPos pos);
/* The environment of names. A replaced value is kept until the lesson is
 * freed, so records may refer to it. interp_env_set names a copy of m;
 * interp_env_share names a view of m, whose data this lesson already owns
 * (a record's output); interp_env_take moves *m in. */
bool interp_env_set(Interp *in, const char *name, const Matrix *m);
bool interp_env_share(Interp *in, const char *name, const Matrix *m);

/* interp_apply_overrides: the edited cells (InterpOptions.overrides) of
 * `name` written into m, which the caller owns */
void interp_apply_overrides(Interp *in, const char *name, Matrix *m);

/* interp_model.c: a model's title, tokens, eps and weights named before
 * the first statement, each weight a step of its own (or, of a layer not
 * recorded in full, only a name); the model's matrices are shared, not
 * copied, unless a cell of one is edited; g, the checkpoint the model
 * is or NULL, names the tensors the weight steps come from */
struct Model;
struct Gpt2;
void interp_preload(Interp *in, const struct Model *m, const struct Gpt2 *g);
bool interp_env_take(Interp *in, const char *name, Matrix *m);
const Matrix *interp_env_get(const Interp *in, const char *name);
/* memory (interp.c): interp_fits says whether `numbers` more fit in the
 * run's budget; interp_keep counts them as kept (negative: released);
 * both report the error once, stop the run and return false past it.
 * interp_hold counts operands held while a statement is evaluated (+
 * when taken, - when released). */
bool interp_fits(Interp *in, long numbers, SrcPos pos, int span);
bool interp_keep(Interp *in, long numbers, SrcPos pos, int span);
void interp_hold(Interp *in, long numbers);
bool interp_check_finite(Interp *in, const Matrix *m, const char *what, SrcPos pos, int span);
/* interp_add_work: count work (multiply-adds, or INTERP_WORK_PER_NUMBER per
 * number made) against the run's limit; false (with an error, once, and
 * the run stops) past in->work_limit */
bool interp_add_work(Interp *in, double madds, SrcPos pos, int span);

/* attention.c: the `attention` statement */
bool attnstmt_run(Interp *in, const Stmt *s);

/* attnstmt_run_model: the pass over a model directory's or a checkpoint's
 * weights (already in the environment), with the model's own settings:
 * what an `attention`/`layer` statement with those options would record,
 * its records at `pos`, without any statement being written or parsed */
struct Model;
bool attnstmt_run_model(Interp *in, const struct Model *m, SrcPos pos);
/* expect.c: the `expect` statement, and the diagnosis of the failed ones
 * once the run is over: one re-run per usual mistake for all of them */
typedef struct Probe {
    const Stmt *stmt;  /* the expect statement */
    int record;        /* its record in the main run */
    Matrix value;      /* its left side in a re-run (owned) */
} Probe;
typedef struct Probes {
    Probe *items;
    int count, cap, filled;
} Probes;
bool expect_run(Interp *in, const Stmt *s);
void expect_diagnose(Interp *in, const Program *prog);
/* expect.c: the tolerance of a number written with `digits` decimals
 * (DIGITS_NONE: written without a point) */
float expect_tolerance(int digits, float expected);
/* mistakes.c: the sentence that names a mistake (owned by the caller);
 * `traced` (may be NULL) supplies numbers for the layer-norm ones */
char *mistake_explain(Mistake mistake, const char *language, const Record *traced);
/* profiles */
bool interp_apply_profile(Interp *in, const char *name);

#endif
