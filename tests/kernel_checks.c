/* kernel_checks.c - the kernel tests as plain C (see kernel_checks.h).
 *
 * TOLERANCE POLICY for a SIMD set against the scalar reference. u = 2^-24 is
 * the unit roundoff of float (half an ulp of 1); sums in the bounds are
 * computed in double from the float inputs.
 *
 *   add, add_row, scale   bit-identical (each element is one IEEE operation
 *                         in the same order, so any difference is a bug;
 *                         subnormals included, which catches flush-to-zero).
 *   matmul_packed         bit-identical to the same set's matmul and
 *                         matmul_bt (so within their tolerance).
 *   matmul, matmul_bt     |c - ref| <= 2 k u sum_p |a_ip b_pj|.
 *                         Each of the two results is within k u sum|a b| of
 *                         the exact product for any summation order, with
 *                         or without FMA (Jeannerod and Rump, 2013), so they
 *                         differ by at most twice that.
 *   softmax_rows          row_max equal; for a row of m entries
 *                         |row_sum - ref| <= (2m + 4) u ref,
 *                         |y - ref| <= (2m + 8) u |ref| + FLT_MIN, and the
 *                         recovered exponentials y * row_sum agree within
 *                         8 u (+ FLT_MIN (1 + row_sum)).
 *                         From: each exp within E = 2 u of exact (measured:
 *                         the SIMD polynomial 1.43 u over every float in
 *                         [-87.34, 0], glibc's expf 1 u), a sum of m positive
 *                         terms within (m - 1) u in any order, one rounding
 *                         per division or product. To first order: outputs
 *                         2 (2E) + 2 (m - 1) u + 2 u = (2m + 8) u; row_sum
 *                         2E + 2 (m - 1) u = (2m + 2) u, allowed (2m + 4) u;
 *                         exponentials 2E + 2 u = 6 u, allowed 8 u. The
 *                         margin between measured and assumed E covers the
 *                         second-order terms. FLT_MIN absorbs exponentials
 *                         below the normal range, which the polynomial
 *                         returns as 0 and expf as subnormals.
 *   all_finite            the reference's answer.
 *   scale_mask_softmax_rows  bit-identical to the same set's scale, mask
 *                         and softmax_rows one after the other (it is
 *                         those stages, fused), the kept scaled and masked
 *                         scores too; against the reference as
 *                         softmax_rows' outputs; its answer (all finite)
 *                         the reference's, and all_finite's of those
 *                         results.
 *   layernorm_rows        with mu, A = mean |x|, V = variance, d = the
 *                         denominator, z = (x - mu) / d of the row, exact:
 *                         |y - ref| <= 2 (m + 8) u (|g| (A / d + |z| (1 + c)) + |b|),
 *                         c = m^2 u A^2 / V (the mean's error squared, which
 *                         matters only for rows far from 0), g, b = gamma,
 *                         beta; row_mean within 2 m u A, row_var within
 *                         2 (m + 4) u V (1 + c). A row with V = 0 must give
 *                         bit-identical results (the edge case is the
 *                         reference's).
 *   rmsnorm_rows          with q = mean x^2 of the row, d = sqrt(q + eps)
 *                         and z = x / d exact: |y - ref| <= 2 (m + 8) u |g z|
 *                         (g = gamma), row_ms within 2 (m + 4) u q. From: a
 *                         float sum of m squares within (m + 1) u of exact in
 *                         any order, halved by the root, plus one rounding
 *                         each for the mean, eps, the root, the quotient and
 *                         the product; no cancellation (every term is
 *                         positive), so the bound is relative. Rows whose
 *                         squares sum to 0, overflow or near underflow are
 *                         the reference's: bit-identical.
 *   silu_gate             |y - ref| <= 8 u |ref| + 2^-100 (1 + |up|), and
 *                         bit-identical where the gate is not finite (the
 *                         reference decides). From: exp(-|x|) within 2 u,
 *                         1 + e, the quotient, x times it and the product
 *                         with up one rounding each: (2 + 4) u, the
 *                         reference's one rounding, and margin. No
 *                         cancellation: the numerator is 1 or e, 1 + e is in
 *                         [1, 2]. 2^-100 absorbs x e^x below the normal range
 *                         (|x| > 87.3), which the polynomial returns as 0.
 *
 * Every output is also checked for writes outside its columns, and inputs
 * are surrounded by NaN so that reading outside them shows in the results.
 */
#include "kernel_checks.h"

#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

#define U 0x1p-24 /* unit roundoff of binary32 */

/* The shapes every comparison sweeps: rows, cols and (for products) k. */
static const int sizes[] = {1, 2, 3, 7, 15, 16, 17, 31, 33, 63, 64, 65};
#define NSIZES ((int)(sizeof sizes / sizeof sizes[0]))

/* --- results --------------------------------------------------------------- */

void kc_fail(KcResult *r, const char *fmt, ...) {
    r->failures++;
    if (r->failures > KC_MAX_REPORTED)
        return;
    size_t len = strlen(r->msg);
    if (len > 0 && len + 1 < sizeof r->msg)
        r->msg[len++] = '\n', r->msg[len] = '\0';
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->msg + len, sizeof r->msg - len, fmt, ap);
    va_end(ap);
}

const KernelSet *kc_set_compiled(const char *name) {
    const KernelSet *const *sets = kernels_compiled();
    for (int i = 0; sets[i]; i++)
        if (strcmp(sets[i]->name, name) == 0)
            return sets[i];
    return NULL;
}

void kc_set_label(char *buf, int size, const KernelSet *ks) {
    if (ks->emulates)
        snprintf(buf, (size_t)size, "%s (emulated)", ks->emulates);
    else
        snprintf(buf, (size_t)size, "%s", ks->name);
}

static uint32_t bits_of(float f) {
    uint32_t b;
    memcpy(&b, &f, sizeof b);
    return b;
}

static float float_of(uint32_t b) {
    float f;
    memcpy(&f, &b, sizeof f);
    return f;
}

/* got == want bit for bit (any NaN matches any NaN). */
static bool same_bits(KcResult *r, float got, float want) {
    r->checked++;
    if (isnan(got) && isnan(want))
        return true;
    return bits_of(got) == bits_of(want);
}

/* |got - want| <= rel + abs_tol, where rel is the relative part of the
 * tolerance and abs_tol an absolute one. NaN only matches NaN, infinities
 * only themselves. The worst ratio error / tolerance is recorded where the
 * relative part dominates (near the floor the ratio says nothing about the
 * kernel's accuracy). */
static bool within_floor(KcResult *r, float got, float want, double rel, double abs_tol) {
    r->checked++;
    if (isnan(got) || isnan(want))
        return isnan(got) && isnan(want);
    if (got == want)
        return true;
    double err = fabs((double)got - (double)want), tol = rel + abs_tol;
    if (rel >= abs_tol && tol > 0 && err / tol > r->worst)
        r->worst = err / tol;
    return err <= tol;
}

static bool within(KcResult *r, float got, float want, double tol) {
    return within_floor(r, got, want, tol, 0.0);
}

/* --- operands: owned matrices, or views at odd columns of a wider one ------- */

/* A value no kernel produces from finite inputs: a quiet NaN with a payload. */
#define POISON_BITS 0x7fc0ab5au

typedef struct Operand {
    Matrix parent; /* the storage */
    Matrix m;      /* the operand: all of parent, or a strided view of it */
    int c0;        /* first column of m in parent */
} Operand;

/* operand_make: a rows x cols operand with every float of its storage
 * (padding included) set to POISON_BITS. Strided operands are views starting
 * at column 1, 3 or 5 (by `salt`) of a parent 3 columns wider than that, so
 * their rows are not 64-byte aligned and their stride is not cols. */
static bool operand_make(KcResult *r, Operand *o, int rows, int cols, bool strided, int salt) {
    *o = (Operand){0};
    o->c0 = strided ? 1 + 2 * (salt % 3) : 0;
    int pcols = strided ? o->c0 + cols + 3 : cols;
    Error err;
    if (!mat_alloc(&o->parent, rows, pcols, &err)) {
        kc_fail(r, "cannot allocate a test matrix: %s", err.msg);
        return false;
    }
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < o->parent.stride; j++)
            mat_row(&o->parent, i)[j] = float_of(POISON_BITS);
    o->m = mat_view_cols(&o->parent, o->c0, cols);
    return true;
}

static void operand_free(Operand *o) { mat_free(&o->parent); }

/* The kernel wrote nothing outside the operand's columns (padding included). */
static void check_untouched(KcResult *r, const Operand *o, const char *ctx) {
    for (int i = 0; i < o->parent.rows; i++)
        for (int j = 0; j < o->parent.stride; j++) {
            if (j >= o->c0 && j < o->c0 + o->m.cols)
                continue;
            r->checked++;
            if (bits_of(mat_row(&o->parent, i)[j]) != POISON_BITS) {
                kc_fail(r, "%s: wrote outside its output, at row %d, column %d of the storage",
                        ctx, i, j - o->c0);
                return;
            }
        }
}

static void scale_in_place(Matrix *m, float s, float shift) {
    for (int i = 0; i < m->rows; i++)
        for (int j = 0; j < m->cols; j++)
            mat_set(m, i, j, mat_get(m, i, j) * s + shift);
}

/* A small deterministic generator for shapes and choices. */
static unsigned next_rand(unsigned long long *s) {
    *s ^= *s << 13, *s ^= *s >> 7, *s ^= *s << 17;
    return (unsigned)(*s >> 33);
}

/* --- comparisons: matrix products ------------------------------------------ */

static void cmp_product(KcResult *r, const KernelSet *ks, bool bt, int n, int k, int m,
                        bool strided, unsigned long long seed) {
    const char *kname = bt ? "matmul_bt" : "matmul";
    Operand a = {0}, b = {0}, out = {0};
    Matrix ref = {0};
    if (!operand_make(r, &a, n, k, strided, (int)seed) ||
        !operand_make(r, &b, bt ? m : k, bt ? k : m, strided, (int)seed + 1) ||
        !operand_make(r, &out, n, m, strided, (int)seed + 2) || !mat_alloc(&ref, n, m, NULL)) {
        if (out.parent.data)
            kc_fail(r, "cannot allocate a test matrix");
        operand_free(&a), operand_free(&b), operand_free(&out);
        return;
    }
    fill_random(&a.m, seed);
    fill_random(&b.m, seed + 7);

    if (bt) {
        kernels_scalar.matmul_bt(&ref, &a.m, &b.m);
        ks->matmul_bt(&out.m, &a.m, &b.m);
    } else {
        kernels_scalar.matmul(&ref, &a.m, &b.m);
        ks->matmul(&out.m, &a.m, &b.m);
    }

    char ctx[96];
    snprintf(ctx, sizeof ctx, "%s %s (%dx%d)x(%dx%d)%s", ks->name, kname, n, k, bt ? m : k,
             bt ? k : m, strided ? " on strided views" : "");
    for (int i = 0; i < n; i++)
        for (int j = 0; j < m; j++) {
            double absdot = 0.0;
            for (int p = 0; p < k; p++)
                absdot += fabs((double)mat_get(&a.m, i, p)) *
                          fabs((double)(bt ? mat_get(&b.m, j, p) : mat_get(&b.m, p, j)));
            double tol = 2.0 * k * U * absdot;
            float got = mat_get(&out.m, i, j), want = mat_get(&ref, i, j);
            if (!within(r, got, want, tol))
                kc_fail(r, "%s: out[%d][%d] = %.9g, reference %.9g, tolerance %.3g", ctx, i, j,
                        (double)got, (double)want, tol);
        }
    check_untouched(r, &out, ctx);
    operand_free(&a), operand_free(&b), operand_free(&out);
    mat_free(&ref);
}

static void sweep_products(KcResult *r, const KernelSet *ks, bool bt) {
    unsigned long long seed = bt ? 5000 : 1000;
    for (int strided = 0; strided < 2; strided++)
        for (int in = 0; in < NSIZES; in++)
            for (int ik = 0; ik < NSIZES; ik++)
                for (int im = 0; im < NSIZES; im++)
                    cmp_product(r, ks, bt, sizes[in], sizes[ik], sizes[im], strided, seed++);
    /* random larger shapes, then shapes that cross the cache blocks of the
     * packed product (simd_matmul.inc): depth past 256 and 384, rows past
     * 120, 144 and 240, columns past 4096 */
    unsigned long long s = 0x5eed0001ull + bt;
    for (int t = 0; t < 8; t++) {
        int n = 1 + (int)(next_rand(&s) % 150), k = 1 + (int)(next_rand(&s) % 600);
        int m = 1 + (int)(next_rand(&s) % 300);
        cmp_product(r, ks, bt, n, k, m, t % 2 == 1, seed++);
    }
    static const int blocky[][3] = {{130, 513, 257}, {250, 40, 33}, {241, 385, 35}, {7, 20, 4100}};
    for (int t = 0; t < 4; t++)
        cmp_product(r, ks, bt, blocky[t][0], blocky[t][1], blocky[t][2], t % 2 == 0, seed++);
}

void kc_cmp_matmul(KcResult *r, const KernelSet *ks) { sweep_products(r, ks, false); }
void kc_cmp_matmul_bt(KcResult *r, const KernelSet *ks) { sweep_products(r, ks, true); }

