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
#include <errno.h>
#include <fcntl.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* --- reading the file ------------------------------------------------------- */

static bool read_config_text(const char *path, char **text, size_t *len, Error *err) {
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        if (errno == ENOENT)
            return err_set_msg_in(err, path, MSG_MCFG_MISSING);
        return err_set_msg_in(err, path, MSG_FILE_CANNOT_OPEN, strerror(errno));
    }
    struct stat st;
    bool ok = true;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
        ok = err_set_msg_in(err, path, MSG_FILE_NOT_REGULAR);
    else if (st.st_size > CONFIG_MAX_BYTES)
        ok = err_set_msg_in(err, path, MSG_MCFG_TOO_LARGE, (long long)st.st_size, CONFIG_MAX_BYTES);
    size_t size = ok ? (size_t)st.st_size : 0, got = 0;
    char *buf = ok ? malloc(size + 1) : NULL;
    if (ok && !buf)
        ok = err_set_msg_in(err, path, MSG_OUT_OF_MEMORY);
    while (ok && got < size) {
        ssize_t k = read(fd, buf + got, size - got);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            ok = err_set_msg_in(err, path, MSG_FILE_CANNOT_READ, strerror(errno));
        else if (k == 0)
            ok = err_set_msg_in(err, path, MSG_FILE_SHRANK);
        else
            got += (size_t)k;
    }
    close(fd);
    if (!ok) {
        free(buf);
        return false;
    }
    buf[size] = '\0';
    *text = buf, *len = size;
    return true;
}

/* --- JSON syntax ------------------------------------------------------------ */

/* Locate byte `pos` of `buf` as line:col (col in characters), and add the
 * line with a caret under that place; `what` says what is wrong there. */
static bool json_error(const char *path, const char *buf, size_t len, size_t pos, MsgId what, Error *err) {
    if (pos > len)
        pos = len;
    int line = 1;
    size_t start = 0;
    for (size_t i = 0; i < pos; i++)
        if (buf[i] == '\n')
            line++, start = i + 1;
    int col = 1;
    for (size_t i = start; i < pos; i++)
        col += ((unsigned char)buf[i] & 0xC0) != 0x80;
    /* show at most ~70 bytes of the line before the error, cut on a
     * character boundary, with control characters blanked */
    size_t from = start;
    if (pos - from > 70) {
        from = pos - 70;
        while (from < pos && ((unsigned char)buf[from] & 0xC0) == 0x80)
            from++;
    }
    size_t to = pos;
    while (to < len && buf[to] != '\n' && to - from < 110)
        to++;
    while (to < len && to > pos && ((unsigned char)buf[to] & 0xC0) == 0x80)
        to--;
    char shown[256], before[256];
    size_t n = 0;
    for (size_t i = from; i < to && n + 1 < sizeof shown; i++)
        shown[n++] = (unsigned char)buf[i] < 0x20 || buf[i] == 0x7f ? ' ' : buf[i];
    shown[n] = '\0';
    size_t nb = pos - from < n ? pos - from : n;
    memcpy(before, shown, nb);
    before[nb] = '\0';
    /* the position, the line and the caret are the same in both languages */
    return err_set_msg(err, MSG_MCFG_AT, path, line, col, msg_text(MSG_EN, what), shown, utf8_width(before), "") ||
           err_set_zh(err, MSG_MCFG_AT, path, line, col, msg_text(MSG_ZH, what), shown, utf8_width(before), "");
}

/* The \u escapes cJSON would turn into something other than the text
 * says: \u0000 ends its C string early ("x\u0000y" would become "x"), and
 * a lone surrogate (\ud800) is no character at all (cJSON refuses it with
 * a misleading place). Returns the byte offset of the first one, or
 * (size_t)-1; *what says which. */
static unsigned hex4(const char *s) {
    unsigned v = 0;
    for (int k = 0; k < 4; k++) {
        char c = s[k];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0)
            return 0x10000; /* not hex: cJSON reports it */
        v = v * 16 + (unsigned)d;
    }
    return v;
}

static size_t bad_escape(const char *text, size_t len, MsgId *what) {
    bool in_string = false;
    for (size_t i = 0; i < len; i++) {
        if (text[i] == '"') {
            in_string = !in_string;
        } else if (in_string && text[i] == '\\' && i + 1 < len) {
            if (text[i + 1] != 'u' || i + 6 > len) {
                i++;
                continue;
            }
            unsigned cp = hex4(text + i + 2);
            if (cp == 0) {
                *what = MSG_MCFG_JSON_NUL_ESCAPE;
                return i;
            }
            if (cp >= 0xDC00 && cp <= 0xDFFF) {
                *what = MSG_MCFG_JSON_LOW_SURROGATE;
                return i;
            }
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                unsigned low = i + 12 <= len && text[i + 6] == '\\' && text[i + 7] == 'u' ? hex4(text + i + 8) : 0;
                if (!(low >= 0xDC00 && low <= 0xDFFF)) {
                    *what = MSG_MCFG_JSON_HIGH_SURROGATE;
                    return i;
                }
                i += 6;
            }
            i += 5;
        }
    }
    return (size_t)-1;
}

/* parse_error_message: what to say where cJSON stopped, at *pos (moved
 * back to the offending byte where cJSON reports the byte after it) */
