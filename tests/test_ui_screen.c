/* test_ui_screen.c - the UI drawn into an off-screen terminal (no tty,
 * no tmux), read back cell by cell: over every step of every built-in
 * lesson (English and Chinese) and a 4-head GPT-2 checkpoint on 242
 * tokens, at 60x18, 80x24, 100x30 and 160x48, in each view, nothing is cut
 * without a sign: a title, the statement on the border or in the source
 * pane, the help's rows, the heads and tokens of the heads view, the
 * lines of the token view. Each check reads what the screen shows and
 * compares it with what there is to show (from the records), not with
 * what the drawing code says it drew. The key table's part is here too:
 * the status line offers only keys that act, q closes the help, n at the
 * last step says so, and the step count counts what a press moves. */
#include <criterion/criterion.h>
#include <curses.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "lang/loader.h"
#include "output/attn_views.h"
#include "output/trace.h"
#include "support.h"
#include "support_gpt2.h"
#include "ui/colors.h"
#include "ui/draw.h"
#include "ui/keys.h"

#define MAX_ROWS 64
#define LINE_BYTES 1024

typedef struct Screen {
    SCREEN *scr;
    FILE *out, *in;
    int cols, rows;
    char line[MAX_ROWS][LINE_BYTES]; /* what each row shows, as UTF-8 */
    wchar_t cell[MAX_ROWS][256];     /* each cell (0 after a wide character) */
} Screen;

static Screen *screen_open(void) {
    setlocale(LC_ALL, "C.UTF-8");
    Screen *sc = calloc(1, sizeof *sc);
    cr_assert_not_null(sc);
    sc->out = fopen("/dev/null", "w");
    sc->in = fopen("/dev/null", "r");
    setenv("COLUMNS", "80", 1);
    setenv("LINES", "24", 1);
    sc->scr = newterm("xterm-256color", sc->out, sc->in);
    cr_assert_not_null(sc->scr, "no off-screen terminal (xterm-256color)");
    set_term(sc->scr);
    colors_init(true);
    return sc;
}

static void screen_close(Screen *sc) {
    endwin();
    delscreen(sc->scr);
    fclose(sc->out);
    fclose(sc->in);
    free(sc);
}

/* draw the state at cols x rows and read every row back */
static void screen_draw(Screen *sc, const UiState *s, int cols, int rows) {
    if (cols != sc->cols || rows != sc->rows)
        resizeterm(rows, cols);
    sc->cols = cols, sc->rows = rows;
    draw_all(s, cols, rows);
    for (int y = 0; y < rows && y < MAX_ROWS; y++) {
        wchar_t w[512];
        int n = mvwinnwstr(stdscr, y, 0, w, cols < 511 ? cols : 511);
        w[n > 0 ? n : 0] = L'\0';
        for (int x = 0; x < cols && x < 256; x++) {
            cchar_t cc;
            wchar_t wch[CCHARW_MAX + 1] = {0};
            attr_t attrs;
            short pair;
            mvwin_wch(stdscr, y, x, &cc);
            getcchar(&cc, wch, &attrs, &pair, NULL);
            sc->cell[y][x] = x > 0 && sc->cell[y][x - 1] && wcwidth(sc->cell[y][x - 1]) == 2 ? 0 : wch[0];
        }
        size_t len = wcstombs(sc->line[y], w, LINE_BYTES - 1);
        if (len == (size_t)-1)
            sc->line[y][0] = '\0';
        else
            sc->line[y][len] = '\0';
    }
}

/* the first row at or after `from` holding text, or -1 */
static int row_with(const Screen *sc, const char *text, int from) {
    for (int y = from < 0 ? 0 : from; y < sc->rows; y++)
        if (strstr(sc->line[y], text))
            return y;
    return -1;
}

