/* One implementation of attention: a lesson's `attention` statement and
 * attn_run, given the same inputs, must produce bit-identical matrices.
 *
 * Random lessons (sizes, heads, and each of biases, gamma, beta, the
 * causal mask, sinusoidal positions and the convention profile switched
 * on or off at random) run through the interpreter; the same weights,
 * taken from the lesson's environment, run through attn_run with the
 * configuration the lesson asked for. Every matrix attn_run lists must
 * exist in the lesson with the same bits (-inf included). */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "attention/fused.h"
#include "attention/pipeline.h"
#include "engine/random.h"
#include "lang/loader.h"
#include "support.h"

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static int pick(int lo, int hi) { /* an int in [lo, hi] */
    rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
    return lo + (int)((rng_state >> 33) % (uint64_t)(hi - lo + 1));
}

typedef struct Case {
    int n, heads, d_k;
    bool biases, gamma, beta, causal, positions, annotated;
    int kv_heads; /* 0: as many as heads */
    int newer;    /* 0: positions as `positions` says; 1 learned, 2 rope, 3 rope halves */
} Case;

static void write_lesson(const Case *c, int seed, char *text, size_t size) {
    int d = c->heads * c->d_k, dkv = (c->kv_heads ? c->kv_heads : c->heads) * c->d_k;
    size_t len = 0;
#define ADD(...) len += (size_t)snprintf(text + len, size - len, __VA_ARGS__)
    if (c->annotated)
        ADD("profile annotated\n");
    ADD("E = random %dx%d seed %d\n", c->n, d, seed);
    ADD("W_Q, W_O = random %dx%d seed %d scale 0.7\n", d, d, seed + 1);
    ADD("W_K, W_V = random %dx%d seed %d scale 0.7\n", d, dkv, seed + 2);
    if (c->biases)
        ADD("b_Q, b_O = random 1x%d seed %d scale 0.3\n", d, seed + 10);
    if (c->biases)
        ADD("b_K, b_V = random 1x%d seed %d scale 0.3\n", dkv, seed + 11);
    if (c->newer == 1)
        ADD("P = random %dx%d seed %d scale 0.2\n", c->n + 3, d, seed + 40);
    if (c->gamma)
        ADD("gamma = random 1x%d seed %d scale 2\n", d, seed + 20);
    if (c->beta)
        ADD("beta = random 1x%d seed %d\n", d, seed + 30);
    static const char *const newer[] = {"", " positions learned", " positions rope",
                                        " positions rope rope_pairs halves rope_base 500"};
    ADD("attention E heads %d%s%s%s", c->heads, c->causal ? " mask causal" : "",
        c->positions && !c->newer ? " positions sinusoidal" : "", newer[c->newer]);
    if (c->kv_heads)
        ADD(" kv_heads %d", c->kv_heads);
    ADD("\n");
#undef ADD
}

static void take_weight(const LoadedLesson *ll, AttnWeights *w, WeightId id) {
    const Matrix *m = mlist_find(&ll->lesson.env, attn_weight_names[id].lesson);
    if (m)
        cr_assert(mat_copy(attn_weight(w, id), m, NULL));
}

static void check_case(const Case *c, int seed) {
    char text[1024];
    write_lesson(c, seed, text, sizeof text);
    LoadedLesson ll;
    cr_assert(lesson_open_text("one_pass.lesson", text, strlen(text), NULL, &ll), "the lesson fails:\n%s", text);

    AttnWeights w = {0};
    for (int k = 0; k < WEIGHT_COUNT; k++)
        take_weight(&ll, &w, (WeightId)k);
    AttnConfig cfg = attn_config_default();
    cfg.heads = c->heads;
    cfg.kv_heads = c->kv_heads;
    cfg.causal = c->causal;
    const bool sinusoidal = c->positions && !c->newer;
    cfg.positional = c->newer == 1 ? POS_LEARNED : c->newer >= 2 ? POS_ROPE : sinusoidal ? POS_SINUSOIDAL : POS_NONE;
    cfg.rope_pairs = c->newer == 3 ? ROPE_HALVES : ROPE_INTERLEAVED;
    cfg.rope_base = c->newer == 3 ? 500.0f : ATTN_ROPE_BASE;
    if (c->annotated) { /* the profile's conventions, as lesson-language.md states them */
        cfg.ln = (LnConvention){LN_VAR_SAMPLE, LN_EPS_OUTSIDE, 1e-6f};
        cfg.mask_value = -1e9f;
    }
    MatrixList out = {0};
    Error err;
    cr_assert(attn_run(&w, &cfg, &out, &err), "%s", err.msg);
    int expected = 4 + (sinusoidal ? 1 : 0) + c->heads * (c->causal ? 5 : 4) + (c->newer >= 2 ? 2 * c->heads : 0) + 4;
    cr_expect_eq(out.count, expected, "attn_run listed %d matrices, not %d", out.count, expected);
    for (int k = 0; k < out.count; k++) {
        const Matrix *lesson = mlist_find(&ll.lesson.env, out.items[k].name);
        cr_assert_not_null(lesson, "the lesson has no %s:\n%s", out.items[k].name, text);
        cr_expect(mat_same_bits(&out.items[k].m, lesson), "%s differs between the lesson and attn_run:\n%s",
                  out.items[k].name, text);
    }
    mlist_free(&out);
    attn_weights_free(&w);
    lesson_close(&ll);
}

