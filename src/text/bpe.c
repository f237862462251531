/* bpe.c - GPT-2's byte-level BPE tokenizer (see bpe.h).
 *
 * Tokens are handled by id throughout: a merge is looked up by the pair of
 * ids it joins and gives the id of the result, so merging never builds or
 * compares strings. This is the same as GPT-2's string-based algorithm
 * because vocab.json maps texts to ids one to one.
 */
#include "text/bpe.h"

#include <cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "text/pretokenize.h"
#include "text/unicode_class.h"
#include "util/escape.h"
#include "util/json_file.h"
#include "util/utf8.h"

struct BpeMerge {
    int left, right; /* left == -1: an empty slot */
    int rank, id;
};

/* --- GPT-2's byte-to-unicode table ------------------------------------------- */

/* Bytes that stand for themselves: printable ASCII and Latin-1 except the
 * soft hyphen. The others take U+0100, U+0101, ... in byte order. */
static bool byte_is_printable(int b) { return (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174); }

#define BYTE_CHARS_END 0x144 /* one past the largest code point in the table */

static void byte_table(unsigned cp_of[256], int byte_of[BYTE_CHARS_END]) {
    unsigned next = 256;
    for (int c = 0; c < BYTE_CHARS_END; c++)
        byte_of[c] = -1;
    for (int b = 0; b < 256; b++) {
        cp_of[b] = byte_is_printable(b) ? (unsigned)b : next++;
        byte_of[cp_of[b]] = b;
    }
}

/* --- hash tables ---------------------------------------------------------------- */

static uint64_t hash_text(const char *s) {
    uint64_t h = 14695981039346656037ULL; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static uint64_t hash_pair(int a, int b) {
    uint64_t h = ((uint64_t)(unsigned)a << 32 | (unsigned)b) * 0x9E3779B97F4A7C15ULL;
    return h ^ h >> 29;
}

static size_t table_size(size_t n) {
    size_t cap = 16;
    while (cap < 2 * n)
        cap *= 2;
    return cap;
}

/* The id of token text `s`, or -1. */
static int find_text(const Bpe *b, const char *s) {
    if (!b->text_cap)
        return -1;
    for (size_t i = hash_text(s) & (b->text_cap - 1);; i = (i + 1) & (b->text_cap - 1)) {
        int id = b->text_slots[i];
        if (id < 0 || strcmp(b->tokens[id].text, s) == 0)
            return id;
    }
}

static void insert_text(Bpe *b, int id) {
    size_t i = hash_text(b->tokens[id].text) & (b->text_cap - 1);
    while (b->text_slots[i] >= 0)
        i = (i + 1) & (b->text_cap - 1);
    b->text_slots[i] = id;
}

/* The merge of ids (l, r), or NULL. */
static const BpeMerge *find_merge(const Bpe *b, int l, int r) {
    for (size_t i = hash_pair(l, r) & (b->merge_cap - 1);; i = (i + 1) & (b->merge_cap - 1)) {
        const BpeMerge *m = &b->merges[i];
        if (m->left < 0)
            return NULL;
        if (m->left == l && m->right == r)
            return m;
    }
}

/* --- files ---------------------------------------------------------------------- */

/* The whole regular file at `path`, NUL-terminated, in *text. */
static bool read_whole(const char *path, char **text, size_t *len, Error *err) {
    *text = NULL;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return err_set_msg_in(err, path, MSG_FILE_CANNOT_OPEN, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > BPE_MAX_FILE) {
        bool reg = S_ISREG(st.st_mode);
        close(fd);
        return reg ? err_set_msg_in(err, path, MSG_BPE_FILE_LARGE, BPE_MAX_FILE)
                   : err_set_msg_in(err, path, MSG_FILE_NOT_REGULAR);
    }
    size_t n = (size_t)st.st_size, got = 0;
    char *buf = malloc(n + 1);
    if (!buf) {
        close(fd);
        return err_set_msg_in(err, path, MSG_OUT_OF_MEMORY);
    }
    while (got < n) {
        ssize_t k = read(fd, buf + got, n - got);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            int e = errno;
            close(fd), free(buf);
            return k < 0 ? err_set_msg_in(err, path, MSG_FILE_CANNOT_READ, strerror(e))
                         : err_set_msg_in(err, path, MSG_FILE_SHRANK);
        }
        got += (size_t)k;
    }
    close(fd);
    buf[n] = '\0';
    *text = buf, *len = n;
    return true;
}

/* --- vocab.json ------------------------------------------------------------------- */

