/* error.h - one error message, carried explicitly through calls.
 *
 * A function that can fail takes an `Error *` and returns false (or NULL)
 * after filling it. The caller decides how to print it; nothing here writes
 * to stderr or exits. Messages are plain text, already in their final form
 * ("model/E.npy: expected 2 dimensions, found 3").
 */
#ifndef ATTNSTEP_ERROR_H
#define ATTNSTEP_ERROR_H

#include <stdbool.h>
#include <stddef.h>

#define ERROR_MSG_MAX 1024

typedef struct Error {
    char msg[ERROR_MSG_MAX];
} Error;

/* err_set: format a message into `err` (which may be NULL, then nothing
 * happens). Always returns false so a failing function can end with
 * `return err_set(err, ...);`. */
bool err_set(Error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A message longer than ERROR_MSG_MAX keeps its beginning and its end with
 * " … " in place of the middle (a 5000-byte path does not push the reason
 * out). */

/* err_fit: copy `text` into dst (size bytes), cut in the middle the same
 * way when it does not fit. */
void err_fit(char *dst, size_t size, const char *text);

/* err_format_fit: snprintf into dst, cut in the middle the same way. */
void err_format_fit(char *dst, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* err_prefix: put "prefix: " in front of the message already in `err`, for
 * adding a path to an error raised deeper down. Returns false. */
bool err_prefix(Error *err, const char *prefix);

#endif
