/* End-to-end tests of the terminal UI: the real binary in a tmux session
 * of a known size, driven with send-keys and read with capture-pane. Each
 * test has its own tmux server (-L), so they can run in parallel. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "support.h"
#include "support_tmux.h"


Test(ui, walks_every_stage_forward_and_back, .timeout = 60) {
    Tmux t = tmux_start("walk", 100, 30, "tour");
    tmux_expect_screen(&t, "Welcome");
    /* the status line names each stage of the attention statement in turn */
    const char *stages[] = {"embeddings", "projection", "head split", "scores", "scaling", "softmax",
                            "weighted sum", "concat", "output projection", "residual", "layer norm"};
    tmux_keys(&t, ": 4 Enter");
    for (int k = 0; k < 11; k++) {
        char status[64];
        snprintf(status, sizeof status, "· %s", stages[k]);
        tmux_expect_screen(&t, status);
        /* skip to the first record of the next stage */
        char cmd[32];
        snprintf(cmd, sizeof cmd, ": %d Enter", 5 + k);
        if (k < 10)
            tmux_keys(&t, cmd);
    }
    tmux_keys(&t, "G");
    tmux_expect_screen(&t, "Check it yourself");
    for (int k = 0; k < 40; k++)
        tmux_keys(&t, "p");
    tmux_expect_screen(&t, "step 1 of 16");
    tmux_expect_screen(&t, "Welcome");
    tmux_keys(&t, "q");
    tmux_expect_screen(&t, "ATTNSTEP-EXIT-0");
    tmux_stop(&t);
}

Test(ui, explains_score_softmax_and_layernorm_cells, .timeout = 60) {
    Tmux t = tmux_start("explain", 100, 30, "tour");
    tmux_expect_screen(&t, "Welcome");
    tmux_keys(&t, ": 7 Enter l");              /* scores, cell [0][1] */
    tmux_expect_screen(&t, "S_h0[0][1] = q(I)·k(love) = 1.0000×2.0000 + 0.5000×1.0000 = 2.5000");
    tmux_keys(&t, ": 9 Enter");                /* softmax */
    char *s = tmux_wait_for(&t, "A_h0[0][0] = exp(");
    cr_expect(strstr(s, "max") != NULL, "%s", s);
    free(s);
    tmux_keys(&t, ": 14 Enter");               /* layer norm */
    s = tmux_wait_for(&t, "Y[0][0] =");
    cr_expect(strstr(s, "μ") != NULL && strstr(s, "σ²") != NULL, "%s", s);
    free(s);
    tmux_keys(&t, "q");
    tmux_stop(&t);
}

Test(ui, chinese_lesson_lines_up, .timeout = 60) {
    Tmux t = tmux_start("zh", 100, 30, "tests/golden/zh_pipeline.lesson");
    tmux_expect_screen(&t, "第 1 步，共 16 步");
    tmux_keys(&t, ": 7 Enter");
    char *s = tmux_wait_for(&t, "注意力分数");
    free(s);
    s = tmux_wait_for(&t, "分数 · 头 h0，共 2 个");
    /* token labels are wide characters: each row starts with one */
    cr_expect(strstr(s, "我") && strstr(s, "爱") && strstr(s, "猫"), "%s", s);
    free(s);
    tmux_keys(&t, "q");
    tmux_stop(&t);
}

Test(ui, heatmap_toggle, .timeout = 60) {
    Tmux t = tmux_start("heat", 100, 30, "tour");
    tmux_expect_screen(&t, "Welcome");
    tmux_keys(&t, ": 9 Enter c");
    tmux_expect_screen(&t, "heat: low");
    tmux_keys(&t, "c");
    char *s = tmux_screen(&t);
    for (int k = 0; k < 100 && strstr(s, "heat: low"); k++) {
        free(s);
        usleep(50000);
        s = tmux_screen(&t);
    }
    cr_expect(strstr(s, "heat: low") == NULL, "the legend stayed:\n%s", s);
    free(s);
    tmux_keys(&t, "q");
    tmux_stop(&t);
}

Test(ui, quiz_right_and_wrong, .timeout = 60) {
    Tmux t = tmux_start("quiz", 100, 30, "quiz tour");
    /* the tour asks Q[1][0] first: E[1] = (0, 2, 0, 2), so Q[1][0] = 0 */
    tmux_keys(&t, ": 5 Enter");
    tmux_expect_screen(&t, "Q[1][0] = ?");
    tmux_keys(&t, "0 Enter");
    tmux_expect_screen(&t, "right: Q[1][0] = 0");
    /* S_h0[0][1] = 2.5; forgetting nothing but typing 1.77 (the scaled
     * value) is wrong */
    tmux_keys(&t, ": 7 Enter");
    tmux_expect_screen(&t, "S_h0[0][1] = ?");
    tmux_keys(&t, "1 . 7 7 Enter");
    tmux_expect_screen(&t, "not quite: S_h0[0][1] = 2.5000");
    tmux_keys(&t, "q");
    tmux_expect_screen(&t, "score: 1 / 2");
    tmux_stop(&t);
}

Test(ui, edit_recomputes_later_steps, .timeout = 60) {
    Tmux t = tmux_start("edit", 100, 30, "tour");
    tmux_expect_screen(&t, "Welcome");
    tmux_keys(&t, ": 2 Enter");                /* E */
    tmux_expect_screen(&t, "= E  3×4");
    tmux_keys(&t, "e 5 Enter");                /* E[0][0] = 5 */
    tmux_expect_screen(&t, "E[0][0] is now 5");
    tmux_keys(&t, ": 5 Enter");                /* projection: Q[0][0] was 1 */
    /* the explanation of Q[0][0], on one line: 5 × 0.5 + 1 × 0.5 */
    tmux_expect_line(&t, "Q[0][0] = x(I)·W_Q[:,0] = 5.0000×0.5000 + ", " = 3.0000");
    tmux_keys(&t, "q");
    tmux_stop(&t);
}

