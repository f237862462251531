/* test_npy.c - the .npy reader and writer: round trips, files written by
 * NumPy itself, and every rejection with its message. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/npy.h"
#include "support.h"

static char *path_in(const char *dir, const char *name) {
    char *p = malloc(strlen(dir) + strlen(name) + 2);
    sprintf(p, "%s/%s", dir, name);
    return p;
}

/* Run Python code (NumPy imported as np) in `dir`; fail the test if it fails. */
static void python(const char *dir, const char *code) {
    const char *py = getenv("ATTNSTEP_PYTHON");
    char *script = path_in(dir, "gen.py");
    FILE *f = fopen(script, "w");
    cr_assert(f);
    fprintf(f, "import os, sys\nimport numpy as np\nos.chdir(sys.argv[1])\n%s\n", code);
    fclose(f);
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "'%s' '%s' '%s'", py && *py ? py : "python3", script, dir);
    RunResult r = run_shell(cmd);
    cr_assert_eq(r.status, 0, "python failed:\n%s\n%s", code, r.err);
    run_free(&r);
    free(script);
}

static bool same_bits(float a, float b) { return memcmp(&a, &b, sizeof a) == 0; }

/* --- round trips ------------------------------------------------------------ */

static void round_trip(int rows, int cols, NpyShape shape) {
    char *dir = temp_dir(), *p = path_in(dir, "m.npy");
    Matrix m, back;
    Error err;
    cr_assert(mat_alloc(&m, rows, cols, &err));
    fill_random(&m, (unsigned long long)(rows * 1000 + cols));
    /* values that must survive bit for bit */
    mat_set(&m, 0, 0, -INFINITY);
    if (cols > 1)
        mat_set(&m, 0, 1, -0.0f);
    if (cols > 2)
        mat_set(&m, 0, 2, 1e-45f); /* the smallest subnormal */
    cr_assert(npy_write(p, &m, shape, &err), "%s", err.msg);
    NpyInfo info;
    cr_assert(npy_read(p, &back, &info, &err), "%s", err.msg);
    cr_expect_eq(info.ndim, shape == NPY_VECTOR ? 1 : 2);
    cr_expect_eq(info.version_major, 1);
    cr_assert_eq(back.rows, rows);
    cr_assert_eq(back.cols, cols);
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++)
            cr_expect(same_bits(mat_get(&back, i, j), mat_get(&m, i, j)), "(%d, %d)", i, j);
    mat_free(&m), mat_free(&back);
    remove_tree(dir);
    free(dir), free(p);
}

Test(npy, round_trip_1x1) { round_trip(1, 1, NPY_MATRIX); }
Test(npy, round_trip_3x4) { round_trip(3, 4, NPY_MATRIX); }
Test(npy, round_trip_17x65) { round_trip(17, 65, NPY_MATRIX); }
Test(npy, round_trip_vector) { round_trip(1, 7, NPY_VECTOR); }

Test(npy, header_layout_follows_the_format) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    Matrix m;
    cr_assert(mat_alloc(&m, 3, 4, NULL));
    cr_assert(npy_write_stream(f, &m, NPY_MATRIX, NULL));
    fclose(f);
    cr_assert(memcmp(buf, "\x93NUMPY\x01\x00", 8) == 0);
    size_t hlen = (unsigned char)buf[8] | (size_t)(unsigned char)buf[9] << 8;
    cr_expect_eq((10 + hlen) % 64, 0, "data starts at %zu", 10 + hlen);
    cr_expect_eq(buf[10 + hlen - 1], '\n');
    const char *dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }";
    cr_expect(strncmp(buf + 10, dict, strlen(dict)) == 0, "%.60s", buf + 10);
    cr_expect_eq(len, 10 + hlen + 48);
    free(buf);
    mat_free(&m);
}

