/* options.h - the options of the `attention` and `layer` statements and
 * of a model directory's config.json, as options.def lists them: one row
 * per option, read by the parser, the statement reader, the config
 * reader, the help and a documentation test, so that no list of option
 * words is kept anywhere else.
 */
#ifndef ATTNSTEP_OPTIONS_H
#define ATTNSTEP_OPTIONS_H

#include <stdbool.h>

#include "attention/pipeline.h"
#include "util/msg.h"

/* What an option's value is: an integer in [lo, hi], a finite number
 * above lo, one of the option's words, a matrix's name, or (config.json
 * only) true/false for the second/first of its words. */
typedef enum { OPTK_INT, OPTK_NUMBER, OPTK_WORD, OPTK_NAME, OPTK_BOOL } OptionKind;

/* Which statements take an option: every one, `layer encoder|decoder`,
 * or only `layer decoder`. */
typedef enum { OPTW_ATTENTION, OPTW_LAYER, OPTW_DECODER } OptionWhere;

/* What an option needs beside it: nothing, or `positions rope`. */
typedef enum { OPTN_NONE, OPTN_ROPE } OptionNeeds;

typedef enum {
#define OPTION(ID, ...) OPT_##ID,
#include "attention/options.def"
#undef OPTION
    OPT_COUNT
} OptionId;

/* One row of options.def (its columns are described there). */
typedef struct OptionDef {
    const char *word, *key;
    OptionKind kind, key_kind;
    const char *const *words; /* NULL-terminated, or NULL */
    double lo, hi;
    OptionWhere where;
    OptionNeeds needs;
    MsgId what;
    const char *value, *default_text, *help_en, *help_zh;
} OptionDef;

extern const OptionDef attn_options[OPT_COUNT];

/* attn_option_words: every option's lesson word, NULL-terminated (for a
 * "did you mean"). */
extern const char *const attn_option_words[OPT_COUNT + 1];

/* attn_option_by_word, attn_option_by_key: the option of that lesson
 * word / config.json key, or -1. */
int attn_option_by_word(const char *word);
int attn_option_by_key(const char *key);

/* attn_option_takes: whether a statement of this kind (LAYER_ATTENTION
 * for `attention`) takes the option. */
bool attn_option_takes(OptionId id, LayerKind layer);

/* attn_option_word_index: the index of `word` among the option's words
 * (its field's value), or -1. */
int attn_option_word_index(OptionId id, const char *word);

/* attn_option_set, attn_option_get: the option's field of cfg (a word
 * option's field is its word's index); get returns 0 for a matrix. */
void attn_option_set(AttnConfig *cfg, OptionId id, double v);
double attn_option_get(const AttnConfig *cfg, OptionId id);

/* attn_option_text: "word value" as a statement writes the option with
 * cfg's value ("heads 2", "mask causal"), in out (size bytes); "" for a
 * matrix. Returns out. */
char *attn_option_text(const AttnConfig *cfg, OptionId id, char *out, size_t size);

/* attn_option_syntax: how the help writes the option: "heads N",
 * "mask none|causal"; in out (size bytes), returned. */
char *attn_option_syntax(OptionId id, char *out, size_t size);

#endif
