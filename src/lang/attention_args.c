/* attention_args.c - reading an `attention` or `layer` statement: its
 * options, its embeddings and its weights from the environment, and the
 * pipeline's settings they make (attention.c observes the pass itself).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attention/options.h"
#include "lang/attention_run.h"
#include "util/suggest.h"

/* rename_weight: a message `msg` (size bytes) that begins with a weight's
 * name says it as this lesson wrote it: the pipeline names its weights as
 * model files do (Wq, bq), and P as P */
static void rename_weight(const Run *r, char *msg, size_t size) {
    char renamed[ERROR_MSG_MAX];
    if (strncmp(msg, "P ", 2) == 0 && strcmp(r->p_name, "P") != 0) {
        snprintf(renamed, sizeof renamed, "%s%s", r->p_name, msg + 1);
        snprintf(msg, size, "%s", renamed);
        return;
    }
    for (int k = 0; k < WEIGHT_COUNT; k++) {
        const WeightName *n = &attn_weight_names[k];
        size_t len = strlen(n->file);
        if (strncmp(msg, n->file, len) == 0 && msg[len] == ' ' && strcmp(n->file, n->lesson) != 0 &&
            interp_env_get(r->in, n->lesson)) {
            snprintf(renamed, sizeof renamed, "%s%s", n->lesson, msg + len);
            snprintf(msg, size, "%s", renamed);
            return;
        }
    }
}

bool attnargs_fail(Run *r, Error *err) {
    return interp_error(r->in, r->s->pos, r->s->span, NULL, MSG_ATTENTION_FAILED, err_text(err, r->in->diags->lang));
}

/* named_matrix: the value of an option naming a matrix (`memory mem`), as
 * a view of the environment's; false (reported) when there is none */
static bool named_matrix(Interp *in, const Arg *o, Matrix *view) {
    const Matrix *m = interp_env_get(in, o->value->name);
    if (!m) {
        if (interp_name_failed(in, o->value->name))
            return false;
        return interp_error(in, o->value->pos, o->value->span, NULL, MSG_UNKNOWN_NAME, o->value->name);
    }
    *view = *m;
    view->owned = false;
    return true;
}

/* option_number: the value of an option that is one number (`rope_base
 * 10000`); false (reported, naming `what`) otherwise */
static bool option_number(Interp *in, const Arg *o, MsgId what, double *v) {
    Matrix b = {0};
    *v = 0;
    bool ok = eval_expr(in, o->value, &b, NULL);
    bool scalar = ok && eval_scalar_of(&b, v);
    mat_free(&b);
    if (ok && !scalar)
        return interp_error(in, o->value->pos, o->value->span, NULL, MSG_ONE_NUMBER, hint_text(in, what));
    return ok;
}

/* option_value: one option's value, as its row of options.def says,
 * into r->opt (a matrix: into r's views). `value` is the option's word or
 * number as written ("" for other values). False when it is wrong
 * (reported); *mine false when it is not a value the option takes. */
static bool option_value(Run *r, OptionId id, const Arg *o, const char *value, bool *mine) {
    Interp *in = r->in;
    const OptionDef *d = &attn_options[id];
    *mine = true;
    if (d->kind == OPTK_WORD) {
        int k = attn_option_word_index(id, value);
        if (k < 0) {
            *mine = false;
            return true;
        }
        attn_option_set(&r->opt, id, k);
        if (id == OPT_POSITIONS)
            r->learned = o->operand;
    } else if (!o->value || (d->kind == OPTK_NAME && o->value->kind != E_NAME)) {
        *mine = false;
        return true;
    } else if (d->kind == OPTK_INT) {
        long v;
        if (!eval_int(in, o->value, (long)d->lo, (long)d->hi, d->what, &v))
            return false;
        attn_option_set(&r->opt, id, (double)v);
    } else if (d->kind == OPTK_NUMBER) {
        double v;
        if (!option_number(in, o, d->what, &v))
            return false;
        if (d->hi && (!(v > d->lo) || isinf((float)v)))
            return interp_error(in, o->value->pos, o->value->span, NULL, MSG_ONE_NUMBER, hint_text(in, d->what));
        attn_option_set(&r->opt, id, v);
    } else {
        bool memory = id == OPT_MEMORY;
        if (!named_matrix(in, o, memory ? &r->w[0].memory : &r->w[0].unembed))
            return false;
        *(memory ? &r->memory_name : &r->unembed_name) = o->value->name;
    }
    if (d->needs == OPTN_ROPE && !r->rope_option)
        r->rope_option = o;
    return true;
}

/* option_unknown: an option this statement does not take, or a value its
 * option does not: say which ones it takes, with the nearest word when
 * the option's word is a typo of one */
