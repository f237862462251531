/* stage_text.c - the texts and operation columns of stages.def. */
#include "lang/stage_text.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

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
              zh_narrative)                                                                                      \
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

/* expand: copy template into out, replacing {key} placeholders */
static const char *expand(const char *template, const StageNumbers *num, char **out, size_t *left) {
    if (*left == 0)
        return "";
    char *start = *out;
    for (const char *t = template; *t && *left > 1;) {
        char piece[512] = "";
        const char *close = *t == '{' ? strchr(t, '}') : NULL;
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
            else
                close = NULL;
        }
        if (close) {
            size_t n = strlen(piece);
            if (n >= *left)
                n = *left - 1;
            memcpy(*out, piece, n);
            *out += n, *left -= n;
            t = close + 1;
        } else {
            *(*out)++ = *t++;
            (*left)--;
        }
    }
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
    char *p = buf;
    size_t left = size;
    out.title = expand(t->title, num, &p, &left);
    out.formula = expand(t->formula, num, &p, &left);
    out.narrative = expand(t->narrative, num, &p, &left);
    return out;
}
