/* interp.c - statements: profiles and settings, assignments, steps, ask,
 * and the run of a program. What they all work with (errors, the
 * environment of names, budgets, records and groups) is in
 * interp_state.c; expressions are in eval.c, the `attention` statement in
 * attention.c, `expect` in expect.c, a model's weights before the first
 * statement in interp_model.c. */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "attention/pipeline.h"
#include "engine/random.h"
#include "lang/interp_internal.h"
#include "util/escape.h"
#include "util/suggest.h"

/* ---- profiles and settings --------------------------------------------- */

typedef struct Profile {
    const char *name;
    LnConvention ln;
    float mask_value;
    const char *summary;
} Profile;

static const Profile profiles[] = {
    {"pytorch", {LN_VAR_POPULATION, LN_EPS_INSIDE, 1e-5f}, -INFINITY,
     "torch.nn.LayerNorm: variance over n, eps = 1e-5 inside the root; mask -inf"},
    {"annotated", {LN_VAR_SAMPLE, LN_EPS_OUTSIDE, 1e-6f}, -1e9f,
     "the Annotated Transformer: std over n-1, eps = 1e-6 added to the std; mask -1e9"},
    {"tensorflow", {LN_VAR_POPULATION, LN_EPS_INSIDE, 1e-3f}, -1e9f,
     "Keras LayerNormalization: variance over n, eps = 1e-3 inside the root; mask -1e9"},
    {"article001", {LN_VAR_SAMPLE, LN_EPS_INSIDE, 0.0f}, -INFINITY,
     "article 001's worked example: (x - mean) / std with the n-1 std and no eps"},
};
#define NPROFILES (int)(sizeof profiles / sizeof profiles[0])

const char *const interp_profiles[] = {"pytorch", "annotated", "tensorflow", "article001", NULL};

const char *interp_profile_summary(const char *name) {
    for (int k = 0; k < NPROFILES; k++)
        if (strcmp(profiles[k].name, name) == 0)
            return profiles[k].summary;
    return NULL;
}

bool interp_apply_profile(Interp *in, const char *name) {
    for (int k = 0; k < NPROFILES; k++) {
        if (strcmp(profiles[k].name, name) == 0) {
            in->ln = profiles[k].ln;
            in->mask_value = profiles[k].mask_value;
            in->profile = profiles[k].name;
            return true;
        }
    }
    return false;
}

static const char *const setting_names[] = {"heads", "variance", "eps", "eps_place", "mask_value", NULL};

static bool run_set(Interp *in, const Stmt *s) {
    int choice;
    if (strcmp(s->key, "heads") == 0) {
        long h;
        if (!eval_int(in, s->expr, 1, ATTN_MAX_HEADS, MSG_WHAT_HEADS, &h))
            return false;
        in->heads = (int)h;
    } else if (strcmp(s->key, "variance") == 0) {
        if (!eval_word(in, s->expr, s->key, eval_variance_words, &choice))
            return false;
        in->ln.variance = choice % 2 ? LN_VAR_SAMPLE : LN_VAR_POPULATION;
    } else if (strcmp(s->key, "eps_place") == 0) {
        if (!eval_word(in, s->expr, s->key, eval_eps_place_words, &choice))
            return false;
        in->ln.eps_place = choice ? LN_EPS_OUTSIDE : LN_EPS_INSIDE;
    } else if (strcmp(s->key, "eps") == 0 || strcmp(s->key, "mask_value") == 0) {
        Matrix m = {0};
        if (!eval_expr(in, s->expr, &m, NULL))
            return false;
        bool one = m.rows == 1 && m.cols == 1;
        float v = one ? mat_get(&m, 0, 0) : 0.0f;
        mat_free(&m);
        if (!one)
            return interp_error(in, s->expr->pos, s->expr->span, NULL, MSG_ONE_NUMBER, s->key);
        if (s->key[0] == 'e') {
            if (!(v >= 0.0f) || isinf(v))
                return interp_error(in, s->expr->pos, s->expr->span, NULL, MSG_EPS_NUMBER);
            in->ln.eps = v;
        } else {
            if (isnan(v) || v >= 0.0f)
                return interp_error(in, s->expr->pos, s->expr->span, hint_text(in, MSG_HINT_MASK_NEGATIVE),
                                MSG_MASK_NEGATIVE);
            in->mask_value = v;
        }
    } else {
        const char *near = suggest_closest(s->key, setting_names);
        char hint[96];
        msg_format(hint, sizeof hint, in->diags->lang, MSG_DID_YOU_MEAN, near ? near : "");
        return interp_error(in, s->text_pos, (int)strlen(s->key), near ? hint : hint_text(in, MSG_HINT_SETTINGS),
                        MSG_UNKNOWN_SETTING, s->key);
    }
    return true;
}

