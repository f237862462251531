/* model_dir.c - the .npy weights of a model directory, layer by layer
 * (config.json is read by model_config.c).
 *
 * Every check names the file it is about, because the person reading the
 * message has a directory of files in front of them and needs to know
 * which one to fix. Messages come from the message table, in both
 * languages; the caller picks one (err_text).
 */
#include "io/model_dir.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "io/model_config.h"
#include "io/model_memory.h"
#include "io/npy.h"

/* The files are the weights of stage.h (E.npy, Wq.npy, ..., beta.npy, P.npy),
 * read and reported in that order: E sets n and d_model, the others have
 * the shapes attn_weight_shape gives (d x d, Wk and Wv d x kv_heads·d_k,
 * vectors as long as their matrix's columns, P at least n x d). */
typedef enum { KIND_E, KIND_SQUARE, KIND_VECTOR, KIND_W1, KIND_B1, KIND_W2 } Kind;

static Kind kind_of(int k) {
    const bool widen = k == WEIGHT_W1 || k == WEIGHT_Wgate || k == WEIGHT_Wup;
    return k == WEIGHT_E ? KIND_E : widen ? KIND_W1 : k == WEIGHT_b1 ? KIND_B1
         : k == WEIGHT_W2 || k == WEIGHT_Wdown ? KIND_W2
         : attn_weight_names[k].optional ? KIND_VECTOR : KIND_SQUARE;
}

/* The feed-forward network's files of one activation and not of the
 * other: W1, b1, W2, b2 of the plain network; W_gate, W_up, W_down of
 * the gated one (activation swiglu). */
static bool plain_ffn_file(int k) {
    return k == WEIGHT_W1 || k == WEIGHT_b1 || k == WEIGHT_W2 || k == WEIGHT_b2;
}
static bool gated_ffn_file(int k) { return k == WEIGHT_Wgate || k == WEIGHT_Wup || k == WEIGHT_Wdown; }

/* a file of a β, which RMSNorm has not */
static bool beta_file(int k) { return k == WEIGHT_beta || k == WEIGHT_beta_ff || k == WEIGHT_beta_final; }

static char *join(const char *dir, const char *name, const char *ext) {
    char *p = malloc(strlen(dir) + strlen(name) + strlen(ext) + 2);
    if (p)
        sprintf(p, "%s/%s%s", dir, name, ext);
    return p;
}


/* --- the .npy files --------------------------------------------------------- */

static void shape_text(const NpyInfo *in, char *out, size_t cap) {
    if (in->ndim == 1)
        snprintf(out, cap, "(%ld,)", in->shape[0]);
    else
        snprintf(out, cap, "(%ld, %ld)", in->shape[0], in->shape[1]);
}

static bool check_values_finite(const char *path, const Matrix *m, bool vector, Error *err) {
    for (int i = 0; i < m->rows; i++)
        for (int j = 0; j < m->cols; j++) {
            float v = mat_get(m, i, j);
            if (isfinite(v))
                continue;
            const char *what = isnan(v) ? "NaN" : v > 0 ? "inf" : "-inf";
            if (vector)
                return err_set_msg_in(err, path, MSG_MD_NOT_FINITE_VECTOR, j, what);
            return err_set_msg_in(err, path, MSG_MD_NOT_FINITE, i, j, what);
        }
    return true;
}

/* --- the directory's files: each one read, or said why not ----------------- */

/* A model file's name (without .npy), as check_files knows it: weight k
 * of a layer or of the stack, of a decoder's cross-attention ("cross_"),
 * or the memory (k -1). */
typedef struct Known {
    char name[32];
    int k;
    bool cross;
} Known;

static int known_names(Known *out) {
    int n = 0;
    for (int k = 0; k < WEIGHT_COUNT; k++) {
        out[n++] = (Known){.k = k};
        snprintf(out[n - 1].name, sizeof out[n - 1].name, "%s", attn_weight_names[k].file);
        if (!attn_weight_stack_only((WeightId)k) && k < WEIGHT_W1) {
            out[n++] = (Known){.k = k, .cross = true};
            snprintf(out[n - 1].name, sizeof out[n - 1].name, "cross_%s", attn_weight_names[k].file);
        }
    }
    out[n++] = (Known){.name = "memory", .k = -1};
    return n;
}

