/* eval.c - expressions: names, literals, operators, indexing; calls go to
 * builtins.c. Every value is a matrix; a number is 1x1 and a vector is a
 * row (1xn). Element-wise operators broadcast a 1x1, a 1xm row or an nx1
 * column across an nxm matrix. */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "attention/pipeline.h"
#include "engine/random.h"
#include "io/npy.h"
#include "lang/embedded.h"
#include "lang/interp_internal.h"
#include "util/suggest.h"

/* ---- helpers ----------------------------------------------------------- */

void eval_expr_text(const Interp *in, const Expr *e, char *buf, size_t size) {
    size_t n = e->end > e->start ? e->end - e->start : 0;
    if (n >= size)
        n = size - 1;
    memcpy(buf, in->src->text + e->start, n);
    buf[n] = '\0';
    /* keep labels on one line */
    for (char *c = buf; *c; c++)
        if (*c == '\n' || *c == '\t')
            *c = ' ';
    if (n == size - 1 && size > 4) {
        /* cut on a character boundary, then mark the cut */
        size_t cut = size - 4;
        while (cut > 0 && ((unsigned char)buf[cut] & 0xC0) == 0x80)
            cut--;
        memcpy(buf + cut, "...", 4);
    }
}

static long numbers(const Matrix *m) { return (long)m->rows * m->cols; }

void eval_trace_free(Interp *in, Trace *tr) {
    for (int i = 0; i < tr->ninputs; i++) {
        interp_hold(in, -numbers(&tr->inputs[i].m));
        mat_free(&tr->inputs[i].m);
    }
    tr->ninputs = 0;
}

/* eval_trace_input: keep a copy of an operand, labelled with its source text */
void eval_trace_input(Interp *in, Trace *tr, const Expr *e, const char *label, const Matrix *m, const Axis *axes) {
    if (!tr || tr->ninputs == TRACE_MAX_INPUTS)
        return;
    Slot *s = &tr->inputs[tr->ninputs];
    memset(s, 0, sizeof *s);
    if (label)
        snprintf(s->name, sizeof s->name, "%s", label);
    else
        eval_expr_text(in, e, s->name, sizeof s->name);
    s->head = -1;
    s->first_token = -1;
    if (axes)
        s->axis[0] = axes[0], s->axis[1] = axes[1];
    /* the copy is held until the record keeps it (or the statement fails) */
    if (interp_fits(in, numbers(m), e->pos, e->span) && mat_copy(&s->m, m, NULL)) {
        interp_hold(in, numbers(m));
        tr->ninputs++;
    }
}

bool eval_alloc(Interp *in, const Expr *e, Matrix *m, long rows, long cols) {
    Error err;
    if (rows * cols > INTERP_MAX_ELEMS && rows <= MAT_MAX_DIM && cols <= MAT_MAX_DIM)
        return interp_error(in, e->pos, e->span, hint_text(in, MSG_HINT_SMALL_EXAMPLES), MSG_MATRIX_TOO_LARGE, rows, cols,
                        INTERP_MAX_ELEMS);
    if (!mat_check_size(rows, cols, &err))
        return interp_error(in, e->pos, e->span, NULL, MSG_TEXT, err_text(&err, in->diags->lang));
    if (!interp_fits(in, rows * cols, e->pos, e->span))
        return false;
    if (!mat_alloc(m, (int)rows, (int)cols, &err))
        return interp_error(in, e->pos, e->span, NULL, MSG_TEXT, err_text(&err, in->diags->lang));
    return true;
}

bool eval_scalar_of(const Matrix *m, double *v) {
    if (m->rows != 1 || m->cols != 1)
        return false;
    *v = (double)mat_get(m, 0, 0);
    return true;
}

bool eval_int(Interp *in, const Expr *e, long lo, long hi, MsgId what_id, long *out) {
    const char *what = hint_text(in, what_id);
    double v;
    bool scalar = true;
    if (e->kind == E_NUMBER) {
        /* a number written out is read as a double: a seed up to 2^53 - 1
         * keeps every digit (as a float, 16777217 would be 16777216) */
        v = e->number;
    } else {
        Matrix m = {0};
        if (!eval_expr(in, e, &m, NULL))
            return false;
        scalar = eval_scalar_of(&m, &v);
        mat_free(&m);
    }
    if (!scalar)
        return interp_error(in, e->pos, e->span, NULL, MSG_SINGLE_NUMBER, what);
    if (v != floor(v))
        return interp_error(in, e->pos, e->span, NULL, MSG_WHOLE_NUMBER, what, v);
    if (v < (double)lo || v > (double)hi)
        return interp_error(in, e->pos, e->span, NULL, MSG_NUMBER_RANGE, what, lo,
                        hi, v);
    *out = (long)v;
    return true;
}