/* The bytes token `t` stands for: one byte per character when every
 * character is in the byte table; otherwise it is a special token and
 * stands for its own UTF-8 text. */
static bool token_bytes(BpeToken *t, const int byte_of[BYTE_CHARS_END]) {
    size_t len = strlen(t->text);
    t->bytes = malloc(len + 1);
    if (!t->bytes)
        return false;
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        unsigned cp;
        int k = utf8_decode(t->text + i, len - i, &cp);
        if (k <= 0 || cp >= BYTE_CHARS_END || byte_of[cp] < 0) {
            t->special = true;
            memcpy(t->bytes, t->text, len);
            t->nbytes = len;
            return true;
        }
        t->bytes[n++] = (unsigned char)byte_of[cp];
        i += (size_t)k;
    }
    t->nbytes = n;
    return true;
}

/* a token of vocab.json as a message quotes it: as JSON, escaped */
static void token_shown(const char *text, char *out, size_t cap) {
    cJSON *s = cJSON_CreateString(text);
    json_file_shown(NULL, s, out, cap);
    cJSON_Delete(s);
}

static bool load_vocab(Bpe *b, const char *path, Error *err) {
    JsonFile f;
    if (!json_file_read(&f, path, BPE_MAX_FILE, err))
        return false;
    const cJSON *root = f.root;
    bool ok = cJSON_IsObject(root) || err_set_msg_in(err, path, MSG_BPE_NOT_OBJECT);
    int max_id = -1, count = 0;
    char shown[96], value[64];
    for (const cJSON *e = ok ? root->child : NULL; ok && e; e = e->next, count++) {
        double v = cJSON_IsNumber(e) ? e->valuedouble : -1;
        if (!(v >= 0 && v <= BPE_MAX_ID && v == floor(v))) {
            token_shown(e->string, shown, sizeof shown);
            json_file_shown(&f, e, value, sizeof value);
            ok = json_file_error_at(&f, e, err, MSG_BPE_ID, shown, BPE_MAX_ID, value);
        } else if ((int)v > max_id) {
            max_id = (int)v;
        }
    }
    if (ok) {
        b->n_vocab = max_id + 1;
        b->tokens = calloc((size_t)b->n_vocab + 1, sizeof *b->tokens);
        b->text_cap = table_size((size_t)count);
        b->text_slots = malloc(b->text_cap * sizeof *b->text_slots);
        if (!b->tokens || !b->text_slots)
            ok = err_set_msg_in(err, path, MSG_OUT_OF_MEMORY);
        for (size_t i = 0; ok && i < b->text_cap; i++)
            b->text_slots[i] = -1;
    }
    unsigned cp_of[256];
    int byte_of[BYTE_CHARS_END];
    byte_table(cp_of, byte_of);
    for (const cJSON *e = ok ? root->child : NULL; ok && e; e = e->next) {
        int id = (int)e->valuedouble;
        size_t bad, klen = strlen(e->string);
        token_shown(e->string, shown, sizeof shown);
        if (!utf8_valid(e->string, klen, &bad))
            ok = json_file_error_at(&f, e, err, MSG_BPE_TOKEN_UTF8, shown, id, bad);
        else if (klen == 0)
            ok = json_file_error_at(&f, e, err, MSG_BPE_TOKEN_EMPTY, id);
        else if (b->tokens[id].text) {
            char other[96];
            token_shown(b->tokens[id].text, other, sizeof other);
            ok = json_file_error_at(&f, e, err, MSG_BPE_ID_TWICE, id, other, shown);
        } else if (!(b->tokens[id].text = strdup(e->string)) || !token_bytes(&b->tokens[id], byte_of))
            ok = err_set_msg_in(err, path, MSG_OUT_OF_MEMORY);
        else
            insert_text(b, id); /* a token given twice is a key given twice: json_file_read refused it */
    }
    for (int c = 0; ok && c < 256; c++) {
        char one[8] = {0};
        unsigned cp = cp_of[c];
        /* the byte's character, in UTF-8 (all are below U+0800) */
        if (cp < 0x80)
            one[0] = (char)cp;
        else
            one[0] = (char)(0xC0 | cp >> 6), one[1] = (char)(0x80 | (cp & 0x3F));
        b->byte_id[c] = find_text(b, one);
        if (b->byte_id[c] < 0)
            ok = err_set_msg_in(err, path, MSG_BPE_NO_BYTE, c, one);
    }
    json_file_free(&f);
    return ok;
}

