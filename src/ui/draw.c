/* draw.c - the panes around the matrices: source, text, explanation,
 * status line, the help and reading overlays, and the "too small" notice.
 * Text that does not fit its pane ends with a line saying how much more
 * there is and which key shows it whole (the reading overlay). */
#include "ui/draw.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "output/matrix_text.h"
#include "output/trace.h"
#include "ui/colors.h"
#include "ui/keys.h"
#include "ui/status.h"
#include "util/utf8.h"

const char *ui_word(const UiState *s, MsgId w) { return ui_words_get(ui_zh(s), w); }

/* one character of text at `i` as put_text shows it: its bytes in ch (a
 * space for a control character, "?" for one without a width), its
 * columns in *w; returns the bytes it takes in text */
static size_t shown_char(const char *text, size_t len, size_t i, char ch[5], int *w) {
    unsigned cp;
    int n = utf8_decode(text + i, len - i, &cp);
    ch[0] = ' ', ch[1] = '\0';
    *w = 1;
    if (n > 0 && cp >= 0x20 && cp != 0x7F) {
        memcpy(ch, text + i, (size_t)n);
        ch[n] = '\0';
        *w = wcwidth((wchar_t)cp);
        if (*w < 0)
            *w = 1, ch[0] = '?', ch[1] = '\0';
    }
    return (size_t)(n > 0 ? n : 1);
}

int put_text_width(const char *text) {
    int used = 0, w;
    char ch[5];
    size_t len = strlen(text);
    for (size_t i = 0; i < len;)
        i += shown_char(text, len, i, ch, &w), used += w;
    return used;
}

int put_text(int y, int x, const char *text, int maxw, attr_t attr) {
    if (maxw <= 0)
        return 0;
    /* a text wider than its place ends in "…" in its last column, so no
     * cut is silent */
    int room = put_text_width(text) > maxw ? maxw - 1 : maxw;
    int used = 0, w;
    char ch[5];
    size_t len = strlen(text);
    attron(attr);
    for (size_t i = 0; i < len;) {
        size_t n = shown_char(text, len, i, ch, &w);
        if (used + w > room)
            break;
        mvaddstr(y, x + used, ch);
        used += w;
        i += n;
    }
    if (room < maxw) {
        mvaddstr(y, x + used, "…");
        used++;
    }
    attroff(attr);
    return used;
}

void draw_box(Rect r, const char *title, bool focused) {
    if (r.h < 2 || r.w < 2)
        return;
    attr_t a = color_attr(focused ? ROLE_FOCUS : ROLE_BORDER);
    attron(a);
    /* the wide-character forms: Unicode box drawing in a UTF-8 locale,
     * whatever the terminal's alternate character set does */
    mvhline_set(r.y, r.x + 1, WACS_HLINE, r.w - 2);
    mvhline_set(r.y + r.h - 1, r.x + 1, WACS_HLINE, r.w - 2);
    mvvline_set(r.y + 1, r.x, WACS_VLINE, r.h - 2);
    mvvline_set(r.y + 1, r.x + r.w - 1, WACS_VLINE, r.h - 2);
    mvadd_wch(r.y, r.x, WACS_ULCORNER);
    mvadd_wch(r.y, r.x + r.w - 1, WACS_URCORNER);
    mvadd_wch(r.y + r.h - 1, r.x, WACS_LLCORNER);
    mvadd_wch(r.y + r.h - 1, r.x + r.w - 1, WACS_LRCORNER);
    attroff(a);
    if (title && r.w > 6) {
        mvaddstr(r.y, r.x + 2, " ");
        int used = put_text(r.y, r.x + 3, title, r.w - 6, focused ? color_attr(ROLE_FOCUS) : color_attr(ROLE_TITLE));
        mvaddstr(r.y, r.x + 3 + used, " ");
    }
}

