/* builtins.c - the lesson language's functions: softmax, layernorm, the
 * row statistics, head and concat, mask, positions, and the rest. Each is
 * one small function over already evaluated arguments; the table at the
 * end gives its name, arity, keyword options and a usage line for
 * messages. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attention/pipeline.h"
#include "lang/interp_internal.h"
#include "util/suggest.h"

/* ---- functions --------------------------------------------------------- */

typedef struct Call {
    Interp *in;
    const Expr *e;
    Matrix args[TRACE_MAX_INPUTS]; /* positional, evaluated */
    Axis axes[TRACE_MAX_INPUTS][2]; /* what each argument's rows and columns count */
    int nargs;
    Trace *tr;
} Call;

typedef bool (*FnImpl)(Call *c, Matrix *out);

/* What a function's result's axes count, from its arguments': */
typedef enum {
    AX_NONE, /* plain indices (a count, a reshape, a new matrix) */
    AX_SAME, /* the first argument's (element by element, or row by row) */
    AX_ROWS, /* its rows, one value per row or some of its columns */
    AX_SWAP, /* its columns become the rows (transpose) */
    AX_STACK, /* rows one after another: tokens when they follow on */
    AX_SIDE, /* side by side: the rows, when every argument's agree */
    AX_LAST, /* its last row */
} AxisRule;

typedef struct Function {
    const char *name;
    int min_args, max_args;
    const char *keywords; /* allowed keyword arguments, space-separated */
    FnImpl impl;
    MsgId usage; /* the usage line, the hint of a wrong call */
    AxisRule axes;
} Function;

static const Arg *keyword(const Call *c, const char *name) {
    for (int k = 0; k < c->e->nargs; k++)
        if (c->e->args[k].name && strcmp(c->e->args[k].name, name) == 0)
            return &c->e->args[k];
    return NULL;
}

/* a keyword whose value is a bare word: variance=sample */
static bool keyword_word(Call *c, const char *name, const char *const *choices, int *choice) {
    const Arg *a = keyword(c, name);
    return !a || eval_word(c->in, a->value, name, choices, choice);
}

static bool keyword_number(Call *c, const char *name, double *v) {
    const Arg *a = keyword(c, name);
    if (!a)
        return true;
    Matrix m = {0};
    if (!eval_expr(c->in, a->value, &m, NULL))
        return false;
    bool ok = eval_scalar_of(&m, v);
    mat_free(&m);
    return ok ? true : interp_error(c->in, a->value->pos, a->value->span, NULL, MSG_ONE_NUMBER, name);
}

static bool arg_int(Call *c, int k, long lo, long hi, MsgId what_id, long *v) {
    const char *what = hint_text(c->in, what_id);
    double d;
    if (!eval_scalar_of(&c->args[k], &d))
        return interp_error(c->in, c->e->args[k].value->pos, c->e->args[k].value->span, NULL,
                        MSG_SINGLE_NUMBER, what);
    if (d != floor(d) || d < (double)lo || d > (double)hi)
        return interp_error(c->in, c->e->args[k].value->pos, c->e->args[k].value->span, NULL,
                        MSG_WHOLE_NUMBER_RANGE, what, lo, hi, d);
    *v = (long)d;
    return true;
}

static void traced(Call *c, OpKind op, int nargs) {
    if (!c->tr)
        return;
    c->tr->op = op;
    for (int k = 0; k < nargs && k < c->nargs; k++)
        eval_trace_input(c->in, c->tr, c->e->args[k].value, NULL, &c->args[k], c->axes[k]);
}

SoftmaxAxis builtin_softmax_axis(const Interp *in) {
    switch (in->opt.mistake) {
    case MISTAKE_SOFTMAX_COLUMNS: return SOFTMAX_COLUMNS;
    case MISTAKE_SOFTMAX_ALL: return SOFTMAX_ALL;
    default: return SOFTMAX_ROWS;
    }
}

bool builtin_softmax_as(Interp *in, const Matrix *x, Matrix *out, Error *err) {
    *out = (Matrix){0};
    return attn_softmax(out, x, builtin_softmax_axis(in), err);
}

