/* bench_ui.h - how fast the UI answers on a real model's size: a model
 * directory of 512 tokens, d_model 768 and 12 heads is generated, opened
 * and drawn into an off-screen terminal; the first frame and the median
 * key-to-redraw time of stepping and of cursor moves are reported. */
#ifndef ATTNSTEP_BENCH_UI_H
#define ATTNSTEP_BENCH_UI_H

#include <stdio.h>

/* bench_ui_run: generate the model under $TMPDIR, measure, print to out,
 * remove the model. Returns 0, or 1 when something could not be set up. */
int bench_ui_run(FILE *out);

#endif
