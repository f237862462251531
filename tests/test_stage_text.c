/* The stages' default narratives read naturally for every head count:
 * one head, one shared K/V head (multi-query attention), and several,
 * in English and Chinese. The expected sentences are written out here. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/kernels.h"
#include "lang/loader.h"
#include "record/stage_text.h"

static void init(void) { engine_init("scalar", NULL); }

TestSuite(stage_text, .init = init);

/* 3 tokens, d = 4; `attention` is appended by each test */
static const char weights[] =
    "tokens a b c\n"
    "E = [[1, 0, 1, 0], [0, 2, 0, 2], [1, 1, 1, 1]]\n"
    "W_Q = eye(4)\n"
    "W_O = eye(4)\n";

/* the narrative of the group titled `title` in lesson `language`, with
 * `kv_cols` columns in W_K and W_V and the statement `attention` */
static char *narrative(const char *language, int kv_cols, const char *attention, const char *title) {
    char text[1024];
    snprintf(text, sizeof text, "language %s\n%sW_K = random 4x%d seed 1\nW_V = random 4x%d seed 2\n%s\n", language,
             weights, kv_cols, kv_cols, attention);
    LoadedLesson ll;
    cr_assert(lesson_open_text("t.lesson", text, strlen(text), NULL, &ll), "%s", text);
    char *found = NULL;
    for (int g = 0; g < ll.lesson.ngroups && !found; g++)
        if (ll.lesson.groups[g].title && strcmp(ll.lesson.groups[g].title, title) == 0)
            found = strdup(ll.lesson.groups[g].narrative ? ll.lesson.groups[g].narrative : "");
    lesson_close(&ll);
    cr_assert(found, "no step titled %s", title);
    return found;
}

Test(stage_text, concat_with_one_head_is_singular) {
    char *t = narrative("en", 4, "attention E heads 1", "Concatenate the heads");
    cr_expect_str_eq(t, "With one head there is nothing to put beside its output: Z is Z_h0, already 4 columns. "
                        "Nothing is summed.");
    free(t);
    t = narrative("zh", 4, "attention E heads 1", "拼接各个头");
    cr_expect_str_eq(t, "只有一个头，没有别的输出要并排拼接：Z 就是 Z_h0，已经是 4 列。这里没有求和。");
    free(t);
}

Test(stage_text, concat_with_two_heads_is_plural) {
    char *t = narrative("en", 4, "attention E heads 2", "Concatenate the heads");
    cr_expect_str_eq(t, "The 2 heads' outputs are put side by side, back to 4 columns: columns h·d_k to "
                        "(h+1)·d_k − 1 of Z come from head h. Nothing is summed.");
    free(t);
    t = narrative("zh", 4, "attention E heads 2", "拼接各个头");
    cr_expect_str_eq(t, "2 个头的输出并排拼接，回到 4 列：Z 的第 h·d_k 到 (h+1)·d_k − 1 列来自第 h 个头。"
                        "这里没有求和。");
    free(t);
}

/* the split's note on shared K/V heads: kv_heads = 1 is one head for all */
Test(stage_text, one_key_value_head_is_shared_by_all_query_heads) {
    char *t = narrative("en", 1, "attention E heads 4 kv_heads 1", "Split into 4 heads");
    const char *en = "Multi-query attention: K and V have only kv_heads = 1 head of d_k columns, shared by all 4 "
                     "query heads: every query head reads K/V head 0.";
    cr_expect(strstr(t, en), "%s", t);
    cr_expect_not(strstr(t, "1 heads"), "%s", t);
    free(t);
    t = narrative("zh", 1, "attention E heads 4 kv_heads 1", "拆分为 4 个头");
    cr_expect(strstr(t, "多查询注意力（MQA）：K 和 V 只有 kv_heads = 1 个头（d_k 列），全部 4 个查询头共用这一个"
                        "键值头：每个查询头都读取第 0 个键值头。"),
              "%s", t);
    free(t);
    /* two K/V heads: still the groups */
    t = narrative("en", 2, "attention E heads 4 kv_heads 2", "Split into 4 heads");
    cr_expect(strstr(t, "Grouped-query attention: K and V have only kv_heads = 2 heads of d_k columns, shared by "
                        "the query heads in groups of 2: query head h reads K/V head ⌊h / 2⌋."),
              "%s", t);
    free(t);
}

