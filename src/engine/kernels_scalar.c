/* kernels_scalar.c - the reference implementation of every kernel.
 *
 * This file is the specification: plain loops in the order a reader would
 * write them on paper, float accumulation, no reassociation. The SIMD sets
 * are tested against it (tests/test_kernels.c) under the tolerance policy
 * of docs/engine.md. Build flags forbid fast-math and FMA contraction, so
 * these results are the same on every IEEE-754 machine. Long sums are
 * accumulated in double, so the reference is also the more accurate one.
 */
#include <assert.h>
#include <math.h>
#include <string.h>

#include "engine/kernels.h"

// out = a @ b; a is (n, k), b is (k, m), out is (n, m)
static void matmul_scalar(Matrix *out, const Matrix *a, const Matrix *b) {
    assert(a->cols == b->rows && out->rows == a->rows && out->cols == b->cols);
    for (int i = 0; i < a->rows; i++) {
        const float *a_row = mat_row(a, i);
        float *out_row = mat_row(out, i);
        for (int j = 0; j < b->cols; j++) {
            float sum = 0.0f;
            for (int p = 0; p < a->cols; p++)
                sum += a_row[p] * mat_get(b, p, j);
            out_row[j] = sum;
        }
    }
}

// out = a @ b^T; a is (n, k), b is (m, k), out is (n, m)
static void matmul_bt_scalar(Matrix *out, const Matrix *a, const Matrix *b) {
    assert(a->cols == b->cols && out->rows == a->rows && out->cols == b->rows);
    for (int i = 0; i < a->rows; i++) {
        const float *a_row = mat_row(a, i);
        float *out_row = mat_row(out, i);
        for (int j = 0; j < b->rows; j++) {
            const float *b_row = mat_row(b, j);
            float sum = 0.0f;
            for (int p = 0; p < a->cols; p++)
                sum += a_row[p] * b_row[p];
            out_row[j] = sum;
        }
    }
}

// out = a @ b, or a @ b^T when bt: the scalar products pack nothing
static void matmul_scratch_scalar(Matrix *out, const Matrix *a, const Matrix *b, bool bt,
                                  MatScratch *scratch) {
    (void)scratch;
    if (bt)
        matmul_bt_scalar(out, a, b);
    else
        matmul_scalar(out, a, b);
}

// outs[i] = a @ bs[i]: one product after another
static void matmul_many_scalar(Matrix *const *outs, const Matrix *a, const Matrix *const *bs, int count,
                               MatScratch *scratch) {
    (void)scratch;
    for (int i = 0; i < count; i++)
        matmul_scalar(outs[i], a, bs[i]);
}

// a packed (k, m) right operand: its rows one after another
static size_t packed_floats_scalar(int k, int m) { return (size_t)k * (size_t)m; }

// dst = B row by row; B is b (k, m), or b^T when bt (b is (m, k))
static void pack_scalar(float *dst, const Matrix *b, bool bt) {
    const int k = bt ? b->cols : b->rows, m = bt ? b->rows : b->cols;
    for (int p = 0; p < k; p++)
        for (int j = 0; j < m; j++)
            dst[(size_t)p * (size_t)m + (size_t)j] = bt ? mat_get(b, j, p) : mat_get(b, p, j);
}

// out = a @ B, B packed by pack_scalar; a is (n, k), out is (n, m): the
// sums of matmul_scalar, in its order
static void matmul_packed_scalar(Matrix *out, const Matrix *a, const float *packed) {
    assert(out->rows == a->rows);
    const int k = a->cols, m = out->cols;
    for (int i = 0; i < a->rows; i++) {
        const float *a_row = mat_row(a, i);
        float *out_row = mat_row(out, i);
        for (int j = 0; j < m; j++) {
            float sum = 0.0f;
            for (int p = 0; p < k; p++)
                sum += a_row[p] * packed[(size_t)p * (size_t)m + (size_t)j];
            out_row[j] = sum;
        }
    }
}

// out = a + b; all (n, m)
static void add_scalar(Matrix *out, const Matrix *a, const Matrix *b) {
    assert(mat_same_shape(a, b) && mat_same_shape(out, a));
    for (int i = 0; i < a->rows; i++) {
        const float *a_row = mat_row(a, i), *b_row = mat_row(b, i);
        float *out_row = mat_row(out, i);
        for (int j = 0; j < a->cols; j++)
            out_row[j] = a_row[j] + b_row[j];
    }
}

// out = a + row broadcast; a, out are (n, m); row is (m)
static void add_row_scalar(Matrix *out, const Matrix *a, const float *row) {
    assert(mat_same_shape(out, a));
    for (int i = 0; i < a->rows; i++) {
        const float *a_row = mat_row(a, i);
        float *out_row = mat_row(out, i);
        for (int j = 0; j < a->cols; j++)
            out_row[j] = a_row[j] + row[j];
    }
}

