/* draw_matrix.c - the matrix pane: the step's inputs and outputs with
 * token labels, the cell cursor, the input cells the explained cell came
 * from, quiz cells hidden as "?", and the heatmap. Matrices are packed
 * side by side where they fit and stacked otherwise; a matrix larger than
 * its place scrolls to keep the cursor (or its highlighted cells) in view,
 * and its header says which rows and columns are showing. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/attn_views.h"
#include "output/matrix_text.h"
#include "output/trace.h"
#include "ui/colors.h"
#include "ui/draw.h"
#include "util/utf8.h"

typedef struct Placed {
    ViewMatrix v;
    int cell_w, label_w;   /* columns of a cell and of the row labels */
    int need_w, need_h;    /* to show it whole */
    int want_h;            /* to show every row the explained cell uses */
    int r0, r1, c0, c1;    /* those rows and columns (r0 < 0: none) */
    Rect at;               /* where it goes */
    const char *const *row_labels, *const *col_labels;
} Placed;

/* the widest a row or column label is shown, in terminal columns */
#define UI_LABEL_MAX 12

static void measure(const UiState *s, Placed *p) {
    const Matrix *m = &p->v.slot->m;
    const Record *rec = ui_record(s);
    trace_matrix_labels(&s->ll->lesson, rec, p->v.slot, &p->row_labels, &p->col_labels);
    char buf[64];
    p->cell_w = ui_matrix_stats(s, m, s->precision).cell_w;
    /* index labels: the last is the widest */
    p->label_w = m->rows > 0 ? snprintf(buf, sizeof buf, "%d", m->rows - 1) : 1;
    /* a label wider than UI_LABEL_MAX is cut: one long token of a
     * vocabulary must not leave room for a single column */
    for (int i = 0; p->row_labels && i < m->rows; i++) {
        int w = utf8_width(p->row_labels[i]);
        w = w < UI_LABEL_MAX ? w : UI_LABEL_MAX;
        p->label_w = w > p->label_w ? w : p->label_w;
    }
    int col_w = m->cols > 0 ? snprintf(buf, sizeof buf, "%d", m->cols - 1) : 1;
    for (int j = 0; p->col_labels && j < m->cols; j++) {
        int w = utf8_width(p->col_labels[j]);
        w = w < UI_LABEL_MAX ? w : UI_LABEL_MAX;
        col_w = w > col_w ? w : col_w;
    }
    p->cell_w = col_w > p->cell_w ? col_w : p->cell_w;
    p->need_w = p->label_w + m->cols * (p->cell_w + 1) + 1;
    int title_w = utf8_width(p->v.slot->name) + 12;
    p->need_w = p->need_w > title_w ? p->need_w : title_w;
    p->need_h = m->rows + 2;
}

/* used_box: the rows and columns of input v that the explained cell's
 * arithmetic uses (the explanation's highlights); r0 = -1 when none. */
static void used_box(const Explanation *ex, Placed *p) {
    const Matrix *m = &p->v.slot->m;
    p->r0 = p->r1 = p->c0 = p->c1 = -1;
    for (int k = 0; ex && !p->v.output && k < ex->nhighlights; k++) {
        const Highlight *h = &ex->highlights[k];
        if (h->input != p->v.index)
            continue;
        int r0 = h->row < 0 ? 0 : h->row, r1 = h->row < 0 ? m->rows - 1 : h->row;
        int c0 = h->col < 0 ? 0 : h->col, c1 = h->col < 0 ? m->cols - 1 : h->col;
        if (p->r0 < 0)
            p->r0 = r0, p->r1 = r1, p->c0 = c0, p->c1 = c1;
        p->r0 = r0 < p->r0 ? r0 : p->r0, p->r1 = r1 > p->r1 ? r1 : p->r1;
        p->c0 = c0 < p->c0 ? c0 : p->c0, p->c1 = c1 > p->c1 ? c1 : p->c1;
    }
    p->want_h = p->r0 >= 0 ? 2 + p->r1 - p->r0 + 1 : 3;
    if (p->want_h > p->need_h)
        p->want_h = p->need_h;
}

/* Placement: matrices go left to right on shelves, wrapping when a shelf
 * is full. When the shelves are taller than the pane, every shelf gets at
 * least a header, the labels and one row, the focused matrix's shelf is
 * served first, and shelves that still do not fit are left out (the count
 * is shown) -- never the focused one. Returns how many were left out. */
