/* safetensors.c - the safetensors reader (see safetensors.h for the rules).
 *
 * Nothing in the file is trusted: the header length is checked against
 * the file's size before the header is touched, every number in the JSON
 * is checked to be an exact non-negative integer before it is used, shape
 * products are computed with overflow checks, and the byte ranges are
 * checked to tile the data before any tensor is read. So no input can make
 * the reader read outside the mapping, allocate more than the matrix
 * limits allow, crash or hang.
 */
#include "io/safetensors.h"

#include <cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/suggest.h"
#include "util/utf8.h"

/* Every dtype the format defines, with its width. Only the first three are
 * converted; the others are known so that their byte ranges can be checked
 * and a file holding them can still be opened and listed. */
static const struct { const char *name; int bits; } dtypes[] = {
    {"F32", 32},     {"F16", 16},      {"BF16", 16},     {"F64", 64},     {"I64", 64},
    {"U64", 64},     {"I32", 32},      {"U32", 32},      {"I16", 16},     {"U16", 16},
    {"I8", 8},       {"U8", 8},        {"BOOL", 8},      {"F8_E4M3", 8},  {"F8_E5M2", 8},
    {"F8_E8M0", 8},  {"F6_E2M3", 6},   {"F6_E3M2", 6},   {"F4", 4},       {"C64", 64},
};
#define N_DTYPES (int)(sizeof dtypes / sizeof dtypes[0])

/* --- conversions ------------------------------------------------------------ */

static float from_bits(uint32_t u) {
    float v;
    memcpy(&v, &u, sizeof v);
    return v;
}

float st_f16_to_f32(uint16_t h) {
    uint32_t sign = (uint32_t)(h & 0x8000u) << 16;
    uint32_t exp = (h >> 10) & 0x1fu, mant = h & 0x3ffu;
    if (exp == 0x1f) /* infinity, or NaN with its payload kept */
        return from_bits(sign | 0x7f800000u | mant << 13);
    if (exp != 0) /* normal: rebias the exponent from 15 to 127 */
        return from_bits(sign | (exp + 112) << 23 | mant << 13);
    if (mant == 0)
        return from_bits(sign);
    /* subnormal, mant * 2^-24: shift the leading 1 up to the implicit bit;
     * each shift lowers the exponent by one from that of 2^-14 */
    uint32_t e = 113;
    while (!(mant & 0x400u))
        mant <<= 1, e--;
    return from_bits(sign | e << 23 | (mant & 0x3ffu) << 13);
}

/* bfloat16 is the top half of a float32 */
float st_bf16_to_f32(uint16_t b) { return from_bits((uint32_t)b << 16); }

static uint16_t le16(const unsigned char *p) { return (uint16_t)(p[0] | p[1] << 8); }

static uint32_t le32(const unsigned char *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const unsigned char *p) { return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32; }

/* --- messages ----------------------------------------------------------------- */

/* `name` as a message quotes it: valid UTF-8 characters as they are,
 * control characters and invalid bytes as \xNN, cut short when long. */
static void show_name(const char *name, char *out, size_t cap) {
    size_t n = 0, len = strlen(name);
    for (size_t i = 0; i < len && n + 12 < cap;) {
        unsigned cp;
        int k = utf8_decode(name + i, len - i, &cp);
        if (k > 0 && cp >= 0x20 && cp != 0x7f) {
            memcpy(out + n, name + i, (size_t)k);
            n += (size_t)k, i += (size_t)k;
        } else {
            n += (size_t)snprintf(out + n, cap - n, "\\x%02x", (unsigned char)name[i]);
            i++;
        }
        if (i < len && n + 12 >= cap) {
            memcpy(out + n, "...", 3);
            n += 3;
        }
    }
    out[n] = '\0';
}

/* A JSON value as a message shows it, compact and cut short. */
static void show_json(const cJSON *v, char *out, size_t cap) {
    char *text = cJSON_PrintUnformatted(v);
    show_name(text ? text : "?", out, cap);
    free(text);
}

/* "tensor 'NAME': " + message `id`, in both languages */
static bool tensor_error(Error *err, const char *name, MsgId id, ...) {
    char shown[160];
    show_name(name, shown, sizeof shown);
    va_list ap;
    va_start(ap, id);
    err_vset_msg(err, id, ap);
    va_end(ap);
    return err_prefix_msg(err, MSG_ST_TENSOR, shown);
}

