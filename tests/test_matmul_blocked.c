/* test_matmul_blocked.c - the packed, blocked matmul of the SIMD sets
 * (simd_matmul.inc) against the scalar reference, on shapes that cross its
 * block boundaries, and on operands with odd strides and unaligned rows.
 *
 * The blocks differ per set (register tile MR x NR, cache blocks KC, MC,
 * NC): AVX2 6 x 16 with KC 256, MC 144, NC 4096; AVX-512 12 x 32 with KC 384,
 * MC 240, NC 4096; NEON 8 x 8 with KC 256, MC 120, NC 4096. The shapes
 * below sit on, just under and just over each of them for every set (and
 * around 12 x 12 and NC 4092, for tiles of other widths).
 *
 * Tolerance, as in docs/engine.md: |c - ref| <= 2 k u sum_p |a_ip b_pj| per
 * element, u = 2^-24. Each result is within k u sum |a b| of the exact
 * product whatever the order of summation, with or without FMA.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/kernels.h"
#include "support.h"

// the compiled set called `name`, or skip the test: not compiled, or not runnable here
static const KernelSet *set_or_skip(const char *name) {
    for (const KernelSet *const *ks = kernels_compiled(); *ks; ks++) {
        if (strcmp((*ks)->name, name) != 0)
            continue;
        if (!kernels_cpu_supports(name))
            cr_skip_test("the %s set is compiled in, but this CPU cannot run it", name);
        return *ks;
    }
    cr_skip_test("the %s set is not compiled into this build", name);
    return NULL;
}

/* A matrix inside a larger buffer: `stride` floats per row (any value >=
 * cols, odd ones included), starting `offset` floats into the buffer, so
 * rows need not be aligned. The padding around it holds a sentinel. */
typedef struct Strided {
    Matrix m;
    float *buf;
    size_t len;
} Strided;

#define SENTINEL 12345.0f

static Strided strided(int rows, int cols, int stride, int offset, unsigned long long seed) {
    Strided s;
    s.len = (size_t)offset + (size_t)rows * (size_t)stride + 1;
    s.buf = malloc(s.len * sizeof(float));
    cr_assert(s.buf);
    for (size_t i = 0; i < s.len; i++)
        s.buf[i] = SENTINEL;
    s.m = (Matrix){.rows = rows, .cols = cols, .stride = stride, .data = s.buf + offset};
    fill_random(&s.m, seed);
    return s;
}

// true when every float of the buffer outside the matrix is still the sentinel
static bool padding_intact(const Strided *s) {
    for (size_t i = 0; i < s->len; i++) {
        long off = (long)i - (long)(s->m.data - s->buf);
        long row = off >= 0 ? off / s->m.stride : -1, col = off >= 0 ? off % s->m.stride : -1;
        bool inside = off >= 0 && row < s->m.rows && col < s->m.cols;
        if (!inside && s->buf[i] != SENTINEL)
            return false;
    }
    return true;
}

/* out = a @ b (or a @ b^T) with ks and with the scalar reference; every
 * element within the bound. Strides are cols + pad and offsets `off`. */
