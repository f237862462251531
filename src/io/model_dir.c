/* model_dir.c - config.json and the .npy weights of a model directory.
 *
 * Every check names the file it is about, because the person reading the
 * message has a directory of files in front of them and needs to know
 * which one to fix. JSON syntax errors also give line:col, the line and a
 * caret, like every other diagnostic in attnstep.
 */
#include "io/model_dir.h"

#include <cJSON.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/npy.h"
#include "util/utf8.h"

#define CONFIG_MAX_BYTES (16L * 1024 * 1024)

static const char *const config_keys[] = {"heads",    "eps",        "causal",   "positional",
                                          "tokens",   "kv_heads",   "rope_pairs", "rope_base",
                                          "layer",    "layers",     "ffn",      "activation", "norm_first"};
#define N_CONFIG_KEYS (int)(sizeof config_keys / sizeof config_keys[0])

/* The files are the weights of stage.h (E.npy, Wq.npy, ..., beta.npy, P.npy),
 * read and reported in that order: E sets n and d_model, the others have
 * the shapes attn_weight_shape gives (d x d, Wk and Wv d x kv_heads·d_k,
 * vectors as long as their matrix's columns, P at least n x d). */
typedef enum { KIND_E, KIND_SQUARE, KIND_VECTOR, KIND_W1, KIND_B1, KIND_W2 } Kind;

static Kind kind_of(int k) {
    return k == WEIGHT_E ? KIND_E : k == WEIGHT_W1 ? KIND_W1 : k == WEIGHT_b1 ? KIND_B1 : k == WEIGHT_W2 ? KIND_W2
         : attn_weight_names[k].optional ? KIND_VECTOR : KIND_SQUARE;
}

static char *join(const char *dir, const char *name, const char *ext) {
    char *p = malloc(strlen(dir) + strlen(name) + strlen(ext) + 2);
    if (p)
        sprintf(p, "%s/%s%s", dir, name, ext);
    return p;
}


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

/* Same name up to case, '_' and '-', or one typo away (for names of three
 * letters or more: "X" must not pass for a misspelt "E"). */
static bool near_miss(const char *found, const char *known) {
    char a[64], b[64];
    size_t na = 0, nb = 0;
    for (const char *p = found; *p && na + 1 < sizeof a; p++)
        if (*p != '_' && *p != '-')
            a[na++] = (char)tolower((unsigned char)*p);
    for (const char *p = known; *p && nb + 1 < sizeof b; p++)
        b[nb++] = (char)tolower((unsigned char)*p);
    a[na] = b[nb] = '\0';
    return strcmp(a, b) == 0 || (nb >= 3 && one_edit_apart(a, b));
}

/* --- config.json ------------------------------------------------------------ */

/* A JSON value as it appears in a message: short, one line. */
static void show_value(const cJSON *v, char *out, size_t cap) {
    if (cJSON_IsNumber(v) && !isfinite(v->valuedouble)) { /* cJSON would print null */
        snprintf(out, cap, "a number out of range");
        return;
    }
    char *text = cJSON_PrintUnformatted(v);
    snprintf(out, cap, "%s", text ? text : "?");
    if (text && strlen(text) >= cap && cap > 4)
        memcpy(out + cap - 4, "...", 4);
    free(text);
}

/* Locate byte `pos` of `buf` as line:col (col in characters), and add the
 * line with a caret under that place. */
static bool json_error(const char *path, const char *buf, size_t len, size_t pos, const char *what,
                       Error *err) {
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
    return err_set(err, "%s:%d:%d: %s\n    %s\n    %*s^", path, line, col, what, shown,
                   utf8_width(before), "");
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

static size_t bad_escape(const char *text, size_t len, const char **what) {
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
                *what = "a control character (U+0000, a NUL) in a string";
                return i;
            }
            if (cp >= 0xDC00 && cp <= 0xDFFF) {
                *what = "a lone low surrogate: \\uDC00-\\uDFFF only follows \\uD800-\\uDBFF";
                return i;
            }
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                unsigned low = i + 12 <= len && text[i + 6] == '\\' && text[i + 7] == 'u' ? hex4(text + i + 8) : 0;
                if (!(low >= 0xDC00 && low <= 0xDFFF)) {
                    *what = "a lone high surrogate: \\uD800-\\uDBFF must be followed by \\uDC00-\\uDFFF";
                    return i;
                }
                i += 6;
            }
            i += 5;
        }
    }
    return (size_t)-1;
}

