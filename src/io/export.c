/* export.c - atomic export of a matrix list as NAME.npy files (see export.h).
 *
 * Nothing here ever deletes a file it did not write: cleaning up removes
 * only regular files named *.npy and then the (then empty) directory, so a
 * mistake in OUT_DIR cannot turn into a recursive delete of user data.
 */
#include "io/export.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/npy.h"

typedef enum { OUT_NEW, OUT_EMPTY, OUT_REPLACE } OutState;

static bool ends_with_npy(const char *name) {
    size_t n = strlen(name);
    return n > 4 && strcmp(name + n - 4, ".npy") == 0;
}

/* A matrix name becomes a file name: keep it to one plain path component. */
static bool check_name(const char *name, Error *err) {
    if (!*name || name[0] == '.' || strchr(name, '/'))
        return err_set_msg(err, MSG_EXP_NAME, name);
    return true;
}

/* Remove the *.npy regular files in `dir`, then `dir` itself if that
 * leaves it empty. Returns false when anything stays behind. */
static bool remove_npy_dir(const char *dir) {
    DIR *d = opendir(dir);
    if (!d)
        return false;
    size_t dlen = strlen(dir);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!ends_with_npy(e->d_name))
            continue;
        char *p = malloc(dlen + strlen(e->d_name) + 2);
        if (!p)
            break;
        sprintf(p, "%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(p, &st) == 0 && S_ISREG(st.st_mode))
            unlink(p);
        free(p);
    }
    closedir(d);
    return rmdir(dir) == 0;
}

/* Look at what is at `out` now and decide what may happen to it. */
static bool inspect_out(const char *out, bool force, OutState *state, Error *err) {
    struct stat st;
    if (lstat(out, &st) != 0) {
        if (errno == ENOENT) {
            *state = OUT_NEW;
            return true;
        }
        return err_set_msg_in(err, out, MSG_EXP_CANNOT_CHECK, strerror(errno));
    }
    if (S_ISLNK(st.st_mode))
        return err_set_msg_in(err, out, MSG_EXP_SYMLINK);
    if (!S_ISDIR(st.st_mode))
        return err_set_msg_in(err, out, MSG_EXP_NOT_DIR);
    DIR *d = opendir(out);
    if (!d)
        return err_set_msg_in(err, out, MSG_MD_CANNOT_READ_DIR, strerror(errno));
    size_t olen = strlen(out);
    bool ok = true, empty = true;
    struct dirent *e;
    while (ok && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        empty = false;
        if (!force) {
            ok = err_set_msg_in(err, out, MSG_EXP_NOT_EMPTY);
            break;
        }
        char *p = malloc(olen + strlen(e->d_name) + 2);
        if (!p) {
            ok = err_set_msg(err, MSG_OUT_OF_MEMORY);
            break;
        }
        sprintf(p, "%s/%s", out, e->d_name);
        struct stat est;
        if (!ends_with_npy(e->d_name) || lstat(p, &est) != 0 || !S_ISREG(est.st_mode))
            ok = err_set_msg_in(err, out, MSG_EXP_FOREIGN, e->d_name);
        free(p);
    }
    closedir(d);
    *state = empty ? OUT_EMPTY : OUT_REPLACE;
    return ok;
}

/* dir/.base.TAG-PID-XXXXXX, a template for mkdtemp beside `out`: the PID
 * tells a later export whether the directory's writer is still running */
static char *sibling_template(const char *parent, const char *base, const char *tag) {
    char *t = malloc(strlen(parent) + strlen(base) + strlen(tag) + 40);
    if (t)
        sprintf(t, "%s/.%s.%s-%ld-XXXXXX", parent, base, tag, (long)getpid());
    return t;
}

/* ---- interrupts ---------------------------------------------------------- */

/* The one piece of global state here: a signal handler can only reach a
 * static flag. It is set by SIGINT, SIGTERM or SIGHUP while files are being
 * written; the writing loop stops at the next file and cleans up. */
