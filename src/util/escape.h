/* escape.h - text from an input file written so that a terminal shows it
 * and does not act on it.
 *
 * A file's tensor names, tokens, keys and lines reach messages and traces;
 * an ESC in one (ESC c resets the terminal), a carriage return or a
 * bidirectional override (U+202E turns the rest of the line around) would
 * be obeyed, not shown. Every such character is written out instead:
 * C0 controls and DEL as \xNN (a newline, carriage return and tab as \n,
 * \r and \t),
 * C1 controls and the bidirectional controls as \uNNNN, a byte that is not
 * UTF-8 as \xNN. Everything else is kept, so Chinese and emoji read as they
 * are.
 */
#ifndef ATTNSTEP_ESCAPE_H
#define ATTNSTEP_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>

/* esc_hidden: the code point is one esc_text writes out (a control, a
 * bidirectional control: U+061C, U+200E, U+200F, U+202A-U+202E,
 * U+2066-U+2069). */
bool esc_hidden(unsigned cp);

/* esc_needed: some byte of the n bytes at s is written out by esc_text
 * (with the same keep_layout). */
bool esc_needed(const char *s, size_t n, bool keep_layout);

/* esc_text: the n bytes at s into out (cap bytes, always NUL-terminated
 * when cap > 0, cut before a character or an escape that does not fit),
 * every hidden character and invalid byte written out as above; with
 * keep_layout a '\n' stays a line break and a '\t' a tab (for a whole
 * message, whose formats hold their own, or a line of a lesson). Returns
 * the bytes written. */
size_t esc_text(const char *s, size_t n, char *out, size_t cap, bool keep_layout);

#endif
