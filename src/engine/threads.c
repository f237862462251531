/* threads.c - the worker pool (a mutex, two condition variables and a
 * generation counter), and the kernels split across it by output rows or
 * columns. See threads.h for why the results do not depend on the count. */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/threads.h"

typedef void (*ThrTask)(void *ctx, int task, MatScratch *scratch);

struct ThrPool {
    int threads;             /* the caller and threads - 1 workers */
    pid_t pid;               /* the process the workers run in */
    long grain, row_grain;   /* the smallest part worth a thread */
    pthread_t *workers;      /* threads - 1 of them */
    MatScratch *scratch;     /* one per thread; [0] is the caller's */
    pthread_mutex_t mu;
    pthread_cond_t go, done; /* work is posted; the last worker finished */
    unsigned long generation; /* bumped for each run */
    int pending;             /* workers that have not finished this run */
    bool quit;
    ThrTask fn;
    void *ctx;
    int tasks;
};

typedef struct Worker {
    ThrPool *pool;
    int index; /* 1 .. threads - 1 */
} Worker;

int thr_available(void) {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) != 0)
        return 1;
    int n = CPU_COUNT(&set);
    return n < 1 ? 1 : n > THR_MAX ? THR_MAX : n;
}

bool thr_parse(const char *text, const char *source, int *threads, Error *err) {
    char *end = NULL;
    errno = 0;
    long v = text ? strtol(text, &end, 10) : 0;
    if (!text || !isdigit((unsigned char)*text) || *end || errno || v < 1 || v > THR_MAX)
        return err_set_msg_in(err, source, MSG_THREADS_RANGE, text ? text : "", THR_MAX);
    *threads = (int)v;
    return true;
}

static void *worker_main(void *arg) {
    Worker *w = arg;
    ThrPool *p = w->pool;
    unsigned long seen = 0;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (p->generation == seen && !p->quit)
            pthread_cond_wait(&p->go, &p->mu);
        if (p->quit)
            break;
        seen = p->generation;
        ThrTask fn = p->fn;
        void *ctx = p->ctx;
        int tasks = p->tasks;
        pthread_mutex_unlock(&p->mu);
        if (w->index < tasks)
            fn(ctx, w->index, &p->scratch[w->index]);
        pthread_mutex_lock(&p->mu);
        if (--p->pending == 0)
            pthread_cond_signal(&p->done);
    }
    pthread_mutex_unlock(&p->mu);
    free(w);
    return NULL;
}

ThrPool *thr_pool_new(int threads) {
    if (threads < 1)
        threads = 1;
    if (threads > THR_MAX)
        threads = THR_MAX;
    ThrPool *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->grain = THR_GRAIN;
    p->row_grain = THR_ROW_GRAIN;
    p->scratch = calloc((size_t)threads, sizeof *p->scratch);
    p->workers = calloc((size_t)threads, sizeof *p->workers);
    if (!p->scratch || !p->workers) {
        free(p->scratch);
        free(p->workers);
        free(p);
        return NULL;
    }
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->go, NULL);
    pthread_cond_init(&p->done, NULL);
    p->threads = 1;
    p->pid = getpid();
    // workers take no signals: Ctrl-C and window changes go to the caller
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    for (int i = 1; i < threads; i++) {
        Worker *w = malloc(sizeof *w);
        if (!w)
            break;
        *w = (Worker){p, i};
        if (pthread_create(&p->workers[i - 1], NULL, worker_main, w) != 0) {
            free(w);
            break;
        }
        p->threads++;
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return p;
}

void thr_pool_free(ThrPool *p) {
    if (!p || getpid() != p->pid) /* a child of fork() has no workers to stop */
        return;
    pthread_mutex_lock(&p->mu);
    p->quit = true;
    pthread_cond_broadcast(&p->go);
    pthread_mutex_unlock(&p->mu);
    for (int i = 0; i < p->threads - 1; i++)
        pthread_join(p->workers[i], NULL);
    for (int i = 0; i < p->threads; i++)
        mat_scratch_free(&p->scratch[i]);
    pthread_cond_destroy(&p->go);
    pthread_cond_destroy(&p->done);
    pthread_mutex_destroy(&p->mu);
    free(p->scratch);
    free(p->workers);
    free(p);
}

