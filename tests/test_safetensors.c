/* test_safetensors.c - the safetensors reader: GPT-2-shaped checkpoints
 * written by tests/make_gpt2_checkpoint.py (F32, F16, BF16) read back value
 * for value, every F16 and BF16 bit pattern against NumPy, and every
 * malformed file refused with its message. */
#include <criterion/criterion.h>
#include <cJSON.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/npy.h"
#include "io/safetensors.h"
#include "support.h"

static char *path_in(const char *dir, const char *name) {
    char *p = malloc(strlen(dir) + strlen(name) + 2);
    sprintf(p, "%s/%s", dir, name);
    return p;
}

static uint32_t bits_of(float v) {
    uint32_t u;
    memcpy(&u, &v, sizeof u);
    return u;
}

/* Run tests/make_gpt2_checkpoint.py with `args` into `dir`. */
static void make_checkpoint(const char *dir, const char *args) {
    const char *py = getenv("ATTNSTEP_PYTHON");
    char *script = source_path("tests/make_gpt2_checkpoint.py");
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "'%s' '%s' '%s' %s", py && *py ? py : "python3", script, dir, args);
    RunResult r = run_shell(cmd);
    cr_assert_eq(r.status, 0, "%s failed:\n%s", cmd, r.err);
    run_free(&r);
    free(script);
}

/* The matrix `name` of `f` equals expected/NAME.npy bit for bit (NaNs:
 * both NaN with the same sign and payload, ignoring the quiet bit, which
 * hardware conversions may set). */
static void expect_tensor(const StFile *f, const char *dir, const char *name) {
    char rel[512];
    snprintf(rel, sizeof rel, "expected/%s.npy", name);
    char *p = path_in(dir, rel);
    Matrix want, got;
    Error err;
    cr_assert(npy_read(p, &want, NULL, &err), "%s: %s", p, err.msg);
    cr_assert(st_get(f, name, &got, &err), "%s", err.msg);
    cr_assert(mat_same_shape(&got, &want), "%s: %dx%d, expected %dx%d", name, got.rows, got.cols,
              want.rows, want.cols);
    int bad = 0;
    for (int i = 0; i < got.rows; i++)
        for (int j = 0; j < got.cols; j++) {
            uint32_t g = bits_of(mat_get(&got, i, j)), w = bits_of(mat_get(&want, i, j));
            bool same = isnan(mat_get(&want, i, j)) ? isnan(mat_get(&got, i, j)) &&
                                                          (g & ~0x400000u) == (w & ~0x400000u)
                                                    : g == w;
            if (!same && bad++ < 5)
                cr_expect(same, "%s (%d, %d): got %08x (%g), expected %08x (%g)", name, i, j, g,
                          (double)mat_get(&got, i, j), w, (double)mat_get(&want, i, j));
        }
    cr_expect_eq(bad, 0, "%s: %d values differ", name, bad);
    mat_free(&want), mat_free(&got);
    free(p);
}

static void check_checkpoint(const char *dtype, bool prefix) {
    char *dir = temp_dir();
    char args[128];
    snprintf(args, sizeof args, "--dtype %s --seed 7%s", dtype, prefix ? " --prefix" : "");
    make_checkpoint(dir, args);
    char *model = path_in(dir, "model.safetensors"), *man = path_in(dir, "manifest.json");
    StFile f;
    Error err;
    cr_assert(st_open(&f, model, &err), "%s", err.msg);
    cr_expect_str_eq(st_metadata(&f, "format"), "pt");
    cr_expect_null(st_metadata(&f, "absent"));

    char *text = read_file(man);
    cJSON *list = cJSON_Parse(text);
    cr_assert(cJSON_IsArray(list));
    cr_expect_eq(f.count, cJSON_GetArraySize(list));
    cr_expect_eq(f.count, 2 + 2 * 13 + 2, "wte, wpe, 13 per layer, ln_f");
    for (const cJSON *e = list->child; e; e = e->next) {
        const char *name = cJSON_GetObjectItem(e, "name")->valuestring;
        const StTensor *t = st_find(&f, name);
        cr_assert_not_null(t, "%s missing", name);
        cr_expect_str_eq(t->dtype, dtype);
        const cJSON *shape = cJSON_GetObjectItem(e, "shape");
        cr_assert_eq(t->ndim, cJSON_GetArraySize(shape), "%s", name);
        int k = 0;
        for (const cJSON *d = shape->child; d; d = d->next, k++)
            cr_expect_eq(t->shape[k], (int64_t)d->valuedouble, "%s dim %d", name, k);
        expect_tensor(&f, dir, name);
    }
    /* the listing is in file order, the ranges one after the other */
    for (int i = 1; i < f.count; i++)
        cr_expect_eq(f.tensors[i].begin, f.tensors[i - 1].end);
    /* the 4-D mask buffer (1, 1, 16, 16) reads as 16 x 16 */
    Matrix m;
    cr_assert(st_get(&f, prefix ? "transformer.h.1.attn.bias" : "h.1.attn.bias", &m, &err), "%s",
              err.msg);
    cr_expect(m.rows == 16 && m.cols == 16 && mat_get(&m, 0, 1) == 0 && mat_get(&m, 1, 0) == 1);
    mat_free(&m);
    cJSON_Delete(list);
    free(text);
    st_close(&f);
    st_close(&f); /* twice is harmless */
    remove_tree(dir);
    free(dir), free(model), free(man);
}