Test(ui, resize_to_tiny_and_back, .timeout = 60) {
    Tmux t = tmux_start("resize", 100, 30, "tour");
    tmux_expect_screen(&t, "Welcome");
    tmux_run(&t, "resize-window -x 40 -y 12");
    tmux_expect_screen(&t, "enlarge the window (needs 60×18)");
    tmux_run(&t, "resize-window -x 100 -y 30");
    tmux_expect_screen(&t, "Welcome");
    tmux_run(&t, "resize-window -x 160 -y 48");
    tmux_expect_screen(&t, "Source");
    tmux_keys(&t, "C-c");
    tmux_expect_screen(&t, "ATTNSTEP-EXIT-0");
    tmux_stop(&t);
}

Test(ui, runs_clean_under_valgrind, .timeout = 180) {
    /* an AddressSanitizer build cannot run under valgrind */
    const char *san = getenv("ATTNSTEP_SANITIZED");
    if (san && *san)
        cr_skip_test("the binary is built with sanitizers; valgrind cannot run it");
    char args[512];
    /* a session under memcheck: any error changes the exit status */
    const char *bin = getenv("ATTNSTEP_BIN");
    snprintf(args, sizeof args, "tour");
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite %s",
             bin ? bin : "./attnstep");
    setenv("ATTNSTEP_BIN", cmd, 1);
    Tmux t = tmux_start("valgrind", 100, 30, args);
    setenv("ATTNSTEP_BIN", bin ? bin : "./attnstep", 1);
    tmux_expect_screen(&t, "Welcome");
    tmux_keys(&t, ": 7 Enter l j H H c");
    tmux_expect_screen(&t, "heat: low");
    tmux_keys(&t, "q");
    tmux_expect_screen(&t, "ATTNSTEP-EXIT-0");
    tmux_stop(&t);
}

/* ---- the learner's view at 80×24, 100×30 and 160×48, English and Chinese */

#include <cjson/cJSON.h>

typedef struct Tour {
    const char *lesson;
    const char *help, *quit;     /* the status line's two fixed labels */
    const char *tokens[3];
    const char *refused;         /* the edit message's word */
    const char *right;           /* the quiz's word for a right answer */
    const char *too_large;       /* why 1e40 is refused, in the lesson's language */
} Tour;

static const Tour tour_en = {"tour", "? help", "q quit", {"I", "love", "cats"}, "refused", "right", "32-bit float"};
static const Tour tour_zh = {"zh/tour", "? 帮助", "q 退出", {"我", "爱", "猫"}, "不能用", "正确", "32 位浮点数"};

/* the text without any blanks (wrapping adds and removes them) */
static char *squeeze(const char *s) {
    char *out = malloc(strlen(s) + 1), *o = out;
    for (; *s; s++)
        if (*s != ' ' && *s != '\n')
            *o++ = *s;
    *o = '\0';
    return out;
}

/* the screen's text between the borders of a full-width overlay, joined */
static char *overlay_text(const char *screen) {
    char *out = calloc(strlen(screen) + 1, 1);
    const char *line = screen;
    while (*line) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        const char *bar = "│";
        if (len > 6 && strncmp(line, bar, 3) == 0) {
            const char *end = line + len;
            if (end - line >= 6 && strncmp(end - 3, bar, 3) == 0)
                end -= 3;
            size_t have = strlen(out), add = (size_t)(end - line) - 3;
            memcpy(out + have, line + 3, add);
            out[have + add] = '\0';
        }
        line = nl ? nl + 1 : line + len;
    }
    char *sq = squeeze(out);
    free(out);
    return sq;
}

/* the narrative of step k (0-based) as `trace --format json` gives it */
static char *narrative_of(const char *lesson, int k) {
    const char *argv[] = {"trace", lesson, "--format", "json", NULL};
    RunResult r = run_attnstep(NULL, argv);
    cJSON *root = cJSON_Parse(r.out);
    run_free(&r);
    cr_assert(root);
    cJSON *step = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "steps"), k);
    char *text = squeeze(cJSON_GetStringValue(cJSON_GetObjectItem(step, "narrative")));
    cJSON_Delete(root);
    return text;
}

/* the screen's lines */
static int lines_of(char *screen, char **lines, int max) {
    int n = 0;
    for (char *p = screen; p && *p && n < max;) {
        lines[n++] = p;
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        p = nl ? nl + 1 : NULL;
    }
    return n;
}

/* the display column of byte offset `off` in a line */
static int column_of(const char *line, size_t off) {
    int col = 0;
    for (size_t i = 0; i < off; i++)
        if (((unsigned char)line[i] & 0xC0) != 0x80)
            col += ((unsigned char)line[i] >= 0xE3 && (unsigned char)line[i] <= 0xE9) ? 2 : 1;
    return col;
}

/* the text of a line from display column `col` on */
static const char *from_column(const char *line, int col) {
    int c = 0;
    const char *p = line;
    while (*p && c < col) {
        unsigned char b = (unsigned char)*p;
        int len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
        c += (b >= 0xE3 && b <= 0xE9) ? 2 : 1;
        p += len;
    }
    return p;
}

/* Does the matrix whose header starts with `header` ("· X ") show a row
 * labelled `label`? The row must be in the matrix's own columns, under
 * its header, before the next blank line: the pane and the cell, not any
 * matching text anywhere. */
