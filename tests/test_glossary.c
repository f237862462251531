/* docs/glossary.md is what the Chinese text uses: no word the glossary
 * marks "never ..." appears in the lessons, the stage texts, the messages
 * or the UI words, outside a quotation (an article may use any word). */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

/* the CJK words after "never " in the glossary, except "never X for ..." */
static int banned_words(char words[][32], int max) {
    char *path = source_path("docs/glossary.md");
    char *text = read_file(path);
    free(path);
    cr_assert_not_null(text);
    int n = 0;
    for (const char *p = strstr(text, "never "); p && n < max; p = strstr(p + 1, "never ")) {
        const char *w = p + 6;
        for (;;) {
            size_t len = 0;
            while ((unsigned char)w[len] >= 0xE0) /* a run of three-byte (CJK) characters */
                len += 3;
            if (len == 0 || len >= 32 || !strncmp(w + len, " for ", 5))
                break;
            snprintf(words[n++], 32, "%.*s", (int)len, w);
            if (strncmp(w + len, " / ", 3) != 0 || n == max)
                break;
            w += len + 3;
        }
    }
    free(text);
    return n;
}

/* blank out every “...” so quotations are not checked */
static void drop_quotations(char *text) {
    for (char *p = strstr(text, "“"); p; p = strstr(p, "“")) {
        char *q = strstr(p, "”");
        if (!q)
            break;
        memset(p, ' ', (size_t)(q + 3 - p));
        p = q + 3;
    }
}

static void check_file(const char *rel, char words[][32], int n) {
    char *path = source_path(rel);
    char *text = read_file(path);
    free(path);
    cr_assert_not_null(text, "%s", rel);
    drop_quotations(text);
    for (int k = 0; k < n; k++) {
        const char *hit = strstr(text, words[k]);
        cr_expect(hit == NULL, "%s uses “%s”, which docs/glossary.md rules out: ...%.40s", rel, words[k],
                  hit ? hit : "");
    }
    free(text);
}

Test(glossary, the_chinese_text_keeps_to_the_glossary) {
    char words[32][32];
    int n = banned_words(words, 32);
    cr_assert(n >= 5, "only %d banned words read from the glossary", n);
    char *dir = source_path("lessons/zh");
    DIR *d = opendir(dir);
    cr_assert_not_null(d, "%s", dir);
    struct dirent *e;
    int lessons = 0;
    while ((e = readdir(d))) {
        if (!strstr(e->d_name, ".lesson"))
            continue;
        char rel[300];
        snprintf(rel, sizeof rel, "lessons/zh/%s", e->d_name);
        check_file(rel, words, n);
        lessons++;
    }
    closedir(d);
    free(dir);
    cr_expect(lessons >= 16);
    static const char *const message_parts[] = {"src/util/msg_engine.h", "src/util/msg_io.h", "src/util/msg_lang.h",
                                                "src/util/msg_front.h"};
    for (size_t k = 0; k < sizeof message_parts / sizeof message_parts[0]; k++)
        check_file(message_parts[k], words, n);
    check_file("src/attention/stages.def", words, n);
}

/* the number of times `word` occurs in the text of `rel` */
static int occurrences(const char *rel, const char *word) {
    char *path = source_path(rel);
    char *text = read_file(path);
    cr_assert_not_null(text, "%s", path);
    int n = 0;
    for (const char *p = text; (p = strstr(p, word)) != NULL; p += strlen(word))
        n++;
    free(text);
    free(path);
    return n;
}

Test(glossary, the_scaling_lesson_names_scaled_dot_product_attention_once) {
    cr_expect_eq(occurrences("lessons/en/scaling.lesson", "scaled dot-product attention"), 1);
    cr_expect_eq(occurrences("lessons/zh/scaling.lesson", "缩放点积注意力"), 1);
}

/* the glossary row whose English column starts with `en`, or NULL; the
 * row is copied into row */
static bool glossary_row(const char *text, const char *en, char *row, size_t size) {
    char head[128];
    snprintf(head, sizeof head, "\n| %s", en);
    const char *p = strstr(text, head);
    if (!p)
        return false;
    const char *end = strchr(p + 1, '\n');
    snprintf(row, size, "%.*s", (int)(end ? end - p : (long)strlen(p)), p);
    return true;
}

/* a lesson's text, every run of blanks one space (a term may be broken
 * across lines), ASCII lower-cased if `lower` */
static char *flattened(const char *rel, bool lower) {
    char *path = source_path(rel);
    char *text = read_file(path);
    free(path);
    if (!text)
        return NULL;
    char *w = text;
    for (const char *r = text; *r; r++) {
        char c = *r;
        if (c == '\n' || c == '\t' || c == ' ') {
            if (w > text && w[-1] == ' ')
                continue;
            c = ' ';
        }
        *w++ = lower && c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
    }
    *w = '\0';
    return text;
}

