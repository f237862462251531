#include "lang/loader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "attention/options.h"
#include "io/gpt2.h"
#include "io/model_dir.h"
#include "io/model_memory.h"
#include "lang/embedded.h"
#include "lang/parse.h"
#include "util/escape.h"
#include "util/suggest.h"
#include "util/utf8.h"

/* "lessons/en/tour.lesson" -> "tour"; "lessons/zh/tour.lesson" -> "zh/tour" */
static bool builtin_name(const char *path, char *name, size_t size) {
    size_t n = strlen(path);
    if (strncmp(path, "lessons/", 8) != 0 || n < 16 || strcmp(path + n - 7, ".lesson") != 0)
        return false;
    const char *rel = path + 8;
    if (strncmp(rel, "en/", 3) == 0)
        rel += 3;
    snprintf(name, size, "%.*s", (int)(path + n - 7 - rel), rel);
    return true;
}

static void title_of(const EmbeddedFile *f, char *title, size_t size) {
    title[0] = '\0';
    const char *t = strstr((const char *)f->data, "lesson \"");
    if (!t)
        return;
    t += 8;
    const char *end = strchr(t, '"');
    if (end)
        snprintf(title, size, "%.*s", (int)(end - t), t);
}

BuiltinLesson *lesson_builtins(int *count) {
    int n = 0;
    for (const EmbeddedFile *f = embedded_files; f->path; f++)
        n++;
    BuiltinLesson *list = calloc((size_t)n + 1, sizeof *list);
    *count = 0;
    for (const EmbeddedFile *f = embedded_files; list && f->path; f++) {
        BuiltinLesson *b = &list[*count];
        if (!builtin_name(f->path, b->name, sizeof b->name))
            continue;
        b->path = f->path;
        title_of(f, b->title, sizeof b->title);
        (*count)++;
    }
    return list;
}

const char *lesson_default(void) { return msg_locale() == MSG_ZH ? "zh/tour" : "tour"; }

static const EmbeddedFile *find_builtin(const char *name) {
    char want[80];
    snprintf(want, sizeof want, "%s", name);
    if (strncmp(want, "en/", 3) == 0)
        memmove(want, want + 3, strlen(want + 3) + 1);
    for (const EmbeddedFile *f = embedded_files; f->path; f++) {
        char have[64];
        if (builtin_name(f->path, have, sizeof have) && strcmp(have, want) == 0)
            return f;
    }
    return NULL;
}

/* model_source: a model directory, loaded (each file read once) into
 * ll->model, and the description the source pane shows for it: a line
 * per weight (its name, its file, its shape), which the weight's step
 * points at, and a last line saying what the pass does, which the pass's
 * steps point at. Fixed words only (the path is never pasted into it);
 * nothing of it is parsed. */
static bool model_source(const char *dir, const MemSay *say, LoadedLesson *ll, Error *err) {
    Model *model = calloc(1, sizeof *model);
    if (!model)
        return err_set_msg(err, MSG_OUT_OF_MEMORY);
    if (!model_load_with(dir, say, model, err)) {
        free(model);
        return false;
    }
    ll->model = model;
    char text[16384], name[MLIST_NAME_MAX], file[96];
    size_t n = 0;
#define ADD(...) n += (size_t)snprintf(text + n, sizeof text - n, __VA_ARGS__)
    ADD("%s", msg_text(msg_locale(), MSG_LOADER_MODEL_HEADER));
    const Matrix *w;
    for (int k = 0; (w = model_weight(model, k, name, sizeof name, file, sizeof file)) && n < sizeof text; k++)
        ADD("  %-5s  %s  %d×%d\n", name, file, w->rows, w->cols);
    ADD("%s", msg_text(msg_locale(), model->cfg.layer == LAYER_ATTENTION ? MSG_LOADER_MODEL_PASS : MSG_LOADER_MODEL_STACK));
#undef ADD
    if (n >= sizeof text)
        return err_set_msg_in(err, dir, MSG_LOADER_TOO_MANY_FILES);
    return source_from_text(&ll->src, dir, text, n, dir) || err_set_msg(err, MSG_OUT_OF_MEMORY);
}

