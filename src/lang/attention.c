/* attention.c - the `attention` and `layer` statements: the whole canonical pipeline,
 * each stage a step of its own with its default title, formula and
 * narrative. It computes nothing itself: it runs attn_forward, the one
 * forward pass (so a lesson and `attnstep export` give bit-identical
 * numbers), observed by the recorder (record/record_pass.h), which
 * records and titles each stage's results as stages.def describes them.
 * What is left here is the statement's glue: the recorder's hooks (the
 * records go into the lesson, the results get names in its environment),
 * the numbers the texts mention, and the failed names after an error.
 *
 *   attention E [heads N] [kv_heads G] [mask causal|none]
 *               [positions sinusoidal|learned [P]|rope|none]
 *               [rope_pairs interleaved|halves] [rope_base B]
 *
 * The weights are the names W_Q W_K W_V W_O (or Wq Wk Wv Wo), with the
 * optional biases b_Q b_K b_V b_O (or bq bk bv bo) and gamma, beta; with
 * `positions learned` also P (or the matrix named after `learned`), whose
 * first n rows are added to E.
 *
 *   layer encoder|decoder E [the options of attention] [norm pre|post]
 *         [ffn N] [activation relu|gelu|gelu_tanh] [layers N] [memory mem]
 *
 * A layer's feed-forward network reads W_1 W_2 (W1 W2), b_1 b_2, gamma_ff
 * beta_ff; a decoder's cross-attention cross_W_Q ... cross_beta; in a
 * stack of several layers every name has its layer's prefix, L0_W_Q,
 * L1_W_Q (attn_layer_prefix), layer 0's weights also found as W_Q.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attention/options.h"
#include "io/model_dir.h"
#include "lang/attention_run.h"
#include "record/record_pass.h"



/* ---- the recorder's owner: records in the lesson, results named in its
 * environment (record/record_pass.h) */

static Record *hook_record_new(void *ctx, Stage stage, SrcPos pos) {
    return interp_record_new(ctx, REC_VALUE, stage, pos);
}

static void hook_group_begin(void *ctx, const char *title, const char *formula, const char *narrative, SrcPos pos) {
    interp_group_begin(ctx, title, formula, narrative, pos);
}

static bool hook_slot_push(void *ctx, Slot **slots, int *n, const char *name, int head, Matrix *m) {
    return interp_slot_take(ctx, slots, n, name, head, m);
}

static bool hook_name(void *ctx, const char *name, Matrix *m) { return interp_env_take(ctx, name, m); }

/* mark_outputs_failed: every name the statement would have defined (the
 * outputs of every stage in stages.def) is marked failed, so later uses
 * are skipped without an error of their own */
static void mark_outputs_failed(const Run *r) {
    char word[16], name[MLIST_NAME_MAX];
    AttnConfig cfg = attn_config_default();
    cfg.layers = r->opt.layers;
    AttnActs where = {.cfg = &cfg};
    for (int l = 0; l < r->opt.layers && l < ATTN_MAX_LAYERS; l++)
        for (int sub = SUB_SELF; sub <= SUB_FINAL; sub++) {
            where.layer = l, where.sub = (Sublayer)sub;
            for (int st = STAGE_NONE + 1; st < STAGE_COUNT; st++)
                for (int k = 0; stage_word(stage_outputs((Stage)st), k, word, sizeof word, NULL); k++) {
                    size_t n = strlen(word);
                    bool per_head = n > 2 && strcmp(word + n - 2, "_h") == 0;
                    for (int h = 0; h < (per_head ? r->opt.heads : 1) && h < ATTN_MAX_HEADS; h++)
                        interp_mark_failed(r->in, attn_act_name(&where, word, per_head ? h : -1, name, sizeof name));
                }
        }
}

static bool run_pass(Run *rp, bool ok);

bool attnstmt_run(Interp *in, const Stmt *s) {
    Run r = {.in = in, .s = s};
    return run_pass(&r, attnargs_options(&r));
}

/* env_view: the environment's matrix `name` as a view into *view; false
 * when there is none */