LnConvention builtin_ln_as(const Interp *in, LnConvention conv) {
    switch (in->opt.mistake) {
    case MISTAKE_LN_SAMPLE: conv.variance = LN_VAR_SAMPLE; break;
    case MISTAKE_LN_POPULATION: conv.variance = LN_VAR_POPULATION; break;
    case MISTAKE_LN_EPS_OUTSIDE: conv.eps_place = LN_EPS_OUTSIDE; break;
    case MISTAKE_LN_EPS_INSIDE: conv.eps_place = LN_EPS_INSIDE; break;
    case MISTAKE_LN_NO_EPS: conv.eps = 0.0f; break;
    default: break;
    }
    return conv;
}

static bool fn_softmax(Call *c, Matrix *out) {
    Error err;
    if (!builtin_softmax_as(c->in, &c->args[0], out, &err))
        return interp_error(c->in, c->e->pos, c->e->span, NULL, MSG_TEXT, err_text(&err, c->in->diags->lang));
    traced(c, OPX_SOFTMAX, 1);
    return true;
}


/* the layer-norm convention in force, with keyword arguments and the
 * mistake being diagnosed applied */
static bool convention(Call *c, LnConvention *conv) {
    *conv = c->in->ln;
    int v = -1, place = -1;
    double eps = -1;
    if (!keyword_word(c, "variance", eval_variance_words, &v) || !keyword_word(c, "eps_place", eval_eps_place_words, &place) ||
        !keyword_number(c, "eps", &eps))
        return false;
    if (v >= 0)
        conv->variance = (v == 1 || v == 3) ? LN_VAR_SAMPLE : LN_VAR_POPULATION;
    if (place >= 0)
        conv->eps_place = place == 1 ? LN_EPS_OUTSIDE : LN_EPS_INSIDE;
    if (eps >= 0)
        conv->eps = (float)eps;
    else if (keyword(c, "eps"))
        return interp_error(c->in, keyword(c, "eps")->value->pos, 1, NULL, MSG_EPS_NONNEGATIVE);
    *conv = builtin_ln_as(c->in, *conv);
    return true;
}

static bool fn_layernorm(Call *c, Matrix *out) {
    const Matrix *x = &c->args[0];
    LnConvention conv;
    if (!convention(c, &conv))
        return false;
    const float *gb[2] = {NULL, NULL};
    for (int k = 1; k < c->nargs; k++) {
        const Matrix *v = &c->args[k];
        if (v->rows != 1 || v->cols != x->cols)
            return interp_error(c->in, c->e->args[k].value->pos, c->e->args[k].value->span, NULL,
                            MSG_GAMMA_BETA_ROW,
                            k == 1 ? "gamma" : "beta", x->cols, v->rows, v->cols);
        gb[k - 1] = mat_row(v, 0);
    }
    if (!eval_alloc(c->in, c->e, out, x->rows, x->cols))
        return false;
    engine_kernels()->layernorm_rows(out, x, gb[0], gb[1], conv, NULL, NULL);
    traced(c, OPX_LAYERNORM, c->nargs);
    if (c->tr)
        c->tr->ln = conv;
    return true;
}

/* rmsnorm(x [, gamma] [, eps=E]): x / √(mean(x²) + ε) per row, scaled by
 * gamma (1, cols of x); no mean is subtracted and there is no beta. ε is
 * the lesson's (set eps) unless eps= says. */
static bool fn_rmsnorm(Call *c, Matrix *out) {
    const Matrix *x = &c->args[0];
    LnConvention conv = c->in->ln;
    double eps = -1;
    if (!keyword_number(c, "eps", &eps))
        return false;
    if (eps >= 0)
        conv.eps = (float)eps;
    else if (keyword(c, "eps"))
        return interp_error(c->in, keyword(c, "eps")->value->pos, 1, NULL, MSG_EPS_NONNEGATIVE);
    const float *gamma = NULL;
    if (c->nargs > 1) {
        const Matrix *v = &c->args[1];
        if (v->rows != 1 || v->cols != x->cols)
            return interp_error(c->in, c->e->args[1].value->pos, c->e->args[1].value->span, NULL,
                                MSG_GAMMA_BETA_ROW, "gamma", x->cols, v->rows, v->cols);
        gamma = mat_row(v, 0);
    }
    if (!eval_alloc(c->in, c->e, out, x->rows, x->cols))
        return false;
    engine_kernels()->rmsnorm_rows(out, x, gamma, conv.eps, NULL);
    traced(c, OPX_RMSNORM, c->nargs);
    if (c->tr)
        c->tr->ln = conv;
    return true;
}