static int place(Placed *p, int n, Rect area, int focus) {
    int shelf_of[UI_MAX_VIEW], nshelves = 0, need[UI_MAX_VIEW] = {0}, want[UI_MAX_VIEW] = {0};
    int x = 0;
    for (int k = 0; k < n; k++) {
        int w = p[k].need_w < area.w ? p[k].need_w : area.w;
        if (k > 0 && x + w > area.w)
            nshelves++, x = 0;
        shelf_of[k] = nshelves;
        p[k].at = (Rect){0, area.x + x, 0, w};
        x += w + 2;
        if (p[k].need_h > need[nshelves])
            need[nshelves] = p[k].need_h;
        if (p[k].want_h > want[nshelves])
            want[nshelves] = p[k].want_h;
    }
    nshelves++;
    int focus_shelf = focus >= 0 && focus < n ? shelf_of[focus] : 0;
    bool shown[UI_MAX_VIEW];
    /* a blank line between shelves, unless the rows the cursor's cell
     * uses need it */
    int gap = 1, wanted = -1;
    for (int sh = 0; sh < nshelves; sh++)
        wanted += 1 + want[sh];
    if (wanted > area.h)
        gap = 0;
    int give[UI_MAX_VIEW], used = -gap, left_out = 0;
    /* the focused shelf first, then the others in order, while they fit */
    bool used_by_cell[UI_MAX_VIEW] = {false};
    for (int k = 0; k < n; k++)
        used_by_cell[shelf_of[k]] |= p[k].r0 >= 0;
    /* the focused shelf, then those the cursor's cell uses, then the rest */
    for (int pass = 0; pass < 3; pass++)
        for (int sh = 0; sh < nshelves; sh++) {
            bool first = sh == focus_shelf, second = !first && used_by_cell[sh];
            if ((pass == 0 && !first) || (pass == 1 && !second) || (pass == 2 && (first || second)))
                continue;
            int min = need[sh] < 3 ? need[sh] : 3;
            shown[sh] = used + gap + min <= area.h;
            give[sh] = shown[sh] ? min : 0;
            if (shown[sh])
                used += gap + min;
        }
    /* then the rows the explained cell uses (inputs follow the cursor),
     * then the focused shelf whole, then the others */
    int spare = area.h - used;
    for (int pass = 0; pass < 3 && spare > 0; pass++)
        for (int sh = 0; sh < nshelves && spare > 0; sh++) {
            if (!shown[sh] || (pass == 1 && sh != focus_shelf) || (pass == 2 && sh == focus_shelf))
                continue;
            int more = (pass == 0 ? want[sh] : need[sh]) - give[sh];
            if (more < 0)
                more = 0;
            more = more < spare ? more : spare;
            give[sh] += more, spare -= more;
        }
    int y = area.y;
    for (int sh = 0; sh < nshelves; sh++) {
        for (int k = 0; k < n; k++) {
            if (shelf_of[k] != sh)
                continue;
            if (!shown[sh]) {
                p[k].at.h = 0;
                left_out++;
                continue;
            }
            p[k].at.y = y;
            p[k].at.h = p[k].need_h < give[sh] ? p[k].need_h : give[sh];
        }
        if (shown[sh])
            y += give[sh] + gap;
    }
    return left_out;
}

static bool highlighted(const Explanation *ex, const ViewMatrix *v, int i, int j) {
    if (!ex || v->output)
        return false;
    for (int k = 0; k < ex->nhighlights; k++) {
        const Highlight *h = &ex->highlights[k];
        if (h->input == v->index && (h->row < 0 || h->row == i) && (h->col < 0 || h->col == j))
            return true;
    }
    return false;
}

/* offset: the first of n visible entries of a length-len axis so that
 * [lo, hi] shows (as much of it as fits, from lo), scrolling no further
 * than needed */
static int offset(int len, int n, int lo, int hi) {
    if (lo < 0 || n >= len)
        return 0;
    int off = hi - n + 1 > 0 ? hi - n + 1 : 0;
    if (off > lo)
        off = lo;
    return off + n > len ? len - n : off;
}

