/* test_axes.c - token labels come from what an axis counts (Slot.axis),
 * never from a size that happens to equal the number of tokens: in the
 * trace's text and in the UI's matrices (its state, without a terminal).
 * kv-cache has 4 tokens and 4×4 weights; real-model 4 tokens and heads of
 * d_k = 4; a decoder's memory as many rows as its text. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "lang/loader.h"
#include "output/trace.h"
#include "support.h"
#include "ui/state.h"

/* the line `nth` lines below the header line `head` (a matrix's name and
 * shape) in a trace, into buf; "" when the header is missing */
static const char *line_below(const char *trace, const char *head, int nth, char *buf, size_t size) {
    char want[128];
    snprintf(want, sizeof want, "\n%s\n", head);
    const char *p = strstr(trace, want);
    buf[0] = '\0';
    if (!p)
        return buf;
    p += strlen(want);
    for (int k = 0; k < nth && p; k++) {
        p = strchr(p, '\n');
        p = p ? p + 1 : NULL;
    }
    if (p)
        snprintf(buf, size, "%.*s", (int)strcspn(p, "\n"), p);
    return buf;
}

static char *trace_of(const char *lesson) {
    RunResult r = RUN("--simd", "scalar", "trace", lesson);
    cr_assert_eq(r.status, 0, "trace %s: %s", lesson, r.err);
    char *out = r.out;
    r.out = NULL;
    run_free(&r);
    return out;
}

/* the first word of a line (its row label) */
static const char *first_word(const char *line, char *buf, size_t size) {
    while (*line == ' ')
        line++;
    snprintf(buf, size, "%.*s", (int)strcspn(line, " "), line);
    return buf;
}

Test(axes, kv_cache_labels_the_tokens_not_the_weights) {
    char *t = trace_of("kv-cache");
    char line[256], word[64];
    /* W_K is 4×4 like the 4 tokens' matrices: its rows are features */
    cr_expect_str_eq(first_word(line_below(t, "W_K  4×4", 1, line, sizeof line), word, sizeof word), "0");
    cr_expect_str_eq(first_word(line_below(t, "W_K  4×4", 2, line, sizeof line), word, sizeof word), "1");
    /* A_h0's rows are queries and its columns keys */
    cr_expect(strstr(line_below(t, "A_h0  4×4", 0, line, sizeof line), "love") != NULL, "%s", line);
    cr_expect_str_eq(first_word(line_below(t, "A_h0  4×4", 4, line, sizeof line), word, sizeof word), "too");
    /* what is computed from them says which tokens, even before the
     * attention statement that makes E the text's: three cached rows,
     * token 3's query, its four keys */
    cr_expect_str_eq(first_word(line_below(t, "K_cache  3×4", 3, line, sizeof line), word, sizeof word), "cats");
    cr_expect_str_eq(first_word(line_below(t, "q_3  1×4", 1, line, sizeof line), word, sizeof word), "too");
    cr_expect(strstr(line_below(t, "t_3  1×4", 0, line, sizeof line), "cats") != NULL, "%s", line);
    cr_expect_str_eq(first_word(line_below(t, "t_3  1×4", 0, line, sizeof line), word, sizeof word), "I");
    free(t);
}

Test(axes, real_model_labels_the_rows_of_q_and_the_keys_of_s) {
    char *t = trace_of("real-model");
    char line[256], word[64];
    /* Q_h0 is 4×4 (4 tokens, d_k = 4): its columns are features */
    line_below(t, "Q_h0  4×4", 0, line, sizeof line);
    cr_expect(strstr(line, "The") == NULL && strstr(line, "0") != NULL, "Q_h0's columns: %s", line);
    cr_expect_str_eq(first_word(line_below(t, "Q_h0  4×4", 1, line, sizeof line), word, sizeof word), "The");
    cr_expect(strstr(line_below(t, "S_h0  4×4", 0, line, sizeof line), "␣cat") != NULL, "%s", line);
    /* W_E's rows are the vocabulary, because `unembed W_E` says so */
    cr_expect_str_eq(first_word(line_below(t, "W_E  6×8", 6, line, sizeof line), word, sizeof word), "␣mat");
    free(t);
}