static bool env_view(Interp *in, const char *name, Matrix *view) {
    const Matrix *m = interp_env_get(in, name);
    if (m) {
        *view = *m;
        view->owned = false;
    }
    return m != NULL;
}

bool attnstmt_run_model(Interp *in, const Model *m, SrcPos pos) {
    /* the pass's records point at `pos`; the input is the model's E */
    Expr e = {.kind = E_NAME, .pos = pos, .span = 1, .name = "E"};
    Stmt s = {.kind = S_ATTENTION, .pos = pos, .span = 1, .expr = &e};
    Run r = {.in = in, .s = &s};
    const AttnConfig *c = &m->cfg;
    r.opt.layer = c->layer;
    r.opt.heads = c->heads;
    r.opt.kv_heads = c->kv_heads > 0 && c->kv_heads != c->heads ? c->kv_heads : 0;
    r.opt.causal = c->causal;
    r.opt.positional = c->positional;
    r.positions = c->positional == POS_SINUSOIDAL;
    r.opt.rope_pairs = c->positional == POS_ROPE ? c->rope_pairs : ROPE_INTERLEAVED;
    r.opt.rope_base = c->positional == POS_ROPE ? c->rope_base : ATTN_ROPE_BASE;
    r.opt.layers = c->layer == LAYER_ATTENTION ? 1 : c->layers;
    r.opt.ffn = c->layer == LAYER_ATTENTION ? 0 : attn_ffn_width(&m->w[0]);
    r.opt.norm_first = c->layer != LAYER_ATTENTION && c->norm_first;
    r.opt.norm = c->layer == LAYER_ATTENTION ? NORM_LAYER : c->norm;
    r.opt.activation = c->layer == LAYER_ATTENTION ? ACT_RELU : c->activation;
    r.opt.temperature = 1.0f;
    r.opt.record_layer = -1;
    bool ok = true;
    if (c->layer == LAYER_DECODER) {
        ok = env_view(in, "memory", &r.w[0].memory);
        r.memory_name = "memory";
    }
    if (m->w[0].unembed.rows) { /* a checkpoint: the next-token stages, one layer in full */
        ok = ok && env_view(in, "W_E", &r.w[0].unembed);
        r.unembed_name = "W_E";
        r.opt.temperature = c->temperature;
        r.opt.record_layer = c->record_layer;
    }
    return run_pass(&r, ok);
}

/* run_pass: the pass of a statement or a model whose options are in r
 * (ok: they were read), as its observer, recording each stage */