/* unused: why model_load does not read `f` from a layer's directory
 * (in_layer) or the model directory itself; MSG_NONE when it does */
static MsgId unused(const Known *f, const Model *model, bool in_layer) {
    const AttnConfig *cfg = &model->cfg;
    const bool decoder = cfg->layer == LAYER_DECODER, attention = cfg->layer == LAYER_ATTENTION;
    const bool stack = f->k < 0 || attn_weight_stack_only((WeightId)f->k);
    if (stack && in_layer)
        return MSG_MD_UNUSED_STACK;
    if (!stack && model->layer_dirs && !in_layer)
        return MSG_MD_UNUSED_TOP;
    if ((f->cross || f->k < 0) && !decoder)
        return MSG_MD_UNUSED_CROSS;
    if (f->k >= WEIGHT_W1 && !stack && attention)
        return MSG_MD_UNUSED_FFN;
    if ((f->k == WEIGHT_gamma_final || f->k == WEIGHT_beta_final) && attention)
        return MSG_MD_UNUSED_FINAL;
    const bool gated = cfg->activation == ACT_SWIGLU;
    if (f->k >= 0 && !attention && gated && plain_ffn_file(f->k))
        return MSG_MD_UNUSED_PLAIN_FFN;
    if (f->k >= 0 && !attention && !gated && gated_ffn_file(f->k))
        return MSG_MD_UNUSED_GATED_FFN;
    if (f->k >= 0 && cfg->norm == NORM_RMS && beta_file(f->k))
        return MSG_MD_UNUSED_RMS_BETA;
    return MSG_NONE;
}

/* check_file: one .npy of dir, by its stem: a model file read here, a
 * model file that nothing reads here (refused, saying what would read
 * it), a near miss of a model file that is absent (refused), or none of
 * our business */
static bool check_file(const char *dir, const char *file, const char *stem, const Model *model, bool in_layer,
                       Error *err) {
    Known known[2 * WEIGHT_COUNT + 1];
    const int nknown = known_names(known);
    for (int i = 0; i < nknown; i++) {
        if (strcmp(stem, known[i].name) != 0)
            continue;
        MsgId why = unused(&known[i], model, in_layer);
        if (why == MSG_NONE)
            return true;
        char *path = join(dir, file, "");
        bool ok = path ? err_set_msg_in(err, path, why, known[i].name)
                       : err_set_msg(err, MSG_OUT_OF_MEMORY);
        free(path);
        return ok;
    }
    for (int i = 0; i < nknown; i++) {
        if (!mconfig_near_miss(stem, known[i].name))
            continue;
        char *real = join(dir, known[i].name, ".npy");
        struct stat st;
        bool absent = real && stat(real, &st) != 0;
        free(real);
        if (!absent)
            continue;
        char *found = join(dir, file, "");
        bool ok = found ? err_set_msg_in(err, found, MSG_MD_NEAR_MISS, known[i].name)
                        : err_set_msg(err, MSG_OUT_OF_MEMORY);
        free(found);
        return ok;
    }
    return true;
}

/* check_layer_dir: a directory layerN of the model directory, which is
 * read only when config.json says "layers" and N is below it */
static bool check_layer_dir(const char *dir, const char *name, const Model *model, Error *err) {
    int l = -1, used = 0;
    if (sscanf(name, "layer%d%n", &l, &used) != 1 || name[used] != '\0' || l < 0)
        return true;
    char *path = join(dir, name, "");
    struct stat st;
    bool ok = true;
    if (!path)
        ok = err_set_msg(err, MSG_OUT_OF_MEMORY);
    else if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        ok = true;
    else if (!model->layer_dirs)
        ok = err_set_msg_in(err, path, MSG_MD_LAYER_DIR_UNUSED);
    else if (l >= model->cfg.layers)
        ok = err_set_msg_in(err, path, MSG_MD_LAYER_DIR_EXTRA, model->cfg.layers, model->cfg.layers - 1);
    free(path);
    return ok;
}