static bool matrix_shows_row(char *screen, const char *header, const char *label) {
    char *lines[128];
    int n = lines_of(screen, lines, 128);
    for (int k = 0; k < n; k++) {
        char *h = strstr(lines[k], header);
        if (!h)
            continue;
        int col = column_of(lines[k], (size_t)(h - lines[k]));
        for (int r = k + 2; r < n && r < k + 40; r++) {
            const char *cell = from_column(lines[r], col);
            if (strncmp(cell, label, strlen(label)) == 0 && cell[strlen(label)] == ' ')
                return true;
            if (*cell == ' ' || *cell == '\0' || strncmp(cell, "│", 3) == 0 || strncmp(cell, "└", 3) == 0)
                break;
        }
    }
    return false;
}

static char *last_line(char *screen) {
    char *lines[128];
    int n = lines_of(screen, lines, 128);
    while (n > 0 && lines[n - 1][0] == '\0')
        n--;
    return n > 0 ? lines[n - 1] : screen;
}

/* wait for `text`, then for the screen to stop changing */
static char *settled(Tmux *t, const char *text) {
    char *s = tmux_wait_for(t, text);
    for (int k = 0; k < 40; k++) {
        usleep(100000);
        char *again = tmux_screen(t);
        bool same = strcmp(again, s) == 0;
        free(s);
        s = again;
        if (same && strstr(s, text))
            break;
    }
    return s;
}

static void learner_view(const Tour *tour, int cols, int rows) {
    char name[64];
    snprintf(name, sizeof name, "view%s%d", tour == &tour_zh ? "zh" : "en", cols);
    Tmux t = tmux_start(name, cols, rows, tour->lesson);
    tmux_keys(&t, ": 5 Enter");
    char *s = tmux_wait_for(&t, "Q = X·W_Q");
    /* ? help and q quit on the status line */
    char *status = last_line(s);
    cr_expect(strstr(status, tour->help) && strstr(status, tour->quit), "%dx%d status: %s", cols, rows, status);
    free(s);
    /* the projection's narrative, whole, through the reading key */
    tmux_keys(&t, "r");
    usleep(300000);
    s = tmux_screen(&t);
    char *want = narrative_of(tour->lesson, 4), *got = overlay_text(s);
    cr_expect(strstr(got, want), "%dx%d: the narrative is not whole:\n%s\nwant: %s", cols, rows, s, want);
    free(want), free(got), free(s);
    tmux_keys(&t, "Escape");
    /* the cursor on row 2 of Q: X shows row 2 (the third token) */
    tmux_keys(&t, "j j");
    s = tmux_wait_for(&t, "Q[2][0]");
    cr_expect(matrix_shows_row(s, "· X ", tour->tokens[2]), "%dx%d: X does not show its row 2:\n%s", cols, rows, s);
    free(s);
    /* concat: Z[0][2] comes from Z_h1, which is on screen */
    tmux_keys(&t, ": 1 1 Enter l l");
    s = tmux_wait_for(&t, "Z[0][2] = Z_h1[0][0]");
    cr_expect(matrix_shows_row(s, "· Z_h1 ", tour->tokens[0]), "%dx%d: Z_h1 is not shown:\n%s", cols, rows, s);
    free(s);
    /* an edit to 1e40 is refused with the reason, and nothing changes */
    tmux_keys(&t, ": 1 4 Enter");
    char *before = settled(&t, "Y[0][0]");
    tmux_keys(&t, ": 3 Enter n n n");
    tmux_expect_screen(&t, "W_O[0][0]");
    tmux_keys(&t, "e 1 e 4 0 Enter");
    s = tmux_wait_for(&t, tour->refused);
    cr_expect(strstr(s, tour->too_large), "%dx%d: no reason given in the lesson's language:\n%s", cols, rows, s);
    free(s);
    tmux_keys(&t, ": 1 4 Enter");
    char *after = settled(&t, "Y[0][0]");
    cr_expect_str_eq(after, before, "%dx%d: the edit changed a later step:\n%s\n%s", cols, rows, before, after);
    free(before), free(after);
    tmux_keys(&t, "q");
    tmux_expect_screen(&t, "ATTNSTEP-EXIT-0");
    tmux_stop(&t);
}

static void quiz_view(const Tour *tour, int cols, int rows) {
    char name[64], args[64];
    snprintf(name, sizeof name, "quiz%s%d", tour == &tour_zh ? "zh" : "en", cols);
    snprintf(args, sizeof args, "quiz %s", tour->lesson);
    Tmux t = tmux_start(name, cols, rows, args);
    tmux_keys(&t, ": 5 Enter");
    /* Q[1][0] is asked: X shows row 1 before the answer */
    char *s = tmux_wait_for(&t, "Q[1][0] = ?");
    cr_expect(matrix_shows_row(s, "· X ", tour->tokens[1]), "%dx%d: X does not show row 1:\n%s", cols, rows, s);
    free(s);
    /* something that is not a number is reported, not ignored */
    tmux_keys(&t, "x y z Enter");
    tmux_expect_screen(&t, "xyz");
    tmux_keys(&t, "0 Enter");
    s = tmux_wait_for(&t, tour->right);
    /* one score: the message and the status line agree */
    char *status = last_line(s);
    cr_expect(strstr(status, "1/1"), "%dx%d: status %s", cols, rows, status);
    free(s);
    tmux_keys(&t, "Escape q");
    tmux_expect_screen(&t, "ATTNSTEP-EXIT-0");
    tmux_stop(&t);
}