static volatile sig_atomic_t interrupted;

static void on_signal(int sig) { interrupted = sig; }

typedef struct Handlers {
    struct sigaction old[3];
} Handlers;

static const int caught[3] = {SIGINT, SIGTERM, SIGHUP};

static void catch_signals(Handlers *h) {
    interrupted = 0;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (int k = 0; k < 3; k++)
        sigaction(caught[k], &sa, &h->old[k]);
}

static void release_signals(const Handlers *h) {
    for (int k = 0; k < 3; k++)
        sigaction(caught[k], &h->old[k], NULL);
}

/* "out: stopped by an interrupt (Ctrl-C); ...", the signal named in each
 * language */
static bool stopped(Error *err, const char *out, int sig) {
    MsgId name = sig == SIGINT ? MSG_EXP_SIGINT : sig == SIGTERM ? MSG_EXP_SIGTERM : MSG_EXP_SIGHUP;
    err_set_msg(err, MSG_EXP_STOPPED, msg_text(MSG_EN, name), out);
    err_set_zh(err, MSG_EXP_STOPPED, msg_text(MSG_ZH, name), out);
    return err_prefix(err, out);
}

static bool write_all(const MatrixList *list, const char *tmp, const char *out, Error *err) {
    size_t tlen = strlen(tmp);
    for (int i = 0; i < list->count; i++) {
        if (interrupted)
            return stopped(err, out, interrupted);
        const NamedMatrix *nm = &list->items[i];
        char *p = malloc(tlen + strlen(nm->name) + 8);
        if (!p)
            return err_set_msg(err, MSG_OUT_OF_MEMORY);
        sprintf(p, "%s/%s.npy", tmp, nm->name);
        /* "x": the directory is ours and fresh, so an existing file would
         * mean two matrices with one name */
        FILE *f = fopen(p, "wbx");
        free(p);
        bool ok = f != NULL || err_set_msg(err, MSG_FILE_CANNOT_CREATE, strerror(errno));
        ok = ok && npy_write_stream(f, &nm->m, NPY_MATRIX, err);
        if (ok && fflush(f) != 0)
            ok = err_set_msg(err, MSG_FILE_CANNOT_WRITE, strerror(errno));
        if (f && fclose(f) != 0)
            ok = ok && err_set_msg(err, MSG_FILE_CANNOT_WRITE, strerror(errno));
        if (!ok) {
            char where[600];
            snprintf(where, sizeof where, "%s/%s.npy", out, nm->name);
            return err_prefix(err, where);
        }
    }
    return true;
}

/* Put the finished `tmp` at `out`. For OUT_REPLACE the old directory is
 * first moved aside (rename(2) cannot replace a non-empty directory), and
 * moved back if the second rename fails. */
static bool commit(const char *tmp, const char *out, const char *parent, const char *base,
                   OutState state, Error *err) {
    if (state != OUT_REPLACE) {
        if (rename(tmp, out) != 0)
            return err_set_msg_in(err, out, MSG_EXP_MOVE_IN, strerror(errno));
        return true;
    }
    char *old = sibling_template(parent, base, "old");
    if (!old)
        return err_set_msg(err, MSG_OUT_OF_MEMORY);
    bool ok = true;
    if (!mkdtemp(old))
        ok = err_set_msg_in(err, out, MSG_EXP_MKDIR_BESIDE, strerror(errno));
    else if (rename(out, old) != 0) {
        ok = err_set_msg_in(err, out, MSG_EXP_MOVE_ASIDE, strerror(errno));
        rmdir(old);
    } else if (rename(tmp, out) != 0) {
        ok = err_set_msg_in(err, out, MSG_EXP_MOVE_IN, strerror(errno));
        if (rename(old, out) != 0)
            err_set_msg_in(err, out, MSG_EXP_MOVE_IN_LEFT, old);
    } else {
        remove_npy_dir(old);
    }
    free(old);
    return ok;
}