/* --- merges.txt ----------------------------------------------------------------- */

/* a message about line `line` of merges.txt: "path:line: ..." */
static bool line_error(Error *err, const char *path, int line, MsgId id, ...) {
    va_list ap;
    va_start(ap, id);
    err_vset_msg(err, id, ap);
    va_end(ap);
    char *at = malloc(strlen(path) + 16);
    if (at) {
        sprintf(at, "%s:%d", path, line);
        err_prefix(err, at);
    }
    free(at);
    return false;
}

static bool add_merge(Bpe *b, const char *path, int line, char *a, char *c, Error *err) {
    int l = find_text(b, a), r = find_text(b, c);
    if (l < 0 || r < 0)
        return line_error(err, path, line, MSG_BPE_NOT_TOKEN, l < 0 ? a : c);
    size_t la = strlen(a), lc = strlen(c);
    char *joined = malloc(la + lc + 1);
    if (!joined)
        return err_set_msg_in(err, path, MSG_OUT_OF_MEMORY);
    memcpy(joined, a, la);
    memcpy(joined + la, c, lc + 1);
    int id = find_text(b, joined);
    bool ok = id >= 0 || line_error(err, path, line, MSG_BPE_MERGE_NOT_TOKEN, a, c, joined);
    free(joined);
    if (!ok)
        return false;
    size_t i = hash_pair(l, r) & (b->merge_cap - 1);
    for (; b->merges[i].left >= 0; i = (i + 1) & (b->merge_cap - 1))
        if (b->merges[i].left == l && b->merges[i].right == r)
            return line_error(err, path, line, MSG_BPE_MERGE_TWICE, a, c);
    b->merges[i] = (BpeMerge){.left = l, .right = r, .rank = b->n_merges++, .id = id};
    return true;
}

/* the end of the line starting at p (at most `end`): before its LF,
 * CRLF or CR; *next is where the next line starts */
static char *line_end(char *p, char *end, char **next) {
    char *q = p;
    while (q < end && *q != '\n' && *q != '\r')
        q++;
    *next = q < end && *q == '\r' && q + 1 < end && q[1] == '\n' ? q + 2 : q < end ? q + 1 : end;
    return q;
}

static bool load_merges(Bpe *b, const char *path, Error *err) {
    char *text = NULL;
    size_t len = 0;
    if (!read_whole(path, &text, &len, err))
        return false;
    size_t bad;
    if (!utf8_valid(text, len, &bad)) {
        free(text);
        return err_set_msg_in(err, path, MSG_BPE_UTF8, bad);
    }
    /* lines end with LF, CRLF or CR (an old Mac editor's); a UTF-8 byte
     * order mark, as Windows editors write, is skipped */
    size_t lines = 1, skip = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    for (size_t i = 0; i < len; i++)
        lines += text[i] == '\n' || text[i] == '\r';
    b->merge_cap = table_size(lines);
    b->merges = malloc(b->merge_cap * sizeof *b->merges);
    if (!b->merges) {
        free(text);
        return err_set_msg_in(err, path, MSG_OUT_OF_MEMORY);
    }
    for (size_t i = 0; i < b->merge_cap; i++)
        b->merges[i].left = -1;
    bool ok = true;
    int line = 0;
    for (char *p = text + skip, *next; ok && p < text + len; p = next) {
        char *eol = line_end(p, text + len, &next);
        *eol = '\0';
        line++;
        size_t n = strlen(p);
        if (n != (size_t)(eol - p))
            ok = line_error(err, path, line, MSG_BPE_NUL);
        if (!ok || n == 0 || (line == 1 && strncmp(p, "#version", 8) == 0))
            continue;
        char *space = strchr(p, ' ');
        if (!space || space == p || space[1] == '\0' || strchr(space + 1, ' '))
            ok = line_error(err, path, line, MSG_BPE_MERGE_LINE, p);
        else {
            *space = '\0';
            ok = add_merge(b, path, line, p, space + 1, err);
        }
    }
    free(text);
    return ok;
}

/* --- the public functions ---------------------------------------------------------- */

void bpe_free(Bpe *b) {
    for (int i = 0; b->tokens && i < b->n_vocab; i++)
        free(b->tokens[i].text), free(b->tokens[i].bytes);
    free(b->tokens);
    free(b->text_slots);
    free(b->merges);
    *b = (Bpe){0};
}

bool bpe_load(Bpe *b, const char *vocab_path, const char *merges_path, Error *err) {
    *b = (Bpe){0};
    if (!load_vocab(b, vocab_path, err) || !load_merges(b, merges_path, err)) {
        bpe_free(b);
        return false;
    }
    return true;
}

