/* gpt2.c - a Hugging Face GPT-2 checkpoint directory onto attnstep's
 * stages: config.json checked, the text tokenized, every tensor found,
 * its shape checked, converted to float32 and put where the stack reads
 * it (gpt2.h has the map). */
#include "io/gpt2.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cJSON.h>

#include "engine/kernels.h"
#include "io/model_memory.h"
#include "io/safetensors.h"
#include "util/json_file.h"
#include "util/suggest.h"

/* config.json of a real GPT-2 is 1 KB; anything this large is not one */
#define GPT2_MAX_CONFIG (1L << 20)

/* What config.json says, with GPT-2's defaults. */
typedef struct Gpt2Config {
    int n_layer, n_head, n_embd, n_positions, n_inner, vocab_size; /* vocab_size 0: not given */
    double eps;
} Gpt2Config;

static char *join(const char *dir, const char *name) {
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

bool gpt2_is_checkpoint(const char *dir) {
    char *path = join(dir, "model.safetensors");
    struct stat st;
    bool yes = path && stat(dir, &st) == 0 && S_ISDIR(st.st_mode) && lstat(path, &st) == 0;
    free(path);
    return yes;
}

/* link_resolves: false (and said, with where it points) when `path` is
 * a symbolic link to nothing */
static bool link_resolves(const char *path, Error *err) {
    struct stat st;
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode) && stat(path, &st) != 0) {
        int cause = errno;
        char target[1024];
        ssize_t n = readlink(path, target, sizeof target - 1);
        target[n > 0 ? n : 0] = '\0';
        return err_set_msg_in(err, path, MSG_GPT2_DANGLING, target, strerror(cause));
    }
    return true;
}

bool gpt2_check_model_file(const char *dir, Error *err) {
    char *path = join(dir, "model.safetensors");
    if (!path)
        return err_set_msg(err, MSG_OUT_OF_MEMORY);
    bool ok = link_resolves(path, err);
    free(path);
    return ok;
}

/* open_checkpoint: model.safetensors (st_open); a symbolic link to
 * nothing is said as such, with where it points */
static bool open_checkpoint(StFile *f, const char *path, Error *err) {
    return link_resolves(path, err) && st_open(f, path, err);
}

/* --- config.json ---------------------------------------------------------------- */

/* show: a JSON value as config.json writes it, for messages */
static void show(const JsonFile *f, const cJSON *v, char *out, size_t cap) {
    json_file_shown(f, v, out, cap < 41 ? cap : 41);
}

/* int_key: config key `key`, an integer in lo..hi; absent is an error
 * when `needed`, else *out is left as it is */
static bool int_key(const JsonFile *f, const char *key, int lo, int hi, bool needed, int *out, Error *err) {
    const char *path = f->path;
    const cJSON *root = f->root;
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, key);
    if (!v && !needed)
        return true;
    if (!v)
        return err_set_msg(err, MSG_GPT2_KEY_MISSING, path, key);
    if (!cJSON_IsNumber(v) || v->valuedouble != floor(v->valuedouble) || v->valuedouble < lo || v->valuedouble > hi) {
        char found[64];
        show(f, v, found, sizeof found);
        return err_set_msg(err, MSG_GPT2_KEY_INT, path, key, lo, hi, found);
    }
    *out = (int)v->valuedouble;
    return true;
}

/* the architecture: model_type "gpt2", architectures GPT2LMHeadModel or
 * GPT2Model; another one is refused by the name config.json gives it */
