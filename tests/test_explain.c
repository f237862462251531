/* The explanation of a cell (output/explain.h): every cell of every step
 * of several lessons has one, its headline ends with the cell's value as
 * the matrix prints it, every equation it shows holds at its printed
 * digits when worked out again (arith_check.c), its lines fit the
 * pane, and its highlights point into the inputs; then the exact text of
 * one cell of each kind, in English and in Chinese. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arith_check.h"
#include "lang/loader.h"
#include "output/explain.h"
#include "output/matrix_text.h"
#include "support.h"
#include "util/utf8.h"

static void init(void) { engine_init("scalar", NULL); }

TestSuite(explain, .init = init);

/* The tour's numbers (lessons/en/tour.lesson), in Chinese. */
static const char zh_lesson[] =
    "lesson \"分数\"\n"
    "language zh\n"
    "tokens 我 爱 猫\n"
    "E = [[1, 0, 1, 0], [0, 2, 0, 2], [1, 1, 1, 1]]\n"
    "W_Q = [[0.5, 0, 0, 0.5], [0, 0.5, 0.5, 0], [0.5, 0.5, 0, 0], [0, 0, 0.5, 0.5]]\n"
    "W_K = [[0, 0.5, 0.5, 0], [0.5, 0, 0, 0.5], [0, 0, 0.5, 0.5], [0.5, 0.5, 0, 0]]\n"
    "W_V = eye(4)\n"
    "W_O = [[0.5, 0.5, 0, 0], [0, 0.5, 0.5, 0], [0, 0, 0.5, 0.5], [0.5, 0, 0, 0.5]]\n"
    "attention E heads 2\n";

/* Every stage of `attention`, with the optional ones: causal mask,
 * positions, biases, gamma and beta. */
static const char full_lesson[] =
    "lesson \"Full attention\"\n"
    "tokens the cat sat\n"
    "E = [[1, 0, 1, 0], [0, 2, 0, 2], [1, 1, 1, 1]]\n"
    "W_Q = random 4x4 seed 3 scale 0.5\n"
    "W_K = random 4x4 seed 4 scale 0.5\n"
    "W_V = random 4x4 seed 5 scale 0.5\n"
    "W_O = random 4x4 seed 6 scale 0.5\n"
    "b_Q = [0.1, -0.1, 0.2, 0]\n"
    "b_K = [0, 0.1, 0, -0.1]\n"
    "b_V = [0.5, 0, 0, 0.5]\n"
    "b_O = [0, 0, 0.1, 0.1]\n"
    "gamma = [1, 2, 0.5, 1]\n"
    "beta = [0, 0.5, 0, -0.5]\n"
    "attention E heads 2 mask causal positions sinusoidal\n";

/* What current models add: rotary positions (interleaved pairs, d_k = 4)
 * with one shared K/V head (multi-query); halves with a base of 100 and
 * grouped heads; learned positions named after `learned`, with spare rows. */
static const char rope_lesson[] =
    "lesson \"Rotary\"\n"
    "tokens the cat sat on\n"
    "E = random 4x8 seed 5\n"
    "W_Q = random 8x8 seed 6 scale 0.5\n"
    "W_K, W_V = random 8x4 seed 7 scale 0.5\n"
    "W_O = random 8x8 seed 8 scale 0.5\n"
    "attention E heads 2 kv_heads 1 mask causal positions rope\n";
static const char halves_lesson[] =
    "E = random 5x8 seed 15\n"
    "W_Q = random 8x8 seed 16 scale 0.5\n"
    "W_K, W_V = random 8x4 seed 17 scale 0.5\n"
    "W_O = random 8x8 seed 18 scale 0.5\n"
    "b_K = [0.1, 0.2, -0.1, 0]\n"
    "attention E heads 4 kv_heads 2 positions rope rope_pairs halves rope_base 100\n";
static const char learned_lesson[] =
    "language zh\n"
    "tokens 我 爱 猫\n"
    "E = random 3x4 seed 25\n"
    "wpe = random 7x4 seed 26 scale 0.1\n"
    "W_Q, W_K, W_V, W_O = random 4x4 seed 27 scale 0.5\n"
    "attention E heads 2 positions learned wpe mask causal\n";

/* Whole layers: a post-LN encoder layer with relu and every bias, a
 * two-layer pre-LN stack with gelu and a final norm, and a decoder layer
 * (masked self-attention, cross-attention over a memory, gelu_tanh). */
static const char layer_lesson[] =
    "tokens the cat sat\n"
    "E = [[1, 0, 1, 0], [0, 2, 0, 2], [1, 1, 1, 1]]\n"
    "W_Q, W_K, W_V, W_O = random 4x4 seed 3 scale 0.5\n"
    "W_1 = random 4x6 seed 4 scale 0.5\n"
    "W_2 = random 6x4 seed 5 scale 0.5\n"
    "b_1 = [0.1, -0.2, 0, 0.3, -0.1, 0]\n"
    "b_2 = [0, 0.1, 0, -0.1]\n"
    "gamma_ff = [1, 2, 0.5, 1]\n"
    "beta_ff = [0, 0.5, 0, -0.5]\n"
    "layer encoder E heads 2 ffn 6 activation relu\n"
    "L1_W_Q, L1_W_K, L1_W_V, L1_W_O = random 4x4 seed 6 scale 0.5\n"
    "L1_W_1 = random 4x6 seed 7 scale 0.5\n"
    "L1_W_2 = random 6x4 seed 8 scale 0.5\n"
    "beta_final = [0.5, 0, 0, 0]\n"
    "layer encoder E heads 2 layers 2 norm pre activation gelu\n"
    "M = random 2x4 seed 9\n"
    "cross_W_Q, cross_W_K, cross_W_V, cross_W_O = random 4x4 seed 10 scale 0.5\n"
    "cross_beta = [0, 0, 0.1, 0]\n"
    "layer decoder E heads 2 memory M activation gelu_tanh\n";

/* The modern layer: RMSNorm (pre-norm, with γ) and the SwiGLU network, a
 * post-norm one without γ, and the functions rmsnorm() and silu(). */