static void shape_text(const StTensor *t, char *out, size_t cap) {
    size_t n = (size_t)snprintf(out, cap, "[");
    for (int i = 0; i < t->ndim && n < cap; i++)
        n += (size_t)snprintf(out + n, cap - n, i ? ", %lld" : "%lld", (long long)t->shape[i]);
    if (n < cap)
        snprintf(out + n, cap - n, "]");
}

/* --- the header ---------------------------------------------------------------- */

/* An exact integer in [0, 2^53], as JSON numbers for sizes must be. */
static bool json_size(const cJSON *v, int64_t *out) {
    if (!cJSON_IsNumber(v))
        return false;
    double d = v->valuedouble;
    if (!isfinite(d) || d < 0 || d > (double)ST_MAX_DIM_VALUE || d != floor(d))
        return false;
    *out = (int64_t)d;
    return true;
}

/* shape: a JSON array of at most ST_MAX_DIMS exact non-negative integers */
static bool parse_shape(const cJSON *v, StTensor *t, Error *err) {
    char shown[160];
    show_json(v, shown, sizeof shown);
    if (!cJSON_IsArray(v))
        return tensor_error(err, t->name, MSG_ST_SHAPE_LIST, shown);
    t->ndim = 0;
    for (const cJSON *d = v->child; d; d = d->next) {
        if (t->ndim == ST_MAX_DIMS)
            return tensor_error(err, t->name, MSG_ST_SHAPE_NDIM, shown, ST_MAX_DIMS);
        if (cJSON_IsNumber(d) && d->valuedouble > (double)ST_MAX_DIM_VALUE)
            return tensor_error(err, t->name, MSG_ST_SHAPE_HUGE, shown);
        if (!json_size(d, &t->shape[t->ndim++]))
            return tensor_error(err, t->name, MSG_ST_SHAPE_LIST, shown);
    }
    return true;
}

/* data_offsets: [begin, end], exact integers with begin <= end */
static bool parse_offsets(const cJSON *v, StTensor *t, Error *err) {
    char shown[160];
    show_json(v, shown, sizeof shown);
    int64_t b, e;
    if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) != 2 || !json_size(v->child, &b) ||
        !json_size(v->child->next, &e))
        return tensor_error(err, t->name, MSG_ST_OFFSETS, shown);
    if (b > e)
        return tensor_error(err, t->name, MSG_ST_OFFSETS_ORDER, shown);
    t->begin = (size_t)b, t->end = (size_t)e;
    return true;
}

/* The number of bytes `t`'s shape and dtype need; false when it does not
 * fit in 64 bits. */
static bool tensor_bytes(const StTensor *t, uint64_t *out) {
    uint64_t n = 1;
    bool zero = false;
    for (int i = 0; i < t->ndim; i++)
        zero = zero || t->shape[i] == 0;
    if (zero) {
        *out = 0;
        return true;
    }
    for (int i = 0; i < t->ndim; i++) {
        if ((uint64_t)t->shape[i] > UINT64_MAX / n)
            return false;
        n *= (uint64_t)t->shape[i];
    }
    if (n > UINT64_MAX / 64)
        return false;
    *out = (n * (uint64_t)t->bits + 7) / 8; /* sub-byte types: whole bytes */
    return true;
}

/* One entry: {"dtype": STRING, "shape": [...], "data_offsets": [b, e]},
 * each key exactly once, no other key. */