Test(npy, a_matrix_of_several_rows_is_not_a_vector) {
    Matrix m;
    Error err;
    cr_assert(mat_alloc(&m, 2, 3, NULL));
    FILE *f = fopen("/dev/null", "wb");
    cr_expect_not(npy_write_stream(f, &m, NPY_VECTOR, &err));
    cr_expect(strstr(err.msg, "cannot write a 2x3 matrix as a vector"), "%s", err.msg);
    fclose(f);
    mat_free(&m);
}

Test(npy, numpy_reads_what_we_write) {
    char *dir = temp_dir(), *a = path_in(dir, "a.npy"), *v = path_in(dir, "v.npy");
    Matrix m, row;
    cr_assert(mat_alloc(&m, 3, 5, NULL));
    cr_assert(mat_alloc(&row, 1, 4, NULL));
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 5; j++)
            mat_set(&m, i, j, (float)(i * 10 + j) + 0.25f);
    for (int j = 0; j < 4; j++)
        mat_set(&row, 0, j, (float)-j);
    cr_assert(npy_write(a, &m, NPY_MATRIX, NULL));
    cr_assert(npy_write(v, &row, NPY_VECTOR, NULL));
    python(dir, "a = np.load('a.npy'); v = np.load('v.npy')\n"
                "assert a.dtype == np.float32 and a.shape == (3, 5), (a.dtype, a.shape)\n"
                "assert (a == np.arange(3)[:, None] * 10 + np.arange(5) + 0.25).all()\n"
                "assert v.dtype == np.float32 and v.shape == (4,) and (v == -np.arange(4)).all()");
    mat_free(&m), mat_free(&row);
    remove_tree(dir);
    free(dir), free(a), free(v);
}

/* --- files written by NumPy ------------------------------------------------- */

/* Each file holds arange(rows*cols).reshape(rows, cols) * 0.5 - 3 in some
 * storage; reading must give those values in row-major places. */
static void expect_arange(const char *dir, const char *name, int rows, int cols, int ndim,
                          bool fortran, int itemsize, int major) {
    char *p = path_in(dir, name);
    Matrix m;
    NpyInfo info;
    Error err;
    cr_assert(npy_read(p, &m, &info, &err), "%s: %s", name, err.msg);
    cr_expect_eq(info.ndim, ndim, "%s", name);
    cr_expect_eq(info.fortran_order, fortran, "%s", name);
    cr_expect_eq(info.itemsize, itemsize, "%s", name);
    cr_expect_eq(info.version_major, major, "%s", name);
    cr_assert_eq(m.rows, rows, "%s", name);
    cr_assert_eq(m.cols, cols, "%s", name);
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++)
            cr_expect_eq(mat_get(&m, i, j), (float)(i * cols + j) * 0.5f - 3.0f, "%s (%d, %d)",
                         name, i, j);
    mat_free(&m);
    free(p);
}

Test(npy, reads_files_written_by_numpy) {
    char *dir = temp_dir();
    python(dir,
           "def a(r, c, t): return (np.arange(r * c).reshape(r, c) * 0.5 - 3).astype(t)\n"
           "np.save('c32.npy', a(3, 4, np.float32))\n"
           "np.save('c64.npy', a(3, 4, np.float64))\n"
           "np.save('f32.npy', np.asfortranarray(a(5, 3, np.float32)))\n"
           "np.save('f64.npy', np.asfortranarray(a(17, 65, np.float64)))\n"
           "np.save('vec.npy', a(1, 6, np.float32).reshape(6))\n"
           "np.save('empty.npy', a(0, 3, np.float32))\n"
           "for v in (2, 3):\n"
           "    with open('v%d.npy' % v, 'wb') as f:\n"
           "        np.lib.format.write_array(f, a(2, 3, np.float32), version=(v, 0))\n");
    expect_arange(dir, "c32.npy", 3, 4, 2, false, 4, 1);
    expect_arange(dir, "c64.npy", 3, 4, 2, false, 8, 1);
    expect_arange(dir, "f32.npy", 5, 3, 2, true, 4, 1);
    expect_arange(dir, "f64.npy", 17, 65, 2, true, 8, 1);
    expect_arange(dir, "vec.npy", 1, 6, 1, false, 4, 1);
    expect_arange(dir, "empty.npy", 0, 3, 2, false, 4, 1);
    expect_arange(dir, "v2.npy", 2, 3, 2, false, 4, 2);
    expect_arange(dir, "v3.npy", 2, 3, 2, false, 4, 3);
    remove_tree(dir);
    free(dir);
}

