/* test_gpt2.c - GPT-2 checkpoints: `attnstep export DIR --text ...` on
 * small GPT-2-shaped checkpoints with random weights (F32, F16, BF16;
 * layer 0 and 1; with and without "transformer."; a temperature) against
 * the NumPy GPT-2 of tests/reference/gpt2_ref.py, every recorded matrix
 * and the next-token logits and probabilities within 1e-4 relative
 * (check_gpt2.py); and the command's messages and exit status on
 * malformed checkpoints and bad options. */
#include <criterion/criterion.h>
#include <cJSON.h>
#include <criterion/parameterized.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

static const char *python(void) {
    const char *py = getenv("ATTNSTEP_PYTHON");
    return py && *py ? py : "python3";
}

typedef struct Gpt2Case {
    char args[96]; /* check_gpt2.py's options */
} Gpt2Case;

ParameterizedTestParameters(gpt2, export_matches_numpy) {
    static Gpt2Case cases[] = {
        {"--dtype F32 --layer 0"},
        {"--dtype F32 --layer 1"},
        {"--dtype F32 --layer 1 --prefix"},
        {"--dtype F16 --layer 0 --prefix --seed 2"},
        {"--dtype F16 --layer 1 --seed 3"},
        {"--dtype BF16 --layer 0 --seed 4"},
        {"--dtype BF16 --layer 1 --prefix --seed 5"},
        {"--dtype F32 --layer 1 --temperature 0.7 --seed 6"},
        {"--dtype F32 --layer 0 --temperature 2.5 --prefix --seed 7"},
    };
    return cr_make_param_array(Gpt2Case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(Gpt2Case *c, gpt2, export_matches_numpy) {
    char *script = source_path("tests/reference/check_gpt2.py");
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "'%s' '%s' %s 2>&1", python(), script, c->args);
    RunResult r = run_shell(cmd);
    cr_expect_eq(r.status, 0, "check_gpt2.py %s failed (exit %d):\n%s", c->args, r.status, r.out);
    run_free(&r);
    free(script);
}

/* a checkpoint in a fresh directory (its path, malloc'd, and the directory
 * holding it in *tmp), broken in the way break_gpt2.py calls `kind` unless NULL */
static char *checkpoint(const char *kind, char **tmp) {
    *tmp = temp_dir();
    size_t n = strlen(*tmp) + 8;
    char *dir = malloc(n);
    snprintf(dir, n, "%s/ckpt", *tmp);
    char *make = source_path("tests/make_gpt2_checkpoint.py"), *brk = source_path("tests/reference/break_gpt2.py");
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "'%s' '%s' '%s' >/dev/null", python(), make, dir);
    if (kind)
        snprintf(cmd + strlen(cmd), sizeof cmd - strlen(cmd), " && '%s' '%s' '%s' %s", python(), brk, dir, kind);
    RunResult r = run_shell(cmd);
    cr_assert_eq(r.status, 0, "%s failed:\n%s", cmd, r.err);
    run_free(&r);
    free(make);
    free(brk);
    return dir;
}

typedef struct BadCase {
    char kind[16];     /* break_gpt2.py's kind */
    char message[160]; /* part of stderr */
} BadCase;