static bool parse_entry(const cJSON *entry, StTensor *t, size_t data_len, Error *err) {
    t->name = entry->string;
    size_t len = strlen(t->name), bad;
    if (!utf8_valid(t->name, len, &bad))
        return tensor_error(err, t->name, MSG_ST_NAME_UTF8, (unsigned char)t->name[bad], bad);
    if (!cJSON_IsObject(entry)) {
        char shown[160];
        show_json(entry, shown, sizeof shown);
        return tensor_error(err, t->name, MSG_ST_ENTRY_OBJECT, shown);
    }
    const cJSON *dtype = NULL, *shape = NULL, *offsets = NULL;
    for (const cJSON *k = entry->child; k; k = k->next) {
        const cJSON **slot = strcmp(k->string, "dtype") == 0          ? &dtype
                             : strcmp(k->string, "shape") == 0        ? &shape
                             : strcmp(k->string, "data_offsets") == 0 ? &offsets
                                                                      : NULL;
        char key[160];
        show_name(k->string, key, sizeof key);
        if (!slot)
            return tensor_error(err, t->name, MSG_ST_UNKNOWN_KEY, key);
        if (*slot)
            return tensor_error(err, t->name, MSG_ST_KEY_TWICE, key);
        *slot = k;
    }
    const char *missing = !dtype ? "dtype" : !shape ? "shape" : !offsets ? "data_offsets" : NULL;
    if (missing)
        return tensor_error(err, t->name, MSG_ST_KEY_MISSING, missing);
    const char *dname = cJSON_GetStringValue(dtype);
    for (int i = 0; dname && i < N_DTYPES && !t->dtype; i++)
        if (strcmp(dname, dtypes[i].name) == 0)
            t->dtype = dtypes[i].name, t->bits = dtypes[i].bits;
    if (!t->dtype) {
        char shown[160];
        show_json(dtype, shown, sizeof shown);
        return tensor_error(err, t->name, MSG_ST_DTYPE_UNKNOWN, shown);
    }
    if (!parse_shape(shape, t, err) || !parse_offsets(offsets, t, err))
        return false;
    char st[160];
    shape_text(t, st, sizeof st);
    uint64_t need;
    if (!tensor_bytes(t, &need))
        return tensor_error(err, t->name, MSG_ST_SHAPE_ABSURD, st);
    if (need != t->end - t->begin)
        return tensor_error(err, t->name, MSG_ST_BYTES, st, t->dtype, (unsigned long long)need, t->begin, t->end,
                            t->end - t->begin);
    if (t->end > data_len)
        return tensor_error(err, t->name, MSG_ST_PAST_END, t->begin, t->end, data_len);
    return true;
}

/* "__metadata__": an object of strings, kept for st_metadata */
static bool check_metadata(const cJSON *meta, Error *err) {
    if (!cJSON_IsObject(meta))
        return err_set_msg(err, MSG_ST_META_OBJECT);
    for (const cJSON *k = meta->child; k; k = k->next) {
        char key[160];
        show_name(k->string, key, sizeof key);
        size_t bad;
        if (!cJSON_IsString(k))
            return err_set_msg(err, MSG_ST_META_VALUE, key);
        if (!utf8_valid(k->string, strlen(k->string), &bad) ||
            !utf8_valid(k->valuestring, strlen(k->valuestring), &bad))
            return err_set_msg(err, MSG_ST_META_UTF8, key);
    }
    return true;
}

static int by_name(const void *a, const void *b) {
    return strcmp((*(const StTensor *const *)a)->name, (*(const StTensor *const *)b)->name);
}

static int by_offset(const void *a, const void *b) {
    const StTensor *x = a, *y = b;
    if (x->begin != y->begin)
        return x->begin < y->begin ? -1 : 1;
    if (x->end != y->end)
        return x->end < y->end ? -1 : 1;
    return strcmp(x->name, y->name);
}

/* The ranges, sorted, must follow each other from 0 to the end of the data
 * with no overlap and no gap. (Several empty tensors may share an
 * offset.) */
static bool check_tiling(const StFile *f, size_t data_len, Error *err) {
    size_t at = 0;
    for (int i = 0; i < f->count; i++) {
        const StTensor *t = &f->tensors[i];
        if (t->begin < at) {
            char a[160], b[160];
            show_name(f->tensors[i - 1].name, a, sizeof a);
            show_name(t->name, b, sizeof b);
            return err_set_msg(err, MSG_ST_OVERLAP, a, b, f->tensors[i - 1].begin, f->tensors[i - 1].end, t->begin,
                               t->end);
        }
        if (t->begin > at)
            return err_set_msg(err, MSG_ST_GAP, at, t->begin);
        at = t->end;
    }
    if (at < data_len)
        return err_set_msg(err, MSG_ST_TAIL, data_len - at, data_len, at);
    return true;
}