static MsgId parse_error_message(const char *text, size_t len, size_t skip, size_t *pos_io) {
    size_t pos = *pos_io;
    /* Where an object key was expected, cJSON reports the byte after the
     * offending one: step back when the byte before the reported place
     * follows a '{' or a ','. */
    size_t prev = pos > skip ? pos - 1 : pos;
    while (prev > skip && isspace((unsigned char)text[prev - 1]))
        prev--;
    bool key_expected = false;
    if (pos > skip && pos <= len && !isspace((unsigned char)text[pos - 1]) && prev > skip &&
        (text[prev - 1] == '{' || text[prev - 1] == ',')) {
        pos--;
        key_expected = true;
    }
    char c = pos < len ? text[pos] : '\0';
    size_t before = pos;
    while (before > skip && isspace((unsigned char)text[before - 1]))
        before--;
    *pos_io = pos;
    return pos >= len ? (len == skip ? MSG_MCFG_JSON_EMPTY : MSG_MCFG_JSON_ENDS_EARLY)
           : (c == '}' || c == ']') && before > skip && text[before - 1] == ',' ? MSG_MCFG_JSON_TRAILING_COMMA
           : c == '\'' ? MSG_MCFG_JSON_SINGLE_QUOTES
           : key_expected ? MSG_MCFG_JSON_KEY_EXPECTED
                          : MSG_MCFG_JSON_INVALID;
}

/* parse_config: config.json's text as one JSON value, or an error at its
 * line and column */
static bool parse_config(const char *path, const char *text, size_t len, cJSON **root, Error *err) {
    const char *nul = memchr(text, '\0', len);
    /* a UTF-8 byte order mark, as some editors write, is not JSON but harmless */
    size_t skip = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    const char *end = NULL;
    MsgId escape = MSG_NONE;
    size_t bad = nul ? (size_t)-1 : bad_escape(text, len, &escape);
    if (nul)
        return json_error(path, text, len, (size_t)(nul - text), MSG_MCFG_JSON_NUL, err);
    if (bad != (size_t)-1)
        return json_error(path, text, len, bad, escape, err);
    if (!(*root = cJSON_ParseWithLengthOpts(text + skip, len - skip + 1, &end, false))) {
        size_t pos = end ? (size_t)(end - text) : skip;
        MsgId what = parse_error_message(text, len, skip, &pos);
        return json_error(path, text, len, pos, what, err);
    }
    size_t pos = (size_t)(end - text);
    while (pos < len && isspace((unsigned char)text[pos]))
        pos++;
    if (pos < len)
        return json_error(path, text, len, pos, MSG_MCFG_JSON_AFTER_OBJECT, err);
    return true;
}

/* --- the keys ----------------------------------------------------------------- */

/* A JSON value as it appears in a message: short, one line. A number too
 * large for a double never gets here (apply_keys refuses it first), except
 * inside "tokens", where it shows as inf. */
static void show_value(const cJSON *v, char *out, size_t cap) {
    if (cJSON_IsNumber(v) && !isfinite(v->valuedouble)) { /* cJSON would print null */
        snprintf(out, cap, "%s", v->valuedouble > 0 ? "inf" : "-inf");
        return;
    }
    char *text = cJSON_PrintUnformatted(v);
    snprintf(out, cap, "%s", text ? text : "?");
    if (text && strlen(text) >= cap && cap > 4)
        memcpy(out + cap - 4, "...", 4);
    free(text);
}

/* What a key's handler gets: the file (for messages), the value and how
 * it is shown, and the model to set. */
typedef struct KeyValue {
    const char *path;
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
        if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
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
            show_value(t, shown, sizeof shown);
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
    show_value(key, shown, sizeof shown);
    cJSON_Delete(key);
    for (int k = 0; k < KEY_COUNT; k++)
        if (mconfig_near_miss(name, keys[k].name))
            return err_set_msg_in(err, path, MSG_MCFG_UNKNOWN_KEY_NEAR, shown, keys[k].name);
    return err_set_msg_in(err, path, MSG_MCFG_UNKNOWN_KEY, shown);
}

/* apply_keys: every key of the object, each known and once; then what
 * the keys say together */
static bool apply_keys(const char *path, const cJSON *root, Model *model, bool *have_tokens, Error *err) {
    if (!cJSON_IsObject(root))
        return err_set_msg_in(err, path, MSG_MCFG_NOT_OBJECT);
    bool seen[KEY_COUNT] = {0};
    for (const cJSON *it = root->child; it; it = it->next) {
        int k = 0;
        while (k < KEY_COUNT && strcmp(it->string, keys[k].name) != 0)
            k++;
        if (k == KEY_COUNT)
            return unknown_key(path, it->string, err);
        if (seen[k])
            return err_set_msg_in(err, path, MSG_MCFG_TWICE, keys[k].name);
        seen[k] = true;
        /* a number past a double's range: cJSON made it inf */
        if (cJSON_IsNumber(it) && !isfinite(it->valuedouble))
            return err_set_msg_in(err, path, MSG_MCFG_HUGE_NUMBER, keys[k].name);
        char shown[64];
        show_value(it, shown, sizeof shown);
        KeyValue kv = {path, it, shown, model};
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
    char *text = NULL;
    size_t len = 0;
    cJSON *root = NULL;
    *have_tokens = false;
    if (path)
        sprintf(path, "%s/config.json", dir);
    bool ok = (path != NULL || err_set_msg(err, MSG_OUT_OF_MEMORY)) && read_config_text(path, &text, &len, err) &&
              parse_config(path, text, len, &root, err) && apply_keys(path, root, model, have_tokens, err);
    cJSON_Delete(root);
    free(text);
    free(path);
    return ok;
}
