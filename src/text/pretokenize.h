/* pretokenize.h - GPT-2's pre-tokenizing pattern: how text is cut into
 * pieces before byte-pair merging, which never crosses a piece boundary.
 *
 * The pattern, as GPT-2 writes it:
 *
 *     's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
 *
 * tried at each position, first matching alternative wins: an English
 * contraction suffix; else an optional space and a run of letters, or of
 * numbers, or of other characters (punctuation, symbols, emoji); else a
 * run of white space, less its last character when a non-space follows
 * (so that the space joins the next word, as in " world").
 */
#ifndef ATTNSTEP_PRETOKENIZE_H
#define ATTNSTEP_PRETOKENIZE_H

#include <stddef.h>

/* pretok_next: the length in bytes (at least 1) of the piece of `text`
 * (`len` bytes of valid UTF-8) that starts at byte `pos` < len. */
size_t pretok_next(const char *text, size_t len, size_t pos);

#endif