Test(npy, float64_keeps_infinities_and_refuses_values_past_float) {
    char *dir = temp_dir(), *ok = path_in(dir, "ok.npy"), *big = path_in(dir, "big.npy"),
         *vbig = path_in(dir, "vbig.npy");
    python(dir, "np.save('ok.npy', np.array([[np.inf, -np.inf, np.nan, 1e-300]]))\n"
                "b = np.zeros((2, 3)); b[1, 2] = -1e300; np.save('big.npy', b)\n"
                "np.save('vbig.npy', np.array([0.0, 4e38]))");
    Matrix m;
    Error err;
    cr_assert(npy_read(ok, &m, NULL, &err), "%s", err.msg);
    cr_expect(isinf(mat_get(&m, 0, 0)) && mat_get(&m, 0, 0) > 0);
    cr_expect(isinf(mat_get(&m, 0, 1)) && mat_get(&m, 0, 1) < 0);
    cr_expect(isnan(mat_get(&m, 0, 2)));
    cr_expect_eq(mat_get(&m, 0, 3), 0.0f); /* underflow is not an error */
    mat_free(&m);
    cr_expect_not(npy_read(big, &m, NULL, &err));
    cr_expect_str_eq(err.msg, "element (1, 2) is -1e+300, outside the float32 range (about ±3.4e38)");
    cr_expect_eq(m.data, NULL);
    cr_expect_not(npy_read(vbig, &m, NULL, &err));
    cr_expect(strstr(err.msg, "element [1] is 4e+38, outside the float32 range"), "%s", err.msg);
    remove_tree(dir);
    free(dir), free(ok), free(big), free(vbig);
}

/* --- rejections ------------------------------------------------------------- */

/* A .npy image: preamble for `major`.0, the header text as given (no
 * padding added), then `data_len` zero bytes. */
static unsigned char *image(int major, const char *header, size_t data_len, size_t *len) {
    size_t h = strlen(header), pre = major == 1 ? 10 : 12;
    *len = pre + h + data_len;
    unsigned char *b = calloc(*len + 1, 1);
    memcpy(b, "\x93NUMPY", 6);
    b[6] = (unsigned char)major;
    b[8] = (unsigned char)(h & 0xff), b[9] = (unsigned char)(h >> 8);
    if (major != 1)
        b[10] = (unsigned char)(h >> 16), b[11] = (unsigned char)(h >> 24);
    memcpy(b + pre, header, h);
    return b;
}

static void expect_reject(int major, const char *header, size_t data_len, const char *msg) {
    size_t len;
    unsigned char *b = image(major, header, data_len, &len);
    Matrix m = {.rows = 99};
    Error err = {0};
    cr_expect_not(npy_read_mem(b, len, &m, NULL, &err), "accepted: %s", header);
    cr_expect(strstr(err.msg, msg) != NULL, "header %s\n  expected: %s\n  got:      %s", header,
              msg, err.msg);
    cr_expect(err.msg_zh[0] != '\0', "no Chinese for: %s", err.msg);
    cr_expect_eq(m.rows, 0);
    cr_expect_eq(m.data, NULL);
    free(b);
}

#define HDR(descr, fortran, shape) \
    "{'descr': '" descr "', 'fortran_order': " fortran ", 'shape': " shape ", }\n"

