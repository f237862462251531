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

/* ---- rows moved to where the content needs them ------------------------ */

/* the same panes (compared field by field: the struct has padding) */
static bool same_layout(const Layout *a, const Layout *b) {
    if (a->too_small != b->too_small || a->wide != b->wide)
        return false;
    for (int p = 0; p < PANE_COUNT; p++) {
        Rect r = a->pane[p], o = b->pane[p];
        if (r.y != o.y || r.x != o.x || r.h != o.h || r.w != o.w)
            return false;
    }
    return true;
}

static void expect_rect(Rect r, int y, int x, int h, int w, const char *what) {
    cr_expect(r.y == y && r.x == x && r.h == h && r.w == w, "%s: (y %d, x %d, h %d, w %d), want (%d, %d, %d, %d)",
              what, r.y, r.x, r.h, r.w, y, x, h, w);
}

/* At 80x24 the fixed shares are: text rows 0-5 (h 6), matrices 6-17 (h
 * 12), explanation 18-22 (h 5), status 23. */
Test(layout, a_long_narrative_takes_the_rows_the_matrices_leave) {
    /* the tour's embeddings step: formula + 4 narrative lines (+ a blank
     * line between them) + 2 borders; E and X side by side: 3 rows, a
     * header and the column labels + 2 borders; 2 lines of explanation */
    LayoutNeeds n = {.text = 7, .text_spaced = 8, .matrices = 7, .explain = 4};
    Layout l = layout_fit(80, 24, &n);
    /* text 6 -> 7 (whole) -> 8 (with its blank line): 2 of the matrices'
     * 12 - 7 = 5 spare rows; the explanation needs no more than its 5 */
    expect_rect(l.pane[PANE_TEXT], 0, 0, 8, 80, "text");
    expect_rect(l.pane[PANE_MATRICES], 8, 0, 10, 80, "matrices");
    expect_rect(l.pane[PANE_EXPLAIN], 18, 0, 5, 80, "explain");
    expect_rect(l.pane[PANE_STATUS], 23, 0, 1, 80, "status");
}

Test(layout, large_matrices_take_the_rows_a_short_narrative_leaves) {
    /* a formula and one line (4 rows); two shelves of 4 and 3 rows with
     * their headers and labels, a blank line between: 6 + 1 + 5 + 2 = 14 */
    LayoutNeeds n = {.text = 4, .text_spaced = 5, .matrices = 14, .explain = 6};
    Layout l = layout_fit(80, 24, &n);
    /* the matrices take the text's 6 - 4 = 2 spare rows; nothing is left
     * for the explanation's sixth row or the text's blank line */
    expect_rect(l.pane[PANE_TEXT], 0, 0, 4, 80, "text");
    expect_rect(l.pane[PANE_MATRICES], 4, 0, 14, 80, "matrices");
    expect_rect(l.pane[PANE_EXPLAIN], 18, 0, 5, 80, "explain");
}

Test(layout, when_both_need_more_than_there_is_the_fixed_shares_stay) {
    LayoutNeeds n = {.text = 8, .text_spaced = 9, .matrices = 19, .explain = 4};
    Layout l = layout_fit(80, 24, &n), fixed = layout_compute(80, 24);
    cr_expect(same_layout(&l, &fixed));
    /* unknown needs (0) neither give nor take */
    LayoutNeeds unknown = {0};
    l = layout_fit(80, 24, &unknown);
    cr_expect(same_layout(&l, &fixed));
    l = layout_fit(80, 24, NULL);
    cr_expect(same_layout(&l, &fixed));
}

Test(layout, the_explanation_takes_what_the_others_leave) {
    /* 12 rows of explanation: 5 spare from the matrices (12 - 7), then 2
     * from the text (6 - 4) */
    LayoutNeeds n = {.text = 4, .text_spaced = 4, .matrices = 7, .explain = 12};
    Layout l = layout_fit(80, 24, &n);
    expect_rect(l.pane[PANE_TEXT], 0, 0, 4, 80, "text");
    expect_rect(l.pane[PANE_MATRICES], 4, 0, 7, 80, "matrices");
    expect_rect(l.pane[PANE_EXPLAIN], 11, 0, 12, 80, "explain");
}

