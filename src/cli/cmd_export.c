/* cmd_export.c - a model directory or a lesson in, its matrices out as
 * .npy files: the canonical pipeline's for a model directory, every name
 * the lesson defines for a lesson. */
#include "cli/cmd_export.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <sys/stat.h>

#include "attention/pipeline.h"
#include "cli/cmd_lesson.h"
#include "io/export.h"
#include "io/gpt2.h"
#include "io/model_dir.h"

/* a usage error: the message, then the usage line; exit status 2 */
static int usage_error(MsgId id, const char *arg) {
    cli_error(id, arg);
    fputs(msg_text(msg_locale(), MSG_CLI_EXPORT_USAGE), stderr);
    return 2;
}

/* what an earlier export killed half-way left beside OUT_DIR: cleaned
 * (or restored) before anything else, and said */
static bool recover(const char *out_dir) {
    char notes[4 * ERROR_MSG_MAX];
    Error err;
    bool ok = export_recover(out_dir, msg_locale(), notes, sizeof notes, &err);
    for (char *line = notes, *nl; *line; line = nl ? nl + 1 : line + strlen(line)) {
        nl = strchr(line, '\n');
        fprintf(stderr, "attnstep: %.*s\n", nl ? (int)(nl - line) : (int)strlen(line), line);
    }
    if (!ok)
        cli_error(MSG_TEXT, err_text(&err, msg_locale()));
    return ok;
}

/* write, or say why not; an export stopped by a signal ends the process
 * with that signal, as if it had not been caught, once cleaned up */
static int write_out(const MatrixList *list, const char *out_dir, bool force, bool quiet) {
    Error err;
    int signo = 0;
    if (export_matrices(list, out_dir, force, &signo, &err)) {
        if (!quiet) {
            msg_print(stdout, msg_locale(), list->count == 1 ? MSG_EXPORT_DONE_ONE : MSG_EXPORT_DONE, list->count,
                      out_dir);
            putchar('\n');
        }
        return 0;
    }
    cli_error(MSG_TEXT, err_text(&err, msg_locale()));
    if (signo) {
        signal(signo, SIG_DFL);
        raise(signo);
        return 128 + signo;
    }
    return 2;
}

/* the heads' columns of Q, K and V as Q_h0, K_h0, V_h0, ...: the names an
 * `attention` statement gives them, so a model directory and a lesson
 * export the same set (the pass itself only views those columns) */
static bool add_head_columns(MatrixList *out, const AttnConfig *cfg, Error *err) {
    static const char *const names[] = {"Q", "K", "V"};
    const Matrix *q = mlist_find(out, "Q");
    int heads = cfg->heads, group = heads / attn_kv_heads(cfg);
    if (!q || heads < 1 || q->cols % heads != 0)
        return true;
    int d_k = q->cols / heads;
    for (int k = 0; k < 3; k++)
        for (int h = 0; h < heads; h++) {
            /* a query head's own columns; a group of heads shares K and V */
            int c0 = (k == 0 ? h : h / group) * d_k;
            Matrix view = mat_view_cols(mlist_find(out, names[k]), c0, d_k), copy;
            char name[16];
            snprintf(name, sizeof name, "%s_h%d", names[k], h);
            if (!mat_copy(&copy, &view, err) || !mlist_put(out, name, &copy, err))
                return false;
        }
    return true;
}

/* a lesson: every name it defines, as the lesson left it */
static int export_lesson(const char *lesson, const char *out_dir, bool force, bool quiet) {
    Error err;
    if (!recover(out_dir))
        return 2;
    if (!export_check(out_dir, force, &err)) {
        cli_error(MSG_TEXT, err_text(&err, msg_locale()));
        return 2;
    }
    LoadedLesson ll;
    int status = cmd_open_lesson(lesson, &ll);
    if (status == 0)
        status = write_out(&ll.lesson.env, out_dir, force, quiet);
    lesson_close(&ll);
    return status;
}

/* a GPT-2 checkpoint: the pass over the text, the chosen layer's
 * matrices, every layer's output and the next-token stages' */