Test(npy, refuses_other_dtypes) {
    expect_reject(1, HDR("<i8", "False", "(2, 2)"), 32,
                  "dtype '<i8' (integer) is not supported: only float32 '<f4' and float64 '<f8' "
                  "are read (in NumPy: arr.astype(np.float32))");
    expect_reject(1, HDR(">f4", "False", "(2, 2)"), 16, "dtype '>f4' is big-endian");
    expect_reject(1, HDR(">f8", "False", "(2, 2)"), 32, "dtype '>f8' is big-endian");
    expect_reject(1, HDR("|b1", "False", "(2, 2)"), 4, "dtype '|b1' (boolean) is not supported");
    expect_reject(1, HDR("|O", "False", "(2,)"), 16, "dtype '|O' (Python objects)");
    expect_reject(1, HDR("<f2", "False", "(2,)"), 4, "(floating point of another width)");
    expect_reject(1, HDR("<c8", "False", "(2,)"), 16, "(complex)");
    expect_reject(1, "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }", 8,
                  "invalid header: a structured dtype (a list of fields) is not supported");
}

Test(npy, refuses_shapes_that_are_not_1d_or_2d) {
    expect_reject(1, HDR("<f4", "False", "()"), 4,
                  "shape () has 0 dimensions: expected a vector (n,) or a "
                  "matrix (rows, cols)");
    expect_reject(1, HDR("<f4", "False", "(2, 3, 4)"), 96,
                  "shape (2, 3, 4) has 3 dimensions: expected a vector (n,) or a matrix");
    expect_reject(1, HDR("<f4", "False", "(1, 1, 1, 1)"), 4, "has 4 dimensions");
}

Test(npy, refuses_malformed_headers) {
    expect_reject(1, "['descr', '<f4']\n", 0, "invalid header: expected a dict starting with '{'");
    expect_reject(1, "{'descr': '<f4', 'fortran_order': False}\n", 0,
                  "invalid header: the key 'shape' is missing");
    expect_reject(1, "{'fortran_order': False, 'shape': (1,)}", 4, "the key 'descr' is missing");
    expect_reject(1, "{'descr': '<f4', 'shape': (1,)}", 4, "the key 'fortran_order' is missing");
    expect_reject(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': 1}", 4,
                  "invalid header: unknown key");
    expect_reject(1, "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (1,)}",
                  4, "'descr' appears twice");
    expect_reject(1, HDR("<f4", "maybe", "(1,)"), 4, "'fortran_order' must be True or False");
    expect_reject(1, HDR("<f4", "False", "(3)"), 12,
                  "'shape' must be a tuple: a single dimension is written (n,)");
    expect_reject(1, HDR("<f4", "False", "[3, 4]"), 48, "'shape' must be a tuple such as (3, 4)");
    expect_reject(1, HDR("<f4", "False", "(-3, 4)"), 48, "a dimension in 'shape' is negative");
    expect_reject(1, HDR("<f4", "False", "(3 4)"), 48, "expected ',' or ')' in 'shape'");
    expect_reject(1, HDR("<f4", "False", "(3.0, 4)"), 48, "expected ',' or ')' in 'shape'");
    expect_reject(1, HDR("<f4", "False", "(99999999999999999999, 1)"), 4, "absurdly large");
    expect_reject(1, "{'descr' '<f4', 'fortran_order': False, 'shape': (1,)}", 4,
                  "invalid header: expected ':' after a key");
    expect_reject(1, "{'descr': '<f4, 'fortran_order': False, 'shape': (1,)}", 4,
                  "invalid header: expected ',' or '}' after a value");
    expect_reject(1, "{'descr': '<f4", 0, "invalid header: unterminated string");
    expect_reject(1, "{'descr': '<f4' 'fortran_order': False}", 0, "expected ',' or '}'");
    expect_reject(1, HDR("<f4", "False", "(1,)") "junk", 4,
                  "invalid header: unexpected text after the closing '}'");
    /* the message shows the header, with unprintable bytes escaped */
    expect_reject(1, "{\x01}", 0, "(header: {\\x01})");
    size_t len;
    unsigned char *b = image(1, HDR("<f4", "False", "(1,)"), 4, &len);
    b[12] = '\0'; /* a NUL inside the header */
    Error err;
    Matrix m;
    cr_expect_not(npy_read_mem(b, len, &m, NULL, &err));
    cr_expect(strstr(err.msg, "invalid header: NUL byte"), "%s", err.msg);
    free(b);
}

