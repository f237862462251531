/* matrix_list.h - an ordered list of named matrices ("X", "A_h0", ...).
 *
 * The list owns the matrices put into it: mlist_put moves a matrix in (the
 * caller's copy is reset to empty) and mlist_free releases them all.
 * Pointers returned by mlist_find stay valid until the next mlist_put.
 */
#ifndef ATTNSTEP_MATRIX_LIST_H
#define ATTNSTEP_MATRIX_LIST_H

#include "engine/matrix.h"

#define MLIST_NAME_MAX 48

typedef struct NamedMatrix {
    char name[MLIST_NAME_MAX];
    Matrix m;
} NamedMatrix;

typedef struct MatrixList {
    NamedMatrix *items;
    int count, cap;
} MatrixList;

/* mlist_put: append `*m` under `name`, taking ownership; `*m` becomes the
 * empty matrix. A name already present is replaced (the old matrix is
 * freed) and keeps its place. On failure (name too long, no memory) the
 * matrix is freed too, so the caller never has to clean up. */
bool mlist_put(MatrixList *list, const char *name, Matrix *m, Error *err);

/* mlist_find: the matrix called `name`, or NULL. */
const Matrix *mlist_find(const MatrixList *list, const char *name);

/* mlist_free: free every matrix and the list itself; it becomes empty. */
void mlist_free(MatrixList *list);

#endif
