/* bench.c - the engine benchmarks (see bench.h): the tables of kernels,
 * square products, the lesson, threads, the pipeline and the encoder.
 * How each call is timed (calibration, the fastest of `reps` batches,
 * contenders of a row in alternating batches, a slow call timed once,
 * cold, and marked '*') is bench_timing.c's. */
#include "bench/bench.h"
#include "bench/bench_timing.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "attention/fused.h"
#include "attention/pipeline.h"
#include "engine/kernels.h"
#include "engine/random.h"
#include "engine/threads.h"

const int bench_square_sizes[BENCH_SQUARE_COUNT] = {64, 128, 256, 512, 1024};

// --- timing: bench_timing.c ----------------------------------------------------

#define MAX_EXTRA 8 /* BLAS columns from elsewhere shown in table (b) */

// --- what is timed ---------------------------------------------------------------

enum { K_MATMUL, K_MATMUL_BT, K_ADD, K_SCALE, K_SOFTMAX, K_LAYERNORM, K_COUNT };
static const char *const kernel_names[K_COUNT] = {"matmul", "matmul_bt", "add",
                                                  "scale",  "softmax_rows", "layernorm_rows"};

typedef struct KernelCall {
    const KernelSet *ks;
    int kernel;
    Matrix *out;
    const Matrix *a, *b;
} KernelCall;

static void call_kernel(void *ctx) {
    KernelCall *c = ctx;
    switch (c->kernel) {
    case K_MATMUL: c->ks->matmul(c->out, c->a, c->b); break;
    case K_MATMUL_BT: c->ks->matmul_bt(c->out, c->a, c->b); break;
    case K_ADD: c->ks->add(c->out, c->a, c->b); break;
    case K_SCALE: c->ks->scale(c->out, c->a, 0.125f); break;
    case K_SOFTMAX: c->ks->softmax_rows(c->out, c->a, NULL, NULL); break;
    default: c->ks->layernorm_rows(c->out, c->a, NULL, NULL, LN_CONVENTION_PYTORCH, NULL, NULL);
    }
}

typedef struct BlasCall {
    BenchSgemm sgemm;
    Matrix *out;
    const Matrix *a, *b;
} BlasCall;

static void call_blas(void *ctx) {
    BlasCall *c = ctx;
    c->sgemm(c->a->rows, c->b->cols, c->a->cols, c->a->data, c->a->stride, c->b->data,
             c->b->stride, c->out->data, c->out->stride);
}

typedef struct PipelineCall {
    const AttnWeights *w;
    AttnConfig cfg;
    AttnActs acts; /* kept across calls, as a caller of one shape would */
    const AttnActs *seen[STAGE_COUNT]; /* per stage told: the activations holding its results */
    int told;
    bool failed;
    Error err;
} PipelineCall;

// the recording observer: keeps a reference to each stage's results (every
// canonical matrix of the pass stays in the activations until the next pass)
static bool keep_stage(void *ctx, Stage stage, AttnActs *acts, Error *err) {
    (void)err;
    PipelineCall *c = ctx;
    c->seen[stage] = acts;
    c->told++;
    return true;
}

// the recording path: attn_forward over activations kept from pass to pass,
// with an observer told every stage, every canonical matrix kept, as lessons need
static void call_pipeline(void *ctx) {
    PipelineCall *c = ctx;
    AttnObserver obs = {c, keep_stage};
    c->told = 0;
    if (!attn_forward(c->w, &c->cfg, &c->acts, &obs, &c->err))
        c->failed = true;
}

typedef struct FusedCall {
    const AttnWeights *w;
    AttnConfig cfg;
    AttnFused scratch; /* kept across calls, as a caller of one shape would */
    Matrix Y;
    bool failed;
    Error err;
} FusedCall;

// the fast path: only Y
static void call_fused(void *ctx) {
    FusedCall *c = ctx;
    if (!attn_fused(c->w, &c->cfg, &c->Y, &c->scratch, &c->err))
        c->failed = true;
}

