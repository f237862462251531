#include "cli/cmd_lesson.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lang/parse.h"
#include "output/json_out.h"
#include "output/matrix_text.h"
#include "output/attn_views.h"
#include "output/trace.h"
#include "output/words.h"
#include "util/utf8.h"

#define EVAL_USAGE "eval EXPR [--json] [--profile NAME] [--precision N]"

void cli_error(MsgId id, ...) {
    char text[2048];
    va_list ap;
    va_start(ap, id);
    msg_vformat(text, sizeof text, msg_locale(), id, ap);
    va_end(ap);
    fprintf(stderr, "attnstep: %s\n", text);
}

void cli_usage(FILE *out, const char *synopsis) {
    fprintf(out, "%sattnstep %s\n", msg_text(msg_locale(), MSG_CLI_USAGE), synopsis);
}

bool cmd_use_color(FILE *stream) {
    const char *no = getenv("NO_COLOR");
    const char *term = getenv("TERM");
    return isatty(fileno(stream)) && !(no && *no) && !(term && strcmp(term, "dumb") == 0);
}

int cmd_report_open(const LoadedLesson *ll, const Error *err) {
    if (ll->diags.count)
        diag_print(stderr, &ll->src, &ll->diags, cmd_use_color(stderr));
    else
        cli_error(MSG_TEXT, err_text(err, msg_locale()));
    return 2;
}

/* what a model will hold, said on stderr before its weights are read */
static void say_hold(void *ctx, const char *path, const MemHold *h) {
    (void)ctx;
    char total[32], weights[32], pass[32], other[32], limit[32];
    mem_format(h->total, total, sizeof total);
    mem_format(h->weights, weights, sizeof weights);
    mem_format(h->pass, pass, sizeof pass);
    mem_format(h->other, other, sizeof other);
    mem_format(MODEL_MAX_HOLD_BYTES, limit, sizeof limit);
    cli_error(MSG_MEM_NOTE, path, total, weights, pass, other, limit);
}

MemSay cmd_mem_say(HoldUse use) { return (MemSay){.say = say_hold, .use = use}; }

int cmd_open_lesson(const char *arg, LoadedLesson *ll) {
    Error err = {0};
    MemSay say = cmd_mem_say(HOLD_LESSON);
    if (!lesson_open_with(arg, NULL, &say, ll, &err))
        return cmd_report_open(ll, &err);
    if (ll->diags.count) /* a run that worked may still warn */
        diag_print(stderr, &ll->src, &ll->diags, cmd_use_color(stderr));
    return 0;
}

static bool parse_precision(const char *s, int *out) {
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || v < 0 || v > 9) {
        cli_error(MSG_CLI_PRECISION, s);
        return false;
    }
    *out = (int)v;
    return true;
}

/* trace's one usage line, for --help and for every misuse alike */
#define TRACE_USAGE "trace LESSON [--format text|md|json] [--precision N] [--view tokens|heads] " CMD_GPT2_SYNOPSIS

int cmd_trace(int argc, char **argv) {
    static const struct option longopts[] = {{"format", required_argument, NULL, 'f'},
                                             {"precision", required_argument, NULL, 'p'},
                                             {"view", required_argument, NULL, 'v'},
                                             {"help", no_argument, NULL, 'h'},
                                             CMD_GPT2_OPTIONS,
                                             {NULL, 0, NULL, 0}};
    TraceOptions opt = {.format = TRACE_TEXT, .precision = 4};
    CmdGpt2 g = cmd_gpt2_defaults();
    const char *view = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:p:v:h", longopts, NULL)) != -1) {
        int taken = cmd_gpt2_option(c, optarg, &g);
        if (taken < 0)
            return 2;
        if (taken)
            continue;
        if (c == 'v') {
            if (strcmp(optarg, "tokens") != 0 && strcmp(optarg, "heads") != 0) {
                cli_usage(stderr, TRACE_USAGE);
                return 2;
            }
            view = optarg;
        } else if (c == 'f') {
            if (strcmp(optarg, "text") == 0)
                opt.format = TRACE_TEXT;
            else if (strcmp(optarg, "md") == 0 || strcmp(optarg, "markdown") == 0)
                opt.format = TRACE_MD;
            else if (strcmp(optarg, "json") == 0)
                opt.format = TRACE_JSON;
            else {
                cli_error(MSG_CLI_FORMAT, optarg);
                return 2;
            }
        } else if (c == 'p') {
            if (!parse_precision(optarg, &opt.precision))
                return 2;
        } else if (c == 'h') {
            cli_usage(stdout, TRACE_USAGE);
            return 0;
        } else {
            return 2;
        }
    }
    if (optind != argc - 1) {
        cli_usage(stderr, TRACE_USAGE);
        return 2;
    }
    LoadedLesson ll;
    int status = cmd_open(argv[optind], &g, &ll);
    if (status == 0 && view) {
        views_print(stdout, &ll.lesson, view);
        lesson_close(&ll);
        return 0;
    }
    /* a write error is main's to report, for every command alike */
    if (status == 0 && !trace_print(stdout, &ll.lesson, &ll.src, &opt) && !ferror(stdout)) {
        cli_error(MSG_CLI_OOM_TRACE);
        status = 2;
    }
    lesson_close(&ll);
    return status;
}