/* The offset of a \u0000 escape in the JSON text, or -1: cJSON would end
 * the string there, silently shortening a name. */
static long nul_escape(const char *text, size_t len) {
    for (size_t i = 0; i + 6 <= len; i++) {
        if (text[i] != '\\')
            continue;
        if (memcmp(text + i + 1, "u0000", 5) == 0)
            return (long)i;
        i++; /* skip the escaped character, so \\u0000 is not one */
    }
    return -1;
}

/* header_text: the header's place and length, checked before it is
 * parsed: within the file and the limit, a JSON object's first byte, no
 * NUL byte and no \u0000 escape. Sets f->data_start. */
static bool header_text(StFile *f, const char **text, size_t *len, Error *err) {
    uint64_t hlen = le64(f->bytes);
    size_t avail = f->size - 8;
    if (hlen > avail)
        return err_set_msg(err, MSG_ST_HEADER_SHORT, (unsigned long long)hlen, avail);
    if (hlen > (uint64_t)ST_MAX_HEADER)
        return err_set_msg(err, MSG_ST_HEADER_LONG, (unsigned long long)hlen, ST_MAX_HEADER);
    *text = (const char *)f->bytes + 8;
    *len = (size_t)hlen;
    f->data_start = 8 + *len;
    if (*len == 0 || (*text)[0] != '{')
        return err_set_msg(err, MSG_ST_HEADER_BRACE);
    const char *nul = memchr(*text, '\0', *len);
    if (nul)
        return err_set_msg(err, MSG_ST_HEADER_NUL, (size_t)(nul - *text));
    long esc = nul_escape(*text, *len);
    if (esc >= 0)
        return err_set_msg(err, MSG_ST_HEADER_NUL_ESCAPE, esc);
    return true;
}

/* header_json: the header's text as one JSON object, into f->json */
static bool header_json(StFile *f, const char *text, size_t len, Error *err) {
    /* cJSON needs the text NUL-terminated; the mapping is not */
    char *copy = malloc(len + 1);
    if (!copy)
        return err_set_msg(err, MSG_ST_HEADER_MEMORY, len);
    memcpy(copy, text, len);
    copy[len] = '\0';
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(copy, len + 1, &end, false);
    size_t pos = end ? (size_t)(end - copy) : 0;
    if (root)
        while (pos < len && strchr(" \t\r\n", copy[pos]))
            pos++;
    free(copy);
    f->json = root;
    if (!root)
        return err_set_msg(err, MSG_ST_HEADER_JSON, pos, len);
    if (pos < len)
        return err_set_msg(err, MSG_ST_HEADER_AFTER, pos);
    if (!cJSON_IsObject(root))
        return err_set_msg(err, MSG_ST_HEADER_OBJECT);
    return true;
}

/* header_entries: every entry of the object, "__metadata__" at most once
 * and every other one a tensor, into f->tensors (f->count of them) */
static bool header_entries(StFile *f, Error *err) {
    size_t data_len = f->size - f->data_start;
    const cJSON *root = f->json;
    int n = 0;
    for (const cJSON *e = root->child; e; e = e->next)
        n += strcmp(e->string, "__metadata__") != 0;
    f->tensors = calloc((size_t)n + 1, sizeof *f->tensors);
    f->by_name = calloc((size_t)n + 1, sizeof *f->by_name);
    if (!f->tensors || !f->by_name)
        return err_set_msg(err, MSG_ST_TENSORS_MEMORY, n);
    bool have_meta = false;
    for (const cJSON *e = root->child; e; e = e->next) {
        if (strcmp(e->string, "__metadata__") == 0) {
            if (have_meta)
                return err_set_msg(err, MSG_ST_KEY_TWICE, "__metadata__");
            have_meta = true;
            if (!check_metadata(e, err))
                return false;
            continue;
        }
        if (!parse_entry(e, &f->tensors[f->count], data_len, err))
            return false;
        f->count++;
    }
    return true;
}

/* index_tensors: the tensors in the order of their bytes, f->by_name in
 * the order of their names (each name once) */