typedef struct PeerCall {
    const BenchPeer *peer;
    int n, d, h, ffn;
} PeerCall;

static double batch_peer(void *ctx, long calls, bool cpu_clock) {
    PeerCall *c = ctx;
    return c->peer->time_layer(c->peer->ctx, c->n, c->d, c->h, c->ffn, calls, cpu_clock);
}

typedef struct OutputCall {
    const AttnWeights *w;
    AttnConfig cfg;
    AttnFused scratch;
    AttnActs acts;
    Matrix Y;
    bool failed;
    Error err;
} OutputCall;

// the fast path of a whole layer: only its output
static void call_output(void *ctx) {
    OutputCall *c = ctx;
    if (!attn_output(c->w, &c->cfg, &c->scratch, &c->acts, &c->Y, &c->err))
        c->failed = true;
}

// a rows x cols matrix of values in [-scale, scale); false when out of memory
static bool random_matrix(Matrix *m, int rows, int cols, uint64_t seed, float scale) {
    if (!mat_alloc(m, rows, cols, NULL))
        return false;
    mat_fill_random(m, seed, scale);
    return true;
}

static bool alloc3(Matrix *out, Matrix *a, Matrix *b, int n, int m, int k, bool bt) {
    *out = *a = *b = (Matrix){0};
    return random_matrix(a, n, k, 1, 1.0f) && random_matrix(b, bt ? m : k, bt ? k : m, 2, 1.0f) &&
           mat_alloc(out, n, m, NULL);
}

static void free3(Matrix *out, Matrix *a, Matrix *b) {
    mat_free(out);
    mat_free(a);
    mat_free(b);
}

// --- (a) every kernel, every set -------------------------------------------------

// the sets to compare: scalar first, then each compiled set this CPU runs
static int runnable_sets(const KernelSet **sets, FILE *out) {
    int count = 0;
    sets[count++] = &kernels_scalar;
    for (const KernelSet *const *ks = kernels_compiled(); *ks; ks++) {
        if (*ks == &kernels_scalar || (*ks)->emulates)
            continue; /* an emulated set is for tests, not speed */
        if (kernels_cpu_supports((*ks)->name))
            sets[count++] = *ks;
        else if (out)
            fprintf(out, "%s: compiled in, but this CPU does not support it - skipped\n",
                    (*ks)->name);
    }
    return count;
}

static void bench_kernels(const BenchOptions *opt, Plan plan, FILE *out) {
    const KernelSet *sets[8];
    fprintf(out, "(a) kernels: each SIMD set against the scalar reference, single thread\n");
    int nsets = runnable_sets(sets, out);
    const int sq = opt->quick ? 64 : 256, rows = opt->quick ? 64 : 512;
    const int cols[K_COUNT] = {sq, sq, rows, rows, rows, opt->quick ? 64 : 768};
    fprintf(out, "%-15s %-21s %-7s %11s %8s %9s\n", "kernel", "shape", "set", "time/call",
            "GFLOPS", "speed-up");
    for (int kern = 0; kern < K_COUNT; kern++) {
        bool mm = kern == K_MATMUL || kern == K_MATMUL_BT;
        int n = mm ? sq : rows, m = cols[kern], k = sq;
        Matrix o = {0}, a = {0}, b = {0};
        bool ok = mm ? alloc3(&o, &a, &b, n, m, k, kern == K_MATMUL_BT)
                     : random_matrix(&a, n, m, 1, 1.0f) && random_matrix(&b, n, m, 2, 1.0f) &&
                           mat_alloc(&o, n, m, NULL);
        if (!ok) {
            fprintf(out, "%-15s out of memory\n", kernel_names[kern]);
            free3(&o, &a, &b);
            continue;
        }
        char shape[40];
        if (mm)
            snprintf(shape, sizeof shape, "%dx%d @ %dx%d%s", n, k, k, m, kern == K_MATMUL_BT ? "^T" : "");
        else
            snprintf(shape, sizeof shape, "%dx%d", n, m);
        KernelCall calls[8];
        Task tasks[8];
        Timing times[8];
        for (int s = 0; s < nsets; s++) {
            calls[s] = (KernelCall){sets[s], kern, &o, &a, &b};
            tasks[s] = (Task){call_kernel, &calls[s], NULL};
        }
        bench_time_tasks(tasks, nsets < MAX_TASKS ? nsets : MAX_TASKS, plan, times);
        for (int s = 0; s < nsets && s < MAX_TASKS; s++) {
            char tb[24], gf[16] = "-";
            if (mm)
                snprintf(gf, sizeof gf, "%.2f", bench_gflops(2.0 * n * m * k, times[s]));
            fprintf(out, "%-15s %-21s %-7s %11s %8s %8.2fx\n", s ? "" : kernel_names[kern],
                    s ? "" : shape, sets[s]->name, bench_fmt_time(tb, sizeof tb, times[s]), gf,
                    times[0].seconds / times[s].seconds);
        }
        free3(&o, &a, &b);
    }
    fprintf(out, "\n");
}

