/* fuzz_eval.c - libFuzzer entry point: the input bytes are the arguments
 * of `attnstep eval`.
 *
 * The first byte picks the options (bit 0 --json, bits 1-2 the profile,
 * bits 3-6 --precision); the rest, up to a NUL, is the expression. It goes
 * through cmd_eval itself, the command's whole path: parsing, interp_eval,
 * and the text or JSON printing (stdout is /dev/null).
 *
 * Build and run with `make fuzz-eval` (FUZZ_SECONDS, default 600).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd_lesson.h"
#include "engine/kernels.h"
#include "util/utf8.h"

#include "fuzz_init.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *devnull;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc, (void)argv;
    devnull = fuzz_init("fuzz_eval");
    if (!freopen("/dev/null", "w", stdout))
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0)
        return 0;
    static const char *const profiles[] = {"pytorch", "annotated", "tensorflow", "article001"};
    char *expr = malloc(size);
    if (!expr)
        abort();
    memcpy(expr, data + 1, size - 1);
    expr[size - 1] = '\0';
    char cmd[] = "eval", json[] = "--json", dashdash[] = "--", prof[] = "--profile", prec[] = "--precision";
    char pname[16], pval[4];
    snprintf(pname, sizeof pname, "%s", profiles[(data[0] >> 1) & 3]);
    snprintf(pval, sizeof pval, "%d", ((data[0] >> 3) & 15) % 10);
    char *argv[10];
    int argc = 0;
    argv[argc++] = cmd;
    if (data[0] & 1)
        argv[argc++] = json;
    argv[argc++] = prof, argv[argc++] = pname;
    argv[argc++] = prec, argv[argc++] = pval;
    argv[argc++] = dashdash, argv[argc++] = expr;
    argv[argc] = NULL;
    /* the command's messages are not the fuzzer's: a sanitizer report
     * goes to file descriptor 2 whatever stderr points to */
    FILE *saved = stderr;
    stderr = devnull;
    cmd_eval(argc, argv);
    stderr = saved;
    fflush(stdout);
    free(expr);
    return 0;
}