/* the source with the current statement marked, as a debugger does */
static void draw_source(const UiState *s, Rect r) {
    draw_box(r, ui_word(s, MSG_UI_SOURCE), s->focus == UI_FOCUS_SOURCE);
    const Record *rec = ui_record(s);
    int inner = r.h - 2;
    if (inner < 1 || !rec)
        return;
    int first = rec->pos.line, last = rec->end_line > first ? rec->end_line : first;
    int top = first - inner / 3 + s->source_scroll;
    if (top < 1)
        top = 1;
    for (int row = 0; row < inner; row++) {
        int line = top + row;
        size_t len;
        const char *text = source_line(&s->ll->src, line, &len);
        if (line > 1 && text >= s->ll->src.text + s->ll->src.len)
            break;
        bool current = line >= first && line <= last;
        char buf[1024];
        snprintf(buf, sizeof buf, "%c%4d  %.*s", current ? '>' : ' ', line, (int)(len < 900 ? len : 900), text);
        attr_t a = current ? color_attr(ROLE_CURRENT) : A_NORMAL;
        int used = put_text(r.y + 1 + row, r.x + 1, buf, r.w - 2, a);
        if (current) {
            attron(a);
            mvhline(r.y + 1 + row, r.x + 1 + used, ' ', r.w - 2 - used);
            attroff(a);
        }
    }
}

/* A run of text for a pane: wrapped to the pane's width, after a blank
 * line when `gap` is set. The text pane, the explanation pane and the
 * reading overlay are lists of these. */
typedef struct Block {
    const char *text;
    attr_t attr;
    bool gap;
} Block;

#define MAX_BLOCKS 8

typedef struct Blocks {
    Block b[MAX_BLOCKS];
    int n;
    char *owned[MAX_BLOCKS]; /* freed by blocks_free */
    int nowned;
} Blocks;

static void blocks_add(Blocks *bs, const char *text, attr_t attr, bool gap) {
    if (!text || !text[0] || bs->n >= MAX_BLOCKS)
        return;
    /* no blank line before the first block (read n before it changes:
     * `b[n++] = ... n > 0` reads and writes n unsequenced) */
    bool after_another = bs->n > 0;
    bs->b[bs->n] = (Block){text, attr, gap && after_another};
    bs->n++;
}

/* blocks_add_owned: as blocks_add, for a malloc'd text the list frees */
static void blocks_add_owned(Blocks *bs, char *text, attr_t attr, bool gap) {
    if (!text)
        return;
    if (bs->nowned < MAX_BLOCKS)
        bs->owned[bs->nowned++] = text;
    else {
        free(text);
        return;
    }
    blocks_add(bs, text, attr, gap);
}

static void blocks_free(Blocks *bs) {
    for (int k = 0; k < bs->nowned; k++)
        free(bs->owned[k]);
    bs->nowned = bs->n = 0;
}

/* blocks_lay: every wrapped line of the blocks at width w, or only their
 * count (lines == NULL). Gap lines have len 0 and start NULL. */
static int blocks_lay(const Blocks *bs, int w, bool gaps, WrapLine *lines, attr_t *attrs, int max) {
    int total = 0;
    for (int k = 0; k < bs->n; k++) {
        if (bs->b[k].gap && gaps) {
            if (lines && total < max)
                lines[total] = (WrapLine){NULL, 0}, attrs[total] = A_NORMAL;
            total++;
        }
        int n = utf8_wrap(bs->b[k].text, w, lines && total < max ? lines + total : NULL,
                          lines && total < max ? max - total : 0);
        for (int m = total; lines && m < total + n && m < max; m++)
            attrs[m] = bs->b[k].attr;
        total += n;
    }
    return total;
}

/* blocks_draw: the blocks' lines from `skip` on into rows x w at (y, x).
 * When more lines remain than rows, the last row says how many more and
 * which key shows them (unless `more` is false: the overlay scrolls).
 * Returns the number of lines in all. */
