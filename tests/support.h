/* support.h - helpers shared by the Criterion tests: running the real
 * attnstep binary, temporary directories, random matrices. */
#ifndef ATTNSTEP_TEST_SUPPORT_H
#define ATTNSTEP_TEST_SUPPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/matrix.h"

/* The status a run gets when a sanitizer reported anything. */
#define SANITIZER_STATUS 86

typedef struct RunResult {
    int status;   /* exit status, or 128 + signal number when killed */
    char *out;    /* everything written to stdout (NUL-terminated, owned) */
    char *err;    /* everything written to stderr */
} RunResult;

/* run_attnstep: run the binary named by $ATTNSTEP_BIN (built by make) with
 * the given arguments (NULL-terminated) and `input` on stdin (may be NULL),
 * capturing both outputs. Free the result with run_free. */
RunResult run_attnstep(const char *input, const char *const *argv);
#define RUN(...) run_attnstep(NULL, (const char *const[]){__VA_ARGS__, NULL})
void run_free(RunResult *r);

/* expect_output: the run exited with `status` and, when not NULL, `out` is
 * part of its stdout and `err` of its stderr (Criterion expectations);
 * frees r. In support_expect.c. */
void expect_output(RunResult r, int status, const char *out, const char *err);

/* run_shell: run a /bin/sh command line, capturing as above. */
RunResult run_shell(const char *cmdline);

/* temp_dir: a fresh empty directory under $TMPDIR (or /tmp), as a malloc'd
 * path; remove_tree removes it and everything in it. */
char *temp_dir(void);
void remove_tree(const char *path);

/* read_file: the whole file as a malloc'd NUL-terminated string, or NULL
 * when it cannot be read. */
char *read_file(const char *path);

/* source_path: $ATTNSTEP_SRCDIR/rel (the checkout), in a malloc'd string. */
char *source_path(const char *rel);

/* mat_same_bits: a and b have the same shape and every float the same bits. */
bool mat_same_bits(const Matrix *a, const Matrix *b);

/* fill_random: deterministic values in [-1, 1) from `seed`. */
void fill_random(Matrix *m, unsigned long long seed);

/* --- support_files.c: files a test sets up (Criterion asserts) --- */

/* path_join: "dir/name", malloc'd (the caller frees it). */
char *path_join(const char *dir, const char *name);

/* put_text_file: write `text` to dir/name (the test fails if it cannot). */
void put_text_file(const char *dir, const char *name, const char *text);

/* put_npy_random: a float32 dir/name.npy of (rows, cols), written as
 * a vector (shape (cols,)) when `vector`, filled by fill_random(seed). */
void put_npy_random(const char *dir, const char *name, int rows, int cols, bool vector, unsigned long long seed);

/* VOCAB_LESSON: a lesson with a `vocab` line and a one-layer stack that
 * ends in the next-token steps (`unembed W_E`): two tokens, The ␣cat, and
 * a vocabulary of three, The ␣cat "␣sat down". */
extern const char VOCAB_LESSON[];

#endif