ParameterizedTestParameters(gpt2, malformed_checkpoint) {
    static BadCase cases[] = {
        {"missing", "ckpt/model.safetensors: no tensor h.1.mlp.c_fc.bias"},
        {"shape", "ckpt/model.safetensors: tensor h.0.attn.c_attn.weight: shape (32, 64), expected (32, 96)"},
        {"llama", "ckpt/config.json: \"model_type\" is \"llama\", not \"gpt2\""},
        {"activation", "ckpt/config.json: \"activation_function\" is \"relu\""},
        {"n_head", "ckpt/config.json: \"n_head\" must be an integer from 1 to 256, found \"four\""},
        {"wte", "token 0 of the text (The) has id 271, past the vocabulary of wte (260 rows)"},
        {"n_layer", "belongs to no layer: config.json says n_layer 1 (layers 0 to 0), so nothing would read it"},
        {"dangling", "ckpt/model.safetensors: is a symbolic link to model.safetensors.part.gone, which does not exist"},
    };
    return cr_make_param_array(BadCase, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(BadCase *c, gpt2, malformed_checkpoint) {
    char *tmp, *dir = checkpoint(c->kind, &tmp);
    expect_output(RUN("trace", dir, "--text", "The cat sat"), 2, NULL, c->message);
    expect_output(RUN("gpt2", dir, "--text", "The cat sat"), 2, NULL, c->message);
    if (strcmp(c->kind, "dangling") == 0) /* said before the missing text is */
        expect_output(RUN("trace", dir), 2, NULL, c->message);
    remove_tree(tmp);
    free(tmp);
    free(dir);
}

Test(gpt2, bad_text_and_options) {
    char *tmp, *dir = checkpoint(NULL, &tmp);
    /* n_positions is 16 */
    expect_output(RUN("trace", dir, "--text", "The cat sat on the mat, and the dog sat on the log. The end"), 2, NULL,
                  "--text is 18 tokens long, more than the 16 this model takes (n_positions 16)");
    expect_output(RUN("trace", dir, "--text", ""), 2, NULL, "--text is empty");
    expect_output(RUN("trace", dir), 2, NULL, "is a GPT-2 checkpoint: give the text to run it on");
    /* check reads and runs the whole checkpoint; it has no expects */
    expect_output(RUN("check", dir, "--text", "The cat"), 0, "no expect lines to check", NULL);
    expect_output(RUN("check", dir), 2, NULL, "is a GPT-2 checkpoint: give the text to run it on");
    expect_output(RUN("gpt2", dir, "--text", "The cat", "--layer", "2"), 2, NULL,
                  "--layer 2: the model has 2 layers, numbered 0 to 1");
    expect_output(RUN("gpt2", dir, "--text", "The cat", "--head", "4"), 2, NULL,
                  "--head 4: the model has 4 heads, numbered 0 to 3");
    expect_output(RUN("gpt2", dir, "--text", "The cat", "--temperature", "0"), 2, NULL,
                  "--temperature 0: must be a number above 0");
    expect_output(RUN("gpt2", dir, "--text", "The cat", "--temperature", "warm"), 2, NULL,
                  "--temperature takes a number above 0, not 'warm'");
    expect_output(RUN("trace", "tour", "--text", "The cat"), 2, NULL,
                  "--text is for a GPT-2 checkpoint (a directory holding model.safetensors), and tour is not one");
    remove_tree(tmp);
    free(tmp);
    free(dir);
}

/* the trace shows the chosen layer's stages, the others' outputs, and the
 * next token with the most probable tokens; every format works */
Test(gpt2, trace_formats) {
    char *tmp, *dir = checkpoint(NULL, &tmp);
    RunResult r = RUN("trace", dir, "--text", "The cat sat", "--layer", "1");
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "layer 0: its output (computed in full; --layer 0 shows its steps)") != NULL, "%s", r.out);
    cr_expect(strstr(r.out, "layer 1 · self-attention: Scores") != NULL);
    cr_expect(strstr(r.out, "layer 0 · self-attention: Scores") == NULL);
    cr_expect(strstr(r.out, "The 10 most probable next tokens (temperature 1):") != NULL);
    cr_expect(strstr(r.out, "Next-token probabilities") != NULL);
    run_free(&r);
    r = RUN("trace", dir, "--text", "The cat sat", "--format", "json");
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "\"probs\"") != NULL);
    cr_expect(strstr(r.out, "\"vocab\":") != NULL);
    run_free(&r);
    r = RUN("trace", dir, "--text", "The cat sat", "--format", "md", "--temperature", "2");
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "logits_T") != NULL);
    run_free(&r);
    remove_tree(tmp);
    free(tmp);
    free(dir);
}

/* Chinese and an emoji fall into GPT-2's byte tokens (this vocabulary
 * has no merge for them): each token shows the character it is part of
 * and which of its tokens it is, in every format (我 is 3 bytes, 😀 4) */
