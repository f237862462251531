/* number.h - a number typed by a learner (an edited cell, a quiz answer),
 * read the way the lesson language reads it: the same syntax (0.25,
 * −1.16 with a U+2212 minus, -inf, ∞, 1/3) and the same messages. */
#ifndef ATTNSTEP_NUMBER_H
#define ATTNSTEP_NUMBER_H

#include <stdbool.h>
#include <stddef.h>

#include "util/msg.h"

/* number_read: text as one lesson-language expression giving one float32
 * value. On success *out is the value and *digits the decimals written
 * (DIGITS_NONE without a point; for tolerances). On failure false, with
 * the language's message (e.g. "1e+40 is too large for a 32-bit float
 * (at most 3.4e38)", "this character has no meaning here") in msg, in
 * `lang` (the lesson's language: a Chinese learner's answer is refused in
 * Chinese). */
bool number_read(const char *text, MsgLang lang, float *out, int *digits, char *msg, size_t size);

#endif
