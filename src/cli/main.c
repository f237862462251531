/* main.c - the command line: global options, then one command.
 *
 *   attnstep [--simd NAME] [--threads N] [COMMAND] [ARGS]
 *
 * Exit status: 0 success, 1 a failed check, 2 a usage or input error.
 */
#include <errno.h>
#include <getopt.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/bench.h"
#include "ui/bench_ui.h"
#include "engine/kernels.h"
#include "engine/threads.h"
#include "ui/ui.h"
#include "cli/cmd_export.h"
#include "cli/cmd_lesson.h"
#include "attention/options.h"
#include "util/suggest.h"
#include "util/utf8.h"

#define ATTNSTEP_VERSION "0.1.0"

/* usage: the help; with `options`, also every option of the attention
 * and layer statements and of config.json, as options.def lists them */
static void usage(FILE *out, bool options) {
    MsgLang lang = msg_locale();
    fputs(msg_text(lang, MSG_HELP), out);
    if (!options)
        return;
    fprintf(out, "\n%s", msg_text(lang, MSG_HELP_OPTIONS));
    for (int k = 0; k < OPT_COUNT; k++) {
        const OptionDef *o = &attn_options[k];
        char syntax[96];
        attn_option_syntax((OptionId)k, syntax, sizeof syntax);
        int width = (int)strlen(syntax);
        fprintf(out, "    %s%*s%s\n", syntax, width < 24 ? 24 - width : 0, "",
                width < 24 ? (lang == MSG_ZH ? o->help_zh : o->help_en) : "");
        if (width >= 24)
            fprintf(out, "%28s%s\n", "", lang == MSG_ZH ? o->help_zh : o->help_en);
        const char *only = o->where == OPTW_LAYER     ? msg_text(lang, MSG_HELP_OPTION_LAYER)
                           : o->where == OPTW_DECODER ? msg_text(lang, MSG_HELP_OPTION_DECODER)
                                                      : "";
        char def[64] = "", key[64];
        if (strcmp(o->default_text, "-") != 0)
            msg_format(def, sizeof def, lang, MSG_HELP_OPTION_DEFAULT, o->default_text);
        msg_format(key, sizeof key, lang, o->key ? MSG_HELP_OPTION_KEY : MSG_HELP_OPTION_NO_KEY, o->key);
        fprintf(out, "%28s%s%s%s\n", "", only, def, key);
    }
}

