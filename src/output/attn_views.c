#include "output/attn_views.h"

#include <math.h>
#include <string.h>

#include "output/matrix_text.h"
#include "util/utf8.h"

bool views_weights(const Lesson *lesson, int at, HeadWeights *w) {
    int best = -1;
    for (int r = 0; r < lesson->nrecords; r++) {
        if (!(stage_flags(lesson->records[r].stage) & SF_WEIGHTS))
            continue;
        if (r <= at || best < 0)
            best = r;
        if (r > at)
            break;
    }
    *w = (HeadWeights){0};
    if (best < 0)
        return false;
    const Record *rec = &lesson->records[best];
    w->rec = rec;
    const Slot *first = NULL;
    for (int k = 0; k < rec->noutputs; k++) {
        int h = rec->outputs[k].head < 0 ? 0 : rec->outputs[k].head;
        if (h < VIEWS_MAX_HEADS && rec->outputs[k].m.rows == rec->outputs[k].m.cols) {
            if (h == 0)
                first = &rec->outputs[k];
            w->a[h] = &rec->outputs[k].m;
            w->name[h] = rec->outputs[k].name;
            w->heads = h + 1 > w->heads ? h + 1 : w->heads;
        }
    }
    for (int h = 0; h < w->heads; h++)
        if (!w->a[h])
            return false;
    /* the rows are queries and the columns keys: one set of labels when
     * both are the text's tokens, as the record says */
    const char *const *rows = first ? lesson_axis_labels(lesson, first, 0) : NULL;
    w->labels = rows && rows == lesson_axis_labels(lesson, first, 1) ? rows : NULL;
    w->zh = lesson_is_zh(lesson);
    return w->heads > 0;
}

static const char *label(const HeadWeights *w, int i, char *buf, size_t size) {
    if (w->labels)
        return w->labels[i];
    snprintf(buf, size, "%d", i);
    return buf;
}

static int label_width(const HeadWeights *w, int n) {
    char buf[32];
    int width = 1;
    for (int i = 0; i < n; i++) {
        int lw = utf8_width(label(w, i, buf, sizeof buf));
        width = lw > width ? lw : width;
    }
    return width;
}

/* a bar of `cols` columns for weight v in [0, 1], in eighths of a block */
static void bar_of(FILE *out, float v, int cols) {
    static const char *const eighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
    double units = (double)(isfinite(v) ? (v < 0 ? 0 : v > 1 ? 1 : v) : 0) * cols * 8;
    int whole = (int)(units / 8), part = (int)units % 8, used = whole;
    for (int k = 0; k < whole; k++)
        fputs("█", out);
    if (part > 0 && whole < cols)
        fputs(eighths[part], out), used++;
    fprintf(out, "%*s", cols - used, "");
}

void views_tokens(FILE *out, const HeadWeights *w, int head, int first, int max, int bar) {
    const Matrix *a = w->a[head];
    int n = a->rows, lw = label_width(w, n);
    char buf[32], v[64];
    int last = max > 0 && first + max < n ? first + max : n;
    for (int i = first < 0 ? 0 : first; i < last; i++) {
        for (int j = 0; j < a->cols; j++) {
            const char *q = j == 0 ? label(w, i, buf, sizeof buf) : "";
            utf8_pad(out, q, lw, false);
            fputs(j == 0 ? " → " : "   ", out);
            char kbuf[32];
            utf8_pad(out, label(w, j, kbuf, sizeof kbuf), lw, false);
            fputc(' ', out);
            bar_of(out, mat_get(a, i, j), bar);
            fprintf(out, " %s\n", mtext_format(v, sizeof v, mat_get(a, i, j), 2));
        }
        if (i + 1 < last)
            fputc('\n', out);
    }
}

/* the shade of one weight: · ░ ▒ ▓ █ from 0 to 1 */
const char *views_shade(float v) {
    return !(v >= 0.05f) ? "·" : v < 0.25f ? "░" : v < 0.5f ? "▒" : v < 0.75f ? "▓" : "█";
}

void views_heads(FILE *out, const HeadWeights *w, int width) {
    int n = w->a[0]->rows, shown = n < VIEWS_GRID_MAX ? n : VIEWS_GRID_MAX;
    int block = shown * 2 + 1, lw = label_width(w, shown);
    /* the first block of a line carries the row labels */
    int per_line = (width - lw - 1) / (block + 1);
    if (per_line < 1)
        per_line = 1;
    char buf[32];
    for (int h0 = 0; h0 < w->heads; h0 += per_line) {
        int h1 = h0 + per_line < w->heads ? h0 + per_line : w->heads;
        utf8_pad(out, "", lw, false);
        for (int h = h0; h < h1; h++) {
            char title[32];
            msg_format(title, sizeof title, msg_lang_of(w->zh), MSG_VIEW_HEAD, h);
            utf8_pad(out, title, block + 1, false);
        }
        fputc('\n', out);
        for (int i = 0; i < shown; i++) {
            utf8_pad(out, label(w, i, buf, sizeof buf), lw, false);
            for (int h = h0; h < h1; h++) {
                fputs("  ", out);
                for (int j = 0; j < shown; j++)
                    fprintf(out, "%s%s", views_shade(mat_get(w->a[h], i, j)), j + 1 < shown ? " " : "");
            }
            fputc('\n', out);
        }
        if (h1 < w->heads)
            fputc('\n', out);
    }
    if (shown < n)
        msg_print(out, msg_lang_of(w->zh), MSG_VIEW_FIRST_TOKENS, shown, n);
    msg_print(out, msg_lang_of(w->zh), MSG_VIEW_SHADES);
}

bool views_print(FILE *out, const Lesson *lesson, const char *view) {
    bool tokens = strcmp(view, "tokens") == 0;
    if (!tokens && strcmp(view, "heads") != 0)
        return false;
    bool any = false;
    for (int r = 0; r < lesson->nrecords; r++) {
        HeadWeights w;
        if (!(stage_flags(lesson->records[r].stage) & SF_WEIGHTS) || !views_weights(lesson, r, &w) || w.rec != &lesson->records[r])
            continue;
        if (any)
            fputc('\n', out);
        any = true;
        const MsgLang lang = msg_lang_of(w.zh);
        msg_print(out, lang, MSG_VIEW_TITLE, msg_text(lang, tokens ? MSG_VIEW_BY_TOKEN : MSG_VIEW_ALL_HEADS),
                  w.rec->pos.line);
        for (int h = 0; tokens && h < w.heads; h++) {
            msg_print(out, lang, MSG_VIEW_HEAD_OF, h ? "\n" : "", h, w.heads, w.name[h]);
            views_tokens(out, &w, h, 0, 0, 20);
        }
        if (!tokens)
            views_heads(out, &w, 80);
    }
    if (!any)
        msg_print(out, msg_lang_of(lesson_is_zh(lesson)), MSG_VIEW_NO_WEIGHTS);
    return true;
}