/* mean, var, std, sum, max and min of each row: an n x 1 column. Sums
 * are taken in double and rounded once, as the scalar layer norm does, so
 * a result that fits in a float is not lost to an intermediate overflow:
 * mean([3e38, 3e38]) is 3e38 and std([1e20, -1e20]) is 1e20. */
static bool row_stat(Call *c, Matrix *out, OpKind op) {
    const Matrix *x = &c->args[0];
    LnConvention conv;
    if (!convention(c, &conv))
        return false;
    if (x->cols == 0) /* the language makes no empty matrix; this keeps it so */
        return interp_error(c->in, c->e->pos, c->e->span, NULL, MSG_EMPTY_ROW_UNDEFINED, c->e->name);
    if (op == OPX_VAR || op == OPX_STD) {
        if (conv.variance == LN_VAR_SAMPLE && x->cols < 2)
            return interp_error(c->in, c->e->pos, c->e->span, NULL,
                            MSG_SAMPLE_VARIANCE);
    }
    if (!eval_alloc(c->in, c->e, out, x->rows, 1))
        return false;
    for (int i = 0; i < x->rows; i++) {
        const float *r = mat_row(x, i);
        double sum = 0.0;
        for (int j = 0; j < x->cols; j++)
            sum += (double)r[j];
        double mean = sum / x->cols, v = sum;
        if (op == OPX_MAX || op == OPX_MIN) {
            float m = r[0];
            for (int j = 1; j < x->cols; j++)
                m = op == OPX_MAX ? (r[j] > m ? r[j] : m) : (r[j] < m ? r[j] : m);
            v = (double)m;
        } else if (op == OPX_MEAN)
            v = mean;
        else if (op == OPX_VAR || op == OPX_STD) {
            double sq = 0.0;
            for (int j = 0; j < x->cols; j++)
                sq += ((double)r[j] - mean) * ((double)r[j] - mean);
            v = sq / (conv.variance == LN_VAR_SAMPLE ? x->cols - 1 : x->cols);
            if (op == OPX_STD)
                v = sqrt(v);
        }
        mat_set(out, i, 0, (float)v);
    }
    traced(c, op, 1);
    if (c->tr)
        c->tr->ln = conv;
    return true;
}
static bool fn_mean(Call *c, Matrix *out) { return row_stat(c, out, OPX_MEAN); }
static bool fn_var(Call *c, Matrix *out) { return row_stat(c, out, OPX_VAR); }
static bool fn_std(Call *c, Matrix *out) { return row_stat(c, out, OPX_STD); }
static bool fn_sum(Call *c, Matrix *out) { return row_stat(c, out, OPX_SUM); }
static bool fn_max(Call *c, Matrix *out) { return row_stat(c, out, OPX_MAX); }
static bool fn_min(Call *c, Matrix *out) { return row_stat(c, out, OPX_MIN); }

/* rows(x), cols(x): the size, as a number */
static bool shape_of(Call *c, Matrix *out, bool rows) {
    if (!eval_alloc(c->in, c->e, out, 1, 1))
        return false;
    mat_set(out, 0, 0, (float)(rows ? c->args[0].rows : c->args[0].cols));
    traced(c, OPX_SHAPE, 1);
    return true;
}
static bool fn_rows(Call *c, Matrix *out) { return shape_of(c, out, true); }

