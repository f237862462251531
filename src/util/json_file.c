/* json_file.c - reading a JSON file by one set of rules (json_file.h). */
#include "util/json_file.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/utf8.h"

/* --- reading the file ------------------------------------------------------- */

static bool read_text(JsonFile *f, long max_bytes, Error *err) {
    const char *path = f->path;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        f->absent = errno == ENOENT;
        return err_set_msg_in(err, path, MSG_FILE_CANNOT_OPEN, strerror(errno));
    }
    struct stat st;
    bool ok = true;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
        ok = err_set_msg_in(err, path, MSG_FILE_NOT_REGULAR);
    else if (st.st_size > max_bytes)
        ok = err_set_msg_in(err, path, MSG_MCFG_TOO_LARGE, (long long)st.st_size, max_bytes);
    size_t size = ok ? (size_t)st.st_size : 0, got = 0;
    char *buf = ok ? malloc(size + 1) : NULL;
    if (ok && !buf)
        ok = err_set_msg_in(err, path, MSG_OUT_OF_MEMORY);
    while (ok && got < size) {
        ssize_t k = read(fd, buf + got, size - got);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            ok = err_set_msg_in(err, path, MSG_FILE_CANNOT_READ, strerror(errno));
        else if (k == 0)
            ok = err_set_msg_in(err, path, MSG_FILE_SHRANK);
        else
            got += (size_t)k;
    }
    close(fd);
    if (!ok) {
        free(buf);
        return false;
    }
    buf[size] = '\0';
    f->text = buf, f->len = size;
    return true;
}

/* --- places in the text ------------------------------------------------------ */

/* The line and column (in characters) of byte `pos`; lines end at LF,
 * CRLF or CR. */
static void line_col(const char *buf, size_t pos, int *line, int *col, size_t *start) {
    *line = 1, *start = 0;
    for (size_t i = 0; i < pos; i++)
        if (buf[i] == '\n' || (buf[i] == '\r' && buf[i + 1] != '\n'))
            (*line)++, *start = i + 1;
    *col = 1;
    for (size_t i = *start; i < pos; i++)
        *col += ((unsigned char)buf[i] & 0xC0) != 0x80;
}

/* "path:line:col: what", the line (at most ~110 bytes of it around the
 * place, control characters blanked) and a caret under byte `pos`; `what`
 * already formatted in each language */
static bool error_at(const JsonFile *f, size_t pos, const char *what_en, const char *what_zh, Error *err) {
    const char *buf = f->text;
    size_t len = f->len;
    if (pos > len)
        pos = len;
    int line, col;
    size_t start;
    line_col(buf, pos, &line, &col, &start);
    size_t from = start;
    if (pos - from > 70) {
        from = pos - 70;
        while (from < pos && ((unsigned char)buf[from] & 0xC0) == 0x80)
            from++;
    }
    size_t to = pos;
    while (to < len && buf[to] != '\n' && buf[to] != '\r' && to - from < 110)
        to++;
    while (to < len && to > pos && ((unsigned char)buf[to] & 0xC0) == 0x80)
        to--;
    char shown[256], before[256];
    size_t n = 0;
    for (size_t i = from; i < to && n + 1 < sizeof shown; i++)
        shown[n++] = (unsigned char)buf[i] < 0x20 || buf[i] == 0x7f ? ' ' : buf[i];
    shown[n] = '\0';
    size_t nb = pos - from < n ? pos - from : n;
    memcpy(before, shown, nb);
    before[nb] = '\0';
    /* the position, the line and the caret are the same in both languages */
    return err_set_msg(err, MSG_MCFG_AT, f->path, line, col, what_en, shown, utf8_width(before), "") ||
           err_set_zh(err, MSG_MCFG_AT, f->path, line, col, what_zh, shown, utf8_width(before), "");
}

static bool error_msg_at(const JsonFile *f, size_t pos, MsgId what, Error *err) {
    return error_at(f, pos, msg_text(MSG_EN, what), msg_text(MSG_ZH, what), err);
}

