/* stage_text.c - the texts and operation columns of stages.def. */
#include "record/stage_text.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "util/msg.h"

typedef struct Texts {
    const char *title, *formula, *narrative;
} Texts;

/* the texts columns of stages.def */
static const Texts english[STAGE_COUNT] = {
#define STAGE(ID, name, zh, outputs, inputs, op, explain, en_title, en_formula, en_narrative, ...) \
    [STAGE_##ID] = {en_title, en_formula, en_narrative},
#include "attention/stages.def"
#undef STAGE
};

static const Texts chinese[STAGE_COUNT] = {
#define STAGE(ID, name, zh, outputs, inputs, op, explain, en_title, en_formula, en_narrative, zh_title, zh_formula, \
              zh_narrative, ...)                                                                                 \
    [STAGE_##ID] = {zh_title, zh_formula, zh_narrative},
#include "attention/stages.def"
#undef STAGE
};

/* the op column */
static const OpKind ops[STAGE_COUNT] = {
    [STAGE_NONE] = OPX_VALUE,
#define STAGE(ID, name, zh, outputs, inputs, op, ...) [STAGE_##ID] = op,
#include "attention/stages.def"
#undef STAGE
};

OpKind stage_op(Stage stage) { return stage > STAGE_NONE && stage < STAGE_COUNT ? ops[stage] : OPX_VALUE; }

/* the axes column */
static const char *const axes[STAGE_COUNT] = {
    [STAGE_NONE] = "",
#define STAGE(ID, name, zh, outputs, inputs, op, explain, en_title, en_formula, en_narrative, zh_title, zh_formula, \
              zh_narrative, axes, ...)                                                                           \
    [STAGE_##ID] = axes,
#include "attention/stages.def"
#undef STAGE
};

const char *stage_axes(Stage stage) { return stage > STAGE_NONE && stage < STAGE_COUNT ? axes[stage] : ""; }

/* put: append n bytes of text to out, as far as it has room (one byte
 * stays for the final '\0') */
static void put(const char *text, size_t n, char **out, size_t *left) {
    if (n >= *left)
        n = *left > 0 ? *left - 1 : 0;
    memcpy(*out, text, n);
    *out += n, *left -= n;
}

/* choice_end: for "{one:A|B}" starting at t (before end), the '|' and the
 * closing '}' at its own level (A and B may hold placeholders); false when
 * it is not closed */
static bool choice_end(const char *t, const char *end, const char **bar, const char **close) {
    int depth = 0;
    *bar = NULL;
    for (const char *p = t; p < end; p++) {
        if (*p == '{')
            depth++;
        else if (*p == '}' && --depth == 0) {
            *close = p;
            return *bar != NULL;
        } else if (*p == '|' && depth == 1 && !*bar)
            *bar = p;
    }
    return false;
}

/* the keys of "{key:A|B}" and the StageNumbers.has bit each tests */
static const struct {
    const char *key;
    unsigned bit;
} choices[] = {
    {"b_Q", SN_B_Q}, {"b_K", SN_B_K}, {"b_V", SN_B_V}, {"b_O", SN_B_O}, {"b_1", SN_B_1},
    {"b_2", SN_B_2}, {"masked", SN_MASKED}, {"gqa", SN_GQA}, {"pos", SN_POS},
};

/* choice_key: whether t (before end) opens "{key:" of a choice: *len the
 * length of "{key:" (0 when it is none), and whether A is chosen */
static bool choice_key(const char *t, const char *end, const StageNumbers *num, size_t *len) {
    *len = 0;
    if (end - t > 5 && strncmp(t, "{one:", 5) == 0) {
        *len = 5;
        return num->heads == 1;
    }
    for (size_t k = 0; k < sizeof choices / sizeof choices[0]; k++) {
        size_t n = strlen(choices[k].key);
        if ((size_t)(end - t) > n + 2 && t[0] == '{' && strncmp(t + 1, choices[k].key, n) == 0 && t[n + 1] == ':') {
            *len = n + 2;
            return (num->has & choices[k].bit) != 0;
        }
    }
    return false;
}

/* expand_range: copy template [t, end) to out, replacing {key}
 * placeholders; "{one:A|B}" is A expanded with one head, B with more;
 * "{b_Q:A|B}" (choices[]) A when the bit is set, else B */
static void expand_range(const char *t, const char *end, const StageNumbers *num, char **out, size_t *left) {
    while (t < end && *left > 1) {
        const char *bar, *close = NULL;
        size_t key = 0;
        bool yes = choice_key(t, end, num, &key);
        if (key && choice_end(t, end, &bar, &close)) {
            if (yes)
                expand_range(t + key, bar, num, out, left);
            else
                expand_range(bar + 1, close, num, out, left);
            t = close + 1;
            continue;
        }
        char piece[2048] = "";
        close = *t == '{' ? memchr(t, '}', (size_t)(end - t)) : NULL;
        if (close) {
            size_t k = (size_t)(close - t - 1);
            if (k == 1 && t[1] == 'n')
                snprintf(piece, sizeof piece, "%d", num->n);
            else if (k == 1 && t[1] == 'd')
                snprintf(piece, sizeof piece, "%d", num->d);
            else if (k == 1 && t[1] == 'h')
                snprintf(piece, sizeof piece, "%d", num->heads);
            else if (k == 2 && strncmp(t + 1, "dk", 2) == 0)
                snprintf(piece, sizeof piece, "%d", num->d_k);
            else if (k == 6 && strncmp(t + 1, "sqrtdk", 6) == 0)
                snprintf(piece, sizeof piece, "%.4g", sqrt((double)num->d_k));
            else if (k == 3 && strncmp(t + 1, "eps", 3) == 0)
                snprintf(piece, sizeof piece, "%g", (double)num->eps);
            else if (k == 1 && t[1] == 's')
                snprintf(piece, sizeof piece, "%s", num->heads == 1 ? "" : "s");
            else if (k == 5 && strncmp(t + 1, "group", 5) == 0)
                snprintf(piece, sizeof piece, "%d", num->group);
            else if (k == 2 && strncmp(t + 1, "ff", 2) == 0)
                snprintf(piece, sizeof piece, "%d", num->ff);
            else if (k == 3 && strncmp(t + 1, "act", 3) == 0)
                snprintf(piece, sizeof piece, "%s", num->act ? num->act : "relu");
            else if (k == 4 && strncmp(t + 1, "mask", 4) == 0)
                snprintf(piece, sizeof piece, "%s", num->mask ? num->mask : "−∞");
            else if (k == 4 && strncmp(t + 1, "base", 4) == 0)
                snprintf(piece, sizeof piece, "%g", (double)num->rope_base);
            else if (k == 5 && strncmp(t + 1, "pairs", 5) == 0)
                snprintf(piece, sizeof piece, "%s", num->pairs ? num->pairs : "");
            else if (k == 6 && strncmp(t + 1, "kvnote", 6) == 0)
                snprintf(piece, sizeof piece, "%s", num->kv_note ? num->kv_note : "");
            else if (k == 7 && strncmp(t + 1, "posnote", 7) == 0)
                snprintf(piece, sizeof piece, "%s", num->pos_note ? num->pos_note : "");
            else if (k == 1 && t[1] == 'y')
                snprintf(piece, sizeof piece, "%s", num->y ? num->y : "Y_final");
            else if (k == 5 && strncmp(t + 1, "vocab", 5) == 0)
                snprintf(piece, sizeof piece, "%d", num->vocab);
            else if (k == 11 && strncmp(t + 1, "temperature", 11) == 0)
                snprintf(piece, sizeof piece, "%g", (double)num->temperature);
            else if (k == 3 && strncmp(t + 1, "top", 3) == 0)
                snprintf(piece, sizeof piece, "%s", num->top ? num->top : "");
            else
                close = NULL;
        }
        if (close) {
            put(piece, strlen(piece), out, left);
            t = close + 1;
        } else {
            put(t++, 1, out, left);
        }
    }
}

/* expand: template expanded into out, '\0'-terminated; returns its start */
static const char *expand(const char *template, const StageNumbers *num, char **out, size_t *left) {
    if (*left == 0)
        return "";
    char *start = *out;
    expand_range(template, template + strlen(template), num, out, left);
    **out = '\0';
    (*out)++, (*left)--;
    return start;
}

StageText stage_text(Stage stage, const char *language, const StageNumbers *num, char *buf, size_t size) {
    const Texts *table = lesson_language_is_zh(language) ? chinese : english;
    const Texts *t = stage < STAGE_COUNT ? &table[stage] : &table[STAGE_NONE];
    StageText out = {0};
    if (!t->title || size < 4)
        return out;
    StageNumbers with = *num; /* the sinusoidal table's sentence unless told otherwise */
    if (!with.pos_note)
        with.pos_note = msg_text(lesson_language_is_zh(language) ? MSG_ZH : MSG_EN, MSG_EMBED_POS_TABLE);
    num = &with;
    char *p = buf;
    size_t left = size;
    out.title = expand(t->title, num, &p, &left);
    out.formula = expand(t->formula, num, &p, &left);
    out.narrative = expand(t->narrative, num, &p, &left);
    return out;
}