Test(one_pass, random_lessons_and_attn_run_agree_bit_for_bit) {
    cr_assert(engine_init(NULL, NULL));
    for (int t = 0; t < 60; t++) {
        Case c = {.n = pick(1, 7), .heads = pick(1, 3), .d_k = pick(1, 4), .biases = pick(0, 1),
                  .gamma = pick(0, 1), .beta = pick(0, 1), .causal = pick(0, 1), .positions = pick(0, 1),
                  .annotated = pick(0, 1)};
        check_case(&c, 100 + 7 * t);
    }
}

/* grouped-query and multi-query attention, learned and rotary positions
 * (both pairings), each with the other switches at random */
Test(one_pass, newer_layers_agree_bit_for_bit) {
    cr_assert(engine_init(NULL, NULL));
    for (int t = 0; t < 40; t++) {
        Case c = {.n = pick(1, 7), .heads = pick(1, 4), .d_k = 2 * pick(1, 3), .biases = pick(0, 1),
                  .gamma = pick(0, 1), .beta = pick(0, 1), .causal = pick(0, 1), .annotated = pick(0, 1),
                  .newer = t % 4};
        int kv[4], nkv = 0;
        for (int k = 1; k <= c.heads; k++)
            if (c.heads % k == 0)
                kv[nkv++] = k;
        c.kv_heads = kv[pick(0, nkv - 1)];
        check_case(&c, 500 + 7 * t);
    }
}

/* every switch on and every switch off, on a size with several heads */
Test(one_pass, all_options_on_and_off) {
    cr_assert(engine_init(NULL, NULL));
    Case on = {5, 2, 3, true, true, true, true, true, true, 0, 0}, off = {5, 2, 3, false, false, false, false, false, false, 0, 0};
    check_case(&on, 7);
    check_case(&off, 7);
}

/* attn_output: Y alone, through the fused path for the canonical pipeline
 * and through the stages for a variant, equals attn_run's Y bit for bit */
Test(one_pass, attn_output_equals_the_recorded_y) {
    cr_assert(engine_init(NULL, NULL));
    AttnWeights w = {0};
    Matrix *all[] = {&w.E, &w.Wq, &w.Wk, &w.Wv, &w.Wo, &w.bq, &w.bo, &w.gamma, &w.beta};
    int rows[] = {9, 6, 6, 6, 6, 1, 1, 1, 1};
    for (int k = 0; k < 9; k++) {
        cr_assert(mat_alloc(all[k], rows[k], 6, NULL));
        mat_fill_random(all[k], 40u + (unsigned)k, 0.8f);
    }
    AttnFused fused = {0};
    AttnActs acts = {0};
    Matrix Y = {0};
    for (int variant = 0; variant < 4; variant++) {
        AttnConfig cfg = attn_config_default();
        cfg.heads = 3;
        cfg.causal = variant % 2 == 1;
        cfg.positional = variant >= 2 ? POS_SINUSOIDAL : POS_NONE;
        for (int mistake = 0; mistake < 2; mistake++) {
            cfg.scale_dim = mistake ? -1 : 0; /* the mistake "not divided by √d_k" */
            MatrixList out = {0};
            Error err;
            cr_assert(attn_run(&w, &cfg, &out, &err), "%s", err.msg);
            cr_assert(attn_output(&w, &cfg, &fused, &acts, &Y, &err), "%s", err.msg);
            cr_expect(mat_same_bits(&Y, mlist_find(&out, "Y")), "variant %d, mistake %d", variant, mistake);
            mlist_free(&out);
        }
    }
    mat_free(&Y);
    attn_acts_free(&acts);
    attn_fused_free(&fused);
    attn_weights_free(&w);
}