/* --- what cJSON would read differently from the text ------------------------- */

static unsigned hex4(const char *s) {
    unsigned v = 0;
    for (int k = 0; k < 4; k++) {
        char c = s[k];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0)
            return 0x10000; /* not hex: cJSON reports it */
        v = v * 16 + (unsigned)d;
    }
    return v;
}

/* The \u escapes cJSON would turn into something other than the text
 * says: \u0000 ends its C string early ("x\u0000y" would become "x"), and
 * a lone surrogate (\ud800) is no character at all (cJSON refuses it with
 * a misleading place). Returns the byte offset of the first one, or
 * (size_t)-1; *what says which. */
static size_t bad_escape(const char *text, size_t len, MsgId *what) {
    bool in_string = false;
    for (size_t i = 0; i < len; i++) {
        if (text[i] == '"') {
            in_string = !in_string;
        } else if (in_string && text[i] == '\\' && i + 1 < len) {
            if (text[i + 1] != 'u' || i + 6 > len) {
                i++;
                continue;
            }
            unsigned cp = hex4(text + i + 2);
            if (cp == 0) {
                *what = MSG_MCFG_JSON_NUL_ESCAPE;
                return i;
            }
            if (cp >= 0xDC00 && cp <= 0xDFFF) {
                *what = MSG_MCFG_JSON_LOW_SURROGATE;
                return i;
            }
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                unsigned low = i + 12 <= len && text[i + 6] == '\\' && text[i + 7] == 'u' ? hex4(text + i + 8) : 0;
                if (!(low >= 0xDC00 && low <= 0xDFFF)) {
                    *what = MSG_MCFG_JSON_HIGH_SURROGATE;
                    return i;
                }
                i += 6;
            }
            i += 5;
        }
    }
    return (size_t)-1;
}

/* parse_error_message: what to say where cJSON stopped, at *pos (moved
 * back to the offending byte where cJSON reports the byte after it) */
static MsgId parse_error_message(const char *text, size_t len, size_t skip, size_t *pos_io) {
    size_t pos = *pos_io;
    /* Where an object key was expected, cJSON reports the byte after the
     * offending one: step back when the byte before the reported place
     * follows a '{' or a ','. */
    size_t prev = pos > skip ? pos - 1 : pos;
    while (prev > skip && isspace((unsigned char)text[prev - 1]))
        prev--;
    bool key_expected = false;
    if (pos > skip && pos <= len && !isspace((unsigned char)text[pos - 1]) && prev > skip &&
        (text[prev - 1] == '{' || text[prev - 1] == ',')) {
        pos--;
        key_expected = true;
    }
    char c = pos < len ? text[pos] : '\0';
    size_t before = pos;
    while (before > skip && isspace((unsigned char)text[before - 1]))
        before--;
    *pos_io = pos;
    return pos >= len ? (len == skip ? MSG_MCFG_JSON_EMPTY : MSG_MCFG_JSON_ENDS_EARLY)
           : (c == '}' || c == ']') && before > skip && text[before - 1] == ',' ? MSG_MCFG_JSON_TRAILING_COMMA
           : c == '\'' ? MSG_MCFG_JSON_SINGLE_QUOTES
           : key_expected ? MSG_MCFG_JSON_KEY_EXPECTED
                          : MSG_MCFG_JSON_INVALID;
}

/* --- where each value is -------------------------------------------------------- */

/* Every value of the text, in document order, which is the order of a
 * pre-order walk of cJSON's tree: the offset of its key's opening quote
 * ((size_t)-1 for an array element or the root) and of the value itself.
 * The text is valid JSON here (cJSON has read it). Two offsets per value,
 * kept in f->keys. */
