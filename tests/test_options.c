/* test_options.c - the one table of options (attention/options.def)
 * against every place that describes the options to a person: the
 * grammar comments of lang/parse.c, docs/formats.md, `attnstep --help`
 * in both languages, and the messages that list the options; and a typo
 * of an option, a config.json key or a function gets the nearest word.
 * A row missing from any of them fails here.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attention/options.h"
#include "attention/pipeline.h"
#include "io/model_config.h"
#include "lang/loader.h"
#include "output/attn_views.h" /* with pipeline.h: the two name no type alike */
#include "support.h"

/* the comment block of parse.c that begins with `start` ("/​* attention :=") */
static char *grammar_comment(const char *source, const char *start) {
    const char *a = strstr(source, start);
    cr_assert_not_null(a, "parse.c has no comment beginning %s", start);
    const char *b = strstr(a, "*/");
    cr_assert_not_null(b);
    return strndup(a, (size_t)(b - a));
}

static char *quoted(const char *word, char *buf, size_t size) {
    snprintf(buf, size, "'%s'", word);
    return buf;
}

Test(options, every_row_is_in_the_grammar_comments_of_the_parser) {
    char *path = source_path("src/lang/parse.c");
    char *source = read_file(path);
    cr_assert_not_null(source, "%s", path);
    char *attention = grammar_comment(source, "/* attention := 'attention'");
    char *layer = grammar_comment(source, "/* layer := 'layer'");
    cr_expect_not_null(strstr(layer, "every option of attention"), "the layer rule says it takes attention's");
    char q[64];
    for (int k = 0; k < OPT_COUNT; k++) {
        const OptionDef *o = &attn_options[k];
        /* the attention rule lists the options of every statement, the
         * layer rule those of layers only */
        const char *rule = o->where == OPTW_ATTENTION ? attention : layer;
        cr_expect_not_null(strstr(rule, quoted(o->word, q, sizeof q)), "parse.c's %s rule lacks %s",
                           o->where == OPTW_ATTENTION ? "attention" : "layer", q);
        for (int w = 0; o->words && o->words[w]; w++)
            cr_expect_not_null(strstr(rule, quoted(o->words[w], q, sizeof q)), "parse.c's rule of %s lacks %s",
                               o->word, q);
    }
    free(attention);
    free(layer);
    free(source);
    free(path);
}

