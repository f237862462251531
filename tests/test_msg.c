/* The message table: every message in both languages with the same
 * values, and Chinese diagnostics that keep the position and the caret. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "support.h"
#include "util/msg.h"

Test(msg, every_id_has_both_languages_with_the_same_values) {
    for (int id = 0; id < MSG_COUNT; id++) {
        const char *en = msg_text(MSG_EN, (MsgId)id), *zh = msg_text(MSG_ZH, (MsgId)id);
        cr_assert_not_null(en);
        cr_assert_not_null(zh);
        if (id != MSG_NONE) {
            cr_expect(en[0] != '\0', "message %d has no English", id);
            cr_expect(zh[0] != '\0', "message %d has no Chinese", id);
        }
        cr_expect(msg_same_conversions(en, zh), "message %d takes different values:\n  %s\n  %s", id, en, zh);
    }
}

Test(msg, the_conversion_check_can_fail) {
    cr_expect(msg_same_conversions("%s is %d", "%s 是 %d"));
    cr_expect(msg_same_conversions("%-*s %%", "%*s"));
    cr_expect(!msg_same_conversions("%s is %d", "%d 是 %s"));
    cr_expect(!msg_same_conversions("%s", "%s %s"));
    cr_expect(!msg_same_conversions("%ld", "%d"));
    /* by position: the same values in another order */
    cr_expect(msg_same_conversions("%d of %s", "%2$s 的第 %1$d 个"));
    cr_expect(!msg_same_conversions("%d of %s", "%2$d 的第 %1$s 个"));
    cr_expect(!msg_same_conversions("%d of %s", "%2$s"), "every value is used");
    cr_expect(!msg_same_conversions("%d of %s", "%1$d %1$s"));
}

Test(msg, chinese_messages_use_full_width_punctuation) {
    /* ASCII ", " ": " "; " and "(" belong to code and numbers, which the
     * Chinese messages quote as they are; outside quotes they must be
     * full-width. This checks the prose words: a CJK character followed by
     * ASCII punctuation. */
    for (int id = 0; id < MSG_COUNT; id++) {
        const unsigned char *zh = (const unsigned char *)msg_text(MSG_ZH, (MsgId)id);
        for (const unsigned char *p = zh; *p; p++) {
            /* a CJK ideograph is 3 bytes starting 0xE4..0xE9 */
            if (p[0] >= 0xE4 && p[0] <= 0xE9 && p[1] && p[2]) {
                unsigned char next = p[3];
                cr_expect(next != ',' && next != ':' && next != ';' && next != '(' && next != '?' && next != '!',
                          "message %d has ASCII '%c' after a Chinese character: %s", id, next, (const char *)zh);
                p += 2;
            }
        }
    }
}

