#include "lang/source.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include <sys/stat.h>

#include "util/escape.h"
#include "util/utf8.h"

const char *source_language(const Source *src, char *buf, size_t size) {
    const char *p = src->text, *end = src->text + src->len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *eol = nl ? nl : end;
        while (p < eol && (*p == ' ' || *p == '\t'))
            p++;
        if (eol - p > 9 && strncmp(p, "language", 8) == 0 && (p[8] == ' ' || p[8] == '\t')) {
            p += 9;
            while (p < eol && (*p == ' ' || *p == '\t'))
                p++;
            size_t n = strcspn(p, " \t\r\n#");
            if (n > (size_t)(eol - p))
                n = (size_t)(eol - p);
            snprintf(buf, size, "%.*s", (int)n, p);
            return buf;
        }
        p = eol + 1;
    }
    return NULL;
}

static char *dir_of(const char *path) {
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(".");
    if (slash == path)
        return strdup("/");
    return strndup(path, (size_t)(slash - path));
}

bool source_from_file(Source *src, const char *path, Error *err) {
    *src = (Source){0};
    struct stat st;
    if (stat(path, &st) != 0)
        return err_set_msg_in(err, path, MSG_TEXT, strerror(errno));
    if (S_ISDIR(st.st_mode))
        return err_set_msg_in(err, path, MSG_SOURCE_IS_DIR);
    FILE *f = fopen(path, "rb");
    if (!f)
        return err_set_msg_in(err, path, MSG_TEXT, strerror(errno));
    char *text = malloc(SOURCE_MAX_BYTES + 2);
    size_t len = text ? fread(text, 1, SOURCE_MAX_BYTES + 1, f) : 0;
    bool read_error = ferror(f);
    fclose(f);
    if (!text || read_error) {
        free(text);
        return err_set_msg_in(err, path, MSG_SOURCE_CANNOT_READ);
    }
    if (len > SOURCE_MAX_BYTES) {
        free(text);
        return err_set_msg_in(err, path, MSG_LESSON_TOO_LARGE, SOURCE_MAX_BYTES);
    }
    text[len] = '\0';
    *src = (Source){.name = strdup(path), .text = text, .len = len, .dir = dir_of(path)};
    return true;
}

bool source_from_text(Source *src, const char *name, const char *text, size_t len, const char *dir) {
    *src = (Source){0};
    if (len > SOURCE_MAX_BYTES)
        return false;
    char *copy = malloc(len + 1);
    if (!copy)
        return false;
    memcpy(copy, text, len);
    copy[len] = '\0';
    *src = (Source){.name = strdup(name), .text = copy, .len = len, .dir = strdup(dir ? dir : ".")};
    return true;
}

void source_free(Source *src) {
    free(src->name);
    free(src->text);
    free(src->dir);
    *src = (Source){0};
}

const char *source_line(const Source *src, int line, size_t *len) {
    const char *p = src->text, *end = src->text + src->len;
    for (int l = 1; l < line && p < end; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) {
            p = end;
            break;
        }
        p = nl + 1;
    }
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    *len = (size_t)((nl ? nl : end) - p);
    if (*len > 0 && p[*len - 1] == '\r')
        (*len)--;
    return p;
}

void diag_add(Diags *d, DiagKind kind, SrcPos pos, int span, const char *hint, MsgId id, ...) {
    if (kind == DIAG_ERROR)
        d->errors++;
    if (d->count >= DIAG_MAX) {
        d->dropped++;
        return;
    }
    char buf[1024];
    va_list ap;
    va_start(ap, id);
    msg_vformat(buf, sizeof buf, d->lang, id, ap);
    va_end(ap);
    Diag *diag = &d->items[d->count++];
    *diag = (Diag){.kind = kind, .pos = pos, .span = span < 1 ? 1 : span,
                   .message = strdup(buf), .hint = hint ? strdup(hint) : NULL};
}

const char *diag_text(const Diags *d, MsgId id) { return msg_text(d->lang, id); }

void diags_free(Diags *d) {
    for (int i = 0; i < d->count; i++) {
        free(d->items[i].message);
        free(d->items[i].hint);
    }
    *d = (Diags){.lang = d->lang};
}

/* print the line with control characters and invalid bytes shown as '?'
 * (tabs as one space). A long line is shown as a window of about 100
 * columns around the caret, with "..." where it was cut. Returns the
 * display width before the caret's character, within what was printed. */
static int print_line(FILE *out, const char *line, size_t len, int caret_col) {
    enum { WINDOW = 100 };
    int width_before = 0, col = 1, shown = 0;
    int first = caret_col > WINDOW - 20 ? caret_col - (WINDOW - 20) : 1;
    if (first > 1) {
        fputs("...", out);
        width_before = 3;
    }
    for (size_t i = 0; i < len; col++) {
        unsigned cp = 0;
        int n = utf8_decode(line + i, len - i, &cp);
        int w = 1;
        char ch[5] = "?";
        if (n == 0 || esc_hidden(cp)) { /* a control or a bidirectional control: never sent as it is */
            if (n && cp == '\t')
                ch[0] = ' ';
            n = n ? n : 1;
        } else {
            memcpy(ch, line + i, (size_t)n);
            ch[n] = '\0';
            w = utf8_width(ch);
        }
        i += (size_t)n;
        if (col < first)
            continue;
        if (shown + w > WINDOW) {
            fputs("...", out);
            break;
        }
        fputs(ch, out);
        shown += w;
        if (col < caret_col)
            width_before += w;
    }
    return width_before;
}

void diag_print(FILE *out, const Source *src, const Diags *d, bool color) {
    static const MsgId kind_name[] = {MSG_LABEL_ERROR, MSG_LABEL_WARNING, MSG_LABEL_NOTE};
    static const char *const kind_color[] = {"\033[1;31m", "\033[1;35m", "\033[1;36m"};
    for (int i = 0; i < d->count; i++) {
        const Diag *g = &d->items[i];
        const char *bold = color ? "\033[1m" : "", *reset = color ? "\033[0m" : "";
        if (g->pos.line > 0)
            fprintf(out, "%s%s:%d:%d: %s", bold, src->name, g->pos.line, g->pos.col, reset);
        else
            fprintf(out, "%s%s: %s", bold, src->name, reset);
        fprintf(out, "%s%s%s%s\n", color ? kind_color[g->kind] : "", diag_text(d, kind_name[g->kind]), reset,
                g->message);
        if (g->pos.line > 0) {
            size_t len;
            const char *line = source_line(src, g->pos.line, &len);
            fprintf(out, "%5d | ", g->pos.line);
            int before = print_line(out, line, len, g->pos.col);
            fprintf(out, "\n      | %*s%s^", before, "", color ? kind_color[g->kind] : "");
            for (int k = 1; k < g->span; k++)
                fputc('~', out);
            fprintf(out, "%s\n", reset);
        }
        if (g->hint)
            fprintf(out, "%s%s%s%s\n", bold, diag_text(d, MSG_LABEL_HINT), reset, g->hint);
    }
    if (d->dropped) {
        fprintf(out, "%s: ", src->name);
        msg_print(out, d->lang, d->dropped == 1 ? MSG_MORE_ERROR : MSG_MORE_ERRORS, d->dropped);
        fputc('\n', out);
    }
}
