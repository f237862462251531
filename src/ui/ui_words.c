/* ui_words.c - the UI's words, from the message table. */
#include "ui/ui_words.h"

const char *ui_words_get(bool zh, MsgId w) { return msg_text(msg_lang_of(zh), w); }

char *ui_words_fill(bool zh, MsgId w, int a, int b, char *out, size_t size) {
    return msg_format(out, size, msg_lang_of(zh), w, a, b);
}