Test(npy, accepts_what_numpy_accepts_in_a_header) {
    /* keys in any order, double quotes, no trailing comma, Python 2 longs */
    const char *ok[] = {
        "{\"shape\": (2, 1), \"fortran_order\": True, \"descr\": \"<f4\"}",
        "{'descr':'<f4','fortran_order':False,'shape':(2L,1L)}          \n",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 1,), }",
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        size_t len;
        unsigned char *b = image(1, ok[i], 8, &len);
        Matrix m;
        Error err;
        cr_expect(npy_read_mem(b, len, &m, NULL, &err), "%s: %s", ok[i], err.msg);
        cr_expect(m.rows == 2 && m.cols == 1);
        mat_free(&m);
        free(b);
    }
}

Test(npy, refuses_sizes_that_do_not_match_the_file) {
    expect_reject(1, HDR("<f4", "False", "(4, 4)"), 40,
                  "truncated: the header promises 4×4 float32 (64 bytes of data) but the file "
                  "has 40");
    expect_reject(1, HDR("<f8", "False", "(5,)"), 8,
                  "truncated: the header promises 5 float64 values (40 bytes of data)");
    expect_reject(1, HDR("<f4", "False", "(2, 3)"), 30,
                  "trailing data: the header promises 2×3 float32 (24 bytes of data) but the "
                  "file has 30 (6 bytes too many)");
    expect_reject(1, HDR("<f4", "False", "(1000000000000000, 1000000000000000)"), 0,
                  "is too large (1000000000000000×1000000000000000 float32 would not fit");
    /* header length past the end of the file */
    unsigned char b[16] = "\x93NUMPY\x01\x00\xff\x00{}";
    Error err;
    Matrix m;
    cr_expect_not(npy_read_mem(b, 12, &m, NULL, &err));
    cr_expect_str_eq(err.msg, "truncated: the header length is 255 bytes but only 2 follow");
    unsigned char v2[12] = "\x93NUMPY\x02\x00\xff\xff\xff\xff";
    cr_expect_not(npy_read_mem(v2, 12, &m, NULL, &err));
    cr_expect(strstr(err.msg, "truncated: the header length is 4294967295 bytes"), "%s", err.msg);
}

Test(npy, refuses_what_is_not_npy_at_all) {
    Error err;
    Matrix m;
    cr_expect_not(npy_read_mem("", 0, &m, NULL, &err));
    cr_expect(strstr(err.msg, "not a .npy file"), "%s", err.msg);
    cr_expect_not(npy_read_mem("PK\x03\x04 a zip", 12, &m, NULL, &err));
    cr_expect_str_eq(err.msg, "not a .npy file: it does not start with \"\\x93NUMPY\"");
    cr_expect_not(npy_read_mem("\x93NUMPY\x01", 7, &m, NULL, &err));
    cr_expect(strstr(err.msg, "truncated: the file ends inside the .npy preamble"), "%s", err.msg);
    cr_expect_not(npy_read_mem("\x93NUMPY\x04\x00\x00\x00", 10, &m, NULL, &err));
    cr_expect_str_eq(err.msg, "unsupported .npy format version 4.0 (1.0, 2.0 and 3.0 are read)");
    cr_expect_not(npy_read_mem("\x93NUMPY\x01\x01\x00\x00", 10, &m, NULL, &err));
    cr_expect(strstr(err.msg, "version 1.1"), "%s", err.msg);
}

