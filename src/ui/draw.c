/* draw.c - the panes around the matrices: source, text, explanation,
 * status line, help, and the "too small" notice. */
#include "ui/draw.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "output/matrix_text.h"
#include "output/trace.h"
#include "ui/colors.h"
#include "util/utf8.h"

static const char *const words_en[UW_COUNT] = {
    "input", "output", "rows = queries, cols = keys", "Source", "Explanation", "step", "head", "all heads",
    "n/p step  ←↑↓→ cell  Tab pane  H head  +/− digits  c heat  e edit  ? help  q quit",
    "enlarge the window", "an input of this step", "press e to change it and recompute every later step",
    "a quiz cell: type your answer and press Enter", "new value for", "go to step", "rows", "cols", "of",
    "heat", "low", "high", "score", "this step has no matrix", "matrices"};
static const char *const words_zh[UW_COUNT] = {
    "输入", "输出", "行 = 查询，列 = 键", "源代码", "说明", "步骤", "头", "全部头",
    "n/p 步进  ←↑↓→ 格子  Tab 切换  H 头  +/− 位数  c 热图  e 编辑  ? 帮助  q 退出",
    "请放大窗口", "这一步的输入", "按 e 修改它，之后的每一步都会重新计算",
    "测验格子：输入你的答案并按回车", "新的值", "跳到第几步", "行", "列", "/",
    "热图", "低", "高", "得分", "这一步没有矩阵", "矩阵"};

const char *ui_word(const UiState *s, UiWord w) {
    return (lesson_is_zh(&s->ll->lesson) ? words_zh : words_en)[w];
}

