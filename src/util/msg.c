/* msg.c - looking up, formatting and choosing the language of messages. */
#include "util/msg.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "util/escape.h"

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

void msg_escape(char *buf, size_t size) {
    size_t len = strlen(buf);
    if (!esc_needed(buf, len, true))
        return;
    char *copy = strdup(buf);
    if (copy)
        esc_text(copy, len, buf, size, true);
    else /* no memory to write them out: blank them rather than print them */
        for (char *p = buf; *p; p++)
            if ((unsigned char)*p < 0x20 && *p != '\n' && *p != '\t')
                *p = ' ';
    free(copy);
}

char *msg_vformat(char *buf, size_t size, MsgLang lang, MsgId id, va_list ap) {
    if (size == 0)
        return buf;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    vsnprintf(buf, size, msg_text(lang, id), ap);
#pragma GCC diagnostic pop
    msg_escape(buf, size);
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

/* names_language: whether a locale or LANGUAGE entry ("zh_CN.UTF-8",
 * "en", "zh@latin") is of language `code` (two letters) */
static bool names_language(const char *entry, const char *code) {
    return strncmp(entry, code, 2) == 0 && strchr("_.@:", entry[2]) != NULL;
}

MsgLang msg_locale(void) {
    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    const char *locale = "";
    for (int k = 0; k < 3 && !*locale; k++) {
        const char *v = getenv(vars[k]);
        locale = v ? v : "";
    }
    /* LANGUAGE ("zh_CN:en") comes first, as in gettext, but not under the
     * C locale, where messages are untranslated whatever it says */
    bool c = !*locale || strcmp(locale, "C") == 0 || strcmp(locale, "POSIX") == 0 || strncmp(locale, "C.", 2) == 0;
    const char *list = getenv("LANGUAGE");
    if (!c && list && *list) {
        for (const char *e = list; *e; e += strcspn(e, ":"), e += *e == ':')
            if (names_language(e, "zh") || names_language(e, "en"))
                return e[0] == 'z' ? MSG_ZH : MSG_EN;
        return MSG_EN; /* none of its languages is one of ours: untranslated */
    }
    return strncmp(locale, "zh", 2) == 0 ? MSG_ZH : MSG_EN;
}

MsgLang msg_lang(const char *lesson_language) {
    if (lesson_language && strcmp(lesson_language, "zh") == 0)
        return MSG_ZH;
    return msg_locale();
}

/* the next conversion of a printf format: its flags, width, precision,
 * length and letter, without the '%' and without a position ("ld",
 * ".3g", "*s"); *pos is the argument's position for "%2$s" (from 1), 0
 * for a conversion that takes the next one; "%%" is skipped */
static const char *next_conversion(const char *f, char *conv, size_t size, int *pos) {
    while ((f = strchr(f, '%'))) {
        f++;
        if (*f == '%') {
            f++;
            continue;
        }
        *pos = 0;
        size_t digits = strspn(f, "0123456789");
        if (digits > 0 && f[digits] == '$') {
            *pos = atoi(f);
            f += digits + 1;
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

#define MAX_CONVERSIONS 24

/* the types of the values `f` takes, in the order of the arguments (a
 * "%2$s" fills the second); the number of them, or -1 when a position is
 * out of range or given twice with different types */
static int argument_types(const char *f, char types[][16]) {
    char conv[32];
    int count = 0, next = 0, pos;
    for (int k = 0; k < MAX_CONVERSIONS; k++)
        types[k][0] = '\0';
    while ((f = next_conversion(f, conv, sizeof conv, &pos))) {
        int at = pos > 0 ? pos - 1 : next++;
        if (at >= MAX_CONVERSIONS)
            return -1;
        char t[16];
        conversion_type(conv, t, sizeof t);
        if (types[at][0] && strcmp(types[at], t) != 0)
            return -1;
        snprintf(types[at], sizeof types[at], "%s", t);
        if (at + 1 > count)
            count = at + 1;
    }
    return count;
}

bool msg_same_conversions(const char *a, const char *b) {
    char ta[MAX_CONVERSIONS][16], tb[MAX_CONVERSIONS][16];
    int na = argument_types(a, ta), nb = argument_types(b, tb);
    if (na < 0 || nb < 0 || na != nb)
        return false;
    for (int k = 0; k < na; k++)
        if (!ta[k][0] || strcmp(ta[k], tb[k]) != 0)
            return false;
    return true;
}
