/* export.h - writing a list of named matrices as a directory of .npy files.
 *
 * The directory appears complete or not at all: every file is written into
 * a fresh hidden directory beside OUT_DIR (".NAME.tmp-XXXXXX"), and only
 * when all of them are written and closed is that directory renamed to
 * OUT_DIR. On any failure the temporary directory is removed, and OUT_DIR
 * is left as it was. (This protects against failures of attnstep and
 * against other programs seeing half a directory; the files are not
 * fsync'ed, so it is not a guarantee against power loss.)
 *
 * What happens when OUT_DIR already exists:
 *   - it does not exist: it is created (its parent must exist);
 *   - it is an empty directory: it is replaced;
 *   - it is a directory holding files: refused, unless `force` is given and
 *     every entry is a regular file whose name ends in ".npy" (an earlier
 *     export); then the whole directory is replaced, so stale files from an
 *     export with more heads do not linger beside the new ones;
 *   - it is anything else (a file, a symbolic link): refused.
 */
#ifndef ATTNSTEP_EXPORT_H
#define ATTNSTEP_EXPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/matrix_list.h"

/* export_matrices: write each matrix of `list` to out_dir/NAME.npy as
 * float32 (rows, cols), following the rules above. The list is only read.
 * Messages in `err` are complete, paths included ("out/A_h0.npy: cannot
 * write: No space left on device"). SIGINT, SIGTERM or SIGHUP while the
 * files are written stops the export at the next file: the temporary
 * directory is removed, OUT_DIR stays as it was, and *signo (may be NULL)
 * is the signal, for the caller to end with it; during the renames that
 * put the result in place they are held back until it is there. */
bool export_matrices(const MatrixList *list, const char *out_dir, bool force, int *signo, Error *err);

/* export_recover: what an export killed half-way (SIGKILL, a crash, a
 * power cut) left beside OUT_DIR is dealt with: a partial ".OUT.tmp-*"
 * is removed; an ".OUT.old-*" (the killed export had moved OUT_DIR aside)
 * is moved back when OUT_DIR is missing, else removed. Directories whose
 * writer is still running, and files other than .npy, are left alone.
 * `notes` (size bytes) receives one line per thing done, for the user, in
 * `lang`; "" when there was nothing. False only when OUT_DIR is missing
 * and its old contents could not be moved back (err says where they are). */
bool export_recover(const char *out_dir, MsgLang lang, char *notes, size_t size, Error *err);

/* export_check: the checks export_matrices makes on OUT_DIR before it
 * writes anything, for failing early, before the pipeline runs. Passing it
 * does not promise that export_matrices will succeed: the file system may
 * change in between, and export_matrices checks again. */
bool export_check(const char *out_dir, bool force, Error *err);

#endif
