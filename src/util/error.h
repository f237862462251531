/* error.h - one error message, carried explicitly through calls.
 *
 * A function that can fail takes an `Error *` and returns false (or NULL)
 * after filling it. The caller decides how to print it; nothing here writes
 * to stderr or exits. Messages are plain text, already in their final form
 * ("model/E.npy: expected 2 dimensions, found 3").
 */
#ifndef ATTNSTEP_ERROR_H
#define ATTNSTEP_ERROR_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/msg.h"

#define ERROR_MSG_MAX 1024

/* msg is the English text; msg_zh the Chinese one, or "" when the message
 * has no translation (then msg is shown in both languages). A function deep
 * down does not know the lesson's language, so it fills both and the one
 * place that prints picks (err_text). */
typedef struct Error {
    char msg[ERROR_MSG_MAX];
    char msg_zh[ERROR_MSG_MAX];
} Error;

/* err_set: format a message into `err` (which may be NULL, then nothing
 * happens). Always returns false so a failing function can end with
 * `return err_set(err, ...);`. */
bool err_set(Error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* err_set_msg: like err_set, with the message `id` of the table in
 * util/msg_table.h: its English text into msg and its Chinese one into
 * msg_zh, both formatted with the values that follow. Returns false. */
bool err_set_msg(Error *err, MsgId id, ...);

/* err_vset_msg: err_set_msg with the values in a va_list. Returns false. */
bool err_vset_msg(Error *err, MsgId id, va_list ap);

/* err_set_msg_in: err_set_msg, then "prefix: " in front (err_prefix), for
 * a message about a file or an item: err_set_msg_in(err, path, MSG_..., ...)
 * gives "dir/E.npy: shape (3,), ..." and "dir/E.npy：形状是 (3,)，...". The
 * prefix is shown as it is in both languages. Returns false. */
bool err_set_msg_in(Error *err, const char *prefix, MsgId id, ...);

/* err_set_zh: format message `id`'s Chinese text alone into msg_zh, for a
 * message whose values differ between the languages (a stage's name);
 * call it after err_set_msg. Returns false. */
bool err_set_zh(Error *err, MsgId id, ...);

/* err_text: the message in `lang`: msg_zh when lang is MSG_ZH and there
 * is one, msg otherwise. Points into err. */
const char *err_text(const Error *err, MsgLang lang);

/* A message longer than ERROR_MSG_MAX keeps its beginning and its end with
 * " … " in place of the middle (a 5000-byte path does not push the reason
 * out). */

/* err_fit: copy `text` into dst (size bytes), cut in the middle the same
 * way when it does not fit. */
void err_fit(char *dst, size_t size, const char *text);

/* err_format_fit: snprintf into dst, cut in the middle the same way. */
void err_format_fit(char *dst, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* err_prefix: put "prefix: " in front of the message already in `err`
 * (both languages; "prefix：" in Chinese), for adding a path to an error
 * raised deeper down. Returns false. */
bool err_prefix(Error *err, const char *prefix);

/* err_prefix_msg: put message `id`, formatted with the values that follow,
 * in front of the message already in `err`, in each language ("tensor
 * 'wte': " and "张量“wte”："), for an error raised deeper down about a
 * part of something. Returns false. */
bool err_prefix_msg(Error *err, MsgId id, ...);

#endif