static bool run_pass(Run *rp, bool ok) {
    Run r = *rp;
    Interp *in = r.in;
    const Stmt *s = r.s;
    ok = ok && attnargs_embeddings(&r) && attnargs_weights(&r);
    if (ok && r.opt.record_layer >= r.opt.layers)
        ok = interp_error(in, s->pos, s->span, NULL, MSG_LAYER_RECORD, r.opt.record_layer, r.opt.layers, r.opt.layers - 1);
    /* per layer: four projections of n d^2, and n^2 d for the scores and
     * the sums; a cross-attention as much with m memory rows; the FFN 2 n d d_ff */
    double n = r.w[0].E.rows, d = r.w[0].E.cols, mem = r.w[0].memory.rows, ff = attn_ffn_width(&r.w[0]);
    double per_layer = attn_layer_madds(n, d, ff, r.opt.activation == ACT_SWIGLU) +
                       (r.opt.layer == LAYER_DECODER ? 2.0 * (n + mem) * d * d + 2.0 * n * mem * d : 0.0);
    ok = ok && interp_add_work(in, per_layer * r.opt.layers, s->pos, s->span);
    /* the pass allocates every head's n x n matrices before its records
     * keep them: the lesson's memory bound is checked before, not after
     * (each layer's attention at least; its feed-forward comes on top) */
    ok = ok && r.opt.heads >= 1 &&
         interp_fits(in, (long)(attn_run_numbers(r.w[0].E.rows, r.w[0].E.cols, r.opt.heads, r.opt.causal, r.positions) *
                                (r.opt.layers > 0 && r.opt.record_layer < 0 ? r.opt.layers : 1)),
                     s->pos, s->span);
    if (ok) {
        r.num = (StageNumbers){.n = r.w[0].E.rows, .d = r.w[0].E.cols, .heads = r.opt.heads, .d_k = r.w[0].E.cols / r.opt.heads,
                               .eps = in->ln.eps, .mask = isinf(in->mask_value) ? NULL : "-1e9",
                               .rope_base = r.opt.rope_base, .ff = attn_ffn_width(&r.w[0]), .act = attn_options[OPT_ACTIVATION].words[r.opt.activation],
                               .y = attn_final_norm(&(AttnConfig){.norm_first = r.opt.norm_first, .layer = r.opt.layer}, &r.w[0]) ? "Y_final" : "Y2",
                               .vocab = r.w[0].unembed.rows, .temperature = r.opt.temperature};
        r.cfg = attnargs_config(&r);
        if (r.unembed_name) /* `unembed W`: W's rows are the vocabulary */
            interp_name_is(in, r.unembed_name, 0, (Axis){AXIS_VOCAB, 0});
        if (s->expr->kind == E_NAME) /* `attention E`: E's rows are the text's tokens */
            interp_name_is(in, s->expr->name, 0, (Axis){AXIS_TOKENS, 0});
        char pairs[96], kv_note[512];
        int dk = r.num.d_k, half = dk / 2, len = 0;
        for (int m = 0; m < half && len < (int)sizeof pairs - 40; m++) {
            if (half > 3 && m == 2) { /* the first two pairs, …, the last */
                len += snprintf(pairs + len, sizeof pairs - (size_t)len, "…, ");
                m = half - 1;
            }
            int a = r.opt.rope_pairs == ROPE_HALVES ? m : 2 * m, b = r.opt.rope_pairs == ROPE_HALVES ? m + half : 2 * m + 1;
            len += snprintf(pairs + len, sizeof pairs - (size_t)len, "%s(%d, %d)", m ? ", " : "", a, b);
        }
        r.num.pairs = pairs;
        MsgLang pos_lang = lesson_language_is_zh(in->out->language) ? MSG_ZH : MSG_EN;
        if (r.opt.positional == POS_LEARNED)
            r.num.pos_note = msg_text(pos_lang, MSG_EMBED_POS_LEARNED);
        else if (r.opt.positional == POS_ROPE)
            r.num.pos_note = msg_text(pos_lang, MSG_EMBED_POS_ROPE);
        else if (r.opt.positional == POS_NONE)
            r.num.pos_note = msg_text(pos_lang, MSG_EMBED_POS_NONE);
        if (r.opt.kv_heads > 0 && r.opt.kv_heads < r.opt.heads) {
            int group = r.opt.heads / r.opt.kv_heads;
            MsgLang lang = lesson_language_is_zh(in->out->language) ? MSG_ZH : MSG_EN;
            if (r.opt.kv_heads == 1) /* one K/V head for all: multi-query attention */
                msg_format(kv_note, sizeof kv_note, lang, MSG_GQA_SPLIT_NOTE_ONE, r.opt.heads);
            else
                msg_format(kv_note, sizeof kv_note, lang, MSG_GQA_SPLIT_NOTE, r.opt.kv_heads, group, group);
            r.num.kv_note = kv_note;
        }
        Recorder rc = {.hooks = {in, hook_record_new, hook_group_begin, hook_slot_push, hook_name},
                       .language = in->out->language, .pos = s->pos, .opt = r.opt, .cfg = r.cfg, .num = r.num,
                       .w = &r.w[0], .E = r.E.owned ? &r.E : NULL, .positions = r.positions, .p_name = r.p_name,
                       .memory_name = r.memory_name, .mask_value = in->mask_value, .vocab = in->out->vocab,
                       .nvocab = in->out->nvocab, .at_layer = -1};
        AttnActs acts = {0};
        AttnObserver obs = {&rc, recorder_stage_done};
        Error err;
        ok = attn_forward(r.w, &r.cfg, &acts, &obs, &err);
        if (!ok && !rc.reported)
            attnargs_fail(&r, &err);
        attn_acts_free(&acts);
    }
    mat_free(&r.E);
    if (!ok)
        mark_outputs_failed(&r);
    return ok;
}
