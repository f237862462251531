/* main.c - the command line: global options, then one command.
 *
 *   attnstep [--simd NAME] [COMMAND] [ARGS]
 *
 * Exit status: 0 success, 1 a failed check, 2 a usage or input error.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attention/pipeline.h"
#include "cli/example.h"
#include "output/matrix_text.h"
#include "util/utf8.h"

#define ATTNSTEP_VERSION "0.1.0"

static void usage(FILE *out) {
    fputs("usage: attnstep [--simd NAME] [COMMAND] [ARGS]\n"
          "\n"
          "Step through multi-head self-attention and see every intermediate matrix.\n"
          "\n"
          "commands:\n"
          "  (none)                    print every stage of the built-in example\n"
          "  export MODEL_DIR OUT_DIR  write every canonical matrix as OUT_DIR/NAME.npy\n"
          "  bench [--quick]           engine speed, and the cost of attention as n grows\n"
          "\n"
          "options:\n"
          "  --simd NAME   kernel set: auto, scalar, avx2, avx512, neon\n"
          "                (also the ATTNSTEP_SIMD environment variable)\n"
          "  --help        this text\n"
          "  --version     the version and the active SIMD set\n",
          out);
}

static void print_version(void) {
    printf("attnstep %s\n", ATTNSTEP_VERSION);
    printf("simd: %s (compiled:", engine_kernels()->name);
    const KernelSet *const *sets = kernels_compiled();
    for (int i = 0; sets[i]; i++)
        printf(" %s", sets[i]->name);
    printf("; this CPU:");
    for (int i = 0; sets[i]; i++)
        if (kernels_cpu_supports(sets[i]->name))
            printf(" %s", sets[i]->name);
    printf(")\n");
}

/* Labels for a canonical matrix: token rows; token columns for the n x n
 * score and weight matrices, whose columns are keys. */
static MatrixLabels labels_for(const char *name, const char *const *tokens) {
    bool keys = name[0] && strchr("STMA", name[0]) && name[1] == '_';
    return (MatrixLabels){.rows = tokens, .cols = keys ? tokens : NULL};
}

static int run_example(void) {
    AttnWeights w;
    AttnConfig cfg;
    MatrixList out = {0};
    Error err;
    if (!example_load(&w, &cfg, &err) || !attn_run(&w, &cfg, &out, &err)) {
        fprintf(stderr, "attnstep: %s\n", err.msg);
        attn_weights_free(&w);
        mlist_free(&out);
        return 2;
    }
    printf("Built-in example: \"I love cats\", d_model 4, %d heads\n\n", cfg.heads);
    for (int i = 0; i < out.count; i++) {
        print_matrix_text(stdout, out.items[i].name, &out.items[i].m,
                          labels_for(out.items[i].name, example_tokens), 4);
        putchar('\n');
    }
    attn_weights_free(&w);
    mlist_free(&out);
    return 0;
}

/* take_simd_option: remove --simd NAME / --simd=NAME from anywhere in argv
 * (it is global, so it may follow the command); returns NAME or NULL. */
static const char *take_simd_option(int *argc, char **argv, bool *missing) {
    const char *name = NULL;
    int out = 1;
    for (int i = 1; i < *argc; i++) {
        if (strcmp(argv[i], "--") == 0) {
            while (i < *argc)
                argv[out++] = argv[i++];
            break;
        }
        if (strcmp(argv[i], "--simd") == 0) {
            if (i + 1 >= *argc) {
                *missing = true;
                break;
            }
            name = argv[++i];
        } else if (strncmp(argv[i], "--simd=", 7) == 0) {
            name = argv[i] + 7;
        } else {
            argv[out++] = argv[i];
        }
    }
    *argc = out;
    argv[out] = NULL;
    return name;
}

int main(int argc, char **argv) {
    utf8_locale_init();
    bool missing = false;
    const char *simd = take_simd_option(&argc, argv, &missing);
    if (missing) {
        fputs("attnstep: --simd needs a name (auto, scalar, avx2, avx512, neon)\n", stderr);
        return 2;
    }
    Error err;
    if (!engine_init(simd, &err)) {
        fprintf(stderr, "attnstep: %s\n", err.msg);
        return 2;
    }
    if (argc < 2)
        return run_example();

    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(cmd, "--version") == 0) {
        print_version();
        return 0;
    }
    fprintf(stderr, "attnstep: unknown command '%s'\n", cmd);
    usage(stderr);
    return 2;
}
