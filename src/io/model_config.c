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

#include "attention/options.h"
#include "util/escape.h"
#include "util/json_file.h"
#include "util/suggest.h"
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

static bool key_kv_heads(const KeyValue *kv, Error *err) {
    double v = kv->item->valuedouble;
    if (!cJSON_IsNumber(kv->item) || !(v >= 1) || v != floor(v) || v > ATTN_MAX_HEADS)
        return err_set_msg_in(err, kv->path, MSG_MCFG_KV_HEADS, kv->shown);
    kv->model->cfg.kv_heads = (int)v;
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
    int k = 0;
    if (!word_value(kv, words, MSG_MCFG_LAYER, &k, err))
        return false;
    kv->model->cfg.layer = (LayerKind)k;
    return true;
}

static bool key_layers(const KeyValue *kv, Error *err) {
    kv->model->layer_dirs = true;
    return int_value(kv, 1, ATTN_MAX_LAYERS, &kv->model->cfg.layers, err);
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

/* the options whose wrong word has a message of its own, which says
 * more than MSG_MCFG_WORD (tests/test_options.c checks that each names
 * every word of its option) */
static const struct {
    OptionId id;
    MsgId msg;
} word_messages[] = {
    {OPT_POSITIONS, MSG_MCFG_POSITIONAL},
    {OPT_ROPE_PAIRS, MSG_MCFG_ROPE_PAIRS},
    {OPT_ACTIVATION, MSG_MCFG_ACTIVATION},
};

/* an option of options.def as its row says: an integer in [lo, hi], a
 * finite number above lo, one of its words, or true/false for the second
 * or first of them; set into the model's configuration */
static bool key_option(const KeyValue *kv, OptionId id, Error *err) {
    const OptionDef *o = &attn_options[id];
    double v = kv->item->valuedouble;
    int k = 0;
    switch (o->key_kind) {
    case OPTK_INT:
        if (!int_value(kv, (int)o->lo, (int)o->hi, &k, err))
            return false;
        v = k;
        break;
    case OPTK_NUMBER:
        if (!cJSON_IsNumber(kv->item) || !(v > o->lo) || !(v <= (double)FLT_MAX))
            return err_set_msg_in(err, kv->path, MSG_MCFG_NUMBER, o->key, o->lo, kv->shown);
        break;
    case OPTK_WORD: {
        const char *s = cJSON_GetStringValue(kv->item);
        if (s && (k = attn_option_word_index(id, s)) >= 0) {
            v = k;
            break;
        }
        for (size_t m = 0; m < sizeof word_messages / sizeof word_messages[0]; m++)
            if (word_messages[m].id == id)
                return err_set_msg_in(err, kv->path, word_messages[m].msg, kv->shown);
        char words[256];
        size_t n = 0;
        for (int w = 0; o->words[w] && n < sizeof words; w++)
            n += (size_t)snprintf(words + n, sizeof words - n, "%s\"%s\"", w ? " | " : "", o->words[w]);
        return err_set_msg_in(err, kv->path, MSG_MCFG_WORD, o->key, words, kv->shown);
    }
    case OPTK_BOOL: {
        bool b = false;
        if (!bool_value(kv, &b, err))
            return false;
        v = b;
        break;
    }
    case OPTK_NAME:
        break;
    }
    attn_option_set(&kv->model->cfg, id, v);
    return true;
}

/* The keys that are no option of a statement, and the options whose
 * value says more in its message than key_option does (or, `layers`,
 * does more); each handler checks its value's type and range and sets
 * the model. Every other key is an option of options.def. */
static const struct {
    const char *name;
    bool (*apply)(const KeyValue *kv, Error *err);
} own_keys[] = {
    {"heads", key_heads},         {"eps", key_eps},     {"tokens", key_tokens}, {"kv_heads", key_kv_heads},
    {"rope_base", key_rope_base}, {"layer", key_layer}, {"layers", key_layers},
};
#define OWN_KEYS (int)(sizeof own_keys / sizeof own_keys[0])

/* a key that is none of the known ones, with the nearest when there is one */
static bool unknown_key(const char *path, const char *name, Error *err) {
    /* shown as JSON, so control characters in it arrive escaped */
    cJSON *key = cJSON_CreateString(name);
    char shown[64];
    json_file_shown(NULL, key, shown, sizeof shown);
    cJSON_Delete(key);
    const char *names[OWN_KEYS + OPT_COUNT + 1];
    int n = 0;
    for (int k = 0; k < OPT_COUNT; k++)
        if (attn_options[k].key)
            names[n++] = attn_options[k].key;
    for (int k = 0; k < OWN_KEYS; k++)
        if (attn_option_by_key(own_keys[k].name) < 0)
            names[n++] = own_keys[k].name;
    names[n] = NULL;
    const char *near = suggest_closest(name, names);
    if (near)
        return err_set_msg_in(err, path, MSG_MCFG_UNKNOWN_KEY_NEAR, shown, near);
    return err_set_msg_in(err, path, MSG_MCFG_UNKNOWN_KEY, shown);
}

/* apply_key: one key of the object; its option id in *id (-1 for a key
 * that is no option) */
static bool apply_key(const KeyValue *kv, int *id, Error *err) {
    *id = attn_option_by_key(kv->item->string);
    for (int k = 0; k < OWN_KEYS; k++)
        if (strcmp(kv->item->string, own_keys[k].name) == 0)
            return own_keys[k].apply(kv, err);
    return key_option(kv, (OptionId)*id, err);
}

/* apply_keys: every key of the object, each known and once; then what
 * the keys say together */
static bool apply_keys(const JsonFile *f, Model *model, bool *have_tokens, Error *err) {
    const char *path = f->path;
    const cJSON *root = f->root;
    if (!cJSON_IsObject(root))
        return err_set_msg_in(err, path, MSG_MCFG_NOT_OBJECT);
    bool seen[OPT_COUNT] = {0}, heads = false, causal = false;
    *have_tokens = false;
    for (const cJSON *it = root->child; it; it = it->next) {
        const char *name = it->string;
        bool known = attn_option_by_key(name) >= 0;
        for (int k = 0; k < OWN_KEYS; k++)
            known = known || strcmp(name, own_keys[k].name) == 0;
        if (!known)
            return unknown_key(path, name, err);
        /* a number past a double's range: cJSON made it inf */
        if (cJSON_IsNumber(it) && !isfinite(it->valuedouble))
            return err_set_msg_in(err, path, MSG_MCFG_HUGE_NUMBER, name);
        char shown[64];
        json_file_shown(f, it, shown, sizeof shown);
        KeyValue kv = {path, f, it, shown, model};
        int id;
        if (!apply_key(&kv, &id, err))
            return false;
        if (id >= 0)
            seen[id] = true; /* json_file_read refused a key given twice */
        heads = heads || strcmp(name, "heads") == 0;
        causal = causal || id == OPT_MASK;
        *have_tokens = *have_tokens || strcmp(name, "tokens") == 0;
    }
    if (!heads)
        return err_set_msg_in(err, path, MSG_MCFG_NO_HEADS);
    for (int k = 0; k < OPT_COUNT; k++)
        if (seen[k] && attn_options[k].needs == OPTN_ROPE && model->cfg.positional != POS_ROPE)
            return err_set_msg_in(err, path, MSG_MCFG_ROPE_ONLY, attn_options[k].key);
    /* the feed-forward network and the layer norms' place: nothing of an
     * attention-only model would use them (a stack of attention layers,
     * "layers", it may have) */
    for (int k = 0; k < OPT_COUNT; k++)
        if (seen[k] && k != OPT_LAYERS && attn_options[k].where != OPTW_ATTENTION &&
            model->cfg.layer == LAYER_ATTENTION)
            return err_set_msg_in(err, path, MSG_MCFG_LAYER_ONLY, attn_options[k].key);
    if (model->cfg.layer == LAYER_DECODER && !causal)
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
