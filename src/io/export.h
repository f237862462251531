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

#include "engine/matrix_list.h"

/* export_matrices: write each matrix of `list` to out_dir/NAME.npy as
 * float32 (rows, cols), following the rules above. The list is only read.
 * Messages in `err` are complete, paths included ("out/A_h0.npy: cannot
 * write: No space left on device"). SIGINT, SIGTERM and SIGHUP are held
 * back while the directory is being written and delivered afterwards, so
 * an interrupt cannot leave the temporary directory behind. */
bool export_matrices(const MatrixList *list, const char *out_dir, bool force, Error *err);

/* export_check: the checks export_matrices makes on OUT_DIR before it
 * writes anything, for failing early, before the pipeline runs. Passing it
 * does not promise that export_matrices will succeed: the file system may
 * change in between, and export_matrices checks again. */
bool export_check(const char *out_dir, bool force, Error *err);

#endif
