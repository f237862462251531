/* The layer lessons (feed-forward, encoder-layer, pre-post-ln,
 * decoder-layer), English and Chinese: each asks the learner to predict a
 * number before its `layer` statement shows it, and the numbers its
 * by-hand steps write in `expect` lines agree with
 * tests/reference/layer_lessons.py, float64 arithmetic that shares no code
 * with attnstep. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>

#include "lang/loader.h"
#include "support.h"

static void init(void) { engine_init("scalar", NULL); }

TestSuite(lesson_literals, .init = init, .timeout = 120);

static const char *const layer_lessons[] = {"feed-forward", "encoder-layer", "pre-post-ln", "decoder-layer"};

/* the by-hand numbers, against the independent script */
Test(lesson_literals, by_hand_numbers_match_the_float64_reference) {
    char *script = source_path("tests/reference/layer_lessons.py"), cmd[4096];
    const char *py = getenv("ATTNSTEP_PYTHON");
    snprintf(cmd, sizeof cmd, "'%s' '%s' --check", py && *py ? py : "python3", script);
    RunResult r = run_shell(cmd);
    cr_expect_eq(r.status, 0, "%s:\n%s%s", cmd, r.out, r.err);
    run_free(&r);
    free(script);
}

/* an ask in a step before the first stage a `layer` statement records */
Test(lesson_literals, each_asks_before_its_layer_reveals) {
    for (size_t k = 0; k < sizeof layer_lessons / sizeof *layer_lessons; k++)
        for (int zh = 0; zh < 2; zh++) {
            char name[64];
            snprintf(name, sizeof name, "%s%s", zh ? "zh/" : "", layer_lessons[k]);
            LoadedLesson ll;
            Error err;
            cr_assert(lesson_open(name, NULL, &ll, &err), "%s does not open", name);
            int asks_before = 0, first_stage = -1;
            for (int i = 0; i < ll.lesson.nrecords && first_stage < 0; i++) {
                if (ll.lesson.records[i].stage != STAGE_NONE)
                    first_stage = i;
                else
                    asks_before += ll.lesson.records[i].nasks;
            }
            cr_expect_geq(first_stage, 0, "%s runs no layer", name);
            cr_expect_gt(asks_before, 0, "%s asks nothing before its layer runs", name);
            lesson_close(&ll);
        }
}