static bool read_config_text(const char *path, char **text, size_t *len, Error *err) {
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        if (errno == ENOENT)
            return err_set(err, "%s: missing: a model directory needs a config.json with at least "
                           "{\"heads\": h}", path);
        return err_set(err, "%s: cannot open: %s", path, strerror(errno));
    }
    struct stat st;
    bool ok = true;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
        ok = err_set(err, "%s: is not a regular file", path);
    else if (st.st_size > CONFIG_MAX_BYTES)
        ok = err_set(err, "%s: is %lld bytes, more than the %ld accepted", path,
                     (long long)st.st_size, CONFIG_MAX_BYTES);
    size_t size = ok ? (size_t)st.st_size : 0, got = 0;
    char *buf = ok ? malloc(size + 1) : NULL;
    if (ok && !buf)
        ok = err_set(err, "%s: out of memory", path);
    while (ok && got < size) {
        ssize_t k = read(fd, buf + got, size - got);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            ok = err_set(err, "%s: cannot read: %s", path, k < 0 ? strerror(errno) : "file shrank");
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

static bool check_token(const char *path, int i, const char *s, Error *err) {
    size_t len = strlen(s), bad;
    if (len == 0)
        return err_set(err, "%s: \"tokens\"[%d] is an empty string", path, i);
    if (len > MODEL_TOKEN_MAX)
        return err_set(err, "%s: \"tokens\"[%d] is %zu bytes long, more than %d", path, i, len,
                       MODEL_TOKEN_MAX);
    if (!utf8_valid(s, len, &bad))
        return err_set(err, "%s: \"tokens\"[%d] is not valid UTF-8 (byte %zu)", path, i, bad);
    for (size_t k = 0; k < len;) {
        unsigned cp;
        int used = utf8_decode(s + k, len - k, &cp);
        if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
            return err_set(err, "%s: \"tokens\"[%d] contains a control character (U+%04X)", path,
                           i, cp);
        k += (size_t)(used > 0 ? used : 1);
    }
    return true;
}

/* an integer config value in [lo, hi] */
static bool int_key(const char *path, const cJSON *item, const char *key, int lo, int hi, int *out, Error *err) {
    char shown[64];
    show_value(item, shown, sizeof shown);
    double v = item->valuedouble;
    if (!cJSON_IsNumber(item) || !isfinite(v) || v != floor(v) || v < lo || v > hi)
        return err_set(err, "%s: \"%s\" must be an integer from %d to %d, not %s", path, key, lo, hi, shown);
    *out = (int)v;
    return true;
}

/* one of `names` (NULL-terminated); its index in *out */
static bool word_key(const char *path, const cJSON *item, const char *key, const char *const *names, int *out,
                     Error *err) {
    const char *s = cJSON_GetStringValue(item);
    for (int k = 0; s && names[k]; k++)
        if (strcmp(s, names[k]) == 0) {
            *out = k;
            return true;
        }
    char shown[64], list[128] = "";
    show_value(item, shown, sizeof shown);
    for (int k = 0; names[k]; k++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s\"%s\"", k ? names[k + 1] ? ", " : " or " : "",
                 names[k]);
    return err_set(err, "%s: \"%s\" must be %s, not %s", path, key, list, shown);
}

static const char *const layer_words[] = {"attention", "encoder", "decoder", NULL};
static const char *const activation_words[] = {"relu", "gelu", "gelu_tanh", NULL};

/* Apply one known key's value to the model; false with a message when the
 * value has the wrong type or range. */
static bool apply_key(const char *path, const cJSON *item, Model *model, Error *err) {
    const char *key = item->string;
    char shown[64];
    show_value(item, shown, sizeof shown);
    if (strcmp(key, "heads") == 0) {
        double v = item->valuedouble;
        if (!cJSON_IsNumber(item) || !isfinite(v) || !(v >= 1) || v != floor(v))
            return err_set(err, "%s: \"heads\" must be a positive integer, not %s", path, shown);
        if (v > ATTN_MAX_HEADS)
            return err_set(err, "%s: \"heads\" is %s, more than the limit of %d", path, shown,
                           ATTN_MAX_HEADS);
        model->cfg.heads = (int)v;
    } else if (strcmp(key, "eps") == 0) {
        double v = item->valuedouble;
        if (!cJSON_IsNumber(item) || !(v >= 0) || !(v <= (double)FLT_MAX))
            return err_set(err, "%s: \"eps\" must be a finite number >= 0, not %s", path, shown);
        if (v > 0 && (float)v == 0.0f)
            return err_set(err, "%s: \"eps\" %s is too small for float32 and would become 0; "
                           "write 0 if that is what you mean", path, shown);
        model->cfg.ln.eps = (float)v;
    } else if (strcmp(key, "causal") == 0) {
        if (!cJSON_IsBool(item))
            return err_set(err, "%s: \"causal\" must be true or false, not %s", path, shown);
        model->cfg.causal = cJSON_IsTrue(item);
    } else if (strcmp(key, "kv_heads") == 0) {
        double v = item->valuedouble;
        if (!cJSON_IsNumber(item) || !isfinite(v) || !(v >= 1) || v != floor(v) || v > ATTN_MAX_HEADS)
            return err_set(err, "%s: \"kv_heads\" must be a positive integer dividing \"heads\", not %s", path,
                           shown);
        model->cfg.kv_heads = (int)v;
    } else if (strcmp(key, "positional") == 0) {
        static const char *const words[] = {"none", "sinusoidal", "learned", "rope"};
        const Positional kinds[] = {POS_NONE, POS_SINUSOIDAL, POS_LEARNED, POS_ROPE};
        const char *s = cJSON_GetStringValue(item);
        int k = 0;
        while (s && k < 4 && strcmp(s, words[k]) != 0)
            k++;
        if (!s || k == 4)
            return err_set(err, "%s: \"positional\" must be \"none\", \"sinusoidal\", \"learned\" or "
                           "\"rope\", not %s", path, shown);
        model->cfg.positional = kinds[k];
    } else if (strcmp(key, "rope_pairs") == 0) {
        const char *s = cJSON_GetStringValue(item);
        if (!s || (strcmp(s, "interleaved") != 0 && strcmp(s, "halves") != 0))
            return err_set(err, "%s: \"rope_pairs\" must be \"interleaved\" (RoFormer) or \"halves\" "
                           "(GPT-NeoX, Llama), not %s", path, shown);
        model->cfg.rope_pairs = s[0] == 'h' ? ROPE_HALVES : ROPE_INTERLEAVED;
    } else if (strcmp(key, "rope_base") == 0) {
        double v = item->valuedouble;
        if (!cJSON_IsNumber(item) || !(v > 1) || !(v <= (double)FLT_MAX))
            return err_set(err, "%s: \"rope_base\" must be a finite number above 1, not %s", path, shown);
        model->cfg.rope_base = (float)v;
    } else if (strcmp(key, "layer") == 0) {
        int v;
        if (!word_key(path, item, key, layer_words, &v, err))
            return false;
        model->cfg.layer = (LayerKind)v;
    } else if (strcmp(key, "layers") == 0) {
        model->layer_dirs = true;
        return int_key(path, item, key, 1, ATTN_MAX_LAYERS, &model->cfg.layers, err);
    } else if (strcmp(key, "ffn") == 0) {
        return int_key(path, item, key, 1, ATTN_MAX_FFN, &model->cfg.ffn, err);
    } else if (strcmp(key, "activation") == 0) {
        int v;
        if (!word_key(path, item, key, activation_words, &v, err))
            return false;
        model->cfg.activation = (Activation)v;
    } else if (strcmp(key, "norm_first") == 0) {
        if (!cJSON_IsBool(item))
            return err_set(err, "%s: \"norm_first\" must be true or false, not %s", path, shown);
        model->cfg.norm_first = cJSON_IsTrue(item);
    } else { /* tokens */
        if (!cJSON_IsArray(item))
            return err_set(err, "%s: \"tokens\" must be an array of strings, not %s", path, shown);
        int n = cJSON_GetArraySize(item);
        if (n > ATTN_MAX_TOKENS)
            return err_set(err, "%s: \"tokens\" has %d labels, more than the limit of %d", path, n,
                           ATTN_MAX_TOKENS);
        model->tokens = calloc((size_t)n + 1, sizeof *model->tokens);
        if (!model->tokens)
            return err_set(err, "%s: out of memory", path);
        int i = 0;
        for (const cJSON *t = item->child; t; t = t->next, i++) {
            if (!cJSON_IsString(t)) {
                show_value(t, shown, sizeof shown);
                return err_set(err, "%s: \"tokens\"[%d] must be a string, not %s", path, i, shown);
            }
            if (!check_token(path, i, t->valuestring, err))
                return false;
            if (!(model->tokens[i] = strdup(t->valuestring)))
                return err_set(err, "%s: out of memory", path);
            model->ntokens = i + 1;
        }
    }
    return true;
}

/* parse_error_message: what to say where cJSON stopped, at *pos (moved
 * back to the offending byte where cJSON reports the byte after it) */
static const char *parse_error_message(const char *text, size_t len, size_t skip, size_t *pos_io) {
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
    return pos >= len ? (len == skip ? "invalid JSON: the file is empty" : "invalid JSON: the text ends too early")
           : (c == '}' || c == ']') && before > skip && text[before - 1] == ','
               ? "invalid JSON: a comma before a closing bracket"
           : c == '\'' ? "invalid JSON: strings take double quotes"
           : key_expected ? "invalid JSON: expected a key in double quotes"
                          : "invalid JSON";
}

/* parse_config: config.json's text as one JSON value, or an error at its
 * line and column */
static bool parse_config(const char *path, const char *text, size_t len, cJSON **root, Error *err) {
    const char *nul = memchr(text, '\0', len);
    /* a UTF-8 byte order mark, as some editors write, is not JSON but harmless */
    size_t skip = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    const char *end = NULL;
    const char *escape = NULL;
    size_t bad = nul ? (size_t)-1 : bad_escape(text, len, &escape);
    if (nul)
        return json_error(path, text, len, (size_t)(nul - text), "a NUL byte in the text", err);
    if (bad != (size_t)-1)
        return json_error(path, text, len, bad, escape, err);
    if (!(*root = cJSON_ParseWithLengthOpts(text + skip, len - skip + 1, &end, false))) {
        size_t pos = end ? (size_t)(end - text) : skip;
        const char *what = parse_error_message(text, len, skip, &pos);
        return json_error(path, text, len, pos, what, err);
    }
    size_t pos = (size_t)(end - text);
    while (pos < len && isspace((unsigned char)text[pos]))
        pos++;
    if (pos < len)
        return json_error(path, text, len, pos, "unexpected text after the JSON object", err);
    return true;
}

/* apply_keys: every key of the object, each known and once */
static bool apply_keys(const char *path, const cJSON *root, Model *model, bool *have_tokens, Error *err) {
    if (!cJSON_IsObject(root))
        return err_set(err, "%s: must hold a JSON object {\"heads\": ...}", path);
    const cJSON *seen[N_CONFIG_KEYS] = {0};
    bool ok = true;
    for (const cJSON *it = root->child; ok && it; it = it->next) {
        int k = 0;
        while (k < N_CONFIG_KEYS && strcmp(it->string, config_keys[k]) != 0)
            k++;
        if (k == N_CONFIG_KEYS) {
            char hint[64] = "";
            for (int j = 0; j < N_CONFIG_KEYS && !hint[0]; j++)
                if (near_miss(it->string, config_keys[j]))
                    snprintf(hint, sizeof hint, " (did you mean \"%s\"?)", config_keys[j]);
            /* shown as JSON, so control characters in it arrive escaped */
            cJSON *key = cJSON_CreateString(it->string);
            char shown[64];
            show_value(key, shown, sizeof shown);
            cJSON_Delete(key);
            ok = err_set(err, "%s: unknown key %s%s; the keys are heads, kv_heads, eps, causal, "
                         "positional, rope_pairs, rope_base, tokens, layer, layers, ffn, activation and "
                         "norm_first", path, shown, hint);
        } else if (seen[k]) {
            ok = err_set(err, "%s: the key \"%s\" appears twice", path, config_keys[k]);
        } else {
            seen[k] = it;
            ok = apply_key(path, it, model, err);
        }
    }
    if (ok && !seen[0])
        ok = err_set(err, "%s: \"heads\" is missing: say how many attention heads, e.g. "
                     "{\"heads\": 2}", path);
    *have_tokens = seen[4] != NULL;
    for (int k = 6; ok && k <= 7; k++)
        if (seen[k] && model->cfg.positional != POS_ROPE)
            ok = err_set(err, "%s: \"%s\" is an option of rotary positions: it needs \"positional\": "
                         "\"rope\"", path, config_keys[k]);
    if (ok && model->cfg.layer == LAYER_DECODER && !seen[2])
        model->cfg.causal = true; /* a decoder's self-attention is masked unless "causal" says not */
    return ok;
}

static bool load_config(const char *dir, Model *model, bool *have_tokens, Error *err) {
    char *path = join(dir, "config.json", "");
    char *text = NULL;
    size_t len = 0;
    cJSON *root = NULL;
    *have_tokens = false;
    bool ok = (path != NULL || err_set(err, "out of memory")) && read_config_text(path, &text, &len, err) &&
              parse_config(path, text, len, &root, err) && apply_keys(path, root, model, have_tokens, err);
    cJSON_Delete(root);
    free(text);
    free(path);
    return ok;
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
                return err_set(err, "%s: element [%d] is %s; weights must be finite", path, j, what);
            return err_set(err, "%s: element (%d, %d) is %s; weights must be finite", path, i, j,
                           what);
        }
    return true;
}