int cmd_check(int argc, char **argv) {
    int precision = 4;
    static const struct option longopts[] = {{"precision", required_argument, NULL, 'p'},
                                             {"help", no_argument, NULL, 'h'},
                                             CMD_GPT2_OPTIONS,
                                             {NULL, 0, NULL, 0}};
    CmdGpt2 g = cmd_gpt2_defaults();
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "p:h", longopts, NULL)) != -1) {
        int taken = cmd_gpt2_option(c, optarg, &g);
        if (taken < 0)
            return 2;
        if (taken || (c == 'p' && parse_precision(optarg, &precision)))
            continue;
        if (c == 'h') {
            cli_usage(stdout, "check LESSON [--precision N] " CMD_GPT2_SYNOPSIS);
            return 0;
        }
        return 2;
    }
    if (optind != argc - 1) {
        cli_usage(stderr, "check LESSON [--precision N] " CMD_GPT2_SYNOPSIS);
        return 2;
    }
    /* a checkpoint is read as one, whatever the command (not as a model
     * directory, whose config.json keys are others) */
    LoadedLesson ll;
    int status = cmd_open(argv[optind], &g, &ll);
    if (status != 0) {
        lesson_close(&ll);
        return status;
    }
    const Lesson *l = &ll.lesson;
    MsgLang lang = lesson_msg_lang(l);
    bool color = cmd_use_color(stdout);
    for (int r = 0; r < l->nrecords; r++) {
        const Record *rec = &l->records[r];
        if (rec->kind != REC_EXPECT)
            continue;
        char summary[1536];
        trace_expect_summary(l, rec, precision, summary, sizeof summary);
        bool passed = rec->expect->passed;
        msg_print(stdout, lang, MSG_CHECK_LINE, ll.src.name, rec->pos.line,
                  color ? (passed ? "\033[32m" : "\033[1;31m") : "", words_get(l, passed ? W_PASS : W_FAIL),
                  color ? "\033[0m" : "", rec->outputs[0].name, summary);
        putchar('\n');
    }
    if (l->expects_total == 0)
        msg_print(stdout, lang, MSG_CHECK_NONE, ll.src.name);
    else
        msg_print(stdout, lang, MSG_CHECK_COUNTS, l->expects_total - l->expects_failed, l->expects_failed);
    putchar('\n');
    status = l->expects_failed ? 1 : 0;
    lesson_close(&ll);
    return status;
}

/* a vector prints as a flat list, like NumPy's tolist() of a 1-D array */
static bool print_json_value(const Matrix *m) {
    JsonOut j = json_out_begin(stdout, false);
    if (m->rows == 1 && m->cols == 1) {
        json_out_float(&j, NULL, mat_get(m, 0, 0));
    } else if (m->rows == 1) {
        Matrix row = *m;
        json_out_array(&j, NULL);
        for (int k = 0; k < row.cols; k++)
            json_out_float(&j, NULL, mat_get(&row, 0, k));
        json_out_end(&j);
    } else {
        json_out_matrix(&j, NULL, m);
    }
    putchar('\n');
    return json_out_ok(&j);
}