static bool check_architecture(const JsonFile *f, Error *err) {
    const char *path = f->path;
    const cJSON *root = f->root;
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(root, "model_type");
    if (type && !(cJSON_IsString(type) && strcmp(type->valuestring, "gpt2") == 0)) {
        char found[64];
        show(f, type, found, sizeof found);
        return err_set_msg(err, MSG_GPT2_MODEL_TYPE, path, found);
    }
    /* a list of names, as transformers writes it; anything else (one name
     * as a string) is not read as if it were absent */
    const cJSON *arch = cJSON_GetObjectItemCaseSensitive(root, "architectures"), *a;
    if (arch && !cJSON_IsArray(arch) && !cJSON_IsNull(arch)) {
        char found[64];
        show(f, arch, found, sizeof found);
        return err_set_msg(err, MSG_GPT2_ARCHITECTURES_LIST, path, found);
    }
    cJSON_ArrayForEach(a, arch) {
        if (!cJSON_IsString(a) ||
            (strcmp(a->valuestring, "GPT2LMHeadModel") != 0 && strcmp(a->valuestring, "GPT2Model") != 0)) {
            char found[64];
            show(f, a, found, sizeof found);
            return err_set_msg(err, MSG_GPT2_ARCHITECTURE, path, found);
        }
    }
    const cJSON *act = cJSON_GetObjectItemCaseSensitive(root, "activation_function");
    if (act && !(cJSON_IsString(act) &&
                 (strcmp(act->valuestring, "gelu_new") == 0 || strcmp(act->valuestring, "gelu_pytorch_tanh") == 0))) {
        char found[64];
        show(f, act, found, sizeof found);
        return err_set_msg(err, MSG_GPT2_ACTIVATION, path, found);
    }
    /* variants of attention that GPT-2 itself does not use */
    const cJSON *scale = cJSON_GetObjectItemCaseSensitive(root, "scale_attn_weights");
    if (scale && !cJSON_IsTrue(scale))
        return err_set_msg(err, MSG_GPT2_VARIANT, path, "scale_attn_weights", "true");
    const cJSON *inverse = cJSON_GetObjectItemCaseSensitive(root, "scale_attn_by_inverse_layer_idx");
    if (inverse && !cJSON_IsFalse(inverse))
        return err_set_msg(err, MSG_GPT2_VARIANT, path, "scale_attn_by_inverse_layer_idx", "false");
    return true;
}

static bool read_config(const char *dir, Gpt2Config *c, Error *err) {
    char *path = join(dir, "config.json");
    if (!path)
        return err_set_msg(err, MSG_PIPE_OUT_OF_MEMORY);
    JsonFile f;
    bool ok = json_file_read(&f, path, GPT2_MAX_CONFIG, err);
    if (!ok && f.absent)
        err_set_msg(err, MSG_GPT2_FILE_MISSING, path, strerror(ENOENT));
    if (ok && !cJSON_IsObject(f.root))
        ok = err_set_msg_in(err, path, MSG_GPT2_CONFIG_OBJECT);
    const cJSON *root = f.root;
    *c = (Gpt2Config){.eps = 1e-5};
    ok = ok && check_architecture(&f, err) && int_key(&f, "n_layer", 1, ATTN_MAX_LAYERS, true, &c->n_layer, err) &&
         int_key(&f, "n_head", 1, ATTN_MAX_HEADS, true, &c->n_head, err) &&
         int_key(&f, "n_embd", 1, ATTN_MAX_DMODEL, true, &c->n_embd, err);
    /* n_ctx is the older name of n_positions */
    if (ok && !cJSON_GetObjectItemCaseSensitive(root, "n_positions"))
        ok = int_key(&f, "n_ctx", 1, 1 << 20, false, &c->n_positions, err) &&
             (c->n_positions > 0 || int_key(&f, "n_positions", 1, 1 << 20, true, &c->n_positions, err));
    else
        ok = ok && int_key(&f, "n_positions", 1, 1 << 20, true, &c->n_positions, err);
    ok = ok && int_key(&f, "vocab_size", 1, BPE_MAX_ID + 1, false, &c->vocab_size, err);
    const cJSON *inner = ok ? cJSON_GetObjectItemCaseSensitive(root, "n_inner") : NULL;
    c->n_inner = 4 * c->n_embd;
    if (inner && !cJSON_IsNull(inner))
        ok = int_key(&f, "n_inner", 1, ATTN_MAX_FFN, true, &c->n_inner, err);
    /* the range is checked on the float32 the layer norm adds, and the
     * message quotes the number as the file writes it */
    const cJSON *eps = ok ? cJSON_GetObjectItemCaseSensitive(root, "layer_norm_epsilon") : NULL;
    if (eps && !(cJSON_IsNumber(eps) && eps->valuedouble > 0 && eps->valuedouble < 1 &&
                 (float)eps->valuedouble > 0 && (float)eps->valuedouble < 1)) {
        char found[64];
        show(&f, eps, found, sizeof found);
        ok = err_set_msg(err, MSG_GPT2_EPS, path, found);
    } else if (eps) {
        c->eps = eps->valuedouble;
    }
    if (ok && c->n_embd % c->n_head != 0)
        ok = err_set_msg(err, MSG_GPT2_HEADS_DIVIDE, path, c->n_embd, c->n_head);
    json_file_free(&f);
    free(path);
    return ok;
}