/* heat_of: where v sits on the heatmap's scale of its matrix (0 the
 * lightest, 1 the darkest): trace_heat_scale's range, weights 0 to 1 and
 * the scores they come from their own */
static double heat_of(const Record *rec, bool output, float v, float lo, float hi) {
    float from, to;
    trace_heat_scale(rec, output, lo, hi, &from, &to);
    if (isinf(v))
        return v < 0 ? 0.0 : 1.0;
    double t = to > from ? ((double)v - (double)from) / ((double)to - (double)from) : 0.5;
    return t < 0.0 ? 0.0 : t > 1.0 ? 1.0 : t;
}

/* draw_one: matrix p; `cursor` is the focused matrix, which the cell
 * cursor (s->ci, s->cj) is in (NULL when none is) */
static void draw_one(const UiState *s, const Placed *p, bool focused, const Matrix *cursor, const Explanation *ex) {
    const Matrix *m = &p->v.slot->m;
    const Record *rec = ui_record(s);
    Rect r = p->at;
    if (r.h < 2 || r.w < 4)
        return;
    int vis_rows = r.h - 2, vis_cols = (r.w - p->label_w - 1) / (p->cell_w + 1);
    if (vis_cols < 1)
        vis_cols = 1;
    (void)ex;
    int r0 = p->r0, r1 = p->r1, c0 = p->c0, c1 = p->c1;
    if (focused)
        r0 = r1 = s->ci, c0 = c1 = s->cj;
    else if (p->v.output)
        r0 = r1 = c0 = c1 = 0;
    else if (cursor && cursor->cols == m->cols && c1 - c0 + 1 > vis_cols && c0 <= s->cj && s->cj <= c1)
        c0 = c1 = s->cj; /* a whole row read along the same columns (a softmax over the
                            vocabulary): its window follows the cursor's column */
    int row_off = offset(m->rows, vis_rows, r0, r1), col_off = offset(m->cols, vis_cols, c0, c1);
    int row_end = row_off + vis_rows < m->rows ? row_off + vis_rows : m->rows;
    int col_end = col_off + vis_cols < m->cols ? col_off + vis_cols : m->cols;

    /* header: [in] NAME r×c, what rows and columns mean, what is showing */
    char head[256], extra[128] = "";
    if (row_off > 0 || row_end < m->rows)
        snprintf(extra + strlen(extra), sizeof extra - strlen(extra), "  %s %d–%d %s %d", ui_word(s, MSG_UI_ROWS),
                 row_off, row_end - 1, ui_word(s, MSG_UI_OF), m->rows);
    if (col_off > 0 || col_end < m->cols)
        snprintf(extra + strlen(extra), sizeof extra - strlen(extra), "  %s %d–%d %s %d", ui_word(s, MSG_UI_COLS),
                 col_off, col_end - 1, ui_word(s, MSG_UI_OF), m->cols);
    /* a query-by-key matrix (its columns are the text's tokens), not the vocabulary's columns */
    bool keys = p->col_labels && p->v.slot->axis[1].kind == AXIS_TOKENS;
    snprintf(head, sizeof head, "%s %s  %d×%d%s%s%s", p->v.output ? "=" : "·", p->v.slot->name, m->rows, m->cols,
             keys ? "  " : "", keys ? ui_word(s, MSG_UI_KEYS_ROWS) : "", extra);
    if (utf8_width(head) > r.w) /* what rows and columns mean goes first */
        snprintf(head, sizeof head, "%s %s  %d×%d%s", p->v.output ? "=" : "·", p->v.slot->name, m->rows, m->cols, extra);
    if (utf8_width(head) > r.w) { /* then the words: "↕0–0/3", never cut */
        extra[0] = '\0';
        if (row_off > 0 || row_end < m->rows)
            snprintf(extra, sizeof extra, " ↕%d–%d/%d", row_off, row_end - 1, m->rows);
        if (col_off > 0 || col_end < m->cols)
            snprintf(extra + strlen(extra), sizeof extra - strlen(extra), " ↔%d–%d/%d", col_off, col_end - 1,
                     m->cols);
        snprintf(head, sizeof head, "%s %s %d×%d%s", p->v.output ? "=" : "·", p->v.slot->name, m->rows, m->cols, extra);
    }
    put_text(r.y, r.x, head, r.w, focused ? color_attr(ROLE_FOCUS) : color_attr(ROLE_TITLE));

    char buf[96];
    MatrixStats st = ui_matrix_stats(s, m, s->precision);
    float lo = st.lo, hi = st.hi;
    /* column labels */
    int x = r.x + p->label_w + 1;
    for (int j = col_off; j < col_end; j++, x += p->cell_w + 1) {
        const char *label = p->col_labels ? p->col_labels[j] : (snprintf(buf, sizeof buf, "%d", j), buf);
        int w = utf8_width(label);
        put_text(r.y + 1, x + (p->cell_w - w > 0 ? p->cell_w - w : 0), label, p->cell_w, color_attr(ROLE_LABEL));
    }
    for (int i = row_off; i < row_end; i++) {
        int y = r.y + 2 + (i - row_off);
        const char *label = p->row_labels ? p->row_labels[i] : (snprintf(buf, sizeof buf, "%d", i), buf);
        put_text(y, r.x, label, p->label_w, color_attr(ROLE_LABEL));
        x = r.x + p->label_w + 1;
        for (int j = col_off; j < col_end; j++, x += p->cell_w + 1) {
            float v = mat_get(m, i, j);
            bool hidden = p->v.output && ui_hidden(s, s->cur.record, p->v.index, i, j);
            char cell[64];
            if (hidden)
                snprintf(cell, sizeof cell, "?");
            else
                mtext_format(cell, sizeof cell, v, s->precision);
            attr_t a = A_NORMAL;
            if (focused && i == s->ci && j == s->cj)
                a = color_attr(ROLE_CURSOR);
            else if (hidden)
                a = color_attr(ROLE_HIDDEN);
            else if (highlighted(ex, &p->v, i, j))
                a = color_attr(ROLE_SOURCE);
            else if (s->heatmap)
                a = color_heat(heat_of(rec, p->v.output, v, lo, hi));
            char padded[96];
            int len = utf8_width(cell);
            snprintf(padded, sizeof padded, "%*s%s", p->cell_w - len > 0 ? p->cell_w - len : 0, "", cell);
            put_text(y, x, padded, p->cell_w, a);
        }
    }
}