int cmd_eval(int argc, char **argv) {
    bool json = false;
    const char *profile = NULL, *text = NULL;
    int precision = 4;
    /* options by hand: "-1" and "-x" are expressions, not options */
    for (int k = 1; k < argc; k++) {
        const char *a = argv[k];
        if (strcmp(a, "--") == 0 && k + 1 < argc && !text) {
            text = argv[++k]; /* everything after -- is the expression */
        } else if (strcmp(a, "--json") == 0) {
            json = true;
        } else if ((strcmp(a, "--profile") == 0 || strcmp(a, "--precision") == 0) && k + 1 < argc) {
            if (a[3] == 'r' && a[4] == 'o')
                profile = argv[++k];
            else if (!parse_precision(argv[++k], &precision))
                return 2;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            cli_usage(stdout, EVAL_USAGE);
            return 0;
        } else if (strncmp(a, "--", 2) == 0 || text) {
            cli_error(MSG_CLI_EVAL_ARGUMENT, a);
            cli_usage(stderr, EVAL_USAGE);
            return 2;
        } else {
            text = a;
        }
    }
    if (!text) {
        cli_usage(stderr, EVAL_USAGE);
        return 2;
    }
    Source src;
    Arena arena = {0};
    Diags diags = {.lang = msg_locale()};
    Matrix m = {0};
    int status = 2;
    if (!source_from_text(&src, "expr", text, strlen(text), ".")) {
        cli_error(MSG_CLI_EXPR_TOO_LONG);
        return 2;
    }
    size_t bad;
    if (!utf8_valid(src.text, src.len, &bad)) {
        cli_error(MSG_CLI_EXPR_UTF8, bad);
    } else {
        Expr *e = parse_expression(&src, &arena, &diags);
        if (e && diags.errors == 0 && interp_eval(e, &src, profile, &m, &diags)) {
            status = 0;
            if (json) {
                if (!print_json_value(&m) && !ferror(stdout)) {
                    cli_error(MSG_CLI_OOM_JSON);
                    status = 2;
                }
            } else if (m.rows == 1 && m.cols == 1) {
                char buf[64];
                puts(mtext_format(buf, sizeof buf, mat_get(&m, 0, 0), precision));
            } else if (m.rows == 1) {
                trace_print_values_inline(stdout, &m, precision);
                putchar('\n');
            } else
                mtext_print(stdout, "result", &m, (MatrixLabels){0}, precision);
        }
    }
    if (diags.count) /* the errors, or the warnings of a run that worked */
        diag_print(stderr, &src, &diags, cmd_use_color(stderr));
    mat_free(&m);
    diags_free(&diags);
    arena_free(&arena);
    source_free(&src);
    return status;
}

int cmd_lessons(int argc, char **argv) {
    (void)argv;
    if (argc > 1) {
        cli_usage(stderr, "lessons");
        return 2;
    }
    int n;
    BuiltinLesson *list = lesson_builtins(&n);
    int width = 0;
    for (int k = 0; k < n; k++)
        if ((int)strlen(list[k].name) > width)
            width = (int)strlen(list[k].name);
    /* in a Chinese locale the Chinese lessons come first, and an English
     * one is described by its Chinese twin's title */
    MsgLang lang = msg_locale();
    for (int pass = 0; pass < (lang == MSG_ZH ? 2 : 1); pass++)
        for (int k = 0; k < n; k++) {
            bool zh = strncmp(list[k].name, "zh/", 3) == 0;
            if (lang == MSG_ZH && zh != (pass == 0))
                continue;
            const char *title = list[k].title;
            char twin[200] = "";
            for (int t = 0; lang == MSG_ZH && !zh && t < n; t++)
                if (strncmp(list[t].name, "zh/", 3) == 0 && strcmp(list[t].name + 3, list[k].name) == 0)
                    msg_format(twin, sizeof twin, lang, MSG_CLI_ENGLISH_TWIN, list[t].title);
            printf("%-*s  %s\n", width, list[k].name, twin[0] ? twin : title);
        }
    if (n == 0)
        puts(msg_text(msg_locale(), MSG_CLI_NO_LESSONS));
    free(list);
    return 0;
}