/* OUT_DIR taken apart: "a/b/out///" is out "a/b/out", parent "a/b", base "out". */
typedef struct OutPath {
    char *out, *parent;
    const char *base;
} OutPath;

static void out_path_free(OutPath *p) {
    free(p->out), free(p->parent);
    *p = (OutPath){0};
}

/* Split `out_dir` and decide, from what is there now, what may happen. */
static bool prepare(const char *out_dir, bool force, OutPath *p, OutState *state, Error *err) {
    *p = (OutPath){0};
    size_t len = strlen(out_dir);
    while (len > 1 && out_dir[len - 1] == '/')
        len--;
    p->out = strndup(out_dir, len);
    char *slash = p->out ? strrchr(p->out, '/') : NULL;
    p->base = slash ? slash + 1 : p->out;
    p->parent = slash ? strndup(p->out, slash == p->out ? 1 : (size_t)(slash - p->out))
                      : strdup(".");
    if (!p->out || !p->parent)
        return err_set_msg(err, MSG_OUT_OF_MEMORY);
    if (!*p->base || strcmp(p->base, ".") == 0 || strcmp(p->base, "..") == 0)
        return err_set_msg_in(err, out_dir, MSG_EXP_NAME_DIR);
    if (!inspect_out(p->out, force, state, err))
        return false;
    struct stat st;
    if (*state == OUT_NEW && (stat(p->parent, &st) != 0 || !S_ISDIR(st.st_mode)))
        return err_set_msg_in(err, p->out, MSG_EXP_NO_PARENT, p->parent);
    return true;
}

bool export_check(const char *out_dir, bool force, Error *err) {
    OutPath p;
    OutState state;
    bool ok = prepare(out_dir, force, &p, &state, err);
    out_path_free(&p);
    return ok;
}

bool export_matrices(const MatrixList *list, const char *out_dir, bool force, int *signo, Error *err) {
    if (signo)
        *signo = 0;
    for (int i = 0; i < list->count; i++)
        if (!check_name(list->items[i].name, err))
            return false;
    OutPath p;
    OutState state = OUT_NEW;
    char *tmp = NULL;
    bool ok = prepare(out_dir, force, &p, &state, err);

    /* an interrupt while files are written stops the writing (write_all
     * looks between files); during the two renames of the commit it is
     * held back, so OUT_DIR is never left missing */
    Handlers handlers;
    catch_signals(&handlers);
    sigset_t hold, saved;
    sigemptyset(&hold);
    sigaddset(&hold, SIGINT), sigaddset(&hold, SIGTERM), sigaddset(&hold, SIGHUP);

    if (ok && !(tmp = sibling_template(p.parent, p.base, "tmp")))
        ok = err_set_msg(err, MSG_OUT_OF_MEMORY);
    if (ok && !mkdtemp(tmp)) {
        ok = err_set_msg_in(err, p.out, MSG_EXP_MKDIR_IN, p.parent, strerror(errno));
        free(tmp);
        tmp = NULL;
    }
    ok = ok && write_all(list, tmp, p.out, err);
    if (ok) {
        /* mkdtemp makes the directory 0700; give it the mode mkdir would */
        mode_t mask = umask(0);
        umask(mask);
        if (chmod(tmp, 0777 & ~mask) != 0)
            ok = err_set_msg_in(err, p.out, MSG_EXP_CHMOD, strerror(errno));
    }
    sigprocmask(SIG_BLOCK, &hold, &saved);
    if (ok && interrupted)
        ok = stopped(err, p.out, interrupted);
    ok = ok && commit(tmp, p.out, p.parent, p.base, state, err);
    if (!ok && tmp)
        remove_npy_dir(tmp);
    sigprocmask(SIG_SETMASK, &saved, NULL);
    release_signals(&handlers);
    if (!ok && signo)
        *signo = interrupted;

    free(tmp);
    out_path_free(&p);
    return ok;
}

/* ---- what an export killed half-way left behind --------------------------- */

