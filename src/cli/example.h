/* example.h - the built-in example layer ("I love cats", d_model 4,
 * 2 heads) that `attnstep` runs when it is given nothing else. */
#ifndef ATTNSTEP_EXAMPLE_H
#define ATTNSTEP_EXAMPLE_H

#include "attention/pipeline.h"

#define EXAMPLE_TOKENS 3

extern const char *const example_tokens[EXAMPLE_TOKENS];

/* example_load: fill w and cfg with the example; free w with
 * attn_weights_free. */
bool example_load(AttnWeights *w, AttnConfig *cfg, Error *err);

#endif