static int blocks_draw(const UiState *s, const Blocks *bs, int y, int x, int w, int rows, int skip, bool more) {
    if (rows <= 0 || w <= 0)
        return 0;
    /* blank lines between blocks only when everything fits */
    bool gaps = !more || blocks_lay(bs, w, true, NULL, NULL, 0) - skip <= rows;
    int total = blocks_lay(bs, w, gaps, NULL, NULL, 0);
    WrapLine *lines = malloc((size_t)(total > 0 ? total : 1) * sizeof *lines);
    attr_t *attrs = malloc((size_t)(total > 0 ? total : 1) * sizeof *attrs);
    if (!lines || !attrs) {
        free(lines), free(attrs);
        return total;
    }
    blocks_lay(bs, w, gaps, lines, attrs, total);
    if (skip > total - 1)
        skip = total > 0 ? total - 1 : 0;
    int left = total - skip, show = left <= rows || !more ? rows : rows - 1;
    for (int k = 0; k < show && skip + k < total; k++) {
        const WrapLine *l = &lines[skip + k];
        if (!l->start)
            continue;
        char buf[2048];
        snprintf(buf, sizeof buf, "%.*s", (int)(l->len < 2000 ? l->len : 2000), l->start);
        put_text(y + k, x, buf, w, attrs[skip + k]);
    }
    if (more && left > rows) {
        char note[160];
        ui_words_fill(ui_zh(s), MSG_UI_MORE_LINES, left - show, 0, note, sizeof note);
        put_text(y + rows - 1, x, note, w, color_attr(ROLE_TITLE));
    }
    free(lines), free(attrs);
    return total;
}

/* the step's formula, an expect's verdict, and the narrative */
static void text_blocks(const UiState *s, Blocks *bs) {
    const Record *rec = ui_record(s);
    const Lesson *l = &s->ll->lesson;
    const Group *g = rec ? &l->groups[rec->group] : NULL;
    if (!g)
        return;
    blocks_add(bs, g->formula, color_attr(ROLE_FORMULA), false);
    /* an expect's verdict first: a long narrative must not hide it */
    if (rec->kind == REC_EXPECT) {
        char summary[1600], *verdict = malloc(1800);
        if (verdict) {
            trace_expect_summary(l, rec, s->precision, summary, sizeof summary);
            snprintf(verdict, 1800, "%s expect %s: %s", rec->expect->passed ? "✓" : "✗", rec->outputs[0].name,
                     summary);
            blocks_add_owned(bs, verdict, color_attr(rec->expect->passed ? ROLE_GOOD : ROLE_BAD), false);
        }
    }
    if (g->narrative) {
        char *flowing = utf8_reflow(g->narrative); /* the pane's width, not the author's */
        if (flowing)
            blocks_add_owned(bs, flowing, A_NORMAL, true);
        else
            blocks_add(bs, g->narrative, A_NORMAL, true);
    }
}

void draw_step_of(const UiState *s, char *out, size_t size) {
    const Record *rec = ui_record(s);
    const Lesson *l = &s->ll->lesson;
    const Group *g = rec ? &l->groups[rec->group] : NULL;
    if (g && g->count > 1) /* n moves record by record: say which of the step's */
        msg_format(out, size, msg_lang_of(ui_zh(s)), MSG_UI_STEP_PART, rec->group + 1, l->ngroups,
                   s->cur.record - g->first + 1, g->count);
    else
        ui_words_fill(ui_zh(s), MSG_UI_STEP_OF, rec ? rec->group + 1 : 0, l->ngroups, out, size);
}

static void step_title(const UiState *s, char *title, size_t size) {
    const Record *rec = ui_record(s);
    const Lesson *l = &s->ll->lesson;
    const Group *g = rec ? &l->groups[rec->group] : NULL;
    char line[1024] = "", step[96];
    if (rec)
        trace_record_source(&s->ll->src, rec, line, sizeof line);
    draw_step_of(s, step, sizeof step);
    snprintf(title, size, "%s%s%s", step, ui_word(s, MSG_UI_TITLE_SEP), g && g->title ? g->title : line);
}

