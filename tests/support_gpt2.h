/* support_gpt2.h - opening a GPT-2 checkpoint from a test, for the
 * tests that open one. */
#ifndef ATTNSTEP_SUPPORT_GPT2_H
#define ATTNSTEP_SUPPORT_GPT2_H

#include "lang/loader.h"

/* support_open_gpt2: the checkpoint in `dir` on `text`, recording layer
 * `layer`, at temperature 1; false with err filled when it fails. */
bool support_open_gpt2(const char *dir, const char *text, int layer, LoadedLesson *ll, Error *err);

#endif