Test(safetensors, gpt2_checkpoint_f32) { check_checkpoint("F32", false); }
Test(safetensors, gpt2_checkpoint_f16) { check_checkpoint("F16", false); }
Test(safetensors, gpt2_checkpoint_bf16) { check_checkpoint("BF16", false); }
Test(safetensors, gpt2_checkpoint_with_transformer_prefix) { check_checkpoint("F16", true); }

Test(safetensors, every_f16_and_bf16_pattern_as_numpy_converts_it) {
    char *dir = temp_dir();
    make_checkpoint(dir, "--all-halves");
    char *p = path_in(dir, "halves.safetensors");
    StFile f;
    Error err;
    cr_assert(st_open(&f, p, &err), "%s", err.msg);
    expect_tensor(&f, dir, "f16");
    expect_tensor(&f, dir, "bf16");
    st_close(&f);
    remove_tree(dir);
    free(dir), free(p);
}

/* Values worked out by hand from the bit layouts. */
Test(safetensors, half_conversions_by_hand) {
    cr_expect_eq(st_f16_to_f32(0x3c00), 1.0f);
    cr_expect_eq(st_f16_to_f32(0xc000), -2.0f);
    cr_expect_eq(st_f16_to_f32(0x3555), 0x1.554p-2f);       /* 1.0101010101b * 2^-2 */
    cr_expect_eq(st_f16_to_f32(0x7bff), 65504.0f);          /* largest half */
    cr_expect_eq(st_f16_to_f32(0x0400), 0x1p-14f);          /* smallest normal */
    cr_expect_eq(st_f16_to_f32(0x0001), 0x1p-24f);          /* smallest subnormal */
    cr_expect_eq(st_f16_to_f32(0x03ff), 1023 * 0x1p-24f);   /* largest subnormal */
    cr_expect_eq(st_f16_to_f32(0x8200), -0x1p-15f);         /* a negative subnormal */
    cr_expect_eq(bits_of(st_f16_to_f32(0x8000)), 0x80000000u); /* -0 */
    cr_expect_eq(st_f16_to_f32(0x7c00), INFINITY);
    cr_expect_eq(st_f16_to_f32(0xfc00), -INFINITY);
    cr_expect_eq(bits_of(st_f16_to_f32(0x7e01)), 0x7fc02000u); /* NaN, payload kept */
    cr_expect_eq(bits_of(st_f16_to_f32(0x7c01)), 0x7f802000u); /* signalling NaN kept as is */
    cr_expect_eq(st_bf16_to_f32(0x3f80), 1.0f);
    cr_expect_eq(st_bf16_to_f32(0xc0a0), -5.0f);
    cr_expect_eq(st_bf16_to_f32(0x0001), 0x1p-133f); /* smallest bf16 subnormal */
    cr_expect_eq(st_bf16_to_f32(0xff80), -INFINITY);
    cr_expect_eq(bits_of(st_bf16_to_f32(0x7fc1)), 0x7fc10000u);
}

/* --- small files built here --------------------------------------------------- */

typedef struct Built {
    char *dir, *path;
} Built;

/* A file: the 8-byte length `hlen` (the header's own length when
 * hlen is -1; other negative values wrap around to huge lengths), the header text (hbytes of it; strlen when hbytes < 0), then
 * `n` data bytes (zeros when data is NULL). */