/* total(x): the sum of every element, a number */
static bool fn_total(Call *c, Matrix *out) {
    const Matrix *x = &c->args[0];
    if (!eval_alloc(c->in, c->e, out, 1, 1))
        return false;
    double sum = 0.0; /* in double, rounded once, as row_stat does */
    for (int i = 0; i < x->rows; i++)
        for (int j = 0; j < x->cols; j++)
            sum += (double)mat_get(x, i, j);
    mat_set(out, 0, 0, (float)sum);
    traced(c, OPX_TOTAL, 1);
    return true;
}

/* reshape(x, rows, cols): the same elements, row by row, in a new shape;
 * flatten(x) is reshape(x, 1, rows * cols) */
static bool reshape_to(Call *c, Matrix *out, long rows, long cols) {
    const Matrix *x = &c->args[0];
    if (rows * cols != (long)x->rows * x->cols)
        return interp_error(c->in, c->e->pos, c->e->span, NULL, MSG_RESHAPE,
                        x->rows, x->cols, (long)x->rows * x->cols, rows, cols);
    if (!eval_alloc(c->in, c->e, out, rows, cols))
        return false;
    for (long k = 0; k < rows * cols; k++)
        mat_set(out, (int)(k / cols), (int)(k % cols), mat_get(x, (int)(k / x->cols), (int)(k % x->cols)));
    traced(c, OPX_RESHAPE, 1);
    return true;
}
static bool fn_flatten(Call *c, Matrix *out) { return reshape_to(c, out, 1, (long)c->args[0].rows * c->args[0].cols); }
static bool fn_reshape(Call *c, Matrix *out) {
    long r, k;
    if (!arg_int(c, 1, 1, MAT_MAX_DIM, MSG_WHAT_ROWS, &r) ||
        !arg_int(c, 2, 1, MAT_MAX_DIM, MSG_WHAT_COLS, &k))
        return false;
    return reshape_to(c, out, r, k);
}
static bool fn_cols(Call *c, Matrix *out) { return shape_of(c, out, false); }

static bool map(Call *c, Matrix *out, OpKind op) {
    const Matrix *x = &c->args[0];
    if (!eval_alloc(c->in, c->e, out, x->rows, x->cols))
        return false;
    for (int i = 0; i < x->rows; i++)
        for (int j = 0; j < x->cols; j++) {
            float v = mat_get(x, i, j);
            if ((op == OPX_SQRT && v < 0.0f) || (op == OPX_LOG && v <= 0.0f)) {
                mat_free(out);
                return interp_error(c->in, c->e->pos, c->e->span, NULL,
                                op == OPX_SQRT ? MSG_SQRT_NEGATIVE : MSG_LOG_NONPOSITIVE,
                                (double)v, i, j);
            }
            float y = op == OPX_SQRT ? sqrtf(v) : op == OPX_EXP ? expf(v) : op == OPX_LOG ? logf(v)
                    : op == OPX_ABS ? fabsf(v) : op == OPX_SIN ? sinf(v) : op == OPX_COS ? cosf(v)
                    : op == OPX_GELU ? (float)attn_activate(v, ACT_GELU)
                    : op == OPX_GELU_TANH ? (float)attn_activate(v, ACT_GELU_TANH)
                    : op == OPX_SILU ? (float)attn_activate(v, ACT_SWIGLU)
                    : (v > 0.0f ? v : 0.0f);
            mat_set(out, i, j, y);
        }
    traced(c, op, 1);
    return true;
}
static bool fn_sqrt(Call *c, Matrix *out) { return map(c, out, OPX_SQRT); }
static bool fn_exp(Call *c, Matrix *out) { return map(c, out, OPX_EXP); }
static bool fn_relu(Call *c, Matrix *out) { return map(c, out, OPX_RELU); }
static bool fn_gelu(Call *c, Matrix *out) { return map(c, out, OPX_GELU); }
static bool fn_gelu_tanh(Call *c, Matrix *out) { return map(c, out, OPX_GELU_TANH); }
static bool fn_silu(Call *c, Matrix *out) { return map(c, out, OPX_SILU); }
static bool fn_abs(Call *c, Matrix *out) { return map(c, out, OPX_ABS); }
static bool fn_log(Call *c, Matrix *out) { return map(c, out, OPX_LOG); }
static bool fn_sin(Call *c, Matrix *out) { return map(c, out, OPX_SIN); }
static bool fn_cos(Call *c, Matrix *out) { return map(c, out, OPX_COS); }