/* the embeddings step says how positions come in: the sinusoidal table,
 * a learned table (GPT-2's wpe), or nothing added with rotary positions */
Test(stage_text, the_embeddings_say_which_positions) {
    char *s = narrative("en", 4, "attention E positions sinusoidal", "Embeddings");
    cr_expect(strstr(s, "position is added in: with sinusoidal positions P[pos][2i] = sin(pos / 10000^(2i/d))"), "%s", s);
    free(s);
    s = narrative("en", 4, "P = random 3x4 seed 3\nattention E positions learned", "Embeddings");
    cr_expect(strstr(s, "position is added in: here P is a table of learned positions (GPT-2's wpe), one trained "
                        "row per position; row i is added to token i."),
              "%s", s);
    cr_expect(!strstr(s, "sinusoidal"), "%s", s);
    free(s);
    s = narrative("en", 4, "attention E positions rope", "Embeddings");
    cr_expect(strstr(s, "here nothing is added, so X is just E; rotary positions turn"), "%s", s);
    free(s);
    s = narrative("zh", 4, "P = random 3x4 seed 3\nattention E positions learned", "嵌入与位置编码");
    cr_expect(strstr(s, "所以要加上位置信息：这里的 P 是一张可学习位置编码表（GPT-2 的 wpe）"), "%s", s);
    free(s);
    s = narrative("zh", 4, "attention E positions rope", "嵌入与位置编码");
    cr_expect(strstr(s, "这里什么也不加，X 就是 E；旋转位置编码（RoPE）"), "%s", s);
    free(s);
}

/* the formulas' {key:A|B} choices (stages.def): what the sub-layer has
 * chooses the text, written out here */
Test(stage_text, formula_choices_follow_what_the_layer_has) {
    char buf[4096];
    StageNumbers num = {.n = 3, .d = 4, .heads = 4, .d_k = 1};
    cr_expect_str_eq(stage_text(STAGE_OUTPUT, "en", &num, buf, sizeof buf).formula, "O = Z·W_O");
    cr_expect_str_eq(stage_text(STAGE_EMBED, "zh", &num, buf, sizeof buf).formula, "X = E");
    cr_expect_str_eq(stage_text(STAGE_SPLIT, "en", &num, buf, sizeof buf).formula,
                     "Q_h = Q[:, h·d_k : (h+1)·d_k]   d_k = 4 / 4 = 1");
    num.has = SN_B_O | SN_B_K | SN_POS | SN_GQA | SN_MASKED;
    num.group = 2;
    cr_expect_str_eq(stage_text(STAGE_OUTPUT, "en", &num, buf, sizeof buf).formula, "O = Z·W_O + b_O");
    cr_expect_str_eq(stage_text(STAGE_PROJECT, "zh", &num, buf, sizeof buf).formula,
                     "Q = X·W_Q   K = X·W_K + b_K   V = X·W_V");
    cr_expect_str_eq(stage_text(STAGE_EMBED, "en", &num, buf, sizeof buf).formula, "X = E + P");
    cr_expect_str_eq(stage_text(STAGE_SPLIT, "zh", &num, buf, sizeof buf).formula,
                     "Q_h = Q[:, h·d_k : (h+1)·d_k]   K_h = K[:, g·d_k : (g+1)·d_k]   g = ⌊h / 2⌋   d_k = 1");
    cr_expect_str_eq(stage_text(STAGE_SOFTMAX, "en", &num, buf, sizeof buf).formula,
                     "A_h[i][j] = exp(M[i][j] − max_i) / Σ_k exp(M[i][k] − max_i)");
}