Test(ui_sizes, english_80x24, .timeout = 90) { learner_view(&tour_en, 80, 24); }
Test(ui_sizes, english_100x30, .timeout = 90) { learner_view(&tour_en, 100, 30); }
Test(ui_sizes, english_160x48, .timeout = 90) { learner_view(&tour_en, 160, 48); }
Test(ui_sizes, chinese_80x24, .timeout = 90) { learner_view(&tour_zh, 80, 24); }
Test(ui_sizes, chinese_100x30, .timeout = 90) { learner_view(&tour_zh, 100, 30); }
Test(ui_sizes, chinese_160x48, .timeout = 90) { learner_view(&tour_zh, 160, 48); }
Test(ui_sizes, quiz_english_80x24, .timeout = 90) { quiz_view(&tour_en, 80, 24); }
Test(ui_sizes, quiz_english_100x30, .timeout = 90) { quiz_view(&tour_en, 100, 30); }
Test(ui_sizes, quiz_english_160x48, .timeout = 90) { quiz_view(&tour_en, 160, 48); }
Test(ui_sizes, quiz_chinese_80x24, .timeout = 90) { quiz_view(&tour_zh, 80, 24); }
Test(ui_sizes, quiz_chinese_100x30, .timeout = 90) { quiz_view(&tour_zh, 100, 30); }
Test(ui_sizes, quiz_chinese_160x48, .timeout = 90) { quiz_view(&tour_zh, 160, 48); }

/* ---- the narrative takes the rows the matrices do not need ------------ */

/* the text of the panes above the first lower border (at 80x24: the step
 * pane), joined and without blanks, and whether it says "▼ more" */
static char *top_pane_text(const char *screen_text, bool *cut) {
    char *copy = strdup(screen_text), *end = strstr(copy, "└");
    if (end)
        *end = '\0';
    *cut = strstr(copy, "▼") != NULL;
    char *text = overlay_text(copy);
    free(copy);
    return text;
}

/* At 80x24 the step pane has 4 lines of its own; these steps' texts are
 * longer (they ended in "▼ 2 more lines") while their matrices leave rows
 * unused, so the whole narrative is on screen. The terminal starts at
 * 100x30 and is resized: the rows are laid out anew on KEY_RESIZE. */
static void narrative_whole(const char *lesson, const char *name, const char *jump, const char *title, int step,
                            const char *matrix, const char *last_row) {
    Tmux t = tmux_start(name, 100, 30, lesson);
    tmux_keys(&t, jump);
    free(settled(&t, title));
    tmux_run(&t, "resize-window -x 80 -y 24");
    char *s = settled(&t, title);
    bool cut;
    char *got = top_pane_text(s, &cut), *want = narrative_of(lesson, step);
    cr_expect(strstr(got, want), "%s step %d: the narrative is not whole at 80x24:\n%s\nwant: %s", lesson, step + 1,
              s, want);
    cr_expect_not(cut, "%s step %d: the step pane is cut:\n%s", lesson, step + 1, s);
    /* and the output matrix is still whole: its last row is on screen */
    cr_expect(matrix_shows_row(s, matrix, last_row), "%s step %d: %s has lost its last row:\n%s", lesson, step + 1,
              matrix, s);
    free(got), free(want), free(s);
    tmux_keys(&t, "q");
    tmux_expect_screen(&t, "ATTNSTEP-EXIT-0");
    tmux_stop(&t);
}

Test(ui_sizes, the_embeddings_narrative_is_whole_at_80x24, .timeout = 60) {
    narrative_whole("tour", "whole4", ": 4 Enter", "step 4 of 16: Embeddings", 3, "= X ", "cats");
}
Test(ui_sizes, the_scaling_narrative_is_whole_at_80x24, .timeout = 60) {
    narrative_whole("tour", "whole8", ": 8 Enter", "step 8 of 16: Scaling", 7, "= T_h0 ", "cats");
}
Test(ui_sizes, a_chinese_narrative_is_whole_at_80x24, .timeout = 60) {
    narrative_whole("zh/tour", "wholezh", ": 1 5 Enter", "第 15 步，共 16 步", 14, "= M ", "猫");
}

Test(ui, token_and_heads_views, .timeout = 60) {
    Tmux t = tmux_start("views", 80, 24, "tour");
    tmux_keys(&t, ": 9 Enter v");
    /* the same lines `trace --view tokens` prints */
    tmux_expect_screen(&t, "│ I    → I    ███▌                           0.12");
    tmux_keys(&t, "H");
    tmux_expect_screen(&t, "(A_h1)");
    tmux_keys(&t, "v");
    tmux_expect_screen(&t, "│ I     ░ ▓ ▒    ▒ ▒ ▒");
    tmux_keys(&t, "v q");
    tmux_expect_screen(&t, "ATTNSTEP-EXIT-0");
    tmux_stop(&t);
}

Test(ui, the_tour_shows_the_mask, .timeout = 60) {
    Tmux t = tmux_start("tourmask", 100, 30, "tour");
    tmux_expect_screen(&t, "Welcome");
    tmux_keys(&t, ": 1 5 Enter l");
    /* M[0][1] is masked: a key after its query */
    char *s = tmux_wait_for(&t, "M[0][1] = -inf");
    cr_expect(matrix_shows_row(s, "= M ", "I"), "%s", s);
    free(s);
    tmux_keys(&t, "q");
    tmux_stop(&t);
}

/* a decoder layer (lessons/en/decoder-layer.lesson) walked step by step at
 * 80x24 and at 100x30: every step's title says which sub-layer it belongs
 * to, in the order of the layer (self-attention, cross-attention, FFN), and
 * a cross-attention weight is explained with its own name */