/* the line of formats.md's table that begins with `start` */
static const char *table_line(const char *doc, const char *start, char *line, size_t size) {
    for (const char *p = doc; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
        if (strncmp(p, start, strlen(start)) == 0) {
            size_t n = strcspn(p, "\n");
            snprintf(line, size, "%.*s", (int)(n < size ? n : size - 1), p);
            return line;
        }
    return NULL;
}

Test(options, every_row_is_in_docs_formats_md) {
    char *path = source_path("docs/formats.md");
    char *doc = read_file(path);
    cr_assert_not_null(doc, "%s", path);
    char start[96], line[512], want[96];
    for (int k = 0; k < OPT_COUNT; k++) {
        const OptionDef *o = &attn_options[k];
        /* the table of lesson options: its word, its words, its key */
        snprintf(start, sizeof start, "| `%s ", o->word);
        cr_expect_not_null(table_line(doc, start, line, sizeof line), "formats.md has no row %s…", start);
        if (!table_line(doc, start, line, sizeof line))
            continue;
        for (int w = 0; o->words && o->words[w]; w++)
            cr_expect_not_null(strstr(line, o->words[w]), "formats.md's row of %s lacks %s", o->word, o->words[w]);
        snprintf(want, sizeof want, "`%s`", o->key ? o->key : "");
        cr_expect_not_null(strstr(line, o->key ? want : "| —"), "formats.md's row of %s lacks its key %s", o->word,
                           o->key ? want : "—");
        /* the table of config.json's keys */
        if (o->key) {
            snprintf(start, sizeof start, "| `%s` |", o->key);
            cr_expect_not_null(table_line(doc, start, line, sizeof line), "formats.md's keys lack %s", start);
        }
    }
    free(doc);
    free(path);
}

static void help_has_every_row(const char *out, bool zh) {
    char syntax[96];
    for (int k = 0; k < OPT_COUNT; k++) {
        const OptionDef *o = &attn_options[k];
        attn_option_syntax((OptionId)k, syntax, sizeof syntax);
        cr_expect_not_null(strstr(out, syntax), "--help lacks %s", syntax);
        const char *help = zh ? attn_options[k].help_zh : attn_options[k].help_en;
        cr_expect_not_null(strstr(out, help), "--help lacks the help of %s: %s", o->word, help);
        if (o->key) {
            char key[64];
            snprintf(key, sizeof key, "\"%s\"", o->key);
            cr_expect_not_null(strstr(out, key), "--help lacks the key of %s", o->word);
        }
    }
}

Test(options, every_row_is_in_the_help_in_both_languages) {
    RunResult r = RUN("--help");
    cr_assert_eq(r.status, 0, "%s", r.err);
    help_has_every_row(r.out, false);
    run_free(&r);
    r = run_shell("LC_ALL=zh_CN.UTF-8 LANGUAGE= \"$ATTNSTEP_BIN\" --help");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_not_null(strstr(r.out, "用法"), "%s", r.out);
    help_has_every_row(r.out, true);
    run_free(&r);
}

/* the messages that still list options by hand name every one */
Test(options, every_row_is_in_the_messages_that_list_them) {
    char q[64];
    for (int lang = MSG_EN; lang <= MSG_ZH; lang++) {
        const char *attention = msg_text((MsgLang)lang, MSG_ATTENTION_OPTION);
        const char *layer = msg_text((MsgLang)lang, MSG_LAYER_OPTION);
        const char *keys = msg_text((MsgLang)lang, MSG_MCFG_UNKNOWN_KEY);
        const char *near = msg_text((MsgLang)lang, MSG_MCFG_UNKNOWN_KEY_NEAR);
        for (int k = 0; k < OPT_COUNT; k++) {
            const OptionDef *o = &attn_options[k];
            snprintf(q, sizeof q, lang == MSG_EN ? "'%s " : "%s ", o->word);
            cr_expect_not_null(strstr(o->where == OPTW_ATTENTION ? attention : layer, q), "%s message lacks %s",
                               o->where == OPTW_ATTENTION ? "attention's" : "layer's", o->word);
            for (int w = 0; o->words && o->words[w]; w++)
                cr_expect_not_null(strstr(o->where == OPTW_ATTENTION ? attention : layer, o->words[w]),
                                   "the options message lacks %s %s", o->word, o->words[w]);
            if (o->key) {
                cr_expect_not_null(strstr(keys, o->key), "the unknown-key message lacks %s", o->key);
                cr_expect_not_null(strstr(near, o->key), "the unknown-key message lacks %s", o->key);
            }
        }
        /* the options whose wrong word in config.json has a message of its own */
        static const struct {
            OptionId id;
            MsgId msg;
        } own[] = {{OPT_POSITIONS, MSG_MCFG_POSITIONAL}, {OPT_ROPE_PAIRS, MSG_MCFG_ROPE_PAIRS},
                   {OPT_ACTIVATION, MSG_MCFG_ACTIVATION}};
        for (size_t m = 0; m < sizeof own / sizeof own[0]; m++)
            for (int w = 0; attn_options[own[m].id].words[w]; w++) {
                snprintf(q, sizeof q, "\"%s\"", attn_options[own[m].id].words[w]);
                cr_expect_not_null(strstr(msg_text((MsgLang)lang, own[m].msg), q), "the message of %s lacks %s",
                                   attn_options[own[m].id].key, q);
            }
    }
}

static char *lesson_error(const char *text) {
    LoadedLesson ll;
    cr_expect_not(lesson_open_text("t.lesson", text, strlen(text), NULL, &ll), "should fail: %s", text);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    diag_print(f, &ll.src, &ll.diags, false);
    fclose(f);
    lesson_close(&ll);
    return buf;
}

/* a typo of an option, of an option's word, of a function and of a
 * config.json key: each gets the nearest of its table's words */
Test(options, a_typo_gets_the_nearest_word_of_the_table) {
    static const char *const w = "E = random 3x4 seed 1\nW_Q, W_K, W_V, W_O = random 4x4 seed 2\n"
                                 "W1 = random 4x8 seed 3\nW2 = random 8x4 seed 4\n";
    static const char *const cases[][2] = {
        {"attention E haeds 2", "did you mean 'heads'?"},
        {"attention E heads 2 mask casual", "did you mean 'mask causal'?"},
        {"attention E heads 2 positions rpoe", "did you mean 'positions rope'?"},
        {"layer encoder E heads 2 activaton relu", "did you mean 'activation'?"},
        {"layer encoder E heads 2 activation gleu", "did you mean 'activation gelu'?"},
        {"layer encoder E heads 2 temprature 2", "did you mean 'temperature'?"},
        {"x = dto([1, 2], [3, 4])", "did you mean 'dot'?"},
    };
    char text[512];
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        snprintf(text, sizeof text, "%s%s\n", w, cases[k][0]);
        char *got = lesson_error(text);
        cr_expect_not_null(strstr(got, cases[k][1]), "%s\nwanted: %s\ngot: %s", cases[k][0], cases[k][1], got);
        free(got);
    }
    /* an option of layers only, in attention, is no typo of another */
    snprintf(text, sizeof text, "%sattention E heads 2 norm pre\n", w);
    char *got = lesson_error(text);
    cr_expect_null(strstr(got, "did you mean"), "%s", got);
    cr_expect_not_null(strstr(got, "attention has the options"), "%s", got);
    free(got);

    char *dir = temp_dir();
    char path[512];
    snprintf(path, sizeof path, "%s/config.json", dir);
    static const char *const configs[][2] = {
        {"{\"heads\": 2, \"rope_bsae\": 2}", "did you mean \"rope_base\"?"},
        {"{\"heads\": 2, \"norm-first\": true}", "did you mean \"norm_first\"?"},
        {"{\"heads\": 2, \"layer\": \"encoder\", \"activation\": \"swish\"}",
         "\"activation\" must be \"relu\", \"gelu\", \"gelu_tanh\" or \"swiglu\", not \"swish\""},
    };
    for (size_t k = 0; k < sizeof configs / sizeof configs[0]; k++) {
        FILE *f = fopen(path, "w");
        cr_assert_not_null(f);
        fputs(configs[k][0], f);
        fclose(f);
        Model model = {0};
        bool have_tokens;
        Error err;
        cr_expect_not(mconfig_load(dir, &model, &have_tokens, &err), "%s", configs[k][0]);
        cr_expect_not_null(strstr(err.msg, configs[k][1]), "%s\nwanted: %s\ngot: %s", configs[k][0], configs[k][1],
                           err.msg);
        model_free(&model);
    }
    remove_tree(dir);
    free(dir);
}

