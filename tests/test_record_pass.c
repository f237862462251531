/* test_record_pass.c - the recorder without an interpreter: a pass over
 * weights made here, observed by a Recorder that stores its records
 * straight into a Lesson (recorder_lesson_hooks), gives a step per stage
 * with its title, and every result a record holds has the bits attn_run
 * (export's route) gives it under the same name. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "engine/random.h"
#include "record/record_pass.h"
#include "support.h"

static void random_matrix(Matrix *m, int rows, int cols, uint64_t seed) {
    cr_assert(mat_alloc(m, rows, cols, NULL));
    mat_fill_random(m, seed, 0.5f);
}

Test(record_pass, records_without_an_interpreter_match_attn_run) {
    enum { N = 5, D = 8, HEADS = 2 };
    AttnWeights w = {0};
    random_matrix(&w.E, N, D, 1);
    random_matrix(&w.Wq, D, D, 2);
    random_matrix(&w.Wk, D, D, 3);
    random_matrix(&w.Wv, D, D, 4);
    random_matrix(&w.Wo, D, D, 5);
    AttnConfig cfg = attn_config_default();
    cfg.heads = HEADS;
    cfg.causal = true;

    Lesson lesson = {0};
    Recorder rc = {.hooks = recorder_lesson_hooks(&lesson), .language = "en", .opt = cfg, .cfg = cfg,
                   .num = {.n = N, .d = D, .heads = HEADS, .d_k = D / HEADS, .eps = cfg.ln.eps},
                   .w = &w, .positions = cfg.positional == POS_SINUSOIDAL, .mask_value = -INFINITY,
                   .at_layer = -1};
    AttnActs acts = {0};
    AttnObserver obs = {&rc, recorder_stage_done};
    Error err = {0};
    cr_assert(attn_forward(&w, &cfg, &acts, &obs, &err), "%s", err.msg);
    attn_acts_free(&acts);

    MatrixList all = {0};
    cr_assert(attn_run(&w, &cfg, &all, &err), "%s", err.msg);

    bool seen[STAGE_COUNT] = {0};
    int compared = 0;
    for (int r = 0; r < lesson.nrecords; r++) {
        const Record *rec = &lesson.records[r];
        cr_assert(rec->stage > STAGE_NONE && rec->stage < STAGE_COUNT);
        seen[rec->stage] = true;
        const Group *g = &lesson.groups[rec->group];
        cr_expect(g->title && *g->title && g->narrative && *g->narrative, "%s has its texts", stage_name(rec->stage));
        for (int k = 0; k < rec->noutputs && rec->stage != STAGE_SPLIT; k++) { /* the split's are views of Q K V */
            const Matrix *m = mlist_find(&all, rec->outputs[k].name);
            cr_assert_not_null(m, "%s", rec->outputs[k].name);
            cr_expect(mat_same_bits(&rec->outputs[k].m, m), "%s", rec->outputs[k].name);
            compared++;
        }
    }
    static const Stage attention[] = {STAGE_EMBED, STAGE_PROJECT, STAGE_SPLIT, STAGE_SCORES, STAGE_SCALE, STAGE_MASK,
                                      STAGE_SOFTMAX, STAGE_WEIGHTED, STAGE_CONCAT, STAGE_OUTPUT, STAGE_RESIDUAL,
                                      STAGE_LAYERNORM};
    for (size_t k = 0; k < sizeof attention / sizeof attention[0]; k++)
        cr_expect(seen[attention[k]], "a record of %s", stage_name(attention[k]));
    /* X, Q, K, V, per head S T M A Z, then Z O R Y */
    cr_expect_geq(compared, 8 + 5 * HEADS);
    mlist_free(&all);
    lesson_free(&lesson);
    mat_free(&w.E), mat_free(&w.Wq), mat_free(&w.Wk), mat_free(&w.Wv), mat_free(&w.Wo);
}