/* The ids of one piece, appended to out[*n]; `syms` has room for the
 * piece's bytes. */
static void encode_piece(const Bpe *b, const unsigned char *piece, size_t m, int *syms, int *out, int *n) {
    size_t count = m;
    for (size_t i = 0; i < m; i++)
        syms[i] = b->byte_id[piece[i]];
    while (count > 1) {
        const BpeMerge *best = NULL;
        for (size_t i = 0; i + 1 < count; i++) {
            const BpeMerge *mg = find_merge(b, syms[i], syms[i + 1]);
            if (mg && (!best || mg->rank < best->rank))
                best = mg;
        }
        if (!best)
            break;
        /* join every occurrence, left to right */
        size_t w = 0;
        for (size_t i = 0; i < count;) {
            if (i + 1 < count && syms[i] == best->left && syms[i + 1] == best->right)
                syms[w++] = best->id, i += 2;
            else
                syms[w++] = syms[i++];
        }
        count = w;
    }
    memcpy(out + *n, syms, count * sizeof *syms);
    *n += (int)count;
}

bool bpe_encode(const Bpe *b, const char *text, size_t len, int **ids, int *n, Error *err) {
    *ids = NULL, *n = 0;
    size_t bad;
    if (len > (size_t)BPE_MAX_TEXT)
        return err_set_msg(err, MSG_BPE_TEXT_LONG, len, BPE_MAX_TEXT);
    if (!utf8_valid(text, len, &bad))
        return err_set_msg(err, MSG_BPE_TEXT_UTF8, (unsigned char)text[bad], bad);
    if (len == 0)
        return true;
    /* never more ids than bytes */
    int *out = malloc(len * sizeof *out), *syms = malloc(len * sizeof *syms);
    if (!out || !syms) {
        free(out), free(syms);
        return err_set_msg(err, MSG_BPE_TEXT_MEMORY, len);
    }
    for (size_t pos = 0; pos < len;) {
        size_t k = pretok_next(text, len, pos);
        encode_piece(b, (const unsigned char *)text + pos, k, syms, out, n);
        pos += k;
    }
    free(syms);
    *ids = out;
    return true;
}

bool bpe_decode(const Bpe *b, const int *ids, int n, char **text, size_t *len, Error *err) {
    *text = NULL;
    size_t total = 0;
    for (int i = 0; i < n; i++) {
        if (ids[i] < 0 || ids[i] >= b->n_vocab || !b->tokens[ids[i]].text)
            return err_set_msg(err, MSG_BPE_NO_ID, ids[i]);
        total += b->tokens[ids[i]].nbytes;
    }
    char *out = malloc(total + 1);
    if (!out)
        return err_set_msg(err, MSG_OUT_OF_MEMORY);
    size_t at = 0;
    for (int i = 0; i < n; i++) {
        memcpy(out + at, b->tokens[ids[i]].bytes, b->tokens[ids[i]].nbytes);
        at += b->tokens[ids[i]].nbytes;
    }
    out[at] = '\0';
    *text = out;
    if (len)
        *len = at;
    return true;
}

/* A character a learner would not see, or one a terminal would act on:
 * C0 and C1 controls, DEL, the bidirectional controls (esc_hidden), white
 * space other than the plain space, and the zero-width characters. */
static bool invisible(unsigned cp) {
    return esc_hidden(cp) || (cp > 0x7F && uc_is_space(cp)) ||
           (cp >= 0x200B && cp <= 0x200F) || cp == 0x2060 || cp == 0x00AD;
}

size_t bpe_display(const unsigned char *bytes, size_t n, char *out, size_t cap) {
    size_t w = 0;
    if (cap == 0)
        return 0;
    for (size_t i = 0; i < n;) {
        char piece[16];
        const char *s = piece;
        size_t plen;
        unsigned cp;
        int k = utf8_decode((const char *)bytes + i, n - i, &cp);
        if (k <= 0) {
            plen = (size_t)snprintf(piece, sizeof piece, "<0x%02X>", bytes[i]);
            k = 1;
        } else if (cp == ' ' || cp == '\n' || cp == '\t') {
            s = cp == ' ' ? "\u2423" : cp == '\n' ? "\u21b5" : "\u21e5";
            plen = strlen(s);
        } else if (invisible(cp)) {
            plen = (size_t)snprintf(piece, sizeof piece, cp < 0x80 ? "<0x%02X>" : "<U+%04X>", cp);
        } else {
            s = (const char *)bytes + i;
            plen = (size_t)k;
        }
        if (w + plen + 1 > cap)
            break;
        memcpy(out + w, s, plen);
        w += plen;
        i += (size_t)k;
    }
    out[w] = '\0';
    return w;
}

