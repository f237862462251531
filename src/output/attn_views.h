/* attn_views.h - attention as a learner pictures it, in plain text:
 *
 *   the token view: each query token with its weights to every key as
 *   bars (BertViz's line view, in a terminal);
 *   all heads at a glance: one small heatmap of shades per head.
 *
 * `attnstep trace LESSON --view tokens|heads` prints these, and the UI's
 * views (key v) draw the same lines, so tests compare the text. */
#ifndef ATTNSTEP_ATTN_VIEWS_H
#define ATTNSTEP_ATTN_VIEWS_H

#include <stdio.h>

#include "record/lesson.h"

#define VIEWS_MAX_HEADS 64
#define VIEWS_GRID_MAX 16 /* tokens shown per side of a head's heatmap */

/* The attention weights of one softmax step: A_h for every head (named
 * apart from the pipeline's AttnWeights, the model's weights, so that a
 * file may include both headers). */
typedef struct HeadWeights {
    const Record *rec;                       /* the softmax record */
    const Matrix *a[VIEWS_MAX_HEADS];        /* A_h, by head */
    const char *name[VIEWS_MAX_HEADS];       /* its name ("A_h0") */
    int heads;
    const char *const *labels;               /* token labels, or NULL */
    bool zh;                                 /* the lesson's words are Chinese */
} HeadWeights;

/* views_weights: the softmax step nearest to record `at` (the last at or
 * before it, else the first after it). False when the lesson has none. */
bool views_weights(const Lesson *lesson, int at, HeadWeights *w);

/* views_tokens: the token view of head `head` (every query, or only the
 * queries from `first` on, `max` of them; max <= 0: all), bars `bar`
 * columns long. */
void views_tokens(FILE *out, const HeadWeights *w, int head, int first, int max, int bar);

/* views_heads: every head's heatmap, as many side by side as fit in
 * `width` columns, with a legend of the shades. */
void views_heads(FILE *out, const HeadWeights *w, int width);

/* views_shade: the shade the heads view draws weight v with (· below
 * 0.05, then ░ ▒ ▓ █). */
const char *views_shade(float v);

/* views_print: for `trace --view`: every softmax step of the lesson in the
 * view asked ("tokens" or "heads"). Returns false for another name. */
bool views_print(FILE *out, const Lesson *lesson, const char *view);

#endif