/* text is on the screen whole, or its row shows the start of it and "…" */
static bool whole_or_marked(const Screen *sc, const char *text, int from, int to) {
    char start[64];
    /* the first few characters, whole (never half a UTF-8 character) */
    size_t n = 0;
    for (int chars = 0; text[n] && chars < 3; chars++)
        do
            n++;
        while (((unsigned char)text[n] & 0xC0) == 0x80);
    snprintf(start, sizeof start, "%.*s", (int)n, text);
    for (int y = from; y < to && y < sc->rows; y++) {
        if (strstr(sc->line[y], text))
            return true;
        if (strstr(sc->line[y], start) && strstr(sc->line[y], "…"))
            return true;
    }
    return false;
}

static const char *where;      /* the lesson, step and size, for messages */
static char where_buf[256];

/* the step's title (the text pane's border) and its statement (the
 * lower border, or the source pane's marked line) */
static void check_title_and_statement(const Screen *sc, const UiState *s) {
    const Record *rec = ui_record(s);
    const Group *g = &s->ll->lesson.groups[rec->group];
    char step[96], line[1024], title[1200];
    draw_step_of(s, step, sizeof step);
    trace_record_source(&s->ll->src, rec, line, sizeof line);
    snprintf(title, sizeof title, "%s%s%s", step, ui_word(s, MSG_UI_TITLE_SEP), g->title ? g->title : line);
    int top = row_with(sc, step, 0);
    cr_assert_geq(top, 0, "%s: no \"%s\"", where, step);
    cr_expect(whole_or_marked(sc, title, top, top + 1), "%s: the title \"%s\" is cut without a sign:\n%s", where,
              title, sc->line[top]);
    if (!line[0])
        return;
    char mark[32];
    /* the source pane marks the line with ">"; the border names it "> N" */
    snprintf(mark, sizeof mark, s->no_source_pane ? "> %d  " : ">%4d  ", rec->pos.line);
    int y = row_with(sc, mark, 0);
    cr_assert_geq(y, 0, "%s: the statement's line %d is not shown", where, rec->pos.line);
    cr_expect(strstr(sc->line[y], line) || strstr(sc->line[y], "…"),
              "%s: the statement \"%s\" is cut without a sign:\n%s", where, line, sc->line[y]);
}

/* a box on the screen: its inner rows y0 .. y1 - 1, columns x0 .. x1 - 1 */
typedef struct Box {
    int y0, y1, x0, x1;
} Box;

/* the screen column where `text` starts in row y, or -1 */
static int column_of(const Screen *sc, int y, const char *text) {
    const char *at = strstr(sc->line[y], text);
    if (!at)
        return -1;
    char prefix[LINE_BYTES];
    snprintf(prefix, sizeof prefix, "%.*s", (int)(at - sc->line[y]), sc->line[y]);
    wchar_t w[LINE_BYTES];
    size_t n = mbstowcs(w, prefix, LINE_BYTES - 1);
    return n == (size_t)-1 ? -1 : wcswidth(w, n);
}

/* the text of row y between columns x0 and x1 */
static void region(const Screen *sc, int y, int x0, int x1, char *out, size_t size) {
    wchar_t w[256];
    int n = 0;
    for (int x = x0; x < x1 && x < 256; x++)
        if (sc->cell[y][x])
            w[n++] = sc->cell[y][x];
    w[n] = L'\0';
    size_t len = wcstombs(out, w, size - 1);
    out[len == (size_t)-1 ? 0 : len] = '\0';
}

/* the box titled `title`: its corner is 3 columns left of the title,
 * its lower left corner below that */
static Box view_box(const Screen *sc, const char *title) {
    Box b = {0};
    int y = row_with(sc, title, 0);
    cr_assert_geq(y, 0, "%s: no \"%s\" box", where, title);
    int x = column_of(sc, y, title) - 3;
    cr_assert_geq(x, 0, "%s: the \"%s\" box", where, title);
    b.y0 = y + 1, b.x0 = x + 1;
    b.y1 = b.y0;
    while (b.y1 < sc->rows && sc->cell[b.y1][x] != L'└')
        b.y1++;
    b.x1 = b.x0;
    while (b.x1 < sc->cols && sc->cell[y][b.x1] != L'┐')
        b.x1++;
    return b;
}