// --- (b) square matmul: best set, scalar, BLAS -----------------------------------

static int square_count(const BenchOptions *opt) { return opt->quick ? 2 : BENCH_SQUARE_COUNT; }

void bench_square_pairs(const BenchOptions *opt, BenchColumn *col) {
    Plan plan = bench_plan(opt);
    const KernelSet *best = kernels_best();
    for (int i = 0; i < square_count(opt); i++) {
        int n = bench_square_sizes[i];
        Matrix o, a, b;
        if (alloc3(&o, &a, &b, n, n, n, false)) {
            KernelCall kc = {best, K_MATMUL, &o, &a, &b};
            BlasCall bc = {opt->blas, &o, &a, &b};
            Task tasks[2] = {{call_kernel, &kc, NULL}, {call_blas, &bc, NULL}};
            Timing t[2];
            bench_time_tasks(tasks, opt->blas ? 2 : 1, plan, t);
            col->engine_gflops[i] = bench_gflops(2.0 * n * n * n, t[0]);
            col->blas_gflops[i] = opt->blas ? bench_gflops(2.0 * n * n * n, t[1]) : 0;
        }
        free3(&o, &a, &b);
    }
}

static void bench_square(const BenchOptions *opt, Plan plan, FILE *out) {
    const KernelSet *best = kernels_best();
    const char *bn = best->name;
    fprintf(out, "(b) matmul n x n @ n x n, single thread, GFLOPS (higher is better)\n");
    // each BLAS column is as wide as its label; the ratio column as "avx2/BLAS"
    const char *blas_label = opt->blas_label ? opt->blas_label : "BLAS";
    char ratio_head[32];
    snprintf(ratio_head, sizeof ratio_head, "%.20s/BLAS", bn);
    const int rw = (int)strlen(ratio_head);
    int width[1 + MAX_EXTRA];
    fprintf(out, "%5s %9s %9s %10s", "n", "scalar", bn, "vs scalar");
    for (int e = -1; e < opt->extra_count && e < MAX_EXTRA; e++) {
        if (e < 0 && !opt->blas)
            continue;
        const char *label = e < 0 ? blas_label : opt->extra[e].label;
        width[e + 1] = (int)strlen(label) > 8 ? (int)strlen(label) : 8;
        fprintf(out, " | %*s %*s", width[e + 1], label, rw, ratio_head);
    }
    fprintf(out, "\n");
    BenchColumn here = {0};
    double vs_scalar[BENCH_SQUARE_COUNT] = {0};
    bool any_cold = false;
    for (int i = 0; i < square_count(opt); i++) {
        int n = bench_square_sizes[i];
        double flops = 2.0 * n * n * n;
        Matrix o, a, b;
        if (!alloc3(&o, &a, &b, n, n, n, false)) {
            fprintf(out, "%5d out of memory\n", n);
            free3(&o, &a, &b);
            continue;
        }
        // the scalar reference alone (slow), then the best set and the BLAS alternating
        KernelCall sc = {&kernels_scalar, K_MATMUL, &o, &a, &b}, kc = {best, K_MATMUL, &o, &a, &b};
        BlasCall bc = {opt->blas, &o, &a, &b};
        Timing ts = bench_time_one((Task){call_kernel, &sc, NULL}, plan), t[2];
        Task tasks[2] = {{call_kernel, &kc, NULL}, {call_blas, &bc, NULL}};
        bench_time_tasks(tasks, opt->blas ? 2 : 1, plan, t);
        free3(&o, &a, &b);
        any_cold |= ts.cold;
        here.engine_gflops[i] = bench_gflops(flops, t[0]);
        here.blas_gflops[i] = opt->blas ? bench_gflops(flops, t[1]) : 0;
        vs_scalar[i] = ts.seconds / t[0].seconds;
        fprintf(out, "%5d %8.2f%s %9.2f %9.1fx", n, bench_gflops(flops, ts), ts.cold ? "*" : " ",
                bench_gflops(flops, t[0]), vs_scalar[i]);
        for (int e = -1; e < opt->extra_count && e < MAX_EXTRA; e++) {
            if (e < 0 && !opt->blas)
                continue;
            const BenchColumn *c = e < 0 ? &here : &opt->extra[e];
            if (c->blas_gflops[i] > 0 && c->engine_gflops[i] > 0)
                fprintf(out, " | %*.2f %*.2f", width[e + 1], c->blas_gflops[i], rw,
                        c->engine_gflops[i] / c->blas_gflops[i]);
            else
                fprintf(out, " | %*s %*s", width[e + 1], "-", rw, "-");
        }
        fprintf(out, "\n");
    }
    if (any_cold)
        fprintf(out, "  * the scalar reference is timed once at this size (one cold call, "
                     "no warm-up, no repetitions)\n");
    for (int e = 0; e < opt->extra_count; e++) {
        const BenchColumn *c = &opt->extra[e];
        if (c->note)
            fprintf(out, "  %s kernel: %s\n", c->label, c->note);
        else
            fprintf(out, "  %s kernel: measured in a separate process; %s/BLAS compares with "
                         "%s measured alongside it there\n", c->label, bn, bn);
    }
    // the headline ratios at the two largest sizes
    for (int i = 3; i < square_count(opt); i++) {
        fprintf(out, "  n = %d: %s/scalar = %.0fx", bench_square_sizes[i], bn, vs_scalar[i]);
        if (opt->blas && here.blas_gflops[i] > 0)
            fprintf(out, ", %s/%s = %.2f", bn, blas_label,
                    here.engine_gflops[i] / here.blas_gflops[i]);
        for (int e = 0; e < opt->extra_count; e++)
            if (opt->extra[e].blas_gflops[i] > 0)
                fprintf(out, ", %s/%s = %.2f", bn, opt->extra[e].label,
                        opt->extra[e].engine_gflops[i] / opt->extra[e].blas_gflops[i]);
        fprintf(out, "\n");
    }
    fprintf(out, "\n");
}