static bool index_tensors(StFile *f, Error *err) {
    for (int i = 0; i < f->count; i++)
        f->by_name[i] = &f->tensors[i];
    qsort(f->by_name, (size_t)f->count, sizeof *f->by_name, by_name);
    for (int i = 1; i < f->count; i++)
        if (strcmp(f->by_name[i - 1]->name, f->by_name[i]->name) == 0)
            return tensor_error(err, f->by_name[i]->name, MSG_ST_NAME_TWICE);
    /* sorting moves the tensors, so the name index is rebuilt after */
    qsort(f->tensors, (size_t)f->count, sizeof *f->tensors, by_offset);
    for (int i = 0; i < f->count; i++)
        f->by_name[i] = &f->tensors[i];
    qsort(f->by_name, (size_t)f->count, sizeof *f->by_name, by_name);
    return true;
}

/* Parse and check the header of f->bytes (f->size bytes, at least 8). */
static bool parse_header(StFile *f, Error *err) {
    const char *text = NULL;
    size_t len = 0;
    return header_text(f, &text, &len, err) && header_json(f, text, len, err) && header_entries(f, err) &&
           index_tensors(f, err) && check_tiling(f, f->size - f->data_start, err);
}

static bool open_bytes(StFile *f, Error *err) {
    if (f->size == 0)
        return err_set_msg(err, MSG_ST_EMPTY);
    if (f->size < 8)
        return err_set_msg(err, MSG_ST_TRUNCATED, f->size);
    return parse_header(f, err);
}

/* --- opening and closing --------------------------------------------------------- */

void st_close(StFile *f) {
    if (f->mapped && f->bytes)
        munmap((void *)(uintptr_t)f->bytes, f->size);
    cJSON_Delete(f->json);
    free(f->tensors);
    free(f->by_name);
    free(f->path);
    *f = (StFile){0};
}

/* On failure: prefix the path, free what was taken, leave *f empty. */
static bool open_failed(StFile *f, const char *path, Error *err) {
    err_prefix(err, path);
    st_close(f);
    return false;
}

bool st_open_mem(StFile *f, const void *bytes, size_t size, const char *name, Error *err) {
    *f = (StFile){.bytes = bytes, .size = size, .path = strdup(name)};
    if (!f->path)
        return err_set_msg_in(err, name, MSG_OUT_OF_MEMORY);
    if (!open_bytes(f, err))
        return open_failed(f, name, err);
    return true;
}

bool st_open(StFile *f, const char *path, Error *err) {
    *f = (StFile){0};
    /* O_NONBLOCK: opening a FIFO must not wait for a writer; it is then
     * refused as not a regular file. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return err_set_msg_in(err, path, MSG_FILE_CANNOT_OPEN, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        bool dir = S_ISDIR(st.st_mode);
        close(fd);
        return err_set_msg_in(err, path, dir ? MSG_ST_IS_DIR : MSG_FILE_NOT_REGULAR);
    }
    if ((uint64_t)st.st_size > SIZE_MAX) {
        close(fd);
        return err_set_msg_in(err, path, MSG_ST_TOO_LARGE);
    }
    f->size = (size_t)st.st_size;
    f->path = strdup(path);
    if (!f->path) {
        close(fd);
        return err_set_msg_in(err, path, MSG_OUT_OF_MEMORY);
    }
    if (f->size > 0) { /* an empty file cannot be mapped; open_bytes reports it */
        void *p = mmap(NULL, f->size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p == MAP_FAILED) {
            int e = errno;
            close(fd);
            err_set_msg(err, MSG_ST_MAP, strerror(e));
            return open_failed(f, path, err);
        }
        f->bytes = p;
        f->mapped = true;
    }
    close(fd); /* the mapping stays valid without the descriptor */
    if (!open_bytes(f, err))
        return open_failed(f, path, err);
    return true;
}

/* --- lookup and reading ----------------------------------------------------------- */

const StTensor *st_find(const StFile *f, const char *name) {
    int lo = 0, hi = f->count - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2, c = strcmp(name, f->by_name[mid]->name);
        if (c == 0)
            return f->by_name[mid];
        if (c < 0)
            hi = mid - 1;
        else
            lo = mid + 1;
    }
    return NULL;
}

const char *st_metadata(const StFile *f, const char *key) {
    const cJSON *meta = cJSON_GetObjectItemCaseSensitive(f->json, "__metadata__");
    return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(meta, key));
}

