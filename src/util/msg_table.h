/* msg_table.h - the text of every message, English and Chinese; included
 * by util/msg.h (the ids) and util/msg.c (the texts) with MSG defined.
 *
 * The messages are in one part per layer of the program, in the order of
 * the layers (engine, files, lesson language, front ends); each part is
 * included here and nowhere else.
 *
 * To add a message:
 *   1. Add one line to the part of the layer that raises it, in the group
 *      it belongs to:
 *          MSG(MSG_MY_ID, "English text with %s", "中文文本，含 %s")
 *      Both texts are printf formats and must take the same values; the
 *      Chinese may take them in another order by position, "%2$s 的%1$s"
 *      (printf's own syntax), using every one (tests/test_msg.c checks
 *      every line). The Chinese uses
 *      full-width punctuation (，。：；（）“”) and the terms of
 *      docs/glossary.md; names, code and numbers stay as they are.
 *   2. Report it by id. In the lesson language:
 *          parse_error_at(p, &tok, NULL, MSG_MY_ID, value);      (parser)
 *          rt_error(in, pos, span, NULL, MSG_MY_ID, value);      (interpreter)
 *      where the hint, when there is one, is diag_text(d, MSG_HINT_...).
 *      Elsewhere: msg_print(stderr, lang, MSG_MY_ID, value) with
 *      lang = msg_lang(lesson language) or msg_locale().
 *      Below the interpreter, where the language is not known:
 *          return err_set_msg(err, MSG_MY_ID, value);
 *      fills the Error in both languages (err_set_msg_in(err, path,
 *      MSG_MY_ID, value) with "path: " in front); the caller shows
 *      err_text(&err, lang).
 *   The position `file:line:col:` and the caret are added by diag_print;
 *   never put them in a message.
 */


/* No include guard: msg.h and msg.c each include the table once, with
 * their own MSG. */
#include "util/msg_engine.h"
#include "util/msg_io.h"
#include "util/msg_lang.h"
#include "util/msg_front.h"