/* a lesson with the same lines in both languages: the error is on line 5 */
static char *write_lesson(const char *dir, const char *name, const char *language) {
    char *path = malloc(512);
    snprintf(path, 512, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    fprintf(f, "language %s\ntokens a b\nA = [[1, 2], [3, 4]]\nB = [[1, 2, 3]]\nC = A @ B\n", language);
    fclose(f);
    return path;
}

/* the first line without its label, and the source and caret lines */
static void split_diag(const char *err, char *head, size_t size, const char **rest) {
    const char *nl = strchr(err, '\n');
    cr_assert_not_null(nl, "no diagnostic in: %s", err);
    snprintf(head, size, "%.*s", (int)(nl - err), err);
    *rest = nl + 1;
}

Test(msg, a_chinese_lesson_gets_chinese_diagnostics_at_the_same_place) {
    char *dir = temp_dir();
    char *en = write_lesson(dir, "x.lesson", "en");
    RunResult r_en = RUN("check", en);
    char *zh = write_lesson(dir, "x.lesson", "zh");
    RunResult r_zh = RUN("check", zh);
    cr_expect_eq(r_en.status, 2);
    cr_expect_eq(r_zh.status, 2);
    char head_en[512], head_zh[512];
    const char *rest_en, *rest_zh;
    split_diag(r_en.err, head_en, sizeof head_en, &rest_en);
    split_diag(r_zh.err, head_zh, sizeof head_zh, &rest_zh);
    char where[512];
    snprintf(where, sizeof where, "%s:5:7: ", en);
    cr_expect(strncmp(head_en, where, strlen(where)) == 0, "English: %s", head_en);
    cr_expect(strncmp(head_zh, where, strlen(where)) == 0, "Chinese: %s", head_zh);
    cr_expect(strstr(head_en, "error: A is 2×2 but B is 1×3: the inner sizes 2 and 1 differ"), "%s", head_en);
    cr_expect(strstr(head_zh, "错误：A 是 2×2，而 B 是 1×3：内维 2 和 1 不相等"), "%s", head_zh);
    /* the source line and the caret under '@' are the same */
    cr_expect_str_eq(rest_zh, rest_en);
    cr_expect(strstr(rest_zh, "    5 | C = A @ B\n      |       ^\n") != NULL, "%s", rest_zh);
    run_free(&r_en);
    run_free(&r_zh);
    free(en);
    free(zh);
    remove_tree(dir);
    free(dir);
}

Test(msg, syntax_errors_and_hints_in_chinese) {
    char *dir = temp_dir();
    char path[512];
    snprintf(path, sizeof path, "%s/s.lesson", dir);
    FILE *f = fopen(path, "w");
    fputs("language zh\nA = [1, 2\nB = 1 $ 2\nC = sotfmax([1])\n", f);
    fclose(f);
    RunResult r = RUN("check", path);
    cr_expect_eq(r.status, 2);
    cr_expect(strstr(r.err, ":2:10: 错误：列表中应为“,”或“]”，实际是行尾\n") != NULL, "%s", r.err);
    cr_expect(strstr(r.err, "提示：第 2 行第 5 列的“[”没有闭合\n") != NULL, "%s", r.err);
    cr_expect(strstr(r.err, ":3:7: 错误：这个字符在这里没有意义\n") != NULL, "%s", r.err);
    run_free(&r);
    remove_tree(dir);
    free(dir);
}

Test(msg, the_locale_chooses_chinese_for_eval_help_and_lessons) {
    RunResult r = run_shell("LANG=zh_CN.UTF-8 \"$ATTNSTEP_BIN\" eval 'sotfmax([1])'");
    cr_expect_eq(r.status, 2);
    cr_expect(strstr(r.err, "expr:1:1: 错误：没有名为“sotfmax”的函数\n") != NULL, "%s", r.err);
    cr_expect(strstr(r.err, "\n提示：是不是想写“softmax”？\n") != NULL, "%s", r.err);
    run_free(&r);
    r = run_shell("LANG=zh_CN.UTF-8 LC_ALL=C.UTF-8 \"$ATTNSTEP_BIN\" eval 'sotfmax([1])'");
    cr_expect(strstr(r.err, "error: unknown function 'sotfmax'") != NULL, "LC_ALL wins over LANG: %s", r.err);
    run_free(&r);
    r = run_shell("LC_MESSAGES=zh_TW.UTF-8 \"$ATTNSTEP_BIN\" --help");
    cr_expect(strstr(r.out, "用法：attnstep") != NULL, "%s", r.out);
    cr_expect(strstr(r.out, "check 课程 [--precision N]") != NULL, "%s", r.out);
    cr_expect(strstr(r.out, "eval 表达式 [--json] [--profile 名字] [--precision N]") != NULL, "%s", r.out);
    run_free(&r);
    r = run_shell("LANG=zh_CN.UTF-8 \"$ATTNSTEP_BIN\" lessons");
    cr_expect(strncmp(r.out, "zh/articles ", 12) == 0, "Chinese lessons first: %s", r.out);
    const char *tour = strstr(r.out, "\ntour ");
    cr_expect(tour && strncmp(tour + strspn(tour + 5, " ") + 5, "自注意力，一步一步（英文版）\n",
                              strlen("自注意力，一步一步（英文版）\n")) == 0,
              "%s", r.out);
    run_free(&r);
    r = run_shell("LANG=zh_CN.UTF-8 \"$ATTNSTEP_BIN\" check zh/tour");
    cr_expect_eq(r.status, 0);
    cr_expect(strstr(r.out, "通过 ") != NULL && strstr(r.out, " 条，失败 0 条\n") != NULL, "%s", r.out);
    run_free(&r);
}

/* the language `attnstep --help` speaks with only the variables of `env`
 * set (the locale variables of the test's own environment unset) */
static bool help_is_chinese(const char *env) {
    char cmd[512];
    snprintf(cmd, sizeof cmd, "env -u LC_ALL -u LC_MESSAGES -u LANG -u LANGUAGE %s \"$ATTNSTEP_BIN\" --help", env);
    RunResult r = run_shell(cmd);
    bool zh = strncmp(r.out, "用法：attnstep", strlen("用法：attnstep")) == 0;
    cr_assert(zh || strncmp(r.out, "usage: attnstep", 15) == 0, "%s: %s", cmd, r.out);
    run_free(&r);
    return zh;
}

Test(msg, the_locale_is_read_as_gettext_reads_it) {
    static const struct {
        const char *env;
        bool zh;
    } cases[] = {
        {"", false},
        {"LANG=zh_CN.UTF-8", true},
        {"LC_MESSAGES=zh_TW.UTF-8 LANG=en_US.UTF-8", true},
        {"LC_ALL=C.UTF-8 LANG=zh_CN.UTF-8", false},
        {"LC_ALL= LANG=zh_CN.UTF-8", true},                   /* empty is not set */
        {"LANGUAGE=zh_CN:en LANG=en_US.UTF-8", true},        /* LANGUAGE comes first */
        {"LANGUAGE=en LC_ALL=zh_CN.UTF-8", false},
        {"LANGUAGE=fr:de:zh LANG=fr_FR.UTF-8", true},        /* its first language we have */
        {"LANGUAGE=fr LANG=zh_CN.UTF-8", false},             /* none: untranslated, as gettext */
        {"LANGUAGE=zh_CN LANG=C.UTF-8", false},              /* ignored under the C locale */
        {"LANGUAGE=zh_CN LC_ALL=POSIX LANG=zh_CN.UTF-8", false},
        {"LANGUAGE=zh_CN", false},                           /* no locale: C */
        {"LANGUAGE=zhx LANG=en_US.UTF-8", false},            /* not a zh entry */
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++)
        cr_expect_eq(help_is_chinese(cases[k].env), cases[k].zh, "%s: %s", cases[k].env,
                     cases[k].zh ? "Chinese expected" : "English expected");
}

Test(msg, attnstep_alone_opens_the_tour_in_the_locales_language) {
    /* without a terminal it prints the tour's trace */
    RunResult r = run_shell("env -u LC_ALL -u LC_MESSAGES -u LANGUAGE LANG=zh_CN.UTF-8 \"$ATTNSTEP_BIN\" </dev/null");
    cr_expect_eq(r.status, 0);
    cr_expect(strncmp(r.out, "自注意力，一步一步\n", strlen("自注意力，一步一步\n")) == 0, "%s", r.out);
    cr_expect(strstr(r.out, "== 第 1/16 步：欢迎 ==") != NULL, "%.400s", r.out);
    run_free(&r);
    r = run_shell("env -u LC_ALL -u LC_MESSAGES LANGUAGE=zh LANG=en_US.UTF-8 \"$ATTNSTEP_BIN\" </dev/null");
    cr_expect(strstr(r.out, "== 第 1/16 步：欢迎 ==") != NULL, "%.400s", r.out);
    run_free(&r);
    r = run_shell("env -u LC_ALL -u LC_MESSAGES -u LANGUAGE LANG=C.UTF-8 \"$ATTNSTEP_BIN\" </dev/null");
    cr_expect(strstr(r.out, "== Step 1/16: Welcome ==") != NULL, "%.400s", r.out);
    run_free(&r);
}

Test(msg, english_help_lists_precision_for_check_and_eval) {
    RunResult r = RUN("--help");
    cr_expect(strstr(r.out, "check LESSON [--precision N]") != NULL, "%s", r.out);
    cr_expect(strstr(r.out, "eval EXPR [--json] [--profile NAME] [--precision N]") != NULL, "%s", r.out);
    run_free(&r);
}

Test(msg, a_misspelt_lesson_or_command_gets_a_suggestion) {
    RunResult r = RUN("tuor");
    cr_expect_eq(r.status, 2);
    cr_expect(strstr(r.err, "tuor: no such file, and no built-in lesson of that name; did you mean 'tour'?") != NULL,
              "%s", r.err);
    run_free(&r);
    r = RUN("trcae", "tour");
    cr_expect_eq(r.status, 2);
    cr_expect(strstr(r.err, "unknown command 'trcae'; did you mean 'trace'?") != NULL, "%s", r.err);
    run_free(&r);
    r = RUN("check", "nothing-like-it");
    cr_expect(strstr(r.err, "(see 'attnstep lessons')") != NULL, "no guess when nothing is near: %s", r.err);
    run_free(&r);
}

/* the names of the .npy files in dir, one per line, sorted */
static char *listing(const char *dir) {
    char cmd[600];
    snprintf(cmd, sizeof cmd, "ls '%s' | LC_ALL=C sort", dir);
    RunResult r = run_shell(cmd);
    char *out = r.out;
    r.out = NULL;
    run_free(&r);
    return out;
}

Test(msg, export_says_what_it_wrote_and_both_exports_write_the_same_set) {
    char *dir = temp_dir();
    char from_dir[512], from_lesson[512], quiet[512];
    snprintf(from_dir, sizeof from_dir, "%s/d", dir);
    snprintf(from_lesson, sizeof from_lesson, "%s/l", dir);
    snprintf(quiet, sizeof quiet, "%s/q", dir);
    char *model = source_path("lessons/model");
    RunResult r = RUN("export", model, from_dir);
    cr_expect_eq(r.status, 0, "%s", r.err);
    char want[600];
    snprintf(want, sizeof want, "wrote 25 matrices to %s\n", from_dir);
    cr_expect_str_eq(r.out, want);
    run_free(&r);
    r = RUN("export", "-q", "model", quiet);
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect_str_eq(r.out, "", "-q prints nothing");
    run_free(&r);
    r = RUN("export", "model", from_lesson);
    cr_expect_eq(r.status, 0, "%s", r.err);
    run_free(&r);
    /* every canonical matrix of the model directory's export, the heads'
     * Q_h, K_h and V_h included, is in the lesson's export too */
    char *a = listing(from_dir), *b = listing(from_lesson);
    cr_expect(strstr(a, "Q_h0.npy\n") && strstr(a, "K_h1.npy\n") && strstr(a, "V_h0.npy\n"), "%s", a);
    for (char *line = a, *nl; (nl = strchr(line, '\n')); line = nl + 1) {
        char name[128];
        snprintf(name, sizeof name, "\n%.*s\n", (int)(nl - line), line);
        cr_expect(strstr(b - 0, name + 1) == b || strstr(b, name) != NULL, "the lesson export lacks %s", name + 1);
    }
    free(a);
    free(b);
    free(model);
    remove_tree(dir);
    free(dir);
}

/* ---- errors raised below the interpreter carry both languages ------------ */

/* an attention lesson in `language` whose W_Q is 2x3 where 2x2 is right:
 * the pipeline finds it, the lesson's language picks the text */
static RunResult attention_with(const char *dir, const char *language, const char *E) {
    char path[512], text[512];
    snprintf(path, sizeof path, "%s/att_%s.lesson", dir, language);
    snprintf(text, sizeof text,
             "language %s\nE = %s\nW_Q = [[1, 0, 0], [0, 1, 0]]\nW_K = [[1, 0], [0, 1]]\n"
             "W_V = [[1, 0], [0, 1]]\nW_O = [[1, 0], [0, 1]]\nattention E\n", language, E);
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
    return RUN("check", path);
}

Test(msg, a_chinese_lesson_gets_the_pipelines_errors_in_chinese_at_the_same_place) {
    char *dir = temp_dir();
    RunResult en = attention_with(dir, "en", "[[1, 2], [3, 4]]");
    RunResult zh = attention_with(dir, "zh", "[[1, 2], [3, 4]]");
    cr_expect_eq(en.status, 2);
    cr_expect_eq(zh.status, 2);
    char head_en[512], head_zh[512];
    const char *rest_en, *rest_zh;
    split_diag(en.err, head_en, sizeof head_en, &rest_en);
    split_diag(zh.err, head_zh, sizeof head_zh, &rest_zh);
    /* the English text is what it was, byte for byte */
    char want[1024];
    snprintf(want, sizeof want, "%s/att_en.lesson:7:1: error: attention: W_Q is 2x3, but must be 2x2 (d_model x d_model)",
             dir);
    cr_expect_str_eq(head_en, want);
    snprintf(want, sizeof want, "%s/att_zh.lesson:7:1: 错误：attention：W_Q 是 2x3，但必须是 2x2（d_model x d_model）",
             dir);
    cr_expect_str_eq(head_zh, want);
    cr_expect_str_eq(rest_zh, rest_en);
    cr_expect(strstr(rest_zh, "    7 | attention E\n      | ^~~~~~~~~\n") != NULL, "%s", rest_zh);
    run_free(&en);
    run_free(&zh);
    remove_tree(dir);
    free(dir);
}

/* the lesson `body` in English and in Chinese: each fails with exit status
 * 2 and its errors contain want[0] and want[1] */
static void fails_in_both(const char *body, const char *const want[2]) {
    char *dir = temp_dir();
    char path[512];
    const char *const lang[] = {"en", "zh"};
    for (int k = 0; k < 2; k++) {
        snprintf(path, sizeof path, "%s/both.lesson", dir);
        FILE *f = fopen(path, "w");
        fprintf(f, "language %s\n%s", lang[k], body);
        fclose(f);
        RunResult r = RUN("check", path);
        cr_expect_eq(r.status, 2);
        cr_expect(strstr(r.err, want[k]) != NULL, "%s", r.err);
        run_free(&r);
    }
    remove_tree(dir);
    free(dir);
}

Test(msg, a_non_finite_stage_result_is_named_in_the_lessons_language) {
    const char *const want[] = {
        ":7:1: error: attention: S_h0 is inf at [0][0], in the scores stage: the numbers grew past what a 32-bit "
        "float holds (3.4e38)\n",
        ":7:1: 错误：attention：S_h0 是 inf，位置 [0][0]，在分数阶段：数值超出了 32 位浮点数能表示的范围（3.4e38）\n"};
    fails_in_both("E = [[3e38, 3e38], [1, 0]]\nW_Q = [[1, 0], [0, 1]]\nW_K = [[1, 0], [0, 1]]\n"
                  "W_V = [[1, 0], [0, 1]]\nW_O = [[1, 0], [0, 1]]\nattention E\n", want);
}

Test(msg, a_wrong_call_gets_its_usage_line_in_the_lessons_language) {
    const char *const want[] = {"hint: softmax(x): each row to weights that sum to 1\n",
                                "提示：softmax(x)：把每一行变成和为 1 的权重\n"};
    fails_in_both("A = softmax([1], [2])\n", want);
}

Test(msg, a_broken_npy_file_is_explained_in_the_lessons_language) {
    char *dir = temp_dir();
    char path[512];
    snprintf(path, sizeof path, "%s/bad.npy", dir);
    FILE *f = fopen(path, "w");
    fputs("hello, not a NumPy file", f);
    fclose(f);
    snprintf(path, sizeof path, "%s/load.lesson", dir);
    const char *const lang[] = {"en", "zh"};
    const char *const want[] = {
        ":2:5: error: bad.npy: not a .npy file: it does not start with \"\\x93NUMPY\"\n"
        "    2 | A = load \"bad.npy\"\n      |     ^~~~\n",
        ":2:5: 错误：bad.npy：不是 .npy 文件：开头不是 \"\\x93NUMPY\"\n"
        "    2 | A = load \"bad.npy\"\n      |     ^~~~\n"};
    for (int k = 0; k < 2; k++) {
        f = fopen(path, "w");
        fprintf(f, "language %s\nA = load \"bad.npy\"\n", lang[k]);
        fclose(f);
        RunResult r = RUN("check", path);
        cr_expect_eq(r.status, 2);
        cr_expect(strstr(r.err, want[k]) != NULL, "%s", r.err);
        run_free(&r);
    }
    remove_tree(dir);
    free(dir);
}

/* ---- a model directory's errors, in the locale's language ------------------- */

/* a model directory holding only config.json with `config` */
static char *broken_model(const char *root, const char *config) {
    char *dir = malloc(600);
    snprintf(dir, 600, "%s/model", root);
    cr_assert_eq(mkdir(dir, 0777), 0, "%s", dir);
    char path[700];
    snprintf(path, sizeof path, "%s/config.json", dir);
    FILE *f = fopen(path, "w");
    fputs(config, f);
    fclose(f);
    return dir;
}

/* `attnstep ARGS` under LANG=lang: exit status 2, and the first line of
 * stderr is "attnstep: " + model + want */
static void fails_under(const char *lang, const char *args, const char *model, const char *want) {
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "LC_ALL= LC_MESSAGES= LANG=%s \"$ATTNSTEP_BIN\" %s", lang, args);
    RunResult r = run_shell(cmd);
    cr_expect_eq(r.status, 2, "%s: %s", cmd, r.err);
    char full[2048];
    snprintf(full, sizeof full, "attnstep: %s%s", model, want);
    cr_expect(strncmp(r.err, full, strlen(full)) == 0, "%s\nexpected: %s\ngot:      %s", cmd, full, r.err);
    cr_expect_str_eq(r.out, "");
    run_free(&r);
}

