/* test_hostile.c - hostile variants of input files on a small GPT-2
 * checkpoint: each JSON file read by one set of rules, tokenizer files
 * with any line end or a BOM, control characters never printed raw, and
 * ranges checked on what the user wrote. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

static const char *python(void) {
    const char *py = getenv("ATTNSTEP_PYTHON");
    return py && *py ? py : "python3";
}

/* a fresh checkpoint in tmp/ckpt, then `edit` (Python with d = the directory) */
static char *edited(const char *edit, char **tmp) {
    *tmp = temp_dir();
    char *dir = malloc(strlen(*tmp) + 8), *make = source_path("tests/make_gpt2_checkpoint.py");
    sprintf(dir, "%s/ckpt", *tmp);
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "'%s' '%s' '%s' >/dev/null && '%s' -c 'd = \"%s\"\n%s'", python(), make, dir, python(),
             dir, edit);
    RunResult r = run_shell(cmd);
    cr_assert_eq(r.status, 0, "%s:\n%s", cmd, r.err);
    run_free(&r);
    free(make);
    return dir;
}

/* the run on the edited checkpoint exits `status`, stderr holds `want`
 * and no ESC nor U+202E */
static void expect_run(const char *edit, int status, const char *want) {
    char *tmp, *dir = edited(edit, &tmp);
    RunResult r = RUN("trace", dir, "--text", "The cat");
    cr_expect_eq(r.status, status, "%s: exit %d\n%s", edit, r.status, r.err);
    cr_expect(!want || strstr(r.err, want), "%s:\nexpected: %s\ngot: %s", edit, want, r.err);
    cr_expect(!strchr(r.err, '\x1b') && !strstr(r.err, "\u202e"), "raw control in: %s", r.err);
    cr_expect(!strchr(r.out, '\x1b') && !strstr(r.out, "\u202e"), "raw control in the trace");
    run_free(&r);
    remove_tree(tmp);
    free(tmp), free(dir);
}

#define CONFIG "p = d + \"/config.json\"; s = open(p).read(); "
#define VOCAB "p = d + \"/vocab.json\"; s = open(p).read(); "
#define MERGES "p = d + \"/merges.txt\"; s = open(p).read(); "

Test(hostile, every_json_file_by_one_set_of_rules, .timeout = 120) {
    expect_run(CONFIG "open(p, \"w\").write(s.replace(\"\\\"n_layer\\\": 2,\", \"\\\"n_layer\\\": 2, \\\"n_layer\\\": 1,\"))",
               2, "config.json:6:17: the key \"n_layer\" appears twice (first at 6:3)");
    expect_run(CONFIG "open(p, \"w\").write(s + \"x\")", 2, "unexpected text after the JSON object");
    expect_run(CONFIG "open(p, \"w\").write(s.replace(\"gelu_new\", \"gelu\\\\u0000new\"))", 2,
               "config.json:13:31: a control character (U+0000, a NUL) in a string");
    expect_run(CONFIG "open(p, \"w\").write(s.replace(\"[\\n    \\\"GPT2LMHeadModel\\\"\\n  ]\", \"\\\"Llama\\\"\"))", 2,
               "\"architectures\" must be a list of names");
    expect_run(VOCAB "open(p, \"w\").write(s.replace(\"\\\"C\\\": 34\", \"\\\"C\\\\u0000x\\\": 34\"))", 2,
               "vocab.json:1:301: a control character (U+0000, a NUL) in a string");
    expect_run(VOCAB "open(p, \"w\").write(s.replace(\"\\\"C\\\": 34\", \"\\\"C\\\": 34, \\\"C\\\": 35\"))", 2,
               "the key \"C\" appears twice (first at 1:299)");
    expect_run(VOCAB "open(p, \"w\").write(s.replace(\"\\\"C\\\": 34\", \"\\\"C\\\": 34, \\\"\\\\u001bc\\\\u202e\\\": 1.5\"))",
               2, "the id of token \"\\u001bc\\u202e\" must be an integer from 0 to 4194303, not 1.5");
}

Test(hostile, tokenizer_line_ends_and_bom, .timeout = 120) {
    /* "The cat" is two tokens with the merges, 7 bytes without */
    const char *edits[] = {MERGES "open(p, \"w\", newline=\"\").write(s.replace(\"\\n\", \"\\r\"))",
                           MERGES "open(p, \"w\", newline=\"\").write(s.replace(\"\\n\", \"\\r\\n\"))",
                           MERGES "open(p, \"w\").write(\"\\ufeff\" + s)"};
    for (int k = 0; k < 3; k++) {
        char *tmp, *dir = edited(edits[k], &tmp);
        RunResult r = RUN("trace", dir, "--text", "The cat", "--format", "json");
        cr_expect_eq(r.status, 0, "%s\n%s", edits[k], r.err);
        cr_expect(strstr(r.out, "\"tokens\":\t[\"The\", \"␣cat\"]") || strstr(r.out, "\"␣cat\""), "%s", edits[k]);
        run_free(&r);
        remove_tree(tmp);
        free(tmp), free(dir);
    }
    expect_run(MERGES "open(p, \"w\").write(s.replace(\"h e\\n\", \"h e\\n\\x1bc x\\n\"))", 2,
               "merges.txt:3: '\\x1bc' is not a token of the vocabulary");
    expect_run(MERGES "open(p, \"w\").write(s.replace(\"h e\\n\", \"h e\\n\\u202ecx\\n\"))", 2,
               "merges.txt:3: '\\u202ecx': expected two tokens");
}

Test(hostile, temperature_checked_as_written, .timeout = 60) {
    char *tmp, *dir = edited("pass", &tmp);
    static const char *const cases[][2] = {
        {"1e39", "--temperature 1e39 is too large for a 32-bit float"},
        {"1e400", "--temperature 1e400 is too large for a 32-bit float"},
        {"1e-50", "--temperature 1e-50 is too small for a 32-bit float"},
        {"1e-400", "--temperature 1e-400 is too small for a 32-bit float"},
        {"-1e-50", "--temperature -1e-50: must be a number above 0"},
        {"0", "--temperature 0: must be a number above 0"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++)
        expect_output(RUN("trace", dir, "--text", "The cat", "--temperature", cases[k][0]), 2, NULL, cases[k][1]);
    remove_tree(tmp);
    free(tmp), free(dir);
}
