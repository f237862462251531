/* src_pos.h - where a record comes from: a position in the text the
 * source pane shows (a lesson's source, or the description of a model).
 * Records carry it; the lesson language's diagnostics use it too. */
#ifndef ATTNSTEP_SRC_POS_H
#define ATTNSTEP_SRC_POS_H

#include <stddef.h>

typedef struct SrcPos {
    int line, col;   /* 1-based; line 0 means "no position" */
    size_t offset;   /* byte offset of the position in the text */
} SrcPos;

#endif
