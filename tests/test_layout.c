/* The pane geometry is a pure function of the terminal size. */
#include <criterion/criterion.h>

#include <string.h>

#include "ui/layout.h"

static void check_sane(int cols, int rows) {
    Layout l = layout_compute(cols, rows);
    cr_assert_not(l.too_small, "%dx%d", cols, rows);
    for (int p = 0; p < PANE_COUNT; p++) {
        Rect r = l.pane[p];
        if (p == PANE_SOURCE && rows < 30 && cols < 110) {
            cr_expect(r.h == 0 && r.w == 0, "a source pane at %dx%d", cols, rows);
            continue;
        }
        cr_expect(r.h > 0 && r.w > 0, "pane %d empty at %dx%d", p, cols, rows);
        cr_expect(r.y >= 0 && r.x >= 0 && r.y + r.h <= rows && r.x + r.w <= cols, "pane %d outside %dx%d", p,
                  cols, rows);
        cr_expect(p == PANE_STATUS || r.h >= 3, "pane %d too short at %dx%d", p, cols, rows);
        for (int q = p + 1; q < PANE_COUNT; q++) {
            Rect o = l.pane[q];
            if (o.h == 0)
                continue;
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
    /* the narrative gets four lines, the matrices ten, the explanation three */
    cr_expect_eq(l.pane[PANE_TEXT].h, 6);
    cr_expect_eq(l.pane[PANE_MATRICES].h, 12);
    cr_expect_eq(l.pane[PANE_EXPLAIN].h, 5);
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

/* ---- the status line: whole parts dropped by priority ------------------ */
#include "ui/status.h"
#include "util/utf8.h"

static const StatusPart parts_en[] = {
    {"step 7 of 15", 1, false}, {"scores", 2, false}, {"head 1 of 2", 3, false},
    {"n/p step", 3, true},      {"←↑↓→ cell", 5, true}, {"Tab pane", 6, true},
    {"H head", 7, true},        {"+/− digits", 10, true}, {"c heat", 11, true},
    {"? help", 0, true},        {"q quit", 0, true},
};
static const StatusPart parts_zh[] = {
    {"第 7 步，共 15 步", 1, false}, {"分数", 2, false}, {"头 1 / 2", 3, false},
    {"n/p 步进", 3, true},          {"←↑↓→ 格子", 5, true}, {"H 头", 7, true},
    {"+/− 位数", 10, true},         {"c 热图", 11, true},  {"? 帮助", 0, true}, {"q 退出", 0, true},
};

Test(status, help_and_quit_fit_from_40_columns_up) {
    char line[512];
    for (int w = 40; w <= 200; w++) {
        int used = status_fit(parts_en, 11, w, line, sizeof line);
        cr_assert_leq(used, w, "%d: %s", w, line);
        cr_assert(strstr(line, "? help") && strstr(line, "q quit"), "%d: %s", w, line);
        used = status_fit(parts_zh, 10, w, line, sizeof line);
        cr_assert_leq(used, w, "%d: %s", w, line);
        cr_assert(strstr(line, "? 帮助") && strstr(line, "q 退出"), "%d: %s", w, line);
    }
}

Test(status, drops_whole_parts_by_priority) {
    char line[512];
    status_fit(parts_en, 11, 200, line, sizeof line);
    cr_expect_str_eq(line, " step 7 of 15 · scores · head 1 of 2 │ n/p step  ←↑↓→ cell  Tab pane  H head  "
                           "+/− digits  c heat  ? help  q quit");
    /* 74 columns: the heatmap, digits, head and pane keys go first */
    status_fit(parts_en, 11, 74, line, sizeof line);
    cr_expect_str_eq(line, " step 7 of 15 · scores · head 1 of 2 │ n/p step  ←↑↓→ cell  ? help  q quit");
    /* 60: then the later of two equal priorities */
    status_fit(parts_en, 11, 60, line, sizeof line);
    cr_expect_str_eq(line, " step 7 of 15 · scores · head 1 of 2 │ ? help  q quit");
    status_fit(parts_en, 11, 40, line, sizeof line);
    cr_expect_str_eq(line, " step 7 of 15 · scores │ ? help  q quit");
    /* Chinese: every part is whole (never 'e 编') */
    status_fit(parts_zh, 10, 40, line, sizeof line);
    cr_expect_str_eq(line, " 第 7 步，共 15 步 · 分数 │ ? 帮助  q 退出");
}