/* every cell of got (n, m) has the bits of want's; `ctx` and `what` (the
 * kernel want came from) name a difference */
static void same_product(KcResult *r, const char *ctx, const Matrix *got, const Matrix *want, const char *what) {
    for (int i = 0; i < got->rows; i++)
        for (int j = 0; j < got->cols; j++)
            if (!same_bits(r, mat_get(got, i, j), mat_get(want, i, j)))
                kc_fail(r, "%s: out[%d][%d] = %.9g, but %s gives %.9g", ctx, i, j, (double)mat_get(got, i, j),
                        what, (double)mat_get(want, i, j));
}

/* pack, then matmul_packed: bit-identical to the same set's matmul (or
 * matmul_bt for a packed b^T), which is checked against the reference
 * above; pack writes only its packed_floats, and the output only its
 * columns. The packed operand is used for two different left operands. */
static void cmp_packed(KcResult *r, const KernelSet *ks, bool bt, int n, int k, int m, bool strided,
                       unsigned long long seed) {
    Operand a = {0}, b = {0}, out = {0};
    Matrix want = {0};
    const size_t floats = ks->packed_floats(k, m);
    float *packed = malloc((floats + 16) * sizeof(float));
    if (!packed || !operand_make(r, &a, n, k, strided, (int)seed) ||
        !operand_make(r, &b, bt ? m : k, bt ? k : m, strided, (int)seed + 1) ||
        !operand_make(r, &out, n, m, strided, (int)seed + 2) || !mat_alloc(&want, n, m, NULL)) {
        kc_fail(r, "cannot allocate a test matrix");
    } else {
        fill_random(&b.m, seed + 7);
        for (size_t e = 0; e < floats + 16; e++)
            packed[e] = NAN;
        ks->pack(packed, &b.m, bt);
        for (size_t e = floats; e < floats + 16; e++)
            if (!isnan(packed[e]))
                kc_fail(r, "%s pack (%dx%d)%s: wrote past its %zu floats", ks->name, k, m, bt ? "^T" : "", floats);
        char ctx[96];
        snprintf(ctx, sizeof ctx, "%s matmul_packed (%dx%d)x(%dx%d)%s%s", ks->name, n, k, k, m,
                 bt ? " packed from b^T" : "", strided ? " on strided views" : "");
        for (int round = 0; round < 2; round++) {
            fill_random(&a.m, seed + 11 * (unsigned long long)round);
            bt ? ks->matmul_bt(&want, &a.m, &b.m) : ks->matmul(&want, &a.m, &b.m);
            ks->matmul_packed(&out.m, &a.m, packed);
            same_product(r, ctx, &out.m, &want, bt ? "matmul_bt" : "matmul");
        }
        check_untouched(r, &out, ctx);
    }
    free(packed);
    operand_free(&a), operand_free(&b), operand_free(&out);
    mat_free(&want);
}

void kc_cmp_matmul_packed(KcResult *r, const KernelSet *ks) {
    unsigned long long seed = 9000;
    for (int bt = 0; bt < 2; bt++)
        for (int in = 0; in < NSIZES; in += 2)
            for (int ik = 0; ik < NSIZES; ik++)
                for (int im = 0; im < NSIZES; im++)
                    cmp_packed(r, ks, bt, sizes[in], sizes[ik], sizes[im], (in + ik + im) % 2 == 1, seed++);
    /* the attention strips' shapes, and blocks of the packed product:
     * depth past 256 and 384, columns past 4096 */
    static const int blocky[][3] = {{96, 64, 512}, {96, 512, 64}, {130, 513, 257}, {7, 20, 4100}, {241, 385, 35}};
    for (int bt = 0; bt < 2; bt++)
        for (int t = 0; t < 5; t++)
            cmp_packed(r, ks, bt, blocky[t][0], blocky[t][1], blocky[t][2], t % 2 == 0, seed++);
}

/* matmul_scratch with one scratch kept over products of growing and
 * shrinking shapes (direct and blocked, a and a^T): bit-identical to the
 * same set's matmul (matmul_bt), which is checked against the reference
 * above, whatever the scratch held before; and with no scratch. The
 * scratch's room is whatever the last growth left (its contents are the
 * previous product's packed blocks, never read). */
void kc_cmp_matmul_scratch(KcResult *r, const KernelSet *ks) {
    static const int shapes[][3] = {{3, 4, 4},     {130, 513, 257}, {7, 20, 300}, {96, 64, 512},
                                    {241, 385, 35}, {200, 300, 600}, {17, 33, 65}, {64, 256, 700}};
    const int count = (int)(sizeof shapes / sizeof shapes[0]);
    MatScratch kept = {0};
    unsigned long long seed = 9500;
    for (int t = 0; t < 2 * count; t++) {
        const int n = shapes[t % count][0], k = shapes[t % count][1], m = shapes[t % count][2];
        const bool bt = t % 3 == 1, strided = t % 2 == 1;
        Operand a = {0}, b = {0}, out = {0};
        Matrix want = {0};
        if (!operand_make(r, &a, n, k, strided, (int)seed) ||
            !operand_make(r, &b, bt ? m : k, bt ? k : m, strided, (int)seed + 1) ||
            !operand_make(r, &out, n, m, strided, (int)seed + 2) || !mat_alloc(&want, n, m, NULL)) {
            kc_fail(r, "cannot allocate a test matrix");
        } else {
            fill_random(&a.m, seed + 3);
            fill_random(&b.m, seed + 4);
            bt ? ks->matmul_bt(&want, &a.m, &b.m) : ks->matmul(&want, &a.m, &b.m);
            char ctx[96];
            for (int own = 0; own < 2; own++) {
                snprintf(ctx, sizeof ctx, "%s matmul_scratch (%dx%d)x(%dx%d)%s%s%s", ks->name, n, k, k, m,
                         bt ? " as b^T" : "", strided ? " on strided views" : "",
                         own ? " without a scratch" : "");
                ks->matmul_scratch(&out.m, &a.m, &b.m, bt, own ? NULL : &kept);
                same_product(r, ctx, &out.m, &want, bt ? "matmul_bt" : "matmul");
            }
            check_untouched(r, &out, ctx);
        }
        operand_free(&a), operand_free(&b), operand_free(&out);
        mat_free(&want);
        seed += 5;
    }
    mat_scratch_free(&kept);
    if (kept.data || kept.floats)
        kc_fail(r, "mat_scratch_free left room behind");
}

/* matmul_many: each product bit-identical to the same set's matmul, with a
 * packed once for one, two or three right operands: shapes whose a is
 * packed (more than 128 columns) or not, a direct product, depth past 256
 * and 384, columns past 4096 (a's blocks packed for the first block of
 * columns, read for the next), strided operands; one scratch kept over
 * all of them, and none. */
void kc_cmp_matmul_many(KcResult *r, const KernelSet *ks) {
    static const int shapes[][3] = {{512, 512, 512}, {3, 4, 4},   {130, 513, 257},
                                    {241, 385, 35},  {7, 20, 4100}, {50, 300, 4200}, {97, 64, 200}};
    const int count = (int)(sizeof shapes / sizeof shapes[0]);
    MatScratch kept = {0};
    unsigned long long seed = 9700;
    for (int t = 0; t < count; t++) {
        const int n = shapes[t][0], k = shapes[t][1], m = shapes[t][2], many = 1 + (t + 2) % 3;
        const bool strided = t % 2 == 1;
        Operand a = {0}, b[3], out[3];
        Matrix want[3];
        memset(b, 0, sizeof b), memset(out, 0, sizeof out), memset(want, 0, sizeof want);
        bool made = operand_make(r, &a, n, k, strided, (int)seed);
        for (int i = 0; i < many && made; i++)
            made = operand_make(r, &b[i], k, m, strided, (int)seed + 1 + i) &&
                   operand_make(r, &out[i], n, m, strided, (int)seed + 4 + i) && mat_alloc(&want[i], n, m, NULL);
        if (!made) {
            kc_fail(r, "cannot allocate a test matrix");
        } else {
            fill_random(&a.m, seed + 7);
            Matrix *outs[3];
            const Matrix *bs[3];
            for (int i = 0; i < many; i++) {
                fill_random(&b[i].m, seed + 8 + (unsigned long long)i);
                ks->matmul(&want[i], &a.m, &b[i].m);
                outs[i] = &out[i].m, bs[i] = &b[i].m;
            }
            char ctx[96];
            for (int own = 0; own < 2; own++) {
                snprintf(ctx, sizeof ctx, "%s matmul_many %d x (%dx%d)x(%dx%d)%s%s", ks->name, many, n, k, k,
                         m, strided ? " on strided views" : "", own ? " without a scratch" : "");
                ks->matmul_many(outs, &a.m, bs, many, own ? NULL : &kept);
                for (int i = 0; i < many; i++)
                    same_product(r, ctx, outs[i], &want[i], "matmul");
            }
            for (int i = 0; i < many; i++)
                check_untouched(r, &out[i], ctx);
        }
        operand_free(&a);
        for (int i = 0; i < 3; i++)
            operand_free(&b[i]), operand_free(&out[i]), mat_free(&want[i]);
        seed += 11;
    }
    mat_scratch_free(&kept);
}

/* --- comparisons: element-wise kernels, bit for bit ------------------------- */

typedef enum { EW_ADD, EW_ADD_ROW, EW_SCALE, EW_KEEP } EwKind;

static const char *const ew_names[] = {"add", "add_row", "scale", "keep_rows"};

/* Values that make flush-to-zero or a changed operation order visible:
 * subnormals, signed zeros and large magnitudes among the random ones. */
static void sprinkle_specials(Matrix *m, int salt) {
    static const float specials[] = {1.5e-39f, -2.25e-39f, -0.0f, 0.0f, 3.0e37f, -1.0e-45f};
    for (int i = 0; i < m->rows; i++)
        for (int j = 0; j < m->cols; j++)
            if ((i * 7 + j * 3 + salt) % 11 == 0)
                mat_set(m, i, j, specials[(i + j + salt) % 6]);
}

static void run_ew(const KernelSet *ks, EwKind kind, Matrix *out, const Matrix *a, const Matrix *b,
                   const float *row, float s) {
    if (kind == EW_ADD)
        ks->add(out, a, b);
    else if (kind == EW_ADD_ROW)
        ks->add_row(out, a, row);
    else if (kind == EW_SCALE)
        ks->scale(out, a, s);
    else
        ks->keep_rows(out, a);
}

static void cmp_elementwise(KcResult *r, const KernelSet *ks, EwKind kind, int n, int m,
                            bool strided, unsigned long long seed) {
    static const float scales[] = {0.125f, -1.75f, 3.3e-3f, 0.0f, -0.0f, 1.0e30f, 7.0f};
    Operand a = {0}, b = {0}, out = {0}, row = {0}, inplace = {0};
    Matrix ref = {0};
    int ok = operand_make(r, &a, n, m, strided, (int)seed) &&
             operand_make(r, &b, n, m, strided, (int)seed + 1) &&
             operand_make(r, &row, 1, m, true, (int)seed) && /* never 64-byte aligned */
             operand_make(r, &out, n, m, strided, (int)seed + 2) &&
             operand_make(r, &inplace, n, m, strided, (int)seed) && mat_alloc(&ref, n, m, NULL);
    if (ok) {
        fill_random(&a.m, seed);
        fill_random(&b.m, seed + 3);
        fill_random(&row.m, seed + 5);
        sprinkle_specials(&a.m, (int)seed);
        sprinkle_specials(&b.m, (int)seed + 1);
        sprinkle_specials(&row.m, (int)seed + 2);
        float s = scales[seed % (sizeof scales / sizeof scales[0])];
        const float *rowp = mat_row(&row.m, 0);

        run_ew(&kernels_scalar, kind, &ref, &a.m, &b.m, rowp, s);
        run_ew(ks, kind, &out.m, &a.m, &b.m, rowp, s);
        /* out == a is allowed for the element-wise kernels (keep_rows's
         * operands overlap nothing: its in-place result is the copy's) */
        for (int i = 0; i < n; i++)
            memcpy(mat_row(&inplace.m, i), mat_row(&a.m, i), (size_t)m * sizeof(float));
        if (kind == EW_KEEP)
            run_ew(ks, kind, &inplace.m, &a.m, &b.m, rowp, s);
        else
            run_ew(ks, kind, &inplace.m, &inplace.m, &b.m, rowp, s);

        char ctx[96];
        snprintf(ctx, sizeof ctx, "%s %s %dx%d%s", ks->name, ew_names[kind], n, m,
                 strided ? " on strided views" : "");
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++) {
                float want = mat_get(&ref, i, j), got = mat_get(&out.m, i, j);
                float got2 = mat_get(&inplace.m, i, j);
                if (!same_bits(r, got, want))
                    kc_fail(r, "%s: out[%d][%d] = %.9g (0x%08x), reference %.9g (0x%08x)", ctx,
                            i, j, (double)got, bits_of(got), (double)want, bits_of(want));
                if (!same_bits(r, got2, want))
                    kc_fail(r, "%s in place: out[%d][%d] = %.9g, reference %.9g", ctx, i, j,
                            (double)got2, (double)want);
            }
        check_untouched(r, &out, ctx);
        check_untouched(r, &inplace, ctx);
    }
    operand_free(&a), operand_free(&b), operand_free(&row), operand_free(&out);
    operand_free(&inplace);
    mat_free(&ref);
}