static void walk_decoder_layer(int cols, int rows, const char *name) {
    Tmux t = tmux_start(name, cols, rows, "decoder-layer");
    tmux_expect_screen(&t, "Three sub-layers");
    const char *const order[] = {"self-attention:", "cross-attention:", "FFN:"};
    int seen = 0;
    for (int k = 2; k <= 29; k++) {
        char cmd[32], at[32];
        if (k < 10)
            snprintf(cmd, sizeof cmd, ": %d Enter", k);
        else
            snprintf(cmd, sizeof cmd, ": %d %d Enter", k / 10, k % 10);
        tmux_keys(&t, cmd);
        snprintf(at, sizeof at, "step %d of 29", k);
        char *s = tmux_wait_for(&t, at);
        for (int o = seen; o < 3; o++)
            if (screen_line_with(s, "layer 0 · ", order[o])) {
                cr_expect_eq(o, seen, "%dx%d: '%s' came before '%s':\n%s", cols, rows, order[o], order[seen], s);
                seen = o + 1;
                break;
            }
        free(s);
    }
    cr_expect_eq(seen, 3, "%dx%d: the walk did not pass self-attention, cross-attention and FFN", cols, rows);
    tmux_keys(&t, ": 1 8 Enter");
    tmux_expect_line(&t, "step 18", "cross-attention");
    /* its weight explained (the row-sum line may be below a ▼ at 80x24) */
    tmux_expect_screen(&t, "cross_A_h0[0][0] = exp(cross_T_h0[0][0] − max)");
    tmux_keys(&t, "q");
    tmux_expect_screen(&t, "ATTNSTEP-EXIT-0");
    tmux_stop(&t);
}

/* the "A real model" lesson at 80x24 and 100x30, in English and Chinese:
 * every step opens, its title is not cut before its first words, the
 * previous-token head's weights and the next tokens named by the lesson's
 * vocabulary are on screen */
static void walk_real_model(int cols, int rows, const char *name, bool zh) {
    Tmux t = tmux_start(name, cols, rows, zh ? "zh/real-model" : "real-model");
    tmux_expect_screen(&t, zh ? "GPT-2 small（OpenAI" : "GPT-2 small (OpenAI");
    for (int k = 2; k <= 34; k++) {
        char cmd[32], at[48];
        if (k < 10)
            snprintf(cmd, sizeof cmd, ": %d Enter", k);
        else
            snprintf(cmd, sizeof cmd, ": %d %d Enter", k / 10, k % 10);
        tmux_keys(&t, cmd);
        if (zh)
            snprintf(at, sizeof at, "第 %d 步，共 34 步", k);
        else
            snprintf(at, sizeof at, "step %d of 34", k);
        tmux_expect_screen(&t, at);
        if (k == 16) /* head 0's softmax: each token on the one before it */
            tmux_expect_line(&t, "␣sat 0.0000 1.0000 0.0000 0.0000", NULL);
        if (k == 28) /* the next tokens, by the words of the vocab line */
            tmux_expect_line(&t, "“␣the”", "65.76%");
    }
    tmux_keys(&t, "q");
    tmux_expect_screen(&t, "ATTNSTEP-EXIT-0");
    tmux_stop(&t);
}

Test(ui, walks_the_real_model_lesson, .timeout = 120) {
    walk_real_model(80, 24, "rm80", false);
    walk_real_model(100, 30, "rm100", false);
    walk_real_model(80, 24, "rmzh80", true);
}

Test(ui, walks_a_decoder_layer_at_80x24, .timeout = 90) { walk_decoder_layer(80, 24, "dec80"); }

Test(ui, walks_a_decoder_layer_at_100x30, .timeout = 90) { walk_decoder_layer(100, 30, "dec100"); }

/* A GPT-2 checkpoint (tests/make_gpt2_checkpoint.py) at 80x24: the UI
 * opens on the chosen layer's first step, keeps the chosen head through
 * steps without heads, and ends with the next-token probabilities. */
Test(ui, gpt2_opens_on_its_layer_and_head, .timeout = 90) {
    char *tmp = temp_dir(), *script = source_path("tests/make_gpt2_checkpoint.py");
    const char *py = getenv("ATTNSTEP_PYTHON");
    char cmd[4096], args[2048];
    snprintf(cmd, sizeof cmd, "'%s' '%s' '%s/ckpt' >/dev/null", py && *py ? py : "python3", script, tmp);
    RunResult r = run_shell(cmd);
    cr_assert_eq(r.status, 0, "%s: %s", cmd, r.err);
    run_free(&r);
    snprintf(args, sizeof args, "gpt2 '%s/ckpt' --text 'The cat sat' --layer 1 --head 2", tmp);
    Tmux t = tmux_start("gpt2", 80, 24, args);
    tmux_expect_screen(&t, "layer 1 · self-attention: Layer norm");
    for (int k = 0; k < 5; k++)
        tmux_keys(&t, "n");
    tmux_expect_line(&t, "· scores", "head h2 of 4");
    tmux_keys(&t, "G");
    tmux_expect_screen(&t, "Next-token probabilities");
    /* all ten tokens fit at 80x24 without reading on, and the cursor is
     * on the most probable one, as the NumPy GPT-2 ranks them ("The cat
     * sat" is ids 271, 268, 277) */
    char *ref = source_path("tests/reference/gpt2_ref.py");
    snprintf(cmd, sizeof cmd, "'%s' '%s' '%s/ckpt' '%s/ref' --ids 271,268,277 && cat '%s/ref/top.json'",
             py && *py ? py : "python3", ref, tmp, tmp, tmp);
    r = run_shell(cmd);
    cr_assert_eq(r.status, 0, "%s: %s", cmd, r.err);
    const char *id = strstr(r.out, "\"id\": ");
    cr_assert_not_null(id, "%s", r.out);
    char cell[64], window[32];
    snprintf(cell, sizeof cell, "probs[0][%d] = exp(logits[0][%d]", atoi(id + 6), atoi(id + 6));
    snprintf(window, sizeof window, "–%d of 297", atoi(id + 6)); /* the input shows that column too */
    run_free(&r);
    free(ref);
    tmux_expect_line(&t, " 1.\u00a0“", " 2.\u00a0“"); /* an item's parts held together by no-break spaces */
    tmux_expect_line(&t, " 10.\u00a0“", NULL);
    tmux_expect_line(&t, cell, NULL);
    tmux_expect_line(&t, "· logits", window);
    /* the one row of logits and probs is the last token's (id 277, ␣sat),
     * not row "0" (the first token), and the explanation names it so */
    tmux_expect_line(&t, "│ ␣sat ", NULL);
    tmux_expect_line(&t, "row 0 (␣sat) of logits", NULL);
    tmux_keys(&t, "r");
    tmux_expect_screen(&t, "most probable next tokens");
    tmux_keys(&t, "q");
    tmux_expect_screen(&t, "ATTNSTEP-EXIT-0");
    tmux_stop(&t);
    remove_tree(tmp);
    free(tmp);
    free(script);
}

