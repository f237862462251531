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

#endif