static Built build_raw(long long hlen, const char *header, long hbytes, const void *data, size_t n) {
    Built b = {.dir = temp_dir()};
    b.path = path_in(b.dir, "model.safetensors");
    FILE *f = fopen(b.path, "wb");
    cr_assert(f);
    size_t len = hbytes < 0 ? strlen(header) : (size_t)hbytes;
    uint64_t l = hlen == -1 ? len : (uint64_t)hlen;
    unsigned char pre[8];
    for (int i = 0; i < 8; i++)
        pre[i] = (unsigned char)(l >> (8 * i));
    cr_assert_eq(fwrite(pre, 1, 8, f), 8);
    cr_assert_eq(fwrite(header, 1, len, f), len);
    for (size_t i = 0; i < n; i++)
        fputc(data ? ((const unsigned char *)data)[i] : 0, f);
    cr_assert_eq(fclose(f), 0);
    return b;
}

static Built build(const char *header, size_t data_bytes) { return build_raw(-1, header, -1, NULL, data_bytes); }

static void built_free(Built *b) {
    remove_tree(b->dir);
    free(b->dir), free(b->path);
}

/* Opening `path` fails with "path: " + a message containing `want`, and
 * leaves the StFile empty. */
static void expect_open_fails(const char *path, const char *want) {
    StFile f;
    Error err;
    memset(&f, 0x55, sizeof f);
    cr_assert_not(st_open(&f, path, &err), "opened, expected: %s", want);
    size_t pl = strlen(path);
    cr_expect(strncmp(err.msg, path, pl) == 0 && strncmp(err.msg + pl, ": ", 2) == 0,
              "no path in front: %s", err.msg);
    cr_expect(strstr(err.msg, want), "message:  %s\nexpected: ...%s...", err.msg, want);
    /* every refusal has its Chinese text, with the same path in front */
    cr_expect(strncmp(err.msg_zh, path, pl) == 0 && strncmp(err.msg_zh + pl, "：", strlen("：")) == 0,
              "no Chinese, or no path in front: %s", err.msg_zh);
    cr_expect(f.bytes == NULL && f.tensors == NULL && f.count == 0 && f.path == NULL);
    st_close(&f);
}

static void refused(const char *header, size_t data_bytes, const char *want) {
    Built b = build(header, data_bytes);
    expect_open_fails(b.path, want);
    built_free(&b);
}

#define T(name, dtype, shape, b, e) "\"" name "\":{\"dtype\":\"" dtype "\",\"shape\":" shape ",\"data_offsets\":[" #b "," #e "]}"

Test(safetensors_bad, empty_file) {
    Built b = build_raw(0, "", 0, NULL, 0);
    cr_assert_eq(truncate(b.path, 0), 0);
    expect_open_fails(b.path, "the file is empty");
    built_free(&b);
}

Test(safetensors_bad, shorter_than_the_length_field) {
    Built b = build_raw(0, "", 0, NULL, 0);
    cr_assert_eq(truncate(b.path, 5), 0);
    expect_open_fails(b.path, "truncated: a safetensors file starts with an 8-byte header length, "
                              "but the file has 5 bytes");
    built_free(&b);
}

Test(safetensors_bad, header_length_past_the_file) {
    Built b = build_raw(1000, "{}", -1, NULL, 8);
    expect_open_fails(b.path, "the header length is 1000 bytes, but only 10 bytes follow it");
    built_free(&b);
    b = build_raw(-2, "{}", -1, NULL, 0); /* 2^64 - 2 */
    expect_open_fails(b.path, "the header length is 18446744073709551614 bytes, but only 2");
    built_free(&b);
}

Test(safetensors_bad, header_over_the_limit) {
    size_t n = (size_t)ST_MAX_HEADER + 1;
    char *h = malloc(n);
    memset(h, ' ', n);
    memcpy(h, "{}", 2);
    Built b = build_raw(-1, h, (long)n, NULL, 0);
    expect_open_fails(b.path, "the header is 16777217 bytes long, more than the 16777216 accepted");
    built_free(&b);
    free(h);
}