/* the number at the end of the screen line holding `a` */
static double number_after(const char *screen_text, const char *a) {
    const char *p = screen_line_with(screen_text, a, NULL);
    cr_assert_not_null(p, "no line with %s:\n%s", a, screen_text);
    /* the last "= value" or "≈ value" (written where the shown operands
     * do not give the shown result) of the line */
    const char *eol = strchr(p, '\n'), *eq = NULL;
    size_t skip = 0;
    for (const char *q = p; *q && (!eol || q < eol); q++) {
        if (q[0] == '=' && q[1] == ' ')
            eq = q, skip = 2;
        else if (strncmp(q, "\u2248 ", 4) == 0)
            eq = q, skip = 4;
    }
    cr_assert_not_null(eq, "no '= value' after %s", a);
    /* the UI writes a minus sign as U+2212 */
    return strncmp(eq + skip, "\u2212", 3) == 0 ? -atof(eq + skip + 3) : atof(eq + skip);
}

/* T_h{head}[0][0] of layer `layer` as the NumPy GPT-2 computes it */
static double reference_scaled(const char *dir, int layer, int head) {
    const char *py = getenv("ATTNSTEP_PYTHON");
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "'%s' -c \"import numpy; print(numpy.load('%s/ref/L%d_T_h%d.npy')[0][0])\"",
             py && *py ? py : "python3", dir, layer, head);
    RunResult r = run_shell(cmd);
    cr_assert_eq(r.status, 0, "%s: %s", cmd, r.err);
    double v = atof(r.out);
    run_free(&r);
    return v;
}

/* [ and ] on a 3-layer GPT-2 checkpoint at 80x24: from layer 0's scaling
 * step to layer 1's, the head and stage kept, the values layer 1's as the
 * NumPy GPT-2 computes them; past the last layer and before the first the
 * status line says so. In English and in Chinese. */
static void gpt2_layer_keys(bool zh) {
    char *tmp = temp_dir(), *script = source_path("tests/make_gpt2_checkpoint.py");
    char *ref = source_path("tests/reference/gpt2_ref.py");
    const char *py = getenv("ATTNSTEP_PYTHON");
    char cmd[4096], args[2048];
    snprintf(cmd, sizeof cmd,
             "'%s' '%s' '%s/ckpt' --layers 3 --heads 4 --embd 32 >/dev/null && '%s' '%s' '%s/ckpt' '%s/ref' --ids 271,268,277",
             py && *py ? py : "python3", script, tmp, py && *py ? py : "python3", ref, tmp, tmp);
    RunResult r = run_shell(cmd);
    cr_assert_eq(r.status, 0, "%s: %s", cmd, r.err);
    run_free(&r);
    snprintf(args, sizeof args, "gpt2 '%s/ckpt' --text 'The cat sat' --head 2", tmp);
    Tmux t = tmux_start_env(zh ? "gpt2zh" : "gpt2layers", 80, 24, zh ? "LC_ALL= LANG=zh_CN.UTF-8" : "LC_ALL=C.UTF-8", args);
    const char *layer0 = zh ? "第 0 层 · " : "layer 0 · ", *layer1 = zh ? "第 1 层 · " : "layer 1 · ";
    const char *stage = zh ? "除以 √d_k 缩放" : "Scaling by √d_k", *head = zh ? "头 h2，共 4 个" : "head h2 of 4";
    tmux_expect_screen(&t, layer0);
    for (int k = 0; k < 6; k++)
        tmux_keys(&t, "n");
    tmux_expect_line(&t, layer0, stage);
    tmux_expect_screen(&t, zh ? "[ ] 层" : "[ ] layer");
    char *s = tmux_wait_for(&t, "L0_T_h2[0][0] = L0_S_h2[0][0]");
    double v0 = number_after(s, "L0_T_h2[0][0] = L0_S_h2[0][0]");
    free(s);
    cr_assert(fabs(v0 - reference_scaled(tmp, 0, 2)) < 1e-3, "layer 0: %g", v0);
    tmux_keys(&t, "]");
    tmux_expect_line(&t, layer1, stage);
    tmux_expect_screen(&t, head);
    s = tmux_wait_for(&t, "L1_T_h2[0][0] = L1_S_h2[0][0]");
    double v1 = number_after(s, "L1_T_h2[0][0] = L1_S_h2[0][0]");
    free(s);
    cr_assert(fabs(v1 - reference_scaled(tmp, 1, 2)) < 1e-3, "layer 1: %g, not %g", v1, reference_scaled(tmp, 1, 2));
    cr_assert(fabs(v1 - v0) > 1e-3, "layer 1 shows layer 0's values");
    tmux_keys(&t, "]");
    tmux_expect_line(&t, zh ? "第 2 层 · " : "layer 2 · ", stage);
    tmux_keys(&t, "]");
    tmux_expect_line(&t, zh ? "第 2 层是最后一层" : "layer 2 is the last layer", NULL);
    tmux_keys(&t, "n"); /* the note lasts until the next key: wait for the next step, not a title already there */
    s = tmux_wait_for(&t, zh ? "第 2 层 · 自注意力：因果掩码" : "layer 2 · self-attention: Causal mask");
    cr_assert_null(strstr(s, zh ? "最后一层" : "last layer"), "%s", s);
    free(s);
    tmux_keys(&t, "[");
    tmux_expect_line(&t, layer1, NULL);
    tmux_keys(&t, "[");
    tmux_expect_line(&t, layer0, NULL);
    tmux_keys(&t, "[");
    tmux_expect_line(&t, zh ? "第 0 层是第一层" : "layer 0 is the first layer", NULL);
    tmux_keys(&t, "q");
    tmux_expect_screen(&t, "ATTNSTEP-EXIT-0");
    tmux_stop(&t);
    remove_tree(tmp);
    free(tmp);
    free(script);
    free(ref);
}

