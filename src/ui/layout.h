/* layout.h - where each pane goes, as a pure function of the terminal
 * size, so it can be tested without a terminal (tests/test_layout.c).
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

/* layout_compute: the panes for a cols x rows terminal. Panes never
 * overlap and stay inside the screen; each shown pane is at least 3 rows
 * (border plus one line), except the source pane, which is empty (h and
 * w 0) on terminals of fewer than 30 rows. */
Layout layout_compute(int cols, int rows);

#endif