size_t bpe_token_display(const Bpe *b, int id, char *out, size_t cap) {
    if (id < 0 || id >= b->n_vocab || !b->tokens[id].text)
        return bpe_display((const unsigned char *)"<unk>", 5, out, cap);
    const BpeToken *t = &b->tokens[id];
    return bpe_display(t->bytes, t->nbytes, out, cap);
}

/* --- a token of a text: the characters its bytes belong to ------------------- */

static bool usable(const Bpe *b, int id) { return id >= 0 && id < b->n_vocab && b->tokens[id].text; }

/* The bytes of token i with up to 3 of the text's bytes on either side
 * (a character is at most 4 bytes), and the token each byte is of; a
 * special or unknown token is a wall no character crosses. */
typedef struct Around {
    unsigned char *bytes;
    int *owner;
    size_t len, s, e; /* token i is bytes[s .. e) */
} Around;

static bool around_of(const Bpe *b, const int *ids, int n, int i, Around *a) {
    const BpeToken *tok = &b->tokens[ids[i]];
    size_t cap = tok->nbytes + 6;
    a->bytes = malloc(cap);
    a->owner = malloc(cap * sizeof *a->owner);
    if (!a->bytes || !a->owner)
        return false;
    unsigned char before[3];
    int before_owner[3], nb = 0;
    for (int t = i - 1; t >= 0 && nb < 3 && usable(b, ids[t]) && !b->tokens[ids[t]].special; t--)
        for (size_t k = b->tokens[ids[t]].nbytes; k > 0 && nb < 3; k--)
            before[nb] = b->tokens[ids[t]].bytes[k - 1], before_owner[nb++] = t;
    a->len = 0;
    while (nb > 0)
        nb--, a->bytes[a->len] = before[nb], a->owner[a->len++] = before_owner[nb];
    a->s = a->len;
    for (size_t k = 0; k < tok->nbytes; k++)
        a->bytes[a->len] = tok->bytes[k], a->owner[a->len++] = i;
    a->e = a->len;
    for (int t = i + 1; t < n && a->len < a->e + 3 && usable(b, ids[t]) && !b->tokens[ids[t]].special; t++)
        for (size_t k = 0; k < b->tokens[ids[t]].nbytes && a->len < a->e + 3; k++)
            a->bytes[a->len] = b->tokens[ids[t]].bytes[k], a->owner[a->len++] = t;
    return true;
}

size_t bpe_text_token_display(const Bpe *b, const int *ids, int n, int i, char *out, size_t cap) {
    Around a = {0};
    if (i < 0 || i >= n || !usable(b, ids[i]) || b->tokens[ids[i]].special || !around_of(b, ids, n, i, &a)) {
        free(a.bytes), free(a.owner);
        return bpe_token_display(b, i >= 0 && i < n ? ids[i] : -1, out, cap);
    }
    /* back to the start of the character the token's first byte is of */
    size_t pos = a.s;
    unsigned cp;
    for (size_t p = a.s; p > 0 && a.s - p < 3 && (a.bytes[p] & 0xC0) == 0x80;) {
        p--;
        int k = utf8_decode((const char *)a.bytes + p, a.len - p, &cp);
        if (k > 0 && p + (size_t)k > a.s) {
            pos = p;
            break;
        }
    }
    size_t w = 0;
    while (cap > 0 && pos < a.e) {
        int k = utf8_decode((const char *)a.bytes + pos, a.len - pos, &cp);
        size_t len = k > 0 ? (size_t)k : 1;
        char piece[64];
        size_t plen = bpe_display(a.bytes + pos, len, piece, sizeof piece);
        if (k > 0 && (pos < a.s || pos + len > a.e)) {
            /* a character of several tokens: which of them this one is */
            int first = a.owner[pos], last = a.owner[pos + len - 1];
            plen += (size_t)snprintf(piece + plen, sizeof piece - plen, "(%d/%d)", i - first + 1, last - first + 1);
        }
        if (w + plen + 1 > cap)
            break;
        memcpy(out + w, piece, plen);
        w += plen;
        pos += len;
    }
    if (cap > 0)
        out[w] = '\0';
    free(a.bytes), free(a.owner);
    return w;
}