int put_text(int y, int x, const char *text, int maxw, attr_t attr) {
    int used = 0;
    size_t len = strlen(text);
    attron(attr);
    for (size_t i = 0; i < len;) {
        unsigned cp;
        int n = utf8_decode(text + i, len - i, &cp);
        char ch[5] = " ";
        int w = 1;
        if (n > 0 && cp >= 0x20 && cp != 0x7F) {
            memcpy(ch, text + i, (size_t)n);
            ch[n] = '\0';
            w = wcwidth((wchar_t)cp);
            if (w < 0)
                w = 1, ch[0] = '?', ch[1] = '\0';
        }
        if (used + w > maxw)
            break;
        mvaddstr(y, x + used, ch);
        used += w;
        i += (size_t)(n > 0 ? n : 1);
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
    draw_box(r, ui_word(s, UW_SOURCE), s->focus == UI_FOCUS_SOURCE);
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

/* wrapped lines of text into the rows of a pane, from `skip` on */
static int draw_wrapped(int y, int x, int w, int rows, const char *text, attr_t attr, int *skip) {
    int n = utf8_wrap(text, w, NULL, 0);
    WrapLine *lines = malloc((size_t)(n > 0 ? n : 1) * sizeof *lines);
    if (!lines)
        return 0;
    utf8_wrap(text, w, lines, n);
    int drawn = 0;
    for (int k = 0; k < n && drawn < rows; k++) {
        if (*skip > 0) {
            (*skip)--;
            continue;
        }
        char buf[2048];
        snprintf(buf, sizeof buf, "%.*s", (int)(lines[k].len < 2000 ? lines[k].len : 2000), lines[k].start);
        put_text(y + drawn, x, buf, w, attr);
        drawn++;
    }
    free(lines);
    return drawn;
}

/* the step's title, formula, narrative, and an expect's verdict */
static void draw_text(const UiState *s, Rect r) {
    const Record *rec = ui_record(s);
    const Lesson *l = &s->ll->lesson;
    const Group *g = rec ? &l->groups[rec->group] : NULL;
    char title[256];
    char line[200] = "";
    if (rec)
        trace_record_source(&s->ll->src, rec, line, sizeof line);
    snprintf(title, sizeof title, "%s %d/%d: %s", ui_word(s, UW_STEP), rec ? rec->group + 1 : 0, l->ngroups,
             g && g->title ? g->title : line);
    draw_box(r, title, s->focus == UI_FOCUS_TEXT);
    if (!g)
        return;
    int y = r.y + 1, rows = r.h - 2, w = r.w - 4, skip = s->text_scroll;
    if (g->formula && rows > 0) {
        int used = draw_wrapped(y, r.x + 2, w, rows, g->formula, color_attr(ROLE_FORMULA), &skip);
        y += used, rows -= used;
    }
    /* an expect's verdict first: a long narrative must not hide it */
    if (rec->kind == REC_EXPECT && rows > 0) {
        char summary[1600], verdict[1800];
        trace_expect_summary(l, rec, s->precision, summary, sizeof summary);
        snprintf(verdict, sizeof verdict, "%s expect %s: %s", rec->expect->passed ? "✓" : "✗", rec->outputs[0].name,
                 summary);
        int used = draw_wrapped(y, r.x + 2, w, rows, verdict,
                                color_attr(rec->expect->passed ? ROLE_GOOD : ROLE_BAD), &skip);
        y += used, rows -= used;
    }
    if (g->narrative && rows > 1) {
        if (y > r.y + 1)
            y++, rows--;
        char *flowing = utf8_reflow(g->narrative); /* the pane's width, not the author's */
        draw_wrapped(y, r.x + 2, w, rows, flowing ? flowing : g->narrative, A_NORMAL, &skip);
        free(flowing);
    }
}

/* the explanation of the focused cell, or a prompt, or a message */
static void draw_explain(const UiState *s, Rect r, const Explanation *ex) {
    draw_box(r, ui_word(s, UW_EXPLAIN), false);
    int x = r.x + 2, y = r.y + 1, w = r.w - 4, rows = r.h - 2, skip = 0;
    if (s->prompt != PROMPT_NONE && rows > 0) {
        char prompt[256], name[96] = "";
        if (s->prompt == PROMPT_ANSWER) {
            int q = ui_pending_question(s);
            if (q >= 0)
                quiz_cell_name(&s->ll->lesson, s->qcells[q], name, sizeof name);
            snprintf(prompt, sizeof prompt, "%s = ? %s_", name, s->input);
        } else if (s->prompt == PROMPT_EDIT) {
            const Slot *slot = ui_focused(s, NULL, NULL);
            snprintf(prompt, sizeof prompt, "%s %s[%d][%d]: %s_", ui_word(s, UW_NEW_VALUE), slot ? slot->name : "?",
                     s->ci, s->cj, s->input);
        } else {
            snprintf(prompt, sizeof prompt, "%s: %s_", ui_word(s, UW_JUMP), s->input);
        }
        put_text(y, x, prompt, w, color_attr(ROLE_HIDDEN));
        y++, rows--;
    }
    if (s->message[0] && rows > 0) {
        int used = draw_wrapped(y, x, w, rows, s->message, color_attr(ROLE_TITLE), &skip);
        y += used, rows -= used;
    }
    if (rows <= 0)
        return;
    bool output;
    int index;
    const Slot *slot = ui_focused(s, &output, &index);
    if (!slot)
        return;
    char text[512];
    if (output && ui_hidden(s, s->cur.record, index, s->ci, s->cj)) {
        draw_wrapped(y, x, w, rows, ui_word(s, UW_HIDDEN), color_attr(ROLE_HIDDEN), &skip);
    } else if (output && ex && ex->text) {
        draw_wrapped(y, x, w, rows, ex->text, A_NORMAL, &skip);
    } else if (!output && s->ci < slot->m.rows && s->cj < slot->m.cols) {
        char v[64], name[MLIST_NAME_MAX];
        mtext_format(v, sizeof v, mat_get(&slot->m, s->ci, s->cj), s->precision);
        bool editable = ui_editable(s, name, sizeof name);
        snprintf(text, sizeof text, "%s[%d][%d] = %s: %s%s%s", slot->name, s->ci, s->cj, v,
                 ui_word(s, UW_INPUT_CELL), editable ? "; " : ".", editable ? ui_word(s, UW_EDIT_HINT) : "");
        draw_wrapped(y, x, w, rows, text, A_NORMAL, &skip);
    }
}

static void draw_status(const UiState *s, Rect r, const char *simd) {
    const Record *rec = ui_record(s);
    const Lesson *l = &s->ll->lesson;
    char head[64], status[512];
    int heads = ui_heads(s);
    if (heads > 1 && s->head == UI_HEAD_ALL)
        snprintf(head, sizeof head, " · %s", ui_word(s, UW_ALL_HEADS));
    else if (heads > 1)
        snprintf(head, sizeof head, " · %s %d/%d", ui_word(s, UW_HEAD), s->head, heads);
    else
        head[0] = '\0';
    char score[64] = "";
    if (s->quiz)
        snprintf(score, sizeof score, " · %s %d/%d", ui_word(s, UW_SCORE), s->qright, s->nq);
    snprintf(status, sizeof status, " %s %d/%d (%d/%d) · %s%s%s · %s │ %s", ui_word(s, UW_STEP),
             rec ? rec->group + 1 : 0, l->ngroups, s->cur.record + 1, l->nrecords,
             rec ? stage_name_in(rec->stage, s->ll->lesson.language) : "", head, score, simd, ui_word(s, UW_STATUS_KEYS));
    attr_t a = color_attr(ROLE_STATUS);
    attron(a);
    mvhline(r.y, r.x, ' ', r.w);
    attroff(a);
    put_text(r.y, r.x, status, r.w, a);
}

static void draw_help(const UiState *s, int cols, int rows) {
    static const char *const keys_zh[] = {
        "n  空格  PgDn       下一步",            "p  退格  PgUp       上一步",
        "g  G                第一步 / 最后一步", ":  或数字           跳到第 N 步（回车）",
        "Tab  Shift-Tab      下一个 / 上一个窗格", "←↑↓→  h j k l       移动格子光标",
        "H                   下一个头（以及全部头）", "+  −                多 / 少一位小数",
        "c                   热图 开 / 关",       "e                   修改输入格子，重新计算",
        "a                   回答测验格子",       "Esc                 取消输入",
        "?                   本帮助",             "q  Ctrl-C           退出",
    };
    static const char *const keys_en[] = {
        "n  Space  PgDn     next step",          "p  Backspace  PgUp previous step",
        "g  G               first / last step",  ":  or a number     go to step N (Enter)",
        "Tab  Shift-Tab     next / previous pane", "←↑↓→  h j k l      move the cell cursor",
        "H                  next head (and all heads)", "+  −               more / fewer decimals",
        "c                  heatmap on / off",    "e                  edit an input cell, recompute",
        "a                  answer the quiz cell", "Esc                cancel a prompt",
        "?                  this help",           "q  Ctrl-C          quit",
    };
    bool zh = lesson_is_zh(&s->ll->lesson);
    const char *const *keys = zh ? keys_zh : keys_en;
    int n = (int)(sizeof keys_en / sizeof keys_en[0]);
    int w = 50 < cols - 2 ? 50 : cols - 2, h = n + 2 < rows - 1 ? n + 2 : rows - 1;
    Rect r = {(rows - h) / 2, (cols - w) / 2, h, w};
    for (int y = 0; y < h; y++)
        mvhline(r.y + y, r.x, ' ', w);
    draw_box(r, "?", true);
    for (int k = 0; k < n && k < h - 2; k++)
        put_text(r.y + 1 + k, r.x + 2, keys[k], w - 4, A_NORMAL);
}

void draw_all(const UiState *s, int cols, int rows) {
    erase();
    Layout l = layout_compute(cols, rows);
    if (l.too_small) {
        char msg[128];
        bool zh = lesson_is_zh(&s->ll->lesson);
        snprintf(msg, sizeof msg, zh ? "%s（至少 %d×%d）" : "%s (needs %d×%d)", ui_word(s, UW_ENLARGE), LAYOUT_MIN_COLS,
                 LAYOUT_MIN_ROWS);
        put_text(0, 0, msg, cols, A_BOLD);
        refresh();
        return;
    }
    Explanation ex = {0};
    bool output;
    int index;
    const Slot *slot = ui_focused(s, &output, &index);
    const Record *rec = ui_record(s);
    bool have_ex = slot && output && rec && !ui_hidden(s, s->cur.record, index, s->ci, s->cj) &&
                   explain_cell(&s->ll->lesson, rec, index, s->ci, s->cj, s->precision, &ex);
    draw_source(s, l.pane[PANE_SOURCE]);
    draw_text(s, l.pane[PANE_TEXT]);
    draw_matrices(s, l.pane[PANE_MATRICES], have_ex ? &ex : NULL);
    draw_explain(s, l.pane[PANE_EXPLAIN], have_ex ? &ex : NULL);
    draw_status(s, l.pane[PANE_STATUS], engine_kernels()->name);
    if (s->help)
        draw_help(s, cols, rows);
    if (have_ex)
        explain_free(&ex);
    refresh();
}