/* A .npy whose name is a near miss of a model file that is absent. */
static bool check_near_misses(const char *dir, Error *err) {
    DIR *d = opendir(dir);
    if (!d)
        return err_set(err, "%s: cannot read the directory: %s", dir, strerror(errno));
    bool ok = true;
    struct dirent *e;
    while (ok && (e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n <= 4 || n > 60 || strcmp(e->d_name + n - 4, ".npy") != 0)
            continue;
        char stem[64];
        memcpy(stem, e->d_name, n - 4);
        stem[n - 4] = '\0';
        for (int k = 0; ok && k < WEIGHT_COUNT; k++) {
            if (strcmp(stem, attn_weight_names[k].file) == 0)
                break;
            if (!near_miss(stem, attn_weight_names[k].file))
                continue;
            char *real = join(dir, attn_weight_names[k].file, ".npy");
            struct stat st;
            if (real && stat(real, &st) != 0)
                ok = err_set(err, "%s/%s: not a model file name; did you mean %s.npy? (names "
                             "are case-sensitive)", dir, e->d_name, attn_weight_names[k].file);
            free(real);
        }
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
        return err_set(err, "out of memory");
    NpyInfo info;
    bool ok = true;
    struct stat st;
    const bool learned = cfg->positional == POS_LEARNED;
    if (stat(path, &st) != 0 && errno == ENOENT) {
        if (k == WEIGHT_P && learned)
            ok = err_set(err, "%s: missing: \"positional\": \"learned\" needs P.npy, the learned "
                         "positions (one row per position, d_model columns)", path);
        else if (needed && k < WEIGHT_W1)
            ok = err_set(err, "%s: missing: a model directory needs E.npy, Wq.npy, Wk.npy, "
                         "Wv.npy and Wo.npy", path);
        else if (needed)
            ok = err_set(err, "%s: missing: an encoder or decoder layer has a feed-forward network, "
                         "W1.npy (d_model, d_ff) and W2.npy (d_ff, d_model)", path);
        free(path);
        return ok;
    }
    if (k == WEIGHT_P && !learned) {
        ok = err_set(err, "%s: learned positions, but config.json does not say \"positional\": "
                     "\"learned\"", path);
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
            ok = err_set(err, "%s: shape %s, expected 2 dimensions (n_tokens, d_model)", path, sh);
        else if (m->rows < 1 || m->cols < 1)
            ok = err_set(err, "%s: shape %s: a model needs at least one token and one dimension",
                         path, sh);
        else if (m->rows > ATTN_MAX_TOKENS)
            ok = err_set(err, "%s: shape %s: %d tokens is more than the limit of %d", path, sh,
                         m->rows, ATTN_MAX_TOKENS);
        else if (m->cols > ATTN_MAX_DMODEL)
            ok = err_set(err, "%s: shape %s: d_model %d is more than the limit of %d", path, sh,
                         m->cols, ATTN_MAX_DMODEL);
        *n = m->rows, *d = m->cols;
    } else if (kind == KIND_W1) {
        if (info.ndim != 2 || m->rows != *d || (*ff && m->cols != *ff) || m->cols > ATTN_MAX_FFN)
            ok = *ff ? err_set(err, "%s: shape %s, expected (%d, %d) = (d_model, d_ff)", path, sh, *d, *ff)
                     : err_set(err, "%s: shape %s, expected (%d, d_ff) = (d_model, d_ff), d_ff at most %d", path,
                               sh, *d, ATTN_MAX_FFN);
    } else if (kind == KIND_B1) {
        if (m->rows != 1 || m->cols != *ff)
            ok = err_set(err, "%s: shape %s, expected (%d,) or (1, %d) = (d_ff,)", path, sh, *ff, *ff);
    } else if (kind == KIND_W2) {
        if (info.ndim != 2 || m->rows != *ff || m->cols != *d)
            ok = err_set(err, "%s: shape %s, expected (%d, %d) = (d_ff, d_model)", path, sh, *ff, *d);
    } else if (k == WEIGHT_P) {
        if (info.ndim != 2 || m->rows < rows || m->cols != cols)
            ok = err_set(err, "%s: shape %s, expected (%d or more, %d) = (positions, d_model): a row "
                         "for each of the %d tokens", path, sh, rows, cols, rows);
    } else if (rows > 1 && (info.ndim != 2 || m->rows != rows || m->cols != cols)) {
        ok = err_set(err, "%s: shape %s, expected (%d, %d) = (d_model, %s)", path, sh, rows, cols,
                     kv ? "kv_heads·d_k" : "d_model");
    } else if (rows == 1 && (m->rows != 1 || m->cols != cols)) {
        ok = err_set(err, "%s: shape %s, expected (%d,) or (1, %d) = (%s,)", path, sh, cols, cols,
                     kv ? "kv_heads·d_k" : "d_model");
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
static bool load_layer(const char *dir, const char *prefix, Part part, Model *model, AttnWeights *w, int *n,
                       int *d, Error *err) {
    const AttnConfig *cfg = &model->cfg;
    const bool cross = prefix[0] != '\0';
    int ff = cfg->ffn;
    for (int k = 0; k < WEIGHT_COUNT; k++) {
        bool stack_only = attn_weight_stack_only((WeightId)k);
        bool ffn = k >= WEIGHT_W1 && !stack_only;
        Part mine = k == WEIGHT_E ? PART_E : stack_only ? PART_STACK : PART_LAYER;
        if (mine != part || (ffn && (cross || cfg->layer == LAYER_ATTENTION)))
            continue;
        if (!load_file(dir, prefix, k, attn_weight_needed((WeightId)k, cfg), attn_weight(w, (WeightId)k), n, d, &ff,
                       cfg, err))
            return false;
    }
    return true;
}

/* --- the whole directory ---------------------------------------------------- */

bool model_load(const char *dir_arg, Model *model, Error *err) {
    *model = (Model){.cfg = attn_config_default()};
    /* "model/" and "model" name the same directory; keep messages tidy */
    size_t len = strlen(dir_arg);
    while (len > 1 && dir_arg[len - 1] == '/')
        len--;
    char *dir = strndup(dir_arg, len);
    if (!dir)
        return err_set(err, "out of memory");
    struct stat st;
    bool ok = true, have_tokens = false;
    if (stat(dir, &st) != 0)
        ok = err_set(err, "%s: %s", dir, errno == ENOENT ? "no such directory" : strerror(errno));
    else if (!S_ISDIR(st.st_mode))
        ok = err_set(err, "%s: not a directory: a model is a directory holding config.json and "
                     ".npy files", dir);
    ok = ok && load_config(dir, model, &have_tokens, err) && check_near_misses(dir, err);

    const int heads = model->cfg.heads, kv = attn_kv_heads(&model->cfg);
    if (ok && heads % kv != 0)
        ok = err_set(err, "%s/config.json: \"kv_heads\" %d does not divide \"heads\" %d: each key/value "
                     "head serves a group of query heads of the same size", dir, kv, heads);
    const int layers = model->cfg.layers;
    ok = ok && ((model->w = calloc((size_t)layers, sizeof *model->w)) != NULL || err_set(err, "out of memory"));
    if (ok && model->cfg.layer == LAYER_DECODER)
        ok = (model->cross = calloc((size_t)layers, sizeof *model->cross)) != NULL || err_set(err, "out of memory");
    int n = 0, d = -1;
    ok = ok && load_layer(dir, "", PART_E, model, &model->w[0], &n, &d, err);
    if (ok && d % heads != 0)
        ok = err_set(err, "%s/config.json: d_model %d is not divisible by heads %d (d_model is "
                     "the number of columns of E.npy)", dir, d, heads);
    else if (ok && model->cfg.positional == POS_ROPE && d / heads % 2 != 0)
        ok = err_set(err, "%s/config.json: \"positional\": \"rope\" turns pairs of columns, but "
                     "d_k = %d / %d = %d is odd", dir, d, heads, d / heads);
    if (ok && model->cfg.layer == LAYER_DECODER) {
        Matrix *mem = &model->w[0].memory;
        char *path = join(dir, "memory", ".npy");
        NpyInfo info;
        if (!path)
            ok = err_set(err, "out of memory");
        else if (!npy_read(path, mem, &info, err))
            ok = err_prefix(err, path);
        if (ok && (info.ndim != 2 || mem->cols != d || mem->rows < 1 || mem->rows > ATTN_MAX_TOKENS))
            ok = err_set(err, "%s: the memory must be (m, %d) = (memory tokens, d_model), m from 1 to %d", path, d,
                         ATTN_MAX_TOKENS);
        ok = ok && check_values_finite(path, mem, false, err);
        free(path);
    }
    for (int l = 0; ok && l < layers; l++) {
        char sub[32];
        snprintf(sub, sizeof sub, "layer%d", l);
        char *ldir = model->layer_dirs ? join(dir, sub, "") : strdup(dir);
        ok = ldir != NULL || err_set(err, "out of memory");
        ok = ok && (!model->layer_dirs || check_near_misses(ldir, err)) &&
             load_layer(ldir, "", PART_LAYER, model, &model->w[l], &n, &d, err);
        if (ok && model->cross) {
            ok = load_layer(ldir, "cross_", PART_LAYER, model, &model->cross[l], &n, &d, err);
            model->w[l].cross = &model->cross[l];
        }
        free(ldir);
    }
    ok = ok && load_layer(dir, "", PART_STACK, model, &model->w[0], &n, &d, err);
    if (ok && have_tokens && model->ntokens != n)
        ok = err_set(err, "%s/config.json: \"tokens\" has %d labels but E.npy has %d rows, one "
                     "per token", dir, model->ntokens, n);
    if (ok && !have_tokens) {
        model->tokens = calloc((size_t)n + 1, sizeof *model->tokens);
        ok = model->tokens != NULL || err_set(err, "out of memory");
        for (int i = 0; ok && i < n; i++) {
            char label[16];
            snprintf(label, sizeof label, "t%d", i);
            ok = (model->tokens[i] = strdup(label)) != NULL || err_set(err, "out of memory");
            model->ntokens = i + 1;
        }
    }
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
                if (m->rows == 0 || i-- > 0)
                    continue;
                char dir[24] = "";
                if (model->layer_dirs && k != WEIGHT_E && k != WEIGHT_gamma_final && k != WEIGHT_beta_final)
                    snprintf(dir, sizeof dir, "layer%d/", l);
                const char *c = cross ? "cross_" : "";
                if (l > 0)
                    snprintf(name, nsize, "L%d_%s%s", l, c, attn_weight_names[k].lesson);
                else
                    snprintf(name, nsize, "%s%s", c, attn_weight_names[k].lesson);
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