Test(npy, refuses_oversized_headers) {
    size_t h = NPY_MAX_HEADER + 1;
    char *text = malloc(h + 1);
    memset(text, ' ', h);
    text[h] = '\0';
    expect_reject(2, text, 0, "the header is 65537 bytes long, more than the 65536 accepted");
    free(text);
}

Test(npy, refuses_sizes_past_the_matrix_limits_before_reading) {
    char *dir = temp_dir(), *wide = path_in(dir, "wide.npy"), *huge = path_in(dir, "huge.npy");
    /* sparse files: the right size for their headers, without the disk */
    const char *hw = HDR("<f4", "False", "(1, 70000)");
    const char *hh = HDR("<f4", "False", "(8193, 8193)");
    size_t lw, lh;
    unsigned char *bw = image(1, hw, 0, &lw), *bh = image(1, hh, 0, &lh);
    FILE *f = fopen(wide, "wb");
    fwrite(bw, 1, lw, f);
    fclose(f);
    cr_assert_eq(truncate(wide, (off_t)(lw + 70000 * 4)), 0);
    f = fopen(huge, "wb");
    fwrite(bh, 1, lh, f);
    fclose(f);
    cr_assert_eq(truncate(huge, (off_t)(lh + 8193L * 8193 * 4)), 0);
    Matrix m;
    Error err;
    cr_expect_not(npy_read(wide, &m, NULL, &err));
    cr_expect(strstr(err.msg, "shape (1, 70000) is past attnstep's limits: matrix size 1x70000 is "
                              "too large: each side is limited to 65536"), "%s", err.msg);
    cr_expect_not(npy_read(huge, &m, NULL, &err));
    cr_expect(strstr(err.msg, "shape (8193, 8193) is past attnstep's limits"), "%s", err.msg);
    cr_expect(strstr(err.msg, "elements"), "%s", err.msg);
    remove_tree(dir);
    free(dir), free(wide), free(huge), free(bw), free(bh);
}

Test(npy, refuses_directories_fifos_and_missing_files_without_blocking) {
    char *dir = temp_dir(), *fifo = path_in(dir, "fifo.npy"), *none = path_in(dir, "none.npy");
    cr_assert_eq(mkfifo(fifo, 0600), 0);
    Matrix m;
    Error err;
    cr_expect_not(npy_read(dir, &m, NULL, &err));
    cr_expect_str_eq(err.msg, "is a directory, not a .npy file");
    cr_expect_not(npy_read(fifo, &m, NULL, &err));
    cr_expect_str_eq(err.msg, "is not a regular file");
    cr_expect_not(npy_read(none, &m, NULL, &err));
    cr_expect_str_eq(err.msg, "cannot open: No such file or directory");
    remove_tree(dir);
    free(dir), free(fifo), free(none);
}

/* --- robustness ------------------------------------------------------------- */

Test(npy, survives_mutated_and_truncated_files) {
    Matrix m;
    cr_assert(mat_alloc(&m, 3, 5, NULL));
    fill_random(&m, 7);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert(npy_write_stream(f, &m, NPY_MATRIX, NULL));
    fclose(f);
    unsigned char *work = malloc(len + 8);
    unsigned long long s = 12345;
    int accepted = 0;
    for (int iter = 0; iter < 20000; iter++) {
        memcpy(work, buf, len);
        size_t n = len;
        int edits = 1 + iter % 4;
        for (int e = 0; e < edits; e++) {
            s ^= s << 13, s ^= s >> 7, s ^= s << 17;
            size_t at = (size_t)(s >> 8) % 80; /* mostly the preamble and header */
            unsigned char v = (unsigned char)(s >> 40);
            if (at < n)
                work[at] = (s & 1) ? v : (unsigned char)(work[at] ^ (1u << (v & 7)));
        }
        if (iter % 5 == 0)
            n = (size_t)(s >> 20) % (len + 1); /* truncate */
        Matrix out;
        Error err;
        if (npy_read_mem(work, n, &out, NULL, &err)) {
            accepted++;
            cr_assert(out.rows >= 0 && out.cols >= 0);
            mat_free(&out);
        } else {
            cr_assert(err.msg[0] != '\0');
            cr_assert_eq(out.data, NULL);
        }
    }
    cr_expect(accepted > 0); /* some mutations (spaces, data bytes) are harmless */
    free(work);
    free(buf);
    mat_free(&m);
}