/* without a source pane, the lower border names the current statement */
static void source_on_border(const UiState *s, Rect r) {
    const Record *rec = ui_record(s);
    char line[1024] = "", text[1100];
    if (!rec || r.w < 10)
        return;
    trace_record_source(&s->ll->src, rec, line, sizeof line);
    snprintf(text, sizeof text, " > %d  %s ", rec->pos.line, line);
    put_text(r.y + r.h - 1, r.x + 2, text, r.w - 4, color_attr(ROLE_CURRENT));
}

static void draw_text(const UiState *s, Rect r) {
    char title[1200];
    step_title(s, title, sizeof title);
    draw_box(r, title, s->focus == UI_FOCUS_TEXT);
    if (s->no_source_pane)
        source_on_border(s, r);
    Blocks bs = {0};
    text_blocks(s, &bs);
    blocks_draw(s, &bs, r.y + 1, r.x + 2, r.w - 4, r.h - 2, s->text_scroll, true);
    blocks_free(&bs);
}

/* the explanation of the focused cell: its arithmetic, its value as an
 * input, or that it is a quiz cell */
static void explain_blocks(const UiState *s, const Explanation *ex, Blocks *bs) {
    bool output;
    int index;
    const Slot *slot = ui_focused(s, &output, &index);
    if (!slot)
        return;
    int hider = output ? ui_hiding(s, s->cur.record, index, s->ci, s->cj) : -1;
    int answered = output ? ui_answered(s, s->cur.record, index, s->ci, s->cj) : -1;
    const QuizCell *q = hider >= 0 ? &s->qcells[hider] : NULL;
    if (q && (q->i != s->ci || q->j != s->cj)) { /* a cell of its row */
        char name[96], *text = malloc(512);
        quiz_cell_name(&s->ll->lesson, *q, name, sizeof name);
        if (text)
            blocks_add_owned(bs, msg_format(text, 512, msg_lang_of(ui_zh(s)), MSG_UI_HIDDEN_ROW, name),
                             color_attr(ROLE_HIDDEN), false);
    } else if (q && s->prompt == PROMPT_ANSWER && s->message[0]) {
        /* the prompt and why the answer was refused say it all */
    } else if (q) {
        MsgId id = s->prompt == PROMPT_ANSWER ? MSG_UI_HIDDEN : MSG_UI_HIDDEN_CLOSED;
        blocks_add(bs, ui_word(s, id), color_attr(ROLE_HIDDEN), false);
    } else if (output && ex && ex->text) {
        if (answered >= 0) /* the verdict stays with the cell */
            blocks_add(bs, s->verdict[answered], color_attr(ROLE_TITLE), false);
        blocks_add(bs, ex->text, A_NORMAL, false);
    } else if (!output && s->ci < slot->m.rows && s->cj < slot->m.cols) {
        char v[64], name[MLIST_NAME_MAX], *text = malloc(512);
        if (!text)
            return;
        mtext_format(v, sizeof v, mat_get(&slot->m, s->ci, s->cj), s->precision);
        bool editable = ui_editable(s, name, sizeof name);
        snprintf(text, 512, "%s[%d][%d] = %s: %s%s%s", slot->name, s->ci, s->cj, v, ui_word(s, MSG_UI_INPUT_CELL),
                 editable ? "; " : ".", editable ? ui_word(s, MSG_UI_EDIT_HINT) : "");
        blocks_add_owned(bs, text, A_NORMAL, false);
    }
}

/* the prompt being typed, if any */
static void prompt_text(const UiState *s, char *prompt, size_t size) {
    char name[96] = "";
    if (s->prompt == PROMPT_ANSWER) {
        int q = ui_pending_question(s);
        if (q >= 0)
            quiz_cell_name(&s->ll->lesson, s->qcells[q], name, sizeof name);
        snprintf(prompt, size, "%s = ? %s_", name, s->input);
    } else if (s->prompt == PROMPT_EDIT) {
        const Slot *slot = ui_focused(s, NULL, NULL);
        snprintf(prompt, size, "%s %s[%d][%d]: %s_", ui_word(s, MSG_UI_NEW_VALUE), slot ? slot->name : "?", s->ci, s->cj,
                 s->input);
    } else {
        snprintf(prompt, size, "%s: %s_", ui_word(s, MSG_UI_JUMP), s->input);
    }
}

