/* interp.h - run a parsed lesson into a Lesson of step records.
 *
 * The interpreter walks the program once, statement by statement. State
 * lives in an Interp passed explicitly (no globals), so many lessons can
 * run in one process. Runtime errors (unknown name, shapes that do not
 * fit, division by zero, NaN) are reported as diagnostics at the
 * statement's position; the names that statement would have defined are
 * marked failed, statements that use them are skipped silently, and the
 * run goes on, so one run reports every independent error.
 */
#ifndef ATTNSTEP_INTERP_H
#define ATTNSTEP_INTERP_H

#include "lang/ast.h"
#include "record/lesson.h"

/* Documented limits: they keep a lesson (or a fuzzer's idea of one) from
 * exhausting memory or running for hours. Model directories run through
 * `export` use the pipeline's own limits instead (pipeline.h). */
#define INTERP_MAX_RECORDS 20000            /* steps in one lesson */
#define INTERP_MAX_ELEMS (4L * 1024 * 1024) /* elements in one matrix (16 MiB) */
/* Numbers (floats) a run may keep and hold at once: its steps' matrices,
 * the environment, expect results, a diagnosis re-run's values and the
 * operands of the statement being evaluated, all counted (512 MiB). With
 * the bookkeeping and at most a few matrices of INTERP_MAX_ELEMS in
 * flight, a lesson stays well under the documented bound of 1 GB. */
#define INTERP_MAX_KEPT (128L * 1024 * 1024)
#define INTERP_MAX_WORK 4000000000.0        /* multiply-adds in one matrix product */
/* The work of a whole run, in multiply-adds: GPT-2 small's whole stack on
 * its full context of 1024 tokens takes 1.063e11, so it fits. What a
 * product, a copy or an element-wise operation costs in time is not its
 * multiply-adds alone: every number an operation of the lesson makes also
 * counts INTERP_WORK_PER_NUMBER (a matrix-vector product, or A + A, costs
 * that per number made, measured against a large product), so a lesson of
 * many small or thin operations runs out of work as soon as one of large
 * products does: about two seconds of one core (docs/lesson-language.md). */
#define INTERP_MAX_TOTAL_WORK 110000000000.0
#define INTERP_WORK_PER_NUMBER 100.0

/* The usual mistakes an `expect` failure is checked against: the lesson
 * is re-run as if the learner had made one of them. */
typedef enum {
    MISTAKE_NONE,
    MISTAKE_LN_SAMPLE,       /* layer norm variance over n-1 */
    MISTAKE_LN_POPULATION,   /* layer norm variance over n */
    MISTAKE_LN_EPS_OUTSIDE,  /* eps added to the standard deviation */
    MISTAKE_LN_EPS_INSIDE,   /* eps added to the variance */
    MISTAKE_LN_NO_EPS,       /* no eps at all */
    MISTAKE_NO_SCALE,        /* scores not divided by √d_k */
    MISTAKE_SCALE_DMODEL,    /* divided by √d_model instead of √d_k */
    MISTAKE_SOFTMAX_COLUMNS, /* softmax down the columns */
    MISTAKE_SOFTMAX_ALL,     /* softmax over the whole matrix */
    MISTAKE_NO_MASK,         /* causal mask left out */
    MISTAKE_COUNT
} Mistake;

/* A changed cell (the UI's edit-and-recompute): after the statement that
 * assigns `name`, cell [i][j] becomes `value`. */
typedef struct Override {
    char name[MLIST_NAME_MAX];
    int i, j;
    float value;
} Override;

typedef struct InterpOptions {
    Mistake mistake;
    const Override *overrides;
    int noverrides;
    /* internal to expect's diagnosis: a re-run that only collects the
     * left side of the listed `expect` statements */
    struct Probes *probes;
    /* numbers this run may use; 0 for INTERP_MAX_KEPT. A run made while
     * another lesson is alive (a diagnosis, a quiz answer) gets what that
     * one left, so the two together stay within INTERP_MAX_KEPT; < 0:
     * nothing is left. */
    long budget;
    /* work this run may do; 0 for INTERP_MAX_TOTAL_WORK, < 0: none. The
     * re-runs of one diagnosis (an expect's, a quiz answer's) share one
     * run's work, so a wrong answer costs at most about a run more. */
    double work;
} InterpOptions;

/* interp_run: run `prog` (parsed from `src`) into `out` (which the caller
 * frees with lesson_free, also on failure). Problems go to `diags`.
 * Returns true when the lesson ran without errors; failed expects are not
 * errors (they are counted in out->expects_failed). */
bool interp_run(const Program *prog, const Source *src, const InterpOptions *opt, Lesson *out,
                Diags *diags);

/* interp_eval: evaluate one expression (attnstep eval) with the settings
 * of `profile` (NULL for pytorch), into a new owned matrix. */
bool interp_eval(const Expr *e, const Source *src, const char *profile, Matrix *out, Diags *diags);

/* The convention profiles, NULL-terminated, and their one-line summaries. */
extern const char *const interp_profiles[];
const char *interp_profile_summary(const char *name);

#endif