static const char modern_lesson[] =
    "tokens the cat sat\n"
    "E = [[1, 0, 1, 0], [0, 2, 0, 2], [1, 1, 1, 1]]\n"
    "W_Q, W_K, W_V, W_O = random 4x4 seed 3 scale 0.5\n"
    "W_gate, W_up = random 4x6 seed 4 scale 0.5\n"
    "W_down = random 6x4 seed 5 scale 0.5\n"
    "gamma = [1, 2, 0.5, 1]\n"
    "layer encoder E heads 2 norm pre norm_type rms activation swiglu\n"
    "L1_W_Q, L1_W_K, L1_W_V, L1_W_O = random 4x4 seed 6 scale 0.5\n"
    "L1_W_gate, L1_W_up = random 4x6 seed 7 scale 0.5\n"
    "L1_W_down = random 6x4 seed 8 scale 0.5\n"
    "layer encoder E heads 2 layers 2 norm_type rms activation swiglu\n"
    "x = [[1, 2, 3, 4], [0, 0, 0, 0]]\n"
    "n = rmsnorm(x, [1, 2, 1, 1])\n"
    "m = rmsnorm(x, eps=0.5)\n"
    "h = silu(x - 2)\n";

/* Operators with broadcasting, long sums, and the softmax edge cases. */
static const char edge_lesson[] =
    "x = [[1, 2, 3, 4], [2, 2, 2, 2]]\n"
    "c = x - mean(x)\n"
    "r = x * [1, 0, -1, 2]\n"
    "k = 2 / x\n"
    "y = layernorm(x, [1, 1, 1, 1], [0, 0.5, 0, 0])\n"
    "z = layernorm(x, variance=sample)\n"
    "s = softmax([[-inf, -inf, -inf], [inf, 1, inf]])\n"
    "show softmax([1, inf - inf])\n"
    "B = random 2x12 seed 1\n"
    "C = random 12x3 seed 2\n"
    "P = B @ C\n"
    "big = softmax(random 2x11 seed 4)\n"
    "wide = mean(random 1x20 seed 5)\n"
    "expect x == [[1, 2, 3, 4], [2, 2, 2, 2]]\n"
    "expect mask([[1, 2], [3, 4]], -1e9) == [[1, -1e9], [3, 4]]\n";

static void open_text(const char *text, LoadedLesson *ll) {
    bool ok = lesson_open_text("t.lesson", text, strlen(text), NULL, ll);
    cr_assert(ok, "the lesson does not run:\n%s", text);
}

static char *read_source(const char *rel) {
    char *path = source_path(rel);
    char *buf = read_file(path);
    cr_assert_not_null(buf, "cannot read %s", path);
    free(path);
    return buf;
}

static void open_file(const char *rel, LoadedLesson *ll) {
    char *text = read_source(rel);
    bool ok = lesson_open_text(rel, text, strlen(text), NULL, ll);
    free(text);
    cr_assert(ok, "%s does not run", rel);
}

/* ---- what holds for every cell ------------------------------------------ */

/* columns of a line: Chinese characters and full-width marks take 2 */
static int columns(const char *s, size_t len) {
    int w = 0;
    for (size_t k = 0; k < len;) {
        unsigned cp;
        int n = utf8_decode(s + k, len - k, &cp);
        if (n == 0)
            n = 1, cp = '?';
        w += (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xFF00 && cp <= 0xFF60) ? 2 : 1;
        k += (size_t)n;
    }
    return w;
}

/* the number a headline ends with, in mtext_format's spelling */
static void final_number(const char *text, char *out, size_t size) {
    const char *end = strchr(text, '\n');
    size_t len = end ? (size_t)(end - text) : strlen(text);
    char head[1024];
    snprintf(head, sizeof head, "%.*s", (int)len, text);
    const char *eq = NULL, *num = head;
    for (const char *p = strstr(head, " = "); p; p = strstr(p + 1, " = "))
        eq = p, num = p + 3;
    for (const char *p = strstr(head, " ≈ "); p; p = strstr(p + 1, " ≈ "))
        if (!eq || p > eq)
            eq = p, num = p + strlen(" ≈ ");
    size_t n = 0;
    for (const char *p = num; *p && n + 1 < size;) {
        if (strncmp(p, "−", strlen("−")) == 0)
            out[n++] = '-', p += strlen("−");
        else if (strncmp(p, "∞", strlen("∞")) == 0 && n + 4 < size)
            memcpy(out + n, "inf", 3), n += 3, p += strlen("∞");
        else
            out[n++] = *p++;
    }
    out[n] = '\0';
}

/* the arithmetic of every explanation of one test (arith_check.h), so that
 * it cannot pass vacuously */
static ArithStats arithmetic;

/* check_cell_at: cell [i][j] of output s explained for `width` columns:
 * its headline ends with the cell's value, its arithmetic holds, no line
 * is wider than `width` or empty, the text is UTF-8, the highlights are
 * inside their inputs */
static void check_cell_at(const Lesson *l, const Record *rec, int s, int i, int j, int precision, int width) {
    const Slot *slot = &rec->outputs[s];
    Explanation e;
    cr_assert(explain_cell(l, rec, s, i, j, precision, width, &e), "no explanation for %s[%d][%d]", slot->name, i,
              j);
    cr_assert(e.text && e.text[0], "empty explanation for %s[%d][%d]", slot->name, i, j);

    char got[128], want[64];
    final_number(e.text, got, sizeof got);
    mtext_format(want, sizeof want, mat_get(&slot->m, i, j), precision);
    /* at reduced digits the headline may carry more (2 significant), but
     * rounded to the matrix's digits it is the matrix's value */
    char *end;
    double g = strtod(got, &end);
    const char *point = strchr(got, '.');
    if (*end == '\0' && point && strcmp(got, want) != 0) {
        int decimals = (int)strlen(point + 1);
        double v = (double)mat_get(&slot->m, i, j);
        if (decimals > precision && fabs(g - v) <= 0.5 * pow(10, -decimals) * 1.0001 + 1e-12)
            snprintf(got, sizeof got, "%s", want); /* the cell's value, to more digits */
    }
    cr_expect_str_eq(got, want, "%s[%d][%d]: the headline ends with %s, the cell is %s:\n%s", slot->name, i,
                     j, got, want, e.text);

    for (const char *line = e.text; line;) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        cr_expect(columns(line, len) <= width, "%s[%d][%d]: a line is %d columns wide, past %d:\n%.*s", slot->name,
                  i, j, columns(line, len), width, (int)len, line);
        cr_expect(len > 0, "%s[%d][%d]: an empty line:\n%s", slot->name, i, j, e.text);
        line = nl ? nl + 1 : NULL;
    }
    size_t bad;
    cr_expect(utf8_valid(e.text, strlen(e.text), &bad), "%s[%d][%d]: invalid UTF-8 at byte %zu", slot->name,
              i, j, bad);

    for (int h = 0; h < e.nhighlights; h++) {
        const Highlight *hl = &e.highlights[h];
        cr_assert(hl->input >= 0 && hl->input < rec->ninputs, "%s[%d][%d]: highlight of input %d of %d",
                  slot->name, i, j, hl->input, rec->ninputs);
        const Matrix *m = &rec->inputs[hl->input].m;
        cr_expect(hl->row >= -1 && hl->row < m->rows && hl->col >= -1 && hl->col < m->cols,
                  "%s[%d][%d]: highlight [%d][%d] outside %s (%dx%d)", slot->name, i, j, hl->row, hl->col,
                  rec->inputs[hl->input].name, m->rows, m->cols);
    }
    explain_free(&e);
}