static void sweep_elementwise(KcResult *r, const KernelSet *ks, EwKind kind) {
    unsigned long long seed = 9000 + 1000 * (unsigned long long)kind;
    for (int strided = 0; strided < 2; strided++)
        for (int in = 0; in < NSIZES; in++)
            for (int im = 0; im < NSIZES; im++)
                cmp_elementwise(r, ks, kind, sizes[in], sizes[im], strided, seed++);
    cmp_elementwise(r, ks, kind, 3, 1000, true, seed++);
    cmp_elementwise(r, ks, kind, 130, 257, false, seed++);
}

void kc_cmp_add(KcResult *r, const KernelSet *ks) { sweep_elementwise(r, ks, EW_ADD); }
void kc_cmp_add_row(KcResult *r, const KernelSet *ks) { sweep_elementwise(r, ks, EW_ADD_ROW); }
void kc_cmp_scale(KcResult *r, const KernelSet *ks) { sweep_elementwise(r, ks, EW_SCALE); }
/* keep_rows: a copy, bit for bit (the reference is memcpy), into aligned
 * rows (written past the cache) and, strided, into unaligned ones */
void kc_cmp_keep_rows(KcResult *r, const KernelSet *ks) { sweep_elementwise(r, ks, EW_KEEP); }

/* --- comparisons: softmax --------------------------------------------------- */

/* Inputs: 0 = uniform in [-1, 1); 1 = times 12 (weights spread over e^-24);
 * 2 = times 60, so some exponentials fall below the normal range;
 * 3 = times 8 with the causal mask (-inf above the diagonal). */
static void cmp_softmax(KcResult *r, const KernelSet *ks, int n, int m, bool strided, int variant,
                        unsigned long long seed) {
    Operand a = {0}, out = {0};
    Matrix ref = {0};
    float *mx = calloc((size_t)n * 4, sizeof(float));
    if (!mx) {
        kc_fail(r, "out of memory");
        return;
    }
    float *sm = mx + n, *mx_ref = mx + 2 * n, *sm_ref = mx + 3 * n;
    int ok = operand_make(r, &a, n, m, strided, (int)seed) &&
             operand_make(r, &out, n, m, strided, (int)seed + 1) && mat_alloc(&ref, n, m, NULL);
    if (ok) {
        fill_random(&a.m, seed);
        static const float spread[] = {1.0f, 12.0f, 60.0f, 8.0f};
        scale_in_place(&a.m, spread[variant], 0.0f);
        if (variant == 3)
            mat_causal_mask(&a.m, &a.m, -INFINITY);

        kernels_scalar.softmax_rows(&ref, &a.m, mx_ref, sm_ref);
        ks->softmax_rows(&out.m, &a.m, mx, sm);

        char ctx[96];
        snprintf(ctx, sizeof ctx, "%s softmax_rows %dx%d (input %d)%s", ks->name, n, m, variant,
                 strided ? " on strided views" : "");
        for (int i = 0; i < n; i++) {
            r->checked++;
            if (!(mx[i] == mx_ref[i]))
                kc_fail(r, "%s: row_max[%d] = %.9g, reference %.9g", ctx, i, (double)mx[i],
                        (double)mx_ref[i]);
            double sref = sm_ref[i];
            if (!within(r, sm[i], sm_ref[i], (2.0 * m + 4) * U * sref))
                kc_fail(r, "%s: row_sum[%d] = %.9g, reference %.9g", ctx, i, (double)sm[i],
                        sref);
            for (int j = 0; j < m; j++) {
                float got = mat_get(&out.m, i, j), want = mat_get(&ref, i, j);
                if (!within_floor(r, got, want, (2.0 * m + 8) * U * fabs((double)want),
                                  (double)FLT_MIN))
                    kc_fail(r, "%s: out[%d][%d] = %.9g, reference %.9g", ctx, i, j,
                            (double)got, (double)want);
                /* the exponentials themselves, free of the sum's rounding */
                double e = (double)got * (double)sm[i], e_ref = (double)want * sref;
                r->checked++;
                double rel = 8 * U * e_ref, abs_tol = (double)FLT_MIN * (1.0 + sref);
                double err = fabs(e - e_ref);
                if (rel >= abs_tol && err / (rel + abs_tol) > r->worst)
                    r->worst = err / (rel + abs_tol);
                if (!(err <= rel + abs_tol))
                    kc_fail(r, "%s: exp at [%d][%d] = %.9g, reference %.9g (out * row_sum)", ctx,
                            i, j, e, e_ref);
            }
        }
        check_untouched(r, &out, ctx);
    }
    operand_free(&a), operand_free(&out);
    mat_free(&ref);
    free(mx);
}

void kc_cmp_softmax_rows(KcResult *r, const KernelSet *ks) {
    unsigned long long seed = 20000;
    for (int strided = 0; strided < 2; strided++)
        for (int in = 0; in < NSIZES; in++)
            for (int im = 0; im < NSIZES; im++)
                for (int v = 0; v < 4; v++)
                    cmp_softmax(r, ks, sizes[in], sizes[im], strided, v, seed++);
    cmp_softmax(r, ks, 4, 1000, true, 1, seed++);
    cmp_softmax(r, ks, 40, 333, false, 2, seed++);
}

/* --- comparisons: scale, mask and softmax in one pass ----------------------- */

/* The fused kernel against two things: bit for bit against the same set's
 * scale, mask and softmax_rows run one after the other (it promises the
 * same bits), and against the scalar reference under the softmax_rows
 * tolerance. Row 1 holds a NaN, row 2 a +inf and row 3 only -inf (where
 * the rows exist), so the edge cases go through both paths; variants
 * choose the scale, the mask and in-place use; variant 6 has only finite
 * scores, and 7 one that overflows when scaled. */
static void cmp_scale_mask_softmax(KcResult *r, const KernelSet *ks, int n, int m, bool strided,
                                   int variant, unsigned long long seed) {
    static const float scales[] = {0.125f, 0.35355339f, 1.0f, 7.5f};
    const float s = scales[variant % 4];
    const bool causal = variant % 3 != 0, in_place = variant % 5 == 1;
    const int row0 = variant % 3 == 2 ? (int)(seed % 9) : 0;
    const float mask_value = variant % 2 ? -INFINITY : -1e9f;
    /* the scaled and masked scores are kept when not in place */
    const bool keep_scaled = !in_place && variant % 2 == 0, keep_masked = !in_place && causal;
    Operand a = {0}, out = {0}, scaled = {0}, masked = {0};
    Matrix ref = {0}, steps = {0}, steps_scaled = {0}, masked_want = {0};
    int ok = operand_make(r, &a, n, m, strided, (int)seed) &&
             operand_make(r, &out, n, m, strided, (int)seed + 1) &&
             operand_make(r, &scaled, n, m, strided, (int)seed + 2) &&
             operand_make(r, &masked, n, m, strided, (int)seed + 3) && mat_alloc(&ref, n, m, NULL) &&
             mat_alloc(&steps, n, m, NULL) && mat_alloc(&steps_scaled, n, m, NULL) &&
             mat_alloc(&masked_want, n, m, NULL);
    if (ok) {
        fill_random(&a.m, seed);
        scale_in_place(&a.m, 8.0f, 0.0f);
        if (variant == 7) /* finite, but not once scaled (masked or not) */
            mat_set(&a.m, n - 1, m - 1, 1e38f);
        if (n > 1 && variant < 6)
            mat_set(&a.m, 1, m / 2, NAN);
        if (n > 2 && variant < 6)
            mat_set(&a.m, 2, 0, INFINITY);
        for (int j = 0; n > 3 && variant < 6 && j < m; j++)
            mat_set(&a.m, 3, j, -INFINITY);

        bool ref_finite = kernels_scalar.scale_mask_softmax_rows(&ref, &a.m, s, causal, row0, mask_value,
                                                                 NULL, NULL);
        /* the three stages of this set, one after the other */
        ks->scale(&steps_scaled, &a.m, s);
        mat_put_cols(&steps, &steps_scaled, 0);
        for (int i = 0; causal && i < n; i++)
            for (int j = row0 + i + 1; j < m; j++)
                mat_set(&steps, i, j, mask_value);
        mat_put_cols(&masked_want, &steps, 0); /* what the mask stage keeps */
        ks->softmax_rows(&steps, &steps, NULL, NULL);
        /* all finite: every scaled score and every weight */
        bool want_finite = kernels_scalar.all_finite(&steps_scaled, false) && kernels_scalar.all_finite(&steps, false);
        bool finite;
        if (in_place) {
            for (int i = 0; i < n; i++)
                memcpy(mat_row(&out.m, i), mat_row(&a.m, i), (size_t)m * sizeof(float));
            finite = ks->scale_mask_softmax_rows(&out.m, &out.m, s, causal, row0, mask_value, NULL, NULL);
        } else {
            finite = ks->scale_mask_softmax_rows(&out.m, &a.m, s, causal, row0, mask_value,
                                                 keep_scaled ? &scaled.m : NULL, keep_masked ? &masked.m : NULL);
        }

        char ctx[128];
        snprintf(ctx, sizeof ctx, "%s scale_mask_softmax_rows %dx%d (s %g, %s row0 %d, mask %g%s)%s",
                 ks->name, n, m, (double)s, causal ? "causal" : "no mask", row0,
                 (double)mask_value, in_place ? ", in place" : "", strided ? " on strided views" : "");
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++) {
                float got = mat_get(&out.m, i, j), want = mat_get(&ref, i, j);
                if (!same_bits(r, got, mat_get(&steps, i, j)))
                    kc_fail(r, "%s: out[%d][%d] = %.9g, but the three stages give %.9g", ctx, i,
                            j, (double)got, (double)mat_get(&steps, i, j));
                if (!within_floor(r, got, want, (2.0 * m + 8) * U * fabs((double)want),
                                  (double)FLT_MIN))
                    kc_fail(r, "%s: out[%d][%d] = %.9g, reference %.9g", ctx, i, j,
                            (double)got, (double)want);
                if (keep_scaled && !same_bits(r, mat_get(&scaled.m, i, j), mat_get(&steps_scaled, i, j)))
                    kc_fail(r, "%s: scaled[%d][%d] = %.9g, but the scale kernel gives %.9g", ctx, i, j,
                            (double)mat_get(&scaled.m, i, j), (double)mat_get(&steps_scaled, i, j));
                if (keep_masked && !same_bits(r, mat_get(&masked.m, i, j), mat_get(&masked_want, i, j)))
                    kc_fail(r, "%s: masked[%d][%d] = %.9g, but the mask stage gives %.9g", ctx, i, j,
                            (double)mat_get(&masked.m, i, j), (double)mat_get(&masked_want, i, j));
            }
        r->checked += 2;
        if (finite != want_finite || ref_finite != want_finite)
            kc_fail(r, "%s: says %s finite (the reference: %s), but its results are %s", ctx,
                    finite ? "all" : "not all", ref_finite ? "all" : "not all", want_finite ? "all finite" : "not");
        check_untouched(r, &out, ctx);
        if (keep_scaled)
            check_untouched(r, &scaled, ctx);
        if (keep_masked)
            check_untouched(r, &masked, ctx);
    }
    operand_free(&a), operand_free(&out), operand_free(&scaled), operand_free(&masked);
    mat_free(&ref), mat_free(&steps), mat_free(&steps_scaled), mat_free(&masked_want);
}

void kc_cmp_scale_mask_softmax_rows(KcResult *r, const KernelSet *ks) {
    unsigned long long seed = 25000;
    for (int strided = 0; strided < 2; strided++)
        for (int in = 0; in < NSIZES; in++)
            for (int im = 0; im < NSIZES; im++)
                for (int v = 0; v < 8; v++)
                    cmp_scale_mask_softmax(r, ks, sizes[in], sizes[im], strided, v, seed++);
    cmp_scale_mask_softmax(r, ks, 40, 1000, true, 1, seed++);
    cmp_scale_mask_softmax(r, ks, 70, 333, false, 2, seed++);
}

/* --- comparisons: the finiteness test -------------------------------------- */

/* all_finite against the reference's answer (a boolean: equal), on finite
 * matrices and on each with one inf, -inf or NaN planted at every position
 * of a few rows (so the vector body and the tail are both exercised),
 * above the diagonal too, with and without skip_upper. */
void kc_cmp_all_finite(KcResult *r, const KernelSet *ks) {
    static const float bad[] = {INFINITY, -INFINITY, NAN};
    unsigned long long seed = 31000;
    for (int strided = 0; strided < 2; strided++)
        for (int in = 0; in < NSIZES; in += 2)
            for (int im = 0; im < NSIZES; im++) {
                const int n = sizes[in], m = sizes[im];
                Operand a = {0};
                if (!operand_make(r, &a, n, m, strided, (int)seed)) {
                    operand_free(&a);
                    return;
                }
                fill_random(&a.m, seed++);
                scale_in_place(&a.m, 3.0e38f, 0.0f); /* finite, but near the top */
                for (int skip = 0; skip < 2; skip++) {
                    r->checked++;
                    if (ks->all_finite(&a.m, skip) != true)
                        kc_fail(r, "%s all_finite %dx%d: false on a finite matrix", ks->name, n, m);
                }
                for (int i = 0; i < n; i += 1 + n / 3)
                    for (int j = 0; j < m; j++) {
                        const float keep = mat_get(&a.m, i, j);
                        mat_set(&a.m, i, j, bad[(i + j) % 3]);
                        for (int skip = 0; skip < 2; skip++) {
                            bool want = kernels_scalar.all_finite(&a.m, skip);
                            r->checked++;
                            if (ks->all_finite(&a.m, skip) != want || want != (skip && j > i))
                                kc_fail(r, "%s all_finite %dx%d%s: %g at [%d][%d] gives %d, reference %d",
                                        ks->name, n, m, skip ? " skipping the upper part" : "",
                                        (double)bad[(i + j) % 3], i, j, !want, want);
                        }
                        mat_set(&a.m, i, j, keep);
                    }
                operand_free(&a);
            }
}