// out = s * a; a, out are (n, m)
static void scale_scalar(Matrix *out, const Matrix *a, float s) {
    assert(mat_same_shape(out, a));
    for (int i = 0; i < a->rows; i++) {
        const float *a_row = mat_row(a, i);
        float *out_row = mat_row(out, i);
        for (int j = 0; j < a->cols; j++)
            out_row[j] = s * a_row[j];
    }
}

// out = softmax of each row of a; a, out are (n, m); row_max, row_sum are (n)
static void softmax_rows_scalar(Matrix *out, const Matrix *a, float *row_max, float *row_sum) {
    assert(mat_same_shape(out, a));
    const int m = a->cols;
    for (int i = 0; i < a->rows; i++) {
        const float *x = mat_row(a, i);
        float *y = mat_row(out, i);

        // pass 1: the row maximum (and whether the row has NaN)
        float max = -INFINITY;
        bool has_nan = false;
        for (int j = 0; j < m; j++) {
            if (isnan(x[j]))
                has_nan = true;
            else if (x[j] > max)
                max = x[j];
        }

        float sum;
        if (has_nan) {
            // NaN in, NaN out: the whole row is undefined
            for (int j = 0; j < m; j++)
                y[j] = NAN;
            max = NAN;
            sum = NAN;
        } else if (max == -INFINITY) {
            // every key is masked (or the row is empty): nothing to attend to
            for (int j = 0; j < m; j++)
                y[j] = 0.0f;
            sum = 0.0f;
        } else if (max == INFINITY) {
            // the limit of softmax: the +inf entries share the weight equally
            int count = 0;
            for (int j = 0; j < m; j++)
                count += x[j] == INFINITY;
            for (int j = 0; j < m; j++)
                y[j] = x[j] == INFINITY ? 1.0f / (float)count : 0.0f;
            sum = (float)count;
        } else {
            // pass 2: exponentials of the shifted row, and their sum (in
            // double: long rows still sum to 1 within a float's rounding);
            // subtracting the max keeps every exp in (0, 1]
            double total = 0.0;
            for (int j = 0; j < m; j++) {
                y[j] = expf(x[j] - max);
                total += (double)y[j];
            }
            sum = (float)total;
            // pass 3: normalise so the row sums to 1
            for (int j = 0; j < m; j++)
                y[j] = (float)((double)y[j] / total);
        }
        if (row_max)
            row_max[i] = max;
        if (row_sum)
            row_sum[i] = sum;
    }
}

// out = softmax of each row of (s * a, masked where j > row0 + i when causal);
// a, out are (n, m); out may be a; scaled, masked are (n, m) or NULL and
// receive s * a and the masked scores; true when every s * a and every
// output is finite
static bool scale_mask_softmax_rows_scalar(Matrix *out, const Matrix *a, float s, bool causal,
                                           int row0, float mask_value, Matrix *scaled,
                                           Matrix *masked) {
    assert(mat_same_shape(out, a));
    assert(!scaled || mat_same_shape(scaled, a));
    assert(!masked || mat_same_shape(masked, a));
    bool finite = true;
    for (int i = 0; i < a->rows; i++) {
        const float *x = mat_row(a, i);
        float *y = mat_row(out, i);
        // the scale stage, then the mask stage, into the output row
        for (int j = 0; j < a->cols; j++) {
            float t = s * x[j];
            finite = finite && isfinite(t);
            if (scaled)
                mat_set(scaled, i, j, t);
            y[j] = causal && j > row0 + i ? mask_value : t;
            if (masked)
                mat_set(masked, i, j, y[j]);
        }
        // then the softmax stage, in place (it reads each entry before writing it)
        Matrix y_row = mat_view_rows(out, i, 1);
        softmax_rows_scalar(&y_row, &y_row, NULL, NULL);
        for (int j = 0; j < a->cols; j++)
            finite = finite && isfinite(y[j]);
    }
    return finite;
}

// out = a; a, out are (n, m) (the reference has no way past the cache)
static void keep_rows_scalar(Matrix *out, const Matrix *a) {
    assert(mat_same_shape(out, a));
    for (int i = 0; i < a->rows; i++)
        memcpy(mat_row(out, i), mat_row(a, i), (size_t)a->cols * sizeof(float));
}

