/* options.c - the table of options.def, and looking options up in it. */
#include "attention/options.h"

#include <stdio.h>
#include <string.h>

#define WORDS(...) ((const char *const[]){__VA_ARGS__, NULL})
#define NOWORDS NULL

const OptionDef attn_options[OPT_COUNT] = {
#define OPTION(ID, word, key, kind, key_kind, words, lo, hi, field, where, needs, what, value, def, en, zh) \
    [OPT_##ID] = {word, key, kind, key_kind, words, lo, hi, where, needs, what, value, def, en, zh},
#include "attention/options.def"
#undef OPTION
};

const char *const attn_option_words[OPT_COUNT + 1] = {
#define OPTION(ID, word, ...) [OPT_##ID] = word,
#include "attention/options.def"
#undef OPTION
    [OPT_COUNT] = NULL,
};

int attn_option_by_word(const char *word) {
    for (int k = 0; k < OPT_COUNT; k++)
        if (strcmp(word, attn_options[k].word) == 0)
            return k;
    return -1;
}

int attn_option_by_key(const char *key) {
    for (int k = 0; k < OPT_COUNT; k++)
        if (attn_options[k].key && strcmp(key, attn_options[k].key) == 0)
            return k;
    return -1;
}

bool attn_option_takes(OptionId id, LayerKind layer) {
    OptionWhere w = attn_options[id].where;
    return w == OPTW_ATTENTION || (w == OPTW_LAYER && layer != LAYER_ATTENTION) ||
           (w == OPTW_DECODER && layer == LAYER_DECODER);
}

int attn_option_word_index(OptionId id, const char *word) {
    const char *const *words = attn_options[id].words;
    for (int k = 0; words && words[k]; k++)
        if (strcmp(word, words[k]) == 0)
            return k;
    return -1;
}

/* a value into its field: an enum or bool takes the word's index, a float
 * the number, an int the integer (the reader checked its range) */
void attn_option_set(AttnConfig *cfg, OptionId id, double v) {
    switch (id) {
#define FIELD(f) cfg->f = v
#define NOFIELD (void)v
#define OPTION(ID, word, key, kind, key_kind, words, lo, hi, field, ...) \
    case OPT_##ID:                                                       \
        field;                                                           \
        break;
#include "attention/options.def"
#undef OPTION
#undef FIELD
#undef NOFIELD
    case OPT_COUNT:
        break;
    }
}

double attn_option_get(const AttnConfig *cfg, OptionId id) {
    switch (id) {
#define FIELD(f) return (double)cfg->f
#define NOFIELD return 0
#define OPTION(ID, word, key, kind, key_kind, words, lo, hi, field, ...) \
    case OPT_##ID:                                                       \
        field;
#include "attention/options.def"
#undef OPTION
#undef FIELD
#undef NOFIELD
    case OPT_COUNT:
        break;
    }
    return 0;
}

char *attn_option_text(const AttnConfig *cfg, OptionId id, char *out, size_t size) {
    const OptionDef *o = &attn_options[id];
    double v = attn_option_get(cfg, id);
    if (o->kind == OPTK_NAME)
        snprintf(out, size, "%s", "");
    else if (o->kind == OPTK_WORD)
        snprintf(out, size, "%s %s", o->word, o->words[(int)v]);
    else if (o->kind == OPTK_INT)
        snprintf(out, size, "%s %d", o->word, (int)v);
    else
        snprintf(out, size, "%s %.9g", o->word, v);
    return out;
}

char *attn_option_syntax(OptionId id, char *out, size_t size) {
    const OptionDef *o = &attn_options[id];
    size_t n = (size_t)snprintf(out, size, "%s", o->word);
    for (int k = 0; o->words && o->words[k] && n < size; k++)
        n += (size_t)snprintf(out + n, size - n, "%s%s", k ? "|" : " ", o->words[k]);
    if (o->value[0] && n < size)
        snprintf(out + n, size - n, " %s", o->value);
    return out;
}
