/* unicode_class.h - the character classes of GPT-2's pre-tokenizing
 * pattern: \p{L} (letters), \p{N} (numbers) and \s (white space).
 *
 * L and N come from tables generated from the Unicode database
 * (unicode_tables.c, made by scripts/gen_unicode_tables.py). \s is the
 * definition of the JavaScript regular expressions that the reference
 * tokenizer runs on: tab, line feed, vertical tab, form feed, carriage
 * return, space, U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F,
 * U+205F, U+3000 and U+FEFF. (GPT-2's original Python pattern, run by the
 * `regex` module, counts U+0085 as white space and U+FEFF not; those two
 * characters are the only place where the two differ.)
 */
#ifndef ATTNSTEP_UNICODE_CLASS_H
#define ATTNSTEP_UNICODE_CLASS_H

#include <stdbool.h>

typedef struct UcRange {
    unsigned lo, hi; /* both included */
} UcRange;

extern const UcRange uc_letters[], uc_numbers[];
extern const int uc_letters_count, uc_numbers_count;
extern const char uc_unicode_version[]; /* of the tables, e.g. "14.0.0" */

/* uc_is_letter, uc_is_number, uc_is_space: whether code point cp is in
 * \p{L}, \p{N}, \s. */
bool uc_is_letter(unsigned cp);
bool uc_is_number(unsigned cp);
bool uc_is_space(unsigned cp);

#endif
