/* model_config.c - config.json of a model directory: reading it, parsing
 * it as JSON, and applying each key to the model's configuration.
 *
 * Every message names the file, because the person reading it has a
 * directory of files in front of them. JSON syntax errors also give
 * line:col, the line and a caret, like every other diagnostic in attnstep.
 * Messages come from the message table (util/msg_table.h), in both
 * languages; the caller picks one.
 */
#include "io/model_config.h"

#include <cJSON.h>
#include <ctype.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/escape.h"
#include "util/json_file.h"
#include "util/utf8.h"

#define CONFIG_MAX_BYTES (16L * 1024 * 1024)

/* --- near misses: "head" for "heads", "wq.npy" for "Wq.npy" ---------------- */

static bool one_edit_apart(const char *a, const char *b) {
    size_t la = strlen(a), lb = strlen(b);
    if (la > lb + 1 || lb > la + 1)
        return false;
    size_t i = 0;
    while (i < la && i < lb && a[i] == b[i])
        i++;
    if (la == lb) /* one substitution, or a swap of neighbours */
        return strcmp(a + i + (i < la), b + i + (i < lb)) == 0 ||
               (i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] && strcmp(a + i + 2, b + i + 2) == 0);
    return la > lb ? strcmp(a + i + 1, b + i) == 0 : strcmp(a + i, b + i + 1) == 0;
}

bool mconfig_near_miss(const char *found, const char *known) {
    char a[64], b[64];
    size_t na = 0, nb = 0;
    for (const char *p = found; *p && na + 1 < sizeof a; p++)
        if (*p != '_' && *p != '-')
            a[na++] = (char)tolower((unsigned char)*p);
    for (const char *p = known; *p && nb + 1 < sizeof b; p++)
        if (*p != '_' && *p != '-')
            b[nb++] = (char)tolower((unsigned char)*p);
    a[na] = b[nb] = '\0';
    return strcmp(a, b) == 0 || (nb >= 3 && one_edit_apart(a, b));
}

/* --- the keys ----------------------------------------------------------------- */

/* What a key's handler gets: the file (for messages), the value and how
 * it is shown, and the model to set. */
typedef struct KeyValue {
    const char *path;
    const JsonFile *file;
    const cJSON *item;
    const char *shown;
    Model *model;
} KeyValue;

/* an integer in [lo, hi] */
static bool int_value(const KeyValue *kv, int lo, int hi, int *out, Error *err) {
    double v = kv->item->valuedouble;
    if (!cJSON_IsNumber(kv->item) || v != floor(v) || v < lo || v > hi)
        return err_set_msg_in(err, kv->path, MSG_MCFG_INTEGER, kv->item->string, lo, hi, kv->shown);
    *out = (int)v;
    return true;
}

/* one of `names` (NULL-terminated): its index in *out, or message `id` */
static bool word_value(const KeyValue *kv, const char *const *names, MsgId id, int *out, Error *err) {
    const char *s = cJSON_GetStringValue(kv->item);
    for (int k = 0; s && names[k]; k++)
        if (strcmp(s, names[k]) == 0) {
            *out = k;
            return true;
        }
    return err_set_msg_in(err, kv->path, id, kv->shown);
}

static bool bool_value(const KeyValue *kv, bool *out, Error *err) {
    if (!cJSON_IsBool(kv->item))
        return err_set_msg_in(err, kv->path, MSG_MCFG_BOOL, kv->item->string, kv->shown);
    *out = cJSON_IsTrue(kv->item);
    return true;
}

static bool key_heads(const KeyValue *kv, Error *err) {
    double v = kv->item->valuedouble;
    if (!cJSON_IsNumber(kv->item) || !(v >= 1) || v != floor(v))
        return err_set_msg_in(err, kv->path, MSG_MCFG_HEADS, kv->shown);
    if (v > ATTN_MAX_HEADS)
        return err_set_msg_in(err, kv->path, MSG_MCFG_HEADS_LIMIT, kv->shown, ATTN_MAX_HEADS);
    kv->model->cfg.heads = (int)v;
    return true;
}

static bool key_eps(const KeyValue *kv, Error *err) {
    double v = kv->item->valuedouble;
    if (!cJSON_IsNumber(kv->item) || !(v >= 0) || !(v <= (double)FLT_MAX))
        return err_set_msg_in(err, kv->path, MSG_MCFG_EPS, kv->shown);
    if (v > 0 && (float)v == 0.0f)
        return err_set_msg_in(err, kv->path, MSG_MCFG_EPS_TINY, kv->shown);
    kv->model->cfg.ln.eps = (float)v;
    return true;
}

static bool key_causal(const KeyValue *kv, Error *err) {
    return bool_value(kv, &kv->model->cfg.causal, err);
}

static bool key_norm_first(const KeyValue *kv, Error *err) {
    return bool_value(kv, &kv->model->cfg.norm_first, err);
}

static bool key_kv_heads(const KeyValue *kv, Error *err) {
    double v = kv->item->valuedouble;
    if (!cJSON_IsNumber(kv->item) || !(v >= 1) || v != floor(v) || v > ATTN_MAX_HEADS)
        return err_set_msg_in(err, kv->path, MSG_MCFG_KV_HEADS, kv->shown);
    kv->model->cfg.kv_heads = (int)v;
    return true;
}