Test(msg, a_broken_model_directory_is_explained_in_the_locales_language) {
    char *root = temp_dir();
    char *model = broken_model(root, "{\"heads\": 2}\n");
    char args[2048];
    snprintf(args, sizeof args, "export '%s' '%s/out'", model, root);
    /* no E.npy: the message names the file, in either language */
    fails_under("C.UTF-8", args, model, "/E.npy: missing: a model directory needs E.npy, Wq.npy, Wk.npy, Wv.npy and "
                                        "Wo.npy\n");
    fails_under("zh_CN.UTF-8", args, model, "/E.npy：缺少这个文件：模型目录里必须有 E.npy、Wq.npy、Wk.npy、Wv.npy 和 "
                                            "Wo.npy\n");
    /* the same directory opened as a lesson */
    snprintf(args, sizeof args, "check '%s'", model);
    fails_under("zh_CN.UTF-8", args, model, "/E.npy：缺少这个文件：");
    free(model);
    remove_tree(root);
    free(root);
}

Test(msg, a_config_json_syntax_error_keeps_its_place_and_caret_in_chinese) {
    char *root = temp_dir();
    char *model = broken_model(root, "{\"heads\": 2,,}");
    char args[2048];
    snprintf(args, sizeof args, "export '%s' '%s/out'", model, root);
    fails_under("C.UTF-8", args, model,
                "/config.json:1:13: invalid JSON: expected a key in double quotes\n    {\"heads\": 2,,}\n"
                "                ^\n");
    fails_under("zh_CN.UTF-8", args, model,
                "/config.json:1:13: 无效的 JSON：这里应为带双引号的键\n    {\"heads\": 2,,}\n                ^\n");
    free(model);
    remove_tree(root);
    free(root);
}