/* a decoder whose memory has as many rows as the text (3): the memory's
 * rows are the source's, so the cross-attention's keys are numbered and
 * its queries are the text's tokens */
Test(axes, decoder_cross_attention_keys_are_the_memory) {
    char *dir = temp_dir(), path[1024];
    snprintf(path, sizeof path, "%s/cross.lesson", dir);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("tokens I love cats\n"
          "E = random 3x4 seed 1\n"
          "M = random 3x4 seed 2\n"
          "W_Q, W_K, W_V, W_O = random 4x4 seed 3\n"
          "W_1 = random 4x8 seed 20\n"
          "W_2 = random 8x4 seed 30\n"
          "cross_W_Q, cross_W_K, cross_W_V, cross_W_O = random 4x4 seed 40\n"
          "layer decoder E heads 1 ffn 8 memory M\n",
          f);
    fclose(f);
    char *t = trace_of(path);
    char line[256], word[64];
    line_below(t, "cross_A_h0  3×3", 0, line, sizeof line);
    cr_expect(strstr(line, "love") == NULL && strstr(line, "2") != NULL, "cross_A_h0's columns: %s", line);
    cr_expect_str_eq(first_word(line_below(t, "cross_A_h0  3×3", 2, line, sizeof line), word, sizeof word), "love");
    cr_expect_str_eq(first_word(line_below(t, "cross_K  3×4", 1, line, sizeof line), word, sizeof word), "0");
    /* the self-attention's keys are the text's */
    cr_expect(strstr(line_below(t, "A_h0  3×3", 0, line, sizeof line), "love") != NULL, "%s", line);
    free(t);
    remove_tree(dir);
    free(dir);
}

/* the slot named `name` among the matrices the UI shows at the first
 * record that has it, with the labels the UI draws */
static const Slot *ui_slot(UiState *s, const LoadedLesson *ll, const char *name) {
    for (int r = 0; r < ll->lesson.nrecords; r++) {
        ui_go(s, r);
        ViewMatrix view[UI_MAX_VIEW];
        int n = ui_view(s, view);
        for (int k = 0; k < n; k++)
            if (strcmp(view[k].slot->name, name) == 0)
                return view[k].slot;
    }
    return NULL;
}

Test(axes, the_ui_labels_what_the_record_says) {
    static const struct {
        const char *lesson, *name;
        const char *row0, *col0; /* NULL: numbered */
    } cases[] = {
        {"kv-cache", "W_K", NULL, NULL},
        {"kv-cache", "A_h0", "I", "I"},
        {"kv-cache", "t_3", "too", "I"},
        {"real-model", "Q_h0", "The", NULL},
        {"real-model", "K_h0", "The", NULL},
        {"real-model", "logits", "␣on", "The"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        LoadedLesson ll;
        Error err = {0};
        cr_assert(lesson_open(cases[c].lesson, NULL, &ll, &err), "%s", err.msg);
        UiState s;
        ui_state_init(&s, &ll, false);
        const Slot *slot = ui_slot(&s, &ll, cases[c].name);
        cr_assert_not_null(slot, "%s: no %s", cases[c].lesson, cases[c].name);
        const char *const *rows, *const *cols;
        trace_matrix_labels(&ll.lesson, ui_record(&s), slot, &rows, &cols);
        if (cases[c].row0)
            cr_expect(rows && strcmp(rows[0], cases[c].row0) == 0, "%s %s row 0", cases[c].lesson, cases[c].name);
        else
            cr_expect_null(rows, "%s %s: rows labelled %s", cases[c].lesson, cases[c].name, rows[0]);
        if (cases[c].col0)
            cr_expect(cols && strcmp(cols[0], cases[c].col0) == 0, "%s %s column 0", cases[c].lesson, cases[c].name);
        else
            cr_expect_null(cols, "%s %s: columns labelled %s", cases[c].lesson, cases[c].name, cols[0]);
        lesson_close(&ll);
    }
}