/* the row of box b whose text holds `text`, or -1 */
static int box_row_with(const Screen *sc, Box b, const char *text) {
    char buf[LINE_BYTES];
    for (int y = b.y0; y < b.y1; y++) {
        region(sc, y, b.x0, b.x1, buf, sizeof buf);
        if (strstr(buf, text))
            return y;
    }
    return -1;
}

/* the token view: when its lines do not fit, the screen says so */
static void check_tokens_view(const Screen *sc, const UiState *s) {
    HeadWeights w;
    if (!views_weights(&s->ll->lesson, s->cur.record, &w))
        return;
    Box b = view_box(sc, ui_word(s, MSG_UI_V_TOKENS));
    int n = w.a[0]->rows, lines = n * (n + 1) - 1, rows = b.y1 - b.y0;
    if (lines > rows)
        cr_expect_geq(box_row_with(sc, b, "▼"), 0, "%s: %d lines of the token view in %d rows, no ▼", where, lines,
                      rows);
    if (s->view_scroll > 0)
        cr_expect_geq(box_row_with(sc, b, "▲"), 0, "%s: the token view scrolled, no ▲", where);
}

/* the heads view: every head is on the screen or a note names those
 * that are not; the current head is always there; tokens likewise */
static void check_heads_view(const Screen *sc, const UiState *s) {
    HeadWeights w;
    if (!views_weights(&s->ll->lesson, s->cur.record, &w))
        return;
    Box b = view_box(sc, ui_word(s, MSG_UI_V_HEADS));
    MsgLang lang = msg_lang_of(w.zh);
    char note_tokens[64], of_heads[32]; /* the notes' words: "tokens ", "of 4 heads" */
    snprintf(note_tokens, sizeof note_tokens, "%s", msg_text(lang, MSG_UI_TOKENS_SHOWN));
    note_tokens[strcspn(note_tokens, "%")] = '\0';
    snprintf(of_heads, sizeof of_heads, w.zh ? "%d 个头中" : "of %d heads", w.heads);
    bool tokens_noted = box_row_with(sc, b, note_tokens) >= 0, heads_noted = box_row_with(sc, b, of_heads) >= 0;
    int current = s->head >= 0 && s->head < w.heads ? s->head : 0;
    char buf[LINE_BYTES];
    for (int h = 0; h < w.heads; h++) {
        char title[32];
        msg_format(title, sizeof title, lang, MSG_VIEW_HEAD, h);
        bool shown = false;
        for (int y = b.y0; y < b.y1 && !shown; y++) {
            region(sc, y, b.x0, b.x1, buf, sizeof buf);
            const char *at = strstr(buf, title); /* " head h1", not " head h10" */
            shown = at && (at[strlen(title)] == ' ' || at[strlen(title)] == '\0');
        }
        cr_expect(shown || (heads_noted && h != current), "%s: head h%d of %d (current h%d) not shown%s", where, h,
                  w.heads, current, heads_noted ? "" : " and nothing says so");
    }
    /* the token rows: rows of shades, less the legend */
    int n = w.a[0]->rows, grid_rows = 0;
    for (int y = b.y0 + 1; y < b.y1; y++) {
        region(sc, y, b.x0, b.x1, buf, sizeof buf);
        if ((strstr(buf, "·") || strstr(buf, "░") || strstr(buf, "█") || strstr(buf, "▒") || strstr(buf, "▓")) &&
            !strstr(buf, "0.05"))
            grid_rows++;
    }
    cr_expect(grid_rows == n || tokens_noted, "%s: %d of %d tokens shown and nothing says so", where, grid_rows, n);
}

/* the help: every row of the key table is there, or a mark says rows
 * are above or below; a row cut at the side ends in "…" */
static void check_help(const Screen *sc, const UiState *s) {
    int n;
    const KeyBinding *t = keys_table(&n);
    int top = row_with(sc, ui_word(s, MSG_UI_HELP_TITLE), 0);
    cr_assert_geq(top, 0, "%s: no help", where);
    bool marked = row_with(sc, "▼", top) >= 0 || row_with(sc, "▲", top) >= 0;
    for (int k = 0; k < n; k++) {
        if (t[k].help == MSG_NONE)
            continue;
        const char *help = ui_word(s, t[k].help);
        cr_expect(whole_or_marked(sc, help, top, sc->rows) || marked, "%s: the help's row \"%s\" is not shown", where,
                  help);
    }
}