Test(layout, no_pane_shrinks_below_three_rows) {
    /* no text at all (2: the borders) and matrices that use any row (the
     * token view): the text keeps one line */
    LayoutNeeds n = {.text = 2, .text_spaced = 2, .matrices = 1 << 20, .explain = 3};
    Layout l = layout_fit(80, 24, &n);
    expect_rect(l.pane[PANE_TEXT], 0, 0, 3, 80, "text");
    expect_rect(l.pane[PANE_MATRICES], 3, 0, 15, 80, "matrices");
    /* and the other way: no matrix (3 rows) and a very long narrative */
    n = (LayoutNeeds){.text = 1 << 20, .text_spaced = 1 << 20, .matrices = 3, .explain = 3};
    l = layout_fit(80, 24, &n);
    expect_rect(l.pane[PANE_TEXT], 0, 0, 15, 80, "text");
    expect_rect(l.pane[PANE_MATRICES], 15, 0, 3, 80, "matrices");
}

Test(layout, at_100x30_below_the_source_pane) {
    /* fixed: source 0-2, text 3-10 (h 8), matrices 11-21 (h 11),
     * explanation 22-28 (h 7); a 10-line narrative (12 rows) and 7 rows of
     * matrices: the text takes 4 of the matrices' 11 - 7 */
    LayoutNeeds n = {.text = 12, .text_spaced = 13, .matrices = 7, .explain = 4};
    Layout l = layout_fit(100, 30, &n);
    expect_rect(l.pane[PANE_SOURCE], 0, 0, 3, 100, "source");
    expect_rect(l.pane[PANE_TEXT], 3, 0, 12, 100, "text");
    expect_rect(l.pane[PANE_MATRICES], 15, 0, 7, 100, "matrices");
    expect_rect(l.pane[PANE_EXPLAIN], 22, 0, 7, 100, "explain");
}

Test(layout, side_by_side_the_explanation_grows_into_rows_both_columns_leave) {
    /* 160x48 fixed: explanation 9 rows at 38; left column 64 wide, source
     * 0-11 (38 / 3 = 12), text 12-37 (h 26); matrices (0, 64) 38 x 96 */
    Layout fixed = layout_compute(160, 48);
    expect_rect(fixed.pane[PANE_TEXT], 12, 0, 26, 64, "text");
    expect_rect(fixed.pane[PANE_MATRICES], 0, 64, 38, 96, "matrices");
    LayoutNeeds n = {.text = 10, .text_spaced = 11, .matrices = 20, .explain = 12};
    Layout l = layout_fit(160, 48, &n);
    /* 3 more rows of explanation, taken from both columns */
    expect_rect(l.pane[PANE_SOURCE], 0, 0, 12, 64, "source");
    expect_rect(l.pane[PANE_TEXT], 12, 0, 23, 64, "text");
    expect_rect(l.pane[PANE_MATRICES], 0, 64, 35, 96, "matrices");
    expect_rect(l.pane[PANE_EXPLAIN], 35, 0, 12, 160, "explain");
    /* matrices that fill their column: the explanation keeps its 9 */
    n.matrices = 1 << 20;
    l = layout_fit(160, 48, &n);
    cr_expect(same_layout(&l, &fixed));
}

/* Any needs, any size: the panes stay sane, keep their widths and fill the
 * same rows, and no pane ends up below what it needs and had. */