/* the explanation pane's blocks: the prompt (written into `prompt`,
 * which must outlive them), a message, then the explanation of the
 * focused cell */
static void explain_pane_blocks(const UiState *s, const Explanation *ex, char *prompt, size_t size, Blocks *bs) {
    if (s->prompt != PROMPT_NONE) {
        prompt_text(s, prompt, size);
        blocks_add(bs, prompt, color_attr(ROLE_HIDDEN), false);
    }
    blocks_add(bs, s->message, color_attr(ROLE_TITLE), false);
    explain_blocks(s, ex, bs);
}

static void draw_explain(const UiState *s, Rect r, const Explanation *ex) {
    draw_box(r, ui_word(s, MSG_UI_EXPLAIN), false);
    Blocks bs = {0};
    char prompt[256];
    explain_pane_blocks(s, ex, prompt, sizeof prompt, &bs);
    blocks_draw(s, &bs, r.y + 1, r.x + 2, r.w - 4, r.h - 2, 0, true);
    blocks_free(&bs);
}

void draw_status_line(const UiState *s, int width, char *line, size_t size) {
    const Record *rec = ui_record(s);
    const Lesson *l = &s->ll->lesson;
    StatusPart parts[STATUS_MAX_PARTS];
    int n = 0, heads = ui_heads(s);
    char step[96], head[64], score[64];
    draw_step_of(s, step, sizeof step);
    parts[n++] = (StatusPart){step, 1, false};
    if (s->quiz) {
        ui_words_fill(ui_zh(s), MSG_UI_SCORE_OF, s->qright, s->qasked, score, sizeof score);
        parts[n++] = (StatusPart){score, 1, false};
    }
    if (s->note[0]) /* what the last key could not do: it stays */
        parts[n++] = (StatusPart){s->note, 0, false};
    if (rec && rec->stage != STAGE_NONE)
        parts[n++] = (StatusPart){stage_name_in(rec->stage, l->language), 2, false};
    if (heads > 1) {
        if (s->head == UI_HEAD_ALL)
            snprintf(head, sizeof head, "%s", ui_word(s, MSG_UI_ALL_HEADS));
        else
            ui_words_fill(ui_zh(s), MSG_UI_HEAD_OF, s->head, heads, head, sizeof head);
        parts[n++] = (StatusPart){head, 3, false};
    }
    /* the keys that do something here, as the key table says */
    int nkeys;
    const KeyBinding *t = keys_table(&nkeys);
    if (s->prompt == PROMPT_ANSWER) { /* every key types the answer, until Esc */
        parts[n++] = (StatusPart){ui_word(s, MSG_UI_S_TYPING), 0, true};
        parts[n++] = (StatusPart){ui_word(s, MSG_UI_S_OTHER_KEYS), 0, true};
    }
    for (int k = 0; k < nkeys && n < STATUS_MAX_PARTS; k++)
        if (t[k].status != MSG_NONE && keys_available(&t[k], s) &&
            (s->prompt != PROMPT_ANSWER || t[k].status == MSG_UI_S_QUIT))
            parts[n++] = (StatusPart){ui_word(s, t[k].status), t[k].priority, true};
    status_fit(parts, n, width, line, size);
}

/* the status line: where the learner is, then the keys, fitted to the
 * width by dropping whole parts (status.c); "? help" and "q quit" stay */
static void draw_status(const UiState *s, Rect r) {
    char line[1024];
    draw_status_line(s, r.w, line, sizeof line);
    attr_t a = color_attr(ROLE_STATUS);
    attron(a);
    mvhline(r.y, r.x, ' ', r.w);
    attroff(a);
    put_text(r.y, r.x, line, r.w, a);
}