/* model_run: run a model directory's or a checkpoint's pass over the
 * weights in ll->model; the description in ll->src is only shown (its
 * lines are where the records point), never parsed */
static bool model_run(LoadedLesson *ll, const InterpOptions *opt) {
    ll->diags.lang = msg_locale();
    ll->prog = (Program){.model = ll->model, .gpt2 = ll->gpt2};
    return interp_run(&ll->prog, &ll->src, opt, &ll->lesson, &ll->diags);
}

/* gpt2_source: the description of a GPT-2 checkpoint the source pane
 * shows: its size, then a line per weight naming the tensor of
 * model.safetensors it comes from and its shape (the weights' steps point
 * at them, in model_weight's order, W_E last), and a last line saying
 * what the pass does. Nothing of it is parsed. */
static bool gpt2_source(const char *dir, const Gpt2 *g, LoadedLesson *ll, Error *err) {
    size_t cap = 4096 + 96 * (size_t)(g->model.cfg.layers + 1) * WEIGHT_COUNT, n = 0;
    char *text = malloc(cap), name[MLIST_NAME_MAX], file[96], tensor[160];
    if (!text)
        return err_set_msg(err, MSG_OUT_OF_MEMORY);
#define ADD(...) n += (size_t)snprintf(text + n, cap - n, __VA_ARGS__)
    const AttnConfig *cfg = &g->model.cfg;
    msg_format(text + n, cap - n, msg_locale(), MSG_LOADER_GPT2_HEADER, cfg->layers, cfg->heads, g->model.w[0].E.cols,
               cfg->ffn);
    n += strlen(text + n);
    const Matrix *w;
    for (int k = 0; (w = model_weight(&g->model, k, name, sizeof name, file, sizeof file)) && n < cap; k++) {
        gpt2_tensor_of(g, name, tensor, sizeof tensor);
        ADD("  %-11s %s  %d×%d\n", name, tensor, w->rows, w->cols);
    }
    gpt2_tensor_of(g, "W_E", tensor, sizeof tensor);
    ADD("  %-11s %s  %d×%d%s", "W_E", tensor, g->model.w[0].unembed.rows, g->model.w[0].unembed.cols,
        msg_text(msg_locale(), MSG_LOADER_GPT2_TIED));
    msg_format(text + n, cap - n, msg_locale(), MSG_LOADER_GPT2_PASS, cfg->layers, cfg->record_layer);
    n += strlen(text + n);
#undef ADD
    bool ok = n < cap && source_from_text(&ll->src, dir, text, n, dir);
    free(text);
    return ok || err_set_msg(err, MSG_OUT_OF_MEMORY);
}