/* --- tensors ----------------------------------------------------------------- */

/* shape_text: "(32, 96)", "(96,)" as Python prints a shape */
static void shape_text(const int64_t *dims, int ndim, char *out, size_t cap) {
    size_t n = (size_t)snprintf(out, cap, "(");
    for (int k = 0; k < ndim && n < cap; k++)
        n += (size_t)snprintf(out + n, cap - n, "%s%lld", k ? ", " : "", (long long)dims[k]);
    if (n < cap)
        snprintf(out + n, cap - n, ndim == 1 ? ",)" : ")");
}

/* find: tensor `name` (with the checkpoint's prefix), its shape checked
 * against rows x cols (rows 0: a vector of cols) */
static const StTensor *find(const StFile *f, const Gpt2 *g, const char *name, int rows, int cols, const char *meaning,
                            Error *err) {
    char full[128];
    snprintf(full, sizeof full, "%s%s", g->prefix, name);
    const StTensor *t = st_find(f, full);
    if (!t) {
        const char **names = calloc((size_t)f->count + 1, sizeof *names);
        for (int k = 0; names && k < f->count; k++)
            names[k] = f->tensors[k].name;
        const char *near = names ? suggest_closest(full, names) : NULL;
        char hint[160] = "";
        if (near)
            snprintf(hint, sizeof hint, " (did you mean '%s'?)", near);
        err_set_msg(err, MSG_GPT2_NO_TENSOR, f->path, full, g->model.cfg.layers - 1, hint);
        free(names);
        return NULL;
    }
    int64_t want[2] = {rows ? rows : cols, cols};
    int ndim = rows ? 2 : 1;
    if (t->ndim != ndim || t->shape[0] != want[0] || (ndim == 2 && t->shape[1] != want[1])) {
        char have[96], expected[64];
        shape_text(t->shape, t->ndim, have, sizeof have);
        shape_text(want, ndim, expected, sizeof expected);
        err_set_msg(err, MSG_GPT2_SHAPE, f->path, full, have, expected, meaning);
        return NULL;
    }
    return t;
}

/* all_numbers: every element of m (tensor `name`) is a number */
static bool all_numbers(const StFile *f, const char *name, const Matrix *m, Error *err) {
    if (engine_kernels()->all_finite(m, false))
        return true;
    for (int i = 0; i < m->rows; i++)
        for (int j = 0; j < m->cols; j++)
            if (!isfinite(mat_get(m, i, j)))
                return err_set_msg(err, MSG_GPT2_NOT_FINITE, f->path, name, i, j,
                                   isnan(mat_get(m, i, j)) ? "NaN" : "infinite");
    return true;
}

/* view_f32: an F32 tensor (1-D or 2-D, its shape checked by find) as a
 * view of the mapped file, nothing copied: the file is little-endian
 * float32 already. False when it cannot be (another dtype, a misaligned
 * offset, a big-endian machine): it is then converted into a copy. */