Test(safetensors_bad, not_json) {
    refused("PK\x03\x04", 0, "the header does not start with '{' (not a safetensors file?)");
    refused("{\"a\":", 0, "the header is not valid JSON (near byte 5 of 5)");
    refused("{'a': 1}", 0, "the header is not valid JSON");
    refused("{} x", 0, "unexpected text after the header's JSON object (at byte 3)");
    Built b = build_raw(-1, "{\"a\0\":1}", 8, NULL, 0);
    expect_open_fails(b.path, "the header has a NUL byte at offset 3");
    built_free(&b);
    refused("{\"a\\u0000b\":1}", 0, "the header has a \\u0000 escape (a NUL character) at offset 3");
}

Test(safetensors_bad, entry_not_an_object) {
    refused("{\"w\":[1,2]}", 0, "tensor 'w': expected an object {\"dtype\", \"shape\", "
                                "\"data_offsets\"}, found [1,2]");
}

Test(safetensors_bad, entry_keys) {
    refused("{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", 4, "tensor 'w': the key \"data_offsets\" is missing");
    refused("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"dtyp\":1}}", 4,
            "tensor 'w': unknown key \"dtyp\"");
    refused("{\"w\":{\"dtype\":\"F32\",\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4,
            "tensor 'w': \"dtype\" appears twice");
}

Test(safetensors_bad, dtypes) {
    refused("{" T("w", "F33", "[1]", 0, 4) "}", 4, "tensor 'w': unknown dtype \"F33\"");
    refused("{\"w\":{\"dtype\":32,\"shape\":[1],\"data_offsets\":[0,4]}}", 4, "unknown dtype 32");
}

Test(safetensors_bad, shapes) {
    refused("{" T("w", "F32", "[-1,2]", 0, 4) "}", 4,
            "tensor 'w': \"shape\" must be a list of non-negative integers, found [-1,2]");
    refused("{" T("w", "F32", "[1.5]", 0, 4) "}", 4, "non-negative integers, found [1.5]");
    refused("{" T("w", "F32", "[\"2\"]", 0, 8) "}", 8, "non-negative integers, found [\"2\"]");
    refused("{" T("w", "F32", "4", 0, 16) "}", 16, "non-negative integers, found 4");
    refused("{" T("w", "F32", "[1,1,1,1,1,1,1,1,1]", 0, 4) "}", 4, "has more than 8 dimensions");
    refused("{" T("w", "F32", "[1e300]", 0, 4) "}", 4, "has a dimension over 2^53");
    refused("{" T("w", "F32", "[9007199254740992,9007199254740992]", 0, 4) "}", 4,
            "shape [9007199254740992, 9007199254740992] is absurdly large (more than 2^64 bytes)");
}

Test(safetensors_bad, shape_disagrees_with_the_byte_range) {
    refused("{" T("w", "F32", "[2,3]", 0, 20) "}", 20,
            "tensor 'w': shape [2, 3] of F32 needs 24 bytes, but data_offsets [0, 20] hold 20");
    refused("{" T("w", "BF16", "[4]", 0, 16) "}", 16, "shape [4] of BF16 needs 8 bytes");
}

Test(safetensors_bad, offsets_not_integers) {
    refused("{" T("w", "F32", "[1]", 0, 4.5) "}", 8,
            "tensor 'w': \"data_offsets\" must be two non-negative integers [begin, end], found [0,4.5]");
    refused("{" T("w", "F32", "[1]", -4, 0) "}", 4, "found [-4,0]");
    refused("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,8]}}", 8, "found [0,4,8]");
    refused("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":\"0-4\"}}", 4, "found \"0-4\"");
    refused("{" T("w", "F32", "[0]", 4, 0) "}", 4, "tensor 'w': data_offsets [4,0] end before they begin");
}

Test(safetensors_bad, offsets_past_the_end) {
    refused("{" T("w", "F32", "[2]", 0, 8) "}", 4,
            "tensor 'w': data_offsets [0, 8] go past the end of the file (the data section has 4 bytes)");
}

Test(safetensors_bad, truncated_data) {
    /* a good file cut short: the last tensor's range goes past the end */
    Built b = build("{" T("a", "F32", "[2]", 0, 8) "," T("b", "F16", "[2]", 8, 12) "}", 12);
    StFile f;
    Error err;
    cr_assert(st_open(&f, b.path, &err), "%s", err.msg);
    st_close(&f);
    struct stat st;
    cr_assert_eq(stat(b.path, &st), 0);
    cr_assert_eq(truncate(b.path, st.st_size - 1), 0);
    expect_open_fails(b.path, "tensor 'b': data_offsets [8, 12] go past the end of the file (the "
                              "data section has 11 bytes)");
    built_free(&b);
}