/* --- comparisons: layer norm ------------------------------------------------ */

static const LnConvention conventions[] = {
    {LN_VAR_POPULATION, LN_EPS_INSIDE, 1e-5f}, {LN_VAR_SAMPLE, LN_EPS_OUTSIDE, 1e-6f},
    {LN_VAR_POPULATION, LN_EPS_INSIDE, 0.0f},  {LN_VAR_SAMPLE, LN_EPS_INSIDE, 1e-5f},
    {LN_VAR_POPULATION, LN_EPS_OUTSIDE, 1e-5f}, {LN_VAR_SAMPLE, LN_EPS_OUTSIDE, 0.0f},
    {LN_VAR_POPULATION, LN_EPS_OUTSIDE, 0.0f}, {LN_VAR_SAMPLE, LN_EPS_INSIDE, 0.0f},
};
#define NCONV ((int)(sizeof conventions / sizeof conventions[0]))

/* The exact statistics of a row, in double. */
typedef struct RowStats {
    double mean, absmean, var, denom;
} RowStats;

static RowStats row_stats(const float *x, int m, LnConvention conv) {
    RowStats st = {0};
    for (int j = 0; j < m; j++)
        st.mean += (double)x[j], st.absmean += fabs((double)x[j]);
    st.mean /= m, st.absmean /= m;
    double sq = 0.0;
    for (int j = 0; j < m; j++)
        sq += ((double)x[j] - st.mean) * ((double)x[j] - st.mean);
    int divisor = conv.variance == LN_VAR_SAMPLE ? m - 1 : m;
    st.var = divisor > 0 ? sq / divisor : 0.0;
    st.denom = conv.eps_place == LN_EPS_INSIDE ? sqrt(st.var + (double)conv.eps)
                                               : sqrt(st.var) + (double)conv.eps;
    return st;
}

/* Inputs: 0 = uniform in [-1, 1), gamma and beta NULL; 1 = the same with
 * random gamma and beta; 2 = shifted by 30 (the mean's error matters),
 * with gamma and beta; 3 = times 100. */
static void cmp_layernorm(KcResult *r, const KernelSet *ks, int n, int m, bool strided,
                          LnConvention conv, int variant, unsigned long long seed) {
    Operand a = {0}, out = {0}, gb = {0};
    Matrix ref = {0};
    float *stats = calloc((size_t)n * 4, sizeof(float));
    if (!stats) {
        kc_fail(r, "out of memory");
        return;
    }
    float *mean = stats, *var = stats + n, *mean_ref = stats + 2 * n, *var_ref = stats + 3 * n;
    int ok = operand_make(r, &a, n, m, strided, (int)seed) &&
             operand_make(r, &out, n, m, strided, (int)seed + 1) &&
             operand_make(r, &gb, 2, m, true, (int)seed) && mat_alloc(&ref, n, m, NULL);
    if (ok) {
        fill_random(&a.m, seed);
        fill_random(&gb.m, seed + 11);
        if (variant == 2)
            scale_in_place(&a.m, 1.0f, 30.0f);
        else if (variant == 3)
            scale_in_place(&a.m, 100.0f, 0.0f);
        const float *gamma = variant == 0 ? NULL : mat_row(&gb.m, 0);
        const float *beta = variant == 0 ? NULL : mat_row(&gb.m, 1);

        kernels_scalar.layernorm_rows(&ref, &a.m, gamma, beta, conv, mean_ref, var_ref);
        ks->layernorm_rows(&out.m, &a.m, gamma, beta, conv, mean, var);

        char ctx[128];
        snprintf(ctx, sizeof ctx, "%s layernorm_rows %dx%d (%s, eps %s, %g, input %d)%s",
                 ks->name, n, m, conv.variance == LN_VAR_SAMPLE ? "sample" : "population",
                 conv.eps_place == LN_EPS_INSIDE ? "inside" : "outside", (double)conv.eps,
                 variant, strided ? " on strided views" : "");
        for (int i = 0; i < n; i++) {
            const float *x = mat_row(&a.m, i);
            RowStats st = row_stats(x, m, conv);
            if (st.var == 0.0) {
                /* the zero-variance edge case: exactly the reference's */
                if (!same_bits(r, mean[i], mean_ref[i]) || !same_bits(r, var[i], var_ref[i]))
                    kc_fail(r, "%s: zero-variance row %d: row_mean, row_var = %.9g, %.9g, "
                            "reference %.9g, %.9g", ctx, i, (double)mean[i], (double)var[i],
                            (double)mean_ref[i], (double)var_ref[i]);
                for (int j = 0; j < m; j++)
                    if (!same_bits(r, mat_get(&out.m, i, j), mat_get(&ref, i, j)))
                        kc_fail(r, "%s: zero-variance row %d: out[%d] = %.9g, reference %.9g",
                                ctx, i, j, (double)mat_get(&out.m, i, j),
                                (double)mat_get(&ref, i, j));
                continue;
            }
            double c = (double)m * m * U * st.absmean * st.absmean / st.var;
            if (!within(r, mean[i], mean_ref[i], 2.0 * m * U * st.absmean))
                kc_fail(r, "%s: row_mean[%d] = %.9g, reference %.9g", ctx, i, (double)mean[i],
                        (double)mean_ref[i]);
            if (!within(r, var[i], var_ref[i], 2.0 * (m + 4) * U * st.var * (1.0 + c)))
                kc_fail(r, "%s: row_var[%d] = %.9g, reference %.9g", ctx, i, (double)var[i],
                        (double)var_ref[i]);
            for (int j = 0; j < m; j++) {
                double g = gamma ? fabs((double)gamma[j]) : 1.0, b = beta ? fabs((double)beta[j]) : 0.0;
                double z = fabs(((double)x[j] - st.mean) / st.denom);
                double tol = 2.0 * (m + 8) * U * (g * (st.absmean / st.denom + z * (1.0 + c)) + b);
                float got = mat_get(&out.m, i, j), want = mat_get(&ref, i, j);
                if (!within(r, got, want, tol))
                    kc_fail(r, "%s: out[%d][%d] = %.9g, reference %.9g, tolerance %.3g", ctx, i,
                            j, (double)got, (double)want, tol);
            }
        }
        check_untouched(r, &out, ctx);
    }
    operand_free(&a), operand_free(&out), operand_free(&gb);
    mat_free(&ref);
    free(stats);
}

void kc_cmp_layernorm_rows(KcResult *r, const KernelSet *ks) {
    unsigned long long seed = 40000;
    for (int strided = 0; strided < 2; strided++)
        for (int in = 0; in < NSIZES; in++)
            for (int im = 0; im < NSIZES; im++)
                for (int v = 0; v < 4; v++)
                    /* every width meets every convention as the rows vary */
                    cmp_layernorm(r, ks, sizes[in], sizes[im], strided,
                                  conventions[(in + im + v + strided) % NCONV], v, seed++);
    for (int c = 0; c < NCONV; c++)
        cmp_layernorm(r, ks, 3, 1000, c % 2, conventions[c], c % 4, seed++);
}

/* --- comparisons: RMSNorm and the SwiGLU gate ------------------------------- */

/* Inputs: 0 = uniform in [-1, 1), gamma NULL; 1 = with random gamma;
 * 2 = shifted by 30 (no mean is subtracted: every square is large);
 * 3 = times 1e-3, with a row of zeros every fifth row. */
static void cmp_rmsnorm(KcResult *r, const KernelSet *ks, int n, int m, bool strided, float eps, int variant,
                        unsigned long long seed) {
    Operand a = {0}, out = {0}, g = {0};
    Matrix ref = {0};
    float *ms = calloc((size_t)n * 2, sizeof(float));
    if (!ms) {
        kc_fail(r, "out of memory");
        return;
    }
    float *ms_ref = ms + n;
    int ok = operand_make(r, &a, n, m, strided, (int)seed) && operand_make(r, &out, n, m, strided, (int)seed + 1) &&
             operand_make(r, &g, 1, m, true, (int)seed) && mat_alloc(&ref, n, m, NULL);
    if (ok) {
        fill_random(&a.m, seed);
        fill_random(&g.m, seed + 11);
        if (variant == 2)
            scale_in_place(&a.m, 1.0f, 30.0f);
        else if (variant == 3) {
            scale_in_place(&a.m, 1e-3f, 0.0f);
            for (int i = 0; i < n; i += 5) {
                Matrix row = mat_view_rows(&a.m, i, 1);
                scale_in_place(&row, 0.0f, 0.0f);
            }
        }
        const float *gamma = variant == 0 ? NULL : mat_row(&g.m, 0);
        kernels_scalar.rmsnorm_rows(&ref, &a.m, gamma, eps, ms_ref);
        ks->rmsnorm_rows(&out.m, &a.m, gamma, eps, ms);

        char ctx[128];
        snprintf(ctx, sizeof ctx, "%s rmsnorm_rows %dx%d (eps %g, input %d)%s", ks->name, n, m, (double)eps,
                 variant, strided ? " on strided views" : "");
        for (int i = 0; i < n; i++) {
            const float *x = mat_row(&a.m, i);
            double q = 0.0;
            for (int j = 0; j < m; j++)
                q += (double)x[j] * (double)x[j];
            q /= m;
            if (q == 0.0) {
                if (!same_bits(r, ms[i], ms_ref[i]))
                    kc_fail(r, "%s: zero row %d: row_ms = %.9g, reference %.9g", ctx, i, (double)ms[i],
                            (double)ms_ref[i]);
                for (int j = 0; j < m; j++)
                    if (!same_bits(r, mat_get(&out.m, i, j), mat_get(&ref, i, j)))
                        kc_fail(r, "%s: zero row %d: out[%d] = %.9g, reference %.9g", ctx, i, j,
                                (double)mat_get(&out.m, i, j), (double)mat_get(&ref, i, j));
                continue;
            }
            double d = sqrt(q + (double)eps);
            if (!within(r, ms[i], ms_ref[i], 2.0 * (m + 4) * U * q))
                kc_fail(r, "%s: row_ms[%d] = %.9g, reference %.9g", ctx, i, (double)ms[i], (double)ms_ref[i]);
            for (int j = 0; j < m; j++) {
                double gz = fabs((gamma ? (double)gamma[j] : 1.0) * (double)x[j] / d);
                double tol = 2.0 * (m + 8) * U * gz;
                float got = mat_get(&out.m, i, j), want = mat_get(&ref, i, j);
                if (!within(r, got, want, tol))
                    kc_fail(r, "%s: out[%d][%d] = %.9g, reference %.9g, tolerance %.3g", ctx, i, j, (double)got,
                            (double)want, tol);
            }
        }
        check_untouched(r, &out, ctx);
    }
    operand_free(&a), operand_free(&out), operand_free(&g);
    mat_free(&ref);
    free(ms);
}

void kc_cmp_rmsnorm_rows(KcResult *r, const KernelSet *ks) {
    static const float epss[] = {1e-5f, 1e-6f, 0.0f};
    unsigned long long seed = 70000;
    for (int strided = 0; strided < 2; strided++)
        for (int in = 0; in < NSIZES; in++)
            for (int im = 0; im < NSIZES; im++)
                for (int v = 0; v < 4; v++)
                    cmp_rmsnorm(r, ks, sizes[in], sizes[im], strided, epss[(in + im + v) % 3], v, seed++);
    for (int v = 0; v < 4; v++)
        cmp_rmsnorm(r, ks, 3, 1000, v % 2, epss[v % 3], v, seed++);
}

/* Inputs: the gate uniform in [-s, s) for s = 1, 8, 100 (|x| > 87.3: e^-|x|
 * below the normal range), up uniform in [-1, 1) or NULL; variant 3 puts
 * +-inf, NaN, +-0 and subnormals in the gate. Checked into a fresh output,
 * and in place over the gate and over up. */
