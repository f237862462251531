/* loader.h - from a LESSON argument to a run lesson: a path to a lesson
 * file, a model directory, or the name of a built-in lesson.
 *
 * A path always wins over a built-in name. A model directory is read
 * once (model_load) and its weights named in the interpreter's
 * environment directly; a short program of fixed text runs `attention` on
 * them, so it is stepped through like any other lesson. Nothing of a
 * model directory (not its path, not its token labels) is parsed.
 */
#ifndef ATTNSTEP_LOADER_H
#define ATTNSTEP_LOADER_H

#include "lang/ast.h"
#include "lang/interp.h"
#include "util/arena.h"

typedef struct LoadedLesson {
    Source src;
    Arena arena;   /* the syntax tree */
    Program prog;
    Lesson lesson;
    Diags diags;
    struct Model *model; /* a model directory's contents, or NULL (owned) */
    struct Gpt2 *gpt2;   /* a GPT-2 checkpoint (owned; model is then its model), or NULL */
} LoadedLesson;

/* lesson_open: read, parse and run `arg`. On failure returns false; the
 * reason is either in ll->diags (print with diag_print against ll->src) or,
 * when there is no source to point into (a missing file), in `err`.
 * Always free with lesson_close. */
bool lesson_open(const char *arg, const InterpOptions *opt, LoadedLesson *ll, Error *err);

/* lesson_open_with: lesson_open, and a model directory's memory (its
 * weights and what the run keeps) said through `say` (may be NULL)
 * before its weights are read, and refused past the limit
 * (io/model_memory.h). */
struct MemSay;
bool lesson_open_with(const char *arg, const InterpOptions *opt, const struct MemSay *say, LoadedLesson *ll,
                      Error *err);

/* lesson_open_gpt2: the same for a GPT-2 checkpoint directory and a
 * text (io/gpt2.h): the checkpoint is loaded into ll->gpt2 and the
 * program that runs is one `layer` statement over its weights, with the
 * next-token stages, recording opt->layer in full. */
struct Gpt2Options;
bool lesson_open_gpt2(const char *dir, const struct Gpt2Options *gopt, const InterpOptions *opt, LoadedLesson *ll,
                      Error *err);

/* lesson_tokens_that_fit: the most tokens on which a stack of `layers`
 * layers of width d (feed-forward ffn columns, 0: none) runs within one
 * run's work, INTERP_MAX_TOTAL_WORK (1054 for GPT-2 small); 0 when not
 * even one token does. lesson_open_gpt2 refuses a longer text. */
int lesson_tokens_that_fit(int layers, int d, int ffn);

/* lesson_recorded_layer: the layer a GPT-2 checkpoint's run records in
 * full, and in *layers how many it has; -1 (and *layers untouched) for
 * anything else, a lesson's own `record L` included. */
int lesson_recorded_layer(const LoadedLesson *ll, int *layers);

/* lesson_record_layer: run a GPT-2 checkpoint's program again recording
 * `layer` (from 0) in full, with the text and weights already loaded.
 * The source, syntax tree, records and diagnostics are replaced (every
 * pointer into the old ones is invalid afterwards). Returns false when
 * ll is no checkpoint or has no such layer (nothing changed), or when
 * the run fails (its reason in ll->diags or err). */
bool lesson_record_layer(LoadedLesson *ll, int layer, const InterpOptions *opt, Error *err);

/* lesson_open_text: the same for a lesson held in memory (tests, the
 * fuzzer); relative paths resolve from the current directory. */
bool lesson_open_text(const char *name, const char *text, size_t len, const InterpOptions *opt,
                      LoadedLesson *ll);

/* lesson_run_source: check, parse and run ll->src (already read). */
bool lesson_run_source(LoadedLesson *ll, const InterpOptions *opt);

/* lesson_rerun: run the parsed program again with other options (edited
 * cells); the old records are freed. Returns false on runtime errors. */
bool lesson_rerun(LoadedLesson *ll, const InterpOptions *opt);

void lesson_close(LoadedLesson *ll);

/* A built-in lesson: `name` is what `attnstep NAME` takes ("tour",
 * "zh/tour"); English lessons are also reachable as "en/NAME". */
typedef struct BuiltinLesson {
    char name[64];
    const char *path;   /* "lessons/en/tour.lesson" */
    char title[160];    /* from its `lesson "..."` line */
} BuiltinLesson;

/* lesson_default: the built-in lesson `attnstep` opens without one: the
 * tour, in Chinese ("zh/tour") under a Chinese locale (msg_locale). */
const char *lesson_default(void);

/* lesson_builtins: every built-in lesson, in a malloc'd array (*count of
 * them); free it with free(). */
BuiltinLesson *lesson_builtins(int *count);

#endif
