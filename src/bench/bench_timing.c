/* bench_timing.c - timing a call for the benchmarks (bench_timing.h).
 * Every measurement first calibrates: it doubles the number of calls in a
 * batch until the batch takes a measurable time (the warm-up of caches,
 * pages and branch predictors too), then times `reps` batches and keeps
 * the fastest: on a shared machine other processes only ever add time. */
#include "bench/bench_timing.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

Plan bench_plan(const BenchOptions *opt) {
    Plan p = opt->quick ? (Plan){0.01, 3, 0.05, false} : (Plan){0.2, 7, 1.0, false};
    p.cpu_clock = opt->cpu_clock;
    return p;
}

double bench_now(bool cpu_clock) {
    struct timespec ts;
    clock_gettime(cpu_clock ? CLOCK_PROCESS_CPUTIME_ID : CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double time_batch(const Task *task, long calls, bool cpu_clock) {
    if (task->batch)
        return task->batch(task->ctx, calls, cpu_clock);
    double t0 = bench_now(cpu_clock);
    for (long i = 0; i < calls; i++)
        task->call(task->ctx);
    return bench_now(cpu_clock) - t0;
}

static int cmp_double(const void *x, const void *y) {
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

void bench_time_tasks(const Task *tasks, int count, Plan plan, Timing *out) {
    long calls[MAX_TASKS];
    double samples[MAX_TASKS][MAX_REPS];
    const double target = plan.budget / plan.reps;
    for (int t = 0; t < count; t++) {
        double dt = time_batch(&tasks[t], 1, plan.cpu_clock);
        out[t] = (Timing){dt, true};
        calls[t] = 0;
        if (dt >= plan.slow_call || dt < 0) /* slow: timed once; negative: failed */
            continue;
        long c = 1;
        while (dt >= 0 && dt < target / 4 && c < (1L << 40)) {
            c *= 2;
            dt = time_batch(&tasks[t], c, plan.cpu_clock);
        }
        if (dt < 0) {
            out[t].seconds = -1.0;
            continue;
        }
        double want = (double)c * target / (dt > 0 ? dt : 1e-9);
        calls[t] = want < 1 ? 1 : (long)want;
    }
    for (int r = 0; r < plan.reps; r++)
        for (int t = 0; t < count; t++)
            if (calls[t])
                samples[t][r] = time_batch(&tasks[t], calls[t], plan.cpu_clock) / (double)calls[t];
    for (int t = 0; t < count; t++) {
        if (!calls[t])
            continue;
        qsort(samples[t], (size_t)plan.reps, sizeof(double), cmp_double);
        out[t] = (Timing){samples[t][0], false};
    }
}

Timing bench_time_one(Task task, Plan plan) {
    Timing t;
    bench_time_tasks(&task, 1, plan, &t);
    return t;
}

const char *bench_fmt_time(char *buf, size_t size, Timing t) {
    const char *unit[] = {"s ", "ms", "us", "ns"};
    double v = t.seconds;
    int u = 0;
    while (u < 3 && v < 1.0) {
        v *= 1000.0;
        u++;
    }
    snprintf(buf, size, "%.*f %s%s", v < 10 ? 2 : v < 100 ? 1 : 0, v, unit[u], t.cold ? "*" : " ");
    return buf;
}

double bench_gflops(double flops, Timing t) { return flops / t.seconds * 1e-9; }