int thr_pool_threads(const ThrPool *p) { return p ? p->threads : 1; }

void thr_pool_set_grain(ThrPool *p, long madds, long floats) {
    p->grain = madds < 1 ? 1 : madds;
    p->row_grain = floats < 1 ? 1 : floats;
}

void thr_pool_run(ThrPool *p, int tasks, ThrTask fn, void *ctx) {
    if (tasks <= 1 || !p || p->threads == 1) {
        fn(ctx, 0, p ? &p->scratch[0] : NULL);
        return;
    }
    if (getpid() != p->pid) { /* a child of fork(): it has no workers, only this thread */
        for (int t = 0; t < tasks; t++)
            fn(ctx, t, &p->scratch[t]);
        return;
    }
    pthread_mutex_lock(&p->mu);
    p->fn = fn;
    p->ctx = ctx;
    p->tasks = tasks;
    p->pending = p->threads - 1;
    p->generation++;
    pthread_cond_broadcast(&p->go);
    pthread_mutex_unlock(&p->mu);
    fn(ctx, 0, &p->scratch[0]);
    pthread_mutex_lock(&p->mu);
    while (p->pending > 0)
        pthread_cond_wait(&p->done, &p->mu);
    pthread_mutex_unlock(&p->mu);
}

/* ---- splitting ------------------------------------------------------------------ */

// the parts worth running: one per `grain` of work, at most one per
// thread and at most `units` (there is nothing smaller to hand out)
static int parts_for(const ThrPool *p, double work, long grain, long units) {
    if (!p || p->threads == 1 || units < 2)
        return 1;
    double by_work = work / (double)grain;
    int parts = by_work >= p->threads ? p->threads : (int)by_work;
    if (parts > units)
        parts = (int)units;
    return parts < 1 ? 1 : parts;
}

// part `i` of `parts` of [0, len): [*lo, *hi), sizes rounded up to whole
// `unit`s, so the last parts may be shorter or empty
static void part_range(int len, int parts, int unit, int i, int *lo, int *hi) {
    int size = (len + parts - 1) / parts;
    size = (size + unit - 1) / unit * unit;
    long l = (long)i * size;
    *lo = l > len ? len : (int)l;
    *hi = *lo + size > len ? len : *lo + size;
}

/* Row parts are whole multiples of 24 rows (the register tiles of every
 * set: 6, 8, 12) when there are enough rows, column parts of 64 columns
 * (whole column panels, 64-byte aligned) otherwise. Where the cut falls
 * changes only which thread computes an element, never how. */
#define ROW_UNIT 24
#define COL_UNIT 64

typedef struct MatJob {
    const KernelSet *ks;
    Matrix *out;
    const Matrix *a, *b;
    Matrix *const *outs;
    const Matrix *const *bs;
    int count;
    const float *packed;
    bool bt, by_cols;
    int parts, row_unit;
    MatScratch *caller; /* the caller's scratch, for task 0 (NULL: the pool's) */
} MatJob;

static MatScratch *job_scratch(const MatJob *j, int task, MatScratch *own) {
    return task == 0 && j->caller ? j->caller : own;
}

// choose rows or columns and the parts for an (n, m) output of work madds
static void plan(MatJob *j, const ThrPool *p, int n, int m, double work, bool cols_ok) {
    j->by_cols = false;
    j->row_unit = ROW_UNIT;
    long grain = p ? p->grain : THR_GRAIN;
    int threads = thr_pool_threads(p);
    if (n >= threads * ROW_UNIT) {
        j->parts = parts_for(p, work, grain, (n + ROW_UNIT - 1) / ROW_UNIT);
    } else if (cols_ok && m >= threads * COL_UNIT) {
        j->by_cols = true;
        j->parts = parts_for(p, work, grain, (m + COL_UNIT - 1) / COL_UNIT);
    } else {
        j->row_unit = 1;
        j->parts = parts_for(p, work, grain, n);
    }
}