Test(ui, gpt2_layer_keys, .timeout = 120) { gpt2_layer_keys(false); }
Test(ui, gpt2_layer_keys_chinese, .timeout = 120) { gpt2_layer_keys(true); }

/* elsewhere the layer keys say the step has no other layers */
Test(ui, layer_keys_without_layers, .timeout = 60) {
    Tmux t = tmux_start("nolayers", 80, 24, "tour");
    tmux_expect_screen(&t, "? help");
    tmux_keys(&t, "]");
    tmux_expect_screen(&t, "this step has no other layers");
    tmux_keys(&t, "q");
    tmux_expect_screen(&t, "ATTNSTEP-EXIT-0");
    tmux_stop(&t);
}

/* keys typed while a layer records were meant for the screen the learner
 * saw then: `]` and four quick `n`s leave the cursor on the new layer's
 * same step, not four records on */
Test(ui, keys_typed_while_a_layer_records_are_dropped, .timeout = 120) {
    char *tmp = temp_dir(), *script = source_path("tests/make_gpt2_checkpoint.py");
    const char *py = getenv("ATTNSTEP_PYTHON");
    char cmd[4096], args[2048];
    snprintf(cmd, sizeof cmd, "'%s' '%s' '%s/ckpt' --layers 3 --heads 4 --embd 32 --positions 512 >/dev/null",
             py && *py ? py : "python3", script, tmp);
    RunResult r = run_shell(cmd);
    cr_assert_eq(r.status, 0, "%s: %s", cmd, r.err);
    run_free(&r);
    snprintf(args, sizeof args,
             "gpt2 '%s/ckpt' --text 'The cat sat on the mat and the dog ran after it while the bird sang in the "
             "tree above them all day long until the sun went down over the hills and the night came'",
             tmp);
    Tmux t = tmux_start("flush", 80, 24, args);
    tmux_expect_screen(&t, "layer 0 · ");
    for (int k = 0; k < 6; k++)
        tmux_keys(&t, "n");
    tmux_expect_line(&t, "layer 0 · ", "Scaling by √d_k");
    tmux_keys(&t, "] n n n n");
    tmux_expect_line(&t, "layer 1 · ", "Scaling by √d_k");
    struct timespec ts = {1, 0}; /* time for queued keys to act, if they were kept */
    nanosleep(&ts, NULL);
    char *s = tmux_screen(&t);
    cr_expect(screen_line_with(s, "layer 1 · ", "Scaling by √d_k"), "the typed-ahead n moved the cursor:\n%s", s);
    free(s);
    tmux_keys(&t, "q");
    tmux_expect_screen(&t, "ATTNSTEP-EXIT-0");
    tmux_stop(&t);
    remove_tree(tmp);
    free(tmp);
    free(script);
}

/* `attnstep` alone under a Chinese locale: the Chinese tour, and the UI
 * (title, panes, status line, help) in Chinese; LANGUAGE first, as the
 * messages read it */
static void locale_opens_the_tour(int cols, int rows, const char *env) {
    Tmux t = tmux_start_env(cols == 80 ? "zhtour80" : "zhtour100", cols, rows, env, "");
    tmux_expect_line(&t, "第 1 步，共 16 步：欢迎", NULL);
    char *s = tmux_wait_line(&t, " 第 1 步，共 16 步 │ n/p 步进", NULL);
    cr_expect(strstr(s, "─ 矩阵 ") && strstr(s, "─ 说明 "), "%s", s);
    cr_expect_null(strstr(s, "Welcome"), "%s", s);
    free(s);
    tmux_keys(&t, "n");
    tmux_expect_screen(&t, "第 2 步，共 16 步");
    tmux_keys(&t, "?");
    tmux_expect_screen(&t, "下一步");
    tmux_keys(&t, "Escape");
    tmux_keys(&t, "q");
    tmux_expect_screen(&t, "ATTNSTEP-EXIT-0");
    tmux_stop(&t);
}

Test(ui, chinese_locale_opens_the_chinese_tour_80x24, .timeout = 60) {
    locale_opens_the_tour(80, 24, "LC_ALL= LC_MESSAGES= LANGUAGE= LANG=zh_CN.UTF-8");
}
Test(ui, chinese_language_opens_the_chinese_tour_100x30, .timeout = 60) {
    locale_opens_the_tour(100, 30, "LC_ALL= LC_MESSAGES= LANGUAGE=zh_CN:en LANG=en_US.UTF-8");
}

/* a 2-layer checkpoint in tmp/ckpt, and the NumPy GPT-2 on "The cat sat"
 * (ids 271, 268, 277) in tmp/ref with the cells `set` changes (NULL: none) */