/* an overlay box centred on the screen, cleared */
static Rect overlay_box(int cols, int rows, int w, int h, const char *title) {
    w = w < cols ? w : cols;
    h = h < rows - 1 ? h : rows - 1;
    Rect r = {(rows - 1 - h) / 2, (cols - w) / 2, h, w};
    for (int y = 0; y < h; y++)
        mvhline(r.y + y, r.x, ' ', w);
    draw_box(r, title, true);
    return r;
}

/* the help: every key in the key table (those that do nothing on this
 * step dimmed), scrolled when it is taller than the screen, and the
 * kernel set in use */
static void draw_help(const UiState *s, int cols, int rows) {
    int n;
    const KeyBinding *t = keys_table(&n);
    int shown = 0, keys_w = 0, help_w = 0, row_of[64];
    for (int k = 0; k < n && shown < 64; k++)
        if (t[k].help != MSG_NONE) {
            row_of[shown++] = k;
            int kw = utf8_width(ui_word(s, t[k].keys_label)), hw = utf8_width(ui_word(s, t[k].help));
            keys_w = kw > keys_w ? kw : keys_w;
            help_w = hw > help_w ? hw : help_w;
        }
    char kernels[128];
    snprintf(kernels, sizeof kernels, "%s%s", ui_word(s, MSG_UI_KERNELS), engine_kernels()->name);
    int w = keys_w + 2 + help_w + 4;
    Rect r = overlay_box(cols, rows, w, shown + 4, ui_word(s, MSG_UI_HELP_TITLE));
    int inner = r.w - 4;
    Rect list = {r.y + 1, r.x + 2, r.h - 4, inner};
    if (list.h < 1)
        return;
    ScrollFit f = layout_scroll(shown, list.h, s->help_scroll);
    for (int k = 0; k < f.shown; k++) {
        const KeyBinding *b = &t[row_of[f.first + k]];
        int y = list.y + (f.above > 0) + k;
        attr_t dim = keys_available(b, s) ? 0 : A_DIM;
        int used = put_text(y, r.x + 2, ui_word(s, b->keys_label), inner, color_attr(ROLE_LABEL) | dim);
        int x = r.x + 2 + (keys_w + 2 < inner ? keys_w + 2 : used + 1);
        put_text(y, x, ui_word(s, b->help), r.x + r.w - 2 - x, A_NORMAL | dim);
    }
    char note[160];
    if (f.above > 0) {
        ui_words_fill(ui_zh(s), MSG_UI_VIEW_ABOVE, f.above, 0, note, sizeof note);
        put_text(list.y, list.x, note, list.w, color_attr(ROLE_TITLE));
    }
    if (f.below > 0) {
        ui_words_fill(ui_zh(s), MSG_UI_VIEW_BELOW, f.below, 0, note, sizeof note);
        put_text(list.y + list.h - 1, list.x, note, list.w, color_attr(ROLE_TITLE));
    }
    put_text(r.y + r.h - 2, r.x + 2, kernels, inner, A_DIM);
}

/* the reading overlay: the step's text and the explanation, whole */
static void draw_reading(const UiState *s, const Explanation *ex, int cols, int rows) {
    char title[1200];
    step_title(s, title, sizeof title);
    Rect r = overlay_box(cols, rows, cols, rows - 1, title);
    Blocks bs = {0};
    text_blocks(s, &bs);
    Blocks eb = {0};
    explain_blocks(s, ex, &eb);
    for (int k = 0; k < eb.n; k++)
        blocks_add(&bs, eb.b[k].text, eb.b[k].attr, k == 0);
    int total = blocks_draw(s, &bs, r.y + 1, r.x + 2, r.w - 4, r.h - 3, s->read_scroll, false);
    char keys[256];
    snprintf(keys, sizeof keys, "%s  (%d/%d)", ui_word(s, MSG_UI_READ_KEYS),
             s->read_scroll + 1 < total ? s->read_scroll + 1 : total, total);
    put_text(r.y + r.h - 2, r.x + 2, keys, r.w - 4, A_DIM);
    blocks_free(&eb);
    blocks_free(&bs);
}