static void matmul_task(void *ctx, int task, MatScratch *own) {
    const MatJob *j = ctx;
    int lo, hi;
    if (j->by_cols) {
        part_range(j->out->cols, j->parts, COL_UNIT, task, &lo, &hi);
        if (lo >= hi)
            return;
        Matrix o = mat_view_cols(j->out, lo, hi - lo);
        Matrix b = j->bt ? mat_view_rows(j->b, lo, hi - lo) : mat_view_cols(j->b, lo, hi - lo);
        j->ks->matmul_scratch(&o, j->a, &b, j->bt, job_scratch(j, task, own));
        return;
    }
    part_range(j->out->rows, j->parts, j->row_unit, task, &lo, &hi);
    if (lo >= hi)
        return;
    Matrix o = mat_view_rows(j->out, lo, hi - lo), a = mat_view_rows(j->a, lo, hi - lo);
    j->ks->matmul_scratch(&o, &a, j->b, j->bt, job_scratch(j, task, own));
}

void thr_matmul(ThrPool *p, const KernelSet *ks, Matrix *out, const Matrix *a, const Matrix *b, bool bt,
                MatScratch *scratch) {
    MatJob j = {.ks = ks, .out = out, .a = a, .b = b, .bt = bt, .caller = scratch};
    plan(&j, p, out->rows, out->cols, (double)out->rows * out->cols * a->cols, true);
    if (j.parts <= 1) {
        ks->matmul_scratch(out, a, b, bt, scratch);
        return;
    }
    thr_pool_run(p, j.parts, matmul_task, &j);
}

static void many_task(void *ctx, int task, MatScratch *own) {
    const MatJob *j = ctx;
    int lo, hi;
    const int n = j->count > 0 ? j->outs[0]->rows : 0;
    part_range(n, j->parts, j->row_unit, task, &lo, &hi);
    if (lo >= hi)
        return;
    Matrix o[8], *op[8];
    const Matrix a = mat_view_rows(j->a, lo, hi - lo);
    for (int i = 0; i < j->count; i++) {
        o[i] = mat_view_rows(j->outs[i], lo, hi - lo);
        op[i] = &o[i];
    }
    j->ks->matmul_many(op, &a, j->bs, j->count, job_scratch(j, task, own));
}

void thr_matmul_many(ThrPool *p, const KernelSet *ks, Matrix *const *outs, const Matrix *a,
                     const Matrix *const *bs, int count, MatScratch *scratch) {
    MatJob j = {.ks = ks, .a = a, .outs = outs, .bs = bs, .count = count, .caller = scratch};
    if (count > 0 && count <= 8) {
        const int n = a->rows, m = bs[0]->cols;
        plan(&j, p, n, m, (double)count * n * m * a->cols, false);
    } else {
        j.parts = 1;
    }
    if (j.parts <= 1) {
        ks->matmul_many(outs, a, bs, count, scratch);
        return;
    }
    thr_pool_run(p, j.parts, many_task, &j);
}

static void packed_task(void *ctx, int task, MatScratch *own) {
    (void)own;
    const MatJob *j = ctx;
    int lo, hi;
    part_range(j->out->rows, j->parts, j->row_unit, task, &lo, &hi);
    if (lo >= hi)
        return;
    Matrix o = mat_view_rows(j->out, lo, hi - lo), a = mat_view_rows(j->a, lo, hi - lo);
    j->ks->matmul_packed(&o, &a, j->packed);
}