/* every cell is explained for the widest pane (EXPLAIN_WIDTH: 100
 * columns) and for the UI's explanation pane at 80 columns (76 inside its
 * border and margins), so that the pane never wraps a line again */
static void check_cell(const Lesson *l, const Record *rec, int s, int i, int j, int precision) {
    check_cell_at(l, rec, s, i, j, precision, EXPLAIN_WIDTH);
    check_cell_at(l, rec, s, i, j, precision, 76);
    /* its equations, each read whole from the widest explanation */
    Explanation e;
    cr_assert(explain_cell(l, rec, s, i, j, precision, EXPLAIN_MAX_WIDTH, &e));
    char cell[256];
    snprintf(cell, sizeof cell, "%s[%d][%d] at %d digits", rec->outputs[s].name, i, j, precision);
    arith_check_text(&arithmetic, e.text, cell);
    explain_free(&e);
}

static void check_outside(const Lesson *l, const Record *rec, int s) {
    const Matrix *m = &rec->outputs[s].m;
    const int bad[4][2] = {{m->rows, 0}, {0, m->cols}, {-1, 0}, {0, -1}};
    for (int k = 0; k < 4; k++) {
        Explanation e;
        cr_expect_not(explain_cell(l, rec, s, bad[k][0], bad[k][1], 4, EXPLAIN_WIDTH, &e), "%s[%d][%d] is outside",
                      rec->outputs[s].name, bad[k][0], bad[k][1]);
        cr_expect_null(e.text);
        explain_free(&e);
    }
}

/* every cell of every output of every step */
static void check_every_cell(const LoadedLesson *ll) {
    const Lesson *l = &ll->lesson;
    int cells = 0;
    arithmetic = (ArithStats){0};
    for (int r = 0; r < l->nrecords; r++) {
        const Record *rec = &l->records[r];
        Explanation e;
        if (rec->kind == REC_TEXT) {
            cr_expect_not(explain_cell(l, rec, 0, 0, 0, 4, EXPLAIN_WIDTH, &e), "a text step has no cells");
            continue;
        }
        cr_expect_not(explain_cell(l, rec, rec->noutputs, 0, 0, 4, EXPLAIN_WIDTH, &e), "no such output");
        for (int s = 0; s < rec->noutputs; s++) {
            const Matrix *m = &rec->outputs[s].m;
            for (int i = 0; i < m->rows; i++)
                for (int j = 0; j < m->cols; j++) {
                    check_cell(l, rec, s, i, j, 4);
                    check_cell(l, rec, s, i, j, 2);
                    check_cell(l, rec, s, i, j, 6);
                    cells++;
                }
            check_outside(l, rec, s);
        }
    }
    cr_expect_gt(cells, 0);
    /* at every precision, most computed cells show some arithmetic, and it holds at its digits */
    cr_expect_gt(arithmetic.checked, cells / 2, "only %ld sums of %d cells could be checked", arithmetic.checked,
                 cells);
    cr_expect_eq(arithmetic.failed, 0, "%ld equations false at their digits; the first:\n%s", arithmetic.failed,
                 arithmetic.first);
    fprintf(stderr, "%d cells, %ld equations recomputed (%ld with ≈)\n", cells, arithmetic.checked,
            arithmetic.approx);
}

Test(explain, every_cell_of_the_tour) {
    LoadedLesson ll;
    open_file("lessons/en/tour.lesson", &ll);
    check_every_cell(&ll);
    lesson_close(&ll);
}

Test(explain, every_cell_of_every_operator) {
    LoadedLesson ll;
    open_file("tests/golden/operators.lesson", &ll);
    check_every_cell(&ll);
    lesson_close(&ll);
}

Test(explain, every_cell_of_a_full_attention_layer) {
    LoadedLesson ll;
    open_text(full_lesson, &ll);
    check_every_cell(&ll);
    lesson_close(&ll);
}

/* the newer layers as lessons write them, and the lessons about them */
Test(explain, every_cell_of_rotary_grouped_learned_and_kv_cache_layers) {
    const char *const texts[] = {rope_lesson, halves_lesson, learned_lesson};
    const char *const files[] = {"lessons/en/positions.lesson", "lessons/en/grouped-query.lesson",
                                 "lessons/en/kv-cache.lesson", "lessons/zh/kv-cache.lesson"};
    for (int k = 0; k < 7; k++) {
        LoadedLesson ll;
        if (k < 3)
            open_text(texts[k], &ll);
        else
            open_file(files[k - 3], &ll);
        check_every_cell(&ll);
        lesson_close(&ll);
    }
}

/* a GPT-2 block with learned positions and the next-token stages, as the
 * "A real model" lesson builds it by hand */
Test(explain, every_cell_of_the_real_model_lessons) {
    const char *const files[] = {"lessons/en/real-model.lesson", "lessons/zh/real-model.lesson"};
    for (int k = 0; k < 2; k++) {
        LoadedLesson ll;
        open_file(files[k], &ll);
        check_every_cell(&ll);
        lesson_close(&ll);
    }
}

Test(explain, every_cell_of_encoder_and_decoder_layers) {
    LoadedLesson ll;
    open_text(layer_lesson, &ll);
    check_every_cell(&ll);
    lesson_close(&ll);
}

Test(explain, every_cell_of_a_modern_layer) {
    LoadedLesson ll;
    open_text(modern_lesson, &ll);
    check_every_cell(&ll);
    lesson_close(&ll);
}

Test(explain, every_cell_of_the_edge_cases) {
    LoadedLesson ll;
    open_text(edge_lesson, &ll);
    check_every_cell(&ll);
    lesson_close(&ll);
}

Test(explain, every_cell_in_chinese) {
    LoadedLesson ll;
    open_file("tests/golden/zh_pipeline.lesson", &ll);
    check_every_cell(&ll);
    lesson_close(&ll);
    open_text(zh_lesson, &ll);
    check_every_cell(&ll);
    lesson_close(&ll);
}