// out = gamma * (a - mean) / norm + beta per row; a, out are (n, m);
// gamma, beta are (m) or NULL; row_mean, row_var are (n) or NULL
static void layernorm_rows_scalar(Matrix *out, const Matrix *a, const float *gamma,
                                  const float *beta, LnConvention conv, float *row_mean,
                                  float *row_var) {
    assert(mat_same_shape(out, a));
    const int m = a->cols;
    for (int i = 0; i < a->rows; i++) {
        const float *x = mat_row(a, i);
        float *y = mat_row(out, i);

        // pass 1: the mean, summed in double so that neither rounding nor
        // overflow (a row near FLT_MAX) spoils it; a constant row is found
        // exactly, so it normalises to 0 however its mean rounds
        double sum = 0.0;
        bool constant = true;
        for (int j = 0; j < m; j++) {
            sum += (double)x[j];
            constant = constant && x[j] == x[0];
        }
        float mean = m == 0 ? 0.0f : constant ? x[0] : (float)(sum / m);

        // pass 2: the variance, as the sum of squared deviations over n or
        // n-1, in double (squares of deviations above 1.8e19 overflow float)
        double sq = 0.0;
        for (int j = 0; j < m && !constant; j++) {
            double dev = (double)x[j] - (double)mean;
            sq += dev * dev;
        }
        int divisor = conv.variance == LN_VAR_SAMPLE ? m - 1 : m;
        double var_d = divisor > 0 ? sq / divisor : 0.0;
        float var = (float)var_d;

        // pass 3: normalise, then scale and shift
        double denom = conv.eps_place == LN_EPS_INSIDE ? sqrt(var_d + (double)conv.eps)
                                                       : sqrt(var_d) + (double)conv.eps;
        for (int j = 0; j < m; j++) {
            float norm = var_d == 0.0 ? 0.0f : (float)(((double)x[j] - (double)mean) / denom);
            float g = gamma ? gamma[j] : 1.0f;
            float b = beta ? beta[j] : 0.0f;
            y[j] = g * norm + b;
        }
        if (row_mean)
            row_mean[i] = mean;
        if (row_var)
            row_var[i] = var;
    }
}

// out = gamma * a / sqrt(mean(a^2) + eps) per row; a, out are (n, m);
// gamma is (m) or NULL; row_ms is (n) or NULL
static void rmsnorm_rows_scalar(Matrix *out, const Matrix *a, const float *gamma, float eps, float *row_ms) {
    assert(mat_same_shape(out, a));
    const int m = a->cols;
    for (int i = 0; i < a->rows; i++) {
        const float *x = mat_row(a, i);
        float *y = mat_row(out, i);

        // pass 1: the mean of the squares, summed in double (a square above
        // 3.4e38 overflows a float, one below 1e-45 vanishes)
        double sq = 0.0;
        for (int j = 0; j < m; j++)
            sq += (double)x[j] * (double)x[j];
        double ms = m > 0 ? sq / m : 0.0;

        // pass 2: divide by the root, then scale; a row of zeros gives 0
        // (not 0/0 when eps = 0)
        double denom = sqrt(ms + (double)eps);
        for (int j = 0; j < m; j++) {
            float norm = ms == 0.0 ? 0.0f : (float)((double)x[j] / denom);
            float g = gamma ? gamma[j] : 1.0f;
            y[j] = g * norm;
        }
        if (row_ms)
            row_ms[i] = (float)ms;
    }
}

/* silu(x) = x / (1 + exp(-x)) in double, times up, rounded once; up == NULL: times 1 */
static inline float silu_gate_one(float x, const float *up) {
    double s = (double)x / (1.0 + exp(-(double)x));
    return (float)(up ? s * (double)*up : s);
}

// out = silu(gate) * up; gate, up, out are (n, m); up may be NULL
static void silu_gate_scalar(Matrix *out, const Matrix *gate, const Matrix *up) {
    assert(mat_same_shape(out, gate) && (!up || mat_same_shape(up, gate)));
    for (int i = 0; i < gate->rows; i++) {
        const float *g = mat_row(gate, i), *u = up ? mat_row(up, i) : NULL;
        float *y = mat_row(out, i);
        for (int j = 0; j < gate->cols; j++)
            y[j] = silu_gate_one(g[j], u ? u + j : NULL);
    }
}

// true when every element of a (up to the diagonal with skip_upper) is finite;
// a is (n, m)
static bool all_finite_scalar(const Matrix *a, bool skip_upper) {
    for (int i = 0; i < a->rows; i++) {
        const float *x = mat_row(a, i);
        const int m = skip_upper && i + 1 < a->cols ? i + 1 : a->cols;
        for (int j = 0; j < m; j++)
            if (!isfinite(x[j]))
                return false;
    }
    return true;
}

const KernelSet kernels_scalar = {
    .name = "scalar",
    .matmul = matmul_scalar,
    .matmul_bt = matmul_bt_scalar,
    .matmul_scratch = matmul_scratch_scalar,
    .matmul_many = matmul_many_scalar,
    .packed_floats = packed_floats_scalar,
    .pack = pack_scalar,
    .matmul_packed = matmul_packed_scalar,
    .add = add_scalar,
    .add_row = add_row_scalar,
    .scale = scale_scalar,
    .softmax_rows = softmax_rows_scalar,
    .scale_mask_softmax_rows = scale_mask_softmax_rows_scalar,
    .keep_rows = keep_rows_scalar,
    .layernorm_rows = layernorm_rows_scalar,
    .rmsnorm_rows = rmsnorm_rows_scalar,
    .silu_gate = silu_gate_scalar,
    .all_finite = all_finite_scalar,
};