static void legend(const UiState *s, Rect r) {
    char text[128];
    snprintf(text, sizeof text, "%s: %s ", ui_word(s, MSG_UI_HEAT), ui_word(s, MSG_UI_LOW));
    int x = r.x + put_text(r.y, r.x, text, r.w, A_NORMAL);
    for (int k = 0; k < HEAT_LEVELS && x + 2 < r.x + r.w; k++, x += 2)
        put_text(r.y, x, "  ", 2, color_heat((k + 0.5) / HEAT_LEVELS));
    snprintf(text, sizeof text, " %s (%s)", ui_word(s, MSG_UI_HIGH), colors_mode());
    put_text(r.y, x, text, r.x + r.w - x, A_NORMAL);
}

/* scroll_marks: the "▲ N lines above" and "▼ N more lines" rows of a
 * scrolled list in `area` (layout_scroll) */
static void scroll_marks(const UiState *s, Rect area, ScrollFit f) {
    char note[160];
    if (f.above > 0) {
        ui_words_fill(ui_zh(s), MSG_UI_VIEW_ABOVE, f.above, 0, note, sizeof note);
        put_text(area.y, area.x, note, area.w, color_attr(ROLE_TITLE));
    }
    if (f.below > 0) {
        ui_words_fill(ui_zh(s), MSG_UI_VIEW_BELOW, f.below, 0, note, sizeof note);
        put_text(area.y + area.h - 1, area.x, note, area.w, color_attr(ROLE_TITLE));
    }
}

/* the token view: views_tokens's lines (the text `trace --view tokens`
 * gives) from view_scroll on; formatted are only the queries on screen */
static void draw_tokens_view(const UiState *s, const HeadWeights *w, int head, Rect area) {
    int block = w->a[head]->rows + 1, total = w->a[head]->rows * block - 1;
    ScrollFit f = layout_scroll(total, area.h, s->view_scroll);
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    if (!out)
        return;
    views_tokens(out, w, head, f.first / block, f.shown / block + 2, area.w > 60 ? 30 : 16);
    fclose(out);
    int line = 0, skip = f.first % block, y = area.y + (f.above > 0);
    for (char *p = text; p && *p && line < skip + f.shown; line++) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        if (line >= skip)
            put_text(y++, area.x, p, area.w, A_NORMAL);
        p = nl ? nl + 1 : NULL;
    }
    free(text);
    scroll_marks(s, area, f);
}

