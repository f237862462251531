/* cmd_gpt2.c - a GPT-2 checkpoint on the command line: the options every
 * lesson-opening command takes for it (--text, --layer, --head,
 * --temperature), and `attnstep gpt2 DIR --text T`. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd_lesson.h"
#include "io/gpt2.h"
#include "output/trace.h"
#include "ui/ui.h"

CmdGpt2 cmd_gpt2_defaults(void) { return (CmdGpt2){.temperature = 1.0f}; }

int cmd_gpt2_option(int c, const char *value, CmdGpt2 *g) {
    static const char *const names[] = {"--text", "--layer", "--head", "--temperature"};
    if (c < CMD_OPT_TEXT || c > CMD_OPT_TEMPERATURE)
        return 0;
    const char *name = names[c - CMD_OPT_TEXT];
    g->given = g->given ? g->given : name;
    if (c == CMD_OPT_TEXT) {
        g->text = value;
        return 1;
    }
    char *end;
    errno = 0;
    if (c == CMD_OPT_TEMPERATURE) {
        /* the range is checked on the float the model divides by, and the
         * message quotes what was written (1e39 is not "inf", 1e-50 not 0) */
        double v = strtod(value, &end);
        if (*value && !*end && !isnan(v)) {
            float f = (float)v;
            MsgId bad = errno == ERANGE && v == 0 && value[strspn(value, " \t+")] != '-' ? MSG_CLI_TEMPERATURE_SMALL
                        : !(v > 0) ? MSG_CLI_TEMPERATURE_ABOVE_0
                        : f == 0.0f ? MSG_CLI_TEMPERATURE_SMALL
                        : isinf(f) ? MSG_CLI_TEMPERATURE_LARGE
                                   : MSG_NONE;
            if (bad == MSG_NONE) {
                g->temperature = f;
                return 1;
            }
            cli_error(bad, value);
            return -1;
        }
    } else {
        long v = strtol(value, &end, 10);
        if (*value && !*end && errno == 0 && v >= 0 && v <= 1000000) {
            *(c == CMD_OPT_LAYER ? &g->layer : &g->head) = (int)v;
            return 1;
        }
    }
    MsgLang lang = msg_locale();
    cli_error(MSG_CLI_GPT2_NUMBER, name,
              msg_text(lang, c == CMD_OPT_TEMPERATURE ? MSG_CLI_GPT2_REAL : MSG_CLI_GPT2_WHOLE), value);
    return -1;
}

int cmd_open(const char *arg, const CmdGpt2 *g, LoadedLesson *ll) {
    if (!gpt2_is_checkpoint(arg)) {
        if (g && g->given) {
            *ll = (LoadedLesson){0};
            cli_error(MSG_CLI_GPT2_NOT_CHECKPOINT, g->given, arg);
            return 2;
        }
        return cmd_open_lesson(arg, ll);
    }
    Error err = {0};
    if (!gpt2_check_model_file(arg, &err)) {
        *ll = (LoadedLesson){0};
        return cmd_report_open(ll, &err);
    }
    if (!g || !g->text) {
        *ll = (LoadedLesson){0};
        cli_error(MSG_CLI_GPT2_NEEDS_TEXT, arg, arg);
        return 2;
    }
    MemSay say = cmd_mem_say(HOLD_LESSON);
    Gpt2Options opt = {.text = g->text, .layer = g->layer, .head = g->head, .temperature = g->temperature, .say = &say};
    return lesson_open_gpt2(arg, &opt, NULL, ll, &err) ? 0 : cmd_report_open(ll, &err);
}

int cmd_one_argument(int argc, char **argv, const char *synopsis, CmdGpt2 *g, const char **arg) {
    static const struct option longopts[] = {CMD_GPT2_OPTIONS, {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    *g = cmd_gpt2_defaults();
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        int taken = cmd_gpt2_option(c, optarg, g);
        if (taken < 0)
            return 2;
        if (!taken) {
            cli_usage(c == 'h' ? stdout : stderr, synopsis);
            return c == 'h' ? 0 : 2;
        }
    }
    if (optind != argc - 1) {
        cli_usage(stderr, synopsis);
        return 2;
    }
    *arg = argv[optind];
    return -1;
}

int cmd_gpt2(int argc, char **argv) {
    CmdGpt2 g;
    const char *dir;
    int parsed = cmd_one_argument(argc, argv, "gpt2 DIR --text TEXT [--layer L] [--head H] [--temperature T]", &g, &dir);
    if (parsed >= 0)
        return parsed;
    if (!ui_available()) {
        LoadedLesson ll;
        int status = cmd_open(dir, &g, &ll);
        TraceOptions opt = {.format = TRACE_TEXT, .precision = 4};
        if (status == 0 && !trace_print(stdout, &ll.lesson, &ll.src, &opt) && !ferror(stdout))
            status = 2;
        lesson_close(&ll);
        return status;
    }
    LoadedLesson ll;
    int status = cmd_open(dir, &g, &ll);
    /* the UI opens on the chosen layer: its first step, the layer norm
     * before attention (p goes back to the weights and the embeddings);
     * the layer's weights are steps of no layer */
    int layers = 0, layer = status == 0 ? lesson_recorded_layer(&ll, &layers) : -1, first = 0;
    while (status == 0 && first < ll.lesson.nrecords && ll.lesson.records[first].layer != layer)
        first++;
    if (status == 0)
        status = ui_run_at(&ll, false, first < ll.lesson.nrecords ? first : 0, g.head);
    lesson_close(&ll);
    return status;
}