Test(explain, every_cell_under_each_convention) {
    LoadedLesson ll;
    open_file("tests/golden/conventions.lesson", &ll);
    check_every_cell(&ll);
    lesson_close(&ll);
}

/* ---- exact texts ----------------------------------------------------------- */

/* the first record with an output called `name` */
static const Record *find(const LoadedLesson *ll, const char *name, int *slot) {
    for (int r = 0; r < ll->lesson.nrecords; r++) {
        const Record *rec = &ll->lesson.records[r];
        for (int s = 0; s < rec->noutputs; s++)
            if (strcmp(rec->outputs[s].name, name) == 0) {
                *slot = s;
                return rec;
            }
    }
    cr_assert_fail("no step computes %s", name);
    return NULL;
}

/* explain name[i][j]; the caller frees */
static Explanation explain(const LoadedLesson *ll, const char *name, int i, int j, int precision,
                           const Record **rec_out) {
    int s;
    const Record *rec = find(ll, name, &s);
    Explanation e;
    cr_assert(explain_cell(&ll->lesson, rec, s, i, j, precision, EXPLAIN_WIDTH, &e), "no explanation for %s[%d][%d]", name,
              i, j);
    if (rec_out)
        *rec_out = rec;
    return e;
}

static void expect_text(const LoadedLesson *ll, const char *name, int i, int j, int precision,
                        const char *want) {
    Explanation e = explain(ll, name, i, j, precision, NULL);
    cr_expect_str_eq(e.text, want, "%s[%d][%d]:\n--- got ---\n%s\n--- wanted ---\n%s", name, i, j, e.text,
                     want);
    explain_free(&e);
}

/* the highlight on rec->inputs named `input`, or NULL */
static const Highlight *highlight_on(const Explanation *e, const Record *rec, const char *input) {
    for (int h = 0; h < e->nhighlights; h++)
        if (strcmp(rec->inputs[e->highlights[h].input].name, input) == 0)
            return &e->highlights[h];
    return NULL;
}

static void expect_highlight(const Explanation *e, const Record *rec, const char *input, int row, int col) {
    const Highlight *h = highlight_on(e, rec, input);
    cr_assert_not_null(h, "nothing of %s is highlighted", input);
    cr_expect(h->row == row && h->col == col, "%s: highlighted [%d][%d], wanted [%d][%d]", input, h->row,
              h->col, row, col);
}

Test(explain, a_score_is_a_query_dotted_with_a_key) {
    LoadedLesson ll;
    open_file("lessons/en/tour.lesson", &ll);
    expect_text(&ll, "S_h0", 1, 2, 2,
                "S_h0[1][2] = q(love)·k(cats) = 0.00×1.00 + 1.00×1.00 = 1.00\n"
                "Query “love” against key “cats”: the larger the score, the more “love” attends to “cats”.");
    const Record *rec;
    Explanation e = explain(&ll, "S_h1", 2, 0, 4, &rec);
    /* the per-head record holds both heads: head 1's query and key rows;
     * K_h1 is kept un-transposed, so key 0 is its row 0 */
    cr_expect_eq(e.nhighlights, 2);
    expect_highlight(&e, rec, "Q_h1", 2, -1);
    expect_highlight(&e, rec, "K_h1", 0, -1);
    cr_expect_null(highlight_on(&e, rec, "Q_h0"));
    cr_expect(strncmp(e.text, "S_h1[2][0] = q(cats)·k(I) = ", strlen("S_h1[2][0] = q(cats)·k(I) = ")) == 0,
              "%s", e.text);
    explain_free(&e);
    lesson_close(&ll);
}

Test(explain, a_score_in_chinese) {
    LoadedLesson ll;
    open_text(zh_lesson, &ll);
    expect_text(&ll, "S_h0", 1, 2, 2,
                "S_h0[1][2] = q(爱)·k(猫) = 0.00×1.00 + 1.00×1.00 = 1.00\n"
                "查询“爱”与键“猫”的点积：分数越大，“爱”越关注“猫”。");
    lesson_close(&ll);
}

static const char tour_softmax[] =
    "A_h0[1][0] = exp(T_h0[1][0] − max) / Σ = 0.7022 / 2.7022 = 0.2599\n"
    "max = 0.7071, the largest in row 1 (love) of T_h0; subtracting it keeps every exp ≤ 1:\n"
    "  exp(0.3536 − 0.7071) = 0.7022   ← this cell\n"
    "  exp(0.7071 − 0.7071) = 1.0000\n"
    "  exp(0.7071 − 0.7071) = 1.0000\n"
    "Σ = 0.7022 + 1.0000 + 1.0000 = 2.7022\n"
    "Every row of A_h0 sums to 1.";

Test(explain, softmax_shows_the_max_every_exp_and_the_sum) {
    LoadedLesson ll;
    open_file("lessons/en/tour.lesson", &ll);
    expect_text(&ll, "A_h0", 1, 0, 4, tour_softmax);
    const Record *rec;
    Explanation e = explain(&ll, "A_h0", 1, 0, 4, &rec);
    cr_expect_eq(e.nhighlights, 1);
    expect_highlight(&e, rec, "T_h0", 1, -1);
    explain_free(&e);
    lesson_close(&ll);
}

Test(explain, softmax_in_chinese) {
    LoadedLesson ll;
    open_text(zh_lesson, &ll);
    expect_text(&ll, "A_h0", 1, 0, 4,
                "A_h0[1][0] = exp(T_h0[1][0] − max) / Σ = 0.7022 / 2.7022 = 0.2599\n"
                "最大值 max = 0.7071，取自 T_h0 的第 1 行（爱）；减去它，每个 exp 都不超过 1：\n"
                "  exp(0.3536 − 0.7071) = 0.7022   ← 本格\n"
                "  exp(0.7071 − 0.7071) = 1.0000\n"
                "  exp(0.7071 − 0.7071) = 1.0000\n"
                "求和 Σ = 0.7022 + 1.0000 + 1.0000 = 2.7022\n"
                "A_h0 的每一行之和都是 1。");
    lesson_close(&ll);
}