/* Terms the lessons use that the glossary once lacked: each has its row,
 * with its Chinese term; and where an English lesson uses the term (one
 * that means one thing only), its Chinese version uses the glossary's
 * Chinese term. ("memory" and "layer N" are only looked up: "memory" also
 * means a computer's memory, and "layer 4" is spelt many ways.) */
Test(glossary, names_the_terms_the_lessons_use) {
    static const struct {
        const char *en, *zh;
        bool in_lessons;
    } terms[] = {
        {"memory", "记忆", false},          {"layer N", "第 N 层", false},
        {"residual stream", "残差流", true}, {"sub-layer", "子层", true},
        {"prompt", "提示词", true},          {"prefill", "预填充", true},
        {"decoding step", "解码步骤", true}, {"attention sink", "注意力汇聚点", true},
        {"induction head", "归纳头", true},  {"previous-token head", "前一词元头", true},
        {"KV cache", "KV 缓存", true},
    };
    char *path = source_path("docs/glossary.md");
    char *text = read_file(path);
    free(path);
    cr_assert_not_null(text);
    for (size_t t = 0; t < sizeof terms / sizeof terms[0]; t++) {
        char row[512];
        if (!glossary_row(text, terms[t].en, row, sizeof row)) {
            cr_expect_fail("docs/glossary.md has no row for \"%s\"", terms[t].en);
            continue;
        }
        const char *zh_col = strchr(row + 2, '|');
        cr_expect(zh_col && strncmp(zh_col, "| ", 2) == 0 && strncmp(zh_col + 2, terms[t].zh, strlen(terms[t].zh)) == 0,
                  "glossary row for \"%s\" does not give %s: %s", terms[t].en, terms[t].zh, row);
    }
    free(text);

    char *dir = source_path("lessons/en");
    DIR *d = opendir(dir);
    cr_assert_not_null(d, "%s", dir);
    struct dirent *e;
    int used = 0;
    while ((e = readdir(d))) {
        if (!strstr(e->d_name, ".lesson"))
            continue;
        char en_rel[300], zh_rel[300];
        snprintf(en_rel, sizeof en_rel, "lessons/en/%s", e->d_name);
        snprintf(zh_rel, sizeof zh_rel, "lessons/zh/%s", e->d_name);
        char *en = flattened(en_rel, true), *zh = flattened(zh_rel, false);
        cr_assert(en && zh, "%s or %s cannot be read", en_rel, zh_rel);
        for (size_t t = 0; t < sizeof terms / sizeof terms[0]; t++) {
            if (!terms[t].in_lessons)
                continue;
            char lower[64];
            size_t k = 0;
            for (; terms[t].en[k] && k + 1 < sizeof lower; k++)
                lower[k] = (char)(terms[t].en[k] >= 'A' && terms[t].en[k] <= 'Z' ? terms[t].en[k] - 'A' + 'a'
                                                                                 : terms[t].en[k]);
            lower[k] = '\0';
            if (!strstr(en, lower))
                continue;
            used++;
            cr_expect(strstr(zh, terms[t].zh) != NULL, "%s says \"%s\" but %s never says %s", en_rel, terms[t].en,
                      zh_rel, terms[t].zh);
        }
        free(en);
        free(zh);
    }
    closedir(d);
    free(dir);
    cr_expect_geq(used, 5, "only %d uses of the terms found", used);
}

/* the terms of the attention-sinks, masks and positions-beyond lessons are
 * in the glossary, and the Chinese lessons use them */
Test(glossary, the_newer_lessons_terms_are_listed_and_used) {
    static const struct {
        const char *term, *lesson;
    } terms[] = {
        {"| 注意力汇聚点 |", "lessons/zh/attention-sinks.lesson"},
        {"| 填充掩码 |", "lessons/zh/masks.lesson"},
        {"| 预填充 |", "lessons/zh/masks.lesson"},
        {"| 解码 |", "lessons/zh/masks.lesson"},
        {"| 提示词 |", "lessons/zh/masks.lesson"},
        {"| 位置插值 |", "lessons/zh/positions-beyond.lesson"},
    };
    for (size_t k = 0; k < sizeof terms / sizeof terms[0]; k++) {
        cr_expect_geq(occurrences("docs/glossary.md", terms[k].term), 1, "docs/glossary.md has no %s", terms[k].term);
        char word[64];
        snprintf(word, sizeof word, "%.*s", (int)strlen(terms[k].term) - 4, terms[k].term + 2);
        cr_expect_geq(occurrences(terms[k].lesson, word), 1, "%s does not use %s", terms[k].lesson, word);
    }
}