Test(layout, every_size_with_any_needs) {
    const int needs[] = {0, 2, 3, 5, 7, 9, 14, 25, 1 << 20};
    const int nn = (int)(sizeof needs / sizeof needs[0]);
    for (int cols = LAYOUT_MIN_COLS; cols <= 200; cols += 23)
        for (int rows = LAYOUT_MIN_ROWS; rows <= 60; rows += 5)
            for (int a = 0; a < nn; a++)
                for (int b = 0; b < nn; b++)
                    for (int c = 0; c < nn; c += 2) {
                        LayoutNeeds n = {needs[a], needs[a] + (a % 2), needs[b], needs[c]};
                        Layout l = layout_fit(cols, rows, &n), f = layout_compute(cols, rows);
                        int sum = 0, fixed_sum = 0;
                        for (int p = 0; p < PANE_COUNT; p++) {
                            Rect r = l.pane[p];
                            cr_assert(r.x == f.pane[p].x && r.w == f.pane[p].w, "%dx%d pane %d", cols, rows, p);
                            cr_assert(r.y >= 0 && r.y + r.h <= rows, "%dx%d pane %d outside", cols, rows, p);
                            cr_assert(p == PANE_STATUS || r.h == 0 || r.h >= 3, "%dx%d pane %d", cols, rows, p);
                            sum += r.h, fixed_sum += f.pane[p].h;
                        }
                        cr_assert(l.wide || sum == fixed_sum, "%dx%d: %d rows, not %d", cols, rows, sum, fixed_sum);
                        /* stacked, in order, without gaps or overlaps */
                        if (!l.wide) {
                            const Pane order[] = {PANE_SOURCE, PANE_TEXT, PANE_MATRICES, PANE_EXPLAIN, PANE_STATUS};
                            int y = 0;
                            for (int k = 0; k < 5; k++) {
                                cr_assert(l.pane[order[k]].y == y || l.pane[order[k]].h == 0, "%dx%d", cols, rows);
                                y += l.pane[order[k]].h;
                            }
                        }
                        const Pane content[] = {PANE_TEXT, PANE_MATRICES, PANE_EXPLAIN};
                        const int need[] = {n.text, n.matrices, n.explain};
                        for (int k = 0; k < 3; k++) {
                            int had = f.pane[content[k]].h, keep = need[k] < had ? need[k] : had;
                            cr_assert(need[k] == 0 || l.pane[content[k]].h >= keep, "%dx%d pane %d: %d < %d",
                                      cols, rows, content[k], l.pane[content[k]].h, keep);
                        }
                    }
}

/* ---- the status line: whole parts dropped by priority ------------------ */
#include "ui/status.h"
#include "util/utf8.h"

static const StatusPart parts_en[] = {
    {"step 7 of 15", 1, false}, {"scores", 2, false}, {"head h0 of 2", 3, false},
    {"n/p step", 3, true},      {"←↑↓→ cell", 5, true}, {"Tab pane", 6, true},
    {"H head", 7, true},        {"+/− digits", 10, true}, {"c heat", 11, true},
    {"? help", 0, true},        {"q quit", 0, true},
};
static const StatusPart parts_zh[] = {
    {"第 7 步，共 15 步", 1, false}, {"分数", 2, false}, {"头 h0，共 2 个", 3, false},
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
    cr_expect_str_eq(line, " step 7 of 15 · scores · head h0 of 2 │ n/p step  ←↑↓→ cell  Tab pane  H head  "
                           "+/− digits  c heat  ? help  q quit");
    /* 75 columns: the heatmap, digits, head and pane keys go first */
    status_fit(parts_en, 11, 75, line, sizeof line);
    cr_expect_str_eq(line, " step 7 of 15 · scores · head h0 of 2 │ n/p step  ←↑↓→ cell  ? help  q quit");
    /* 60: then the later of two equal priorities */
    status_fit(parts_en, 11, 60, line, sizeof line);
    cr_expect_str_eq(line, " step 7 of 15 · scores · head h0 of 2 │ ? help  q quit");
    status_fit(parts_en, 11, 40, line, sizeof line);
    cr_expect_str_eq(line, " step 7 of 15 · scores │ ? help  q quit");
    /* Chinese: every part is whole (never 'e 编') */
    status_fit(parts_zh, 10, 40, line, sizeof line);
    cr_expect_str_eq(line, " 第 7 步，共 15 步 · 分数 │ ? 帮助  q 退出");
}

/* a scrolled list: what is shown and what the marks say, worked out by
 * hand for 10 lines in 4 rows */
