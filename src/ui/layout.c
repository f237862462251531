/* layout.c - pane geometry: the fixed shares of each terminal size
 * (layout_compute), then rows moved to the panes whose content needs
 * them (layout_fit). No terminal calls: tests/test_layout.c checks it. */
#include "ui/layout.h"

static Rect rect(int y, int x, int h, int w) { return (Rect){y, x, h > 0 ? h : 0, w > 0 ? w : 0}; }

static int min2(int a, int b) { return a < b ? a : b; }

Layout layout_compute(int cols, int rows) {
    Layout l = {0};
    if (cols < LAYOUT_MIN_COLS || rows < LAYOUT_MIN_ROWS) {
        l.too_small = true;
        return l;
    }
    /* bottom: the status line, and the explanation above it */
    int status_y = rows - 1;
    int explain_h = rows >= 40 ? 9 : rows >= 28 ? 7 : 5;
    int top_h = status_y - explain_h; /* rows above the explanation */
    l.pane[PANE_STATUS] = rect(status_y, 0, 1, cols);
    l.pane[PANE_EXPLAIN] = rect(top_h, 0, explain_h, cols);

    if (cols >= 110) {
        /* wide: a left column (source over text), matrices on the right */
        l.wide = true;
        int left_w = cols * 2 / 5;
        if (left_w > 70)
            left_w = 70;
        int source_h = top_h / 3; /* the narrative gets the larger part */
        l.pane[PANE_SOURCE] = rect(0, 0, source_h, left_w);
        l.pane[PANE_TEXT] = rect(source_h, 0, top_h - source_h, left_w);
        l.pane[PANE_MATRICES] = rect(0, left_w, top_h, cols - left_w);
    } else {
        /* narrow: source, text, matrices stacked; the matrices get the
         * rest. Below 30 rows the source pane gives its rows to the
         * matrices and the current statement is named on the text pane's
         * lower border instead (draw.c). */
        int source_h = rows >= 40 ? 6 : rows >= 30 ? 3 : 0;
        int text_h = rows >= 40 ? 10 : rows >= 30 ? 8 : 6;
        l.pane[PANE_SOURCE] = rect(0, 0, source_h, source_h > 0 ? cols : 0);
        l.pane[PANE_TEXT] = rect(source_h, 0, text_h, cols);
        l.pane[PANE_MATRICES] = rect(source_h + text_h, 0, top_h - source_h - text_h, cols);
    }
    return l;
}

/* spare: the rows a pane of h rows can give away and still show all it
 * needs (and at least LAYOUT_MIN_PANE); 0 when the need is not known */
static int spare(int h, int need) {
    if (need <= 0)
        return 0;
    int keep = need > LAYOUT_MIN_PANE ? need : LAYOUT_MIN_PANE;
    return h > keep ? h - keep : 0;
}

/* lacking: the rows a pane of h rows needs beyond them */
static int lacking(int h, int need) { return need > h ? need - h : 0; }

/* stacked: text, matrices and explanation share the rows between the
 * source pane and the status line, in that order from the top */
static void fit_stacked(Layout *l, const LayoutNeeds *n) {
    Rect *t = &l->pane[PANE_TEXT], *m = &l->pane[PANE_MATRICES], *e = &l->pane[PANE_EXPLAIN];
    int th = t->h, mh = m->h, eh = e->h;
    /* the narrative first: it is what the step is about */
    int give = min2(lacking(th, n->text), spare(mh, n->matrices));
    th += give, mh -= give;
    give = min2(lacking(mh, n->matrices), spare(th, n->text));
    mh += give, th -= give;
    /* then the explanation, from the matrices' spare rows, then the text's */
    give = min2(lacking(eh, n->explain), spare(mh, n->matrices));
    eh += give, mh -= give;
    give = min2(lacking(eh, n->explain), spare(th, n->text));
    eh += give, th -= give;
    /* last, blank lines between the text's parts, if the matrices can
     * spare them */
    give = min2(lacking(th, n->text_spaced), spare(mh, n->matrices));
    th += give, mh -= give;
    t->h = th;
    m->y = t->y + th, m->h = mh;
    e->y = m->y + mh, e->h = eh;
}

/* side by side: the explanation grows upwards only by rows that both the
 * text pane and the matrix pane leave unused */
static void fit_wide(Layout *l, const LayoutNeeds *n) {
    Rect *t = &l->pane[PANE_TEXT], *m = &l->pane[PANE_MATRICES], *e = &l->pane[PANE_EXPLAIN];
    int give = min2(lacking(e->h, n->explain), min2(spare(t->h, n->text), spare(m->h, n->matrices)));
    t->h -= give, m->h -= give;
    e->y -= give, e->h += give;
}

Layout layout_fit(int cols, int rows, const LayoutNeeds *needs) {
    Layout l = layout_compute(cols, rows);
    if (l.too_small || !needs)
        return l;
    if (l.wide)
        fit_wide(&l, needs);
    else
        fit_stacked(&l, needs);
    return l;
}

/* heads_per_line: how many heads of ntok tokens fit side by side */
static int heads_per_line(int ntok, int width, int label_w, int title_w) {
    int place = 2 * ntok - 1 > title_w ? 2 * ntok - 1 : title_w;
    int n = (width - label_w) / (place + 1);
    return n > 1 ? n : 1;
}

HeadsFit layout_heads(int heads, int tokens, int max_tokens, int width, int height, int label_w, int title_w,
                      int current, int scroll) {
    HeadsFit f = {0};
    if (heads <= 0 || tokens <= 0)
        return f;
    /* the titles and the legend take a line each; then the grids, unless
     * something is left out: then the note takes a line too */
    int limit = min2(tokens, max_tokens > 0 ? max_tokens : tokens);
    int ntok = min2(limit, height - 2);
    ntok = ntok > 1 ? ntok : 1;
    int per_line = heads_per_line(ntok, width, label_w, title_w);
    f.note = ntok < tokens || per_line < heads;
    if (f.note) {
        ntok = min2(limit, height - 3);
        ntok = ntok > 1 ? ntok : 1;
        per_line = heads_per_line(ntok, width, label_w, title_w);
    }
    current = current < 0 ? 0 : current >= heads ? heads - 1 : current;
    f.head0 = current / per_line * per_line;
    f.nheads = min2(per_line, heads - f.head0);
    f.ntok = ntok;
    f.tok0 = scroll < 0 ? 0 : scroll > tokens - ntok ? tokens - ntok : scroll;
    return f;
}

ScrollFit layout_scroll(int total, int rows, int scroll) {
    ScrollFit f = {0, total, 0, 0};
    if (total <= rows || rows < 1)
        return f;
    if (rows < 3) { /* room for one note only: what is below, from the top */
        f.shown = rows - 1;
        f.below = total - f.shown;
        return f;
    }
    /* scrolled to the end: a row for the note above, the rest lines */
    int last_first = total - (rows - 1);
    f.first = scroll < 0 ? 0 : scroll > last_first ? last_first : scroll;
    f.above = f.first;
    f.shown = rows - (f.above > 0);
    if (f.first + f.shown < total)
        f.shown--;
    f.below = total - f.first - f.shown;
    return f;
}
