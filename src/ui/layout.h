/* layout.h - where each pane goes, as a pure function of the terminal
 * size and of what the step's content needs, so it can be tested without
 * a terminal (tests/test_layout.c).
 *
 * Wide terminals (>= 110 columns) put the source and narrative on the
 * left and the matrices on the right; narrower ones stack the panes. The
 * explanation and status line always span the bottom. Below 30 rows
 * there is no source pane (its rows go to the matrices). Below the minimum
 * size nothing is drawn but a request to enlarge the window.
 */
#ifndef ATTNSTEP_LAYOUT_H
#define ATTNSTEP_LAYOUT_H

#include <stdbool.h>

#define LAYOUT_MIN_COLS 60
#define LAYOUT_MIN_ROWS 18
#define LAYOUT_MIN_PANE 3 /* a border, one line, a border */

typedef struct Rect {
    int y, x, h, w; /* h == 0 or w == 0: not shown */
} Rect;

typedef enum {
    PANE_SOURCE,    /* the lesson's source, current statement marked */
    PANE_MATRICES,  /* the step's input and output matrices */
    PANE_TEXT,      /* title, formula and narrative */
    PANE_EXPLAIN,   /* the arithmetic of the cell under the cursor */
    PANE_STATUS,    /* one line: step, stage, head, SIMD, keys */
    PANE_COUNT
} Pane;

typedef struct Layout {
    bool too_small;      /* draw only "enlarge the window" */
    bool wide;
    Rect pane[PANE_COUNT];
} Layout;

/* The rows the step's content needs to be shown whole, borders included:
 * the text pane's wrapped formula, verdict and narrative, the matrix
 * pane's matrices with their headers and labels, the explanation's
 * wrapped lines. Each is measured at the pane's width in
 * layout_compute(cols, rows), which the heights never change. 0 means
 * not known: that pane keeps its share and neither gives nor takes. */
typedef struct LayoutNeeds {
    int text;        /* the text, its parts one after the other */
    int text_spaced; /* the same with a blank line between its parts (>= text) */
    int matrices, explain;
} LayoutNeeds;

/* layout_compute: the panes for a cols x rows terminal, each with its
 * fixed share of the rows. Panes never overlap and stay inside the
 * screen; each shown pane is at least 3 rows (border plus one line),
 * except the source pane, which is empty (h and w 0) on terminals of
 * fewer than 30 rows. */
Layout layout_compute(int cols, int rows);

/* layout_fit: layout_compute's panes with the rows moved to where the
 * content needs them. Stacked: a narrative longer than its pane takes the
 * rows the matrices do not need, matrices larger than their pane take
 * the rows the narrative does not need, and then the explanation takes
 * what either still leaves unused. Side by side, the explanation takes
 * rows that both columns leave unused. No pane shrinks below what its
 * content needs or below 3 rows, and the source pane and the widths are
 * layout_compute's; when both need more than there is, the fixed shares
 * stay (the matrices scroll, the text says how much more there is).
 * Rows still unused last go to the blank lines between the text's parts
 * (text_spaced). needs == NULL is layout_compute. */
Layout layout_fit(int cols, int rows, const LayoutNeeds *needs);

/* A list of `total` lines in `rows` rows, scrolled to `scroll`: lines
 * first .. first + shown - 1 are shown; when lines are above them, the
 * first row says how many (`above`), and when lines are below, the last
 * row says how many (`below`). scroll is clamped so that the last line,
 * once reached, stays on the last row. */
typedef struct ScrollFit {
    int first, shown, above, below;
} ScrollFit;

/* layout_scroll: that window (rows >= 1). */
ScrollFit layout_scroll(int total, int rows, int scroll);

/* The all-heads view's window: which heads and which tokens of each
 * head's grid are shown (heads head0 .. head0 + nheads - 1, the rows and
 * columns tok0 .. tok0 + ntok - 1 of each), and whether a line says what
 * is not (`note`). A head's grid takes 2 * ntok - 1 columns; a head's
 * place is that or its title (title_w), and one column between heads. */
typedef struct HeadsFit {
    int head0, nheads, tok0, ntok;
    bool note;
} HeadsFit;

/* layout_heads: the window of an all-heads view of `heads` heads over
 * `tokens` tokens (at most max_tokens of them side by side) in a width x
 * height area, row labels label_w columns wide: a line of titles, the
 * grids, the note line when anything is left out, and the legend. The
 * heads shown are the page of heads that holds `current` (the current
 * head is always in view); the tokens start at `scroll`, clamped. */
HeadsFit layout_heads(int heads, int tokens, int max_tokens, int width, int height, int label_w, int title_w,
                      int current, int scroll);

#endif