Test(layout, a_scrolled_list_says_what_is_above_and_below) {
    ScrollFit f = layout_scroll(10, 4, 0);
    cr_expect(f.first == 0 && f.shown == 3 && f.above == 0 && f.below == 7, "top: %d %d %d %d", f.first, f.shown,
              f.above, f.below);
    f = layout_scroll(10, 4, 6); /* ▲ 6, lines 6 and 7, ▼ 2 */
    cr_expect(f.first == 6 && f.shown == 2 && f.above == 6 && f.below == 2, "middle: %d %d %d %d", f.first,
              f.shown, f.above, f.below);
    f = layout_scroll(10, 4, 99); /* the end: ▲ 7, lines 7 to 9 */
    cr_expect(f.first == 7 && f.shown == 3 && f.above == 7 && f.below == 0, "end: %d %d %d %d", f.first, f.shown,
              f.above, f.below);
    f = layout_scroll(4, 4, 3); /* it fits: all of it, no marks */
    cr_expect(f.first == 0 && f.shown == 4 && f.above == 0 && f.below == 0);
    /* every list in every height: the lines and the marks account for
     * every line, and fit the rows */
    for (int total = 1; total < 40; total++)
        for (int rows = 1; rows < 20; rows++)
            for (int scroll = -2; scroll < 45; scroll++) {
                f = layout_scroll(total, rows, scroll);
                cr_assert_eq(f.above + f.shown + f.below, total, "%d lines, %d rows, scroll %d", total, rows, scroll);
                cr_assert_eq(f.above, f.first);
                cr_assert_leq(f.shown + (f.above > 0) + (f.below > 0), rows, "%d lines, %d rows, scroll %d", total,
                              rows, scroll);
                cr_assert(f.shown >= 1 || rows < 2, "%d lines, %d rows, scroll %d: nothing shown", total, rows,
                          scroll);
            }
}

/* the heads view: 4 heads of 242 tokens in the 76 x 10 area of an 80 x 24
 * matrix pane; row labels 5 wide, titles 8 ("head h3" after a space) */
Test(layout, the_heads_view_shows_the_page_with_the_current_head) {
    /* the titles, the note, the legend: 7 token rows; a head's place is
     * 2*7-1 = 13 columns and one between: (76 - 5) / 14 = 5 per line */
    HeadsFit f = layout_heads(4, 242, 16, 76, 10, 5, 8, 3, 0);
    cr_expect(f.head0 == 0 && f.nheads == 4 && f.tok0 == 0 && f.ntok == 7 && f.note, "%d %d %d %d %d", f.head0,
              f.nheads, f.tok0, f.ntok, f.note);
    /* 12 heads of 16 tokens at 40 columns: (40 - 5) / 32 = 1 a page (the
     * first 16 tokens need 31 columns); head 9 is on page 9 */
    f = layout_heads(12, 16, 16, 40, 30, 5, 8, 9, 0);
    cr_expect(f.head0 == 9 && f.nheads == 1 && f.ntok == 16 && f.note, "%d %d %d %d", f.head0, f.nheads, f.ntok,
              f.note);
    /* 12 heads of 3 tokens at 76: a place is 8 + 1, (76 - 4) / 9 = 8 a page;
     * head 10 is on the second page, heads 8 to 11 */
    f = layout_heads(12, 3, 16, 76, 10, 4, 8, 10, 0);
    cr_expect(f.head0 == 8 && f.nheads == 4 && f.ntok == 3 && f.note, "%d %d %d %d", f.head0, f.nheads, f.ntok,
              f.note);
    /* everything fits: no note */
    f = layout_heads(2, 3, 16, 76, 10, 4, 8, 1, 0);
    cr_expect(f.head0 == 0 && f.nheads == 2 && f.ntok == 3 && !f.note);
    /* scrolled past the end: the last 7 tokens */
    f = layout_heads(4, 242, 16, 76, 10, 5, 8, 0, 500);
    cr_expect(f.tok0 == 235 && f.ntok == 7, "%d %d", f.tok0, f.ntok);
    /* any size: the current head is on the page, the page fits */
    for (int heads = 1; heads <= 16; heads++)
        for (int width = 20; width <= 200; width += 7)
            for (int height = 3; height <= 40; height += 3)
                for (int cur = 0; cur < heads; cur++) {
                    f = layout_heads(heads, 50, 16, width, height, 6, 8, cur, 0);
                    cr_assert(f.head0 <= cur && cur < f.head0 + f.nheads, "head %d not on the page", cur);
                    cr_assert(f.note || (f.nheads == heads && f.ntok == 50));
                    cr_assert_leq(1 + f.ntok + f.note, height > 3 ? height - 1 : height);
                }
}
