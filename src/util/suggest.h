/* suggest.h - "did you mean ...?" for misspelt names. */
#ifndef ATTNSTEP_SUGGEST_H
#define ATTNSTEP_SUGGEST_H

/* suggest_closest: the candidate (NULL-terminated list) nearest to `word`
 * by edit distance, if it is near enough to be a likely typo (distance at
 * most 1 for short words, 2 for longer ones, ignoring case); else NULL. */
const char *suggest_closest(const char *word, const char *const *candidates);

#endif