/* a token's label in the heads view */
static const char *view_label(const HeadWeights *w, int i, char *buf, size_t size) {
    if (w->labels)
        return w->labels[i];
    snprintf(buf, size, "%d", i);
    return buf;
}

/* the heads view: the page of heads that holds the current one, a grid
 * of shades each over the tokens that fit (layout_heads), and a line
 * saying which heads and tokens are showing when not all are */
static void draw_heads_view(const UiState *s, const HeadWeights *w, int head, Rect area) {
    int n = w->a[0]->rows, label_w = 1;
    char buf[32], title[64];
    for (int i = 0; i < n; i++) {
        int lw = utf8_width(view_label(w, i, buf, sizeof buf));
        lw = lw < UI_LABEL_MAX ? lw : UI_LABEL_MAX;
        label_w = lw > label_w ? lw : label_w;
    }
    msg_format(title, sizeof title, msg_lang_of(w->zh), MSG_VIEW_HEAD, w->heads - 1);
    int title_w = utf8_width(title);
    HeadsFit f = layout_heads(w->heads, n, VIEWS_GRID_MAX, area.w, area.h, label_w, title_w, head, s->view_scroll);
    int place = (2 * f.ntok - 1 > title_w ? 2 * f.ntok - 1 : title_w) + 1;
    for (int k = 0; k < f.nheads; k++) {
        int h = f.head0 + k, x = area.x + label_w + 1 + k * place;
        msg_format(title, sizeof title, msg_lang_of(w->zh), MSG_VIEW_HEAD, h);
        put_text(area.y, x, title, area.x + area.w - x, h == head ? color_attr(ROLE_FOCUS) : color_attr(ROLE_TITLE));
    }
    for (int i = 0; i < f.ntok; i++) {
        int y = area.y + 1 + i, t = f.tok0 + i;
        put_text(y, area.x, view_label(w, t, buf, sizeof buf), label_w, color_attr(ROLE_LABEL));
        for (int k = 0; k < f.nheads; k++) {
            char row[4 * 2 * VIEWS_GRID_MAX + 8] = "";
            for (int j = 0; j < f.ntok; j++)
                snprintf(row + strlen(row), sizeof row - strlen(row), "%s%s", j ? " " : "",
                         views_shade(mat_get(w->a[f.head0 + k], t, f.tok0 + j)));
            int x = area.x + label_w + 2 + k * place;
            put_text(y, x, row, area.x + area.w - x, A_NORMAL);
        }
    }
    int y = area.y + 1 + f.ntok;
    if (f.note) {
        char note[256] = "", part[128];
        MsgLang lang = msg_lang_of(w->zh);
        if (f.nheads < w->heads)
            msg_format(note, sizeof note, lang, MSG_UI_HEADS_SHOWN, f.head0, f.head0 + f.nheads - 1, w->heads);
        if (f.ntok < n) {
            msg_format(part, sizeof part, lang, MSG_UI_TOKENS_SHOWN, f.tok0, f.tok0 + f.ntok - 1, n);
            snprintf(note + strlen(note), sizeof note - strlen(note), "%s%s", note[0] ? " · " : "", part);
        }
        put_text(y++, area.x, note, area.w, color_attr(ROLE_TITLE));
    }
    char legend_text[256];
    msg_format(legend_text, sizeof legend_text, msg_lang_of(w->zh), MSG_VIEW_SHADES);
    legend_text[strcspn(legend_text, "\n")] = '\0';
    if (y < area.y + area.h)
        put_text(y, area.x, legend_text, area.w, A_DIM);
}

/* a quiz cell among the weights would be given away by them: say so
 * instead of drawing them; true when it did */
static bool view_hides_quiz_cell(const UiState *s, const HeadWeights *w, Rect area) {
    for (int k = 0; s->quiz && k < s->nq; k++)
        if (!s->answered[k] && &s->ll->lesson.records[s->qcells[k].record] == w->rec) {
            char name[96], note[256];
            quiz_cell_name(&s->ll->lesson, s->qcells[k], name, sizeof name);
            msg_format(note, sizeof note, msg_lang_of(ui_zh(s)), MSG_UI_V_QUIZ, name);
            put_text(area.y, area.x, note, area.w, A_DIM);
            return true;
        }
    return false;
}