// --- (c) the lesson's sizes ----------------------------------------------------

static void bench_lesson(Plan plan, FILE *out) {
    const KernelSet *sets[8];
    int nsets = runnable_sets(sets, NULL);
    fprintf(out, "(c) the lesson's sizes: 3 tokens, d_model 4, 2 heads (ns per call)\n");
    fprintf(out, "%-30s", "product");
    for (int s = 0; s < nsets; s++)
        fprintf(out, " %10s", sets[s]->name);
    fprintf(out, "\n");
    // X @ W (3x4 @ 4x4), and a head's scores Qh @ Kh^T (3x2 @ (3x2)^T)
    const struct { const char *label; int n, m, k; bool bt; } prods[] = {
        {"matmul 3x4 @ 4x4", 3, 4, 4, false}, {"matmul_bt 3x2 @ (3x2)^T", 3, 3, 2, true}};
    for (int p = 0; p < 2; p++) {
        Matrix o, a, b;
        if (!alloc3(&o, &a, &b, prods[p].n, prods[p].m, prods[p].k, prods[p].bt)) {
            free3(&o, &a, &b);
            continue;
        }
        fprintf(out, "%-30s", prods[p].label);
        for (int s = 0; s < nsets; s++) {
            KernelCall kc = {sets[s], prods[p].bt ? K_MATMUL_BT : K_MATMUL, &o, &a, &b};
            fprintf(out, " %10.1f", bench_time_one((Task){call_kernel, &kc, NULL}, plan).seconds * 1e9);
        }
        fprintf(out, "\n");
        free3(&o, &a, &b);
    }
    fprintf(out, "\n");
}