static bool view_f32(const StFile *f, const StTensor *t, Matrix *m) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    const unsigned char *p = f->bytes + f->data_start + t->begin;
    if (!f->mapped || strcmp(t->dtype, "F32") != 0 || (uintptr_t)p % sizeof(float) != 0)
        return false;
    long rows = t->ndim == 2 ? (long)t->shape[0] : 1, cols = (long)t->shape[t->ndim - 1];
    /* no side past the matrix limit; the limit on elements is on what is
     * allocated, and a view allocates nothing (GPT-2 xl's wte, 50257 x
     * 1600, is past it) */
    if (rows > MAT_MAX_DIM || cols > MAT_MAX_DIM)
        return false;
    /* read only: the mapping is PROT_READ, and nothing writes a weight */
    *m = (Matrix){.rows = (int)rows, .cols = (int)cols, .stride = (int)cols, .data = (float *)(uintptr_t)p};
    return true;
#else
    (void)f, (void)t, (void)m;
    return false;
#endif
}

/* load: tensor `name` checked (shape, see find), as a view of the file
 * (F32) or converted into *m (F16, BF16) */
static bool load(const StFile *f, const Gpt2 *g, const char *name, int rows, int cols, const char *meaning, Matrix *m,
                 Error *err) {
    const StTensor *t = find(f, g, name, rows, cols, meaning, err);
    return t && (view_f32(f, t, m) || st_read(f, t, m, err)) && all_numbers(f, t->name, m, err);
}

/* split: the column blocks of a (r, 3d) Conv1D weight (or its 3d bias):
 * views of it when it is a view of the file, else three owned (r, d)
 * copies and `all` is freed */
static bool split3(Matrix *all, Matrix *q, Matrix *k, Matrix *v, Error *err) {
    const int d = all->cols / 3;
    Matrix *parts[3] = {q, k, v};
    for (int p = 0; p < 3; p++) {
        Matrix block = mat_view_cols(all, p * d, d);
        if (!all->owned)
            *parts[p] = block;
        else if (!mat_copy(parts[p], &block, err)) {
            mat_free(all);
            return false;
        }
    }
    mat_free(all);
    return true;
}

/* load_layer: the tensors of h.l into the stack's layer l */
static bool load_layer(const StFile *f, Gpt2 *g, const Gpt2Config *c, int l, Error *err) {
    AttnWeights *w = &g->model.w[l];
    const int d = c->n_embd, ff = c->n_inner;
    char name[64];
#define NAME(suffix) (snprintf(name, sizeof name, "h.%d.%s", l, suffix), name)
    Matrix qkv = {0}, qkv_b = {0};
    return load(f, g, NAME("ln_1.weight"), 0, d, "n_embd", &w->gamma, err) &&
           load(f, g, NAME("ln_1.bias"), 0, d, "n_embd", &w->beta, err) &&
           load(f, g, NAME("attn.c_attn.weight"), d, 3 * d, "(n_embd, 3·n_embd): Q | K | V", &qkv, err) &&
           split3(&qkv, &w->Wq, &w->Wk, &w->Wv, err) &&
           load(f, g, NAME("attn.c_attn.bias"), 0, 3 * d, "3·n_embd: b_Q | b_K | b_V", &qkv_b, err) &&
           split3(&qkv_b, &w->bq, &w->bk, &w->bv, err) &&
           load(f, g, NAME("attn.c_proj.weight"), d, d, "(n_embd, n_embd)", &w->Wo, err) &&
           load(f, g, NAME("attn.c_proj.bias"), 0, d, "n_embd", &w->bo, err) &&
           load(f, g, NAME("ln_2.weight"), 0, d, "n_embd", &w->gamma_ff, err) &&
           load(f, g, NAME("ln_2.bias"), 0, d, "n_embd", &w->beta_ff, err) &&
           load(f, g, NAME("mlp.c_fc.weight"), d, ff, "(n_embd, n_inner = 4·n_embd)", &w->W1, err) &&
           load(f, g, NAME("mlp.c_fc.bias"), 0, ff, "n_inner", &w->b1, err) &&
           load(f, g, NAME("mlp.c_proj.weight"), ff, d, "(n_inner, n_embd)", &w->W2, err) &&
           load(f, g, NAME("mlp.c_proj.bias"), 0, d, "n_embd", &w->b2, err);
#undef NAME
}

