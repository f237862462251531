/* Every example in README.md, README.zh-CN.md and docs/ prints what the
 * page shows: tests/doc_examples.py runs each "$ command" block (see its
 * header for the conventions) with the built attnstep. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>

#include "support.h"

Test(docs, every_example_prints_what_the_page_shows, .timeout = 600) {
    const char *python = getenv("ATTNSTEP_PYTHON");
    char *src = source_path("");
    char cmd[2048];
    snprintf(cmd, sizeof cmd,
             "cd '%s' && '%s' tests/doc_examples.py --known tests/doc_examples_known.txt \"$ATTNSTEP_BIN\" . "
             "README.md README.zh-CN.md docs/*.md",
             src, python && *python ? python : "python3");
    RunResult r = run_shell(cmd);
    cr_expect_eq(r.status, 0, "%s%s", r.out, r.err);
    run_free(&r);
    free(src);
}

/* Every screen README.md and docs/ui.md show is what the program shows:
 * tests/readme_screens.py runs each in tmux at its size and compares
 * (`tests/readme_screens.py --update attnstep FILE...` rewrites them). */
Test(docs, every_screen_is_what_the_program_shows, .timeout = 300) {
    const char *python = getenv("ATTNSTEP_PYTHON");
    char *src = source_path("");
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "cd '%s' && '%s' tests/readme_screens.py \"$ATTNSTEP_BIN\" README.md docs/ui.md", src,
             python && *python ? python : "python3");
    RunResult r = run_shell(cmd);
    cr_expect_eq(r.status, 0, "%s%s", r.out, r.err);
    run_free(&r);
    free(src);
}