static void check_product(const KernelSet *ks, int n, int m, int k, bool bt, int pad, int off) {
    Strided a = strided(n, k, k + pad, off, 1000u + (unsigned)n);
    Strided b = bt ? strided(m, k, k + pad + 2, off + 1, 2000u + (unsigned)m)
                   : strided(k, m, m + pad + 1, off + 2, 2000u + (unsigned)m);
    Strided out = strided(n, m, m + pad, off + 3, 1);
    Matrix ref;
    cr_assert(mat_alloc(&ref, n, m, NULL));
    (bt ? kernels_scalar.matmul_bt : kernels_scalar.matmul)(&ref, &a.m, &b.m);
    (bt ? ks->matmul_bt : ks->matmul)(&out.m, &a.m, &b.m);

    long bad = 0;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < m; j++) {
            double mag = 0.0;
            for (int p = 0; p < k; p++)
                mag += fabs((double)mat_get(&a.m, i, p) *
                            (double)(bt ? mat_get(&b.m, j, p) : mat_get(&b.m, p, j)));
            double tol = 2.0 * k * ldexp(1.0, -24) * mag;
            double err = fabs((double)mat_get(&out.m, i, j) - (double)mat_get(&ref, i, j));
            if (!(err <= tol) && bad++ < 3)
                cr_log_error("%s %s (%d x %d) @ (%d x %d): out[%d][%d] = %.9g, reference %.9g",
                             ks->name, bt ? "matmul_bt" : "matmul", n, k, k, m, i, j,
                             (double)mat_get(&out.m, i, j), (double)mat_get(&ref, i, j));
        }
    cr_expect(bad == 0, "%s %s n=%d m=%d k=%d: %ld elements outside the bound", ks->name,
              bt ? "matmul_bt" : "matmul", n, m, k, bad);
    cr_expect(padding_intact(&out), "%s %s n=%d m=%d k=%d wrote outside out", ks->name,
              bt ? "matmul_bt" : "matmul", n, m, k);
    cr_expect(padding_intact(&a) && padding_intact(&b), "the inputs were written to");
    mat_free(&ref);
    free(a.buf);
    free(b.buf);
    free(out.buf);
}

// (n, m, k) on, under and over the blocks of every set
static const int boundary_shapes[][3] = {
    // the k blocks: KC 256 and 384, one and two steps
    {37, 45, 255}, {37, 45, 256}, {37, 45, 257}, {30, 70, 383}, {30, 70, 384}, {30, 70, 385},
    {20, 33, 513}, {13, 40, 769},
    // the row blocks: MC 120, 144, 240, and two of them
    {119, 20, 30}, {120, 20, 30}, {121, 20, 30}, {143, 35, 29}, {144, 35, 29}, {145, 35, 29},
    {239, 17, 21}, {240, 17, 21}, {241, 17, 21}, {289, 19, 65},
    // the column blocks: NC 4096 (and 4092)
    {7, 4091, 9}, {7, 4092, 9}, {7, 4093, 9}, {6, 4095, 12}, {6, 4096, 12}, {6, 4097, 12},
    // register tiles: exact, one short, one over (k large enough to take the
    // blocked path, not the direct one for small products); all blocks at once
    {6, 16, 520}, {5, 15, 520}, {7, 17, 520}, {12, 32, 520}, {11, 31, 520}, {13, 33, 520},
    {8, 12, 520}, {9, 13, 520}, {145, 97, 257},
};

static void boundaries(const char *name, bool bt) {
    const KernelSet *ks = set_or_skip(name);
    for (size_t s = 0; s < sizeof boundary_shapes / sizeof boundary_shapes[0]; s++)
        check_product(ks, boundary_shapes[s][0], boundary_shapes[s][1], boundary_shapes[s][2],
                      bt, 0, 0);
}

// the same products on odd strides and unaligned rows
static void odd_strides(const char *name, bool bt) {
    const KernelSet *ks = set_or_skip(name);
    const int shapes[][3] = {{37, 45, 257}, {145, 35, 29}, {7, 4097, 9}, {13, 33, 520}, {65, 100, 63}};
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        check_product(ks, shapes[s][0], shapes[s][1], shapes[s][2], bt, 1, 1);
        check_product(ks, shapes[s][0], shapes[s][1], shapes[s][2], bt, 7, 3);
    }
}

/* Column views of owned matrices, as the pipeline takes heads: the stride
 * is the parent's, the rows start at an odd column. */