// --- (c') threads --------------------------------------------------------------

typedef struct ThreadCall {
    ThrPool *pool;
    const KernelSet *ks;
    Matrix *out, *a, *b;
    MatScratch *scratch;
} ThreadCall;

static void call_threads(void *ctx) {
    ThreadCall *c = ctx;
    thr_matmul(c->pool, c->ks, c->out, c->a, c->b, false, c->scratch);
}

// 768-wide products on a pool of 1 and of 2 threads, timed side by side
// (wall clock always: the CPU time of two threads is their sum)
static void bench_threads(Plan plan, FILE *out) {
    const KernelSet *best = kernels_best();
    fprintf(out, "(c') threads: 768-wide products, kernel set %s, on 1 and 2 threads (wall clock; "
                 "the same bits on both)\n", best->name);
    fprintf(out, "%-25s %12s %12s %9s\n", "product", "1 thread", "2 threads", "1t / 2t");
    const struct { int n, k, m; } shapes[] = {{64, 768, 768}, {1024, 768, 768}, {64, 768, 3072}, {1, 768, 2304}};
    ThrPool *pool2 = thr_pool_new(2);
    Plan wall = plan;
    wall.cpu_clock = false;
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        const int n = shapes[i].n, k = shapes[i].k, m = shapes[i].m;
        Matrix o, a, b;
        MatScratch s1 = {0}, s2 = {0};
        if (!pool2 || !alloc3(&o, &a, &b, n, m, k, false)) {
            fprintf(out, "%dx%d @ %dx%d: out of memory\n", n, k, k, m);
            free3(&o, &a, &b);
            continue;
        }
        ThreadCall one = {NULL, best, &o, &a, &b, &s1}, two = {pool2, best, &o, &a, &b, &s2};
        Task tasks[2] = {{call_threads, &one, NULL}, {call_threads, &two, NULL}};
        Timing t[2];
        bench_time_tasks(tasks, 2, wall, t);
        char shape[48], t1[24], t2[24];
        snprintf(shape, sizeof shape, "matmul %dx%d @ %dx%d", n, k, k, m);
        fprintf(out, "%-25s %12s %12s %8.2fx\n", shape, bench_fmt_time(t1, sizeof t1, t[0]), bench_fmt_time(t2, sizeof t2, t[1]),
                t[0].seconds / t[1].seconds);
        mat_scratch_free(&s1), mat_scratch_free(&s2);
        free3(&o, &a, &b);
    }
    thr_pool_free(pool2);
    fprintf(out, "  (this machine has %d cores for this process; ratios on a shared machine say little)\n\n",
            thr_available());
}

// --- (d) the whole pipeline ------------------------------------------------------

// random weights for n tokens of width d (projections scaled by 1/sqrt(d))
static bool make_weights(AttnWeights *w, int n, int d) {
    *w = (AttnWeights){0};
    float ws = 1.0f / sqrtf((float)d);
    return random_matrix(&w->E, n, d, 11, 1.0f) && random_matrix(&w->Wq, d, d, 12, ws) &&
           random_matrix(&w->Wk, d, d, 13, ws) && random_matrix(&w->Wv, d, d, 14, ws) &&
           random_matrix(&w->Wo, d, d, 15, ws) && random_matrix(&w->bq, 1, d, 16, 0.1f) &&
           random_matrix(&w->bk, 1, d, 17, 0.1f) && random_matrix(&w->bv, 1, d, 18, 0.1f) &&
           random_matrix(&w->bo, 1, d, 19, 0.1f);
}