/* ---- assignments ------------------------------------------------------- */

void interp_record_from_trace(Interp *in, Record *rec, Trace *tr) {
    rec->op = tr->op;
    rec->ln = tr->op == OPX_LAYERNORM || tr->op == OPX_RMSNORM || tr->op == OPX_VAR || tr->op == OPX_STD ? tr->ln : in->ln;
    rec->mask_value = tr->op == OPX_MASK ? tr->mask_value : in->mask_value;
    rec->col0 = tr->col0;
    rec->index[0] = tr->index[0], rec->index[1] = tr->index[1];
    for (int k = 0; k < tr->ninputs; k++) {
        /* held while the statement ran, kept from now on */
        interp_hold(in, -(long)tr->inputs[k].m.rows * tr->inputs[k].m.cols);
        const Axis *axes = tr->inputs[k].axis;
        if (interp_slot_take(in, &rec->inputs, &rec->ninputs, tr->inputs[k].name, -1, &tr->inputs[k].m))
            memcpy(rec->inputs[rec->ninputs - 1].axis, axes, sizeof tr->inputs[k].axis);
    }
    tr->ninputs = 0;
}

void interp_apply_overrides(Interp *in, const char *name, Matrix *m) {
    for (int k = 0; k < in->opt.noverrides; k++) {
        const Override *o = &in->opt.overrides[k];
        if (strcmp(o->name, name) == 0 && o->i >= 0 && o->i < m->rows && o->j >= 0 && o->j < m->cols)
            mat_set(m, o->i, o->j, o->value);
    }
}

/* embeddings_of_the_text: whether `name` is what an `attention` or
 * `layer` statement of the program runs on (`attention E`), so that its
 * rows are the text's tokens from its first definition on, and what a
 * lesson computes from it before that statement (a KV cache built by
 * hand) is labelled by token too. Only when it has a row per token. */
static bool embeddings_of_the_text(const Interp *in, const char *name, int rows) {
    if (!in->prog || rows != in->out->ntokens)
        return false;
    for (int k = 0; k < in->prog->nstmts; k++) {
        const Stmt *s = in->prog->stmts[k];
        if (s->kind == S_ATTENTION && s->expr && s->expr->kind == E_NAME && strcmp(s->expr->name, name) == 0)
            return true;
    }
    return false;
}

static bool run_assign(Interp *in, const Stmt *s) {
    Trace tr = {.op = OPX_VALUE};
    Matrix value = {0};
    bool ok;
    if (s->nnames > 1 && s->expr->kind != E_RANDOM) {
        ok = interp_error(in, s->name_pos[1], (int)strlen(s->names[1]),
                      hint_text(in, MSG_HINT_ONLY_RANDOM_SEVERAL), MSG_ONLY_RANDOM_SEVERAL);
    } else {
        in->hit_failed = false;
        ok = eval_expr(in, s->expr, &value, &tr);
    }
    Axis axes[2] = {in->axes[0], in->axes[1]}; /* what the value's rows and columns count */
    if (ok && axes[0].kind == AXIS_INDEX && embeddings_of_the_text(in, s->names[0], value.rows))
        axes[0] = (Axis){AXIS_TOKENS, 0};
    Record *rec = ok ? interp_record_new(in, REC_VALUE, STAGE_NONE, s->pos) : NULL;
    if (rec) {
        interp_record_from_trace(in, rec, &tr);
        const int rows = value.rows, cols = value.cols; /* every name has the first one's shape */
        for (int k = 0; k < s->nnames && ok; k++) {
            Matrix m = {0};
            if (k == 0) {
                m = value;
                value = (Matrix){0};
            } else {
                /* the names of 'A, B = random RxC seed S' share S's sequence:
                 * the k-th takes the k-th R*C values of it */
                ok = mat_alloc(&m, rows, cols, NULL);
                if (ok) {
                    long seed = 0;
                    eval_int(in, s->expr->seed, 0, 9007199254740991L, MSG_WHAT_SEED, &seed);
                    float scale = 1.0f;
                    Matrix sc = {0};
                    if (s->expr->scale && eval_expr(in, s->expr->scale, &sc, NULL))
                        scale = mat_get(&sc, 0, 0);
                    mat_free(&sc);
                    const uint64_t first = (uint64_t)k * (uint64_t)rows * (uint64_t)cols;
                    mat_fill_random_from(&m, (uint64_t)seed, first, scale);
                    eval_note_draw(in, s->expr, s->names[k], (uint64_t)seed, first, rows, cols, scale);
                }
            }
            interp_apply_overrides(in, s->names[k], &m);
            ok = ok && interp_check_finite(in, &m, s->names[k], s->expr->pos, s->expr->span) && interp_env_set(in, s->names[k], &m);
            /* past the lesson's memory limit the step cannot be kept: an error */
            bool kept = interp_slot_take(in, &rec->outputs, &rec->noutputs, s->names[k], -1, &m);
            if (kept && k == 0)
                memcpy(rec->outputs[rec->noutputs - 1].axis, axes, sizeof axes);
            ok = kept && ok;
            mat_free(&m);
        }
    }
    eval_trace_free(in, &tr);
    mat_free(&value);
    if (!ok)
        for (int k = 0; k < s->nnames; k++)
            interp_mark_failed(in, s->names[k]);
    return ok;
}

