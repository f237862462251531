#include "ui/layout.h"

static Rect rect(int y, int x, int h, int w) { return (Rect){y, x, h > 0 ? h : 0, w > 0 ? w : 0}; }

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
