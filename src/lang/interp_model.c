/* interp_model.c - a model directory's or a checkpoint's weights named
 * in the environment before the first statement, each the step of its
 * line of the model's description (interp_preload); the pass over them
 * is attention.c's. Apart from interp.c: a lesson never comes here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attention/pipeline.h"
#include "io/gpt2.h"
#include "io/model_dir.h"
#include "lang/interp_internal.h"

/* overridden: whether an edited cell (InterpOptions.overrides) names `name` */
static bool overridden(const Interp *in, const char *name) {
    for (int k = 0; k < in->opt.noverrides; k++)
        if (strcmp(in->opt.overrides[k].name, name) == 0)
            return true;
    return false;
}

/* weight_step: the step of weight `name` (L0_W_Q, W_E, cross_W_K): its
 * title ("Weights: W_Q of layer 0") and a narrative saying where it comes
 * from, the checkpoint's tensor and slice (g) or the directory's `file`,
 * and its shape, in the learner's language */
static void weight_step(Interp *in, const char *name, const Matrix *w, const char *file, const struct Gpt2 *g,
                        SrcPos pos) {
    const MsgLang lang = in->diags->lang;
    char title[160], text[1024], from[192];
    int layer = 0, skip = 0;
    if (sscanf(name, "L%d_%n", &layer, &skip) == 1 && skip > 0 && name[skip])
        msg_format(title, sizeof title, lang, MSG_WEIGHT_TITLE_LAYER, name + skip, layer);
    else
        msg_format(title, sizeof title, lang, MSG_WEIGHT_TITLE, name);
    if (g) {
        gpt2_tensor_of(g, name, from, sizeof from);
        size_t n = strlen(msg_format(text, sizeof text, lang, MSG_WEIGHT_FROM_TENSOR, from, w->rows, w->cols));
        /* a slice of c_attn, or the rows of the text's ids */
        const char *bracket = strchr(from, '[');
        if (bracket && n < sizeof text)
            msg_format(text + n, sizeof text - n, lang, strcmp(bracket, "[ids]") == 0 ? MSG_WEIGHT_IDS : MSG_WEIGHT_SLICE);
    } else {
        msg_format(text, sizeof text, lang, MSG_WEIGHT_FROM_FILE, file && *file ? file : name, w->rows, w->cols);
    }
    interp_group_begin(in, title, NULL, text, pos);
}

/* preload_one: weight `name` in the environment, and a step at source
 * line `line` showing it when `shown`, titled by weight_step. The model's matrix is shared as
 * it is; an edited one is copied first and the edits applied to the
 * copy, as an assignment's value is (the model itself never changes, so
 * undoing an edit is running without it). */
static void preload_one(Interp *in, const char *name, const Matrix *w, int line, bool shown, const char *file,
                        const struct Gpt2 *g) {
    SrcPos pos = {.line = line, .col = 3};
    size_t len;
    const char *text = source_line(in->src, line, &len);
    if (text)
        pos.offset = (size_t)(text - in->src->text) + 2;
    in->group = -1;
    const Matrix *value = w;
    if (overridden(in, name)) {
        Matrix copy;
        Error err = {0};
        if (!mat_copy(&copy, w, &err)) {
            interp_error(in, pos, 1, NULL, MSG_TEXT, err_text(&err, in->diags->lang));
            in->stop = true;
            return;
        }
        interp_apply_overrides(in, name, &copy);
        if (!interp_env_take(in, name, &copy))
            return;
        value = interp_env_get(in, name);
    } else {
        interp_env_share(in, name, w);
    }
    if (shown)
        weight_step(in, name, w, file, g, pos);
    Record *rec = shown ? interp_record_new(in, REC_VALUE, STAGE_NONE, pos) : NULL;
    /* a model's E has a row per token of the text, W_E one per token of
     * the vocabulary; the other weights' axes are plain indices */
    if (rec && interp_slot_ref(in, &rec->outputs, &rec->noutputs, name, -1, value) &&
        (strcmp(name, "E") == 0 || strcmp(name, "W_E") == 0))
        rec->outputs[0].axis[0] = (Axis){name[1] ? AXIS_VOCAB : AXIS_TOKENS, 0};
}

/* weight_shown: whether weight `name` of a model is a step. A stack
 * recorded one layer in full (`keep`, cfg.record_layer) shows that
 * layer's weights and the stack's own (E, P, the final norm); the other
 * layers' weights are named all the same, for the pass, but a 12-layer
 * model's 200 matrices before the first computed one would bury it.
 * Everything is shown when every layer is recorded (keep < 0). */
static bool weight_shown(const char *name, int keep) {
    int layer = 0, skip = 0;
    if (keep < 0 || (sscanf(name, "L%d_%n", &layer, &skip) == 1 && skip > 0 && layer == keep))
        return true;
    if (skip > 0)
        return false;
    for (int k = 0; k < WEIGHT_COUNT; k++)
        if (strcmp(name, attn_weight_names[k].lesson) == 0)
            return keep == 0 || attn_weight_stack_only((WeightId)k);
    return true; /* the stack's own (memory) */
}

/* preload: a model directory's title, tokens, eps and weights, before the
 * first statement. Each weight is a step of its own at the line of the
 * description that names it (loader.c writes them in stage.h's order); the records
 * and the environment show the model's matrices without copying them. */
void interp_preload(Interp *in, const Model *m, const struct Gpt2 *g) {
    Lesson *l = in->out;
    l->title = strdup(in->src->name);
    l->tokens = calloc((size_t)m->ntokens + 1, sizeof *l->tokens);
    for (int t = 0; l->tokens && t < m->ntokens; t++)
        l->tokens[t] = strdup(m->tokens[t]);
    l->ntokens = l->tokens ? m->ntokens : 0;
    in->ln.eps = m->cfg.ln.eps;
    int line = 2;
    char name[MLIST_NAME_MAX], file[96];
    const Matrix *w;
    l->vocab = (const char *const *)m->vocab;
    l->nvocab = m->vocab ? m->nvocab : 0;
    const int keep = m->cfg.record_layer;
    for (int k = 0; (w = model_weight(m, k, name, sizeof name, file, sizeof file)) != NULL; k++)
        preload_one(in, name, w, line++, weight_shown(name, keep), file, g);
    if (m->w && m->w[0].unembed.rows) /* the next-token stages' W_E */
        preload_one(in, "W_E", &m->w[0].unembed, line, true, NULL, g);
}