Test(safetensors_bad, offsets_overlap) {
    refused("{" T("a", "F32", "[2]", 0, 8) "," T("b", "F32", "[2]", 4, 12) "}", 12,
            "tensors 'a' and 'b' overlap: data_offsets [0, 8] and [4, 12]");
    /* the same range twice */
    refused("{" T("a", "F32", "[1]", 0, 4) "," T("b", "F32", "[1]", 0, 4) "}", 4,
            "tensors 'a' and 'b' overlap");
}

Test(safetensors_bad, offsets_leave_a_gap) {
    refused("{" T("a", "F32", "[1]", 0, 4) "," T("b", "F32", "[1]", 8, 12) "}", 12,
            "bytes 4 to 8 of the data belong to no tensor");
    refused("{" T("a", "F32", "[1]", 4, 8) "}", 8, "bytes 0 to 4 of the data belong to no tensor");
}

Test(safetensors_bad, offsets_do_not_cover_the_data) {
    refused("{" T("a", "F32", "[1]", 0, 4) "}", 6,
            "the last 2 bytes of the file belong to no tensor (the data section has 6 bytes, the "
            "tensors cover 4)");
    refused("{}", 1, "the last 1 bytes of the file belong to no tensor");
}

Test(safetensors_bad, duplicate_names) {
    refused("{" T("w", "F32", "[1]", 0, 4) "," T("w", "F32", "[1]", 4, 8) "}", 8,
            "tensor 'w': the name appears twice in the header");
}

Test(safetensors_bad, names_not_utf8) {
    refused("{" T("w\xff", "F32", "[1]", 0, 4) "}", 4,
            "tensor 'w\\xff': the name is not valid UTF-8 (byte 0xff at offset 1)");
    refused("{" T("\xc3\x28", "F32", "[1]", 0, 4) "}", 4, "not valid UTF-8 (byte 0xc3 at offset 0)");
    /* an overlong encoding of '/' */
    refused("{" T("a\xc0\xaf", "F32", "[1]", 0, 4) "}", 4, "not valid UTF-8");
}

Test(safetensors_bad, metadata) {
    refused("{\"__metadata__\":[1]}", 0, "\"__metadata__\" must be an object of strings");
    refused("{\"__metadata__\":{\"format\":1}}", 0, "\"__metadata__\": the value of \"format\" is not a string");
    refused("{\"__metadata__\":{},\"__metadata__\":{}}", 0, "\"__metadata__\" appears twice");
    refused("{\"__metadata__\":{\"a\":\"\xfe\"}}", 0, "\"__metadata__\": \"a\" is not valid UTF-8");
}

Test(safetensors_bad, not_a_regular_file) {
    char *dir = temp_dir(), *fifo = path_in(dir, "fifo"), *none = path_in(dir, "none");
    expect_open_fails(dir, "is a directory, not a safetensors file");
    cr_assert_eq(mkfifo(fifo, 0600), 0);
    expect_open_fails(fifo, "is not a regular file");
    expect_open_fails(none, "cannot open: No such file or directory");
    remove_tree(dir);
    free(dir), free(fifo), free(none);
}

/* --- files that open, and what st_read refuses --------------------------------------- */

Test(safetensors, edge_cases_that_are_valid) {
    /* no tensors at all; a header padded with spaces; empty tensors that
     * share an offset; a scalar */
    Built b = build("{}   ", 0);
    StFile f;
    Error err;
    cr_assert(st_open(&f, b.path, &err), "%s", err.msg);
    cr_expect_eq(f.count, 0);
    cr_expect_null(st_find(&f, "x"));
    st_close(&f);
    built_free(&b);

    float vals[3] = {2.5f, -1.0f, 0.0f};
    b = build_raw(-1, "{" T("s", "F32", "[]", 0, 4) "," T("e1", "F16", "[0,3]", 4, 4) ","
                  T("e2", "I64", "[0]", 4, 4) "," T("e3", "F32", "[4,0]", 4, 4) "," T("v", "F32", "[2]", 4, 12) "}",
                  -1, vals, 12);
    cr_assert(st_open(&f, b.path, &err), "%s", err.msg);
    cr_expect_eq(f.count, 5);
    Matrix m;
    cr_assert(st_get(&f, "s", &m, &err), "%s", err.msg);
    cr_expect(m.rows == 1 && m.cols == 1 && mat_get(&m, 0, 0) == 2.5f);
    mat_free(&m);
    cr_assert(st_get(&f, "e1", &m, &err), "%s", err.msg);
    cr_expect(m.rows == 0 && m.cols == 3);
    mat_free(&m);
    cr_assert(st_get(&f, "e3", &m, &err), "%s", err.msg);
    cr_expect(m.rows == 4 && m.cols == 0);
    mat_free(&m);
    cr_assert(st_get(&f, "v", &m, &err), "%s", err.msg);
    cr_expect(m.rows == 1 && m.cols == 2 && mat_get(&m, 0, 0) == -1.0f && mat_get(&m, 0, 1) == 0.0f);
    mat_free(&m);
    st_close(&f);
    built_free(&b);
}