static bool fn_transpose(Call *c, Matrix *out) {
    if (!eval_alloc(c->in, c->e, out, c->args[0].cols, c->args[0].rows))
        return false;
    mat_transpose(out, &c->args[0]);
    traced(c, OPX_TRANSPOSE, 1);
    return true;
}

/* dot(a, b): the dot product of two vectors of the same length (rows or
 * columns), recorded as a @ bᵀ of two rows so it is explained as one */
static bool fn_dot(Call *c, Matrix *out) {
    for (int k = 0; k < 2; k++) {
        Matrix *v = &c->args[k];
        if (v->rows != 1 && v->cols != 1)
            return interp_error(c->in, c->e->args[k].value->pos, c->e->args[k].value->span,
                                NULL, MSG_DOT_VECTOR, v->rows, v->cols);
        if (v->rows != 1) { /* a column: as a row */
            Matrix row = {0};
            if (!eval_alloc(c->in, c->e, &row, 1, v->rows))
                return false;
            mat_transpose(&row, v);
            mat_free(v);
            *v = row;
        }
    }
    if (c->args[0].cols != c->args[1].cols)
        return interp_error(c->in, c->e->pos, c->e->span, NULL, MSG_DOT_LENGTHS, c->args[0].cols, c->args[1].cols);
    if (!eval_alloc(c->in, c->e, out, 1, 1))
        return false;
    engine_kernels()->matmul_bt(out, &c->args[0], &c->args[1]);
    traced(c, OPX_MATMUL_BT, 2);
    return true;
}
/* head(M, i [, heads]): the columns of head i */
static bool fn_head(Call *c, Matrix *out) {
    const Matrix *m = &c->args[0];
    long h, heads = c->in->heads;
    if (c->nargs == 3 && !arg_int(c, 2, 1, ATTN_MAX_HEADS, MSG_WHAT_HEADS_COUNT, &heads))
        return false;
    if (!arg_int(c, 1, 0, heads - 1, MSG_WHAT_HEAD, &h))
        return false;
    if (m->cols % heads != 0)
        return interp_error(c->in, c->e->pos, c->e->span, hint_text(c->in, MSG_HINT_HEADS_SPLIT),
                        MSG_HEADS_SPLIT, m->cols, heads);
    int d_k = m->cols / (int)heads;
    if (!eval_alloc(c->in, c->e, out, m->rows, d_k))
        return false;
    mat_copy_cols(out, m, (int)h * d_k);
    traced(c, OPX_HEAD, 1);
    if (c->tr)
        c->tr->col0 = (int)h * d_k;
    return true;
}

static bool fn_concat(Call *c, Matrix *out) {
    long cols = 0;
    for (int k = 0; k < c->nargs; k++) {
        if (c->args[k].rows != c->args[0].rows)
            return interp_error(c->in, c->e->args[k].value->pos, c->e->args[k].value->span, NULL,
                            MSG_CONCAT_ROWS, c->args[k].rows, c->args[0].rows);
        cols += c->args[k].cols;
    }
    if (!eval_alloc(c->in, c->e, out, c->args[0].rows, cols))
        return false;
    for (int k = 0, c0 = 0; k < c->nargs; c0 += c->args[k].cols, k++)
        mat_put_cols(out, &c->args[k], c0);
    traced(c, OPX_CONCAT, c->nargs);
    return true;
}

// out = the arguments one under the other; each is (r_k, cols), out is (Σ r_k, cols)
static bool fn_stack(Call *c, Matrix *out) {
    long rows = 0;
    for (int k = 0; k < c->nargs; k++) {
        if (c->args[k].cols != c->args[0].cols)
            return interp_error(c->in, c->e->args[k].value->pos, c->e->args[k].value->span, NULL,
                            MSG_STACK_COLS, c->args[k].cols, c->args[0].cols);
        rows += c->args[k].rows;
    }
    if (!eval_alloc(c->in, c->e, out, rows, c->args[0].cols))
        return false;
    for (int k = 0, r0 = 0; k < c->nargs; r0 += c->args[k].rows, k++)
        for (int i = 0; i < c->args[k].rows; i++)
            memcpy(mat_row(out, r0 + i), mat_row(&c->args[k], i), (size_t)out->cols * sizeof(float));
    traced(c, OPX_STACK, c->nargs);
    return true;
}