/* check_files: every .npy in dir (a layer's directory when in_layer) is
 * a file model_load reads there, or is refused: one nothing would read
 * under this configuration, or a near miss of an absent model file
 * ("wq.npy", "b_q.npy", "gama_ff.npy"); and, in the model directory, a
 * layerN/ that nothing would read */
static bool check_files(const char *dir, const Model *model, bool in_layer, Error *err) {
    DIR *d = opendir(dir);
    if (!d)
        return err_set_msg_in(err, dir, MSG_MD_CANNOT_READ_DIR, strerror(errno));
    bool ok = true;
    struct dirent *e;
    while (ok && (e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (!in_layer && n > 5 && strncmp(e->d_name, "layer", 5) == 0)
            ok = check_layer_dir(dir, e->d_name, model, err);
        if (!ok || n <= 4 || n > 60 || strcmp(e->d_name + n - 4, ".npy") != 0)
            continue;
        char stem[64];
        memcpy(stem, e->d_name, n - 4);
        stem[n - 4] = '\0';
        ok = check_file(dir, e->d_name, stem, model, in_layer, err);
    }
    closedir(d);
    return ok;
}

/* Read one model file, dir/PREFIXname.npy, into *m (left empty when an
 * optional file is absent) and check its shape against n and d, which E
 * (read first) sets, and d_ff (*ff; 0: W1 sets it). */
static bool load_file(const char *dir, const char *prefix, int k, bool needed, Matrix *m, int *n, int *d, int *ff,
                      const AttnConfig *cfg, Error *err) {
    char name[96];
    snprintf(name, sizeof name, "%s%s", prefix, attn_weight_names[k].file);
    char *path = join(dir, name, ".npy");
    if (!path)
        return err_set_msg(err, MSG_OUT_OF_MEMORY);
    NpyInfo info;
    bool ok = true;
    struct stat st;
    const bool learned = cfg->positional == POS_LEARNED;
    if (stat(path, &st) != 0 && errno == ENOENT) {
        if (k == WEIGHT_P && learned)
            ok = err_set_msg_in(err, path, MSG_MD_MISSING_P);
        else if (needed && k < WEIGHT_W1)
            ok = err_set_msg_in(err, path, MSG_MD_MISSING_WEIGHT);
        else if (needed && gated_ffn_file(k))
            ok = err_set_msg_in(err, path, MSG_MD_MISSING_GATED);
        else if (needed)
            ok = err_set_msg_in(err, path, MSG_MD_MISSING_FFN);
        free(path);
        return ok;
    }
    if (k == WEIGHT_P && !learned) {
        ok = err_set_msg_in(err, path, MSG_MD_P_NOT_LEARNED);
        free(path);
        return ok;
    }
    if (!npy_read(path, m, &info, err)) {
        err_prefix(err, path);
        free(path);
        return false;
    }
    char sh[64];
    shape_text(&info, sh, sizeof sh);
    int rows, cols;
    attn_weight_shape((WeightId)k, *n, *d, cfg, &rows, &cols);
    const bool kv = cols != *d;
    const Kind kind = kind_of(k);
    if (k == WEIGHT_E) {
        if (info.ndim != 2)
            ok = err_set_msg_in(err, path, MSG_MD_E_NDIM, sh);
        else if (m->rows < 1 || m->cols < 1)
            ok = err_set_msg_in(err, path, MSG_MD_E_EMPTY, sh);
        else if (m->rows > ATTN_MAX_TOKENS)
            ok = err_set_msg_in(err, path, MSG_MD_E_TOKENS, sh, m->rows, ATTN_MAX_TOKENS);
        else if (m->cols > ATTN_MAX_DMODEL)
            ok = err_set_msg_in(err, path, MSG_MD_E_DMODEL, sh, m->cols, ATTN_MAX_DMODEL);
        *n = m->rows, *d = m->cols;
    } else if (kind == KIND_W1) {
        if (info.ndim != 2 || m->rows != *d || (*ff && m->cols != *ff) || m->cols > ATTN_MAX_FFN)
            ok = *ff ? err_set_msg_in(err, path, MSG_MD_SHAPE, sh, *d, *ff, "d_model", "d_ff")
                     : err_set_msg_in(err, path, MSG_MD_SHAPE_W1, sh, *d, ATTN_MAX_FFN);
    } else if (kind == KIND_B1) {
        if (m->rows != 1 || m->cols != *ff)
            ok = err_set_msg_in(err, path, MSG_MD_SHAPE_VECTOR, sh, *ff, *ff, "d_ff");
    } else if (kind == KIND_W2) {
        if (info.ndim != 2 || m->rows != *ff || m->cols != *d)
            ok = err_set_msg_in(err, path, MSG_MD_SHAPE, sh, *ff, *d, "d_ff", "d_model");
    } else if (k == WEIGHT_P) {
        if (info.ndim != 2 || m->rows < rows || m->cols != cols)
            ok = err_set_msg_in(err, path, MSG_MD_SHAPE_P, sh, rows, cols, rows);
    } else if (rows > 1 && (info.ndim != 2 || m->rows != rows || m->cols != cols)) {
        ok = err_set_msg_in(err, path, MSG_MD_SHAPE, sh, rows, cols, "d_model", kv ? "kv_heads·d_k" : "d_model");
    } else if (rows == 1 && (m->rows != 1 || m->cols != cols)) {
        ok = err_set_msg_in(err, path, MSG_MD_SHAPE_VECTOR, sh, cols, cols, kv ? "kv_heads·d_k" : "d_model");
    }
    if (ok && kind == KIND_W1)
        *ff = m->cols;
    ok = ok && check_values_finite(path, m, info.ndim == 1, err);
    if (!ok)
        mat_free(m);
    free(path);
    return ok;
}

/* The parts of a model directory, read in this order so that E sets n and
 * d first, and the rest is reported in stage.h's order. */
typedef enum { PART_E, PART_LAYER, PART_STACK } Part;

/* load_layer: the files of one layer (or, with prefix "cross_", of one
 * cross-attention sub-layer) from dir; or E, or the stack's other
 * weights (P, the final norm). The FFN's files only for encoder and
 * decoder layers. */
/* reads: whether weight k is one of `part`'s files (cross: of a
 * decoder's cross-attention sub-layer) under cfg */
static bool reads(int k, Part part, bool cross, const AttnConfig *cfg) {
    bool stack_only = attn_weight_stack_only((WeightId)k);
    bool ffn = k >= WEIGHT_W1 && !stack_only;
    Part mine = k == WEIGHT_E ? PART_E : stack_only ? PART_STACK : PART_LAYER;
    const bool other_ffn = cfg->activation == ACT_SWIGLU ? plain_ffn_file(k) : gated_ffn_file(k);
    return mine == part && !(ffn && (cross || cfg->layer == LAYER_ATTENTION)) && !other_ffn &&
           !(cfg->norm == NORM_RMS && beta_file(k));
}

static bool load_layer(const char *dir, const char *prefix, Part part, Model *model, AttnWeights *w, int *n,
                       int *d, Error *err) {
    const AttnConfig *cfg = &model->cfg;
    const bool cross = prefix[0] != '\0';
    int ff = cfg->ffn;
    for (int k = 0; k < WEIGHT_COUNT; k++) {
        if (!reads(k, part, cross, cfg))
            continue;
        if (!load_file(dir, prefix, k, attn_weight_needed((WeightId)k, cfg), attn_weight(w, (WeightId)k), n, d, &ff,
                       cfg, err))
            return false;
    }
    return true;
}

/* --- the whole directory ---------------------------------------------------- */

/* config_error: message `id` about dir/config.json, for what the
 * configuration and the weights say together. Returns false. */
static bool config_error(Error *err, const char *dir, MsgId id, ...) {
    char *path = join(dir, "config.json", "");
    va_list ap;
    va_start(ap, id);
    err_vset_msg(err, id, ap);
    va_end(ap);
    if (path)
        err_prefix(err, path);
    free(path);
    return false;
}

/* check_sizes: what config.json says against the width of E, d */
static bool check_sizes(const char *dir, const AttnConfig *cfg, int d, Error *err) {
    const int heads = cfg->heads;
    if (d % heads != 0)
        return config_error(err, dir, MSG_MD_HEADS_DIVIDE, d, heads);
    if (cfg->positional == POS_ROPE && d / heads % 2 != 0)
        return config_error(err, dir, MSG_MD_ROPE_ODD, d, heads, d / heads);
    return true;
}

/* load_memory: a decoder's memory.npy, the encoder output its
 * cross-attention reads: (m, d) */
static bool load_memory(const char *dir, Matrix *mem, int d, Error *err) {
    char *path = join(dir, "memory", ".npy");
    NpyInfo info;
    bool ok = true;
    if (!path)
        ok = err_set_msg(err, MSG_OUT_OF_MEMORY);
    else if (!npy_read(path, mem, &info, err))
        ok = err_prefix(err, path);
    if (ok && (info.ndim != 2 || mem->cols != d || mem->rows < 1 || mem->rows > ATTN_MAX_TOKENS))
        ok = err_set_msg_in(err, path, MSG_MD_MEMORY_SHAPE, d, ATTN_MAX_TOKENS);
    ok = ok && check_values_finite(path, mem, false, err);
    free(path);
    return ok;
}

/* load_layers: each layer's files (and a decoder's cross-attention's),
 * from layerK/ when config.json says "layers", else from dir */
static bool load_layers(const char *dir, Model *model, int *n, int *d, Error *err) {
    bool ok = true;
    for (int l = 0; ok && l < model->cfg.layers; l++) {
        char sub[32];
        snprintf(sub, sizeof sub, "layer%d", l);
        char *ldir = model->layer_dirs ? join(dir, sub, "") : strdup(dir);
        ok = ldir != NULL || err_set_msg(err, MSG_OUT_OF_MEMORY);
        ok = ok && (!model->layer_dirs || check_files(ldir, model, true, err)) &&
             load_layer(ldir, "", PART_LAYER, model, &model->w[l], n, d, err);
        if (ok && model->cross) {
            ok = load_layer(ldir, "cross_", PART_LAYER, model, &model->cross[l], n, d, err);
            model->w[l].cross = &model->cross[l];
        }
        free(ldir);
    }
    return ok;
}

/* --- what the directory will hold, from the .npy headers alone ---------------- */

typedef struct Sum {
    double bytes;   /* the float32 copies of every file that will be read */
    MemShape shape; /* n, d from E.npy; d_ff from the first W1.npy; the memory's rows */
} Sum;

/* sum_file: the float32 copy of dir/NAME.npy, from its header; a file
 * whose header or size npy_read would refuse counts nothing (reading it
 * says what is wrong); `rows`, `cols` (may be NULL) receive its shape */
static void sum_file(const char *dir, const char *name, Sum *s, int *rows, int *cols) {
    char *path = join(dir, name, ".npy");
    NpyInfo in;
    Error ignored;
    if (path && npy_read_info(path, &in, &ignored)) {
        long r = in.ndim == 2 ? in.shape[0] : 1, c = in.ndim == 2 ? in.shape[1] : in.shape[0];
        if (mat_check_size(r, c, &ignored)) {
            s->bytes += (double)r * (double)c * sizeof(float);
            if (rows)
                *rows = (int)r, *cols = (int)c;
        }
    }
    free(path);
}

static void sum_layer(const char *dir, const char *prefix, Part part, const AttnConfig *cfg, Sum *s) {
    for (int k = 0; k < WEIGHT_COUNT; k++) {
        if (!reads(k, part, prefix[0] != '\0', cfg))
            continue;
        char name[96];
        int rows = 0, cols = 0;
        snprintf(name, sizeof name, "%s%s", prefix, attn_weight_names[k].file);
        sum_file(dir, name, s, &rows, &cols);
        if (k == WEIGHT_E)
            s->shape.n = rows, s->shape.d = cols;
        if ((k == WEIGHT_W1 || k == WEIGHT_Wgate) && !s->shape.ff)
            s->shape.ff = cols;
    }
}

/* check_hold: every file model_load would read summed from its header,
 * with the activations the pass will keep, said and checked against the
 * limit before anything is read */
static bool check_hold(const char *dir, const Model *model, const MemSay *say, Error *err) {
    const AttnConfig *cfg = &model->cfg;
    Sum s = {0};
    sum_layer(dir, "", PART_E, cfg, &s);
    int cols = 0;
    if (cfg->layer == LAYER_DECODER)
        sum_file(dir, "memory", &s, &s.shape.memory_rows, &cols);
    for (int l = 0; l < cfg->layers; l++) {
        char sub[32];
        snprintf(sub, sizeof sub, "layer%d", l);
        char *ldir = model->layer_dirs ? join(dir, sub, "") : strdup(dir);
        if (!ldir)
            return err_set_msg(err, MSG_OUT_OF_MEMORY);
        sum_layer(ldir, "", PART_LAYER, cfg, &s);
        if (cfg->layer == LAYER_DECODER)
            sum_layer(ldir, "cross_", PART_LAYER, cfg, &s);
        free(ldir);
    }
    sum_layer(dir, "", PART_STACK, cfg, &s);
    /* an E that reading refuses: its own message says why */
    if (s.shape.n < 1 || s.shape.n > ATTN_MAX_TOKENS || s.shape.d < 1 || s.shape.d > ATTN_MAX_DMODEL ||
        s.shape.ff > ATTN_MAX_FFN || s.shape.memory_rows > ATTN_MAX_TOKENS)
        return true;
    HoldUse use = say ? say->use : HOLD_LESSON;
    MemHold hold = {.weights = s.bytes,
                    .pass = mem_pass_numbers(cfg, &s.shape, use) * sizeof(float),
                    .other = mem_base_bytes()};
    return mem_check(dir, &hold, say, err);
}

/* default_tokens: the labels t0, t1, ... for a model whose config.json
 * has no "tokens" */
static bool default_tokens(Model *model, int n, Error *err) {
    model->tokens = calloc((size_t)n + 1, sizeof *model->tokens);
    if (!model->tokens)
        return err_set_msg(err, MSG_OUT_OF_MEMORY);
    for (int i = 0; i < n; i++) {
        char label[16];
        snprintf(label, sizeof label, "t%d", i);
        if (!(model->tokens[i] = strdup(label)))
            return err_set_msg(err, MSG_OUT_OF_MEMORY);
        model->ntokens = i + 1;
    }
    return true;
}

/* open_dir: config.json of the directory `dir` (which must be one) */
static bool open_dir(const char *dir, Model *model, bool *have_tokens, Error *err) {
    struct stat st;
    if (stat(dir, &st) != 0) {
        if (errno == ENOENT)
            return err_set_msg_in(err, dir, MSG_MD_NO_DIR);
        return err_set_msg_in(err, dir, MSG_TEXT, strerror(errno));
    }
    if (!S_ISDIR(st.st_mode))
        return err_set_msg_in(err, dir, MSG_MD_NOT_DIR);
    if (!mconfig_load(dir, model, have_tokens, err) || !check_files(dir, model, false, err))
        return false;
    const int heads = model->cfg.heads, kv = attn_kv_heads(&model->cfg);
    if (heads % kv != 0)
        return config_error(err, dir, MSG_MD_KV_DIVIDE, kv, heads);
    return true;
}

bool model_load(const char *dir, Model *model, Error *err) { return model_load_with(dir, NULL, model, err); }

bool model_load_with(const char *dir_arg, const MemSay *say, Model *model, Error *err) {
    *model = (Model){.cfg = attn_config_default()};
    /* "model/" and "model" name the same directory; keep messages tidy */
    size_t len = strlen(dir_arg);
    while (len > 1 && dir_arg[len - 1] == '/')
        len--;
    char *dir = strndup(dir_arg, len);
    if (!dir)
        return err_set_msg(err, MSG_OUT_OF_MEMORY);
    bool have_tokens = false;
    bool ok = open_dir(dir, model, &have_tokens, err) && check_hold(dir, model, say, err);
    const int layers = model->cfg.layers;
    ok = ok && ((model->w = calloc((size_t)layers, sizeof *model->w)) != NULL || err_set_msg(err, MSG_OUT_OF_MEMORY));
    if (ok && model->cfg.layer == LAYER_DECODER)
        ok = (model->cross = calloc((size_t)layers, sizeof *model->cross)) != NULL ||
             err_set_msg(err, MSG_OUT_OF_MEMORY);
    int n = 0, d = -1;
    ok = ok && load_layer(dir, "", PART_E, model, &model->w[0], &n, &d, err) && check_sizes(dir, &model->cfg, d, err);
    if (ok && model->cfg.layer == LAYER_DECODER)
        ok = load_memory(dir, &model->w[0].memory, d, err);
    ok = ok && load_layers(dir, model, &n, &d, err) && load_layer(dir, "", PART_STACK, model, &model->w[0], &n, &d, err);
    if (ok && have_tokens && model->ntokens != n)
        ok = config_error(err, dir, MSG_MD_TOKENS_ROWS, model->ntokens, n);
    if (ok && !have_tokens)
        ok = default_tokens(model, n, err);
    /* pipeline's own check, as a second line of defence */
    if (ok && !attn_validate(model->w, &model->cfg, err))
        ok = err_prefix(err, dir);
    if (!ok)
        model_free(model);
    free(dir);
    return ok;
}

const Matrix *model_weight(const Model *model, int i, char *name, size_t nsize, char *file, size_t fsize) {
    for (int l = 0; model->w && l < model->cfg.layers; l++)
        for (int cross = 0; cross < (model->cross ? 2 : 1); cross++) {
            const AttnWeights *w = cross ? &model->cross[l] : &model->w[l];
            for (int k = 0; k < WEIGHT_COUNT; k++) {
                const Matrix *m = attn_weight_of(w, (WeightId)k);
                /* the embeddings are the stack's: a layer above the first
                 * may view them (its input is the layer below's output) */
                if (m->rows == 0 || (l > 0 && k == WEIGHT_E) || i-- > 0)
                    continue;
                char dir[24] = "";
                if (model->layer_dirs && k != WEIGHT_E && k != WEIGHT_gamma_final && k != WEIGHT_beta_final)
                    snprintf(dir, sizeof dir, "layer%d/", l);
                const char *c = cross ? "cross_" : "";
                char prefix[24] = "";
                if (!attn_weight_stack_only((WeightId)k))
                    attn_layer_prefix(&model->cfg, l, cross, prefix, sizeof prefix);
                snprintf(name, nsize, "%s%s", prefix, attn_weight_names[k].lesson);
                snprintf(file, fsize, "%s%s%s.npy", dir, c, attn_weight_names[k].file);
                return m;
            }
        }
    if (model->w && model->w[0].memory.rows && i == 0) {
        snprintf(name, nsize, "memory");
        snprintf(file, fsize, "memory.npy");
        return &model->w[0].memory;
    }
    return NULL;
}

void model_free(Model *model) {
    for (int l = 0; model->w && l < model->cfg.layers; l++)
        attn_weights_free(&model->w[l]);
    for (int l = 0; model->cross && l < model->cfg.layers; l++)
        attn_weights_free(&model->cross[l]);
    if (model->w)
        mat_free(&model->w[0].memory);
    free(model->w);
    free(model->cross);
    if (model->tokens)
        for (int i = 0; model->tokens[i]; i++)
            free(model->tokens[i]);
    free(model->tokens);
    *model = (Model){.cfg = attn_config_default()};
}
