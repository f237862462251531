/* msg.c - looking up, formatting and choosing the language of messages. */
#include "util/msg.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *en, *zh;
} table[] = {
#define MSG(id, en, zh) [id] = {en, zh},
#include "util/msg_table.h"
#undef MSG
};
static_assert(sizeof table / sizeof table[0] == MSG_COUNT, "every message id has one row of the table");

const char *msg_text(MsgLang lang, MsgId id) {
    if ((unsigned)id >= MSG_COUNT)
        return "";
    return lang == MSG_ZH ? table[id].zh : table[id].en;
}

char *msg_vformat(char *buf, size_t size, MsgLang lang, MsgId id, va_list ap) {
    if (size == 0)
        return buf;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    vsnprintf(buf, size, msg_text(lang, id), ap);
#pragma GCC diagnostic pop
    return buf;
}

char *msg_format(char *buf, size_t size, MsgLang lang, MsgId id, ...) {
    va_list ap;
    va_start(ap, id);
    msg_vformat(buf, size, lang, id, ap);
    va_end(ap);
    return buf;
}

void msg_print(FILE *out, MsgLang lang, MsgId id, ...) {
    char buf[2048];
    va_list ap;
    va_start(ap, id);
    msg_vformat(buf, sizeof buf, lang, id, ap);
    va_end(ap);
    fputs(buf, out);
}

MsgLang msg_locale(void) {
    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (int k = 0; k < 3; k++) {
        const char *v = getenv(vars[k]);
        if (v && *v)
            return strncmp(v, "zh", 2) == 0 ? MSG_ZH : MSG_EN;
    }
    return MSG_EN;
}

MsgLang msg_lang(const char *lesson_language) {
    if (lesson_language && strcmp(lesson_language, "zh") == 0)
        return MSG_ZH;
    return msg_locale();
}

/* the next conversion of a printf format: its flags, width, precision,
 * length and letter, without the '%' ("ld", ".3g", "*s"); "%%" is skipped */
static const char *next_conversion(const char *f, char *conv, size_t size) {
    while ((f = strchr(f, '%'))) {
        f++;
        if (*f == '%') {
            f++;
            continue;
        }
        size_t n = strspn(f, "-+ #0123456789.*hljzt");
        if (f[n] == '\0')
            return NULL;
        n++;
        snprintf(conv, size, "%.*s", (int)n, f);
        return f + n;
    }
    return NULL;
}

/* a conversion's type: its '*'s, its length and its letter, not its
 * flags or width ("%-*s" and "%*s" take the same values) */
static void conversion_type(const char *conv, char *type, size_t size) {
    size_t k = 0;
    for (const char *c = conv; *c && k + 1 < size; c++)
        if (*c == '*' || strchr("hljztdiouxXeEfgGaAcsp", *c))
            type[k++] = *c;
    type[k] = '\0';
}

bool msg_same_conversions(const char *a, const char *b) {
    char ca[32], cb[32], ta[32], tb[32];
    for (;;) {
        a = next_conversion(a, ca, sizeof ca);
        b = next_conversion(b, cb, sizeof cb);
        if (!a || !b)
            return !a && !b;
        conversion_type(ca, ta, sizeof ta);
        conversion_type(cb, tb, sizeof tb);
        if (strcmp(ta, tb) != 0)
            return false;
    }
}
