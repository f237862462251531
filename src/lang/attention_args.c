/* attention_args.c - reading an `attention` or `layer` statement: its
 * options, its embeddings and its weights from the environment, and the
 * pipeline's settings they make (attention.c observes the pass itself).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lang/attention_run.h"

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

/* What an option handler did with an option: took it, left it to the
 * next handler (not one of its names, or not a value it takes), or
 * reported an error. */
typedef enum { OPT_TAKEN, OPT_NOT_MINE, OPT_FAILED } OptionTaken;

/* an integer option in [lo, hi] into *out */
static OptionTaken int_option(Interp *in, const Arg *o, long lo, long hi, MsgId what, int *out) {
    long v;
    if (!eval_int(in, o->value, lo, hi, what, &v))
        return OPT_FAILED;
    *out = (int)v;
    return OPT_TAKEN;
}

/* attention_option: the options of every attention statement: heads,
 * kv_heads, mask, positions, rope_pairs, rope_base. `value` is the
 * option's word or number as written ("" for other values). */
static OptionTaken attention_option(Run *r, const Arg *o, const char *value) {
    Interp *in = r->in;
    if (strcmp(o->name, "heads") == 0 && o->value)
        return int_option(in, o, 1, ATTN_MAX_HEADS, MSG_WHAT_HEADS, &r->heads);
    if (strcmp(o->name, "kv_heads") == 0 && o->value)
        return int_option(in, o, 1, ATTN_MAX_HEADS, MSG_WHAT_KV_HEADS, &r->kv_heads);
    if (strcmp(o->name, "mask") == 0 && (!strcmp(value, "causal") || !strcmp(value, "none"))) {
        r->causal = value[0] == 'c';
    } else if (strcmp(o->name, "positions") == 0 && (!strcmp(value, "sinusoidal") || !strcmp(value, "none") ||
                                                     !strcmp(value, "rope") || !strcmp(value, "learned"))) {
        r->positional = value[0] == 's' ? POS_SINUSOIDAL : value[0] == 'r' ? POS_ROPE
                      : value[0] == 'l' ? POS_LEARNED : POS_NONE;
        r->learned = o->operand;
    } else if (strcmp(o->name, "rope_pairs") == 0 && (!strcmp(value, "interleaved") || !strcmp(value, "halves"))) {
        r->rope_pairs = value[0] == 'h' ? ROPE_HALVES : ROPE_INTERLEAVED;
        r->rope_option = r->rope_option ? r->rope_option : o;
    } else if (strcmp(o->name, "rope_base") == 0 && o->value) {
        double v;
        if (!option_number(in, o, MSG_WHAT_ROPE_BASE, &v))
            return OPT_FAILED;
        r->rope_base = (float)v;
        r->rope_option = r->rope_option ? r->rope_option : o;
    } else {
        return OPT_NOT_MINE;
    }
    return OPT_TAKEN;
}

/* layer_option: the options only a whole layer (`layer encoder`,
 * `layer decoder`) takes: norm, activation, ffn, layers, memory (decoder),
 * unembed, temperature, record */
static OptionTaken layer_option(Run *r, const Arg *o, const char *value) {
    Interp *in = r->in;
    if (strcmp(o->name, "ffn") == 0 && o->value)
        return int_option(in, o, 1, ATTN_MAX_FFN, MSG_WHAT_FFN, &r->ffn);
    if (strcmp(o->name, "layers") == 0 && o->value)
        return int_option(in, o, 1, ATTN_MAX_LAYERS, MSG_WHAT_LAYERS, &r->layers);
    if (strcmp(o->name, "record") == 0 && o->value)
        return int_option(in, o, 0, ATTN_MAX_LAYERS - 1, MSG_WHAT_RECORD, &r->record_layer);
    if (strcmp(o->name, "norm") == 0 && (!strcmp(value, "pre") || !strcmp(value, "post"))) {
        r->norm_first = value[1] == 'r';
    } else if (strcmp(o->name, "activation") == 0 &&
               (!strcmp(value, "relu") || !strcmp(value, "gelu") || !strcmp(value, "gelu_tanh"))) {
        r->activation = !strcmp(value, "relu") ? ACT_RELU : !strcmp(value, "gelu") ? ACT_GELU : ACT_GELU_TANH;
    } else if (r->layer == LAYER_DECODER && strcmp(o->name, "memory") == 0 && o->value &&
               o->value->kind == E_NAME) {
        if (!named_matrix(in, o, &r->w[0].memory))
            return OPT_FAILED;
        r->memory_name = o->value->name;
    } else if (strcmp(o->name, "unembed") == 0 && o->value && o->value->kind == E_NAME) {
        if (!named_matrix(in, o, &r->w[0].unembed))
            return OPT_FAILED;
        r->unembed_name = o->value->name;
    } else if (strcmp(o->name, "temperature") == 0 && o->value) {
        double v;
        if (!option_number(in, o, MSG_WHAT_TEMPERATURE, &v))
            return OPT_FAILED;
        if (!(v > 0) || isinf((float)v)) {
            interp_error(in, o->value->pos, o->value->span, NULL, MSG_ONE_NUMBER, hint_text(in, MSG_WHAT_TEMPERATURE));
            return OPT_FAILED;
        }
        r->temperature = (float)v;
    } else {
        return OPT_NOT_MINE;
    }
    return OPT_TAKEN;
}