/* `name` is ".BASE.TAG-..." made by sibling_template (or by an older
 * version, without the PID); *pid is the PID in it, or 0 */
static bool leftover_name(const char *name, const char *base, const char *tag, long *pid) {
    size_t nb = strlen(base), nt = strlen(tag);
    if (name[0] != '.' || strncmp(name + 1, base, nb) != 0 || name[1 + nb] != '.' ||
        strncmp(name + 2 + nb, tag, nt) != 0 || name[2 + nb + nt] != '-')
        return false;
    const char *rest = name + 3 + nb + nt;
    char *end;
    *pid = strtol(rest, &end, 10);
    if (end != rest && *end == '-')
        rest = end + 1;
    else
        *pid = 0;
    return strlen(rest) == 6;
}

/* is the export that made it still running (another attnstep right now)? */
static bool writer_alive(long pid) {
    return pid > 0 && pid != (long)getpid() && (kill((pid_t)pid, 0) == 0 || errno == EPERM);
}

static void add_note(char *notes, size_t size, const char *line) {
    size_t n = strlen(notes);
    if (n && n + 1 < size)
        notes[n++] = '\n', notes[n] = '\0';
    if (n < size)
        snprintf(notes + n, size - n, "%s", line);
}

/* one line of export_recover's notes in `lang`, cut in the middle as an
 * error is when it does not fit (two long paths keep their ends) */
static void note(char *line, size_t size, MsgLang lang, MsgId id, ...) {
    char full[3 * PATH_MAX];
    va_list ap;
    va_start(ap, id);
    msg_vformat(full, sizeof full, lang, id, ap);
    va_end(ap);
    err_fit(line, size, full);
}

bool export_recover(const char *out_dir, MsgLang lang, char *notes, size_t size, Error *err) {
    notes[0] = '\0';
    OutPath p;
    OutState state;
    Error ignored;
    /* only the path is wanted here; what is at OUT_DIR is checked later */
    prepare(out_dir, true, &p, &state, &ignored);
    if (!p.out || !p.parent || !*p.base) {
        out_path_free(&p);
        return true;
    }
    DIR *d = opendir(p.parent);
    bool ok = true;
    struct dirent *e;
    while (d && ok && (e = readdir(d)) != NULL) {
        long pid;
        bool tmp = leftover_name(e->d_name, p.base, "tmp", &pid);
        if (!tmp && !leftover_name(e->d_name, p.base, "old", &pid))
            continue;
        if (writer_alive(pid))
            continue;
        char *path = malloc(strlen(p.parent) + strlen(e->d_name) + 2);
        if (!path) {
            ok = err_set_msg(err, MSG_OUT_OF_MEMORY);
            break;
        }
        sprintf(path, "%s/%s", p.parent, e->d_name);
        struct stat st;
        if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            char line[ERROR_MSG_MAX];
            line[0] = '\0';
            if (tmp) {
                if (remove_npy_dir(path))
                    note(line, sizeof line, lang, MSG_EXP_NOTE_REMOVED_TMP, path);
                else
                    note(line, sizeof line, lang, MSG_EXP_NOTE_LEFT_TMP, path);
            } else if (lstat(p.out, &st) != 0 && errno == ENOENT) {
                /* killed between moving the old OUT_DIR aside and putting
                 * the new one in place: the old one goes back */
                if (rename(path, p.out) == 0)
                    note(line, sizeof line, lang, MSG_EXP_NOTE_RESTORED, p.out, path);
                else
                    ok = err_set_msg(err, MSG_EXP_RESTORE_FAILED, p.out, path, strerror(errno));
            } else if (remove_npy_dir(path)) {
                note(line, sizeof line, lang, MSG_EXP_NOTE_REMOVED_OLD, path, p.out);
            } else {
                note(line, sizeof line, lang, MSG_EXP_NOTE_LEFT_OLD, path);
            }
            if (line[0])
                add_note(notes, size, line);
        }
        free(path);
    }
    if (d)
        closedir(d);
    out_path_free(&p);
    return ok;
}