static void cmp_silu(KcResult *r, const KernelSet *ks, int n, int m, bool strided, int variant, bool with_up,
                     unsigned long long seed) {
    static const float spread[] = {1.0f, 8.0f, 100.0f, 4.0f};
    static const float specials[] = {INFINITY, -INFINITY, NAN, -0.0f, 0.0f, 1.5e-39f, -88.0f, 89.0f};
    Operand g = {0}, u = {0}, out = {0}, in_g = {0}, in_u = {0};
    Matrix ref = {0};
    int ok = operand_make(r, &g, n, m, strided, (int)seed) && operand_make(r, &u, n, m, strided, (int)seed + 1) &&
             operand_make(r, &out, n, m, strided, (int)seed + 2) &&
             operand_make(r, &in_g, n, m, strided, (int)seed) && operand_make(r, &in_u, n, m, strided, (int)seed + 1) &&
             mat_alloc(&ref, n, m, NULL);
    if (ok) {
        fill_random(&g.m, seed);
        fill_random(&u.m, seed + 3);
        scale_in_place(&g.m, spread[variant], 0.0f);
        if (variant == 3)
            for (int i = 0; i < n; i++)
                for (int j = 0; j < m; j++)
                    if ((i * 5 + j * 3 + (int)seed) % 7 == 0)
                        mat_set(&g.m, i, j, specials[(i + j + (int)seed) % 8]);
        const Matrix *up = with_up ? &u.m : NULL;
        for (int i = 0; i < n; i++) {
            memcpy(mat_row(&in_g.m, i), mat_row(&g.m, i), (size_t)m * sizeof(float));
            memcpy(mat_row(&in_u.m, i), mat_row(&u.m, i), (size_t)m * sizeof(float));
        }
        kernels_scalar.silu_gate(&ref, &g.m, up);
        ks->silu_gate(&out.m, &g.m, up);
        ks->silu_gate(&in_g.m, &in_g.m, with_up ? &u.m : NULL);
        if (with_up)
            ks->silu_gate(&in_u.m, &g.m, &in_u.m);

        char ctx[128];
        snprintf(ctx, sizeof ctx, "%s silu_gate %dx%d (input %d%s)%s", ks->name, n, m, variant,
                 with_up ? ", with up" : ", no up", strided ? " on strided views" : "");
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++) {
                float x = mat_get(&g.m, i, j), want = mat_get(&ref, i, j);
                double uu = with_up ? fabs((double)mat_get(&u.m, i, j)) : 1.0;
                double tol = 8.0 * U * fabs((double)want), floor = 0x1p-100 * (1.0 + uu);
                const float got[3] = {mat_get(&out.m, i, j), mat_get(&in_g.m, i, j), mat_get(&in_u.m, i, j)};
                static const char *const how[3] = {"", " in place over the gate", " in place over up"};
                for (int k = 0; k < (with_up ? 3 : 2); k++) {
                    bool good = isfinite(x) ? within_floor(r, got[k], want, tol, floor) : same_bits(r, got[k], want);
                    if (!good)
                        kc_fail(r, "%s%s: out[%d][%d] = %.9g (gate %.9g), reference %.9g, tolerance %.3g", ctx,
                                how[k], i, j, (double)got[k], (double)x, (double)want, tol + floor);
                }
            }
        check_untouched(r, &out, ctx);
    }
    operand_free(&g), operand_free(&u), operand_free(&out), operand_free(&in_g), operand_free(&in_u);
    mat_free(&ref);
}

void kc_cmp_silu_gate(KcResult *r, const KernelSet *ks) {
    unsigned long long seed = 80000;
    for (int strided = 0; strided < 2; strided++)
        for (int in = 0; in < NSIZES; in++)
            for (int im = 0; im < NSIZES; im++)
                for (int v = 0; v < 4; v++)
                    cmp_silu(r, ks, sizes[in], sizes[im], strided, v, (in + im + v) % 3 != 0, seed++);
    for (int v = 0; v < 4; v++)
        cmp_silu(r, ks, 3, 1000, v % 2, v, v != 1, seed++);
}

/* --- numerics: helpers ------------------------------------------------------ */

/* |got - want| <= rel |want| + abs, recorded as a failure with `what`. */
static void expect_near(KcResult *r, const char *setname, const char *what, float got, double want,
                        double rel, double abs) {
    r->checked++;
    double err = fabs((double)got - want);
    if (!(err <= rel * fabs(want) + abs))
        kc_fail(r, "%s: %s = %.9g, expected %.9g", setname, what, (double)got, want);
}

static void expect_bits(KcResult *r, const char *setname, const char *what, float got, float want) {
    if (!same_bits(r, got, want))
        kc_fail(r, "%s: %s = %.9g (0x%08x), expected %.9g (0x%08x)", setname, what, (double)got,
                bits_of(got), (double)want, bits_of(want));
}

static void expect_nan(KcResult *r, const char *setname, const char *what, float got) {
    r->checked++;
    if (!isnan(got))
        kc_fail(r, "%s: %s = %.9g, expected NaN", setname, what, (double)got);
}

/* A rows x cols matrix from a row-major array (or zeros for NULL). */
static bool make(KcResult *r, Matrix *m, int rows, int cols, const float *values) {
    Error err;
    bool ok = values ? mat_from(m, rows, cols, values, &err) : mat_alloc(m, rows, cols, &err);
    if (!ok)
        kc_fail(r, "cannot allocate a test matrix: %s", err.msg);
    return ok;
}

/* Exact values are computed in double; the kernels must be within REL of
 * them (a few float roundings). Published 4-decimal values within PUB. */
#define REL 1e-6
#define PUB 5e-5

/* layernorm of one row; returns false (and has recorded why) on failure */
static bool ln_row(KcResult *r, const KernelSet *ks, const float *x, int m, const float *gamma,
                   const float *beta, LnConvention conv, float *y, float *mean, float *var) {
    Matrix a, out;
    if (!make(r, &a, 1, m, x))
        return false;
    if (!make(r, &out, 1, m, NULL)) {
        mat_free(&a);
        return false;
    }
    ks->layernorm_rows(&out, &a, gamma, beta, conv, mean, var);
    memcpy(y, mat_row(&out, 0), (size_t)m * sizeof(float));
    mat_free(&a), mat_free(&out);
    return true;
}

/* softmax of `rows` rows of length m from `x` (row-major) into y */
static bool softmax_of(KcResult *r, const KernelSet *ks, const float *x, int rows, int m, float *y,
                       float *mx, float *sm) {
    Matrix a, out;
    if (!make(r, &a, rows, m, x))
        return false;
    if (!make(r, &out, rows, m, NULL)) {
        mat_free(&a);
        return false;
    }
    ks->softmax_rows(&out, &a, mx, sm);
    for (int i = 0; i < rows; i++)
        memcpy(y + (size_t)i * (size_t)m, mat_row(&out, i), (size_t)m * sizeof(float));
    mat_free(&a), mat_free(&out);
    return true;
}

/* --- numerics: layer norm --------------------------------------------------- */

/* [1, 2, 3, 4] has mean 2.5, deviations -1.5, -0.5, 0.5, 1.5 and squared
 * deviations summing to 5. It is checked as a 4-wide row (all in the scalar
 * tail of an 8- or 16-lane set) and, for the population convention, as five
 * copies in a 20-wide row, which has the same mean and variance and runs
 * through the vector body. */
static const float x1234[4] = {1, 2, 3, 4};

static void check_ln_1234(KcResult *r, const KernelSet *ks, LnConvention conv, const double want[4],
                          const double published[4], double want_var) {
    float x20[20];
    for (int j = 0; j < 20; j++)
        x20[j] = x1234[j % 4];
    float y[20], mean, var;
    char what[96];
    if (ln_row(r, ks, x1234, 4, NULL, NULL, conv, y, &mean, &var)) {
        for (int j = 0; j < 4; j++) {
            snprintf(what, sizeof what, "layernorm([1,2,3,4])[%d]", j);
            expect_near(r, ks->name, what, y[j], want[j], REL, 0);
            if (published)
                expect_near(r, ks->name, what, y[j], published[j], 0, PUB);
        }
        expect_bits(r, ks->name, "row_mean of [1,2,3,4]", mean, 2.5f);
        expect_near(r, ks->name, "row_var of [1,2,3,4]", var, want_var, REL, 0);
    }
    if (conv.variance == LN_VAR_POPULATION &&
        ln_row(r, ks, x20, 20, NULL, NULL, conv, y, &mean, &var))
        for (int j = 0; j < 20; j++) {
            snprintf(what, sizeof what, "layernorm(five copies of [1,2,3,4])[%d]", j);
            expect_near(r, ks->name, what, y[j], want[j % 4], REL, 0);
        }
}

/* Population variance 5/4 = 1.25 (torch.nn.LayerNorm, the paper):
 * (x - 2.5) / sqrt(1.25 + 1e-5) = -1.3416354, -0.4472118, ... and with
 * eps = 0, 3/sqrt(5) = 1.3416408 and 1/sqrt(5) = 0.4472136 (hand
 * computation, checked in double). Published to 4 decimals: +-1.3416,
 * +-0.4472 (what torch.nn.LayerNorm(4) prints for this row). */
void kc_num_layernorm_1234_population(KcResult *r, const KernelSet *ks) {
    const double eps5[4] = {-1.3416354199689269, -0.447211806656309, 0.447211806656309, 1.3416354199689269};
    const double eps0[4] = {-1.3416407864998738, -0.4472135954999579, 0.4472135954999579, 1.3416407864998738};
    const double pub[4] = {-1.3416, -0.4472, 0.4472, 1.3416};
    check_ln_1234(r, ks, LN_CONVENTION_PYTORCH, eps5, pub, 1.25);
    check_ln_1234(r, ks, (LnConvention){LN_VAR_POPULATION, LN_EPS_INSIDE, 0.0f}, eps0, NULL, 1.25);
}

/* Sample variance 5/3 (the Annotated Transformer's x.std(), n - 1):
 * (x - 2.5) / sqrt(5/3 + 1e-5) = -1.1618915, -0.3872972, ...; to 4
 * decimals +-1.1619, +-0.3873. With eps = 0: 1.5 / sqrt(5/3) = 1.1618950.
 * The Annotated Transformer's own form, eps = 1e-6 outside the root:
 * 1.5 / (sqrt(5/3) + 1e-6) = 1.1618941. */
void kc_num_layernorm_1234_sample(KcResult *r, const KernelSet *ks) {
    const double inside[4] = {-1.1618915181928988, -0.3872971727309663, 0.3872971727309663, 1.1618915181928988};
    const double eps0[4] = {-1.161895003862225, -0.3872983346207417, 0.3872983346207417, 1.161895003862225};
    const double at[4] = {-1.1618941038629222, -0.3872980346209741, 0.3872980346209741, 1.1618941038629222};
    const double pub[4] = {-1.1619, -0.3873, 0.3873, 1.1619};
    const double var = 5.0 / 3.0;
    check_ln_1234(r, ks, (LnConvention){LN_VAR_SAMPLE, LN_EPS_INSIDE, 1e-5f}, inside, pub, var);
    check_ln_1234(r, ks, (LnConvention){LN_VAR_SAMPLE, LN_EPS_INSIDE, 0.0f}, eps0, pub, var);
    check_ln_1234(r, ks, (LnConvention){LN_VAR_SAMPLE, LN_EPS_OUTSIDE, 1e-6f}, at, pub, var);
}

/* A large eps shows where it sits. Population variance 1.25, eps = 1:
 * inside, sqrt(1.25 + 1) = 1.5 exactly, so the row is [-1, -1/3, 1/3, 1];
 * outside, sqrt(1.25) + 1 = 2.1180340, giving 1.5 / 2.1180340 = 0.7082039
 * and 0.5 / 2.1180340 = 0.2360680 (hand computation, checked in double). */
void kc_num_layernorm_eps_inside_outside(KcResult *r, const KernelSet *ks) {
    const double inside[4] = {-1.0, -1.0 / 3.0, 1.0 / 3.0, 1.0};
    const double outside[4] = {-0.7082039324993691, -0.2360679774997897, 0.2360679774997897, 0.7082039324993691};
    check_ln_1234(r, ks, (LnConvention){LN_VAR_POPULATION, LN_EPS_INSIDE, 1.0f}, inside, NULL, 1.25);
    check_ln_1234(r, ks, (LnConvention){LN_VAR_POPULATION, LN_EPS_OUTSIDE, 1.0f}, outside, NULL, 1.25);
}

/* gamma scales and beta shifts each column after normalising: with the
 * normalised row [-1, -1/3, 1/3, 1] from eps = 1 inside (see above),
 * gamma = [2, -1, 0.5, 3] and beta = [0.5, 0, -1, 10] give
 * [-1.5, 1/3, -5/6, 13]; repeated over 5 copies for the vector body. */
void kc_num_layernorm_gamma_beta(KcResult *r, const KernelSet *ks) {
    const LnConvention conv = {LN_VAR_POPULATION, LN_EPS_INSIDE, 1.0f};
    float x[20], gamma[20], beta[20], y[20];
    const float g4[4] = {2, -1, 0.5f, 3}, b4[4] = {0.5f, 0, -1, 10};
    const double want[4] = {-1.5, 1.0 / 3.0, -5.0 / 6.0, 13.0};
    for (int j = 0; j < 20; j++)
        x[j] = x1234[j % 4], gamma[j] = g4[j % 4], beta[j] = b4[j % 4];
    char what[64];
    for (int w = 4; w <= 20; w += 16) {
        if (!ln_row(r, ks, x, w, gamma, beta, conv, y, NULL, NULL))
            return;
        for (int j = 0; j < w; j++) {
            snprintf(what, sizeof what, "layernorm(width %d, gamma, beta)[%d]", w, j);
            expect_near(r, ks->name, what, y[j], want[j % 4], REL, 0);
        }
    }
}