// the multiply-adds of one layer, times 2: four projections n*d*d, and per
// head n*n*d_k for the scores and again for the weighted sum
static double pipeline_flops(int n, int d) { return 2.0 * (4.0 * n * d * d + 2.0 * n * n * d); }

// seconds per recording pass, or a negative value on failure (reported)
static Timing time_pipeline(int n, int d, int h, Plan plan, FILE *out) {
    AttnWeights w;
    Timing t = {.seconds = -1.0};
    if (!make_weights(&w, n, d)) {
        fprintf(out, "(n, d, h) = (%d, %d, %d): out of memory\n", n, d, h);
    } else {
        PipelineCall pc = {.w = &w, .cfg = attn_config_default()};
        pc.cfg.heads = h;
        t = bench_time_one((Task){call_pipeline, &pc, NULL}, plan);
        if (pc.failed) {
            fprintf(out, "(n, d, h) = (%d, %d, %d): %s\n", n, d, h, pc.err.msg);
            t.seconds = -1.0;
        }
        attn_acts_free(&pc.acts);
    }
    attn_weights_free(&w);
    return t;
}

// one row of the layer table: recording, fast and the peer, alternating
static void time_layer_row(const BenchOptions *opt, int n, int d, int h, Plan plan, FILE *out) {
    AttnWeights w;
    if (!make_weights(&w, n, d)) {
        fprintf(out, "(n, d, h) = (%d, %d, %d): out of memory\n", n, d, h);
        attn_weights_free(&w);
        return;
    }
    PipelineCall pc = {.w = &w, .cfg = attn_config_default()};
    pc.cfg.heads = h;
    FusedCall fc = {.w = &w, .cfg = pc.cfg};
    PeerCall peer = {opt->peer, n, d, h, 0};
    Task tasks[3] = {{call_pipeline, &pc, NULL}, {call_fused, &fc, NULL}, {NULL, &peer, batch_peer}};
    Timing t[3];
    bench_time_tasks(tasks, opt->peer ? 3 : 2, plan, t);
    if (pc.failed || fc.failed) {
        fprintf(out, "(n, d, h) = (%d, %d, %d): %s\n", n, d, h,
                pc.failed ? pc.err.msg : fc.err.msg);
    } else {
        char tr[24], tf[24], tp[24] = "-";
        fprintf(out, "%6d %6d %4d %12s %12s %8.2f", n, d, h, bench_fmt_time(tr, sizeof tr, t[0]),
                bench_fmt_time(tf, sizeof tf, t[1]), bench_gflops(pipeline_flops(n, d), t[1]));
        if (opt->peer && t[2].seconds > 0)
            fprintf(out, " %12s %11.2fx %11.2fx\n", bench_fmt_time(tp, sizeof tp, t[2]),
                    t[2].seconds / t[0].seconds, t[2].seconds / t[1].seconds);
        else if (opt->peer)
            fprintf(out, " %12s %12s %12s\n", "failed", "-", "-");
        else
            fprintf(out, "\n");
    }
    mat_free(&fc.Y);
    attn_fused_free(&fc.scratch);
    attn_acts_free(&pc.acts);
    attn_weights_free(&w);
}