// out = the last row of x; x is (r, cols) with r >= 1, out is (1, cols)
static bool fn_last(Call *c, Matrix *out) {
    const Matrix *x = &c->args[0];
    if (x->rows < 1)
        return interp_error(c->in, c->e->args[0].value->pos, c->e->args[0].value->span, NULL, MSG_LAST_EMPTY);
    if (!eval_alloc(c->in, c->e, out, 1, x->cols))
        return false;
    memcpy(mat_row(out, 0), mat_row(x, x->rows - 1), (size_t)x->cols * sizeof(float));
    traced(c, OPX_INDEX, 1); /* explained as x[rows − 1] */
    if (c->tr)
        c->tr->index[0] = x->rows - 1, c->tr->index[1] = -1;
    return true;
}

static bool fn_mask(Call *c, Matrix *out) {
    const Matrix *t = &c->args[0];
    double value = (double)c->in->mask_value;
    if (c->nargs == 2 && !eval_scalar_of(&c->args[1], &value))
        return interp_error(c->in, c->e->args[1].value->pos, 1, NULL, MSG_MASK_VALUE_NUMBER);
    if (!eval_alloc(c->in, c->e, out, t->rows, t->cols))
        return false;
    if (c->in->opt.mistake == MISTAKE_NO_MASK)
        mat_put_cols(out, t, 0);
    else
        mat_causal_mask(out, t, (float)value);
    traced(c, OPX_MASK, 1);
    if (c->tr)
        c->tr->mask_value = (float)value;
    return true;
}

static bool fn_positions(Call *c, Matrix *out) {
    long n, d;
    Error err;
    if (!arg_int(c, 0, 1, ATTN_MAX_TOKENS, MSG_WHAT_POSITIONS, &n) ||
        !arg_int(c, 1, 1, ATTN_MAX_DMODEL, MSG_WHAT_DMODEL, &d))
        return false;
    *out = (Matrix){0};
    if (!attn_positions(out, (int)n, (int)d, &err))
        return interp_error(c->in, c->e->pos, c->e->span, NULL, MSG_TEXT, err_text(&err, c->in->diags->lang));
    if (c->tr)
        c->tr->op = OPX_POSITIONS;
    return true;
}

static bool fill(Call *c, Matrix *out, int kind) {
    long r, k = 0;
    if (!arg_int(c, 0, 1, MAT_MAX_DIM, MSG_WHAT_ROWS, &r))
        return false;
    if (kind == 0)
        k = r;
    else if (!arg_int(c, 1, 1, MAT_MAX_DIM, MSG_WHAT_COLS, &k))
        return false;
    if (!eval_alloc(c->in, c->e, out, r, k))
        return false;
    for (int i = 0; i < r; i++)
        for (int j = 0; j < k; j++)
            mat_set(out, i, j, kind == 0 ? (float)(i == j) : (float)(kind == 2));
    return true;
}
static bool fn_eye(Call *c, Matrix *out) { return fill(c, out, 0); }
static bool fn_zeros(Call *c, Matrix *out) { return fill(c, out, 1); }
static bool fn_ones(Call *c, Matrix *out) { return fill(c, out, 2); }