/* --- the text ----------------------------------------------------------------- */

static bool tokenize(const char *dir, const Gpt2Options *opt, const Gpt2Config *c, Gpt2 *g, Error *err) {
    char *vocab = join(dir, "vocab.json"), *merges = join(dir, "merges.txt");
    bool ok = vocab && merges && bpe_load(&g->bpe, vocab, merges, err);
    struct stat st;
    for (int k = 0; ok && k < 2; k++)
        if (stat(k ? merges : vocab, &st) == 0)
            g->tokenizer_bytes += (double)st.st_size;
    free(vocab);
    free(merges);
    if (!ok)
        return false;
    if (!opt->text || !opt->text[0])
        return err_set_msg(err, MSG_GPT2_TEXT_EMPTY);
    if (!bpe_encode(&g->bpe, opt->text, strlen(opt->text), &g->ids, &g->n, err))
        return err_prefix(err, "--text");
    int most = c->n_positions < ATTN_MAX_TOKENS ? c->n_positions : ATTN_MAX_TOKENS;
    if (g->n > most)
        return err_set_msg(err, MSG_GPT2_TEXT_LONG, g->n, most, c->n_positions);
    return true;
}

/* kept_numbers: what a run on n tokens keeps (model_memory.h) */
static double kept_numbers(const AttnConfig *cfg, const Gpt2Config *c, int n, int vocab, HoldUse use) {
    MemShape s = {.n = n, .d = c->n_embd, .ff = c->n_inner, .vocab = vocab};
    return mem_pass_numbers(cfg, &s, use);
}

/* fits: the run's limits (opt->max_work, opt->max_kept) on n tokens */
static bool fits(const Gpt2Options *opt, const AttnConfig *cfg, const Gpt2Config *c, int n, int vocab) {
    double work = c->n_layer * attn_layer_madds(n, c->n_embd, c->n_inner, false);
    return (!opt->max_work || work <= opt->max_work) &&
           (!opt->max_kept || kept_numbers(cfg, c, n, vocab, HOLD_KEPT) <= opt->max_kept);
}

/* check_fit: the text within a run's limits, before any weight is read;
 * past them, how many tokens it has and how many the checkpoint takes */
static bool check_fit(const Gpt2Options *opt, const AttnConfig *cfg, const Gpt2Config *c, const Gpt2 *g, int vocab,
                      Error *err) {
    if (fits(opt, cfg, c, g->n, vocab))
        return true;
    int lo = 0, hi = g->n;
    while (lo < hi) {
        int mid = lo + (hi - lo + 1) / 2;
        if (fits(opt, cfg, c, mid, vocab))
            lo = mid;
        else
            hi = mid - 1;
    }
    double work = c->n_layer * attn_layer_madds(g->n, c->n_embd, c->n_inner, false);
    if (opt->max_work && work > opt->max_work)
        return err_set_msg(err, MSG_GPT2_TEXT_WORK, g->n, c->n_layer, work, opt->max_work, lo);
    return err_set_msg(err, MSG_GPT2_TEXT_KEPT, g->n, kept_numbers(cfg, c, g->n, vocab, HOLD_KEPT), opt->max_kept, lo);
}

/* layer_of: N of a tensor named (prefix)h.N.…, else -1 */
static int layer_of(const Gpt2 *g, const char *name) {
    size_t np = strlen(g->prefix);
    int layer = -1, used = 0;
    if (strncmp(name, g->prefix, np) != 0 || sscanf(name + np, "h.%d.%n", &layer, &used) != 1 || used == 0)
        return -1;
    return layer;
}

/* check_hold: every tensor the stack reads, from the header (an F32 one
 * as its mapped pages, which checking it reads; another one as its
 * float32 copy), with what the run keeps and the rest, said and checked
 * against the limit before any weight is read; a layer past n_layer is
 * refused by name, since nothing would read it */
