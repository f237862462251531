/* msg.h - every message attnstep shows a user, in English and Chinese.
 *
 * The texts are in util/msg_table.h, one line per message, so a message is
 * defined once with both languages side by side. The language is picked
 * per run (msg_lang): Chinese when the lesson says `language zh` or the
 * user's locale is Chinese, English otherwise.
 *
 * Nothing here prints a position: `file:line:col:` is added in one place,
 * diag_print (lang/source.c).
 */
#ifndef ATTNSTEP_MSG_H
#define ATTNSTEP_MSG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef enum { MSG_EN, MSG_ZH } MsgLang;

typedef enum {
#define MSG(id, en, zh) id,
#include "util/msg_table.h"
#undef MSG
    MSG_COUNT
} MsgId;

/* msg_lang_of: MSG_ZH when `zh`, for the layers that keep the lesson's
 * language as a flag; the one place such a flag picks a language. */
static inline MsgLang msg_lang_of(bool zh) { return zh ? MSG_ZH : MSG_EN; }

/* msg_text: the text of `id` in `lang` (a printf format when the message
 * takes values). Static storage; never NULL. */
const char *msg_text(MsgLang lang, MsgId id);

/* msg_format: format `id` in `lang` with the values that follow into buf
 * (always NUL-terminated, cut at size). Returns buf. Every control
 * character and bidirectional control the values bring (a tensor name, a
 * token, a line of a file) is written out (msg_escape), so no message
 * makes the terminal act on what an input file holds. */
char *msg_format(char *buf, size_t size, MsgLang lang, MsgId id, ...);
char *msg_vformat(char *buf, size_t size, MsgLang lang, MsgId id, va_list ap);

/* msg_escape: write out, in place, the characters of buf a terminal would
 * act on or hide (util/escape.h), keeping line breaks; cut to size. The
 * one filter of every formatted message (msg_format, err_set_msg). */
void msg_escape(char *buf, size_t size);

/* msg_print: msg_format to a stream. */
void msg_print(FILE *out, MsgLang lang, MsgId id, ...);

/* msg_locale: the learner's language, read as gettext reads it: the
 * first of LANGUAGE's entries ("fr:zh_CN:en") that is zh or en, unless
 * the locale is C or POSIX (then LANGUAGE is ignored); else MSG_ZH when
 * the first set of LC_ALL, LC_MESSAGES, LANG (the order the C library
 * reads them in) starts with "zh". The one place the locale is read: the
 * messages, --help, a model's program and the lesson `attnstep` opens
 * without one (lesson_default) all follow it. */
MsgLang msg_locale(void);

/* msg_lang: the language for the messages about a lesson whose
 * `language` statement says `lesson_language` (NULL when it has none):
 * Chinese when that is "zh" or the locale is Chinese. */
MsgLang msg_lang(const char *lesson_language);

/* msg_same_conversions: the two formats take the same values: the same
 * printf conversions for the same arguments, in order or by position (a
 * Chinese text may take its values in another order with "%2$s ...
 * %1$d", as printf allows); every argument used. The check the tests run
 * over the whole table; exposed so they can. */
bool msg_same_conversions(const char *a, const char *b);

#endif