static const int sizes[][2] = {{60, 18}, {80, 24}, {100, 30}, {160, 48}};

/* every step of the lesson in every view at every size, then the help */
static void sweep(Screen *sc, LoadedLesson *ll, const char *name) {
    UiState s;
    ui_state_init(&s, ll, false);
    for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
        int cols = sizes[z][0], rows = sizes[z][1];
        s.no_source_pane = rows < 30 && cols < 110;
        for (int r = 0; r < ll->lesson.nrecords; r++) {
            ui_go(&s, r);
            for (int v = 0; v < UI_VIEW_COUNT; v++) {
                s.view = (UiView)v;
                s.view_scroll = 0;
                snprintf(where_buf, sizeof where_buf, "%s record %d view %d at %dx%d", name, r, v, cols, rows);
                where = where_buf;
                screen_draw(sc, &s, cols, rows);
                check_title_and_statement(sc, &s);
                if (v == UI_VIEW_TOKENS)
                    check_tokens_view(sc, &s);
                if (v == UI_VIEW_HEADS) {
                    HeadWeights w;
                    int heads = views_weights(&ll->lesson, r, &w) ? w.heads : 1;
                    for (int h = 0; h < heads; h++) {
                        s.head = h;
                        screen_draw(sc, &s, cols, rows);
                        check_heads_view(sc, &s);
                    }
                    s.head = 0;
                }
            }
            s.view = UI_VIEW_MATRICES;
        }
        ui_go(&s, 0);
        s.help = true;
        snprintf(where_buf, sizeof where_buf, "%s help at %dx%d", name, cols, rows);
        screen_draw(sc, &s, cols, rows);
        check_help(sc, &s);
        s.help = false;
    }
    ui_state_free(&s);
}

static void init(void) { engine_init("scalar", NULL); }

TestSuite(ui_screen, .init = init, .timeout = 300);

Test(ui_screen, no_built_in_lesson_is_cut_without_a_sign) {
    Screen *sc = screen_open();
    int n;
    BuiltinLesson *list = lesson_builtins(&n);
    cr_assert_gt(n, 0);
    int zh = 0;
    for (int k = 0; k < n; k++) {
        LoadedLesson ll;
        Error err = {0};
        cr_assert(lesson_open(list[k].name, NULL, &ll, &err), "%s: %s", list[k].name, err.msg);
        zh += lesson_is_zh(&ll.lesson);
        sweep(sc, &ll, list[k].name);
        lesson_close(&ll);
    }
    cr_expect_gt(zh, 0, "no Chinese lesson among the built-in ones");
    free(list);
    screen_close(sc);
}

/* a 4-head, 2-layer GPT-2 checkpoint on a text of 242 tokens */
static char *tmp;

static void open_checkpoint(LoadedLesson *ll, int heads) {
    tmp = temp_dir();
    char *script = source_path("tests/make_gpt2_checkpoint.py");
    const char *py = getenv("ATTNSTEP_PYTHON");
    char cmd[4096], dir[2048];
    snprintf(cmd, sizeof cmd, "'%s' '%s' '%s/ckpt' --layers 2 --heads %d --embd 32 --positions 512 >/dev/null",
             py && *py ? py : "python3", script, tmp, heads);
    RunResult r = run_shell(cmd);
    cr_assert_eq(r.status, 0, "%s: %s", cmd, r.err);
    run_free(&r);
    free(script);
    snprintf(dir, sizeof dir, "%s/ckpt", tmp);
    const char *text = "The cat sat on the mat and the dog ran after it while the bird sang in the tree above "
                       "them all day long until the sun went down over the hills and the night came with stars "
                       "that shone on the quiet town where everyone slept and dreamed of the morning light that "
                       "would come again soon while the old clock on the wall ticked through the hours and the "
                       "cat woke";
    Error err = {0};
    cr_assert(support_open_gpt2(dir, text, 0, ll, &err), "%s", err.msg);
}