Test(gpt2, byte_tokens_show_their_character) {
    char *tmp, *dir = checkpoint(NULL, &tmp);
    RunResult r = RUN("trace", dir, "--text", "我爱 😀");
    cr_expect_eq(r.status, 0, "%s", r.err);
    const char *rows[] = {"\n我(1/3) ", "\n我(2/3) ", "\n我(3/3) ", "\n爱(1/3) ", "\n爱(3/3) ", "\n␣ ",
                          "\n😀(1/4) ", "\n😀(4/4) "};
    for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++)
        cr_expect(strstr(r.out, rows[k]) != NULL, "no row %s in:\n%.2000s", rows[k] + 1, r.out);
    /* no row is a lone byte (the next-token list may name byte tokens:
     * the vocabulary's, not the text's) */
    cr_expect(strstr(r.out, "\n<0x") == NULL, "a byte shown as a byte:\n%.2000s", r.out);
    run_free(&r);
    r = RUN("trace", dir, "--text", "我爱 😀", "--format", "json");
    cr_expect(strstr(r.out, "\"tokens\":\t[\"我(1/3)\", \"我(2/3)\", \"我(3/3)\", \"爱(1/3)\", \"爱(2/3)\", \"爱(3/3)\", "
                            "\"␣\", \"😀(1/4)\", \"😀(2/4)\", \"😀(3/4)\", \"😀(4/4)\"]") != NULL,
              "%.600s", r.out);
    run_free(&r);
    r = RUN("trace", dir, "--text", "我爱 😀", "--format", "md");
    cr_expect(strstr(r.out, "Tokens: `我(1/3)` `我(2/3)` `我(3/3)` `爱(1/3)`") != NULL, "%.600s", r.out);
    run_free(&r);
    r = RUN("trace", dir, "--text", "我爱 😀", "--view", "tokens");
    cr_expect(strstr(r.out, "\n我(2/3) → 我(1/3) ") != NULL, "%.600s", r.out);
    run_free(&r);
    remove_tree(tmp);
    free(tmp);
    free(dir);
}

/* `attnstep trace ARGS` under the locale `env` (LC_ALL=, LANG=...) */
static RunResult trace_under(const char *env, const char *args) {
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "LC_ALL= LC_MESSAGES= %s \"$ATTNSTEP_BIN\" trace %s", env, args);
    return run_shell(cmd);
}

/* a checkpoint and a model directory have no lesson file to say their
 * language: the learner's locale does, for the titles and the narrative
 * as for the messages */
Test(gpt2, follows_the_locale) {
    char *tmp, *dir = checkpoint(NULL, &tmp), *model = source_path("lessons/model");
    char args[2048];
    snprintf(args, sizeof args, "'%s' --text 'The cat sat'", dir);
    RunResult r = trace_under("LANG=zh_CN.UTF-8", args);
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "第 0 层 · 自注意力：注意力分数") != NULL, "%s", r.out);
    cr_expect(strstr(r.out, "堆叠之后：下一个词元的概率") != NULL);
    cr_expect(strstr(r.out, "最可能的 10 个下一个词元（温度 1）：概率、logit") != NULL);
    cr_expect(strstr(r.out, "Scores") == NULL);
    run_free(&r);
    r = trace_under("LANG=C.UTF-8", args);
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "layer 0 · self-attention: Scores") != NULL, "%s", r.out);
    cr_expect(strstr(r.out, "The 10 most probable next tokens (temperature 1):") != NULL);
    run_free(&r);
    r = trace_under("LANG=C.UTF-8 LC_ALL=zh_TW.UTF-8", args);
    cr_expect(strstr(r.out, "第 0 层 · 自注意力：注意力分数") != NULL, "LC_ALL wins: %s", r.out);
    run_free(&r);
    snprintf(args, sizeof args, "'%s'", model);
    r = trace_under("LANG=zh_CN.UTF-8", args);
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "嵌入与位置编码") != NULL, "%s", r.out);
    cr_expect(strstr(r.out, "注意力分数") != NULL);
    run_free(&r);
    r = trace_under("LANG=C.UTF-8", args);
    cr_expect(strstr(r.out, "Scores") != NULL, "%s", r.out);
    run_free(&r);
    remove_tree(tmp);
    free(tmp);
    free(dir);
    free(model);
}