const char *const eval_variance_words[] = {"population", "sample", "n", "n-1", NULL};
const char *const eval_eps_place_words[] = {"inside", "outside", NULL};

bool eval_word(Interp *in, const Expr *e, const char *what, const char *const *choices, int *choice) {
    char text[32] = "";
    if (e->kind == E_NAME || e->kind == E_NUMBER || e->kind == E_BINARY)
        eval_expr_text(in, e, text, sizeof text);
    for (int k = 0; choices[k]; k++)
        if (strcmp(text, choices[k]) == 0) {
            *choice = k;
            return true;
        }
    char list[128] = "", hint[64];
    for (int k = 0; choices[k]; k++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", k ? ", " : "", choices[k]);
    const char *near = suggest_closest(text, choices);
    msg_format(hint, sizeof hint, in->diags->lang, MSG_DID_YOU_MEAN, near ? near : "");
    return interp_error(in, e->pos, e->span, near ? hint : NULL, MSG_ONE_OF, what, list);
}

static void shape_str(char *buf, size_t size, const Matrix *m) {
    snprintf(buf, size, "%d×%d", m->rows, m->cols);
}

/* ---- operators --------------------------------------------------------- */

static const char *op_symbol(BinaryOp op) {
    static const char *const s[] = {"+", "-", "*", "/", "@", "^"};
    return s[op];
}

/* element-wise a op b with broadcasting of 1x1, 1xm rows and nx1 columns */
static bool elementwise(Interp *in, const Expr *e, const Matrix *a, const Matrix *b, Matrix *out) {
    int rows = a->rows > b->rows ? a->rows : b->rows;
    int cols = a->cols > b->cols ? a->cols : b->cols;
    bool fits = (a->rows == rows || a->rows == 1) && (b->rows == rows || b->rows == 1) &&
                (a->cols == cols || a->cols == 1) && (b->cols == cols || b->cols == 1);
    if (!fits) {
        char sa[32], sb[32], ta[64], tb[64];
        shape_str(sa, sizeof sa, a), shape_str(sb, sizeof sb, b);
        eval_expr_text(in, e->lhs, ta, sizeof ta), eval_expr_text(in, e->rhs, tb, sizeof tb);
        return interp_error(in, e->pos, e->span,
                        e->op == OP_MUL && a->cols == b->rows
                            ? hint_text(in, MSG_HINT_STAR_IS_ELEMENTWISE)
                            : hint_text(in, MSG_HINT_BROADCAST),
                        MSG_ELEMENTWISE_SHAPES, ta, sa, tb, sb,
                        op_symbol(e->op));
    }
    if (!eval_alloc(in, e, out, rows, cols))
        return false;
    for (int i = 0; i < rows; i++) {
        for (int j = 0; j < cols; j++) {
            float x = mat_get(a, a->rows == 1 ? 0 : i, a->cols == 1 ? 0 : j);
            float y = mat_get(b, b->rows == 1 ? 0 : i, b->cols == 1 ? 0 : j);
            float r;
            switch (e->op) {
            case OP_ADD: r = x + y; break;
            case OP_SUB: r = x - y; break;
            case OP_MUL: r = x * y; break;
            case OP_POW:
                r = powf(x, y);
                if (isnan(r) && !isnan(x) && !isnan(y)) {
                    mat_free(out);
                    return interp_error(in, e->pos, e->span, hint_text(in, MSG_HINT_NEGATIVE_ROOT),
                                    MSG_POWER_NOT_REAL, (double)x, (double)y);
                }
                break;
            default:
                if (y == 0.0f) {
                    mat_free(out);
                    char tb[64];
                    eval_expr_text(in, e->rhs, tb, sizeof tb);
                    if (b->rows == 1 && b->cols == 1 && e->rhs->kind == E_NUMBER)
                        return interp_error(in, e->pos, e->span, NULL, MSG_DIVISION_BY_ZERO);
                    if (b->rows == 1 && b->cols == 1)
                        return interp_error(in, e->pos, e->span, NULL, MSG_DIVISION_BY_ZERO_NAMED, tb);
                    return interp_error(in, e->pos, e->span, NULL, MSG_DIVISION_BY_ZERO_AT, tb,
                                    b->rows == 1 ? 0 : i, b->cols == 1 ? 0 : j);
                }
                r = x / y;
            }
            mat_set(out, i, j, r);
        }
    }
    return true;
}

/* a 1-D vector as NumPy sees one: a value of one row that is not written
 * as a nested list ([[1, 2]] is a 1x2 matrix) */
static bool one_d(const Expr *e, const Matrix *m) {
    return m->rows == 1 && m->cols > 1 && !(e->kind == E_LIST && e->nitems > 0 && e->items[0]->kind == E_LIST);
}

/* the product a @ b; for two 1-D vectors of one length (NumPy's rule) their
 * dot product, with *bt set (the record is then a @ bᵀ) */
static bool matmul(Interp *in, const Expr *e, const Matrix *a, const Matrix *b, Matrix *out, bool *bt) {
    *bt = false;
    if (a->cols != b->rows && a->cols == b->cols && one_d(e->lhs, a) && one_d(e->rhs, b)) {
        if (!interp_add_work(in, (double)a->cols, e->pos, e->span) || !eval_alloc(in, e, out, 1, 1))
            return false;
        engine_kernels()->matmul_bt(out, a, b);
        *bt = true;
        return true;
    }
    if (a->cols != b->rows) {
        char sa[32], sb[32], ta[64], tb[64], hint[256] = "";
        shape_str(sa, sizeof sa, a), shape_str(sb, sizeof sb, b);
        eval_expr_text(in, e->lhs, ta, sizeof ta), eval_expr_text(in, e->rhs, tb, sizeof tb);
        if (a->cols == b->cols)
            msg_format(hint, sizeof hint, in->diags->lang, MSG_HINT_TRANSPOSE, tb, tb);
        return interp_error(in, e->pos, e->span, hint[0] ? hint : NULL, MSG_INNER_SIZES, ta, sa, tb, sb,
                        a->cols, b->rows);
    }
    if ((double)a->rows * a->cols * b->cols > INTERP_MAX_WORK)
        return interp_error(in, e->pos, e->span, NULL, MSG_PRODUCT_TOO_BIG,
                        (double)a->rows * a->cols * b->cols, INTERP_MAX_WORK);
    if (!interp_add_work(in, (double)a->rows * a->cols * b->cols, e->pos, e->span) ||
        !eval_alloc(in, e, out, a->rows, b->cols))
        return false;
    engine_kernels()->matmul(out, a, b);
    return true;
}

/* ---- literals ---------------------------------------------------------- */

/* [1, 2, 3] is a 1x3 row; [[1, 2], [3, 4]] is 2x2 */
static bool eval_list(Interp *in, const Expr *e, Matrix *out) {
    if (e->nitems == 0)
        return interp_error(in, e->pos, e->span, NULL, MSG_EMPTY_LIST);
    Matrix *items = calloc((size_t)e->nitems, sizeof *items);
    bool ok = items != NULL;
    /* an item is a row when it is written as a list or is a 1xn value
     * with n > 1; otherwise it must be a single number */
    int cols = -1;
    bool rows = false;
    for (int k = 0; ok && k < e->nitems; k++) {
        const Expr *it = e->items[k];
        ok = eval_expr(in, it, &items[k], NULL);
        interp_hold(in, numbers(&items[k])); /* 0 when it failed */
        if (!ok)
            break;
        bool is_row = it->kind == E_LIST || items[k].cols > 1;
        if (it->kind == E_LIST && it->nitems > 0 && it->items[0]->kind == E_LIST) {
            ok = interp_error(in, it->pos, it->span, hint_text(in, MSG_HINT_TWO_LEVELS), MSG_LIST_THREE_DEEP);
        } else if (items[k].rows != 1) {
            ok = interp_error(in, it->pos, it->span, hint_text(in, MSG_HINT_TWO_LEVELS), MSG_LIST_ITEM_SHAPE,
                          items[k].rows, items[k].cols);
        } else if (k > 0 && is_row != rows) {
            ok = interp_error(in, it->pos, it->span, hint_text(in, MSG_HINT_LIST_OF_ROWS), MSG_LIST_MIXED);
        } else if (k > 0 && is_row && items[k].cols != cols) {
            ok = interp_error(in, it->pos, it->span, hint_text(in, MSG_HINT_ROW_LENGTH),
                          items[k].cols == 1 ? MSG_ROW_LENGTH_ONE : MSG_ROW_LENGTH, k, items[k].cols, cols);
        }
        if (k == 0)
            rows = is_row, cols = items[k].cols;
    }
    if (ok) {
        if (!rows) { /* [a, b, c]: one row */
            ok = eval_alloc(in, e, out, 1, e->nitems);
            for (int k = 0; ok && k < e->nitems; k++)
                mat_set(out, 0, k, mat_get(&items[k], 0, 0));
        } else {
            ok = eval_alloc(in, e, out, e->nitems, cols);
            for (int k = 0; ok && k < e->nitems; k++)
                for (int j = 0; j < cols; j++)
                    mat_set(out, k, j, mat_get(&items[k], 0, j));
        }
    }
    for (int k = 0; items && k < e->nitems; k++) {
        interp_hold(in, -numbers(&items[k]));
        mat_free(&items[k]);
    }
    free(items);
    return ok;
}

static bool eval_random(Interp *in, const Expr *e, Matrix *out) {
    long rows, cols, seed;
    if (!eval_int(in, e->rows, 1, MAT_MAX_DIM, MSG_WHAT_ROWS, &rows) ||
        !eval_int(in, e->cols, 1, MAT_MAX_DIM, MSG_WHAT_COLS, &cols) ||
        !eval_int(in, e->seed, 0, 9007199254740991L, MSG_WHAT_SEED, &seed))
        return false;
    double scale = 1.0;
    if (e->scale) {
        Matrix s = {0};
        if (!eval_expr(in, e->scale, &s, NULL))
            return false;
        bool ok = eval_scalar_of(&s, &scale);
        mat_free(&s);
        if (!ok)
            return interp_error(in, e->scale->pos, e->scale->span, NULL, MSG_SCALE_NUMBER);
    }
    if (!eval_alloc(in, e, out, rows, cols))
        return false;
    mat_fill_random(out, (uint64_t)seed, (float)scale);
    /* `W = random …` is W's draw; inside an expression, the text is its name */
    const Stmt *s = in->stmt;
    const bool named = s && s->kind == S_ASSIGN && s->expr == e;
    eval_note_draw(in, e, named ? s->names[0] : NULL, (uint64_t)seed, 0, (int)rows, (int)cols, (float)scale);
    return true;
}

void eval_note_draw(Interp *in, const Expr *e, const char *label, uint64_t seed, uint64_t first, int rows, int cols,
                    float scale) {
    Draw d = {.seed = seed, .first = first, .rows = rows, .cols = cols, .scale = scale, .pos = e->pos};
    if (label)
        snprintf(d.label, sizeof d.label, "%s", label);
    else
        eval_expr_text(in, e, d.label, sizeof d.label);
    size_t len = strlen(d.label); /* '(random 2x2 seed 1)' names it without its parentheses */
    if (len > 2 && d.label[0] == '(' && d.label[len - 1] == ')') {
        memmove(d.label, d.label + 1, len - 2);
        d.label[len - 2] = '\0';
    }
    const uint64_t n = (uint64_t)rows * (uint64_t)cols;
    /* the names of one statement are its one draw: warned about once */
    bool warned = in->ndraws > 0 && in->draws[in->ndraws - 1].warned && in->draws[in->ndraws - 1].pos.offset == e->pos.offset;
    d.warned = warned;
    for (int k = 0; k < in->ndraws && !warned; k++) {
        const Draw *o = &in->draws[k];
        const bool same = o->seed == seed && o->first == first && o->rows == rows && o->cols == cols &&
                          o->scale == scale;
        if (!same && rng_overlap(o->seed, o->first, (uint64_t)o->rows * (uint64_t)o->cols, seed, first, n)) {
            diag_add(in->diags, DIAG_WARNING, e->pos, e->span, hint_text(in, MSG_HINT_RANDOM_REPEATS),
                     MSG_RANDOM_REPEATS, d.label, o->label, o->pos.line);
            d.warned = warned = true;
        }
    }
    if (in->ndraws == in->draws_cap) {
        int cap = in->draws_cap ? 2 * in->draws_cap : 16;
        Draw *grown = realloc(in->draws, (size_t)cap * sizeof *grown);
        if (!grown) /* the warning is a courtesy: without memory, no record */
            return;
        in->draws = grown, in->draws_cap = cap;
    }
    in->draws[in->ndraws++] = d;
}

/* load "FILE.npy": a float32 .npy of 1 or 2 dimensions. The language has
 * no empty matrices (no literal, function or operator makes one), so a
 * file with a 0 in its shape is refused here, once, rather than in every
 * function that would have to define max() of nothing. */
static bool eval_load(Interp *in, const Expr *e, Matrix *out) {
    char path[4096];
    if (e->name[0] == '/')
        snprintf(path, sizeof path, "%s", e->name);
    else
        snprintf(path, sizeof path, "%s/%s", in->src->dir, e->name);
    Error err;
    NpyInfo info;
    if (in->src->embedded) {
        const EmbeddedFile *f = embedded_find(path);
        if (!f)
            return interp_error(in, e->pos, e->span, NULL, MSG_NO_BUILTIN_FILE, e->name);
        if (!npy_read_mem(f->data, f->size, out, &info, &err))
            return interp_error(in, e->pos, e->span, NULL, MSG_NAMED_ERROR, e->name, err_text(&err, in->diags->lang));
    } else if (!npy_read(path, out, &info, &err)) {
        /* the message names the file unless it already does */
        if (strstr(err.msg, e->name))
            return interp_error(in, e->pos, e->span, NULL, MSG_TEXT, err_text(&err, in->diags->lang));
        return interp_error(in, e->pos, e->span, NULL, MSG_NAMED_ERROR, e->name, err_text(&err, in->diags->lang));
    }
    if (numbers(out) > INTERP_MAX_ELEMS) {
        long n = numbers(out);
        mat_free(out);
        return interp_error(in, e->pos, e->span, hint_text(in, MSG_HINT_SMALL_EXAMPLES), MSG_LOAD_TOO_LARGE, e->name,
                            n, INTERP_MAX_ELEMS);
    }
    if (!interp_fits(in, numbers(out), e->pos, e->span)) {
        mat_free(out);
        return false;
    }
    if (out->rows == 0 || out->cols == 0) {
        char shape[48];
        if (info.ndim == 1)
            snprintf(shape, sizeof shape, "(%ld,)", info.shape[0]);
        else
            snprintf(shape, sizeof shape, "(%ld, %ld)", info.shape[0], info.shape[1]);
        mat_free(out);
        return interp_error(in, e->pos, e->span, hint_text(in, MSG_HINT_EMPTY_SHAPE), MSG_EMPTY_SHAPE, e->name,
                            shape);
    }
    return true;
}

/* ---- the evaluator ----------------------------------------------------- */

static bool eval_name(Interp *in, const Expr *e, Matrix *out) {
    const Matrix *m = interp_env_get(in, e->name);
    if (m)
        return interp_fits(in, numbers(m), e->pos, e->span) &&
               (mat_copy(out, m, NULL) || interp_error(in, e->pos, e->span, NULL, MSG_OUT_OF_MEMORY));
    if (interp_name_failed(in, e->name)) {
        in->hit_failed = true; /* already reported where it failed */
        return false;
    }
    if (strcmp(e->name, "inf") == 0 || strcmp(e->name, "pi") == 0) {
        if (!mat_alloc(out, 1, 1, NULL))
            return false;
        mat_set(out, 0, 0, e->name[0] == 'i' ? INFINITY : (float)M_PI);
        return true;
    }
    if (builtin_is_function(e->name))
        return interp_error(in, e->pos, e->span, NULL, MSG_NAME_IS_FUNCTION, e->name, e->name);
    /* suggest a defined name or a function */
    const MatrixList *env = &in->out->env;
    const char **names = calloc((size_t)env->count + 1, sizeof *names);
    for (int k = 0; names && k < env->count; k++)
        names[k] = env->items[k].name;
    const char *near = names ? suggest_closest(e->name, names) : NULL;
    char hint[128];
    if (near)
        msg_format(hint, sizeof hint, in->diags->lang, MSG_DID_YOU_MEAN, near);
    else if (env->count)
        msg_format(hint, sizeof hint, in->diags->lang, MSG_HINT_DEFINE_FIRST, e->name);
    free(names);
    return interp_error(in, e->pos, e->span, near || env->count ? hint : NULL, MSG_UNKNOWN_NAME, e->name);
}

static bool eval_index(Interp *in, const Expr *e, Matrix *out, Trace *tr, Axis ax[2]) {
    Matrix m = {0};
    if (!eval_expr(in, e->lhs, &m, NULL))
        return false;
    Axis of[2] = {in->axes[0], in->axes[1]};
    char what[80];
    eval_expr_text(in, e->lhs, what, sizeof what);
    long i, j = -1;
    bool ok = true;
    if (m.rows == 0 || m.cols == 0) /* never made by the language; refused all the same */
        ok = interp_error(in, e->pos, e->span, NULL, MSG_EMPTY_NO_ROW, what);
    else if (!eval_int(in, e->index[0], 0, m.rows - 1, MSG_WHAT_ROW, &i))
        ok = false;
    else if (e->index[1] && !eval_int(in, e->index[1], 0, m.cols - 1, MSG_WHAT_COL, &j))
        ok = false;
    if (ok)
        ok = mat_alloc(out, 1, j >= 0 ? 1 : m.cols, NULL);
    if (ok) {
        if (j >= 0)
            mat_set(out, 0, 0, mat_get(&m, (int)i, (int)j));
        else
            memcpy(mat_row(out, 0), mat_row(&m, (int)i), (size_t)m.cols * sizeof(float));
        if (tr) {
            tr->op = OPX_INDEX;
            tr->index[0] = (int)i, tr->index[1] = (int)j;
            eval_trace_input(in, tr, e->lhs, NULL, &m, of);
        }
        /* row i of a matrix whose rows are tokens is token first + i */
        if (j < 0 && of[0].kind != AXIS_INDEX)
            ax[0] = (Axis){of[0].kind, of[0].first + (int)i}, ax[1] = of[1];
    }
    mat_free(&m);
    return ok;
}

static bool eval_node(Interp *in, const Expr *e, Matrix *out, Trace *tr, Axis ax[2]);

/* eval: the value of e into *out (owned by the caller); on failure *out is
 * the empty matrix, whatever went wrong where */
bool eval_expr(Interp *in, const Expr *e, Matrix *out, Trace *tr) {
    *out = (Matrix){0};
    Axis ax[2] = {{AXIS_INDEX, 0}, {AXIS_INDEX, 0}};
    /* every number made costs time, whatever made it (a copy, a sum, a
     * thin product): counted, so no lesson of small steps runs for minutes */
    if (eval_node(in, e, out, tr, ax) &&
        interp_add_work(in, (double)numbers(out) * INTERP_WORK_PER_NUMBER, e->pos, e->span)) {
        in->axes[0] = ax[0], in->axes[1] = ax[1];
        return true;
    }
    mat_free(out);
    return false;
}

/* a number literal as a 1×1 matrix; a literal float32 cannot hold is
 * refused where it is written, not where its rounded value (inf, or 0)
 * surprises later */
static bool eval_number(Interp *in, const Expr *e, Matrix *out) {
    if (!mat_alloc(out, 1, 1, NULL))
        return false;
    float value = (float)e->number;
    mat_set(out, 0, 0, value);
    if (isinf(value))
        return interp_error(in, e->pos, e->span, NULL, MSG_FLOAT_TOO_LARGE, e->number);
    if (value == 0.0f && e->number != 0.0)
        return interp_error(in, e->pos, e->span, hint_text(in, MSG_HINT_WRITE_ZERO), MSG_FLOAT_TOO_SMALL,
                            e->number);
    return true;
}

/* -x or xᵀ */
static bool eval_unary(Interp *in, const Expr *e, Matrix *out, Trace *tr, Axis ax[2]) {
    Matrix a = {0};
    if (!eval_expr(in, e->lhs, &a, NULL))
        return false;
    bool neg = e->kind == E_NEG;
    Axis of[2] = {in->axes[0], in->axes[1]};
    ax[0] = of[neg ? 0 : 1], ax[1] = of[neg ? 1 : 0]; /* xᵀ: its rows are x's columns */
    interp_hold(in, numbers(&a));
    bool ok = eval_alloc(in, e, out, neg ? a.rows : a.cols, neg ? a.cols : a.rows);
    if (ok && neg)
        engine_kernels()->scale(out, &a, -1.0f);
    else if (ok)
        mat_transpose(out, &a);
    if (ok && tr) {
        tr->op = neg ? OPX_NEG : OPX_TRANSPOSE;
        eval_trace_input(in, tr, e->lhs, NULL, &a, of);
    }
    interp_hold(in, -numbers(&a));
    mat_free(&a);
    return ok;
}

/* a + b, a - b, a * b, a / b, a ^ b, a @ b */
/* the axes of an element-wise result: along each, the operand that is not
 * broadcast there says what it counts (a first) */
static void elementwise_axes(const Matrix *a, const Axis *aa, const Matrix *b, const Axis *ba, const Matrix *out,
                             Axis ax[2]) {
    int an[2] = {a->rows, a->cols}, bn[2] = {b->rows, b->cols}, on[2] = {out->rows, out->cols};
    for (int d = 0; d < 2; d++)
        ax[d] = an[d] == on[d] && aa[d].kind != AXIS_INDEX ? aa[d]
              : bn[d] == on[d] && ba[d].kind != AXIS_INDEX ? ba[d] : (Axis){0};
}

static bool eval_binary(Interp *in, const Expr *e, Matrix *out, Trace *tr, Axis ax[2]) {
    Matrix a = {0}, b = {0};
    if (!eval_expr(in, e->lhs, &a, NULL))
        return false;
    Axis aa[2] = {in->axes[0], in->axes[1]};
    /* the √d_k mistake: scores left undivided */
    if (e->op == OP_DIV && in->opt.mistake == MISTAKE_NO_SCALE && e->rhs->kind == E_CALL &&
        strcmp(e->rhs->name, "sqrt") == 0) {
        *out = a;
        ax[0] = aa[0], ax[1] = aa[1];
        return true;
    }
    /* the operands are held, and counted, until the result is made */
    interp_hold(in, numbers(&a));
    if (!eval_expr(in, e->rhs, &b, NULL)) {
        interp_hold(in, -numbers(&a));
        mat_free(&a);
        return false;
    }
    interp_hold(in, numbers(&b));
    Axis ba[2] = {in->axes[0], in->axes[1]};
    bool bt = false;
    bool ok = e->op == OP_MATMUL ? matmul(in, e, &a, &b, out, &bt) : elementwise(in, e, &a, &b, out);
    if (ok && tr) {
        static const OpKind ops[] = {OPX_ADD, OPX_SUB, OPX_MUL, OPX_DIV, OPX_MATMUL, OPX_POW};
        tr->op = bt ? OPX_MATMUL_BT : ops[e->op];
        eval_trace_input(in, tr, e->lhs, NULL, &a, aa);
        eval_trace_input(in, tr, e->rhs, NULL, &b, ba);
    }
    /* a @ b: a's rows by b's columns (two vectors' dot product: one number) */
    if (ok && e->op == OP_MATMUL && !bt)
        ax[0] = aa[0], ax[1] = ba[1];
    else if (ok && e->op != OP_MATMUL)
        elementwise_axes(&a, aa, &b, ba, out, ax);
    interp_hold(in, -numbers(&a) - numbers(&b));
    mat_free(&a), mat_free(&b);
    return ok;
}

static bool eval_node(Interp *in, const Expr *e, Matrix *out, Trace *tr, Axis ax[2]) {
    switch (e->kind) {
    case E_NUMBER: return eval_number(in, e, out);
    case E_NAME:
        if (!eval_name(in, e, out))
            return false;
        interp_name_axes(in, e->name, ax);
        if (tr)
            eval_trace_input(in, tr, e, NULL, out, ax);
        return true;
    case E_LIST: return eval_list(in, e, out);
    case E_RANDOM: return eval_random(in, e, out);
    case E_LOAD: return eval_load(in, e, out);
    case E_CALL: return builtin_call(in, e, out, tr, ax);
    case E_INDEX: return eval_index(in, e, out, tr, ax);
    case E_NEG:
    case E_TRANSPOSE: return eval_unary(in, e, out, tr, ax);
    case E_BINARY: return eval_binary(in, e, out, tr, ax);
    }
    return false;
}
