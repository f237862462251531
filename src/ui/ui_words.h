/* ui_words.h - the UI's own words (pane titles, the status line, the help,
 * prompts and messages) in the lesson's language. The words are messages
 * of the one message table (util/msg_table.h, the group "the UI's
 * words", ids MSG_UI_...), English and Chinese side by side. Status-line
 * labels are kept short: the line drops whole labels when it does not
 * fit, never half a word. */
#ifndef ATTNSTEP_UI_WORDS_H
#define ATTNSTEP_UI_WORDS_H

#include <stdbool.h>
#include <stddef.h>

#include "util/msg.h"

/* ui_words_get: word w in Chinese (zh) or English. Static storage. */
const char *ui_words_get(bool zh, MsgId w);

/* ui_words_fill: word w formatted with the numbers a and b (a word takes
 * none, one or both, in that order) into out. Returns out. */
char *ui_words_fill(bool zh, MsgId w, int a, int b, char *out, size_t size);

#endif