static void close_checkpoint(LoadedLesson *ll) {
    lesson_close(ll);
    remove_tree(tmp);
    free(tmp);
}

Test(ui_screen, a_checkpoint_is_not_cut_without_a_sign, .timeout = 600) {
    LoadedLesson ll;
    open_checkpoint(&ll, 4);
    HeadWeights w;
    cr_assert(views_weights(&ll.lesson, ll.lesson.nrecords - 1, &w));
    cr_assert_eq(w.heads, 4);
    cr_assert_eq(w.a[0]->rows, 242, "the text is %d tokens", w.a[0]->rows);
    Screen *sc = screen_open();
    sweep(sc, &ll, "checkpoint");
    /* the token view scrolled down: marks above and below */
    UiState s;
    ui_state_init(&s, &ll, false);
    s.no_source_pane = true;
    s.view = UI_VIEW_TOKENS;
    s.view_scroll = 300;
    where = "checkpoint, token view scrolled";
    screen_draw(sc, &s, 80, 24);
    check_tokens_view(sc, &s);
    cr_expect_geq(row_with(sc, "▲ 300 lines above", 0), 0, "no ▲ 300");
    ui_state_free(&s);
    screen_close(sc);
    close_checkpoint(&ll);
}

/* the first record of `stage`, or -1 */
static int find_stage(const Lesson *l, Stage stage) {
    for (int r = 0; r < l->nrecords; r++)
        if (l->records[r].stage == stage)
            return r;
    return -1;
}

static void status_of(const UiState *s, int width, char *line, size_t size) { draw_status_line(s, width, line, size); }

/* the status line offers a key only where it acts: `e edit` on a cell
 * that can be edited, `v view` where there are attention weights, and
 * `H head` on a step with heads, at 80 and at 100 columns too */
static void status_keys(const char *lesson, const char *edit, const char *view, const char *head) {
    LoadedLesson ll;
    Error err = {0};
    cr_assert(lesson_open(lesson, NULL, &ll, &err), "%s", err.msg);
    UiState s;
    ui_state_init(&s, &ll, false);
    char line[1024], name[MLIST_NAME_MAX];
    /* the first cell given by value (E, a weight), then a computed one */
    int editable = -1, focus = -1;
    for (int r = 0; r < ll.lesson.nrecords && editable < 0; r++) {
        ui_go(&s, r);
        ViewMatrix v[UI_MAX_VIEW];
        int n = ui_view(&s, v);
        for (int k = 0; k < n && editable < 0; k++) {
            s.focus = k;
            if (ui_editable(&s, name, sizeof name))
                editable = r, focus = k;
        }
    }
    cr_assert_geq(editable, 0, "%s: nothing to edit", lesson);
    ui_go(&s, editable);
    s.focus = focus;
    status_of(&s, 200, line, sizeof line);
    cr_expect_not_null(strstr(line, edit), "%s not offered on %s: %s", edit, name, line);
    ui_go(&s, find_stage(&ll.lesson, STAGE_PROJECT)); /* on Q, computed */
    cr_assert_not(ui_editable(&s, name, sizeof name));
    status_of(&s, 200, line, sizeof line);
    cr_expect_null(strstr(line, edit), "%s offered on an output: %s", edit, line);
    cr_expect_not_null(strstr(line, view), "%s not offered in a lesson with weights: %s", view, line);
    int scores = find_stage(&ll.lesson, STAGE_SCORES);
    cr_assert_geq(scores, 0);
    ui_go(&s, scores);
    cr_assert_gt(ui_heads(&s), 1);
    for (int width = 80; width <= 100; width += 20) {
        status_of(&s, width, line, sizeof line);
        cr_expect_not_null(strstr(line, head), "no %s at %d columns: %s", head, width, line);
    }
    ui_state_free(&s);
    lesson_close(&ll);
    /* a lesson without a softmax step: no `v view` anywhere in it */
    int n;
    BuiltinLesson *list = lesson_builtins(&n);
    int without = 0;
    for (int k = 0; k < n; k++) {
        cr_assert(lesson_open(list[k].name, NULL, &ll, &err));
        if (lesson_is_zh(&ll.lesson) == (strncmp(lesson, "zh/", 3) == 0) && find_stage(&ll.lesson, STAGE_SOFTMAX) < 0) {
            without++;
            ui_state_init(&s, &ll, false);
            for (int r = 0; r < ll.lesson.nrecords; r++) {
                ui_go(&s, r);
                status_of(&s, 200, line, sizeof line);
                cr_expect_null(strstr(line, view), "%s: %s offered with no weights: %s", list[k].name, view, line);
            }
            ui_state_free(&s);
        }
        lesson_close(&ll);
    }
    cr_expect_gt(without, 0, "no lesson without a softmax step to try");
    free(list);
}

