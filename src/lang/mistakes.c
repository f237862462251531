/* mistakes.c - what each usual mistake is called, in words a learner
 * reads when a check fails ("It matches layer norm with the sample
 * variance ..."), shared by `expect` and the quiz. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/interp_internal.h"

/* the explanation of each mistake: a template with two %s, for the notes
 * of sigma_note (empty for the other mistakes) */
static const struct {
    Mistake mistake;
    MsgId text;
} mistake_texts[] = {
    {MISTAKE_LN_SAMPLE, MSG_MISTAKE_LN_SAMPLE},         {MISTAKE_LN_POPULATION, MSG_MISTAKE_LN_POPULATION},
    {MISTAKE_LN_EPS_OUTSIDE, MSG_MISTAKE_LN_EPS_OUTSIDE}, {MISTAKE_LN_EPS_INSIDE, MSG_MISTAKE_LN_EPS_INSIDE},
    {MISTAKE_LN_NO_EPS, MSG_MISTAKE_LN_NO_EPS},         {MISTAKE_NO_SCALE, MSG_MISTAKE_NO_SCALE},
    {MISTAKE_SCALE_DMODEL, MSG_MISTAKE_SCALE_DMODEL},   {MISTAKE_SOFTMAX_COLUMNS, MSG_MISTAKE_SOFTMAX_COLUMNS},
    {MISTAKE_SOFTMAX_ALL, MSG_MISTAKE_SOFTMAX_ALL},     {MISTAKE_NO_MASK, MSG_MISTAKE_NO_MASK},
};

/* the standard deviation of the first row of a layer norm's input under
 * both conventions, for the variance explanations */
static void sigma_note(const Record *rec, MsgLang lang, char *sample, char *population, size_t size) {
    sample[0] = population[0] = '\0';
    if (!rec || rec->op != OPX_LAYERNORM || rec->ninputs < 1 || rec->inputs[0].m.cols < 2)
        return;
    const Matrix *x = &rec->inputs[0].m;
    double sum = 0, sq = 0;
    for (int j = 0; j < x->cols; j++)
        sum += (double)mat_get(x, 0, j);
    double mean = sum / x->cols;
    for (int j = 0; j < x->cols; j++)
        sq += ((double)mat_get(x, 0, j) - mean) * ((double)mat_get(x, 0, j) - mean);
    msg_format(sample, size, lang, MSG_MISTAKE_SIGMA_SAMPLE, sqrt(sq / (x->cols - 1)));
    msg_format(population, size, lang, MSG_MISTAKE_SIGMA_POPULATION, sqrt(sq / x->cols));
}

/* fill: the template with its two %s replaced by a and b */
static char *fill(const char *template, const char *a, const char *b) {
    char out[1024];
    size_t n = 0;
    const char *args[2] = {a, b};
    int used = 0;
    for (const char *t = template; *t && n < sizeof out - 1; t++) {
        if (t[0] == '%' && t[1] == 's' && used < 2) {
            for (const char *v = args[used++]; *v && n < sizeof out - 1; v++)
                out[n++] = *v;
            t++;
        } else {
            out[n++] = *t;
        }
    }
    out[n] = '\0';
    return strdup(out);
}


char *mistake_explain(Mistake mistake, const char *language, const Record *traced) {
    MsgLang lang = msg_lang(language);
    /* var() and std() on their own: the same conventions, without layer norm */
    if (traced && (traced->op == OPX_VAR || traced->op == OPX_STD) &&
        (mistake == MISTAKE_LN_SAMPLE || mistake == MISTAKE_LN_POPULATION))
        return strdup(msg_text(lang, mistake == MISTAKE_LN_SAMPLE ? MSG_MISTAKE_VAR_SAMPLE : MSG_MISTAKE_VAR_POPULATION));
    for (size_t k = 0; k < sizeof mistake_texts / sizeof mistake_texts[0]; k++) {
        if (mistake_texts[k].mistake != mistake)
            continue;
        char a[64] = "", b[64] = "";
        if (mistake == MISTAKE_LN_SAMPLE || mistake == MISTAKE_LN_POPULATION)
            sigma_note(traced, lang, a, b, sizeof a);
        /* for the population mistake the two notes swap roles */
        bool swap = mistake == MISTAKE_LN_POPULATION;
        return fill(msg_text(lang, mistake_texts[k].text), swap ? b : a, swap ? a : b);
    }
    return NULL;
}
