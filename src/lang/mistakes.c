/* mistakes.c - what each usual mistake is called, in words a learner
 * reads when a check fails ("It matches layer norm with the sample
 * variance ..."), shared by `expect` and the quiz. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/interp_internal.h"

typedef struct MistakeText {
    Mistake mistake;
    const char *en, *zh;
} MistakeText;

static const MistakeText mistake_texts[] = {
    {MISTAKE_LN_SAMPLE,
     "It matches layer norm with the sample variance, dividing by n − 1%s. Layer norm divides by n "
     "(the population variance), as torch.nn.LayerNorm does%s.",
     "它与用样本方差（除以 n − 1%s）的层归一化一致。层归一化除以 n（总体方差），与 "
     "torch.nn.LayerNorm 相同%s。"},
    {MISTAKE_LN_POPULATION,
     "It matches layer norm with the population variance, dividing by n%s; this lesson's convention "
     "divides by n − 1%s.",
     "它与用总体方差（除以 n%s）的层归一化一致；本课的约定是除以 n − 1%s。"},
    {MISTAKE_LN_EPS_OUTSIDE,
     "It matches ε added to the standard deviation, (x − μ) / (σ + ε), instead of to the variance, "
     "(x − μ) / √(σ² + ε).%s%s",
     "它与把 ε 加在标准差上 (x − μ) / (σ + ε) 一致，而不是加在方差上 (x − μ) / √(σ² + ε)。%s%s"},
    {MISTAKE_LN_EPS_INSIDE,
     "It matches ε added to the variance, √(σ² + ε), instead of to the standard deviation.%s%s",
     "它与把 ε 加在方差上 √(σ² + ε) 一致，而不是加在标准差上。%s%s"},
    {MISTAKE_LN_NO_EPS, "It matches layer norm without ε.%s%s", "它与不加 ε 的层归一化一致。%s%s"},
    {MISTAKE_NO_SCALE,
     "It matches the scores without the division by √d_k: the scaling step was left out.%s%s",
     "它与没有除以 √d_k 的分数一致：漏掉了缩放这一步。%s%s"},
    {MISTAKE_SCALE_DMODEL,
     "It matches dividing by √d_model instead of √d_k: each head divides by the square root of its "
     "own size, d_k = d_model / heads.%s%s",
     "它与除以 √d_model 一致，而不是 √d_k：每个头除以自己维度的平方根，d_k = d_model / 头数。%s%s"},
    {MISTAKE_SOFTMAX_COLUMNS,
     "It matches a softmax down the columns; attention's softmax runs along each row, over the keys "
     "of one query.%s%s",
     "它与按列做 softmax 一致；注意力的 softmax 按行进行，即对同一个查询的所有键归一化。%s%s"},
    {MISTAKE_SOFTMAX_ALL,
     "It matches one softmax over the whole matrix; attention normalises each row on its own, so "
     "every row sums to 1.%s%s",
     "它与对整个矩阵做一次 softmax 一致；注意力对每一行分别归一化，所以每一行的和都是 1。%s%s"},
    {MISTAKE_NO_MASK,
     "It matches attention without the causal mask; with the mask a token cannot attend to later "
     "tokens.%s%s",
     "它与没有因果掩码的注意力一致；加了掩码后，一个词元不能关注它后面的词元。%s%s"},
};

/* the standard deviation of the first row of a layer norm's input under
 * both conventions, for the variance explanations */
static void sigma_note(const Record *rec, bool zh, char *sample, char *population, size_t size) {
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
    snprintf(sample, size, zh ? "，σ = %.4g" : ": σ = %.4g", sqrt(sq / (x->cols - 1)));
    snprintf(population, size, zh ? "，σ = %.4g" : ", giving σ = %.4g", sqrt(sq / x->cols));
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
    bool zh = lesson_language_is_zh(language);
    /* var() and std() on their own: the same conventions, without layer norm */
    if (traced && (traced->op == OPX_VAR || traced->op == OPX_STD) &&
        (mistake == MISTAKE_LN_SAMPLE || mistake == MISTAKE_LN_POPULATION)) {
        bool sample = mistake == MISTAKE_LN_SAMPLE;
        if (zh)
            return strdup(sample ? "它与样本方差（除以 n − 1）一致；这里的约定是除以 n（总体方差）。"
                                 : "它与总体方差（除以 n）一致；这里的约定是除以 n − 1（样本方差）。");
        return strdup(sample ? "It matches the sample variance, dividing by n − 1; the convention here divides by n "
                               "(the population variance)."
                             : "It matches the population variance, dividing by n; the convention here divides by "
                               "n − 1 (the sample variance).");
    }
    for (size_t k = 0; k < sizeof mistake_texts / sizeof mistake_texts[0]; k++) {
        const MistakeText *mt = &mistake_texts[k];
        if (mt->mistake != mistake)
            continue;
        char a[64] = "", b[64] = "";
        if (mistake == MISTAKE_LN_SAMPLE || mistake == MISTAKE_LN_POPULATION)
            sigma_note(traced, zh, a, b, sizeof a);
        /* for the population mistake the two notes swap roles */
        bool swap = mistake == MISTAKE_LN_POPULATION;
        return fill(zh ? mt->zh : mt->en, swap ? b : a, swap ? a : b);
    }
    return NULL;
}