static bool key_positional(const KeyValue *kv, Error *err) {
    static const char *const words[] = {"none", "sinusoidal", "learned", "rope", NULL};
    static const Positional kinds[] = {POS_NONE, POS_SINUSOIDAL, POS_LEARNED, POS_ROPE};
    int k;
    if (!word_value(kv, words, MSG_MCFG_POSITIONAL, &k, err))
        return false;
    kv->model->cfg.positional = kinds[k];
    return true;
}

static bool key_rope_pairs(const KeyValue *kv, Error *err) {
    static const char *const words[] = {"interleaved", "halves", NULL};
    int k;
    if (!word_value(kv, words, MSG_MCFG_ROPE_PAIRS, &k, err))
        return false;
    kv->model->cfg.rope_pairs = k == 1 ? ROPE_HALVES : ROPE_INTERLEAVED;
    return true;
}

static bool key_rope_base(const KeyValue *kv, Error *err) {
    double v = kv->item->valuedouble;
    if (!cJSON_IsNumber(kv->item) || !(v > 1) || !(v <= (double)FLT_MAX))
        return err_set_msg_in(err, kv->path, MSG_MCFG_ROPE_BASE, kv->shown);
    /* checked on the float the rotation uses, as the file writes it */
    if (!((float)v > 1.0f))
        return err_set_msg_in(err, kv->path, MSG_MCFG_ROPE_BASE_ROUNDS, kv->shown);
    kv->model->cfg.rope_base = (float)v;
    return true;
}

static bool key_layer(const KeyValue *kv, Error *err) {
    static const char *const words[] = {"attention", "encoder", "decoder", NULL};
    int k;
    if (!word_value(kv, words, MSG_MCFG_LAYER, &k, err))
        return false;
    kv->model->cfg.layer = (LayerKind)k;
    return true;
}

static bool key_layers(const KeyValue *kv, Error *err) {
    kv->model->layer_dirs = true;
    return int_value(kv, 1, ATTN_MAX_LAYERS, &kv->model->cfg.layers, err);
}

static bool key_ffn(const KeyValue *kv, Error *err) {
    return int_value(kv, 1, ATTN_MAX_FFN, &kv->model->cfg.ffn, err);
}

static bool key_activation(const KeyValue *kv, Error *err) {
    static const char *const words[] = {"relu", "gelu", "gelu_tanh", NULL};
    int k;
    if (!word_value(kv, words, MSG_MCFG_ACTIVATION, &k, err))
        return false;
    kv->model->cfg.activation = (Activation)k;
    return true;
}

/* one label: non-empty, not too long, UTF-8, no control characters */
static bool check_token(const char *path, int i, const char *s, Error *err) {
    size_t len = strlen(s), bad;
    if (len == 0)
        return err_set_msg_in(err, path, MSG_MCFG_TOKEN_EMPTY, i);
    if (len > MODEL_TOKEN_MAX)
        return err_set_msg_in(err, path, MSG_MCFG_TOKEN_LONG, i, len, MODEL_TOKEN_MAX);
    if (!utf8_valid(s, len, &bad))
        return err_set_msg_in(err, path, MSG_MCFG_TOKEN_UTF8, i, bad);
    for (size_t k = 0; k < len;) {
        unsigned cp;
        int used = utf8_decode(s + k, len - k, &cp);
        if (esc_hidden(cp)) /* a control, or a bidirectional control that turns the line around */
            return err_set_msg_in(err, path, MSG_MCFG_TOKEN_CONTROL, i, cp);
        k += (size_t)(used > 0 ? used : 1);
    }
    return true;
}

static bool key_tokens(const KeyValue *kv, Error *err) {
    Model *model = kv->model;
    if (!cJSON_IsArray(kv->item))
        return err_set_msg_in(err, kv->path, MSG_MCFG_TOKENS, kv->shown);
    int n = cJSON_GetArraySize(kv->item);
    if (n > ATTN_MAX_TOKENS)
        return err_set_msg_in(err, kv->path, MSG_MCFG_TOKENS_LIMIT, n, ATTN_MAX_TOKENS);
    model->tokens = calloc((size_t)n + 1, sizeof *model->tokens);
    if (!model->tokens)
        return err_set_msg_in(err, kv->path, MSG_OUT_OF_MEMORY);
    int i = 0;
    for (const cJSON *t = kv->item->child; t; t = t->next, i++) {
        if (!cJSON_IsString(t)) {
            char shown[64];
            json_file_shown(kv->file, t, shown, sizeof shown);
            return err_set_msg_in(err, kv->path, MSG_MCFG_TOKEN_STRING, i, shown);
        }
        if (!check_token(kv->path, i, t->valuestring, err))
            return false;
        if (!(model->tokens[i] = strdup(t->valuestring)))
            return err_set_msg_in(err, kv->path, MSG_OUT_OF_MEMORY);
        model->ntokens = i + 1;
    }
    return true;
}