static bool run_show(Interp *in, const Stmt *s) {
    Trace tr = {.op = OPX_VALUE};
    Matrix value = {0};
    bool ok = eval_expr(in, s->expr, &value, &tr);
    const Axis axes[2] = {in->axes[0], in->axes[1]};
    Record *rec = ok ? interp_record_new(in, REC_VALUE, STAGE_NONE, s->pos) : NULL;
    if (rec) {
        char name[MLIST_NAME_MAX];
        eval_expr_text(in, s->expr, name, sizeof name);
        interp_record_from_trace(in, rec, &tr);
        if (interp_slot_take(in, &rec->outputs, &rec->noutputs, name, -1, &value))
            memcpy(rec->outputs[rec->noutputs - 1].axis, axes, sizeof axes);
    }
    eval_trace_free(in, &tr);
    mat_free(&value);
    return ok;
}

/* ask NAME[i][j]: hide that cell of NAME's latest record in quiz mode */
static bool run_ask(Interp *in, const Stmt *s) {
    const Expr *e = s->expr;
    if (e->kind != E_INDEX || !e->index[1] || e->lhs->kind != E_NAME)
        return interp_error(in, e->pos, e->span, hint_text(in, MSG_HINT_ASK), MSG_ASK_ONE_CELL);
    const char *name = e->lhs->name;
    if (interp_name_failed(in, name))
        return false;
    for (int r = in->out->nrecords - 1; r >= 0; r--) {
        Record *rec = &in->out->records[r];
        if (rec->kind != REC_VALUE) /* an expect shows the answer: not there */
            continue;
        for (int k = 0; k < rec->noutputs; k++) {
            if (strcmp(rec->outputs[k].name, name) != 0)
                continue;
            const Matrix *m = &rec->outputs[k].m;
            long i, j;
            if (!eval_int(in, e->index[0], 0, m->rows - 1, MSG_WHAT_ROW, &i) ||
                !eval_int(in, e->index[1], 0, m->cols - 1, MSG_WHAT_COL, &j))
                return false;
            AskCell *a = realloc(rec->asks, (size_t)(rec->nasks + 1) * sizeof *a);
            if (!a)
                abort();
            rec->asks = a;
            rec->asks[rec->nasks++] = (AskCell){.slot = k, .i = (int)i, .j = (int)j};
            return true;
        }
    }
    return interp_error(in, e->lhs->pos, e->lhs->span, hint_text(in, MSG_HINT_ASK_AFTER),
                    MSG_ASK_NOT_COMPUTED, name);
}

/* ---- statements -------------------------------------------------------- */

static bool run_statement(Interp *in, const Program *prog, const Stmt *s);