Test(ui_screen, the_status_line_offers_only_keys_that_act) { status_keys("tour", "e edit", "v view", "H head"); }
Test(ui_screen, the_status_line_offers_only_keys_that_act_chinese) {
    status_keys("zh/tour", "e 编辑", "v 视图", "H 头");
}

/* q in the help closes the help; Ctrl-C still quits */
Test(ui_screen, q_closes_the_help) {
    LoadedLesson ll;
    Error err = {0};
    cr_assert(lesson_open("tour", NULL, &ll, &err));
    UiState s;
    ui_state_init(&s, &ll, false);
    ui_key(&s, '?');
    cr_assert(s.help);
    ui_key(&s, 'q');
    cr_expect_not(s.help, "q left the help open");
    cr_expect_not(s.quit, "q in the help quit the program");
    ui_key(&s, '?');
    ui_key(&s, 3); /* Ctrl-C */
    cr_expect(s.quit);
    ui_state_free(&s);
    lesson_close(&ll);
}

/* n on the last step and p on the first say so */
Test(ui_screen, n_on_the_last_step_says_it_is_the_last) {
    LoadedLesson ll;
    Error err = {0};
    cr_assert(lesson_open("zh/tour", NULL, &ll, &err));
    UiState s;
    ui_state_init(&s, &ll, false);
    ui_key(&s, 'p');
    cr_expect_str_eq(s.note, "这是第一步");
    ui_key(&s, 'G');
    ui_key(&s, 'n');
    cr_expect_str_eq(s.note, "这是最后一步");
    cr_expect_eq(s.cur.record, ll.lesson.nrecords - 1);
    ui_key(&s, 'p'); /* the note lasts until the next key */
    cr_expect_str_empty(s.note);
    ui_state_free(&s);
    lesson_close(&ll);
}

/* a step of several records: each press of n moves one, and the count
 * says which ("step 5 of 5 (2/5)"), in the title and the status line */
Test(ui_screen, the_step_count_counts_what_a_press_moves) {
    LoadedLesson ll;
    Error err = {0};
    cr_assert(lesson_open("softmax", NULL, &ll, &err));
    const Lesson *l = &ll.lesson;
    int g = -1;
    for (int k = 0; k < l->ngroups && g < 0; k++)
        if (l->groups[k].count > 1)
            g = k;
    cr_assert_geq(g, 0, "no step of several records");
    UiState s;
    ui_state_init(&s, &ll, false);
    ui_jump_step(&s, g + 1);
    char want[96], got[96], line[1024];
    for (int k = 1; k <= l->groups[g].count; k++) {
        snprintf(want, sizeof want, "step %d of %d (%d/%d)", g + 1, l->ngroups, k, l->groups[g].count);
        draw_step_of(&s, got, sizeof got);
        cr_expect_str_eq(got, want);
        status_of(&s, 200, line, sizeof line);
        cr_expect_not_null(strstr(line, want), "%s", line);
        ui_key(&s, 'n');
    }
    /* a step of one record: no part */
    for (int k = 0; k < l->ngroups; k++)
        if (l->groups[k].count == 1) {
            ui_jump_step(&s, k + 1);
            snprintf(want, sizeof want, "step %d of %d", k + 1, l->ngroups);
            draw_step_of(&s, got, sizeof got);
            cr_expect_str_eq(got, want);
            break;
        }
    ui_state_free(&s);
    lesson_close(&ll);
}