static void head_views(const char *name, bool bt) {
    const KernelSet *ks = set_or_skip(name);
    Matrix q, k, z, ref;
    cr_assert(mat_alloc(&q, 150, 3 * 40 + 3, NULL));
    cr_assert(mat_alloc(&k, 150, 3 * 40 + 3, NULL));
    cr_assert(mat_alloc(&z, 150, 150 + 5, NULL));
    cr_assert(mat_alloc(&ref, 150, 150, NULL));
    fill_random(&q, 5);
    fill_random(&k, 6);
    Matrix qh = mat_view_cols(&q, 43, 40), zh = mat_view_cols(&z, 3, bt ? 150 : 40);
    Matrix kh = bt ? mat_view_cols(&k, 81, 40) : mat_view_rows(&k, 110, 40);
    Matrix kh_cols = bt ? kh : mat_view_cols(&kh, 1, 40), ref_v = mat_view_cols(&ref, 0, zh.cols);
    (bt ? kernels_scalar.matmul_bt : kernels_scalar.matmul)(&ref_v, &qh, &kh_cols);
    (bt ? ks->matmul_bt : ks->matmul)(&zh, &qh, &kh_cols);
    for (int i = 0; i < zh.rows; i++)
        for (int j = 0; j < zh.cols; j++)
            cr_expect(fabsf(mat_get(&zh, i, j) - mat_get(&ref_v, i, j)) <= 1e-4f,
                      "%s: out[%d][%d] = %g, reference %g", name, i, j,
                      (double)mat_get(&zh, i, j), (double)mat_get(&ref_v, i, j));
    mat_free(&q);
    mat_free(&k);
    mat_free(&z);
    mat_free(&ref);
}

/* Each output is one FMA chain over p in order, whatever the blocking: a
 * row computed inside a large blocked product has the same bits as that
 * row computed alone (which takes the direct path). */
static void blocking_invariant(const char *name, bool bt) {
    const KernelSet *ks = set_or_skip(name);
    const int n = 150, m = 70, k = 300;
    Matrix a, b, out, row_out;
    cr_assert(mat_alloc(&a, n, k, NULL));
    cr_assert(bt ? mat_alloc(&b, m, k, NULL) : mat_alloc(&b, k, m, NULL));
    cr_assert(mat_alloc(&out, n, m, NULL));
    cr_assert(mat_alloc(&row_out, 1, m, NULL));
    fill_random(&a, 7);
    fill_random(&b, 8);
    (bt ? ks->matmul_bt : ks->matmul)(&out, &a, &b);
    const int rows[] = {0, 5, 6, 143, 144, 149};
    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
        Matrix a_row = mat_view_rows(&a, rows[r], 1);
        (bt ? ks->matmul_bt : ks->matmul)(&row_out, &a_row, &b);
        cr_expect(memcmp(mat_row(&row_out, 0), mat_row(&out, rows[r]), (size_t)m * sizeof(float)) == 0,
                  "%s: row %d differs between the blocked product and the row alone", name,
                  rows[r]);
    }
    mat_free(&a);
    mat_free(&b);
    mat_free(&out);
    mat_free(&row_out);
}

#define BLOCKED_TESTS(suite, set)                                                                \
    Test(matmul_blocked_##suite, block_boundaries) { boundaries(set, false); }                     \
    Test(matmul_blocked_##suite, block_boundaries_bt) { boundaries(set, true); }                   \
    Test(matmul_blocked_##suite, odd_strides) { odd_strides(set, false); }                         \
    Test(matmul_blocked_##suite, odd_strides_bt) { odd_strides(set, true); }                       \
    Test(matmul_blocked_##suite, head_views) { head_views(set, false); }                           \
    Test(matmul_blocked_##suite, head_views_bt) { head_views(set, true); }                         \
    Test(matmul_blocked_##suite, same_bits_whatever_the_blocking) { blocking_invariant(set, false); } \
    Test(matmul_blocked_##suite, same_bits_whatever_the_blocking_bt) { blocking_invariant(set, true); }

BLOCKED_TESTS(avx2, "avx2")
BLOCKED_TESTS(avx512, "avx512")
BLOCKED_TESTS(avx512_emulated, "avx512-emulated") /* the avx512 kernels through SIMDe */
BLOCKED_TESTS(neon, "neon")
