/* The pane geometry is a pure function of the terminal size. */
#include <criterion/criterion.h>

#include "ui/layout.h"

static void check_sane(int cols, int rows) {
    Layout l = layout_compute(cols, rows);
    cr_assert_not(l.too_small, "%dx%d", cols, rows);
    for (int p = 0; p < PANE_COUNT; p++) {
        Rect r = l.pane[p];
        cr_expect(r.h > 0 && r.w > 0, "pane %d empty at %dx%d", p, cols, rows);
        cr_expect(r.y >= 0 && r.x >= 0 && r.y + r.h <= rows && r.x + r.w <= cols, "pane %d outside %dx%d", p,
                  cols, rows);
        cr_expect(p == PANE_STATUS || r.h >= 3, "pane %d too short at %dx%d", p, cols, rows);
        for (int q = p + 1; q < PANE_COUNT; q++) {
            Rect o = l.pane[q];
            bool apart = r.x + r.w <= o.x || o.x + o.w <= r.x || r.y + r.h <= o.y || o.y + o.h <= r.y;
            cr_expect(apart, "panes %d and %d overlap at %dx%d", p, q, cols, rows);
        }
    }
}

Test(layout, classic_80x24) {
    check_sane(80, 24);
    Layout l = layout_compute(80, 24);
    cr_expect_not(l.wide);
    cr_expect_eq(l.pane[PANE_STATUS].y, 23);
    cr_expect_eq(l.pane[PANE_MATRICES].w, 80);
}

Test(layout, wide_200x60) {
    check_sane(200, 60);
    Layout l = layout_compute(200, 60);
    cr_expect(l.wide);
    cr_expect_gt(l.pane[PANE_MATRICES].w, 100);
    cr_expect_eq(l.pane[PANE_MATRICES].x, l.pane[PANE_SOURCE].w);
}

Test(layout, every_size_from_the_minimum_up) {
    for (int cols = LAYOUT_MIN_COLS; cols <= 220; cols += 7)
        for (int rows = LAYOUT_MIN_ROWS; rows <= 70; rows += 3)
            check_sane(cols, rows);
}

Test(layout, tiny_terminals_are_too_small) {
    cr_expect(layout_compute(40, 12).too_small);
    cr_expect(layout_compute(LAYOUT_MIN_COLS - 1, 40).too_small);
    cr_expect(layout_compute(200, LAYOUT_MIN_ROWS - 1).too_small);
    cr_expect(layout_compute(0, 0).too_small);
}