static const Function functions[] = {
    {"softmax", 1, 1, "", fn_softmax, MSG_USAGE_SOFTMAX, AX_SAME},
    {"layernorm", 1, 3, "variance eps eps_place", fn_layernorm, MSG_USAGE_LAYERNORM, AX_SAME},
    {"rmsnorm", 1, 2, "eps", fn_rmsnorm, MSG_USAGE_RMSNORM, AX_SAME},
    {"mean", 1, 1, "", fn_mean, MSG_USAGE_MEAN, AX_ROWS},
    {"var", 1, 1, "variance", fn_var, MSG_USAGE_VAR, AX_ROWS},
    {"std", 1, 1, "variance", fn_std, MSG_USAGE_STD, AX_ROWS},
    {"sum", 1, 1, "", fn_sum, MSG_USAGE_SUM, AX_ROWS},
    {"dot", 2, 2, "", fn_dot, MSG_USAGE_DOT, AX_NONE},
    {"max", 1, 1, "", fn_max, MSG_USAGE_MAX, AX_ROWS},
    {"min", 1, 1, "", fn_min, MSG_USAGE_MIN, AX_ROWS},
    {"rows", 1, 1, "", fn_rows, MSG_USAGE_ROWS, AX_NONE},
    {"total", 1, 1, "", fn_total, MSG_USAGE_TOTAL, AX_NONE},
    {"flatten", 1, 1, "", fn_flatten, MSG_USAGE_FLATTEN, AX_NONE},
    {"reshape", 3, 3, "", fn_reshape, MSG_USAGE_RESHAPE, AX_NONE},
    {"cols", 1, 1, "", fn_cols, MSG_USAGE_COLS, AX_NONE},
    {"abs", 1, 1, "", fn_abs, MSG_USAGE_ABS, AX_SAME},
    {"log", 1, 1, "", fn_log, MSG_USAGE_LOG, AX_SAME},
    {"sin", 1, 1, "", fn_sin, MSG_USAGE_SIN, AX_SAME},
    {"cos", 1, 1, "", fn_cos, MSG_USAGE_COS, AX_SAME},
    {"sqrt", 1, 1, "", fn_sqrt, MSG_USAGE_SQRT, AX_SAME},
    {"exp", 1, 1, "", fn_exp, MSG_USAGE_EXP, AX_SAME},
    {"relu", 1, 1, "", fn_relu, MSG_USAGE_RELU, AX_SAME},
    {"gelu", 1, 1, "", fn_gelu, MSG_USAGE_GELU, AX_SAME},
    {"gelu_tanh", 1, 1, "", fn_gelu_tanh, MSG_USAGE_GELU_TANH, AX_SAME},
    {"silu", 1, 1, "", fn_silu, MSG_USAGE_SILU, AX_SAME},
    {"transpose", 1, 1, "", fn_transpose, MSG_USAGE_TRANSPOSE, AX_SWAP},
    {"head", 2, 3, "", fn_head, MSG_USAGE_HEAD, AX_ROWS},
    {"concat", 1, TRACE_MAX_INPUTS, "", fn_concat, MSG_USAGE_CONCAT, AX_SIDE},
    {"stack", 1, TRACE_MAX_INPUTS, "", fn_stack, MSG_USAGE_STACK, AX_STACK},
    {"last", 1, 1, "", fn_last, MSG_USAGE_LAST, AX_LAST},
    {"mask", 1, 2, "", fn_mask, MSG_USAGE_MASK, AX_SAME},
    {"positions", 2, 2, "", fn_positions, MSG_USAGE_POSITIONS, AX_NONE},
    {"eye", 1, 1, "", fn_eye, MSG_USAGE_EYE, AX_NONE},
    {"zeros", 2, 2, "", fn_zeros, MSG_USAGE_ZEROS, AX_NONE},
    {"ones", 2, 2, "", fn_ones, MSG_USAGE_ONES, AX_NONE},
};
#define NFUNCTIONS (int)(sizeof functions / sizeof functions[0])


bool builtin_is_function(const char *name) {
    for (int k = 0; k < NFUNCTIONS; k++)
        if (strcmp(functions[k].name, name) == 0)
            return true;
    return false;
}

/* stacked: the axis of rows one under the other, when each argument's
 * rows are the same kind and follow on from the one before (X[0], X[1]:
 * tokens 0 and 1), else plain indices */
static Axis stacked(const Call *c) {
    Axis first = c->axes[0][0];
    int next = first.first;
    for (int k = 0; k < c->nargs; next += c->args[k].rows, k++)
        if (c->axes[k][0].kind != first.kind || c->axes[k][0].first != next)
            return (Axis){0};
    return first;
}