/* One row of n values of `kind` (32: F32, 16: F16, 17: BF16) at p, which
 * need not be aligned, to float32. */
static void convert_row(float *dst, const unsigned char *p, int n, int kind) {
    if (kind == 32) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        memcpy(dst, p, (size_t)n * 4); /* the file's layout is the host's */
#else
        for (int j = 0; j < n; j++)
            dst[j] = from_bits(le32(p + 4 * (size_t)j));
#endif
    } else if (kind == 16) {
        for (int j = 0; j < n; j++)
            dst[j] = st_f16_to_f32(le16(p + 2 * (size_t)j));
    } else {
        for (int j = 0; j < n; j++)
            dst[j] = st_bf16_to_f32(le16(p + 2 * (size_t)j));
    }
}

/* Give back the mapped pages that lie wholly inside t's bytes, now that
 * they are converted: the checkpoint then does not stay in memory beside
 * its float32 copy. The mapping is read-only and private, so the kernel
 * simply reads a page from the file again if it is ever touched. */
static void release_pages(const StFile *f, const StTensor *t) {
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t lo = (uintptr_t)(f->bytes + f->data_start + t->begin);
    uintptr_t hi = (uintptr_t)(f->bytes + f->data_start + t->end);
    lo = (lo + page - 1) / page * page;
    hi = hi / page * page;
    if (hi > lo)
        madvise((void *)lo, hi - lo, MADV_DONTNEED); /* only advice: a failure changes nothing */
}

bool st_read(const StFile *f, const StTensor *t, Matrix *m, Error *err) {
    *m = (Matrix){0};
    char st[160];
    shape_text(t, st, sizeof st);
    int kind = strcmp(t->dtype, "F32") == 0 ? 32 : strcmp(t->dtype, "F16") == 0 ? 16
             : strcmp(t->dtype, "BF16") == 0 ? 17 : 0;
    if (!kind) {
        tensor_error(err, t->name, MSG_ST_DTYPE_UNSUPPORTED, t->dtype);
        return err_prefix(err, f->path);
    }
    int first = 0;
    while (t->ndim - first > 2 && t->shape[first] == 1)
        first++;
    int nd = t->ndim - first;
    if (nd > 2) {
        tensor_error(err, t->name, MSG_ST_NDIM, st, t->ndim);
        return err_prefix(err, f->path);
    }
    int64_t rows = nd == 2 ? t->shape[first] : 1, cols = nd >= 1 ? t->shape[t->ndim - 1] : 1;
    if (!mat_check_size(rows, cols, err) || !mat_alloc(m, (int)rows, (int)cols, err)) {
        char shown[160];
        show_name(t->name, shown, sizeof shown);
        err_prefix_msg(err, MSG_ST_SHAPE, st);
        err_prefix_msg(err, MSG_ST_TENSOR, shown);
        return err_prefix(err, f->path);
    }
    if (m->rows == 0 || m->cols == 0) /* nothing to convert, and no rows to point at */
        return true;
    const unsigned char *p = f->bytes + f->data_start + t->begin;
    size_t row_bytes = (size_t)m->cols * (kind == 32 ? 4 : 2);
    for (int i = 0; i < m->rows; i++, p += row_bytes)
        convert_row(mat_row(m, i), p, m->cols, kind);
    if (f->mapped)
        release_pages(f, t);
    return true;
}

bool st_get(const StFile *f, const char *name, Matrix *m, Error *err) {
    *m = (Matrix){0};
    const StTensor *t = st_find(f, name);
    if (t)
        return st_read(f, t, m, err);
    const char **names = malloc(((size_t)f->count + 1) * sizeof *names);
    const char *near = NULL;
    if (names) {
        for (int i = 0; i < f->count; i++)
            names[i] = f->tensors[i].name;
        names[f->count] = NULL;
        near = suggest_closest(name, names);
    }
    char shown[160], n2[160];
    show_name(name, shown, sizeof shown);
    if (near) {
        show_name(near, n2, sizeof n2);
        err_set_msg(err, MSG_ST_NO_TENSOR_NEAR, shown, n2);
    } else {
        err_set_msg(err, MSG_ST_NO_TENSOR, shown);
    }
    free(names);
    return err_prefix(err, f->path);
}