/* The keys, in the order a "did you mean" looks for a near one; each
 * handler checks its value's type and range and sets the model. */
typedef enum {
    KEY_HEADS, KEY_EPS, KEY_CAUSAL, KEY_POSITIONAL, KEY_TOKENS, KEY_KV_HEADS, KEY_ROPE_PAIRS,
    KEY_ROPE_BASE, KEY_LAYER, KEY_LAYERS, KEY_FFN, KEY_ACTIVATION, KEY_NORM_FIRST, KEY_COUNT
} Key;

static const struct {
    const char *name;
    bool (*apply)(const KeyValue *kv, Error *err);
} keys[KEY_COUNT] = {
    [KEY_HEADS] = {"heads", key_heads},
    [KEY_EPS] = {"eps", key_eps},
    [KEY_CAUSAL] = {"causal", key_causal},
    [KEY_POSITIONAL] = {"positional", key_positional},
    [KEY_TOKENS] = {"tokens", key_tokens},
    [KEY_KV_HEADS] = {"kv_heads", key_kv_heads},
    [KEY_ROPE_PAIRS] = {"rope_pairs", key_rope_pairs},
    [KEY_ROPE_BASE] = {"rope_base", key_rope_base},
    [KEY_LAYER] = {"layer", key_layer},
    [KEY_LAYERS] = {"layers", key_layers},
    [KEY_FFN] = {"ffn", key_ffn},
    [KEY_ACTIVATION] = {"activation", key_activation},
    [KEY_NORM_FIRST] = {"norm_first", key_norm_first},
};

/* a key that is none of the known ones, with the nearest when there is one */
static bool unknown_key(const char *path, const char *name, Error *err) {
    /* shown as JSON, so control characters in it arrive escaped */
    cJSON *key = cJSON_CreateString(name);
    char shown[64];
    json_file_shown(NULL, key, shown, sizeof shown);
    cJSON_Delete(key);
    for (int k = 0; k < KEY_COUNT; k++)
        if (mconfig_near_miss(name, keys[k].name))
            return err_set_msg_in(err, path, MSG_MCFG_UNKNOWN_KEY_NEAR, shown, keys[k].name);
    return err_set_msg_in(err, path, MSG_MCFG_UNKNOWN_KEY, shown);
}

/* apply_keys: every key of the object, each known and once; then what
 * the keys say together */
static bool apply_keys(const JsonFile *f, Model *model, bool *have_tokens, Error *err) {
    const char *path = f->path;
    const cJSON *root = f->root;
    if (!cJSON_IsObject(root))
        return err_set_msg_in(err, path, MSG_MCFG_NOT_OBJECT);
    bool seen[KEY_COUNT] = {0};
    for (const cJSON *it = root->child; it; it = it->next) {
        int k = 0;
        while (k < KEY_COUNT && strcmp(it->string, keys[k].name) != 0)
            k++;
        if (k == KEY_COUNT)
            return unknown_key(path, it->string, err);
        seen[k] = true; /* json_file_read refused a key given twice */
        /* a number past a double's range: cJSON made it inf */
        if (cJSON_IsNumber(it) && !isfinite(it->valuedouble))
            return err_set_msg_in(err, path, MSG_MCFG_HUGE_NUMBER, keys[k].name);
        char shown[64];
        json_file_shown(f, it, shown, sizeof shown);
        KeyValue kv = {path, f, it, shown, model};
        if (!keys[k].apply(&kv, err))
            return false;
    }
    if (!seen[KEY_HEADS])
        return err_set_msg_in(err, path, MSG_MCFG_NO_HEADS);
    *have_tokens = seen[KEY_TOKENS];
    for (int k = KEY_ROPE_PAIRS; k <= KEY_ROPE_BASE; k++)
        if (seen[k] && model->cfg.positional != POS_ROPE)
            return err_set_msg_in(err, path, MSG_MCFG_ROPE_ONLY, keys[k].name);
    /* the feed-forward network and the layer norms' place: nothing of an
     * attention-only model would use them */
    for (int k = KEY_FFN; k <= KEY_NORM_FIRST; k++)
        if (seen[k] && model->cfg.layer == LAYER_ATTENTION)
            return err_set_msg_in(err, path, MSG_MCFG_LAYER_ONLY, keys[k].name);
    if (model->cfg.layer == LAYER_DECODER && !seen[KEY_CAUSAL])
        model->cfg.causal = true; /* a decoder's self-attention is masked unless "causal" says not */
    return true;
}

bool mconfig_load(const char *dir, Model *model, bool *have_tokens, Error *err) {
    char *path = malloc(strlen(dir) + sizeof "/config.json");
    JsonFile f = {0};
    *have_tokens = false;
    if (!path)
        return err_set_msg(err, MSG_OUT_OF_MEMORY);
    sprintf(path, "%s/config.json", dir);
    bool ok = json_file_read(&f, path, CONFIG_MAX_BYTES, err);
    if (!ok && f.absent)
        err_set_msg_in(err, path, MSG_MCFG_MISSING);
    ok = ok && apply_keys(&f, model, have_tokens, err);
    json_file_free(&f);
    free(path);
    return ok;
}
