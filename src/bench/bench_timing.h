/* bench_timing.h - how the benchmarks time a call (bench.c's method:
 * calibrate, then the fastest of `reps` batches; contenders of one row
 * timed in alternating batches). */
#ifndef ATTNSTEP_BENCH_TIMING_H
#define ATTNSTEP_BENCH_TIMING_H

#include <stdbool.h>
#include <stddef.h>

#include "bench/bench.h"

typedef struct Plan {
    double budget;    /* seconds per measurement */
    int reps;         /* timed batches; the fastest is reported */
    double slow_call; /* a first call this slow is the only one */
    bool cpu_clock;   /* the process's CPU time instead of the wall clock */
} Plan;

typedef struct Task {
    void (*call)(void *ctx);
    void *ctx;
    /* NULL, or a contender that times its own batches (another process):
     * the seconds `calls` calls took, negative on failure */
    double (*batch)(void *ctx, long calls, bool cpu_clock);
} Task;

typedef struct Timing {
    double seconds; /* per call, in the fastest batch */
    bool cold;      /* a single first call, no warm-up */
} Timing;

#define MAX_TASKS 4
#define MAX_REPS 9

/* bench_plan: the budget and repetitions of --quick or of a full run */
Plan bench_plan(const BenchOptions *opt);

/* bench_now: wall-clock seconds, or with cpu_clock the CPU time this
 * process used (the time the scheduler gives busy neighbours is not
 * counted) */
double bench_now(bool cpu_clock);

/* bench_time_tasks: out[t] = the time per call of tasks[t], t < count
 * (<= MAX_TASKS), timed in alternating batches; seconds < 0: it failed */
void bench_time_tasks(const Task *tasks, int count, Plan plan, Timing *out);

/* bench_time_one: bench_time_tasks of one task */
Timing bench_time_one(Task task, Plan plan);

/* bench_fmt_time: "12.3 us" into buf, 3 significant digits and a unit;
 * '*' marks a single cold run */
const char *bench_fmt_time(char *buf, size_t size, Timing t);

/* bench_gflops: `flops` done in t, in GFLOP/s */
double bench_gflops(double flops, Timing t);

#endif