static void bench_pipeline(const BenchOptions *opt, Plan plan, FILE *out) {
    fprintf(out, "(d) one attention layer with residual and layer norm, kernel set %s, time per "
                 "run:\n    recording = attn_forward over activations kept from pass to pass, an observer told every\n"
                 "    stage, every canonical matrix kept (as lessons need; attn_run moves them out instead);\n"
                 "    fast = attn_fused, only Y (no n x n matrix)%s\n",
            engine_kernels()->name, opt->peer ? "" : "; no PyTorch column (make bench-torch)");
    if (opt->peer)
        fprintf(out, "    %s = nn.MultiheadAttention + residual + nn.LayerNorm, timed in "
                     "alternation with the two; ratios = %s time / attnstep time\n",
                opt->peer->label, opt->peer->label);
    fprintf(out, "%6s %6s %4s %12s %12s %8s", "n", "d", "h", "recording", "fast", "GFLOPS");
    if (opt->peer)
        fprintf(out, " %12s %12s %12s", opt->peer->label, "vs recording", "vs fast");
    fprintf(out, "\n");
    const int configs[][3] = {{3, 4, 2}, {128, 256, 8}, {512, 512, 8}, {1024, 768, 12}};
    for (int c = 0; c < (opt->quick ? 2 : 4); c++)
        time_layer_row(opt, configs[c][0], configs[c][1], configs[c][2], plan, out);

    // growth in n at fixed d: t(n) = alpha*n + beta*n^2, the second term being
    // the scores and the weighted sums (n^2 * d) and the softmax (n^2 * h)
    const int d = opt->quick ? 64 : 256, h = 4, count = opt->quick ? 3 : 5;
    const int ns[] = {128, 256, 512, 1024, 2048}, ns_quick[] = {16, 32, 64};
    double tn[5], nn[5];
    int got = 0;
    fprintf(out, "\ncost as n grows, d = %d, h = %d: the n^2 d of the scores and weighted sums "
                 "against the n d^2 of the projections\n", d, h);
    fprintf(out, "%6s %12s %14s %12s %18s\n", "n", "time/run", "time/token", "t(n)/t(n/2)",
                 "n^2 d share of flops");
    for (int i = 0; i < count; i++) {
        int n = opt->quick ? ns_quick[i] : ns[i];
        Timing t = time_pipeline(n, d, h, plan, out);
        if (t.seconds <= 0)
            continue;
        char tb[24], tt[24];
        Timing per_token = {.seconds = t.seconds / n};
        double share = 4.0 * n * n * d / pipeline_flops(n, d);
        fprintf(out, "%6d %12s %14s", n, bench_fmt_time(tb, sizeof tb, t), bench_fmt_time(tt, sizeof tt, per_token));
        if (got > 0 && nn[got - 1] * 2 == n)
            fprintf(out, " %12.2f", t.seconds / tn[got - 1]);
        else
            fprintf(out, " %12s", "-");
        fprintf(out, " %17.0f%%\n", 100.0 * share);
        nn[got] = n, tn[got] = t.seconds;
        got++;
    }
    // least squares in relative error, alpha and beta >= 0:
    // minimise sum ((alpha n + beta n^2 - t) / t)^2
    double s11 = 0, s12 = 0, s22 = 0, r1 = 0, r2 = 0;
    for (int i = 0; i < got; i++) {
        double x1 = nn[i] / tn[i], x2 = nn[i] * nn[i] / tn[i];
        s11 += x1 * x1, s12 += x1 * x2, s22 += x2 * x2, r1 += x1, r2 += x2;
    }
    double det = s11 * s22 - s12 * s12;
    if (got >= 3 && det > 0) {
        double alpha = (r1 * s22 - r2 * s12) / det, beta = (s11 * r2 - s12 * r1) / det;
        if (alpha < 0) // the best fit with one term only
            alpha = 0, beta = r2 / s22;
        else if (beta < 0)
            alpha = r1 / s11, beta = 0;
        double nmax = nn[got - 1], share = beta * nmax * nmax / (alpha * nmax + beta * nmax * nmax);
        fprintf(out, "fit t(n) = alpha n + beta n^2: alpha = %.3g us, beta = %.3g ns; at n = %.0f "
                     "the n^2 term is %.0f%% of the time\n", alpha * 1e6, beta * 1e9, nmax,
                100.0 * share);
    }
    fprintf(out, "\n");
}