Test(explain, softmax_edge_cases_follow_the_kernel) {
    LoadedLesson ll;
    open_text(edge_lesson, &ll);
    expect_text(&ll, "s", 0, 1, 2,
                "s[0][1] = 0.00\n"
                "Every score in row 0 of [[-inf, -inf, -inf], [inf, 1, inf]] is -inf (every key is masked):\n"
                "  nothing to attend to, so the row is all 0.");
    expect_text(
        &ll, "s", 1, 2, 2,
        "s[1][2] = 1 / 2 = 0.50\n"
        "2 of the scores in row 1 of [[-inf, -inf, -inf], [inf, 1, inf]] are inf: they share the weight\n"
        "  equally, the others get 0.");
    expect_text(&ll, "softmax([1, inf - inf])", 0, 0, 2,
                "softmax([1, inf - inf])[0][0] = nan\n"
                "There is a NaN in row 0 of [1, inf - inf], so the whole row is NaN.");
    lesson_close(&ll);
}

Test(explain, layer_norm_shows_mean_variance_eps_gamma_and_beta) {
    LoadedLesson ll;
    open_text(full_lesson, &ll);
    const Record *rec;
    Explanation e = explain(&ll, "Y", 1, 1, 4, &rec);
    cr_expect_str_eq(e.text,
                     "Y[1][1] = γ[1]·(R[1][1] − μ)/√(σ² + ε) + β[1] = 3.0511\n"
                     "  = 2.0000×(3.5594 − 1.3024)/1.7694 + 0.5000 = 3.0511\n"
                     "The mean and variance of row 1 (cat) of R:\n"
                     "μ = (0.0491 + 3.5594 + (-0.8358) + 2.4368) / 4 = 1.3024\n"
                     "σ² = ((-1.2532)² + 2.2570² + (-2.1382)² + 1.1345²) / 4 = 3.1309\n"
                     "The variance divides by d = 4 (the population variance, as torch.nn.LayerNorm).\n"
                     "ε = 1e-05 goes inside the square root: √(σ² + ε) = √(3.1309 + 1e-05) = 1.7694.\n"
                     "γ[1] = 2.0000 (from gamma), β[1] = 0.5000 (from beta).",
                     "%s", e.text);
    cr_expect_eq(e.nhighlights, 3);
    expect_highlight(&e, rec, "R", 1, -1);
    expect_highlight(&e, rec, "gamma", 0, 1);
    expect_highlight(&e, rec, "beta", 0, 1);
    explain_free(&e);
    lesson_close(&ll);

    /* the n − 1 convention, and a constant row, which gives β */
    open_text(edge_lesson, &ll);
    e = explain(&ll, "z", 0, 0, 4, NULL);
    cr_expect(strstr(e.text, ") / 3 = 1.6667\nThe variance divides by d − 1 = 3 (the sample variance).\n"),
              "%s", e.text);
    explain_free(&e);
    expect_text(
        &ll, "y", 1, 1, 4,
        "y[1][1] = β[1] = 0.5000\n"
        "μ = (2.0000 + 2.0000 + 2.0000 + 2.0000) / 4 = 2.0000\n"
        "Every value in row 1 of x is the same (σ² = 0): it normalises to 0, so the result is β = 0.5000.");
    lesson_close(&ll);
}

Test(explain, concat_says_which_head_a_column_came_from) {
    LoadedLesson ll;
    open_file("lessons/en/tour.lesson", &ll);
    const Record *rec;
    Explanation e = explain(&ll, "Z", 1, 3, 4, &rec);
    cr_expect_str_eq(e.text,
                     "Z[1][3] = Z_h1[1][1] = 0.7640\n"
                     "Column 3 of Z is column 1 of head 1 (Z_h1): the heads' outputs sit side by side.",
                     "%s", e.text);
    cr_expect_eq(e.nhighlights, 1);
    expect_highlight(&e, rec, "Z_h1", 1, 1);
    explain_free(&e);
    lesson_close(&ll);

    open_text(zh_lesson, &ll);
    expect_text(&ll, "Z", 1, 3, 4,
                "Z[1][3] = Z_h1[1][1] = 0.7640\n"
                "Z 的第 3 列来自第 1 个头的第 1 列（Z_h1）：各个头的输出并排拼在一起。");
    lesson_close(&ll);
}

Test(explain, the_mask_keeps_earlier_keys_and_hides_later_ones) {
    LoadedLesson ll;
    open_text(full_lesson, &ll);
    expect_text(&ll, "M_h0", 0, 2, 4,
                "M_h0[0][2] = -inf\n"
                "Masked: key 2 (sat) comes after query 0 (the), and a token may not look ahead.");
    const Record *rec;
    Explanation e = explain(&ll, "M_h1", 2, 1, 4, &rec);
    cr_expect_str_eq(e.text,
                     "M_h1[2][1] = T_h1[2][1] = 1.5448\n"
                     "Kept: key 1 (cat) ≤ query 2 (sat), an earlier token or the same one.",
                     "%s", e.text);
    expect_highlight(&e, rec, "T_h1", 2, 1);
    explain_free(&e);
    e = explain(&ll, "M_h0", 0, 2, 4, NULL);
    cr_expect_eq(e.nhighlights, 0, "a masked cell comes from no input");
    explain_free(&e);
    lesson_close(&ll);

    open_text(edge_lesson, &ll);
    expect_text(&ll, "mask([[1, 2], [3, 4]], -1e9)", 0, 1, 1,
                "mask([[1, 2], [3, 4]], -1e9)[0][1] = -1.0e+09\n"
                "Masked with -1e+09: key 1 comes after query 0, and a token may not look ahead.\n"
                "Expected -1e+09 (within ±1e+04): matches.");
    lesson_close(&ll);
}

Test(explain, scaling_divides_by_the_root_of_d_k) {
    LoadedLesson ll;
    open_file("lessons/en/tour.lesson", &ll);
    const Record *rec;
    Explanation e = explain(&ll, "T_h0", 0, 1, 4, &rec);
    cr_expect_str_eq(e.text,
                     "T_h0[0][1] = S_h0[0][1] / √d_k = 2.5000 / √2 = 1.7678\n"
                     "d_k = 2, √2 = 1.4142: dividing keeps the scores' spread from growing with d_k.",
                     "%s", e.text);
    expect_highlight(&e, rec, "S_h0", 0, 1);
    explain_free(&e);
    lesson_close(&ll);
}

Test(explain, the_head_split_maps_columns) {
    LoadedLesson ll;
    open_file("lessons/en/tour.lesson", &ll);
    const Record *rec;
    Explanation e = explain(&ll, "K_h1", 2, 1, 4, &rec);
    cr_expect_str_eq(e.text,
                     "K_h1[2][1] = K[2][3] = 1.0000\n"
                     "Head 1 takes columns 2–3 of K (d_k = 2): its column 1 is column 3 of K.",
                     "%s", e.text);
    cr_expect_eq(e.nhighlights, 1);
    expect_highlight(&e, rec, "K", 2, 3);
    explain_free(&e);
    lesson_close(&ll);
}