/* the weights' steps: the recorded layer's, and the stack's own (E, P,
 * the final norm, the tied W_E); the other layers' weights run the pass
 * without a step each, and a layer above the first has no E of its own */
Test(gpt2, weight_steps_of_the_recorded_layer) {
    char *tmp, *dir = checkpoint(NULL, &tmp);
    static const char *const stack[] = {": E  ", ": P  ", ": gamma_final ", ": beta_final ", ": W_E  "};
    RunResult r = RUN("trace", dir, "--text", "The cat sat", "--layer", "1");
    cr_expect_eq(r.status, 0, "%s", r.err);
    for (int k = 0; k < 5; k++)
        cr_expect(strstr(r.out, stack[k]) != NULL, "no step for %s:\n%s", stack[k], r.out);
    cr_expect(strstr(r.out, ": L1_W_Q ") != NULL);
    cr_expect(strstr(r.out, ": L1_beta_ff ") != NULL);
    cr_expect(strstr(r.out, ": L0_W_Q ") == NULL, "layer 0's weights are steps:\n%s", r.out);
    cr_expect(strstr(r.out, ": L0_gamma ") == NULL);
    cr_expect(strstr(r.out, "L1_E") == NULL);
    cr_expect(strstr(r.out, "profile pytorch, 42 steps") != NULL, "5 + 16 weights and 21 stages:\n%.200s", r.out);
    run_free(&r);
    r = RUN("trace", dir, "--text", "The cat sat");
    for (int k = 0; k < 5; k++)
        cr_expect(strstr(r.out, stack[k]) != NULL, "no step for %s", stack[k]);
    cr_expect(strstr(r.out, ": L0_W_Q ") != NULL); /* a stack names its every layer */
    cr_expect(strstr(r.out, "h.1.") == NULL, "layer 1's weights are steps:\n%s", r.out);
    run_free(&r);
    remove_tree(tmp);
    free(tmp);
    free(dir);
}

/* the first listed token's number: "1. “tok” P% NUMBER" */
static double first_listed(const char *out) {
    const char *item = strstr(out, "\n1. “");
    cr_assert_not_null(item, "%s", out);
    const char *pct = strchr(item, '%');
    cr_assert_not_null(pct);
    return strtod(pct + 1, NULL);
}

/* with a temperature the list shows logit/T and says so (en and zh); the
 * number is the logit without it divided by T */
Test(gpt2, temperature_labels_its_logits) {
    char *tmp, *dir = checkpoint(NULL, &tmp);
    RunResult one = RUN("trace", dir, "--text", "The cat sat");
    RunResult two = RUN("trace", dir, "--text", "The cat sat", "--temperature", "2");
    cr_expect(strstr(one.out, "(temperature 1): probability, logit\n") != NULL, "%s", one.out);
    cr_expect(strstr(two.out, "(temperature 2): probability, logit/T\n") != NULL, "%s", two.out);
    double l1 = first_listed(one.out), l2 = first_listed(two.out);
    cr_expect(l1 > 0.1 && fabs(l2 - l1 / 2) < 1e-4, "logit %g, at T = 2 %g", l1, l2);
    run_free(&one);
    run_free(&two);
    char args[2048];
    snprintf(args, sizeof args, "'%s' --text 'The cat sat' --temperature 2", dir);
    RunResult zh = trace_under("LANG=zh_CN.UTF-8", args);
    cr_expect(strstr(zh.out, "最可能的 10 个下一个词元（温度 2）：概率、logit/T") != NULL, "%s", zh.out);
    run_free(&zh);
    remove_tree(tmp);
    free(tmp);
    free(dir);
}

