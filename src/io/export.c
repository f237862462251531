/* export.c - atomic export of a matrix list as NAME.npy files (see export.h).
 *
 * Nothing here ever deletes a file it did not write: cleaning up removes
 * only regular files named *.npy and then the (then empty) directory, so a
 * mistake in OUT_DIR cannot turn into a recursive delete of user data.
 */
#include "io/export.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
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
        return err_set(err, "cannot export a matrix named '%s': not a plain file name", name);
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
        return err_set(err, "%s: cannot check it: %s", out, strerror(errno));
    }
    if (S_ISLNK(st.st_mode))
        return err_set(err, "%s: is a symbolic link; give the directory it points to instead", out);
    if (!S_ISDIR(st.st_mode))
        return err_set(err, "%s: exists and is not a directory", out);
    DIR *d = opendir(out);
    if (!d)
        return err_set(err, "%s: cannot read the directory: %s", out, strerror(errno));
    size_t olen = strlen(out);
    bool ok = true, empty = true;
    struct dirent *e;
    while (ok && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        empty = false;
        if (!force) {
            ok = err_set(err, "%s: exists and is not empty; use --force to replace it (allowed "
                         "only when it holds nothing but .npy files)", out);
            break;
        }
        char *p = malloc(olen + strlen(e->d_name) + 2);
        if (!p) {
            ok = err_set(err, "out of memory");
            break;
        }
        sprintf(p, "%s/%s", out, e->d_name);
        struct stat est;
        if (!ends_with_npy(e->d_name) || lstat(p, &est) != 0 || !S_ISREG(est.st_mode))
            ok = err_set(err, "%s: holds '%s', which is not a .npy file: refusing to replace the "
                         "directory, even with --force", out, e->d_name);
        free(p);
    }
    closedir(d);
    *state = empty ? OUT_EMPTY : OUT_REPLACE;
    return ok;
}

/* dir/.base.TAG-XXXXXX, a template for mkdtemp beside `out` */
static char *sibling_template(const char *parent, const char *base, const char *tag) {
    char *t = malloc(strlen(parent) + strlen(base) + strlen(tag) + 16);
    if (t)
        sprintf(t, "%s/.%s.%s-XXXXXX", parent, base, tag);
    return t;
}

static bool write_all(const MatrixList *list, const char *tmp, const char *out, Error *err) {
    size_t tlen = strlen(tmp);
    for (int i = 0; i < list->count; i++) {
        const NamedMatrix *nm = &list->items[i];
        char *p = malloc(tlen + strlen(nm->name) + 8);
        if (!p)
            return err_set(err, "out of memory");
        sprintf(p, "%s/%s.npy", tmp, nm->name);
        /* "x": the directory is ours and fresh, so an existing file would
         * mean two matrices with one name */
        FILE *f = fopen(p, "wbx");
        free(p);
        bool ok = f != NULL || err_set(err, "cannot create: %s", strerror(errno));
        ok = ok && npy_write_stream(f, &nm->m, NPY_MATRIX, err);
        if (ok && fflush(f) != 0)
            ok = err_set(err, "cannot write: %s", strerror(errno));
        if (f && fclose(f) != 0)
            ok = ok && err_set(err, "cannot write: %s", strerror(errno));
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
            return err_set(err, "%s: cannot move the finished directory into place: %s", out,
                           strerror(errno));
        return true;
    }
    char *old = sibling_template(parent, base, "old");
    if (!old)
        return err_set(err, "out of memory");
    bool ok = true;
    if (!mkdtemp(old))
        ok = err_set(err, "%s: cannot create a directory beside it: %s", out, strerror(errno));
    else if (rename(out, old) != 0) {
        ok = err_set(err, "%s: cannot move the old directory aside: %s", out, strerror(errno));
        rmdir(old);
    } else if (rename(tmp, out) != 0) {
        ok = err_set(err, "%s: cannot move the finished directory into place: %s", out,
                     strerror(errno));
        if (rename(old, out) != 0)
            err_set(err, "%s: cannot move the finished directory into place, and the old one "
                    "is left at %s", out, old);
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
        return err_set(err, "out of memory");
    if (!*p->base || strcmp(p->base, ".") == 0 || strcmp(p->base, "..") == 0)
        return err_set(err, "%s: name a new or empty directory to export into", out_dir);
    if (!inspect_out(p->out, force, state, err))
        return false;
    struct stat st;
    if (*state == OUT_NEW && (stat(p->parent, &st) != 0 || !S_ISDIR(st.st_mode)))
        return err_set(err, "%s: the directory it would go in, %s, does not exist", p->out,
                       p->parent);
    return true;
}

bool export_check(const char *out_dir, bool force, Error *err) {
    OutPath p;
    OutState state;
    bool ok = prepare(out_dir, force, &p, &state, err);
    out_path_free(&p);
    return ok;
}

bool export_matrices(const MatrixList *list, const char *out_dir, bool force, Error *err) {
    for (int i = 0; i < list->count; i++)
        if (!check_name(list->items[i].name, err))
            return false;
    OutPath p;
    OutState state = OUT_NEW;
    char *tmp = NULL;
    bool ok = prepare(out_dir, force, &p, &state, err);

    sigset_t hold, saved;
    sigemptyset(&hold);
    sigaddset(&hold, SIGINT), sigaddset(&hold, SIGTERM), sigaddset(&hold, SIGHUP);
    sigprocmask(SIG_BLOCK, &hold, &saved);

    if (ok && !(tmp = sibling_template(p.parent, p.base, "tmp")))
        ok = err_set(err, "out of memory");
    if (ok && !mkdtemp(tmp)) {
        ok = err_set(err, "%s: cannot create a directory in %s: %s", p.out, p.parent,
                     strerror(errno));
        free(tmp);
        tmp = NULL;
    }
    ok = ok && write_all(list, tmp, p.out, err);
    if (ok) {
        /* mkdtemp makes the directory 0700; give it the mode mkdir would */
        mode_t mask = umask(0);
        umask(mask);
        if (chmod(tmp, 0777 & ~mask) != 0)
            ok = err_set(err, "%s: cannot set permissions: %s", p.out, strerror(errno));
    }
    ok = ok && commit(tmp, p.out, p.parent, p.base, state, err);
    if (!ok && tmp)
        remove_npy_dir(tmp);

    sigprocmask(SIG_SETMASK, &saved, NULL);
    free(tmp);
    out_path_free(&p);
    return ok;
}