static bool check_hold(const StFile *f, const Gpt2 *g, const Gpt2Config *c, const Gpt2Options *opt, int vocab,
                       Error *err) {
    double weights = 0;
    for (int k = 0; k < f->count; k++) {
        const StTensor *t = &f->tensors[k];
        int layer = layer_of(g, t->name);
        if (layer >= c->n_layer)
            return err_set_msg(err, MSG_GPT2_EXTRA_LAYER, f->path, t->name, c->n_layer, c->n_layer - 1);
        size_t n = strlen(t->name);
        bool buffer = (n >= 9 && strcmp(t->name + n - 9, "attn.bias") == 0) ||
                      (n >= 16 && strcmp(t->name + n - 16, "attn.masked_bias") == 0);
        if (buffer || strncmp(t->name, g->prefix, strlen(g->prefix)) != 0)
            continue;
        double elems = 1;
        for (int d = 0; d < t->ndim; d++)
            elems *= (double)t->shape[d];
        weights += strcmp(t->dtype, "F32") == 0 ? (double)(t->end - t->begin) : elems * sizeof(float);
    }
    /* the text's E, the tokenizer (about four times its files) and a label per token */
    double other = mem_base_bytes() + (double)g->n * c->n_embd * sizeof(float) + 4.0 * g->tokenizer_bytes + 64.0 * vocab;
    MemHold hold = {.weights = weights,
                    .pass = kept_numbers(&g->model.cfg, c, g->n, vocab, opt->say ? opt->say->use : HOLD_LESSON) * sizeof(float),
                    .other = other};
    return mem_check(f->path, &hold, opt->say, err);
}

/* labels: each token as a learner reads it in the text (a character
 * spread over several byte tokens shows whole in each, with which of them
 * it is: 的(1/3)) */
static bool labels(Gpt2 *g, Error *err) {
    Model *m = &g->model;
    m->tokens = calloc((size_t)g->n + 1, sizeof *m->tokens);
    if (!m->tokens)
        return err_set_msg(err, MSG_PIPE_OUT_OF_MEMORY);
    for (int i = 0; i < g->n; i++) {
        char buf[MODEL_TOKEN_MAX];
        bpe_text_token_display(&g->bpe, g->ids, g->n, i, buf, sizeof buf);
        if (!(m->tokens[i] = strdup(buf)))
            return err_set_msg(err, MSG_PIPE_OUT_OF_MEMORY);
        m->ntokens = i + 1;
    }
    return true;
}

/* vocab_labels: every row of wte as the token a learner reads */
static bool vocab_labels(Gpt2 *g, Error *err) {
    Model *m = &g->model;
    m->vocab = calloc((size_t)g->wte.rows + 1, sizeof *m->vocab);
    if (!m->vocab)
        return err_set_msg(err, MSG_PIPE_OUT_OF_MEMORY);
    for (int t = 0; t < g->wte.rows; t++) {
        char buf[MODEL_TOKEN_MAX];
        bpe_token_display(&g->bpe, t, buf, sizeof buf);
        if (!(m->vocab[t] = strdup(buf)))
            return err_set_msg(err, MSG_PIPE_OUT_OF_MEMORY);
        m->nvocab = t + 1;
    }
    return true;
}

/* embed: E = the rows of wte for the text's ids */
static bool embed(const char *path, Gpt2 *g, Error *err) {
    Matrix *E = &g->model.w[0].E;
    for (int i = 0; i < g->n; i++)
        if (g->ids[i] >= g->wte.rows) {
            char shown[MODEL_TOKEN_MAX];
            bpe_text_token_display(&g->bpe, g->ids, g->n, i, shown, sizeof shown);
            return err_set_msg(err, MSG_GPT2_ID_RANGE, path, i, shown, g->ids[i], g->wte.rows);
        }
    if (!mat_alloc(E, g->n, g->wte.cols, err))
        return false;
    for (int i = 0; i < g->n; i++)
        memcpy(mat_row(E, i), mat_row(&g->wte, g->ids[i]), (size_t)g->wte.cols * sizeof(float));
    return true;
}