static bool index_values(JsonFile *f, size_t skip) {
    const char *t = f->text;
    size_t cap = 64, n = 0, depth = 0;
    size_t *at = malloc(cap * 2 * sizeof *at);
    char stack[1024 + 2]; /* cJSON nests at most CJSON_NESTING_LIMIT (1000) deep */
    bool want_key = false;
    size_t key = (size_t)-1;
    if (!at)
        return false;
    for (size_t i = skip; i < f->len;) {
        char c = t[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            i++;
            continue;
        }
        if (c == '}' || c == ']') {
            depth--, i++;
            continue;
        }
        if (c == ':' || c == ',') {
            want_key = c == ',' && depth > 0 && stack[depth - 1] == '{';
            i++;
            continue;
        }
        size_t start = i;
        if (c == '"') {
            for (i++; i < f->len && t[i] != '"'; i++)
                i += t[i] == '\\';
            i++;
        } else if (c == '{' || c == '[') {
            i++;
        } else {
            while (i < f->len && (isalnum((unsigned char)t[i]) || t[i] == '-' || t[i] == '+' || t[i] == '.'))
                i++;
        }
        if (want_key) { /* a key: its value follows */
            key = start, want_key = false;
            continue;
        }
        if (n == cap) {
            size_t *bigger = realloc(at, cap * 4 * sizeof *at);
            if (!bigger) {
                free(at);
                return false;
            }
            at = bigger, cap *= 2;
        }
        at[2 * n] = key, at[2 * n + 1] = start, n++;
        key = (size_t)-1;
        if (c == '{' || c == '[') {
            if (depth + 1 >= sizeof stack) {
                free(at);
                return false;
            }
            stack[depth++] = c;
            want_key = c == '{';
        }
    }
    f->keys = at, f->nkeys = n;
    return true;
}

/* the pre-order index of `item` in the tree under `node` (counted in *k) */
static bool find_index(const cJSON *node, const cJSON *item, size_t *k) {
    if (node == item)
        return true;
    (*k)++;
    for (const cJSON *c = node->child; c; c = c->next)
        if (find_index(c, item, k))
            return true;
    return false;
}

/* the offsets of `item`'s key and value, or false */
static bool offsets_of(const JsonFile *f, const cJSON *item, size_t *key, size_t *value) {
    size_t k = 0;
    if (!f || !f->root || !find_index(f->root, item, &k) || k >= f->nkeys)
        return false;
    *key = f->keys[2 * k], *value = f->keys[2 * k + 1];
    return true;
}

static size_t place_of(const JsonFile *f, const cJSON *item) {
    size_t key, value;
    if (!offsets_of(f, item, &key, &value))
        return 0;
    return key != (size_t)-1 ? key : value;
}

/* --- repeated keys -------------------------------------------------------------- */

typedef struct Member {
    const cJSON *item;
    size_t order;
} Member;

static int by_name(const void *a, const void *b) {
    const Member *x = a, *y = b;
    int c = strcmp(x->item->string, y->item->string);
    return c ? c : (x->order > y->order) - (x->order < y->order);
}

/* the first key (in document order) given twice in one object anywhere
 * under `node`, and its first appearance; false when there is none */
static bool repeated_key(const cJSON *node, const cJSON **second, const cJSON **first) {
    size_t n = 0;
    for (const cJSON *c = node->child; c; c = c->next)
        n++;
    bool found = false;
    if (cJSON_IsObject(node) && n > 1) {
        Member *m = malloc(n * sizeof *m);
        size_t k = 0;
        for (const cJSON *c = node->child; m && c; c = c->next, k++)
            m[k] = (Member){c, k};
        if (m) {
            qsort(m, n, sizeof *m, by_name);
            size_t best = n;
            for (k = 1; k < n; k++)
                if (strcmp(m[k].item->string, m[k - 1].item->string) == 0 && (best == n || m[k].order < m[best].order))
                    best = k;
            if (best < n) {
                size_t f0 = best;
                while (f0 > 0 && strcmp(m[f0 - 1].item->string, m[best].item->string) == 0)
                    f0--;
                *second = m[best].item, *first = m[f0].item, found = true;
            }
            free(m);
        }
    }
    for (const cJSON *c = node->child; !found && c; c = c->next)
        found = repeated_key(c, second, first);
    return found;
}

