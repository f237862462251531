/* npy.c - the .npy reader and writer (see npy.h for what is accepted).
 *
 * The header is a Python dict literal. It is parsed here with a small
 * parser for exactly the subset NumPy writes (strings, True/False, tuples
 * of integers), never evaluated, and every size is checked against the
 * file's real size before anything is allocated, so no input can make the
 * reader allocate more than the matrix limits allow, crash or hang.
 */
#include "io/npy.h"

#include <errno.h>
#include <fcntl.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAGIC "\x93NUMPY"
#define MAGIC_LEN 6
#define MAX_DIMS 32 /* more than this is refused while parsing */
#define MAX_DIM_VALUE 1000000000000000L /* keeps shape products far from overflow */
#define CHUNK 65536

/* --- byte source: a file descriptor or a memory buffer ---------------------- */

typedef struct Source {
    int fd; /* -1 when reading from memory */
    const unsigned char *mem;
    size_t size, pos;
} Source;

/* Read exactly n bytes. Callers have already checked that n bytes remain
 * according to the size taken at the start, so a short read means the
 * file changed underneath us. */
static bool src_read(Source *s, void *buf, size_t n, Error *err) {
    if (s->fd < 0) {
        memcpy(buf, s->mem + s->pos, n);
        s->pos += n;
        return true;
    }
    unsigned char *p = buf;
    while (n > 0) {
        ssize_t k = read(s->fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            return err_set_msg(err, MSG_FILE_CANNOT_READ, strerror(errno));
        if (k == 0)
            return err_set_msg(err, MSG_FILE_SHRANK);
        p += k, n -= (size_t)k, s->pos += (size_t)k;
    }
    return true;
}

static uint32_t le32(const unsigned char *b) {
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static uint64_t le64(const unsigned char *b) { return (uint64_t)le32(b) | (uint64_t)le32(b + 4) << 32; }

/* --- the header dict -------------------------------------------------------- */

typedef struct Header {
    char descr[32];
    bool have_descr, have_fortran, have_shape;
    bool fortran;
    int ndim;
    long shape[MAX_DIMS];
} Header;

typedef struct Lexer {
    const char *p, *end;
    MsgId why; /* what went wrong, for the message */
} Lexer;

static void skip_ws(Lexer *lx) {
    while (lx->p < lx->end && (*lx->p == ' ' || *lx->p == '\t' || *lx->p == '\n' || *lx->p == '\r'))
        lx->p++;
}

static bool fail(Lexer *lx, MsgId why) {
    lx->why = why;
    return false;
}

static bool expect_char(Lexer *lx, char c, MsgId why) {
    skip_ws(lx);
    if (lx->p >= lx->end || *lx->p != c)
        return fail(lx, why);
    lx->p++;
    return true;
}

/* A quoted string without escapes: nothing NumPy writes needs them. */
static bool parse_string(Lexer *lx, char *out, size_t cap) {
    skip_ws(lx);
    if (lx->p >= lx->end || (*lx->p != '\'' && *lx->p != '"'))
        return fail(lx, MSG_NPY_HQUOTED);
    char quote = *lx->p++;
    size_t n = 0;
    while (lx->p < lx->end && *lx->p != quote) {
        if (*lx->p == '\\' || *lx->p == '\n')
            return fail(lx, MSG_NPY_HSTRING_CHAR);
        if (n + 1 >= cap)
            return fail(lx, MSG_NPY_HSTRING_LONG);
        out[n++] = *lx->p++;
    }
    if (lx->p >= lx->end)
        return fail(lx, MSG_NPY_HSTRING_OPEN);
    lx->p++;
    out[n] = '\0';
    return true;
}

static bool parse_bool(Lexer *lx, bool *out) {
    skip_ws(lx);
    const char *start = lx->p;
    while (lx->p < lx->end && ((*lx->p >= 'A' && *lx->p <= 'Z') || (*lx->p >= 'a' && *lx->p <= 'z')))
        lx->p++;
    size_t n = (size_t)(lx->p - start);
    if (n == 4 && memcmp(start, "True", 4) == 0)
        *out = true;
    else if (n == 5 && memcmp(start, "False", 5) == 0)
        *out = false;
    else
        return fail(lx, MSG_NPY_HFORTRAN);
    return true;
}

static bool parse_shape(Lexer *lx, Header *h) {
    if (!expect_char(lx, '(', MSG_NPY_HSHAPE_TUPLE))
        return false;
    bool comma = false;
    h->ndim = 0;
    for (;;) {
        skip_ws(lx);
        if (lx->p < lx->end && *lx->p == ')') {
            lx->p++;
            break;
        }
        if (h->ndim > 0 && !comma)
            return fail(lx, MSG_NPY_HSHAPE_SEP);
        if (lx->p < lx->end && *lx->p == '-')
            return fail(lx, MSG_NPY_HSHAPE_NEGATIVE);
        if (lx->p >= lx->end || *lx->p < '0' || *lx->p > '9')
            return fail(lx, MSG_NPY_HSHAPE_INTEGERS);
        long v = 0;
        while (lx->p < lx->end && *lx->p >= '0' && *lx->p <= '9') {
            if (v > MAX_DIM_VALUE / 10)
                return fail(lx, MSG_NPY_HSHAPE_HUGE);
            v = v * 10 + (*lx->p++ - '0');
        }
        if (lx->p < lx->end && (*lx->p == 'L' || *lx->p == 'l'))
            lx->p++; /* Python 2 long literal, as in very old files */
        if (h->ndim == MAX_DIMS)
            return fail(lx, MSG_NPY_HSHAPE_NDIM);
        h->shape[h->ndim++] = v;
        skip_ws(lx);
        comma = lx->p < lx->end && *lx->p == ',';
        if (comma)
            lx->p++;
    }
    /* (3) is the integer 3 in Python, not a tuple */
    if (h->ndim == 1 && !comma)
        return fail(lx, MSG_NPY_HSHAPE_ONE);
    return true;
}

static bool parse_header(Lexer *lx, Header *h) {
    *h = (Header){0};
    if (!expect_char(lx, '{', MSG_NPY_HDICT))
        return false;
    for (;;) {
        skip_ws(lx);
        if (lx->p < lx->end && *lx->p == '}') {
            lx->p++;
            break;
        }
        char key[32];
        if (!parse_string(lx, key, sizeof key) || !expect_char(lx, ':', MSG_NPY_HCOLON))
            return false;
        skip_ws(lx);
        if (strcmp(key, "descr") == 0) {
            if (h->have_descr)
                return fail(lx, MSG_NPY_HDESCR_TWICE);
            if (lx->p < lx->end && *lx->p == '[')
                return fail(lx, MSG_NPY_HSTRUCTURED);
            if (!parse_string(lx, h->descr, sizeof h->descr))
                return false;
            h->have_descr = true;
        } else if (strcmp(key, "fortran_order") == 0) {
            if (h->have_fortran)
                return fail(lx, MSG_NPY_HFORTRAN_TWICE);
            if (!parse_bool(lx, &h->fortran))
                return false;
            h->have_fortran = true;
        } else if (strcmp(key, "shape") == 0) {
            if (h->have_shape)
                return fail(lx, MSG_NPY_HSHAPE_TWICE);
            if (!parse_shape(lx, h))
                return false;
            h->have_shape = true;
        } else {
            return fail(lx, MSG_NPY_HUNKNOWN_KEY);
        }
        skip_ws(lx);
        if (lx->p < lx->end && *lx->p == ',')
            lx->p++;
        else if (lx->p >= lx->end || *lx->p != '}')
            return fail(lx, MSG_NPY_HVALUE_END);
    }
    skip_ws(lx);
    if (lx->p != lx->end)
        return fail(lx, MSG_NPY_HAFTER);
    MsgId missing = !h->have_descr     ? MSG_NPY_HNO_DESCR
                          : !h->have_fortran ? MSG_NPY_HNO_FORTRAN
                          : !h->have_shape   ? MSG_NPY_HNO_SHAPE
                                             : MSG_NONE;
    return missing != MSG_NONE ? fail(lx, missing) : true;
}

/* The header as the message shows it: printable ASCII, the rest escaped,
 * trailing padding dropped, cut short when long. */
static void show_header(const char *text, size_t len, char *out, size_t cap) {
    while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\n'))
        len--;
    size_t n = 0;
    for (size_t i = 0; i < len && n + 8 < cap; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c >= 0x20 && c < 0x7f)
            out[n++] = (char)c;
        else
            n += (size_t)snprintf(out + n, cap - n, "\\x%02x", c);
        if (i + 1 < len && n + 8 >= cap) {
            memcpy(out + n, "...", 3);
            n += 3;
        }
    }
    out[n] = '\0';
}

/* NumPy's kind letter, after the byte-order character, in words */
static MsgId kind_name(const char *descr) {
    char k = descr[0] && strchr("<>|=", descr[0]) ? descr[1] : descr[0];
    return k == 'i' ? MSG_NPY_KIND_INT : k == 'u' ? MSG_NPY_KIND_UINT : k == 'b' ? MSG_NPY_KIND_BOOL
         : k == 'f' ? MSG_NPY_KIND_FLOAT : k == 'c' ? MSG_NPY_KIND_COMPLEX
         : k == 'O' ? MSG_NPY_KIND_OBJECT : k == 'U' || k == 'S' ? MSG_NPY_KIND_STRING
         : k == 'M' || k == 'm' ? MSG_NPY_KIND_TIME : MSG_NPY_KIND_UNKNOWN;
}

static bool check_descr(const char *descr, int *itemsize, Error *err) {
    if (strcmp(descr, "<f4") == 0 || strcmp(descr, "<f8") == 0) {
        *itemsize = descr[2] == '4' ? 4 : 8;
        return true;
    }
    if (strcmp(descr, ">f4") == 0 || strcmp(descr, ">f8") == 0)
        return err_set_msg(err, MSG_NPY_BIG_ENDIAN, descr);
    MsgId kind = kind_name(descr);
    return err_set_msg(err, MSG_NPY_DTYPE, descr, msg_text(MSG_EN, kind)) ||
           err_set_zh(err, MSG_NPY_DTYPE, descr, msg_text(MSG_ZH, kind));
}

/* "4×4 float32" or "5 float32 values" (in `lang`), for the size messages */
static void describe(const NpyInfo *in, MsgLang lang, char *out, size_t cap) {
    const char *type = in->itemsize == 4 ? "float32" : "float64";
    if (in->ndim == 1)
        msg_format(out, cap, lang, MSG_NPY_VALUES, in->shape[0], type);
    else
        msg_format(out, cap, lang, MSG_NPY_MATRIX, in->shape[0], in->shape[1], type);
}

static void shape_text(const Header *h, char *out, size_t cap) {
    size_t n = (size_t)snprintf(out, cap, "(");
    for (int i = 0; i < h->ndim && n < cap; i++)
        n += (size_t)snprintf(out + n, cap - n, i ? ", %ld" : "%ld", h->shape[i]);
    if (n < cap)
        snprintf(out + n, cap - n, h->ndim == 1 ? ",)" : ")");
}

/* --- reading ---------------------------------------------------------------- */

/* read_preamble: the magic string, the version and the header's length;
 * s is left at the header's first byte */
static bool read_preamble(Source *s, NpyInfo *info, size_t *hlen, Error *err) {
    unsigned char pre[12];
    size_t first = s->size < 10 ? s->size : 10;
    if (!src_read(s, pre, first, err))
        return false;
    if (first < MAGIC_LEN || memcmp(pre, MAGIC, MAGIC_LEN) != 0)
        return err_set_msg(err, MSG_NPY_MAGIC);
    if (first < 10)
        return err_set_msg(err, MSG_NPY_PREAMBLE, s->size);
    info->version_major = pre[6], info->version_minor = pre[7];
    size_t prefix;
    if (pre[6] == 1 && pre[7] == 0) {
        *hlen = (size_t)pre[8] | (size_t)pre[9] << 8;
        prefix = 10;
    } else if ((pre[6] == 2 || pre[6] == 3) && pre[7] == 0) {
        if (s->size < 12)
            return err_set_msg(err, MSG_NPY_PREAMBLE,
                           s->size);
        if (!src_read(s, pre + 10, 2, err))
            return false;
        *hlen = le32(pre + 8);
        prefix = 12;
    } else {
        return err_set_msg(err, MSG_NPY_VERSION,
                       pre[6], pre[7]);
    }
    if (*hlen > s->size - prefix)
        return err_set_msg(err, MSG_NPY_HEADER_SHORT, *hlen,
                       s->size - prefix);
    if (*hlen > NPY_MAX_HEADER)
        return err_set_msg(err, MSG_NPY_HEADER_LONG, *hlen,
                       NPY_MAX_HEADER);
    return true;
}

/* read_dict: the header's hlen bytes, parsed into *h */
static bool read_dict(Source *s, size_t hlen, Header *h, Error *err) {
    char *text = malloc(hlen + 1);
    if (!text)
        return err_set_msg(err, MSG_NPY_HEADER_MEMORY);
    if (!src_read(s, text, hlen, err)) {
        free(text);
        return false;
    }
    text[hlen] = '\0';
    Lexer lx = {.p = text, .end = text + hlen};
    bool ok = memchr(text, '\0', hlen) == NULL ? parse_header(&lx, h) : fail(&lx, MSG_NPY_HNUL);
    if (!ok) {
        char shown[160];
        show_header(text, hlen, shown, sizeof shown);
        err_set_msg(err, MSG_NPY_INVALID_HEADER, msg_text(MSG_EN, lx.why), shown);
        err_set_zh(err, MSG_NPY_INVALID_HEADER, msg_text(MSG_ZH, lx.why), shown);
    }
    free(text);
    return ok;
}

/* check_size: the data the header promises is exactly what the file has
 * left, and within the matrix limits */
static bool check_size(const Source *s, const Header *h, const NpyInfo *info, const char *st, Error *err) {
    /* dimensions are at most 1e15 each, so their product may overflow:
     * compare by division before multiplying */
    long rows = h->ndim == 2 ? h->shape[0] : 1, cols = h->ndim == 2 ? h->shape[1] : h->shape[0];
    size_t have = s->size - s->pos;
    char what[96], what_zh[96];
    describe(info, MSG_EN, what, sizeof what);
    describe(info, MSG_ZH, what_zh, sizeof what_zh);
    if (rows != 0 && cols > (long)(SIZE_MAX / 8) / rows)
        return err_set_msg(err, MSG_NPY_TOO_LARGE, st, what) || err_set_zh(err, MSG_NPY_TOO_LARGE, st, what_zh);
    size_t bytes = (size_t)rows * (size_t)cols * (size_t)info->itemsize;
    if (have < bytes)
        return err_set_msg(err, MSG_NPY_TRUNCATED, what, bytes, have) ||
               err_set_zh(err, MSG_NPY_TRUNCATED, what_zh, bytes, have);
    if (have > bytes)
        return err_set_msg(err, MSG_NPY_TRAILING, what, bytes, have, have - bytes) ||
               err_set_zh(err, MSG_NPY_TRAILING, what_zh, bytes, have, have - bytes);
    if (!mat_check_size(rows, cols, err))
        return err_prefix_msg(err, MSG_NPY_LIMITS, st);
    return true;
}

/* Everything up to the data: magic, version, header; fills `info`. */
static bool read_header(Source *s, NpyInfo *info, Error *err) {
    size_t hlen = 0;
    Header h;
    if (!read_preamble(s, info, &hlen, err) || !read_dict(s, hlen, &h, err) ||
        !check_descr(h.descr, &info->itemsize, err))
        return false;
    char st[64];
    shape_text(&h, st, sizeof st);
    if (h.ndim == 0 || h.ndim > 2)
        return err_set_msg(err, MSG_NPY_NDIM, st, h.ndim);
    info->ndim = h.ndim;
    info->shape[0] = h.shape[0];
    info->shape[1] = h.ndim == 2 ? h.shape[1] : 0;
    info->fortran_order = h.fortran;
    return check_size(s, &h, info, st, err);
}

static bool read_data(Source *s, const NpyInfo *info, Matrix *m, Error *err) {
    int rows = m->rows, cols = m->cols;
    size_t count = (size_t)rows * (size_t)cols, item = (size_t)info->itemsize;
    bool fortran = info->fortran_order && info->ndim == 2;
    unsigned char *buf = malloc(CHUNK);
    if (!buf)
        return err_set_msg(err, MSG_OUT_OF_MEMORY);
    int i = 0, j = 0; /* the next element's place */
    size_t done = 0;
    while (done < count) {
        size_t n = (count - done) < CHUNK / item ? (count - done) : CHUNK / item;
        if (!src_read(s, buf, n * item, err)) {
            free(buf);
            return false;
        }
        for (size_t k = 0; k < n; k++) {
            float v;
            if (item == 4) {
                uint32_t u = le32(buf + 4 * k);
                memcpy(&v, &u, sizeof v);
            } else {
                uint64_t u = le64(buf + 8 * k);
                double x;
                memcpy(&x, &u, sizeof x);
                if (isfinite(x) && fabs(x) > (double)FLT_MAX) {
                    char at[48];
                    snprintf(at, sizeof at, info->ndim == 1 ? "[%d]" : "(%d, %d)",
                             info->ndim == 1 ? j : i, j);
                    free(buf);
                    return err_set_msg(err, MSG_NPY_RANGE, at, x);
                }
                v = (float)x;
            }
            mat_set(m, i, j, v);
            if (fortran) {
                if (++i == rows)
                    i = 0, j++;
            } else if (++j == cols) {
                j = 0, i++;
            }
        }
        done += n;
    }
    free(buf);
    return true;
}

static bool read_source(Source *s, Matrix *m, NpyInfo *info, Error *err) {
    NpyInfo local;
    if (!info)
        info = &local;
    *info = (NpyInfo){0};
    *m = (Matrix){0};
    if (!read_header(s, info, err) ||
        !mat_alloc(m, info->ndim == 2 ? (int)info->shape[0] : 1,
                   info->ndim == 2 ? (int)info->shape[1] : (int)info->shape[0], err))
        return false;
    if (!read_data(s, info, m, err))
        return mat_free(m), false;
    return true;
}

bool npy_read_info(const char *path, NpyInfo *info, Error *err) {
    *info = (NpyInfo){0};
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return err_set_msg(err, MSG_FILE_CANNOT_OPEN, strerror(errno));
    struct stat st;
    bool ok = (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) || err_set_msg(err, MSG_FILE_NOT_REGULAR);
    Source s = {.fd = fd, .size = ok ? (size_t)st.st_size : 0};
    size_t hlen = 0;
    Header h;
    ok = ok && read_preamble(&s, info, &hlen, err) && read_dict(&s, hlen, &h, err) &&
         check_descr(h.descr, &info->itemsize, err) && h.ndim >= 1 && h.ndim <= 2;
    close(fd);
    if (!ok)
        return false;
    info->ndim = h.ndim;
    info->shape[0] = h.shape[0];
    info->shape[1] = h.ndim == 2 ? h.shape[1] : 0;
    info->fortran_order = h.fortran;
    return true;
}

bool npy_read_mem(const void *data, size_t len, Matrix *m, NpyInfo *info, Error *err) {
    Source s = {.fd = -1, .mem = data, .size = len};
    return read_source(&s, m, info, err);
}

bool npy_read(const char *path, Matrix *m, NpyInfo *info, Error *err) {
    *m = (Matrix){0};
    /* O_NONBLOCK: opening a FIFO must not wait for a writer; it is then
     * refused as not a regular file. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return err_set_msg(err, MSG_FILE_CANNOT_OPEN, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        bool dir = S_ISDIR(st.st_mode);
        close(fd);
        return err_set_msg(err, dir ? MSG_NPY_IS_DIR : MSG_FILE_NOT_REGULAR);
    }
    Source s = {.fd = fd, .size = (size_t)st.st_size};
    bool ok = read_source(&s, m, info, err);
    close(fd);
    return ok;
}

/* --- writing ---------------------------------------------------------------- */

bool npy_write_stream(FILE *f, const Matrix *m, NpyShape shape, Error *err) {
    if (shape == NPY_VECTOR && m->rows != 1)
        return err_set_msg(err, MSG_NPY_NOT_VECTOR, m->rows, m->cols);
    char dict[128];
    int len = shape == NPY_VECTOR
                  ? snprintf(dict, sizeof dict,
                             "{'descr': '<f4', 'fortran_order': False, 'shape': (%d,), }", m->cols)
                  : snprintf(dict, sizeof dict,
                             "{'descr': '<f4', 'fortran_order': False, 'shape': (%d, %d), }",
                             m->rows, m->cols);
    /* pad with spaces and end in '\n' so that magic (6) + version (2) +
     * length (2) + header is a multiple of 64: the data is then aligned
     * for anyone who maps the file */
    size_t hlen = (size_t)len + 1;
    hlen += (64 - (10 + hlen) % 64) % 64;
    unsigned char pre[10];
    memcpy(pre, MAGIC, MAGIC_LEN);
    pre[6] = 1, pre[7] = 0, pre[8] = (unsigned char)(hlen & 0xff), pre[9] = (unsigned char)(hlen >> 8);
    char header[192];
    memset(header, ' ', hlen);
    memcpy(header, dict, (size_t)len);
    header[hlen - 1] = '\n';
    if (fwrite(pre, 1, sizeof pre, f) != sizeof pre || fwrite(header, 1, hlen, f) != hlen)
        return err_set_msg(err, MSG_FILE_CANNOT_WRITE, strerror(errno));
    unsigned char *row = malloc((size_t)m->cols * 4 + 1);
    if (!row)
        return err_set_msg(err, MSG_OUT_OF_MEMORY);
    for (int i = 0; i < m->rows; i++) {
        const float *src = mat_row(m, i);
        for (int j = 0; j < m->cols; j++) {
            uint32_t u;
            memcpy(&u, &src[j], sizeof u);
            for (int b = 0; b < 4; b++)
                row[4 * j + b] = (unsigned char)(u >> (8 * b));
        }
        if (fwrite(row, 4, (size_t)m->cols, f) != (size_t)m->cols) {
            free(row);
            return err_set_msg(err, MSG_FILE_CANNOT_WRITE, strerror(errno));
        }
    }
    free(row);
    return true;
}

bool npy_write(const char *path, const Matrix *m, NpyShape shape, Error *err) {
    size_t plen = strlen(path);
    char *tmp = malloc(plen + 16);
    if (!tmp)
        return err_set_msg(err, MSG_OUT_OF_MEMORY);
    memcpy(tmp, path, plen);
    memcpy(tmp + plen, ".tmp-XXXXXX", 12);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int e = errno;
        free(tmp);
        return err_set_msg(err, MSG_FILE_CANNOT_CREATE_TEMP, strerror(e));
    }
    /* mkstemp makes the file 0600; give it the mode open() would */
    mode_t mask = umask(0);
    umask(mask);
    FILE *f = NULL;
    bool ok = fchmod(fd, 0666 & ~mask) == 0 ||
              err_set_msg(err, MSG_FILE_CANNOT_CHMOD, strerror(errno));
    if (ok && !(f = fdopen(fd, "wb")))
        ok = err_set_msg(err, MSG_FILE_CANNOT_WRITE, strerror(errno));
    ok = ok && npy_write_stream(f, m, shape, err);
    if (ok && fflush(f) != 0)
        ok = err_set_msg(err, MSG_FILE_CANNOT_WRITE, strerror(errno));
    if (f ? fclose(f) != 0 : close(fd) != 0)
        ok = ok && err_set_msg(err, MSG_FILE_CANNOT_WRITE, strerror(errno));
    if (ok && rename(tmp, path) != 0)
        ok = err_set_msg(err, MSG_FILE_CANNOT_RENAME, strerror(errno));
    if (!ok)
        unlink(tmp);
    free(tmp);
    return ok;
}