/* st_get fails with "path: " + `want`. */
static void expect_get_fails(const StFile *f, const char *name, const char *want) {
    Matrix m;
    Error err;
    cr_assert_not(st_get(f, name, &m, &err), "read %s", name);
    cr_expect(m.data == NULL);
    size_t pl = strlen(f->path);
    cr_expect(strncmp(err.msg, f->path, pl) == 0 && strncmp(err.msg + pl, ": ", 2) == 0, "%s", err.msg);
    cr_expect(strstr(err.msg, want), "message:  %s\nexpected: ...%s...", err.msg, want);
}

Test(safetensors, what_st_read_refuses) {
    Built b = build("{" T("ids", "I64", "[2]", 0, 16) "," T("cube", "F32", "[2,1,1]", 16, 24) ","
                    T("wide", "F32", "[1,70000]", 24, 280024) "," T("b", "BOOL", "[3]", 280024, 280027) "}",
                    280027);
    StFile f;
    Error err;
    cr_assert(st_open(&f, b.path, &err), "%s", err.msg);
    expect_get_fails(&f, "ids", "tensor 'ids': dtype I64 is not supported: only F32, F16 and BF16 are read");
    expect_get_fails(&f, "b", "dtype BOOL is not supported");
    expect_get_fails(&f, "cube", "tensor 'cube': shape [2, 1, 1] has 3 dimensions: only vectors and "
                                 "matrices are read");
    expect_get_fails(&f, "wide", "tensor 'wide': shape [1, 70000]: ");
    expect_get_fails(&f, "cubes", "no tensor named 'cubes' (did you mean 'cube'?)");
    expect_get_fails(&f, "zzzzzz", "no tensor named 'zzzzzz'");
    st_close(&f);
    built_free(&b);
}

Test(safetensors, open_mem_names_the_buffer) {
    static const char bytes[] = "\x02\0\0\0\0\0\0\0{]";
    StFile f;
    Error err;
    cr_assert_not(st_open_mem(&f, bytes, sizeof bytes - 1, "buffer", &err));
    cr_expect_str_eq(err.msg, "buffer: the header is not valid JSON (near byte 2 of 2)");
    static const char good[] = "\x02\0\0\0\0\0\0\0{}";
    cr_assert(st_open_mem(&f, good, sizeof good - 1, "buffer", &err), "%s", err.msg);
    cr_expect_eq(f.count, 0);
    st_close(&f);
}

/* Inputs that once made the fuzzer fail (the .safetensors files in tests/fuzz/crashes)
 * open or are refused, and every tensor of those that open is read; the
 * sanitizer build (make sanitize) catches any undefined behaviour. */
Test(safetensors, fuzz_reproducers) {
    char *dir = source_path("tests/fuzz/crashes");
    const char *files[] = {"empty-columns-null-row.safetensors"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char *p = path_in(dir, files[i]);
        StFile f;
        Error err;
        if (st_open(&f, p, &err)) {
            for (int k = 0; k < f.count; k++) {
                Matrix m;
                if (st_read(&f, &f.tensors[k], &m, &err))
                    mat_free(&m);
            }
            st_close(&f);
        }
        free(p);
    }
    free(dir);
}

/* The fuzzer's seeds stay valid files, so that it starts from inputs that
 * reach the whole reader. */
Test(safetensors, fuzz_seeds_open) {
    char *dir = source_path("tests/fuzz/corpus-safetensors");
    const char *seeds[] = {"01-empty-header", "02-f32", "03-mixed", "04-empty-tensors", "05-unicode-names"};
    for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
        char name[128];
        snprintf(name, sizeof name, "%s.safetensors", seeds[i]);
        char *p = path_in(dir, name);
        StFile f;
        Error err;
        cr_expect(st_open(&f, p, &err), "%s", err.msg);
        st_close(&f);
        free(p);
    }
    free(dir);
}