static bool option_unknown(Run *r, const Arg *o, const char *value) {
    Interp *in = r->in;
    const LayerKind layer = r->opt.layer;
    int id = attn_option_by_word(o->name);
    if (layer == LAYER_ENCODER && id == OPT_MEMORY)
        return interp_error(in, o->pos, (int)strlen(o->name), hint_text(in, MSG_HINT_LAYER_MEMORY),
                            MSG_LAYER_MEMORY_ENCODER);
    const char *near = NULL;
    char suggestion[64] = "", hint[128];
    if (id < 0) {
        const char *words[OPT_COUNT + 1];
        int n = 0;
        for (int k = 0; k < OPT_COUNT; k++)
            if (attn_option_takes((OptionId)k, layer))
                words[n++] = attn_options[k].word;
        words[n] = NULL;
        if ((near = suggest_closest(o->name, words)))
            snprintf(suggestion, sizeof suggestion, "%s", near);
    } else if (attn_option_takes((OptionId)id, layer) && attn_options[id].words && value[0]) {
        /* a word of another option (`norm rms` for `norm_type rms`), else the nearest of its own */
        for (int k = 0; k < OPT_COUNT && !near; k++)
            if (k != id && attn_option_takes((OptionId)k, layer) && attn_option_word_index((OptionId)k, value) >= 0) {
                near = attn_options[k].word;
                snprintf(suggestion, sizeof suggestion, "%s %s", near, value);
            }
        if (!near && (near = suggest_closest(value, attn_options[id].words)))
            snprintf(suggestion, sizeof suggestion, "%s %s", o->name, near);
    }
    if (near)
        msg_format(hint, sizeof hint, in->diags->lang, MSG_DID_YOU_MEAN, suggestion);
    const char *shown = near ? hint : hint_text(in, layer ? MSG_HINT_LAYER_KIND : MSG_HINT_ATTENTION_OPTION);
    return interp_error(in, o->pos, (int)strlen(o->name), shown, layer ? MSG_LAYER_OPTION : MSG_ATTENTION_OPTION,
                        o->name, value[0] ? " " : "", value);
}

bool attnargs_options(Run *r) {
    Interp *in = r->in;
    const Stmt *s = r->s;
    r->opt = attn_config_default();
    r->opt.heads = in->heads;
    r->opt.layer = !s->key ? LAYER_ATTENTION : s->key[0] == 'e' ? LAYER_ENCODER : LAYER_DECODER;
    r->opt.causal = r->opt.layer == LAYER_DECODER; /* masked self-attention unless `mask none` */
    for (int k = 0; k < s->noptions; k++) {
        const Arg *o = &s->options[k];
        char value[32] = "";
        if (o->value && (o->value->kind == E_NAME || o->value->kind == E_NUMBER))
            eval_expr_text(in, o->value, value, sizeof value);
        int id = attn_option_by_word(o->name);
        bool mine = false;
        if (id >= 0 && attn_option_takes((OptionId)id, r->opt.layer) && !option_value(r, (OptionId)id, o, value, &mine))
            return false;
        if (!mine)
            return option_unknown(r, o, value);
    }
    if (r->rope_option && r->opt.positional != POS_ROPE)
        return interp_error(in, r->rope_option->pos, (int)strlen(r->rope_option->name),
                            hint_text(in, MSG_HINT_ATTENTION_ROPE), MSG_ATTENTION_ROPE_ONLY, r->rope_option->name);
    r->positions = r->opt.positional == POS_SINUSOIDAL;
    if (r->opt.layer == LAYER_DECODER && !r->memory_name)
        return interp_error(in, s->pos, s->span, hint_text(in, MSG_HINT_LAYER_MEMORY), MSG_LAYER_MEMORY);
    return true;
}

/* learned_positions: P of `positions learned [P]`: the matrix of that
 * name in the environment, as a view */
static bool learned_positions(Run *r) {
    const Expr *e = r->learned;
    SrcPos pos = e ? e->pos : r->s->pos;
    int span = e ? e->span : r->s->span;
    const char *name = !e ? "P" : e->kind == E_NAME ? e->name : NULL;
    if (!name) {
        char text[MLIST_NAME_MAX];
        eval_expr_text(r->in, e, text, sizeof text);
        return interp_error(r->in, pos, span, hint_text(r->in, MSG_HINT_ATTENTION_LEARNED), MSG_ATTENTION_LEARNED,
                            text);
    }
    snprintf(r->p_name, sizeof r->p_name, "%s", name);
    const Matrix *named = interp_env_get(r->in, name);
    if (!named) {
        if (interp_name_failed(r->in, name))
            return false;
        return interp_error(r->in, pos, span, hint_text(r->in, MSG_HINT_ATTENTION_LEARNED), MSG_ATTENTION_LEARNED,
                            name);
    }
    r->w[0].P = *named;
    r->w[0].P.owned = false;
    return interp_check_finite(r->in, &r->w[0].P, name, pos, span);
}

/* find_weight: weight k of layer `l` (cross: its cross-attention) from
 * the environment, by either of its names with the layer's prefix
 * (L1_W_Q or L1_Wq); the first layer of a stack also by the names of a
 * single layer (W_Q), as a lesson writes them before it stacks. A view.
 * False when a needed one is missing (reported). */