bool attnargs_options(Run *r) {
    Interp *in = r->in;
    const Stmt *s = r->s;
    r->heads = in->heads;
    r->rope_pairs = ROPE_INTERLEAVED;
    r->rope_base = ATTN_ROPE_BASE;
    r->layers = 1;
    r->temperature = 1.0f;
    r->record_layer = -1;
    r->layer = !s->key ? LAYER_ATTENTION : s->key[0] == 'e' ? LAYER_ENCODER : LAYER_DECODER;
    r->causal = r->layer == LAYER_DECODER; /* masked self-attention unless `mask none` */
    const bool layer = r->layer != LAYER_ATTENTION;
    for (int k = 0; k < s->noptions; k++) {
        const Arg *o = &s->options[k];
        char value[32] = "";
        if (o->value && (o->value->kind == E_NAME || o->value->kind == E_NUMBER))
            eval_expr_text(in, o->value, value, sizeof value);
        OptionTaken took = attention_option(r, o, value);
        if (took == OPT_NOT_MINE && layer)
            took = layer_option(r, o, value);
        if (took == OPT_FAILED)
            return false;
        /* an option of the other kind of layer: say whose it is */
        if (took == OPT_NOT_MINE && r->layer == LAYER_ENCODER && strcmp(o->name, "memory") == 0)
            return interp_error(in, o->pos, (int)strlen(o->name), hint_text(in, MSG_HINT_LAYER_MEMORY),
                                MSG_LAYER_MEMORY_ENCODER);
        if (took == OPT_NOT_MINE && layer)
            return interp_error(in, o->pos, (int)strlen(o->name), hint_text(in, MSG_HINT_LAYER_KIND),
                                MSG_LAYER_OPTION, o->name, value[0] ? " " : "", value);
        if (took == OPT_NOT_MINE)
            return interp_error(in, o->pos, (int)strlen(o->name), hint_text(in, MSG_HINT_ATTENTION_OPTION),
                                MSG_ATTENTION_OPTION, o->name, value[0] ? " " : "", value);
    }
    if (r->rope_option && r->positional != POS_ROPE)
        return interp_error(in, r->rope_option->pos, (int)strlen(r->rope_option->name),
                            hint_text(in, MSG_HINT_ATTENTION_ROPE), MSG_ATTENTION_ROPE_ONLY, r->rope_option->name);
    r->positions = r->positional == POS_SINUSOIDAL;
    if (r->layer == LAYER_DECODER && !r->memory_name)
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
    AttnConfig cfg = attn_config_default();
    cfg.heads = r->heads;
    cfg.kv_heads = r->kv_heads;
    cfg.positional = r->positional;
    cfg.rope_pairs = r->rope_pairs;
    cfg.rope_base = r->rope_base;
    cfg.ln = r->in->ln;
    cfg.layer = r->layer, cfg.layers = r->layers, cfg.norm_first = r->norm_first, cfg.ffn = r->ffn;
    for (int l = 0; l < r->layers; l++)
        for (int k = 0; k < WEIGHT_COUNT; k++) {
            bool stack_only = attn_weight_stack_only((WeightId)k);
            bool ffn = k >= WEIGHT_W1 && !stack_only;
            if (k == WEIGHT_E || k == WEIGHT_P || (stack_only && l > 0) || (ffn && r->layer == LAYER_ATTENTION))
                continue;
            if (!find_weight(r, &cfg, l, false, k, &r->w[l]))
                return false;
            if (r->layer == LAYER_DECODER && k < WEIGHT_W1 && !stack_only &&
                !find_weight(r, &cfg, l, true, k, &r->cross[l]))
                return false;
        }
    if (r->positional == POS_LEARNED && !learned_positions(r))
        return false;
    for (int l = 0; l < r->layers; l++) {
        r->w[l].E = r->w[0].E;
        if (r->layer == LAYER_DECODER)
            r->w[l].cross = &r->cross[l];
    }
    if (r->ffn && r->layer != LAYER_ATTENTION && r->w[0].W1.rows && r->w[0].W1.cols != r->ffn)
        return interp_error(r->in, r->s->pos, r->s->span, NULL, MSG_LAYER_FFN, (long)r->ffn, r->w[0].W1.cols);
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
    AttnConfig cfg = attn_config_default();
    cfg.heads = r->heads;
    cfg.kv_heads = r->kv_heads;
    cfg.causal = r->causal;
    cfg.mask_value = in->mask_value;
    cfg.positional = r->positional;
    cfg.rope_pairs = r->rope_pairs;
    cfg.rope_base = r->rope_base;
    cfg.ln = builtin_ln_as(in, in->ln);
    cfg.scale_dim = in->opt.mistake == MISTAKE_NO_SCALE ? -1 : in->opt.mistake == MISTAKE_SCALE_DMODEL ? r->num.d : 0;
    cfg.mask_skipped = in->opt.mistake == MISTAKE_NO_MASK;
    cfg.softmax = builtin_softmax_axis(in);
    cfg.layer = r->layer, cfg.layers = r->layers, cfg.ffn = r->ffn, cfg.norm_first = r->norm_first;
    cfg.activation = r->activation;
    cfg.temperature = r->temperature;
    cfg.record_layer = r->record_layer < r->layers ? r->record_layer : -1;
    return cfg;
}