/* --- the whole checkpoint ----------------------------------------------------- */

static bool check_options(const Gpt2Options *opt, const Gpt2Config *c, Error *err) {
    if (opt->layer < 0 || opt->layer >= c->n_layer)
        return err_set_msg(err, MSG_GPT2_LAYER, opt->layer, c->n_layer, c->n_layer - 1);
    if (opt->head < 0 || opt->head >= c->n_head)
        return err_set_msg(err, MSG_GPT2_HEAD, opt->head, c->n_head, c->n_head - 1);
    if (!(opt->temperature > 0.0f) || isinf(opt->temperature))
        return err_set_msg(err, MSG_GPT2_TEMPERATURE, (double)opt->temperature);
    return true;
}

static void configure(Gpt2 *g, const Gpt2Config *c, const Gpt2Options *opt) {
    AttnConfig *cfg = &g->model.cfg;
    *cfg = attn_config_default();
    cfg->heads = c->n_head;
    cfg->causal = true;
    cfg->positional = POS_LEARNED;
    cfg->layer = LAYER_ENCODER;
    cfg->layers = c->n_layer;
    cfg->ffn = c->n_inner;
    cfg->norm_first = true;
    cfg->activation = ACT_GELU_TANH;
    cfg->ln.eps = (float)c->eps;
    cfg->temperature = opt->temperature;
    cfg->record_layer = opt->layer;
    g->n_positions = c->n_positions;
}

bool gpt2_load(const char *dir_arg, const Gpt2Options *opt, Gpt2 *g, Error *err) {
    *g = (Gpt2){.model = {.cfg = attn_config_default()}};
    size_t len = strlen(dir_arg);
    while (len > 1 && dir_arg[len - 1] == '/')
        len--;
    char *dir = strndup(dir_arg, len), *path = dir ? join(dir, "model.safetensors") : NULL;
    Gpt2Config c;
    StFile *fp = &g->file, f = {0};
    bool ok = (path != NULL || err_set_msg(err, MSG_PIPE_OUT_OF_MEMORY)) && read_config(dir, &c, err) &&
              check_options(opt, &c, err) && tokenize(dir, opt, &c, g, err);
    if (ok) {
        configure(g, &c, opt);
        /* the run's own limits on the text, before the weights are read */
        ok = check_fit(opt, &g->model.cfg, &c, g, c.vocab_size ? c.vocab_size : g->bpe.n_vocab, err) &&
             open_checkpoint(&f, path, err);
    }
    if (ok) {
        snprintf(g->prefix, sizeof g->prefix, "%s", st_find(&f, "transformer.wte.weight") ? "transformer." : "");
        g->model.w = calloc((size_t)c.n_layer, sizeof *g->model.w);
        ok = g->model.w != NULL || err_set_msg(err, MSG_PIPE_OUT_OF_MEMORY);
    }
    /* without vocab_size in config.json, wte may have any number of rows */
    int vocab = c.vocab_size;
    if (ok && !vocab) {
        char full[64];
        snprintf(full, sizeof full, "%swte.weight", g->prefix);
        const StTensor *t = st_find(&f, full);
        vocab = t && t->ndim == 2 && t->shape[0] > 0 && t->shape[0] <= BPE_MAX_ID + 1 ? (int)t->shape[0] : 1;
    }
    ok = ok && check_hold(&f, g, &c, opt, vocab, err);
    const StTensor *wte = ok ? find(&f, g, "wte.weight", vocab, c.n_embd, "(vocab_size, n_embd)", err) : NULL;
    ok = ok && wte && (view_f32(&f, wte, &g->wte) || st_read(&f, wte, &g->wte, err)) && all_numbers(&f, wte->name, &g->wte, err) &&
         embed(path, g, err) && labels(g, err) && vocab_labels(g, err);
    AttnWeights *w0 = g->model.w;
    ok = ok && load(&f, g, "wpe.weight", c.n_positions, c.n_embd, "(n_positions, n_embd)", &w0->P, err);
    for (int l = 0; ok && l < c.n_layer; l++)
        ok = load_layer(&f, g, &c, l, err);
    ok = ok && load(&f, g, "ln_f.weight", 0, c.n_embd, "n_embd", &w0->gamma_final, err) &&
         load(&f, g, "ln_f.bias", 0, c.n_embd, "n_embd", &w0->beta_final, err);
    *fp = f; /* kept open: the F32 weights are views of it */
    if (ok) {
        w0->unembed = g->wte;
        w0->unembed.owned = false;
        for (int l = 1; l < c.n_layer; l++)
            g->model.w[l].E = w0->E, g->model.w[l].E.owned = false;
    }
    /* the pipeline's own check, as a second line of defence */
    if (ok && !attn_validate(g->model.w, &g->model.cfg, err))
        ok = err_prefix(err, dir);
    if (!ok)
        gpt2_free(g);
    free(path);
    free(dir);
    return ok;
}