/* --- the whole file ------------------------------------------------------------- */

static bool parse(JsonFile *f, Error *err) {
    const char *text = f->text;
    size_t len = f->len;
    const char *nul = memchr(text, '\0', len);
    if (nul)
        return error_msg_at(f, (size_t)(nul - text), MSG_MCFG_JSON_NUL, err);
    /* a UTF-8 byte order mark, as some editors write, is not JSON but harmless */
    size_t skip = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    MsgId escape = MSG_NONE;
    size_t bad = bad_escape(text, len, &escape);
    if (bad != (size_t)-1)
        return error_msg_at(f, bad, escape, err);
    const char *end = NULL;
    if (!(f->root = cJSON_ParseWithLengthOpts(text + skip, len - skip + 1, &end, false))) {
        size_t pos = end ? (size_t)(end - text) : skip;
        MsgId what = parse_error_message(text, len, skip, &pos);
        return error_msg_at(f, pos, what, err);
    }
    size_t pos = (size_t)(end - text);
    while (pos < len && isspace((unsigned char)text[pos]))
        pos++;
    if (pos < len)
        return error_msg_at(f, pos, MSG_MCFG_JSON_AFTER_OBJECT, err);
    if (!index_values(f, skip))
        return err_set_msg_in(err, f->path, MSG_OUT_OF_MEMORY);
    const cJSON *second, *first;
    if (repeated_key(f->root, &second, &first)) {
        char shown[80];
        cJSON *name = cJSON_CreateString(second->string);
        char *q = name ? cJSON_PrintUnformatted(name) : NULL;
        snprintf(shown, sizeof shown, "%s", q ? q : "?");
        free(q);
        cJSON_Delete(name);
        int line, col;
        size_t start;
        line_col(f->text, place_of(f, first), &line, &col, &start);
        return json_file_error_at(f, second, err, MSG_JSON_KEY_TWICE, shown, line, col);
    }
    return true;
}

bool json_file_read(JsonFile *f, const char *path, long max_bytes, Error *err) {
    *f = (JsonFile){0};
    if (!(f->path = strdup(path)))
        return err_set_msg_in(err, path, MSG_OUT_OF_MEMORY);
    if (read_text(f, max_bytes, err) && parse(f, err))
        return true;
    bool absent = f->absent;
    json_file_free(f);
    f->absent = absent;
    return false;
}

void json_file_free(JsonFile *f) {
    cJSON_Delete(f->root);
    free(f->text);
    free(f->keys);
    free(f->path);
    *f = (JsonFile){0};
}

bool json_file_error_at(const JsonFile *f, const cJSON *item, Error *err, MsgId id, ...) {
    char en[ERROR_MSG_MAX], zh[ERROR_MSG_MAX];
    va_list ap, again;
    va_start(ap, id);
    va_copy(again, ap);
    msg_vformat(en, sizeof en, MSG_EN, id, ap);
    msg_vformat(zh, sizeof zh, MSG_ZH, id, again);
    va_end(again);
    va_end(ap);
    return error_at(f, place_of(f, item), en, zh, err);
}

void json_file_shown(const JsonFile *f, const cJSON *item, char *out, size_t cap) {
    if (cap == 0)
        return;
    size_t key, value;
    if (cJSON_IsNumber(item) && offsets_of(f, item, &key, &value)) {
        size_t n = 0;
        while (f->text[value + n] && strchr("+-.0123456789eE", f->text[value + n]))
            n++;
        snprintf(out, cap, "%.*s", (int)n, f->text + value);
    } else if (cJSON_IsNumber(item) && !isfinite(item->valuedouble)) { /* cJSON would print null */
        snprintf(out, cap, "%s", item->valuedouble > 0 ? "inf" : "-inf");
    } else {
        char *text = cJSON_PrintUnformatted(item);
        snprintf(out, cap, "%s", text ? text : "?");
        free(text);
    }
    if (strlen(out) + 1 >= cap && cap > 4)
        memcpy(out + cap - 4, "...", 4);
}