/* the table sets the field each row names, and writes it back as a
 * statement says it */
Test(options, each_row_sets_its_field) {
    AttnConfig cfg = attn_config_default();
    attn_option_set(&cfg, OPT_HEADS, 4);
    attn_option_set(&cfg, OPT_MASK, attn_option_word_index(OPT_MASK, "causal"));
    attn_option_set(&cfg, OPT_POSITIONS, attn_option_word_index(OPT_POSITIONS, "rope"));
    attn_option_set(&cfg, OPT_ROPE_PAIRS, attn_option_word_index(OPT_ROPE_PAIRS, "halves"));
    attn_option_set(&cfg, OPT_ROPE_BASE, 500000);
    attn_option_set(&cfg, OPT_NORM, attn_option_word_index(OPT_NORM, "pre"));
    attn_option_set(&cfg, OPT_ACTIVATION, attn_option_word_index(OPT_ACTIVATION, "gelu_tanh"));
    attn_option_set(&cfg, OPT_TEMPERATURE, 0.5);
    attn_option_set(&cfg, OPT_RECORD, 3);
    cr_expect_eq(cfg.heads, 4);
    cr_expect(cfg.causal);
    cr_expect_eq(cfg.positional, POS_ROPE);
    cr_expect_eq(cfg.rope_pairs, ROPE_HALVES);
    cr_expect_eq(cfg.rope_base, 500000.0f);
    cr_expect(cfg.norm_first);
    cr_expect_eq(cfg.activation, ACT_GELU_TANH);
    cr_expect_eq(cfg.temperature, 0.5f);
    cr_expect_eq(cfg.record_layer, 3);
    char text[64];
    cr_expect_str_eq(attn_option_text(&cfg, OPT_MASK, text, sizeof text), "mask causal");
    cr_expect_str_eq(attn_option_text(&cfg, OPT_NORM, text, sizeof text), "norm pre");
    cr_expect_str_eq(attn_option_text(&cfg, OPT_ROPE_BASE, text, sizeof text), "rope_base 500000");
    cr_expect_eq(attn_option_by_word("kv_heads"), OPT_KV_HEADS);
    cr_expect_eq(attn_option_by_key("norm_first"), OPT_NORM);
    cr_expect_eq(attn_option_by_key("norm"), -1);
    HeadWeights views = {0}; /* both headers in one file */
    AttnWeights model = {0};
    cr_expect_eq(views.heads + model.E.rows, 0);
}