void gpt2_tensor_of(const Gpt2 *g, const char *lesson_name, char *buf, size_t size) {
    int layer = 0, used = 0;
    if (sscanf(lesson_name, "L%d_%n", &layer, &used) != 1 || used == 0)
        layer = 0, used = 0;
    const char *w = lesson_name + used;
    const int d = g->model.w ? g->model.w[0].E.cols : 0;
    static const struct {
        const char *weight, *tensor;
        int block; /* the column block of c_attn, or -1 */
    } map[] = {
        {"E", "wte.weight[ids]", -1},           {"P", "wpe.weight", -1},
        {"W_Q", "attn.c_attn.weight", 0},       {"W_K", "attn.c_attn.weight", 1},
        {"W_V", "attn.c_attn.weight", 2},       {"b_Q", "attn.c_attn.bias", 0},
        {"b_K", "attn.c_attn.bias", 1},         {"b_V", "attn.c_attn.bias", 2},
        {"W_O", "attn.c_proj.weight", -1},      {"b_O", "attn.c_proj.bias", -1},
        {"gamma", "ln_1.weight", -1},           {"beta", "ln_1.bias", -1},
        {"gamma_ff", "ln_2.weight", -1},        {"beta_ff", "ln_2.bias", -1},
        {"W_1", "mlp.c_fc.weight", -1},         {"b_1", "mlp.c_fc.bias", -1},
        {"W_2", "mlp.c_proj.weight", -1},       {"b_2", "mlp.c_proj.bias", -1},
        {"gamma_final", "ln_f.weight", -1},     {"beta_final", "ln_f.bias", -1},
        {"W_E", "wte.weight", -1},
    };
    for (size_t k = 0; k < sizeof map / sizeof map[0]; k++) {
        if (strcmp(map[k].weight, w) != 0)
            continue;
        const char *t = map[k].tensor;
        bool stack = t[0] == 'w' || strncmp(t, "ln_f", 4) == 0; /* wte, wpe, ln_f: not a layer's */
        char layer_part[24] = "";
        if (!stack)
            snprintf(layer_part, sizeof layer_part, "h.%d.", layer);
        if (map[k].block >= 0)
            snprintf(buf, size, "%s%s%s[%s%d:%d]", g->prefix, layer_part, map[k].tensor,
                     map[k].tensor[strlen(map[k].tensor) - 1] == 't' ? ":, " : "", map[k].block * d,
                     (map[k].block + 1) * d);
        else
            snprintf(buf, size, "%s%s%s", g->prefix, layer_part, map[k].tensor);
        return;
    }
    snprintf(buf, size, "%s", lesson_name);
}

void gpt2_free(Gpt2 *g) {
    for (int t = 0; g->model.vocab && t < g->model.nvocab; t++)
        free(g->model.vocab[t]);
    free(g->model.vocab);
    g->model.vocab = NULL;
    model_free(&g->model);
    mat_free(&g->wte);
    bpe_free(&g->bpe);
    free(g->ids);
    st_close(&g->file);
    *g = (Gpt2){.model = {.cfg = attn_config_default()}};
}