/* the token view or the heads view, of the softmax step nearest the
 * current step */
static void draw_view(const UiState *s, Rect r) {
    HeadWeights w;
    bool have = views_weights(&s->ll->lesson, s->cur.record, &w);
    int head = have && s->head >= 0 && s->head < w.heads ? s->head : 0;
    char title[160];
    if (s->view == UI_VIEW_TOKENS && have)
        snprintf(title, sizeof title, "%s · %s h%d / %d (%s)", ui_word(s, MSG_UI_V_TOKENS), ui_word(s, MSG_UI_HEAD), head,
                 w.heads, w.name[head]);
    else
        snprintf(title, sizeof title, "%s", ui_word(s, s->view == UI_VIEW_TOKENS ? MSG_UI_V_TOKENS : MSG_UI_V_HEADS));
    draw_box(r, title, true);
    Rect area = {r.y + 1, r.x + 2, r.h - 2, r.w - 4};
    if (area.h < 1 || area.w < 4)
        return;
    if (!have)
        put_text(area.y, area.x, ui_word(s, MSG_UI_NO_WEIGHTS), area.w, A_DIM);
    else if (view_hides_quiz_cell(s, &w, area))
        return;
    else if (s->view == UI_VIEW_TOKENS)
        draw_tokens_view(s, &w, head, area);
    else
        draw_heads_view(s, &w, head, area);
}

/* measure_all: the step's matrices, measured; returns how many */
static int measure_all(const UiState *s, Placed *placed, const Explanation *ex) {
    ViewMatrix view[UI_MAX_VIEW];
    int n = ui_view(s, view);
    for (int k = 0; k < n; k++) {
        placed[k] = (Placed){.v = view[k]};
        measure(s, &placed[k]);
        used_box(ex, &placed[k]);
    }
    return n;
}

int draw_matrices_height(const UiState *s, int width, const Explanation *ex) {
    if (s->view != UI_VIEW_MATRICES)
        return 1 << 20; /* the views use all they get */
    Placed placed[UI_MAX_VIEW];
    int n = measure_all(s, placed, ex);
    Rect area = {0, 0, 1 << 20, width - 4};
    place(placed, n, area, s->focus);
    int bottom = 1;
    for (int k = 0; k < n; k++)
        if (placed[k].at.h > 0 && placed[k].at.y + placed[k].at.h > bottom)
            bottom = placed[k].at.y + placed[k].at.h;
    return bottom + 2 + (s->heatmap ? 1 : 0);
}

void draw_matrices(const UiState *s, Rect r, const Explanation *ex) {
    if (s->view != UI_VIEW_MATRICES) {
        draw_view(s, r);
        return;
    }
    const Record *rec = ui_record(s);
    draw_box(r, rec && rec->stage != STAGE_NONE ? stage_name_in(rec->stage, s->ll->lesson.language)
                                                : ui_word(s, MSG_UI_MATRICES),
             s->focus >= 0);
    Rect area = {r.y + 1, r.x + 2, r.h - 2 - (s->heatmap ? 1 : 0), r.w - 4};
    if (area.h < 1 || area.w < 4)
        return;
    Placed placed[UI_MAX_VIEW];
    int n = measure_all(s, placed, ex);
    if (n == 0) {
        put_text(area.y, area.x, ui_word(s, MSG_UI_NO_MATRIX), area.w, A_DIM);
        return;
    }
    int left_out = place(placed, n, area, s->focus);
    for (int k = 0; k < n; k++)
        draw_one(s, &placed[k], k == s->focus, s->focus >= 0 && s->focus < n ? &placed[s->focus].v.slot->m : NULL,
                 ex);
    if (left_out > 0) {
        char more[96];
        snprintf(more, sizeof more, " +%d: Tab ", left_out);
        put_text(r.y + r.h - 1, r.x + r.w - 2 - utf8_width(more), more, r.w - 4, color_attr(ROLE_TITLE));
    }
    if (s->heatmap)
        legend(s, (Rect){r.y + r.h - 2, area.x, 1, area.w});
}