/* A constant row has variance 0: the specification (kernels.h) says it
 * normalises to 0, so the output is exactly beta, never NaN, also with
 * eps = 0 where the formula would be 0/0. The values here have exact float
 * means (m copies of c sum exactly), so every set computes variance 0;
 * the known issue below is a constant row whose mean is inexact. */
void kc_num_layernorm_constant_row(KcResult *r, const KernelSet *ks) {
    static const float consts[] = {2.5f, -3.0f, 0.0f, 1024.0f};
    static const int widths[] = {2, 4, 17, 33, 64};
    float x[64], gamma[64], beta[64], y[64], mean, var;
    for (int j = 0; j < 64; j++)
        gamma[j] = 0.25f * (float)(j % 9) - 1.0f, beta[j] = (float)j - 20.5f;
    char what[96];
    for (int ci = 0; ci < 4; ci++)
        for (int wi = 0; wi < 5; wi++)
            for (int ei = 0; ei < 4; ei++) {
                LnConvention conv = {ei % 2 ? LN_VAR_SAMPLE : LN_VAR_POPULATION,
                                     ei / 2 ? LN_EPS_OUTSIDE : LN_EPS_INSIDE,
                                     ei == 1 ? 1e-5f : 0.0f};
                int w = widths[wi];
                for (int j = 0; j < w; j++)
                    x[j] = consts[ci];
                bool gb = (ci + wi) % 2 == 0;
                if (!ln_row(r, ks, x, w, gb ? gamma : NULL, gb ? beta : NULL, conv, y, &mean, &var))
                    return;
                for (int j = 0; j < w; j++) {
                    snprintf(what, sizeof what, "layernorm(%d x %g, convention %d)[%d]", w,
                             (double)consts[ci], ei, j);
                    expect_bits(r, ks->name, what, y[j], gb ? beta[j] : 0.0f);
                }
                expect_bits(r, ks->name, "row_mean of a constant row", mean, consts[ci]);
                expect_bits(r, ks->name, "row_var of a constant row", var, 0.0f);
            }
    /* Deviations of +-1e-30 are not 0: the variance (1e-60, summed in
     * double) is tiny but real, so with eps = 0 the row normalises to -1
     * and +1; with eps = 1e-5 the deviations vanish next to eps and the
     * output is beta to within a few ulp of gamma * 3e-28. */
    for (int j = 0; j < 40; j++)
        x[j] = j % 2 ? 1e-30f : -1e-30f;
    for (int ei = 0; ei < 2; ei++) {
        LnConvention conv = {LN_VAR_POPULATION, LN_EPS_INSIDE, ei ? 1e-5f : 0.0f};
        if (!ln_row(r, ks, x, 40, gamma, beta, conv, y, &mean, &var))
            return;
        for (int j = 0; j < 40; j++) {
            float want = gamma[j] * (ei ? 0.0f : (j % 2 ? 1.0f : -1.0f)) + beta[j];
            snprintf(what, sizeof what, "layernorm(+-1e-30, eps %g)[%d]", (double)conv.eps, j);
            expect_near(r, ks->name, what, y[j], (double)want, 4.0 * (double)FLT_EPSILON,
                        4.0 * (double)FLT_EPSILON * (double)fabsf(gamma[j]));
        }
    }
}

/* 3 x 0.1959f sums to a float whose third is not 0.1959f; the kernels
 * find the constant row exactly, so it still gives beta bit for bit. */
void kc_num_layernorm_constant_row_inexact_mean(KcResult *r, const KernelSet *ks) {
    float x[3] = {0.1959f, 0.1959f, 0.1959f}, beta[3] = {0.5f, -2.0f, 7.0f}, y[3];
    const LnConvention convs[2] = {{LN_VAR_POPULATION, LN_EPS_INSIDE, 0.0f},
                                   {LN_VAR_SAMPLE, LN_EPS_OUTSIDE, 0.0f}};
    for (int c = 0; c < 2; c++) {
        if (!ln_row(r, ks, x, 3, NULL, beta, convs[c], y, NULL, NULL))
            return;
        for (int j = 0; j < 3; j++)
            expect_bits(r, ks->name, "layernorm(3 x 0.1959, eps 0)", y[j], beta[j]);
    }
}

/* n = 1: the population variance is 0/1 = 0 and the sample variance 0/0 is
 * taken as 0 (kernels.h), so a single column gives beta in both, and
 * row_var is 0, not NaN. */
void kc_num_layernorm_single_column(KcResult *r, const KernelSet *ks) {
    float x[1] = {3.75f}, beta[1] = {-0.5f}, gamma[1] = {2.0f}, y[1], mean, var;
    for (int c = 0; c < 4; c++) {
        LnConvention conv = {c % 2 ? LN_VAR_SAMPLE : LN_VAR_POPULATION, LN_EPS_INSIDE,
                             c / 2 ? 0.0f : 1e-5f};
        if (!ln_row(r, ks, x, 1, gamma, beta, conv, y, &mean, &var))
            return;
        expect_bits(r, ks->name, c % 2 ? "sample layernorm of one column" : "population layernorm of one column", y[0], -0.5f);
        expect_bits(r, ks->name, "row_mean of one column", mean, 3.75f);
        expect_bits(r, ks->name, "row_var of one column", var, 0.0f);
    }
}

/* NaN anywhere in a row makes its mean, variance and every output NaN
 * (IEEE propagation; nothing hides it), and leaves other rows alone. */
void kc_num_layernorm_nan_row(KcResult *r, const KernelSet *ks) {
    enum { W = 19 };
    float x[3 * W];
    for (int j = 0; j < 3 * W; j++)
        x[j] = x1234[j % 4];
    x[W + 5] = NAN;  /* row 1: NaN in the vector body */
    x[2 * W + 18] = NAN; /* row 2: NaN in the tail */
    Matrix a, out;
    float mean[3], var[3];
    if (!make(r, &a, 3, W, x))
        return;
    if (!make(r, &out, 3, W, NULL)) {
        mat_free(&a);
        return;
    }
    ks->layernorm_rows(&out, &a, NULL, NULL, LN_CONVENTION_PYTORCH, mean, var);
    for (int i = 1; i < 3; i++) {
        for (int j = 0; j < W; j++)
            expect_nan(r, ks->name, "layernorm of a row with NaN", mat_get(&out, i, j));
        expect_nan(r, ks->name, "row_mean of a row with NaN", mean[i]);
        expect_nan(r, ks->name, "row_var of a row with NaN", var[i]);
    }
    for (int j = 0; j < W; j++) {
        r->checked++;
        if (!isfinite(mat_get(&out, 0, j)))
            kc_fail(r, "%s: a NaN in another row changed row 0", ks->name);
    }
    mat_free(&a), mat_free(&out);
}

/* --- numerics: RMSNorm and the SwiGLU gate ---------------------------------- */

/* rmsnorm of one row into y, with row_ms; false (recorded) on failure */
static bool rms_row(KcResult *r, const KernelSet *ks, const float *x, int m, const float *gamma, float eps,
                    float *y, float *ms) {
    Matrix a, out;
    if (!make(r, &a, 1, m, x))
        return false;
    if (!make(r, &out, 1, m, NULL)) {
        mat_free(&a);
        return false;
    }
    ks->rmsnorm_rows(&out, &a, gamma, eps, ms);
    memcpy(y, mat_row(&out, 0), (size_t)m * sizeof(float));
    mat_free(&a), mat_free(&out);
    return true;
}

/* [1, 2, 3, 4]: the squares sum to 1 + 4 + 9 + 16 = 30, their mean is 7.5,
 * and nothing is subtracted first (RMSNorm is not centred). With eps = 0,
 * x / sqrt(7.5) = 0.3651484, 0.7302967, 1.0954451, 1.4605935; with
 * eps = 1e-5, x / sqrt(7.50001) = 0.3651481, 0.7302962, 1.0954443,
 * 1.4605924 (by hand, checked in double). gamma = [2, -1, 0.5, 0] scales
 * each column. Also as five copies in a 20-wide row (the same mean of
 * squares), through the vector body. */
void kc_num_rmsnorm_1234(KcResult *r, const KernelSet *ks) {
    const double eps0[4] = {0.3651483716701107, 0.7302967433402214, 1.0954451150103321, 1.4605934866804429};
    const double eps5[4] = {0.3651481282381064, 0.7302962564762128, 1.0954443847143192, 1.4605925129524255};
    const float gamma[4] = {2.0f, -1.0f, 0.5f, 0.0f};
    float x20[20], g20[20], y[20], ms;
    for (int j = 0; j < 20; j++)
        x20[j] = x1234[j % 4], g20[j] = gamma[j % 4];
    char what[96];
    for (int e = 0; e < 2; e++) {
        const float eps = e ? 1e-5f : 0.0f;
        const double *want = e ? eps5 : eps0;
        if (rms_row(r, ks, x1234, 4, NULL, eps, y, &ms))
            for (int j = 0; j < 4; j++) {
                snprintf(what, sizeof what, "rmsnorm([1,2,3,4], eps %g)[%d]", (double)eps, j);
                expect_near(r, ks->name, what, y[j], want[j], REL, 0);
            }
        expect_bits(r, ks->name, "row_ms of [1,2,3,4]", ms, 7.5f);
        if (rms_row(r, ks, x20, 20, g20, eps, y, &ms))
            for (int j = 0; j < 20; j++) {
                snprintf(what, sizeof what, "rmsnorm(five copies of [1,2,3,4]) with gamma, eps %g)[%d]", (double)eps, j);
                expect_near(r, ks->name, what, y[j], (double)g20[j] * want[j % 4], REL, 0);
            }
        expect_bits(r, ks->name, "row_ms of five copies of [1,2,3,4]", ms, 7.5f);
    }
}

/* A row of zeros gives zeros and row_ms 0, also with eps = 0 (where the
 * formula would be 0/0); a constant row c gives sign(c) (its RMS is |c|),
 * which LayerNorm would make 0. */
void kc_num_rmsnorm_zero_and_constant_rows(KcResult *r, const KernelSet *ks) {
    static const int widths[] = {1, 4, 17, 33};
    float x[33], y[33], ms;
    char what[96];
    for (int wi = 0; wi < 4; wi++)
        for (int e = 0; e < 2; e++) {
            const int w = widths[wi];
            const float eps = e ? 1e-5f : 0.0f;
            for (int j = 0; j < w; j++)
                x[j] = 0.0f;
            if (!rms_row(r, ks, x, w, NULL, eps, y, &ms))
                return;
            for (int j = 0; j < w; j++) {
                snprintf(what, sizeof what, "rmsnorm(%d zeros, eps %g)[%d]", w, (double)eps, j);
                expect_bits(r, ks->name, what, y[j], 0.0f);
            }
            expect_bits(r, ks->name, "row_ms of a row of zeros", ms, 0.0f);
            for (int j = 0; j < w; j++)
                x[j] = -2.5f;
            if (!rms_row(r, ks, x, w, NULL, eps, y, &ms))
                return;
            for (int j = 0; j < w; j++) {
                snprintf(what, sizeof what, "rmsnorm(%d x -2.5, eps %g)[%d]", w, (double)eps, j);
                expect_near(r, ks->name, what, y[j], -2.5 / sqrt(6.25 + (double)eps), REL, 0);
            }
            expect_bits(r, ks->name, "row_ms of a row of -2.5", ms, 6.25f);
        }
}

/* NaN anywhere in a row makes its row_ms and every output NaN, and leaves
 * the other rows alone. */
void kc_num_rmsnorm_nan_row(KcResult *r, const KernelSet *ks) {
    enum { W = 19 };
    float x[3 * W], ms[3];
    for (int j = 0; j < 3 * W; j++)
        x[j] = x1234[j % 4];
    x[W + 5] = NAN, x[2 * W + 18] = NAN; /* the vector body, the tail */
    Matrix a, out;
    if (!make(r, &a, 3, W, x))
        return;
    if (!make(r, &out, 3, W, NULL)) {
        mat_free(&a);
        return;
    }
    ks->rmsnorm_rows(&out, &a, NULL, 1e-5f, ms);
    for (int i = 1; i < 3; i++) {
        for (int j = 0; j < W; j++)
            expect_nan(r, ks->name, "rmsnorm of a row with NaN", mat_get(&out, i, j));
        expect_nan(r, ks->name, "row_ms of a row with NaN", ms[i]);
    }
    for (int j = 0; j < W; j++) {
        r->checked++;
        if (!isfinite(mat_get(&out, 0, j)))
            kc_fail(r, "%s: a NaN in another row changed row 0", ks->name);
    }
    mat_free(&a), mat_free(&out);
}

/* silu(x) = x / (1 + e^-x): silu(0) = 0, silu(1) = 1 / (1 + 1/e) =
 * 0.7310586, silu(-1) = -1 / (1 + e) = -0.2689414, silu(2) = 2 / (1 + e^-2)
 * = 1.7615942, silu(-2) = -0.2384058, silu(-20) = -20 / (1 + e^20) =
 * -4.1223072e-8, silu(20) = 19.999999959 (float 20); published to 4
 * decimals: 0.7311, -0.2689, 1.7616, -0.2384 (torch.nn.functional.silu).
 * Gated: silu(x) * up with up = 3, -0.5, 2, 1, 4, 1, 1: 2.1931757 for x = 1.
 * Eight copies in a row of 64 go through the vector body; the first row
 * of seven, through the tail of the 8- and 16-lane sets. silu(+inf) = +inf,
 * silu(-inf) and silu(NaN) are NaN (kernels.h). */