static void print_version(void) {
    printf("attnstep %s\n", ATTNSTEP_VERSION);
    printf("threads: %d (this process may use %d cores; at most %d)\n", engine_threads(), thr_available(),
           THR_MAX);
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

/* run_lesson: `attnstep LESSON` opens the UI in a terminal, and prints the
 * plain trace when output goes to a file or a pipe, or TERM is dumb */
static int run_lesson(char *arg) {
    if (!ui_available()) {
        char trace[] = "trace";
        char *argv[] = {trace, arg, NULL};
        return cmd_trace(2, argv);
    }
    LoadedLesson ll;
    int status = cmd_open(arg, NULL, &ll);
    if (status == 0)
        status = ui_run(&ll, false);
    lesson_close(&ll);
    return status;
}

/* take_option: remove `opt` VALUE / `opt`=VALUE (--simd NAME, --threads N)
 * from anywhere in argv (they are global, so they may follow the command);
 * returns VALUE (the last one given) or NULL. */
static const char *take_option(int *argc, char **argv, const char *opt, bool *missing) {
    const char *name = NULL;
    const size_t len = strlen(opt);
    int out = 1;
    for (int i = 1; i < *argc; i++) {
        if (strcmp(argv[i], "--") == 0) {
            while (i < *argc)
                argv[out++] = argv[i++];
            break;
        }
        if (strcmp(argv[i], opt) == 0) {
            if (i + 1 >= *argc) {
                *missing = true;
                break;
            }
            name = argv[++i];
        } else if (strncmp(argv[i], opt, len) == 0 && argv[i][len] == '=') {
            name = argv[i] + len + 1;
        } else {
            argv[out++] = argv[i];
        }
    }
    *argc = out;
    argv[out] = NULL;
    return name;
}

static int run_command(int argc, char **argv) {
    bool missing = false;
    const char *simd = take_option(&argc, argv, "--simd", &missing);
    if (missing) {
        cli_error(MSG_CLI_SIMD_NAME);
        return 2;
    }
    const char *threads = take_option(&argc, argv, "--threads", &missing);
    if (missing) {
        cli_error(MSG_CLI_THREADS_COUNT);
        return 2;
    }
    Error err;
    if (!engine_init(simd, &err) || !engine_init_threads(threads, &err)) {
        cli_error(MSG_TEXT, err_text(&err, msg_locale()));
        return 2;
    }
    if (argc < 2) {
        char tour[16];
        snprintf(tour, sizeof tour, "%s", lesson_default());
        return run_lesson(tour);
    }

    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        /* the whole help in one buffer, written by finish_output's flush:
         * a write that fails mid-way would leave it no reason to report */
        static char help_buffer[1 << 16];
        setvbuf(stdout, help_buffer, _IOFBF, sizeof help_buffer);
        usage(stdout, true);
        return 0;
    }
    if (strcmp(cmd, "--version") == 0) {
        print_version();
        return 0;
    }
    if (strcmp(cmd, "export") == 0)
        return cmd_export(argc - 1, argv + 1);
    if (strcmp(cmd, "trace") == 0)
        return cmd_trace(argc - 1, argv + 1);
    if (strcmp(cmd, "check") == 0)
        return cmd_check(argc - 1, argv + 1);
    if (strcmp(cmd, "eval") == 0)
        return cmd_eval(argc - 1, argv + 1);
    if (strcmp(cmd, "lessons") == 0)
        return cmd_lessons(argc - 1, argv + 1);
    if (strcmp(cmd, "quiz") == 0)
        return cmd_quiz(argc - 1, argv + 1);
    if (strcmp(cmd, "gpt2") == 0)
        return cmd_gpt2(argc - 1, argv + 1);
    if (strcmp(cmd, "bench") == 0) {
        bool quick = argc == 3 && strcmp(argv[2], "--quick") == 0;
        if (argc == 3 && strcmp(argv[2], "--ui") == 0)
            return bench_ui_run(stdout);
        if (argc > 3 || (argc == 3 && !quick)) {
            cli_usage(stderr, "bench [--quick | --ui]");
            return 2;
        }
        BenchOptions opt = {.quick = quick};
        return bench_run(&opt);
    }
    if (cmd[0] == '-') {
        cli_error(MSG_CLI_UNKNOWN_OPTION, cmd);
        usage(stderr, false);
        return 2;
    }
    if (argc > 2) {
        static const char *const commands[] = {"trace", "check", "eval", "export", "quiz", "lessons", "bench", "gpt2", NULL};
        const char *near = suggest_closest(cmd, commands);
        if (near)
            cli_error(MSG_CLI_UNKNOWN_COMMAND_NEAR, cmd, near);
        else
            cli_error(MSG_CLI_UNKNOWN_COMMAND, cmd);
        usage(stderr, false);
        return 2;
    }
    return run_lesson(argv[1]);
}

/* Every command writes its results to stdout through stdio; whether they
 * all arrived is known only after the last flush. A command whose output
 * could not be written (a full disk, /dev/full, a closed pipe's EIO)
 * exits 2 with a message, whatever it returned. */
static int finish_output(int status) {
    errno = 0;
    bool flushed = fflush(stdout) == 0;
    int flush_errno = errno;
    if (flushed && !ferror(stdout) && fclose(stdout) == 0)
        return status;
    int e = flush_errno ? flush_errno : errno;
    if (e)
        cli_error(MSG_CLI_CANNOT_WRITE_OUTPUT, strerror(e));
    else
        cli_error(MSG_CLI_CANNOT_WRITE_OUTPUT_BARE);
    return 2;
}

int main(int argc, char **argv) {
#ifdef __GLIBC__
    /* every matrix of 64 KiB or more gets its own mapping, returned to the
     * system when it is freed: without this, glibc raises the threshold
     * after the first free and serves matrices from a heap that never
     * shrinks, and the process would hold far more than the lesson
     * accounting counts (interp.h: 740 MB instead of 540 MB for a lesson
     * at the limit) */
    mallopt(M_MMAP_THRESHOLD, 64 * 1024);
#endif
    utf8_locale_init();
    return finish_output(run_command(argc, argv));
}