void thr_matmul_packed(ThrPool *p, const KernelSet *ks, Matrix *out, const Matrix *a, const float *packed) {
    MatJob j = {.ks = ks, .out = out, .a = a, .packed = packed};
    plan(&j, p, out->rows, out->cols, (double)out->rows * out->cols * a->cols, false);
    if (j.parts <= 1) {
        ks->matmul_packed(out, a, packed);
        return;
    }
    thr_pool_run(p, j.parts, packed_task, &j);
}

/* ---- row-wise kernels: each row on one thread ------------------------------------ */

typedef struct RowJob {
    const KernelSet *ks;
    Matrix *out;
    const Matrix *a;
    int parts;
    float *v1, *v2; /* per-row outputs (row_max/row_sum, row_mean/row_var) or NULL */
    /* layer norm */
    const float *gamma, *beta;
    LnConvention conv;
    /* scale, mask, softmax */
    float s, mask_value;
    bool causal;
    int row0;
    Matrix *scaled, *masked;
    bool finite[THR_MAX];
} RowJob;

static int row_parts(const ThrPool *p, const Matrix *a) {
    return parts_for(p, (double)a->rows * a->cols, p ? p->row_grain : THR_ROW_GRAIN, a->rows);
}

static bool row_range(const RowJob *j, int task, int *lo, int *hi) {
    part_range(j->a->rows, j->parts, 1, task, lo, hi);
    return *lo < *hi;
}

static float *shift(float *v, int lo) { return v ? v + lo : NULL; }

static void softmax_task(void *ctx, int task, MatScratch *own) {
    (void)own;
    RowJob *j = ctx;
    int lo, hi;
    if (!row_range(j, task, &lo, &hi))
        return;
    Matrix o = mat_view_rows(j->out, lo, hi - lo), a = mat_view_rows(j->a, lo, hi - lo);
    j->ks->softmax_rows(&o, &a, shift(j->v1, lo), shift(j->v2, lo));
}

void thr_softmax_rows(ThrPool *p, const KernelSet *ks, Matrix *out, const Matrix *a, float *row_max,
                      float *row_sum) {
    RowJob j = {.ks = ks, .out = out, .a = a, .v1 = row_max, .v2 = row_sum, .parts = row_parts(p, a)};
    if (j.parts <= 1) {
        ks->softmax_rows(out, a, row_max, row_sum);
        return;
    }
    thr_pool_run(p, j.parts, softmax_task, &j);
}

static void sms_task(void *ctx, int task, MatScratch *own) {
    (void)own;
    RowJob *j = ctx;
    int lo, hi;
    j->finite[task] = true;
    if (!row_range(j, task, &lo, &hi))
        return;
    Matrix o = mat_view_rows(j->out, lo, hi - lo), a = mat_view_rows(j->a, lo, hi - lo);
    Matrix sc, mk;
    if (j->scaled)
        sc = mat_view_rows(j->scaled, lo, hi - lo);
    if (j->masked)
        mk = mat_view_rows(j->masked, lo, hi - lo);
    j->finite[task] = j->ks->scale_mask_softmax_rows(&o, &a, j->s, j->causal, j->row0 + lo, j->mask_value,
                                                      j->scaled ? &sc : NULL, j->masked ? &mk : NULL);
}

bool thr_scale_mask_softmax_rows(ThrPool *p, const KernelSet *ks, Matrix *out, const Matrix *a, float s,
                                 bool causal, int row0, float mask_value, Matrix *scaled, Matrix *masked) {
    RowJob j = {.ks = ks, .out = out, .a = a, .s = s, .causal = causal, .row0 = row0,
                .mask_value = mask_value, .scaled = scaled, .masked = masked, .parts = row_parts(p, a)};
    if (j.parts <= 1)
        return ks->scale_mask_softmax_rows(out, a, s, causal, row0, mask_value, scaled, masked);
    thr_pool_run(p, j.parts, sms_task, &j);
    bool finite = true;
    for (int i = 0; i < j.parts; i++)
        finite = finite && j.finite[i];
    return finite;
}