void kc_num_silu_known(KcResult *r, const KernelSet *ks) {
    const float xs[8] = {0.0f, 1.0f, -1.0f, 2.0f, -2.0f, -20.0f, 20.0f, 0.5f};
    const float ups[8] = {5.0f, 3.0f, -0.5f, 2.0f, 1.0f, 4.0f, 1.0f, -2.0f};
    const double silu[8] = {0.0, 0.7310585786300049, -0.2689414213699951, 1.7615941559557646,
                            -0.2384058440442351, -4.122307236380407e-08, 19.999999958776925, 0.3112296656009273};
    const double pub[8] = {0, 0.7311, -0.2689, 1.7616, -0.2384, 0, 20.0, 0.3112};
    float g[64], u[64];
    for (int j = 0; j < 64; j++)
        g[j] = xs[j % 8], u[j] = ups[j % 8];
    Matrix G, U_, Y;
    if (!make(r, &G, 1, 64, g))
        return;
    if (!make(r, &U_, 1, 64, u) || !make(r, &Y, 1, 64, NULL)) {
        mat_free(&G), mat_free(&U_);
        return;
    }
    char what[96];
    for (int with_up = 0; with_up < 2; with_up++)
        for (int w = 7; w <= 64; w += 57) {
            Matrix g_w = mat_view_cols(&G, 0, w), u_w = mat_view_cols(&U_, 0, w), y_w = mat_view_cols(&Y, 0, w);
            ks->silu_gate(&y_w, &g_w, with_up ? &u_w : NULL);
            for (int j = 0; j < w; j++) {
                double want = silu[j % 8] * (with_up ? (double)ups[j % 8] : 1.0);
                snprintf(what, sizeof what, "silu(%g)%s, %d wide [%d]", (double)xs[j % 8], with_up ? " * up" : "", w, j);
                expect_near(r, ks->name, what, mat_get(&Y, 0, j), want, REL, 0);
                if (!with_up)
                    expect_near(r, ks->name, what, mat_get(&Y, 0, j), pub[j % 8], 0, PUB);
            }
        }
    /* the edge cases, in the vector body and in the tail */
    for (int j = 0; j < 64; j++)
        g[j] = j % 3 == 0 ? INFINITY : j % 3 == 1 ? -INFINITY : NAN;
    mat_free(&G);
    if (make(r, &G, 1, 64, g)) {
        ks->silu_gate(&Y, &G, NULL);
        for (int j = 0; j < 64; j++) {
            snprintf(what, sizeof what, "silu(%g)[%d]", (double)g[j], j);
            if (j % 3 == 0)
                expect_bits(r, ks->name, what, mat_get(&Y, 0, j), INFINITY);
            else
                expect_nan(r, ks->name, what, mat_get(&Y, 0, j));
        }
    }
    mat_free(&G), mat_free(&U_), mat_free(&Y);
}

/* --- numerics: softmax ------------------------------------------------------ */

/* softmax([1, 2, 3, 4]) = e^(x - 4) / sum: 0.0320586, 0.0871443, 0.2368828,
 * 0.6439143 (computed in double: exp(x - 4) / 1.5530018); to 4 decimals
 * [0.0321, 0.0871, 0.2369, 0.6439], the standard textbook example.
 * row_max is 4 and row_sum = 1 + e^-1 + e^-2 + e^-3 = 1.5530018.
 * The same four values inside a 21-wide row padded with -inf (exact zeros)
 * go through the vector body. */
void kc_num_softmax_1234(KcResult *r, const KernelSet *ks) {
    const double want[4] = {0.03205860328008499, 0.08714431874203257, 0.23688281808991013, 0.6439142598879724};
    const double pub[4] = {0.0321, 0.0871, 0.2369, 0.6439};
    const double sum = 1.553001792775919;
    float y[21], mx, sm;
    char what[64];
    if (softmax_of(r, ks, x1234, 1, 4, y, &mx, &sm)) {
        for (int j = 0; j < 4; j++) {
            snprintf(what, sizeof what, "softmax([1,2,3,4])[%d]", j);
            expect_near(r, ks->name, what, y[j], want[j], REL, 0);
            expect_near(r, ks->name, what, y[j], pub[j], 0, PUB);
        }
        expect_bits(r, ks->name, "row_max of [1,2,3,4]", mx, 4.0f);
        expect_near(r, ks->name, "row_sum of [1,2,3,4]", sm, sum, REL, 0);
    }
    float x[21];
    for (int j = 0; j < 21; j++)
        x[j] = -INFINITY;
    const int at[4] = {2, 9, 10, 17}; /* body, body, body, tail for 4- and 8-lane sets */
    for (int t = 0; t < 4; t++)
        x[at[t]] = x1234[t];
    if (softmax_of(r, ks, x, 1, 21, y, &mx, &sm)) {
        for (int j = 0, t = 0; j < 21; j++) {
            if (t < 4 && j == at[t]) {
                snprintf(what, sizeof what, "softmax([1,2,3,4] among -inf)[%d]", j);
                expect_near(r, ks->name, what, y[j], want[t++], REL, 0);
            } else {
                expect_bits(r, ks->name, "softmax of a -inf entry", y[j], 0.0f);
            }
        }
        expect_bits(r, ks->name, "row_max of [1,2,3,4] among -inf", mx, 4.0f);
        expect_near(r, ks->name, "row_sum of [1,2,3,4] among -inf", sm, sum, REL, 0);
    }
}

/* Huge finite values: subtracting the row max first keeps every exponent
 * <= 0, so nothing overflows. [1e30, -1e30] gives [1, 0]; 17 equal values
 * 1e30 (or -1e30) give exactly fl(1/17) each, since every exp is e^0 = 1
 * and the sum is exactly 17; [3e38, -3e38] (x - max overflows to -inf)
 * gives [1, 0]; 1e30 twice among -1e30 and 0 gives 0.5 to each. */
void kc_num_softmax_huge_values(KcResult *r, const KernelSet *ks) {
    enum { W = 17 };
    float x[5 * W], y[5 * W], mx[5], sm[5];
    for (int j = 0; j < W; j++) {
        x[j] = j == 0 ? 1e30f : -1e30f;                    /* one winner */
        x[W + j] = 1e30f;                                  /* all equal, huge */
        x[2 * W + j] = -1e30f;                             /* all equal, very negative */
        x[3 * W + j] = j == 1 ? 3e38f : -3e38f;            /* x - max overflows */
        x[4 * W + j] = j == 3 || j == 16 ? 1e30f : (j % 2 ? -1e30f : 0.0f); /* two winners */
    }
    if (!softmax_of(r, ks, x, 5, W, y, mx, sm))
        return;
    const float uniform = 1.0f / (float)W;
    for (int j = 0; j < W; j++) {
        expect_bits(r, ks->name, "softmax([1e30, -1e30...])", y[j], j == 0 ? 1.0f : 0.0f);
        expect_bits(r, ks->name, "softmax(17 x 1e30)", y[W + j], uniform);
        expect_bits(r, ks->name, "softmax(17 x -1e30)", y[2 * W + j], uniform);
        expect_bits(r, ks->name, "softmax([-3e38, 3e38, -3e38...])", y[3 * W + j], j == 1 ? 1.0f : 0.0f);
        expect_bits(r, ks->name, "softmax(two 1e30 among -1e30 and 0)", y[4 * W + j],
                    j == 3 || j == 16 ? 0.5f : 0.0f);
    }
    expect_bits(r, ks->name, "row_max of 17 x 1e30", mx[1], 1e30f);
    expect_bits(r, ks->name, "row_sum of 17 x 1e30", sm[1], 17.0f);
    expect_bits(r, ks->name, "row_sum of [1e30, -1e30...]", sm[0], 1.0f);
}

/* A row of only -inf (every key masked) has no weights to give: the
 * specification (kernels.h, docs/engine.md) makes it all zeros with
 * row_sum 0 and row_max -inf, instead of the 0/0 = NaN of the formula.
 * Widths 1, 5, 17 and 40 cover tails and vector bodies; the rows around
 * it stay normal. */
void kc_num_softmax_all_masked(KcResult *r, const KernelSet *ks) {
    static const int widths[] = {1, 5, 17, 40};
    float x[3 * 40], y[3 * 40], mx[3], sm[3];
    for (int wi = 0; wi < 4; wi++) {
        int w = widths[wi];
        for (int j = 0; j < w; j++)
            x[j] = (float)j, x[w + j] = -INFINITY, x[2 * w + j] = 0.5f;
        if (!softmax_of(r, ks, x, 3, w, y, mx, sm))
            return;
        for (int j = 0; j < w; j++)
            expect_bits(r, ks->name, "softmax of an all -inf row", y[w + j], 0.0f);
        expect_bits(r, ks->name, "row_sum of an all -inf row", sm[1], 0.0f);
        expect_bits(r, ks->name, "row_max of an all -inf row", mx[1], -INFINITY);
        expect_near(r, ks->name, "softmax of a constant row next to it", y[2 * w], 1.0 / w, REL, 0);
        expect_bits(r, ks->name, "row_max of the row before it", mx[0], (float)(w - 1));
    }
}

/* Some -inf entries (masked keys) get exactly 0 weight, and the others are
 * the softmax of the unmasked entries alone: [0, -inf, ln 3, -inf] is
 * [1/4, 0, 3/4, 0] (e^0 : e^ln3 = 1 : 3). Tiled to width 24. */
void kc_num_softmax_partly_masked(KcResult *r, const KernelSet *ks) {
    const float ln3 = 1.0986122886681098f;
    float x[24], y[24], mx, sm;
    for (int j = 0; j < 24; j++)
        x[j] = j % 4 == 0 ? 0.0f : j % 4 == 2 ? ln3 : -INFINITY;
    if (!softmax_of(r, ks, x, 1, 24, y, &mx, &sm))
        return;
    for (int j = 0; j < 24; j++) {
        if (j % 2)
            expect_bits(r, ks->name, "softmax of a masked entry", y[j], 0.0f);
        else
            expect_near(r, ks->name, "softmax of an unmasked entry", y[j],
                        j % 4 == 0 ? 1.0 / 24.0 : 3.0 / 24.0, REL, 0);
    }
    expect_bits(r, ks->name, "row_max of a partly masked row", mx, ln3);
}

/* +inf entries: the limit of softmax as those entries grow is an equal
 * share among them and 0 elsewhere (kernels.h); row_max is +inf and
 * row_sum is the number of +inf entries (docs/engine.md). */
void kc_num_softmax_pos_inf(KcResult *r, const KernelSet *ks) {
    enum { W = 19 };
    float x[2 * W], y[2 * W], mx[2], sm[2];
    for (int j = 0; j < W; j++) {
        x[j] = j == 3 || j == 18 ? INFINITY : (j % 3 ? (float)j : -INFINITY); /* two +inf */
        x[W + j] = j == 7 ? INFINITY : -INFINITY;                            /* one +inf */
    }
    if (!softmax_of(r, ks, x, 2, W, y, mx, sm))
        return;
    for (int j = 0; j < W; j++) {
        expect_bits(r, ks->name, "softmax with two +inf", y[j], j == 3 || j == 18 ? 0.5f : 0.0f);
        expect_bits(r, ks->name, "softmax with one +inf among -inf", y[W + j], j == 7 ? 1.0f : 0.0f);
    }
    expect_bits(r, ks->name, "row_max with +inf", mx[0], INFINITY);
    expect_bits(r, ks->name, "row_sum with two +inf", sm[0], 2.0f);
    expect_bits(r, ks->name, "row_sum with one +inf", sm[1], 1.0f);
}

/* NaN anywhere in a row makes the whole row NaN, with row_max and row_sum
 * NaN (kernels.h): also next to +inf or -inf, in a vector body or a tail.
 * Other rows are unaffected. */
void kc_num_softmax_nan(KcResult *r, const KernelSet *ks) {
    enum { W = 18 };
    float x[4 * W], y[4 * W], mx[4], sm[4];
    for (int j = 0; j < 4 * W; j++)
        x[j] = (float)(j % 5);
    x[W + 2] = NAN;                               /* body */
    x[2 * W + 17] = NAN, x[2 * W + 3] = INFINITY; /* tail, with +inf */
    x[3 * W + 9] = NAN;
    for (int j = 10; j < W; j++)
        x[3 * W + j] = -INFINITY; /* with -inf */
    if (!softmax_of(r, ks, x, 4, W, y, mx, sm))
        return;
    for (int i = 1; i < 4; i++) {
        for (int j = 0; j < W; j++)
            expect_nan(r, ks->name, "softmax of a row with NaN", y[i * W + j]);
        expect_nan(r, ks->name, "row_max of a row with NaN", mx[i]);
        expect_nan(r, ks->name, "row_sum of a row with NaN", sm[i]);
    }
    for (int j = 0; j < W; j++) {
        r->checked++;
        if (isnan(y[j]))
            kc_fail(r, "%s: a NaN in another row changed row 0", ks->name);
    }
}

/* The outputs of a row sum to 1 within 1e-6 (the design's promise for the
 * attention weights), summed in double, on `count` random rows of minw to
 * maxw entries (the first three of width maxw, maxw - 1, maxw - 2) spread
 * over e^-2, e^-10 and e^-60. */