/* the number of tokens of `text` under the checkpoint in `dir` and the
 * last one as the learner reads it (Ġ as ␣), from the plain BPE of
 * make_gpt2_checkpoint.py, not from attnstep: "6 ␣log" into buf */
static void last_token(const char *dir, const char *text, int *n, char *label, size_t size) {
    char *tests = source_path("tests");
    char cmd[4096];
    snprintf(cmd, sizeof cmd,
             "'%s' -c 'import json, sys\n"
             "sys.path.insert(0, sys.argv[1])\n"
             "import make_gpt2_checkpoint as m\n"
             "vocab = json.load(open(sys.argv[2] + \"/vocab.json\", encoding=\"utf-8\"))\n"
             "lines = open(sys.argv[2] + \"/merges.txt\", encoding=\"utf-8\").read().splitlines()[1:]\n"
             "ids = m.bpe_encode(sys.argv[3], [tuple(l.split()) for l in lines if l], vocab)\n"
             "names = {i: t for t, i in vocab.items()}\n"
             "print(len(ids), names[ids[-1]].replace(\"\\u0120\", \"\\u2423\"))' '%s' '%s' '%s'",
             python(), tests, dir, text);
    RunResult r = run_shell(cmd);
    cr_assert_eq(r.status, 0, "%s: %s", cmd, r.err);
    char word[64];
    cr_assert_eq(sscanf(r.out, "%d %63s", n, word), 2, "%s", r.out);
    snprintf(label, size, "%s", word);
    run_free(&r);
    free(tests);
}

/* the label of the first row of matrix `name` in a text trace: the first
 * word of the line after its header and its column labels */
static void text_row_label(const char *out, const char *name, char *label, size_t size) {
    char header[64];
    snprintf(header, sizeof header, "\n%s  1×", name);
    const char *p = strstr(out, header);
    cr_assert_not_null(p, "no matrix %s:\n%.2000s", name, out);
    for (int k = 0; k < 2 && p; k++)
        p = strchr(p + 1, '\n');
    cr_assert_not_null(p);
    size_t len = strcspn(p + 1, " \n");
    snprintf(label, size, "%.*s", (int)(len < size ? len : size - 1), p + 1);
}

/* the label of the first row of matrix `name` in a Markdown trace: the
 * first cell of the line after the table's |---| line */
static void md_row_label(const char *out, const char *name, char *label, size_t size) {
    char header[64];
    snprintf(header, sizeof header, "**%s** (1×", name);
    const char *p = strstr(out, header);
    cr_assert_not_null(p, "no table %s", name);
    p = strstr(p, "\n|---|");
    cr_assert_not_null(p);
    p = strchr(p + 1, '\n');
    cr_assert(p && strncmp(p, "\n| ", 3) == 0);
    size_t len = strcspn(p + 3, " ");
    snprintf(label, size, "%.*s", (int)(len < size ? len : size - 1), p + 3);
}

/* the matrices of a JSON record's "inputs" or "outputs": each of the
 * next-token steps' (*seen of them) says its row is token `want` of
 * `tokens`, the last; the others (*other of them) say nothing */
static void json_first_tokens(const cJSON *matrices, const cJSON *tokens, const char *want, int *seen,
                              int *other) {
    const cJSON *m;
    int n = cJSON_GetArraySize(tokens);
    cJSON_ArrayForEach(m, matrices) {
        const char *name = cJSON_GetObjectItem(m, "name")->valuestring;
        const cJSON *first = cJSON_GetObjectItem(m, "first_token");
        bool last = strcmp(name, "Y_last") == 0 || strncmp(name, "logits", 6) == 0 || strcmp(name, "probs") == 0;
        if (!last) {
            *other += first != NULL;
            continue;
        }
        ++*seen;
        cr_assert_not_null(first, "%s has no first_token", name);
        cr_expect_eq(first->valueint, n - 1, "%s: first_token %d of %d tokens", name, first->valueint, n);
        cr_expect_str_eq(cJSON_GetArrayItem(tokens, first->valueint)->valuestring, want);
    }
}