/* agree: the axis `dim` of every argument, when they all say the same */
static Axis agree(const Call *c, int dim) {
    for (int k = 1; k < c->nargs; k++)
        if (c->axes[k][dim].kind != c->axes[0][dim].kind || c->axes[k][dim].first != c->axes[0][dim].first)
            return (Axis){0};
    return c->axes[0][dim];
}

static void call_axes(const Function *f, const Call *c, Axis ax[2]) {
    const Axis *a = c->axes[0];
    ax[0] = ax[1] = (Axis){0};
    switch (f->axes) {
    case AX_NONE: break;
    case AX_SAME: ax[0] = a[0], ax[1] = a[1]; break;
    case AX_ROWS: ax[0] = a[0]; break;
    case AX_SWAP: ax[0] = a[1], ax[1] = a[0]; break;
    case AX_STACK: ax[0] = stacked(c), ax[1] = agree(c, 1); break;
    case AX_SIDE: ax[0] = agree(c, 0); break;
    case AX_LAST:
        if (a[0].kind != AXIS_INDEX)
            ax[0] = (Axis){a[0].kind, a[0].first + c->args[0].rows - 1};
        ax[1] = a[1];
        break;
    }
}

bool builtin_call(Interp *in, const Expr *e, Matrix *out, Trace *tr, Axis axes[2]) {
    const Function *f = NULL;
    for (int k = 0; k < NFUNCTIONS; k++)
        if (strcmp(functions[k].name, e->name) == 0)
            f = &functions[k];
    if (!f) {
        const char *names[NFUNCTIONS + 1]; /* the candidates are the table's names, so none is missing */
        for (int k = 0; k < NFUNCTIONS; k++)
            names[k] = functions[k].name;
        names[NFUNCTIONS] = NULL;
        const char *near = suggest_closest(e->name, names);
        char hint[96];
        msg_format(hint, sizeof hint, in->diags->lang, MSG_DID_YOU_MEAN, near ? near : "");
        return interp_error(in, e->pos, e->span, near ? hint : hint_text(in, MSG_HINT_FUNCTIONS), MSG_UNKNOWN_FUNCTION,
                        e->name);
    }
    Call c = {.in = in, .e = e, .tr = tr};
    bool ok = true;
    for (int k = 0; ok && k < e->nargs; k++) {
        const Arg *a = &e->args[k];
        if (a->name) {
            char pat[48];
            snprintf(pat, sizeof pat, " %s ", a->name);
            char allowed[64];
            snprintf(allowed, sizeof allowed, " %s ", f->keywords);
            if (!strstr(allowed, pat))
                ok = interp_error(in, a->pos, (int)strlen(a->name), hint_text(in, f->usage), MSG_NO_OPTION, f->name, a->name);
            continue;
        }
        if (c.nargs == f->max_args) {
            ok = interp_error(in, a->value->pos, a->value->span, hint_text(in, f->usage), MSG_TOO_MANY_ARGS, f->name);
            break;
        }
        ok = eval_expr(in, a->value, &c.args[c.nargs], NULL);
        if (ok) /* held, and counted, until the call is done */
            c.axes[c.nargs][0] = in->axes[0], c.axes[c.nargs][1] = in->axes[1],
            interp_hold(in, (long)c.args[c.nargs].rows * c.args[c.nargs].cols), c.nargs++;
    }
    if (ok && c.nargs < f->min_args)
        ok = interp_error(in, e->pos, e->span, hint_text(in, f->usage), f->min_args == 1 ? MSG_NEEDS_ARG : MSG_NEEDS_ARGS, f->name,
                      f->min_args);
    if (ok)
        ok = f->impl(&c, out);
    if (ok && c.nargs > 0)
        call_axes(f, &c, axes);
    for (int k = 0; k < c.nargs; k++) {
        interp_hold(in, -(long)c.args[k].rows * c.args[k].cols);
        mat_free(&c.args[k]);
    }
    return ok;
}