/* --- atomic writes ---------------------------------------------------------- */

Test(npy, write_replaces_atomically_and_leaves_nothing_behind) {
    char *dir = temp_dir(), *p = path_in(dir, "w.npy");
    Matrix a, b, back;
    Error err;
    cr_assert(mat_alloc(&a, 2, 2, NULL));
    cr_assert(mat_alloc(&b, 3, 3, NULL));
    mat_set(&b, 2, 2, 5.0f);
    cr_assert(npy_write(p, &a, NPY_MATRIX, &err));
    cr_assert(npy_write(p, &b, NPY_MATRIX, &err));
    cr_assert(npy_read(p, &back, NULL, &err));
    cr_expect(back.rows == 3 && mat_get(&back, 2, 2) == 5.0f);
    struct stat st;
    cr_assert_eq(stat(p, &st), 0);
    mode_t mask = umask(0);
    umask(mask);
    cr_expect_eq(st.st_mode & 0777, 0666 & ~mask);
    /* a failure (here a vector that is not one row) keeps the old file */
    cr_expect_not(npy_write(p, &b, NPY_VECTOR, &err));
    mat_free(&back);
    cr_assert(npy_read(p, &back, NULL, &err));
    cr_expect_eq(back.rows, 3);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "ls -A '%s'", dir);
    RunResult r = run_shell(cmd);
    cr_expect_str_eq(r.out, "w.npy\n");
    run_free(&r);
    char *missing = path_in(dir, "no/such/dir.npy");
    cr_expect_not(npy_write(missing, &a, NPY_MATRIX, &err));
    cr_expect(strstr(err.msg, "cannot create a temporary file beside it: No such file"), "%s",
              err.msg);
    free(missing);
    mat_free(&a), mat_free(&b), mat_free(&back);
    remove_tree(dir);
    free(dir), free(p);
}

/* the Chinese text of a refusal, the words inside it included */
static void expect_reject_zh(const char *header, size_t data_len, const char *want) {
    size_t len;
    unsigned char *b = image(1, header, data_len, &len);
    Matrix m;
    Error err = {0};
    cr_expect_not(npy_read_mem(b, len, &m, NULL, &err));
    cr_expect_str_eq(err_text(&err, MSG_ZH), want);
    free(b);
}

Test(npy, refusals_in_chinese) {
    expect_reject_zh(HDR("<i8", "False", "(2, 2)"), 32,
                     "不支持 dtype“<i8”（整数）：只能读取 float32 '<f4' 和 float64 '<f8'（在 NumPy 中：arr.astype(np.float32)）");
    expect_reject_zh(HDR("<f8", "False", "(5,)"), 8, "文件不完整：头部说有 5 个 float64 值（40 字节数据），但文件只有 8 字节");
    expect_reject_zh(HDR("<f4", "False", "(2, 3)"), 30,
                     "末尾有多余数据：头部说有 2×3 的 float32（24 字节数据），但文件有 30 字节（多了 6 字节）");
    expect_reject_zh("{'descr': '<f4', 'fortran_order': False}\n", 0,
                     "无效的头部：缺少键 'shape'（头部：{'descr': '<f4', 'fortran_order': False}）");
    char want[256];
    snprintf(want, sizeof want, "形状 (70000,) 超出了 attnstep 的限制：矩阵维度 1x70000 太大：行数和列数都不能超过 %d",
             MAT_MAX_DIM);
    expect_reject_zh(HDR("<f4", "False", "(70000,)"), 280000, want);
}