/* Y_last, logits, logits_T and probs hold one row: the last token's, the
 * one that predicts the next. Every format labels it with that token, as
 * the rows of an n-row matrix are labelled, not as row 0 (the first). */
Test(gpt2, next_token_row_is_the_last_token) {
    char *tmp, *dir = checkpoint(NULL, &tmp);
    const char *text = "The cat sat on the log";
    int n;
    char want[64], got[64];
    last_token(dir, text, &n, want, sizeof want);
    cr_assert_str_eq(want, "␣log", "the reference tokenizer: %s", want);
    RunResult r = RUN("trace", dir, "--text", text);
    cr_assert_eq(r.status, 0, "%s", r.err);
    static const char *const plain[] = {"logits", "probs"}, *const warm[] = {"logits_T", "probs"};
    for (int k = 0; k < 2; k++) {
        text_row_label(r.out, plain[k], got, sizeof got);
        cr_expect_str_eq(got, want, "the row of %s", plain[k]);
    }
    run_free(&r);
    r = RUN("trace", dir, "--text", text, "--temperature", "2");
    for (int k = 0; k < 2; k++) {
        text_row_label(r.out, warm[k], got, sizeof got);
        cr_expect_str_eq(got, want, "the row of %s at T = 2", warm[k]);
    }
    run_free(&r);
    r = RUN("trace", dir, "--text", text, "--format", "md", "--temperature", "2");
    for (int k = 0; k < 2; k++) {
        md_row_label(r.out, warm[k], got, sizeof got);
        cr_expect_str_eq(got, want, "the Markdown row of %s", warm[k]);
    }
    run_free(&r);
    char args[2048];
    snprintf(args, sizeof args, "'%s' --text '%s'", dir, text);
    r = trace_under("LANG=zh_CN.UTF-8", args);
    cr_assert(strstr(r.out, "下一个词元的概率") != NULL, "%.500s", r.out);
    for (int k = 0; k < 2; k++) {
        text_row_label(r.out, plain[k], got, sizeof got);
        cr_expect_str_eq(got, want, "the row of %s in Chinese", plain[k]);
    }
    run_free(&r);
    /* JSON: the index of that token in "tokens", on every such matrix
     * (Y_last is the logits' operand), and on no matrix of n rows */
    r = RUN("trace", dir, "--text", text, "--format", "json", "--temperature", "2");
    cJSON *doc = cJSON_Parse(r.out);
    cr_assert_not_null(doc, "not JSON");
    const cJSON *tokens = cJSON_GetObjectItem(doc, "tokens");
    cr_assert_eq(cJSON_GetArraySize(tokens), n);
    int seen = 0, other = 0;
    const cJSON *step, *rec;
    cJSON_ArrayForEach(step, cJSON_GetObjectItem(doc, "steps")) {
        cJSON_ArrayForEach(rec, cJSON_GetObjectItem(step, "records")) {
            json_first_tokens(cJSON_GetObjectItem(rec, "inputs"), tokens, want, &seen, &other);
            json_first_tokens(cJSON_GetObjectItem(rec, "outputs"), tokens, want, &seen, &other);
        }
    }
    cr_expect_eq(seen, 6, "Y_last, logits (twice), logits_T (twice), probs: %d", seen);
    /* the ranked tokens' narrative with plain spaces: no U+00A0 (which
     * only holds an item together in a pane) reaches a program */
    const cJSON *last = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "steps"),
                                           cJSON_GetArraySize(cJSON_GetObjectItem(doc, "steps")) - 1);
    const char *narrative = cJSON_GetStringValue(cJSON_GetObjectItem(last, "narrative"));
    cr_assert_not_null(narrative);
    cr_expect(strstr(narrative, "1. “") != NULL, "the ranked tokens: %s", narrative);
    cr_expect(strstr(narrative, "\u00a0") == NULL, "a no-break space in %s", narrative);
    cr_expect_eq(other, 0, "%d other matrices have a first_token", other);
    cJSON_Delete(doc);
    run_free(&r);
    remove_tree(tmp);
    free(tmp);
    free(dir);
}