int lesson_tokens_that_fit(int layers, int d, int ffn) {
    /* the work grows with n: the largest n within the limit, by halving */
    int lo = 0, hi = 1 << 24;
    while (lo < hi) {
        int mid = lo + (hi - lo + 1) / 2;
        if (layers * attn_layer_madds(mid, d, ffn, false) <= INTERP_MAX_TOTAL_WORK)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

bool lesson_open_gpt2(const char *dir, const Gpt2Options *gopt, const InterpOptions *opt, LoadedLesson *ll,
                      Error *err) {
    *ll = (LoadedLesson){0};
    Gpt2 *g = calloc(1, sizeof *g);
    if (!g)
        return err_set_msg(err, MSG_OUT_OF_MEMORY);
    /* the whole stack runs: past the interpreter's limits on work and on
     * the numbers a run keeps, the text is refused before any weight is
     * read, saying how many tokens fit, rather than stopped at the
     * statement of a program the learner never wrote */
    Gpt2Options limited = *gopt;
    limited.max_work = INTERP_MAX_TOTAL_WORK;
    limited.max_kept = (double)INTERP_MAX_KEPT;
    if (!gpt2_load(dir, &limited, g, err)) {
        free(g);
        return false;
    }
    ll->gpt2 = g;
    ll->model = &g->model;
    if (!gpt2_source(dir, g, ll, err))
        return false;
    return model_run(ll, opt);
}

int lesson_recorded_layer(const LoadedLesson *ll, int *layers) {
    if (!ll->gpt2)
        return -1;
    *layers = ll->gpt2->model.cfg.layers;
    return ll->gpt2->model.cfg.record_layer;
}

bool lesson_record_layer(LoadedLesson *ll, int layer, const InterpOptions *opt, Error *err) {
    if (!ll->gpt2 || layer < 0 || layer >= ll->gpt2->model.cfg.layers)
        return false;
    char *dir = strdup(ll->src.name);
    if (!dir)
        return err_set_msg(err, MSG_OUT_OF_MEMORY);
    /* the program says which layer it records: it is written again, so
     * the source pane shows `record L` for the layer the steps show */
    lesson_free(&ll->lesson);
    diags_free(&ll->diags);
    arena_free(&ll->arena);
    source_free(&ll->src);
    ll->prog = (Program){0};
    ll->gpt2->model.cfg.record_layer = layer;
    bool ok = gpt2_source(dir, ll->gpt2, ll, err) && model_run(ll, opt);
    free(dir);
    return ok;
}

/* the error for a name that is neither a file nor a built-in lesson, with
 * the nearest built-in name when it looks like a typo ("tuor") */
static bool no_lesson(const char *arg, Error *err) {
    int n;
    BuiltinLesson *list = lesson_builtins(&n);
    const char **names = calloc((size_t)n + 1, sizeof *names);
    for (int k = 0; names && k < n; k++)
        names[k] = list[k].name;
    const char *near = names ? suggest_closest(arg, names) : NULL;
    size_t size = 2 * strlen(arg) + 512;
    char *text = malloc(size);
    if (text && near)
        msg_format(text, size, msg_locale(), MSG_CLI_NO_LESSON_NEAR, arg, near);
    else if (text)
        msg_format(text, size, msg_locale(), MSG_CLI_NO_LESSON, arg);
    if (err) { /* a long path is cut in the middle, so the reason stays */
        err_fit(err->msg, sizeof err->msg, text ? text : "out of memory");
        err->msg_zh[0] = '\0';
    }
    free(text);
    free(names);
    free(list);
    return false;
}

static bool read_source(const char *arg, const MemSay *say, LoadedLesson *ll, Error *err) {
    Source *src = &ll->src;
    struct stat st;
    if (stat(arg, &st) == 0) {
        if (S_ISDIR(st.st_mode))
            return model_source(arg, say, ll, err);
        return source_from_file(src, arg, err);
    }
    const EmbeddedFile *f = find_builtin(arg);
    if (f) {
        char dir[256];
        snprintf(dir, sizeof dir, "%s", f->path);
        *strrchr(dir, '/') = '\0';
        if (!source_from_text(src, f->path, (const char *)f->data, f->size, dir))
            return err_set_msg(err, MSG_OUT_OF_MEMORY);
        src->embedded = true;
        return true;
    }
    return no_lesson(arg, err);
}

bool lesson_open(const char *arg, const InterpOptions *opt, LoadedLesson *ll, Error *err) {
    return lesson_open_with(arg, opt, NULL, ll, err);
}

bool lesson_open_with(const char *arg, const InterpOptions *opt, const MemSay *say, LoadedLesson *ll, Error *err) {
    *ll = (LoadedLesson){0};
    if (!read_source(arg, say, ll, err))
        return false;
    return ll->model ? model_run(ll, opt) : lesson_run_source(ll, opt);
}

bool lesson_open_text(const char *name, const char *text, size_t len, const InterpOptions *opt,
                      LoadedLesson *ll) {
    *ll = (LoadedLesson){0};
    if (!source_from_text(&ll->src, name, text, len, ".")) {
        ll->diags.lang = msg_locale();
        diag_add(&ll->diags, DIAG_ERROR, (SrcPos){0}, 1, NULL, MSG_LESSON_TOO_LARGE, SOURCE_MAX_BYTES);
        ll->src.name = strdup(name);
        return false;
    }
    return lesson_run_source(ll, opt);
}

bool lesson_run_source(LoadedLesson *ll, const InterpOptions *opt) {
    char language[16];
    ll->diags.lang = msg_lang(source_language(&ll->src, language, sizeof language));
    const char *nul = memchr(ll->src.text, '\0', ll->src.len);
    if (nul) {
        diag_add(&ll->diags, DIAG_ERROR, (SrcPos){0}, 1, NULL, MSG_BINARY_FILE, (size_t)(nul - ll->src.text));
        return false;
    }
    size_t bad;
    if (!utf8_valid(ll->src.text, ll->src.len, &bad)) {
        /* one clear error at the first bad byte beats one per byte */
        int line = 1, col = 1;
        for (size_t k = 0; k < bad; k++) {
            if (ll->src.text[k] == '\n')
                line++, col = 1;
            else if (((unsigned char)ll->src.text[k] & 0xC0) != 0x80)
                col++;
        }
        diag_add(&ll->diags, DIAG_ERROR, (SrcPos){line, col, bad}, 1, diag_text(&ll->diags, MSG_HINT_SAVE_UTF8),
                 MSG_INVALID_UTF8, (unsigned char)ll->src.text[bad]);
        return false;
    }
    /* a control character (but a tab or a line end) or a bidirectional
     * control would reach the terminal in titles, labels and narratives */
    for (size_t k = 0, line = 1, col = 1; k < ll->src.len;) {
        unsigned cp;
        int n = utf8_decode(ll->src.text + k, ll->src.len - k, &cp);
        bool line_end = cp == '\n' || (cp == '\r' && k + 1 < ll->src.len && ll->src.text[k + 1] == '\n');
        if (esc_hidden(cp) && cp != '\t' && !line_end) {
            diag_add(&ll->diags, DIAG_ERROR, (SrcPos){(int)line, (int)col, k}, 1, NULL, MSG_LESSON_CONTROL, cp);
            return false;
        }
        if (cp == '\n')
            line++, col = 1;
        else if (cp != '\r')
            col++;
        k += (size_t)(n > 0 ? n : 1);
    }
    if (!parse_program(&ll->src, &ll->arena, &ll->diags, &ll->prog))
        return false;
    ll->prog.model = ll->model;
    if (ll->prog.nstmts == 0) {
        diag_add(&ll->diags, DIAG_ERROR, (SrcPos){0}, 1, diag_text(&ll->diags, MSG_HINT_EMPTY_LESSON),
                 MSG_EMPTY_LESSON);
        return false;
    }
    return interp_run(&ll->prog, &ll->src, opt, &ll->lesson, &ll->diags);
}

bool lesson_rerun(LoadedLesson *ll, const InterpOptions *opt) {
    lesson_free(&ll->lesson);
    if (ll->model && ll->prog.nstmts == 0) {
        diags_free(&ll->diags);
        return model_run(ll, opt);
    }
    diags_free(&ll->diags);
    return interp_run(&ll->prog, &ll->src, opt, &ll->lesson, &ll->diags);
}

void lesson_close(LoadedLesson *ll) {
    lesson_free(&ll->lesson);
    diags_free(&ll->diags);
    arena_free(&ll->arena);
    source_free(&ll->src);
    if (ll->gpt2) {
        gpt2_free(ll->gpt2);
        free(ll->gpt2);
    } else if (ll->model) {
        model_free(ll->model);
        free(ll->model);
    }
    ll->model = NULL;
    ll->gpt2 = NULL;
}