static char *join(char *old, const char *add, const char *sep) {
    if (!old)
        return strdup(add);
    size_t n = strlen(old) + strlen(sep) + strlen(add) + 1;
    char *s = malloc(n);
    if (!s)
        abort();
    snprintf(s, n, "%s%s%s", old, sep, add);
    free(old);
    return s;
}

/* does the step end with `attention` (after any formula and say)? */
static bool k_attention_last(const Stmt *s) {
    for (int k = s->nbody - 1; k >= 0; k--) {
        if (s->body[k]->kind == S_FORMULA || s->body[k]->kind == S_SAY)
            continue;
        return s->body[k]->kind == S_ATTENTION;
    }
    return false;
}

static void run_step(Interp *in, const Program *prog, const Stmt *s) {
    int g = interp_group_begin(in, s->text, NULL, NULL, s->pos);
    for (int k = 0; k < s->nbody; k++) {
        const Stmt *b = s->body[k];
        Group *grp = &in->out->groups[g];
        if (b->kind == S_FORMULA)
            grp->formula = join(grp->formula, b->text, "\n");
        else if (b->kind == S_SAY)
            grp->narrative = join(grp->narrative, b->text, "\n\n");
    }
    for (int k = 0; k < s->nbody && !in->stop; k++) {
        const Stmt *b = s->body[k];
        if (b->kind == S_FORMULA || b->kind == S_SAY)
            continue;
        if (b->kind == S_ATTENTION) {
            run_statement(in, prog, b);
            /* attention made steps of its own; what follows in this step
             * goes on in a step of the same title (a group's records are
             * contiguous) */
            const Group *grp = &in->out->groups[g];
            g = interp_group_begin(in, grp->title, grp->formula, NULL, s->pos);
            continue;
        }
        in->stmt = b;
        run_statement(in, prog, b);
    }
    if (in->out->groups[g].count == 0) {
        if (g == in->out->ngroups - 1 && g > 0 && in->out->groups[g].title && k_attention_last(s)) {
            /* an empty continuation after a final `attention`: drop it */
            Group *grp = &in->out->groups[--in->out->ngroups];
            free(grp->title), free(grp->formula), free(grp->narrative);
        } else {
            in->group = g;
            in->stmt = s;
            interp_record_new(in, REC_TEXT, STAGE_NONE, s->pos);
        }
    }
    in->group = -1;
}

/* copy_words: the words of a `tokens` or `vocab` line, each malloc'd, in
 * a malloc'd array (NULL when out of memory); they label rows on every
 * front end, so a control or bidirectional character in one is written
 * out (util/escape.h) rather than sent to the terminal */
static char **copy_words(const Stmt *s) {
    char **words = calloc((size_t)s->nnames, sizeof *words);
    for (int t = 0; words && t < s->nnames; t++) {
        size_t len = strlen(s->names[t]), cap = 6 * len + 1;
        if ((words[t] = malloc(cap)))
            esc_text(s->names[t], len, words[t], cap, false);
    }
    return words;
}

static bool run_statement(Interp *in, const Program *prog, const Stmt *s) {
    in->stmt = s;
    Lesson *l = in->out;
    switch (s->kind) {
    case S_LESSON:
        free(l->title);
        l->title = strdup(s->text);
        return true;
    case S_LANGUAGE:
        free(l->language);
        l->language = strdup(s->text);
        return true;
    case S_PROFILE:
        if (!interp_apply_profile(in, s->text)) {
            const char *near = suggest_closest(s->text, interp_profiles);
            char hint[128];
            msg_format(hint, sizeof hint, in->diags->lang, MSG_DID_YOU_MEAN, near ? near : "");
            return interp_error(in, s->text_pos, (int)strlen(s->text), near ? hint : hint_text(in, MSG_HINT_PROFILES),
                            MSG_UNKNOWN_PROFILE, s->text);
        }
        return true;
    case S_SET: return run_set(in, s);
    case S_TOKENS:
        for (int t = 0; t < l->ntokens; t++)
            free(l->tokens[t]);
        free(l->tokens);
        l->tokens = copy_words(s);
        l->ntokens = l->tokens ? s->nnames : 0;
        return true;
    case S_VOCAB: /* a lesson's own vocabulary, as a checkpoint's vocab.json gives one */
        for (int t = 0; l->own_vocab && t < l->nvocab; t++)
            free(l->own_vocab[t]);
        free(l->own_vocab);
        l->own_vocab = copy_words(s);
        l->vocab = (const char *const *)l->own_vocab;
        l->nvocab = l->own_vocab ? s->nnames : 0;
        return true;
    case S_ASSIGN: return run_assign(in, s);
    case S_SHOW: return run_show(in, s);
    case S_STEP:
        run_step(in, prog, s);
        return true;
    case S_FORMULA:
        return interp_error(in, s->pos, s->span, hint_text(in, MSG_HINT_FORMULA_OUTSIDE_STEP), MSG_FORMULA_OUTSIDE_STEP);
    case S_SAY:
        interp_group_begin(in, NULL, NULL, s->text, s->pos);
        interp_record_new(in, REC_TEXT, STAGE_NONE, s->pos);
        in->group = -1;
        return true;
    case S_ASK: return run_ask(in, s);
    case S_EXPECT: return expect_run(in, s);
    case S_ATTENTION: return attnstmt_run(in, s);
    }
    return false;
}