static void layernorm_task(void *ctx, int task, MatScratch *own) {
    (void)own;
    RowJob *j = ctx;
    int lo, hi;
    if (!row_range(j, task, &lo, &hi))
        return;
    Matrix o = mat_view_rows(j->out, lo, hi - lo), a = mat_view_rows(j->a, lo, hi - lo);
    j->ks->layernorm_rows(&o, &a, j->gamma, j->beta, j->conv, shift(j->v1, lo), shift(j->v2, lo));
}

void thr_layernorm_rows(ThrPool *p, const KernelSet *ks, Matrix *out, const Matrix *a, const float *gamma,
                        const float *beta, LnConvention conv, float *row_mean, float *row_var) {
    RowJob j = {.ks = ks, .out = out, .a = a, .gamma = gamma, .beta = beta, .conv = conv, .v1 = row_mean,
                .v2 = row_var, .parts = row_parts(p, a)};
    if (j.parts <= 1) {
        ks->layernorm_rows(out, a, gamma, beta, conv, row_mean, row_var);
        return;
    }
    thr_pool_run(p, j.parts, layernorm_task, &j);
}

/* ---- the engine's threaded set ------------------------------------------------------ */

static void t_matmul(Matrix *out, const Matrix *a, const Matrix *b) {
    const ThrKernels *t = engine_threads_context();
    thr_matmul(t->pool, t->base, out, a, b, false, NULL);
}
static void t_matmul_bt(Matrix *out, const Matrix *a, const Matrix *b) {
    const ThrKernels *t = engine_threads_context();
    thr_matmul(t->pool, t->base, out, a, b, true, NULL);
}
static void t_matmul_scratch(Matrix *out, const Matrix *a, const Matrix *b, bool bt, MatScratch *scratch) {
    const ThrKernels *t = engine_threads_context();
    thr_matmul(t->pool, t->base, out, a, b, bt, scratch);
}
static void t_matmul_many(Matrix *const *outs, const Matrix *a, const Matrix *const *bs, int count,
                          MatScratch *scratch) {
    const ThrKernels *t = engine_threads_context();
    thr_matmul_many(t->pool, t->base, outs, a, bs, count, scratch);
}
static void t_matmul_packed(Matrix *out, const Matrix *a, const float *packed) {
    const ThrKernels *t = engine_threads_context();
    thr_matmul_packed(t->pool, t->base, out, a, packed);
}
static void t_softmax_rows(Matrix *out, const Matrix *a, float *row_max, float *row_sum) {
    const ThrKernels *t = engine_threads_context();
    thr_softmax_rows(t->pool, t->base, out, a, row_max, row_sum);
}
static bool t_scale_mask_softmax_rows(Matrix *out, const Matrix *a, float s, bool causal, int row0,
                                      float mask_value, Matrix *scaled, Matrix *masked) {
    const ThrKernels *t = engine_threads_context();
    return thr_scale_mask_softmax_rows(t->pool, t->base, out, a, s, causal, row0, mask_value, scaled, masked);
}
static void t_layernorm_rows(Matrix *out, const Matrix *a, const float *gamma, const float *beta,
                             LnConvention conv, float *row_mean, float *row_var) {
    const ThrKernels *t = engine_threads_context();
    thr_layernorm_rows(t->pool, t->base, out, a, gamma, beta, conv, row_mean, row_var);
}

void thr_kernels_make(ThrKernels *tk, const KernelSet *base, ThrPool *pool) {
    tk->base = base;
    tk->pool = pool;
    tk->set = *base;
    tk->set.matmul = t_matmul;
    tk->set.matmul_bt = t_matmul_bt;
    tk->set.matmul_scratch = t_matmul_scratch;
    tk->set.matmul_many = t_matmul_many;
    tk->set.matmul_packed = t_matmul_packed;
    tk->set.softmax_rows = t_softmax_rows;
    tk->set.scale_mask_softmax_rows = t_scale_mask_softmax_rows;
    tk->set.layernorm_rows = t_layernorm_rows;
}