static void checkpoint_and_reference(const char *tmp, const char *set) {
    char *script = source_path("tests/make_gpt2_checkpoint.py"), *ref = source_path("tests/reference/gpt2_ref.py");
    const char *py = getenv("ATTNSTEP_PYTHON");
    py = py && *py ? py : "python3";
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "'%s' '%s' '%s/ckpt' >/dev/null && '%s' '%s' '%s/ckpt' '%s/ref' --ids 271,268,277 %s%s",
             py, script, tmp, py, ref, tmp, tmp, set ? "--set " : "", set ? set : "");
    RunResult r = run_shell(cmd);
    cr_assert_eq(r.status, 0, "%s: %s", cmd, r.err);
    run_free(&r);
    free(script);
    free(ref);
}

/* element [i][j] of tmp/ref/NAME.npy */
static double reference_at(const char *tmp, const char *name, int i, int j) {
    const char *py = getenv("ATTNSTEP_PYTHON");
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "'%s' -c \"import numpy; print(numpy.load('%s/ref/%s.npy')[%d][%d])\"",
             py && *py ? py : "python3", tmp, name, i, j);
    RunResult r = run_shell(cmd);
    cr_assert_eq(r.status, 0, "%s: %s", cmd, r.err);
    double v = atof(r.out);
    run_free(&r);
    return v;
}

/* e on a checkpoint's W_Q[0][0]: the message says it was made, and Q and
 * the next-token probabilities on the screen are the NumPy GPT-2's with
 * that cell changed (W_Q is the first 32 columns of h.0.attn.c_attn) */
static void gpt2_edit(int cols, int rows, bool zh) {
    char *tmp = temp_dir(), args[2048];
    checkpoint_and_reference(tmp, "h.0.attn.c_attn.weight,0,0,9");
    snprintf(args, sizeof args, "gpt2 '%s/ckpt' --text 'The cat sat'", tmp);
    Tmux t = tmux_start_env(zh ? "gpt2editzh" : "gpt2edit", cols, rows, zh ? "LC_ALL= LANG=zh_CN.UTF-8" : "LC_ALL=C.UTF-8",
                       args);
    tmux_expect_screen(&t, zh ? "第 0 层 · " : "layer 0 · ");
    tmux_keys(&t, "n");
    tmux_expect_screen(&t, "= L0_Q  3×32");
    tmux_keys(&t, "BTab BTab"); /* Q, b_Q, W_Q */
    tmux_expect_line(&t, "L0_W_Q[0][0] = ", NULL);
    tmux_keys(&t, "e 9 Enter");
    tmux_expect_screen(&t, zh ? "L0_W_Q[0][0] 现在是 9，之后的每一步都已重新计算" : "L0_W_Q[0][0] is now 9; every later step was recomputed");
    tmux_keys(&t, "Tab Tab");
    /* the explanation pane's own line, not a matrix cell or the weight's line before the Tab lands */
    char *s = tmux_wait_for(&t, "│ L0_Q[0][0] = ");
    double q = number_after(s, "│ L0_Q[0][0] = "), want = reference_at(tmp, "L0_Q", 0, 0);
    free(s);
    cr_expect(fabs(q - want) < 1e-3 * fabs(want), "Q[0][0] = %g on the screen, %g by NumPy", q, want);
    tmux_keys(&t, "G");
    s = tmux_wait_for(&t, "probs[0][");
    int j = atoi(strstr(s, "probs[0][") + 9);
    double p = number_after(s, "probs[0][");
    free(s);
    want = reference_at(tmp, "probs", 0, j);
    cr_expect(fabs(p - want) < 1e-4 + 1e-3 * want, "probs[0][%d] = %g on the screen, %g by NumPy", j, p, want);
    tmux_keys(&t, "q");
    tmux_expect_screen(&t, "ATTNSTEP-EXIT-0");
    tmux_stop(&t);
    remove_tree(tmp);
    free(tmp);
}

Test(ui, gpt2_edit_recomputes_every_later_step_80x24, .timeout = 90) { gpt2_edit(80, 24, false); }
Test(ui, gpt2_edit_recomputes_every_later_step_chinese_100x30, .timeout = 90) { gpt2_edit(100, 30, true); }

/* Chinese and an emoji in GPT-2's byte tokens: each row is labelled with
 * the character and which of its tokens it is */
static void gpt2_byte_tokens(int cols, int rows, bool zh) {
    char *tmp = temp_dir(), args[2048];
    checkpoint_and_reference(tmp, NULL);
    snprintf(args, sizeof args, "gpt2 '%s/ckpt' --text '我爱 😀'", tmp);
    Tmux t = tmux_start_env(zh ? "gpt2byteszh" : "gpt2bytes", cols, rows, zh ? "LC_ALL= LANG=zh_CN.UTF-8" : "LC_ALL=C.UTF-8",
                       args);
    tmux_expect_screen(&t, zh ? "第 0 层 · " : "layer 0 · ");
    tmux_keys(&t, "g"); /* E */
    char *s = tmux_wait_line(&t, "│ 我(1/3) ", NULL);
    const char *labels[] = {"│ 我(2/3) ", "│ 我(3/3) ", "│ 爱(1/3) ", "│ 爱(3/3) ", "│ ␣ ", "│ 😀(1/4) "};
    for (size_t k = 0; k < sizeof labels / sizeof labels[0]; k++)
        cr_expect(screen_line_with(s, labels[k], NULL), "no row %s:\n%s", labels[k], s);
    cr_expect_null(strstr(s, "│ <0x"), "%s", s);
    free(s);
    tmux_keys(&t, "q");
    tmux_expect_screen(&t, "ATTNSTEP-EXIT-0");
    tmux_stop(&t);
    remove_tree(tmp);
    free(tmp);
}

Test(ui, gpt2_byte_tokens_chinese_80x24, .timeout = 90) { gpt2_byte_tokens(80, 24, true); }
Test(ui, gpt2_byte_tokens_100x30, .timeout = 90) { gpt2_byte_tokens(100, 30, false); }