static int export_gpt2(const char *dir, const CmdGpt2 *g, const char *out_dir, bool force, bool quiet) {
    if (!g->text) {
        cli_error(MSG_CLI_GPT2_NEEDS_TEXT, dir, dir);
        return 2;
    }
    Gpt2 model;
    MatrixList out = {0};
    Error err;
    MemSay say = cmd_mem_say(HOLD_EXPORT);
    Gpt2Options opt = {.text = g->text, .layer = g->layer, .head = g->head, .temperature = g->temperature, .say = &say};
    if (!recover(out_dir))
        return 2;
    bool ok = export_check(out_dir, force, &err) && gpt2_load(dir, &opt, &model, &err);
    if (ok && !attn_run(model.model.w, &model.model.cfg, &out, &err)) {
        ok = err_prefix(&err, dir);
        gpt2_free(&model);
    } else if (ok) {
        gpt2_free(&model); /* the weights are no longer needed while writing */
    }
    int status = ok ? write_out(&out, out_dir, force, quiet) : 2;
    if (!ok)
        fprintf(stderr, "attnstep: %s\n", err_text(&err, msg_locale()));
    mlist_free(&out);
    return status;
}

int cmd_export(int argc, char **argv) {
    static const struct option options[] = {
        {"force", no_argument, NULL, 'f'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        CMD_GPT2_OPTIONS,
        {NULL, 0, NULL, 0},
    };
    bool force = false, quiet = false;
    CmdGpt2 g = cmd_gpt2_defaults();
    /* main may have used getopt already: 0 makes glibc and musl start over */
    optind = 0;
    opterr = 0; /* our own messages, in our own form */
    int c;
    while ((c = getopt_long(argc, argv, "fqh", options, NULL)) != -1) {
        int taken = cmd_gpt2_option(c, optarg, &g);
        if (taken < 0)
            return 2;
        if (taken)
            continue;
        switch (c) {
        case 'f':
            force = true;
            break;
        case 'q':
            quiet = true;
            break;
        case 'h':
            fputs(msg_text(msg_locale(), MSG_CLI_EXPORT_HELP), stdout);
            return 0;
        default:
            /* optopt is the unknown letter of "-x" (also inside "-dash",
             * while optind still points before it); 0 for "--long" */
            if (optopt > ' ' && optopt < 127) {
                char letter[3] = {'-', (char)optopt, '\0'};
                return usage_error(MSG_CLI_EXPORT_DASH, letter);
            }
            return usage_error(MSG_CLI_EXPORT_OPTION, argv[optind - 1]);
        }
    }
    if (argc - optind < 2)
        return usage_error(MSG_CLI_EXPORT_NEEDS, NULL);
    if (argc - optind > 2)
        return usage_error(MSG_CLI_EXPORT_ARGUMENT, argv[optind + 2]);

    const char *model_dir = argv[optind], *out_dir = argv[optind + 1];
    if (gpt2_is_checkpoint(model_dir))
        return export_gpt2(model_dir, &g, out_dir, force, quiet);
    if (g.given) {
        cli_error(MSG_CLI_GPT2_NOT_CHECKPOINT, g.given, model_dir);
        return 2;
    }
    struct stat st;
    if (stat(model_dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return export_lesson(model_dir, out_dir, force, quiet);
    Model model;
    MatrixList out = {0};
    Error err;
    if (!recover(out_dir))
        return 2;
    /* the cheap checks first, so a refused OUT_DIR costs no computing */
    MemSay say = cmd_mem_say(HOLD_EXPORT);
    bool ok = model_load_with(model_dir, &say, &model, &err) && export_check(out_dir, force, &err);
    /* model_load has validated the model; attn_run checks it once more */
    if (ok && !attn_run(model.w, &model.cfg, &out, &err))
        ok = err_prefix(&err, model_dir);
    /* the attention sub-layer alone names its heads' columns, as the
     * `attention` statement does; whole layers keep their own names */
    if (model.cfg.layer == LAYER_ATTENTION && model.cfg.layers <= 1)
        ok = ok && add_head_columns(&out, &model.cfg, &err);
    int status = ok ? write_out(&out, out_dir, force, quiet) : 2;
    if (!ok)
        cli_error(MSG_TEXT, err_text(&err, msg_locale()));
    mlist_free(&out);
    model_free(&model);
    return status;
}
