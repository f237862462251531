/* fuzz_init.h - what every fuzz target does once before its first input:
 * the locale, the kernel set, and /dev/null for the output it throws away.
 * Included by each tests/fuzz/fuzz_*.c (one program each). */
#ifndef ATTNSTEP_FUZZ_INIT_H
#define ATTNSTEP_FUZZ_INIT_H

#include <stdio.h>
#include <stdlib.h>

#include "engine/kernels.h"
#include "lang/loader.h"
#include "output/trace.h"
#include "util/utf8.h"

/* fuzz_init: set up, or abort with a message naming `target`; returns an
 * open /dev/null, kept for the life of the process */
static inline FILE *fuzz_init(const char *target) {
    utf8_locale_init();
    Error err;
    if (!engine_init(NULL, &err)) {
        fprintf(stderr, "%s: %s\n", target, err.msg);
        abort();
    }
    FILE *devnull = fopen("/dev/null", "w");
    if (!devnull)
        abort();
    return devnull;
}

/* fuzz_trace_all: the lesson's trace in the three formats, to `out` */
static inline void fuzz_trace_all(FILE *out, const LoadedLesson *ll) {
    static const TraceOptions formats[] = {
        {.format = TRACE_TEXT, .precision = 4},
        {.format = TRACE_MD, .precision = 2},
        {.format = TRACE_JSON, .precision = 4},
    };
    for (size_t k = 0; k < sizeof formats / sizeof formats[0]; k++)
        trace_print(out, &ll->lesson, &ll->src, &formats[k]);
}

#endif