Test(explain, broadcasting_maps_each_input_cell) {
    LoadedLesson ll;
    open_text(edge_lesson, &ll);
    const Record *rec;
    Explanation e = explain(&ll, "c", 0, 2, 4, &rec);
    cr_expect_str_eq(e.text,
                     "c[0][2] = x[0][2] − mean(x)[0][0] = 3.0000 − 2.5000 = 0.5000\n"
                     "mean(x) is one column (2×1): its value in row 0 is used across the row.",
                     "%s", e.text);
    expect_highlight(&e, rec, "x", 0, 2);
    expect_highlight(&e, rec, "mean(x)", 0, 0);
    explain_free(&e);
    expect_text(&ll, "r", 1, 2, 2,
                "r[1][2] = x[1][2] × (-1.00) = 2.00 × (-1.00) = -2.00\n"
                "[1, 0, -1, 2] is one row (1×4): the same row is used for every row.");
    expect_text(&ll, "k", 0, 3, 2,
                "k[0][3] = 2 / x[0][3] = 2.00 / 4.00 = 0.50\n"
                "2 is a single number, used for every cell.");
    lesson_close(&ll);
}

Test(explain, a_projection_is_a_row_times_a_column_plus_the_bias) {
    LoadedLesson ll;
    open_text(full_lesson, &ll);
    const Record *rec;
    Explanation e = explain(&ll, "V", 0, 0, 4, &rec);
    cr_expect_str_eq(e.text,
                     "V[0][0] = x(the)·W_V[:,0] + b_V[0] = 0.3754\n"
                     /* the printed numbers give 0.3756: the cells were summed unrounded */
                     "  = 1.0000×(-0.1132) + 1.0000×(-0.3120) + 1.0000×(-0.0735) + 1.0000×0.3743 + 0.5000 ≈ 0.3754\n"
                     "Row 0 (the) of X times column 0 of W_V: 4 products, summed, plus the bias b_V.\n"
                     "≈ means equal up to rounding: the result comes from the unrounded numbers.",
                     "%s", e.text);
    cr_expect_eq(e.nhighlights, 3);
    expect_highlight(&e, rec, "X", 0, -1);
    expect_highlight(&e, rec, "W_V", -1, 0);
    expect_highlight(&e, rec, "b_V", 0, 0);
    explain_free(&e);
    lesson_close(&ll);
}

Test(explain, a_long_sum_shows_its_ends) {
    LoadedLesson ll;
    open_text(edge_lesson, &ll);
    expect_text(
        &ll, "P", 0, 0, 4,
        "P[0][0] = b₀·C[:,0] = -0.2685\n"
        "  = 0.1331×0.1824 + 0.4916×0.5308 + 0.9420×0.4527 + (-0.1113)×0.4552 + … + (-0.1917)×0.7343\n"
        "    + 0.2108×(-0.3142)\n"
        "  = -0.2685\n"
        "Row 0 of B times column 0 of C: 12 products, summed.\n"
        "(12 terms; the middle 6 are not shown)");
    lesson_close(&ll);
}

Test(explain, positions_show_the_angle) {
    LoadedLesson ll;
    open_text(full_lesson, &ll);
    expect_text(&ll, "P", 2, 2, 4,
                "P[2][2] = sin(2 / 10000^(2/4)) = sin(0.0200) = 0.0200\n"
                "Position 2; column 2 is even, so sin, with 2i = 2 and d = 4.");
    expect_text(&ll, "P", 1, 1, 4,
                "P[1][1] = cos(1 / 10000^(0/4)) = cos(1.0000) = 0.5403\n"
                "Position 1; column 1 is odd, so cos, paired with column 2i = 0; d = 4.");
    lesson_close(&ll);
}

/* A rotated cell, recomputed here from the formula: its angle, cos and sin
 * (rounded to float as the stage does), the two values it turns, and
 * x·cos θ ∓ y·sin θ with float products gives the cell's bits. */
static void check_rotated(const LoadedLesson *ll, const char *name, int i, int j, bool halves, float base,
                          const char *src) {
    const Record *rec;
    Explanation e = explain(ll, name, i, j, 4, &rec);
    const Matrix *x = NULL, *out = NULL;
    for (int k = 0; k < rec->ninputs; k++)
        if (strcmp(rec->inputs[k].name, src) == 0)
            x = &rec->inputs[k].m;
    for (int k = 0; k < rec->noutputs; k++)
        if (strcmp(rec->outputs[k].name, name) == 0)
            out = &rec->outputs[k].m;
    cr_assert(x && out, "%s or %s missing", src, name);
    int dk = x->cols, half = dk / 2;
    int m = halves ? j % half : j / 2;
    int partner = halves ? (j < half ? j + half : j - half) : (j % 2 == 0 ? j + 1 : j - 1);
    bool first = halves ? j < half : j % 2 == 0;
    double theta = i * pow((double)base, -2.0 * m / dk);
    float c = (float)cos(theta), sn = (float)sin(theta);
    float a = mat_get(x, i, j), b = mat_get(x, i, partner);
    float a_c = a * c, b_s = b * sn;
    float want = first ? a_c - b_s : a_c + b_s;
    float got = mat_get(out, i, j);
    cr_expect(memcmp(&want, &got, sizeof want) == 0, "%s[%d][%d] = %.9g, recomputed %.9g", name, i, j, (double)got,
              (double)want);
    char cos_p[32], sin_p[32], sym[128], pair[64];
    /* a number in an explanation is spelt as on the matrices: '-', not − */
    mtext_format(cos_p, sizeof cos_p, c, 4);
    mtext_format(sin_p, sizeof sin_p, sn, 4);
    snprintf(sym, sizeof sym, "%s[%d][%d] = %s[%d][%d]·cos θ %s %s[%d][%d]·sin θ = ", name, i, j, src, i, j,
             first ? "−" : "+", src, i, partner);
    snprintf(pair, sizeof pair, "pair m = %d (columns %d and %d)", m, first ? j : partner, first ? partner : j);
    cr_expect(strncmp(e.text, sym, strlen(sym)) == 0, "wanted the start %s\n%s", sym, e.text);
    cr_expect(strstr(e.text, pair), "no '%s' in\n%s", pair, e.text);
    char cos_text[48], sin_text[48];
    snprintf(cos_text, sizeof cos_text, "cos θ = %s", cos_p);
    snprintf(sin_text, sizeof sin_text, "sin θ = %s", sin_p);
    cr_expect(strstr(e.text, cos_text) && strstr(e.text, sin_text), "wanted %s and %s in\n%s", cos_text, sin_text,
              e.text);
    expect_highlight(&e, rec, src, i, j);
    explain_free(&e);
}