// one post-LN encoder layer (self-attention + relu FFN): recording, fast
// (attention fused, the FFN by the stages) and PyTorch's TransformerEncoderLayer
static void bench_encoder(const BenchOptions *opt, Plan plan, FILE *out) {
    const int n = opt->quick ? 64 : 512, d = opt->quick ? 64 : 512, h = 8, ff = 4 * d;
    AttnWeights w;
    bool ok = make_weights(&w, n, d) && random_matrix(&w.W1, d, ff, 21, 1.0f / sqrtf((float)d)) &&
              random_matrix(&w.b1, 1, ff, 22, 0.1f) && random_matrix(&w.W2, ff, d, 23, 1.0f / sqrtf((float)ff)) &&
              random_matrix(&w.b2, 1, d, 24, 0.1f);
    fprintf(out, "(e) one encoder layer (self-attention + FFN, relu, post-LN), kernel set %s, time per run:\n"
                 "    recording = attn_forward over kept activations, every canonical matrix kept;\n"
                 "    fast = attn_output, the attention sub-layer fused and the FFN by the stages%s\n",
            engine_kernels()->name, opt->peer ? "; PyTorch = nn.TransformerEncoderLayer, eval, dropout 0"
                                              : "; no PyTorch column (make bench-torch)");
    fprintf(out, "%6s %6s %4s %6s %12s %12s %8s", "n", "d", "h", "ffn", "recording", "fast", "GFLOPS");
    if (opt->peer)
        fprintf(out, " %12s %12s %12s", opt->peer->label, "vs recording", "vs fast");
    fprintf(out, "\n");
    if (!ok) {
        fprintf(out, "out of memory\n\n");
        attn_weights_free(&w);
        return;
    }
    PipelineCall pc = {.w = &w, .cfg = attn_config_default()};
    pc.cfg.heads = h, pc.cfg.layer = LAYER_ENCODER;
    OutputCall oc = {.w = &w, .cfg = pc.cfg};
    PeerCall peer = {opt->peer, n, d, h, ff};
    Task tasks[3] = {{call_pipeline, &pc, NULL}, {call_output, &oc, NULL}, {NULL, &peer, batch_peer}};
    Timing t[3];
    bench_time_tasks(tasks, opt->peer ? 3 : 2, plan, t);
    // multiply-adds x 2: the attention sub-layer, and 2 n d ff for the FFN
    double flops = pipeline_flops(n, d) + 2.0 * 2.0 * n * d * ff;
    if (pc.failed || oc.failed) {
        fprintf(out, "%s\n", pc.failed ? pc.err.msg : oc.err.msg);
    } else {
        char tr[24], tf[24], tp[24];
        fprintf(out, "%6d %6d %4d %6d %12s %12s %8.2f", n, d, h, ff, bench_fmt_time(tr, sizeof tr, t[0]),
                bench_fmt_time(tf, sizeof tf, t[1]), bench_gflops(flops, t[1]));
        if (opt->peer && t[2].seconds > 0)
            fprintf(out, " %12s %11.2fx %11.2fx", bench_fmt_time(tp, sizeof tp, t[2]), t[2].seconds / t[0].seconds,
                    t[2].seconds / t[1].seconds);
        fprintf(out, "\n");
    }
    fprintf(out, "\n");
    mat_free(&oc.Y);
    attn_acts_free(&oc.acts);
    attn_acts_free(&pc.acts);
    attn_fused_free(&oc.scratch);
    attn_weights_free(&w);
}

int bench_run(const BenchOptions *opt) {
    FILE *out = opt->out ? opt->out : stdout;
    Plan plan = bench_plan(opt);
    /* every table on one thread (their peers run on one), but (c') */
    char threads[16];
    snprintf(threads, sizeof threads, "%d", engine_threads());
    engine_init_threads("1", NULL);
    fprintf(out, "attnstep engine benchmark%s: single thread (but table (c')); each time is the fastest of %d "
                 "timed batches of about %.0f ms, after a warm-up; %s\n\n",
            opt->quick ? " (quick)" : "", plan.reps, 1000.0 * plan.budget / plan.reps,
            plan.cpu_clock ? "times are CPU time of the process (--cpu-time)" : "wall-clock times");
    if (!opt->pipeline_only) {
        bench_kernels(opt, plan, out);
        bench_square(opt, plan, out);
        bench_lesson(plan, out);
        bench_threads(plan, out);
    }
    bench_pipeline(opt, plan, out);
    bench_encoder(opt, plan, out);
    engine_init_threads(threads, NULL);
    fflush(out);
    return 0;
}