static bool find_weight(Run *r, const AttnConfig *cfg, int l, bool cross, int k, AttnWeights *w) {
    const WeightName *n = &attn_weight_names[k];
    char prefix[24], lesson[MLIST_NAME_MAX], file[MLIST_NAME_MAX];
    const Matrix *m = NULL;
    AttnConfig one = *cfg;
    one.layers = 1;
    char stacked[MLIST_NAME_MAX];
    attn_layer_prefix(cfg, l, cross, prefix, sizeof prefix);
    snprintf(stacked, sizeof stacked, "%s%s", prefix, n->lesson);
    /* the stack's prefix, then (layer 0) a single layer's */
    int pass = 0;
    for (; !m && pass < (l == 0 && cfg->layers > 1 ? 2 : 1); pass++) {
        attn_layer_prefix(pass ? &one : cfg, l, cross, prefix, sizeof prefix);
        snprintf(lesson, sizeof lesson, "%s%s", prefix, n->lesson);
        snprintf(file, sizeof file, "%s%s", prefix, n->file);
        m = interp_env_get(r->in, lesson);
        if (!m)
            m = interp_env_get(r->in, file);
    }
    if (m) {
        *attn_weight(w, (WeightId)k) = *m;
        attn_weight(w, (WeightId)k)->owned = false;
        /* found as W_Q: the stack's steps name it L0_W_Q, so that name
         * is given to the same matrix (a view) */
        bool stack_own = attn_weight_stack_only((WeightId)k);
        return pass == 1 || stack_own || interp_env_share(r->in, stacked, attn_weight(w, (WeightId)k));
    }
    if (!attn_weight_needed((WeightId)k, cfg) || (cross && k >= WEIGHT_W1))
        return true;
    if (interp_name_failed(r->in, lesson) || interp_name_failed(r->in, file))
        return false;
    return interp_error(r->in, r->s->pos, r->s->span, hint_text(r->in, MSG_HINT_ATTENTION_WEIGHT),
                        MSG_ATTENTION_WEIGHT, lesson, file);
}

/* find_weights: every layer's weights from the environment (views, not
 * copies); the stack's own (E aside: the final norm) from the first */
bool attnargs_weights(Run *r) {
    AttnConfig cfg = r->opt;
    cfg.ln = r->in->ln;
    for (int l = 0; l < r->opt.layers; l++)
        for (int k = 0; k < WEIGHT_COUNT; k++) {
            bool stack_only = attn_weight_stack_only((WeightId)k);
            bool ffn = k >= WEIGHT_W1 && !stack_only;
            if (k == WEIGHT_E || k == WEIGHT_P || (stack_only && l > 0) || (ffn && r->opt.layer == LAYER_ATTENTION))
                continue;
            if (!find_weight(r, &cfg, l, false, k, &r->w[l]))
                return false;
            if (r->opt.layer == LAYER_DECODER && k < WEIGHT_W1 && !stack_only &&
                !find_weight(r, &cfg, l, true, k, &r->cross[l]))
                return false;
        }
    if (r->opt.positional == POS_LEARNED && !learned_positions(r))
        return false;
    for (int l = 0; l < r->opt.layers; l++) {
        r->w[l].E = r->w[0].E;
        if (r->opt.layer == LAYER_DECODER)
            r->w[l].cross = &r->cross[l];
    }
    const int ff = attn_ffn_width(&r->w[0]);
    if (r->opt.ffn && r->opt.layer != LAYER_ATTENTION && ff && ff != r->opt.ffn)
        return interp_error(r->in, r->s->pos, r->s->span, NULL, MSG_LAYER_FFN, (long)r->opt.ffn, ff);
    Error err;
    if (attn_validate(r->w, &cfg, &err))
        return true;
    rename_weight(r, err.msg, sizeof err.msg);
    rename_weight(r, err.msg_zh, sizeof err.msg_zh);
    return attnargs_fail(r, &err);
}

/* embeddings: E, a view of the environment's value when the statement
 * names one, else the value of its expression (owned) */
bool attnargs_embeddings(Run *r) {
    const Expr *e = r->s->expr;
    const Matrix *named = e->kind == E_NAME ? interp_env_get(r->in, e->name) : NULL;
    if (named) {
        r->w[0].E = *named;
        r->w[0].E.owned = false;
    } else {
        if (!eval_expr(r->in, e, &r->E, NULL))
            return false;
        r->w[0].E = r->E;
        r->w[0].E.owned = false;
    }
    return interp_check_finite(r->in, &r->w[0].E, hint_text(r->in, MSG_WHAT_EMBEDDINGS), e->pos, e->span);
}

/* config: the pipeline as this lesson's settings, and the mistake being
 * diagnosed (if any), would compute it */
AttnConfig attnargs_config(const Run *r) {
    const Interp *in = r->in;
    AttnConfig cfg = r->opt;
    cfg.mask_value = in->mask_value;
    cfg.ln = builtin_ln_as(in, in->ln);
    cfg.scale_dim = in->opt.mistake == MISTAKE_NO_SCALE ? -1 : in->opt.mistake == MISTAKE_SCALE_DMODEL ? r->num.d : 0;
    cfg.mask_skipped = in->opt.mistake == MISTAKE_NO_MASK;
    cfg.softmax = builtin_softmax_axis(in);
    cfg.record_layer = r->opt.record_layer < r->opt.layers ? r->opt.record_layer : -1;
    return cfg;
}