static void interp_init(Interp *in, const Source *src, const InterpOptions *opt, Lesson *out, Diags *diags) {
    *in = (Interp){.src = src, .diags = diags, .out = out, .heads = 1, .group = -1, .budget = INTERP_MAX_KEPT};
    if (opt)
        in->opt = *opt;
    if (in->opt.budget > 0 && in->opt.budget < INTERP_MAX_KEPT)
        in->budget = in->opt.budget;
    else if (in->opt.budget < 0) /* nothing left: the first matrix stops the run */
        in->budget = 0;
    in->work_limit = INTERP_MAX_TOTAL_WORK;
    if (in->opt.work > 0 && in->opt.work < INTERP_MAX_TOTAL_WORK)
        in->work_limit = in->opt.work;
    else if (in->opt.work < 0) /* none left: the first operation stops the run */
        in->work_limit = 0;
    interp_apply_profile(in, "pytorch");
}

bool interp_run(const Program *prog, const Source *src, const InterpOptions *opt, Lesson *out,
                Diags *diags) {
    Interp in;
    *out = (Lesson){0};
    interp_init(&in, src, opt, out, diags);
    in.prog = prog;
    int errors = diags->errors;
    if (prog->model && prog->nstmts == 0) /* a model: the learner's locale says the language */
        out->language = strdup(msg_locale() == MSG_ZH ? "zh" : "en");
    if (prog->model)
        interp_preload(&in, prog->model, prog->gpt2);
    if (prog->model && prog->nstmts == 0 && !in.stop) {
        /* the pass's records point at the description's last line */
        SrcPos pos = {.line = 1, .col = 1};
        for (size_t k = 0; k + 1 < src->len; k++)
            if (src->text[k] == '\n')
                pos = (SrcPos){.line = pos.line + 1, .col = 1, .offset = k + 1};
        in.group = -1;
        attnstmt_run_model(&in, prog->model, pos);
    }
    for (int k = 0; k < prog->nstmts && !in.stop; k++) {
        in.group = -1; /* each top-level statement is a step of its own */
        run_statement(&in, prog, prog->stmts[k]);
    }
    out->language = out->language ? out->language : strdup("en");
    out->profile = strdup(in.profile);
    out->numbers = in.kept;
    out->work = in.work;
    expect_diagnose(&in, prog);
    for (int k = 0; k < in.nfailed; k++)
        free(in.failed[k]);
    free(in.failed);
    free(in.draws);
    return diags->errors == errors;
}

bool interp_eval(const Expr *e, const Source *src, const char *profile, Matrix *out, Diags *diags) {
    Interp in;
    Lesson scratch = {0};
    interp_init(&in, src, NULL, &scratch, diags);
    bool ok = true;
    if (profile && !interp_apply_profile(&in, profile)) {
        diag_add(diags, DIAG_ERROR, (SrcPos){0}, 1, diag_text(diags, MSG_HINT_PROFILES), MSG_UNKNOWN_PROFILE, profile);
        ok = false;
    }
    ok = ok && eval_expr(&in, e, out, NULL) && interp_check_finite(&in, out, diag_text(diags, MSG_WHAT_RESULT), e->pos, e->span);
    lesson_free(&scratch);
    for (int k = 0; k < in.nfailed; k++)
        free(in.failed[k]);
    free(in.failed);
    free(in.draws);
    return ok;
}