/* content_needs: the rows the text, matrix and explanation panes need to
 * show their content whole (borders included), at the widths of the
 * size's fixed layout. The text is counted with the blocks and the
 * wrapper the panes are drawn with (blocks_draw puts blank lines between
 * blocks only when everything fits with them), so the count is exact. */
static LayoutNeeds content_needs(const UiState *s, const Layout *base, const Explanation *ex) {
    LayoutNeeds n = {0};
    Blocks bs = {0};
    text_blocks(s, &bs);
    n.text = blocks_lay(&bs, base->pane[PANE_TEXT].w - 4, false, NULL, NULL, 0) + 2;
    n.text_spaced = blocks_lay(&bs, base->pane[PANE_TEXT].w - 4, true, NULL, NULL, 0) + 2;
    blocks_free(&bs);
    n.matrices = draw_matrices_height(s, base->pane[PANE_MATRICES].w, ex);
    char prompt[256];
    explain_pane_blocks(s, ex, prompt, sizeof prompt, &bs);
    n.explain = blocks_lay(&bs, base->pane[PANE_EXPLAIN].w - 4, false, NULL, NULL, 0) + 2;
    blocks_free(&bs);
    return n;
}

void draw_all(const UiState *s, int cols, int rows) {
    erase();
    Layout base = layout_compute(cols, rows);
    if (base.too_small) {
        char msg[128], size[64];
        snprintf(size, sizeof size, ui_zh(s) ? "（至少 %d×%d）" : "(needs %d×%d)", LAYOUT_MIN_COLS,
                 LAYOUT_MIN_ROWS);
        snprintf(msg, sizeof msg, ui_zh(s) ? "%s%s" : "%s %s", ui_word(s, MSG_UI_ENLARGE), size);
        if (utf8_width(msg) <= cols || rows < 2) {
            put_text(0, 0, msg, cols, A_BOLD);
        } else { /* too narrow for one line: the size goes on the next */
            put_text(0, 0, ui_word(s, MSG_UI_ENLARGE), cols, A_BOLD);
            put_text(1, 0, size, cols, A_BOLD);
        }
        refresh();
        return;
    }
    Explanation ex = {0};
    bool output;
    int index;
    const Slot *slot = ui_focused(s, &output, &index);
    const Record *rec = ui_record(s);
    /* a hidden quiz cell is explained too: its highlights show the inputs
     * it needs, while its text stays hidden */
    /* written for the explanation pane's width (the reading overlay's is
     * the same), so that no line is wrapped twice */
    bool have_ex = slot && output && rec &&
                   explain_cell(&s->ll->lesson, rec, index, s->ci, s->cj, s->precision,
                                base.pane[PANE_EXPLAIN].w - 4, &ex);
    /* the rows go where the content needs them; recomputed at every
     * redraw, so a resize or another step lays them out anew */
    LayoutNeeds needs = content_needs(s, &base, have_ex ? &ex : NULL);
    Layout l = layout_fit(cols, rows, &needs);
    draw_source(s, l.pane[PANE_SOURCE]);
    draw_text(s, l.pane[PANE_TEXT]);
    draw_matrices(s, l.pane[PANE_MATRICES], have_ex ? &ex : NULL);
    draw_explain(s, l.pane[PANE_EXPLAIN], have_ex ? &ex : NULL);
    draw_status(s, l.pane[PANE_STATUS]);
    if (s->reading)
        draw_reading(s, have_ex ? &ex : NULL, cols, rows);
    if (s->help)
        draw_help(s, cols, rows);
    if (have_ex)
        explain_free(&ex);
    refresh();
}