Test(explain, a_rotated_cell_shows_its_angle_cos_and_sin) {
    LoadedLesson ll;
    open_text(rope_lesson, &ll);
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) {
            check_rotated(&ll, "Qr_h1", i, j, false, 10000.0f, "Q_h1");
            check_rotated(&ll, "Kr_h0", i, j, false, 10000.0f, "K_h0");
        }
    /* by hand: cos 2 = -0.41615, sin 2 = 0.90930; -0.7789×(-0.4161) + (-0.5873)×0.9093 = -0.2099 from the
     * printed numbers, -0.2100 from the unrounded ones: ≈ */
    expect_text(&ll, "Qr_h0", 2, 1, 4,
                "Qr_h0[2][1] = Q_h0[2][1]·cos θ + Q_h0[2][0]·sin θ = -0.2100\n"
                "  = (-0.7789)×(-0.4161) + (-0.5873)×0.9093 ≈ -0.2100\n"
                "Position 2, pair m = 0 (columns 0 and 1): θ = 2·10000^(−0/4) = 2 rad.\n"
                "cos θ = -0.4161 and sin θ = 0.9093; this column is the pair's second, so x·cos θ + y·sin θ.\n"
                "≈ means equal up to rounding: the result comes from the unrounded numbers.");
    lesson_close(&ll);
    open_text(halves_lesson, &ll);
    for (int i = 0; i < 5; i++)
        for (int j = 0; j < 2; j++)
            check_rotated(&ll, "Kr_h3", i, j, true, 100.0f, "K_h3");
    lesson_close(&ll);
}

Test(explain, a_grouped_head_says_which_key_value_head_it_reads) {
    LoadedLesson ll;
    open_text(halves_lesson, &ll);
    const Record *rec;
    Explanation e = explain(&ll, "K_h3", 4, 1, 4, &rec);
    char want[512];
    const Matrix *K = mlist_find(&ll.lesson.env, "K");
    char v[32];
    mtext_format(v, sizeof v, mat_get(K, 4, 3), 4);
    snprintf(want, sizeof want,
             "K_h3[4][1] = K[4][3] = %s\n"
             "Query head 3 reads K head 1 = ⌊3 / 2⌋ (grouped-query attention: 2 K/V heads, each shared by 2\n"
             "  query heads): columns 2–3 of K (d_k = 2); its column 1 is column 3 of K.",
             v);
    cr_expect_str_eq(e.text, want, "%s", e.text);
    expect_highlight(&e, rec, "K", 4, 3);
    explain_free(&e);
    e = explain(&ll, "V_h0", 0, 0, 4, &rec);
    cr_expect(strstr(e.text, "Query head 0 reads V head 0 = ⌊0 / 2⌋"), "%s", e.text);
    explain_free(&e);
    lesson_close(&ll);
}

/* one K/V head for all query heads (multi-query) reads in the singular */
Test(explain, one_key_value_head_is_shared_by_all_query_heads) {
    LoadedLesson ll;
    open_text(rope_lesson, &ll);
    const Record *rec;
    for (int zh = 0; zh < 2; zh++) {
        if (zh) { /* the same lesson in Chinese */
            lesson_close(&ll);
            char text[1024];
            snprintf(text, sizeof text, "language zh\n%s", rope_lesson);
            open_text(text, &ll);
        }
        Explanation e = explain(&ll, "V_h1", 2, 3, 4, &rec);
        char flat[1024]; /* the text unwrapped: continuation lines joined */
        size_t n = 0;
        for (const char *p = e.text; *p && n + 1 < sizeof flat; p++) {
            if (p[0] == '\n' && p[1] == ' ' && p[2] == ' ')
                p += 2, flat[n++] = zh ? '\0' : ' ';
            else
                flat[n++] = *p;
            if (zh && n > 0 && flat[n - 1] == '\0')
                n--;
        }
        flat[n] = '\0';
        const char *want = zh ? "第 1 个查询头读取 V 的第 0 = ⌊1 / 2⌋ 个头（多查询注意力（MQA）：1 个键值头，由全部 2 "
                                "个查询头共用）"
                              : "Query head 1 reads V head 0 = ⌊1 / 2⌋ (multi-query attention: 1 K/V head, shared "
                                "by all 2 query heads): columns 0–3 of V (d_k = 4); its column 3 is column 3 of V.";
        cr_expect(strstr(flat, want), "%s", e.text);
        cr_expect_not(strstr(flat, "each shared"), "%s", e.text);
        explain_free(&e);
    }
    lesson_close(&ll);
}

Test(explain, learned_positions_are_added_row_by_row) {
    LoadedLesson ll;
    open_text(learned_lesson, &ll);
    const Record *rec;
    Explanation e = explain(&ll, "X", 2, 3, 4, &rec);
    cr_expect(strncmp(e.text, "X[2][3] = E[2][3] + wpe[2][3] = ", strlen("X[2][3] = E[2][3] + wpe[2][3] = ")) == 0,
              "%s", e.text);
    expect_highlight(&e, rec, "wpe", 2, 3);
    explain_free(&e);
    lesson_close(&ll);
}

/* stack(A, B): a row comes from one input; last(M): M's last row */
Test(explain, stack_and_last_name_the_row_they_take) {
    LoadedLesson ll;
    open_text("A = [[1, 2], [3, 4]]\nB = [5, 6]\nC = stack(A, B)\nL = last(C)\n", &ll);
    expect_text(&ll, "C", 2, 1, 4,
                "C[2][1] = B[0][1] = 6.0000\n"
                "Row 2 is row 0 of input 1, B: the inputs sit one under the other, each adding its rows.");
    expect_text(&ll, "C", 1, 0, 4,
                "C[1][0] = A[1][0] = 3.0000\n"
                "Row 1 is row 1 of input 0, A: the inputs sit one under the other, each adding its rows.");
    expect_text(&ll, "L", 0, 1, 4,
                "L[0][1] = C[2][1] = 6.0000\n"
                "Row 2, column 1 of C (the index takes the whole row).");
    lesson_close(&ll);
}

