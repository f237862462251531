/* dispatch.c - which kernel set runs: compiled-in sets, CPU detection, and
 * the one process-wide choice (the only mutable globals in the engine: the
 * set, and the threads it runs on; both set at start-up, before any kernel
 * runs). */
#include <stdlib.h>
#include <string.h>

#include "engine/kernels.h"
#include "engine/threads.h"

#if !defined(ATTNSTEP_SCALAR_ONLY) && defined(__x86_64__)
extern const KernelSet kernels_avx2, kernels_avx512, kernels_avx512_emul;
static const KernelSet *const compiled[] = {&kernels_avx512, &kernels_avx2, &kernels_scalar,
                                            &kernels_avx512_emul, NULL};
#elif !defined(ATTNSTEP_SCALAR_ONLY) && defined(__aarch64__)
extern const KernelSet kernels_neon;
static const KernelSet *const compiled[] = {&kernels_neon, &kernels_scalar, NULL};
#else
static const KernelSet *const compiled[] = {&kernels_scalar, NULL};
#endif

static const KernelSet *active = &kernels_scalar;
/* active, run on a pool of threads (engine_init_threads); pool NULL: one thread */
static ThrKernels threaded;

const KernelSet *const *kernels_compiled(void) { return compiled; }

bool kernels_cpu_supports(const char *name) {
    if (strcmp(name, "scalar") == 0)
        return true;
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (strcmp(name, "avx2") == 0 || strcmp(name, "avx512-emulated") == 0)
        return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    if (strcmp(name, "avx512") == 0)
        /* isa_avx512.c is built with -mavx512f -mavx512dq -mavx512vl */
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
               __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx2") &&
               __builtin_cpu_supports("fma");
#elif defined(__aarch64__)
    if (strcmp(name, "neon") == 0)
        return true; /* Advanced SIMD is part of the aarch64 baseline */
#endif
    return false;
}

const KernelSet *kernels_find(const char *name, Error *err) {
    for (int i = 0; compiled[i]; i++) {
        if (strcmp(compiled[i]->name, name) != 0)
            continue;
        if (!kernels_cpu_supports(name)) {
            err_set_msg(err, MSG_SIMD_UNSUPPORTED, name);
            return NULL;
        }
        return compiled[i];
    }
    char list[256] = "";
    for (int i = 0; compiled[i]; i++) {
        if (i)
            strncat(list, ", ", sizeof list - strlen(list) - 1);
        strncat(list, compiled[i]->name, sizeof list - strlen(list) - 1);
    }
    err_set_msg(err, MSG_SIMD_UNKNOWN, name, list);
    return NULL;
}

const KernelSet *kernels_best(void) {
    for (int i = 0; compiled[i]; i++)
        if (!compiled[i]->emulates && kernels_cpu_supports(compiled[i]->name))
            return compiled[i];
    return &kernels_scalar;
}

bool engine_init(const char *forced, Error *err) {
    const char *name = forced;
    const char *source = "--simd";
    if (!name || !*name) {
        name = getenv("ATTNSTEP_SIMD");
        source = "ATTNSTEP_SIMD";
    }
    if (!name || !*name || strcmp(name, "auto") == 0) {
        active = kernels_best();
        return true;
    }
    const KernelSet *ks = kernels_find(name, err);
    if (!ks)
        return err_prefix(err, source);
    active = ks;
    return true;
}

const KernelSet *engine_kernels(void) {
    if (!threaded.pool)
        return active;
    if (threaded.base != active) /* engine_init chose another set since */
        thr_kernels_make(&threaded, active, threaded.pool);
    return &threaded.set;
}

bool engine_init_threads(const char *forced, Error *err) {
    const char *text = forced;
    const char *source = "--threads";
    if (!text || !*text) {
        text = getenv("ATTNSTEP_THREADS");
        source = "ATTNSTEP_THREADS";
    }
    int n = thr_available();
    if (text && *text && !thr_parse(text, source, &n, err))
        return false;
    thr_pool_free(threaded.pool);
    threaded.pool = n > 1 ? thr_pool_new(n) : NULL; /* no memory: one thread */
    if (threaded.pool)
        thr_kernels_make(&threaded, active, threaded.pool);
    return true;
}

int engine_threads(void) { return thr_pool_threads(threaded.pool); }

const ThrKernels *engine_threads_context(void) { return &threaded; }