/* The NumPy GPT-2 reference that the GPT-2 pipeline will be compared with:
 * its own checks pass, and it runs on a checkpoint the script wrote,
 * giving next-token probabilities that sum to 1. */
Test(safetensors, gpt2_reference_is_ready, .timeout = 120) {
    const char *py = getenv("ATTNSTEP_PYTHON");
    char *ref = source_path("tests/reference/gpt2_ref.py");
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "'%s' '%s' --self-test", py && *py ? py : "python3", ref);
    RunResult r = run_shell(cmd);
    cr_assert_eq(r.status, 0, "%s\n%s", r.out, r.err);
    cr_expect(strstr(r.out, "self-test passed"));
    run_free(&r);

    char *dir = temp_dir();
    make_checkpoint(dir, "--dtype BF16 --prefix");
    snprintf(cmd, sizeof cmd, "'%s' '%s' '%s' '%s/out' --ids 271,268,277,287,0,13 --temperature 0.7",
             py && *py ? py : "python3", ref, dir, dir);
    r = run_shell(cmd);
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_free(&r);
    char *probs = path_in(dir, "out/probs.npy"), *logits = path_in(dir, "out/logits.npy");
    Matrix p, l;
    Error err;
    cr_assert(npy_read(probs, &p, NULL, &err), "%s", err.msg);
    cr_assert(npy_read(logits, &l, NULL, &err), "%s", err.msg);
    cr_expect_eq(l.rows, 6);
    cr_expect_eq(p.rows, 1);
    cr_expect_eq(p.cols, l.cols, "one probability per vocabulary entry");
    double sum = 0;
    for (int j = 0; j < p.cols; j++)
        sum += (double)mat_get(&p, 0, j);
    cr_expect(fabs(sum - 1) < 1e-5, "probabilities sum to %.9f", sum);
    mat_free(&p), mat_free(&l);
    remove_tree(dir);
    free(dir), free(ref), free(probs), free(logits);
}

/* the Chinese text of a refusal: "path：" + want_zh at its start */
static void refused_zh(const char *header, size_t data_bytes, const char *want_zh) {
    Built b = build(header, data_bytes);
    StFile f;
    Error err;
    cr_assert_not(st_open(&f, b.path, &err));
    char want[2048];
    snprintf(want, sizeof want, "%s：%s", b.path, want_zh);
    cr_expect_str_eq(err_text(&err, MSG_ZH), want);
    built_free(&b);
}

Test(safetensors_bad, messages_in_chinese) {
    refused_zh("{" T("w", "F33", "[1]", 0, 4) "}", 4,
               "张量“w”：未知的 dtype \"F33\"（safetensors 定义了 F32、F16、BF16、F64、I64、I32、I16、I8、U8、BOOL "
               "等类型）");
    refused_zh("{" T("w", "F32", "[2,3]", 0, 20) "}", 20,
               "张量“w”：形状 [2, 3] 的 F32 需要 24 字节，但 data_offsets [0, 20] 之间是 20 字节");
    refused_zh("{} x", 0, "头部的 JSON 对象后面还有多余的文本（在第 3 字节）");
    /* a tensor past the matrix limits: its name, its shape, then the engine's reason */
    Built b = build("{" T("w", "F32", "[1,70000]", 0, 280000) "}", 280000);
    StFile f;
    Error err;
    cr_assert(st_open(&f, b.path, &err), "%s", err.msg);
    Matrix m;
    char want[2048];
    cr_assert_not(st_get(&f, "w", &m, &err));
    snprintf(want, sizeof want, "%s：张量“w”：形状 [1, 70000]：矩阵维度 1x70000 太大：行数和列数都不能超过 %d", b.path,
             MAT_MAX_DIM);
    cr_expect_str_eq(err_text(&err, MSG_ZH), want);
    cr_assert_not(st_get(&f, "v", &m, &err));
    snprintf(want, sizeof want, "%s：没有名为“v”的张量（是不是想写“w”？）", b.path);
    cr_expect_str_eq(err_text(&err, MSG_ZH), want);
    st_close(&f);
    built_free(&b);
}