Test(msg, config_json_values_are_refused_in_chinese) {
    static const char *const cases[][2] = {
        {"{\"heads\": 2.5}", "/config.json：\"heads\" 必须是正整数，不能是 2.5\n"},
        {"{\"hedas\": 2}", "/config.json：没有名为 \"hedas\" 的键（是不是想写 \"heads\"？）；可用的键有 heads、"},
        {"{\"heads\": 2, \"layer\": \"lstm\"}",
         "/config.json：\"layer\" 只能是 \"attention\"、\"encoder\" 或 \"decoder\"，不能是 \"lstm\"\n"},
        {"{\"heads\": 1e999}", "/config.json：\"heads\" 的值超出了双精度浮点数的范围（最大约为 1.8e308）\n"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char *root = temp_dir();
        char *model = broken_model(root, cases[k][0]);
        char args[2048];
        snprintf(args, sizeof args, "export '%s' '%s/out'", model, root);
        fails_under("zh_CN.UTF-8", args, model, cases[k][1]);
        free(model);
        remove_tree(root);
        free(root);
    }
}

Test(msg, export_speaks_the_locales_language) {
    char *root = temp_dir();
    char out[600], path[700], args[1400];
    snprintf(out, sizeof out, "%s/out", root);
    cr_assert_eq(mkdir(out, 0777), 0);
    snprintf(path, sizeof path, "%s/notes.txt", out);
    FILE *f = fopen(path, "w");
    fputs("mine\n", f);
    fclose(f);
    snprintf(args, sizeof args, "export tour '%s'", out);
    fails_under("C.UTF-8", args, out, ": exists and is not empty; use --force to replace it");
    fails_under("zh_CN.UTF-8", args, out, "：已经存在且不是空的；要替换它请加 --force（只有里面全是 .npy 文件时才允许）\n");
    snprintf(args, sizeof args, "export --force tour '%s'", out);
    fails_under("zh_CN.UTF-8", args, out, "：里面有“notes.txt”，它不是 .npy 文件：即使加了 --force 也不会替换这个目录\n");
    fails_under("zh_CN.UTF-8", "export tour", "", "export：需要模型目录（或课程）和输出目录\n"
                                                  "用法：attnstep export 模型目录|课程 输出目录 [--force] [-q]\n");
    RunResult r = run_shell("LC_ALL= LANG=zh_CN.UTF-8 \"$ATTNSTEP_BIN\" export --help");
    cr_expect_eq(r.status, 0);
    cr_expect(strncmp(r.out, "用法：attnstep export 模型目录|课程 输出目录", strlen("用法：attnstep export 模型目录|课程 输出目录")) == 0,
              "%s", r.out);
    run_free(&r);
    remove_tree(root);
    free(root);
}