/* the next-token steps keep one row, the last token's (␣cat, the last
 * of VOCAB_LESSON's `tokens` line): their explanations name it, not the
 * first */
Test(explain, the_next_token_row_is_the_last_token) {
    static const char *const want[2][2] = {
        {"The row y of the last token “␣cat” against the embedding of token “␣sat down”", "row 0 (␣cat) of logits"},
        {"最后一个词元“␣cat”的行 y 与词元“␣sat down”的嵌入", "logits 的第 0 行（␣cat）"},
    };
    for (int zh = 0; zh < 2; zh++) {
        char text[1024];
        snprintf(text, sizeof text, "%s%s", zh ? "language zh\n" : "", VOCAB_LESSON);
        LoadedLesson ll;
        open_text(text, &ll);
        Explanation e = explain(&ll, "logits", 0, 2, 4, NULL);
        cr_expect(strstr(e.text, want[zh][0]) != NULL, "%s", e.text);
        explain_free(&e);
        e = explain(&ll, "probs", 0, 1, 4, NULL);
        cr_expect(strstr(e.text, want[zh][1]) != NULL, "%s", e.text);
        explain_free(&e);
        lesson_close(&ll);
    }
}

Test(explain, an_expect_explains_its_value_and_the_number_written) {
    LoadedLesson ll;
    open_file("lessons/en/tour.lesson", &ll);
    expect_text(&ll, "S_h0[0][1]", 0, 0, 4,
                "S_h0[0][1] = 2.5000\n"
                "Row 0, column 1 of S_h0.\n"
                "Expected 2.5 (within ±0.05): matches.");
    lesson_close(&ll);
}

/* At 0 decimals the tour's softmax would read exp(0 − 2) = 0 and max = 2
 * (T_h0[0] = (0.1768, 1.7678, 1.0607), A_h0[0][0] = 0.1201): numbers keep
 * 2 significant digits, so the equations hold as written. */
Test(explain, reduced_digits_keep_equations_true) {
    LoadedLesson ll;
    open_file("lessons/en/tour.lesson", &ll);
    const Lesson *l = &ll.lesson;
    bool found = false;
    for (int r = 0; r < l->nrecords && !found; r++) {
        const Record *rec = &l->records[r];
        if (rec->stage != STAGE_SOFTMAX)
            continue;
        Explanation e;
        cr_assert(explain_cell(l, rec, 0, 0, 0, 0, EXPLAIN_WIDTH, &e));
        cr_expect(strstr(e.text, "max = 1.8,"), "%s", e.text);
        cr_expect(strstr(e.text, "exp(0.18 − 1.8) = 0.20"), "%s", e.text);
        cr_expect(strstr(e.text, "= 0.12\n"), "%s", e.text);
        explain_free(&e);
        found = true;
    }
    cr_expect(found);
    lesson_close(&ll);
}

/* RMSNorm: the row's squares, their mean, the root with ε, then γ; the
 * numbers worked by hand: x = [1, 2, 3, 4], mean(x²) = 30/4 = 7.5,
 * √(7.5 + 1e-5) = 2.7386, 2 × 2 / 2.7386 = 1.4606 */
Test(explain, rmsnorm_shows_the_mean_of_squares_the_root_and_gamma) {
    LoadedLesson ll;
    open_text(modern_lesson, &ll);
    const Record *rec;
    Explanation e = explain(&ll, "n", 0, 1, 4, &rec);
    cr_expect_str_eq(e.text,
                     "n[0][1] = γ[1]·x[0][1] / √(mean(x²) + ε) = 2.0000×2.0000 / 2.7386 = 1.4606\n"
                     "The root mean square of row 0 of x (nothing is subtracted first):\n"
                     "mean(x²) = (1.0000² + 2.0000² + 3.0000² + 4.0000²) / 4 = 7.5000\n"
                     "ε = 1e-05 goes inside the square root: RMS = √(mean(x²) + ε) = √(7.5000 + 1e-05) = 2.7386.\n"
                     "Unlike layer norm, RMSNorm neither subtracts the mean nor adds a β: a row's direction is kept,\n"
                     "  only its size is set to about 1.\n"
                     "γ[1] = 2.0000 (from [1, 2, 1, 1]) scales this column.",
                     "%s", e.text);
    explain_free(&e);
    /* eps = 0.5: √(7.5 + 0.5) = 2.8284, 3 / 2.8284 = 1.0607 */
    e = explain(&ll, "m", 0, 2, 4, NULL);
    cr_expect(strstr(e.text, "m[0][2] = x[0][2] / √(mean(x²) + ε) = 3.0000 / 2.8284 = 1.0607\n"), "%s",
              e.text);
    cr_expect(strstr(e.text, "No γ is given: γ = 1."), "%s", e.text);
    explain_free(&e);
    e = explain(&ll, "n", 1, 0, 4, NULL);
    cr_expect(strstr(e.text, "all zeros"), "%s", e.text);
    explain_free(&e);
    lesson_close(&ll);
}

/* the gate: σ(g), silu(g) = g·σ(g), then the product with u; silu() alone.
 * By hand: silu(−1) = −1 / (1 + e) = −0.2689, σ(−1) = 0.2689 */
Test(explain, a_gate_cell_shows_sigma_silu_and_the_product) {
    LoadedLesson ll;
    open_text(modern_lesson, &ll);
    const Record *rec;
    Explanation e = explain(&ll, "h", 0, 1, 4, &rec);
    cr_expect(strstr(e.text, "h[0][1] = ") && strstr(e.text, "·σ(") && strstr(e.text, "= 0.0000\n"), "%s", e.text);
    explain_free(&e);
    e = explain(&ll, "h", 0, 0, 4, NULL);
    cr_expect(strstr(e.text, "= (-1.0000)×0.2689 = -0.2689\n"), "%s", e.text);
    cr_expect(strstr(e.text, "σ(-1.0000) = 1 / (1 + e^(−(-1.0000))) = 0.2689"), "%s", e.text);
    explain_free(&e);
    e = explain(&ll, "H", 1, 2, 4, &rec);
    cr_expect(strstr(e.text, "H[1][2] = silu(G[1][2])·U[1][2] = "), "%s", e.text);
    cr_expect(strstr(e.text, "silu(") && strstr(e.text, "σ("), "%s", e.text);
    cr_expect(strstr(e.text, "says how much of the number of U in the same place passes on"), "%s", e.text);
    expect_highlight(&e, rec, "G", 1, 2);
    expect_highlight(&e, rec, "U", 1, 2);
    explain_free(&e);
    lesson_close(&ll);
}