static void check_sums_to_one(KcResult *r, const KernelSet *ks, int count, int minw, int maxw) {
    unsigned long long s = 0xa11ce5ull + (unsigned long long)maxw;
    for (int t = 0; t < count; t++) {
        int w = t < 3 ? maxw - t : minw + (int)(next_rand(&s) % (unsigned)(maxw - minw + 1));
        Matrix a = {0}, out = {0};
        if (!make(r, &a, 1, w, NULL) || !make(r, &out, 1, w, NULL)) {
            mat_free(&a);
            return;
        }
        fill_random(&a, 700 + (unsigned long long)t);
        scale_in_place(&a, t % 3 == 0 ? 1.0f : t % 3 == 1 ? 5.0f : 30.0f, 0.0f);
        ks->softmax_rows(&out, &a, NULL, NULL);
        double total = 0.0;
        for (int j = 0; j < w; j++)
            total += (double)mat_get(&out, 0, j);
        r->checked++;
        if (!(fabs(total - 1.0) <= 1e-6))
            kc_fail(r, "%s: sum of softmax row %d (width %d) = %.9g, expected 1 within 1e-6",
                    ks->name, t, w, total);
        mat_free(&a), mat_free(&out);
    }
}

/* Rows of up to 256 entries: every set meets 1e-6 (with float sums the
 * error grows with the width; at 256 the reference's worst seen in 3000
 * random rows is 8.3e-7). */
void kc_num_softmax_rows_sum_to_one(KcResult *r, const KernelSet *ks) {
    check_sums_to_one(r, ks, 100, 1, 256);
}

/* Known issue: 300 rows of 500 to 1000 entries. The SIMD sets keep 4 to 16
 * partial sums and stay below 2.5e-7, but the reference adds the floats
 * one after another and misses 1e-6 on about 2% of the rows of 1000 (1.5e-6
 * worst seen). Accumulating its sum in double would keep the promise. */
void kc_num_softmax_rows_sum_to_one_1000(KcResult *r, const KernelSet *ks) {
    check_sums_to_one(r, ks, 300, 500, 1000);
}

/* The causal mask then softmax, as attention uses them: on a 4 x 4 score
 * matrix of zeros, row i has i + 1 unmasked entries of equal weight
 * 1 / (i + 1) and exact zeros after the diagonal. */
void kc_num_softmax_after_causal_mask(KcResult *r, const KernelSet *ks) {
    Matrix a, out;
    if (!make(r, &a, 4, 4, NULL))
        return;
    if (!make(r, &out, 4, 4, NULL)) {
        mat_free(&a);
        return;
    }
    mat_causal_mask(&a, &a, -INFINITY);
    ks->softmax_rows(&out, &a, NULL, NULL);
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++)
            expect_bits(r, ks->name, "causal softmax of zeros", mat_get(&out, i, j),
                        j > i ? 0.0f : 1.0f / (float)(i + 1));
    mat_free(&a), mat_free(&out);
}

/* --- numerics: products and element-wise kernels ---------------------------- */

/* [[1,2,3],[4,5,6]] @ [[7,8],[9,10],[11,12]] = [[58,64],[139,154]] (by
 * hand); all partial sums are small integers, so exact in any order. Also
 * a 5 x 17 matrix of ones times B with B[p][j] = p: every entry is
 * 0 + 1 + ... + 16 = 136; and the identity times X is X bit for bit. */
void kc_num_matmul_known(KcResult *r, const KernelSet *ks) {
    const float a[6] = {1, 2, 3, 4, 5, 6}, b[6] = {7, 8, 9, 10, 11, 12}, bt[6] = {7, 9, 11, 8, 10, 12};
    const float want[4] = {58, 64, 139, 154};
    Matrix A = {0}, B = {0}, BT = {0}, C = {0}, C2 = {0};
    if (make(r, &A, 2, 3, a) && make(r, &B, 3, 2, b) && make(r, &BT, 2, 3, bt) &&
        make(r, &C, 2, 2, NULL) && make(r, &C2, 2, 2, NULL)) {
        ks->matmul(&C, &A, &B);
        ks->matmul_bt(&C2, &A, &BT);
        for (int i = 0; i < 4; i++) {
            expect_bits(r, ks->name, "matmul 2x3 by 3x2", mat_get(&C, i / 2, i % 2), want[i]);
            expect_bits(r, ks->name, "matmul_bt 2x3 by (2x3)^T", mat_get(&C2, i / 2, i % 2),
                        want[i]);
        }
    }
    mat_free(&A), mat_free(&B), mat_free(&BT), mat_free(&C), mat_free(&C2);

    Matrix ones = {0}, ramp = {0}, ramp_t = {0}, out = {0}, out2 = {0};
    if (!make(r, &ones, 5, 17, NULL) || !make(r, &ramp, 17, 19, NULL) ||
        !make(r, &ramp_t, 19, 17, NULL) || !make(r, &out, 5, 19, NULL) ||
        !make(r, &out2, 5, 19, NULL)) {
        mat_free(&ones), mat_free(&ramp), mat_free(&ramp_t), mat_free(&out), mat_free(&out2);
        return;
    }
    for (int i = 0; i < 5; i++)
        for (int p = 0; p < 17; p++)
            mat_set(&ones, i, p, 1.0f);
    for (int p = 0; p < 17; p++)
        for (int j = 0; j < 19; j++)
            mat_set(&ramp, p, j, (float)p), mat_set(&ramp_t, j, p, (float)p);
    ks->matmul(&out, &ones, &ramp);
    ks->matmul_bt(&out2, &ones, &ramp_t);
    for (int i = 0; i < 5; i++)
        for (int j = 0; j < 19; j++) {
            expect_bits(r, ks->name, "ones(5x17) @ ramp(17x19)", mat_get(&out, i, j), 136.0f);
            expect_bits(r, ks->name, "ones(5x17) @ ramp^T", mat_get(&out2, i, j), 136.0f);
        }
    mat_free(&ones), mat_free(&ramp), mat_free(&ramp_t), mat_free(&out), mat_free(&out2);

    Matrix eye = {0}, x = {0}, y = {0};
    if (!make(r, &eye, 33, 33, NULL) || !make(r, &x, 33, 21, NULL) || !make(r, &y, 33, 21, NULL)) {
        mat_free(&eye), mat_free(&x), mat_free(&y);
        return;
    }
    for (int i = 0; i < 33; i++)
        mat_set(&eye, i, i, 1.0f);
    fill_random(&x, 31);
    ks->matmul(&y, &eye, &x);
    for (int i = 0; i < 33; i++)
        for (int j = 0; j < 21; j++)
            expect_bits(r, ks->name, "identity @ X", mat_get(&y, i, j), mat_get(&x, i, j));
    mat_free(&eye), mat_free(&x), mat_free(&y);
}

/* add, add_row and scale on small exact values (by hand):
 * [[1,2],[3,4]] + [[0.5,-2],[10,0.25]] = [[1.5,0],[13,4.25]];
 * [[1,2],[3,4]] + row [10,20] = [[11,22],[13,24]];
 * -0.5 * [[1,2],[3,4]] = [[-0.5,-1],[-1.5,-2]]. */
void kc_num_elementwise_known(KcResult *r, const KernelSet *ks) {
    const float a[4] = {1, 2, 3, 4}, b[4] = {0.5f, -2, 10, 0.25f}, row[2] = {10, 20};
    const float want_add[4] = {1.5f, 0, 13, 4.25f}, want_row[4] = {11, 22, 13, 24};
    const float want_scale[4] = {-0.5f, -1, -1.5f, -2};
    Matrix A = {0}, B = {0}, C = {0};
    if (!make(r, &A, 2, 2, a) || !make(r, &B, 2, 2, b) || !make(r, &C, 2, 2, NULL)) {
        mat_free(&A), mat_free(&B), mat_free(&C);
        return;
    }
    ks->add(&C, &A, &B);
    for (int i = 0; i < 4; i++)
        expect_bits(r, ks->name, "add", mat_get(&C, i / 2, i % 2), want_add[i]);
    ks->add_row(&C, &A, row);
    for (int i = 0; i < 4; i++)
        expect_bits(r, ks->name, "add_row", mat_get(&C, i / 2, i % 2), want_row[i]);
    ks->scale(&C, &A, -0.5f);
    for (int i = 0; i < 4; i++)
        expect_bits(r, ks->name, "scale", mat_get(&C, i / 2, i % 2), want_scale[i]);
    ks->add_row(&A, &A, row); /* in place */
    for (int i = 0; i < 4; i++)
        expect_bits(r, ks->name, "add_row in place", mat_get(&A, i / 2, i % 2), want_row[i]);
    mat_free(&A), mat_free(&B), mat_free(&C);
}

/* --- numerics: data movement (one implementation for every set) ------------- */

/* mat_causal_mask sets a[i][j] = value exactly where j > i, in place or
 * not, on square and non-square matrices. */
void kc_num_causal_mask(KcResult *r, const KernelSet *ks) {
    (void)ks;
    static const int shapes[3][2] = {{4, 4}, {3, 5}, {5, 3}};
    for (int s = 0; s < 3; s++) {
        int n = shapes[s][0], m = shapes[s][1];
        Matrix a, out;
        if (!make(r, &a, n, m, NULL))
            return;
        if (!make(r, &out, n, m, NULL)) {
            mat_free(&a);
            return;
        }
        fill_random(&a, 90 + (unsigned long long)s);
        mat_causal_mask(&out, &a, -INFINITY);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++)
                expect_bits(r, "data", "causal mask", mat_get(&out, i, j),
                            j > i ? -INFINITY : mat_get(&a, i, j));
        mat_causal_mask(&a, &a, -1e9f); /* in place, another value */
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++)
                expect_bits(r, "data", "causal mask in place", mat_get(&a, i, j),
                            j > i ? -1e9f : mat_get(&out, i, j));
        mat_free(&a), mat_free(&out);
    }
}

/* transpose: [[1,2,3],[4,5,6]]^T = [[1,4],[2,5],[3,6]]; a strided view
 * transposes its own columns only; transposing twice gives the input. */
void kc_num_transpose(KcResult *r, const KernelSet *ks) {
    (void)ks;
    const float a[6] = {1, 2, 3, 4, 5, 6}, want[6] = {1, 4, 2, 5, 3, 6};
    Matrix A = {0}, T = {0}, T2 = {0};
    if (!make(r, &A, 2, 3, a) || !make(r, &T, 3, 2, NULL) || !make(r, &T2, 2, 2, NULL)) {
        mat_free(&A), mat_free(&T), mat_free(&T2);
        return;
    }
    mat_transpose(&T, &A);
    for (int i = 0; i < 6; i++)
        expect_bits(r, "data", "transpose 2x3", mat_get(&T, i / 2, i % 2), want[i]);
    Matrix view = mat_view_cols(&A, 1, 2);
    mat_transpose(&T2, &view); /* [[2,3],[5,6]]^T = [[2,5],[3,6]] */
    const float want2[4] = {2, 5, 3, 6};
    for (int i = 0; i < 4; i++)
        expect_bits(r, "data", "transpose of a view", mat_get(&T2, i / 2, i % 2), want2[i]);
    mat_free(&A), mat_free(&T), mat_free(&T2);

    Matrix X = {0}, XT = {0}, XTT = {0};
    if (!make(r, &X, 17, 33, NULL) || !make(r, &XT, 33, 17, NULL) ||
        !make(r, &XTT, 17, 33, NULL)) {
        mat_free(&X), mat_free(&XT), mat_free(&XTT);
        return;
    }
    fill_random(&X, 5);
    mat_transpose(&XT, &X);
    mat_transpose(&XTT, &XT);
    for (int i = 0; i < 17; i++)
        for (int j = 0; j < 33; j++) {
            expect_bits(r, "data", "transpose 17x33", mat_get(&XT, j, i), mat_get(&X, i, j));
            expect_bits(r, "data", "transpose twice", mat_get(&XTT, i, j), mat_get(&X, i, j));
        }
    mat_free(&X), mat_free(&XT), mat_free(&XTT);
}

/* copy_cols / put_cols split a 4 x 12 matrix into three 4-column heads and
 * put them back: the round trip is exact, and put_cols writes only its
 * columns. */
void kc_num_copy_put_cols(KcResult *r, const KernelSet *ks) {
    (void)ks;
    Matrix x = {0}, back = {0}, head = {0};
    if (!make(r, &x, 4, 12, NULL) || !make(r, &back, 4, 12, NULL) || !make(r, &head, 4, 4, NULL)) {
        mat_free(&x), mat_free(&back), mat_free(&head);
        return;
    }
    fill_random(&x, 12);
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 12; j++)
            mat_set(&back, i, j, -7.0f);
    for (int h = 0; h < 3; h++) {
        mat_copy_cols(&head, &x, 4 * h);
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
                expect_bits(r, "data", "copy_cols head", mat_get(&head, i, j), mat_get(&x, i, 4 * h + j));
        if (h != 1)
            mat_put_cols(&back, &head, 4 * h);
    }
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 12; j++)
            expect_bits(r, "data", "put_cols", mat_get(&back, i, j),
                        j / 4 == 1 ? -7.0f : mat_get(&x, i, j));
    mat_free(&x), mat_free(&back), mat_free(&head);
}
