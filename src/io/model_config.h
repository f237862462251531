/* model_config.h - config.json of a model directory; internal to io/
 * (model_dir.c reads the weights, model_config.c the configuration).
 *
 * The keys and what each one means are listed in model_dir.h.
 */
#ifndef ATTNSTEP_MODEL_CONFIG_H
#define ATTNSTEP_MODEL_CONFIG_H

#include "io/model_dir.h"

/* mconfig_load: read dir/config.json into model->cfg (and model->tokens
 * when it has "tokens", which *have_tokens then says). Every message
 * names the file, and a JSON syntax error its line:col, the line and a
 * caret. On failure model->tokens may hold labels already read: the
 * caller frees the model (model_free). */
bool mconfig_load(const char *dir, Model *model, bool *have_tokens, Error *err);

/* mconfig_near_miss: `found` is the same name as `known` up to case, '_'
 * and '-' (left out of both), or one typo away ("head" for "heads", "wq"
 * for "Wq", "gama_ff" for "gamma_ff"); a typo counts only for names of
 * three letters or more ("X" is not a misspelt "E"). */
bool mconfig_near_miss(const char *found, const char *known);

#endif
