#include "lang/stage_text.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

typedef struct Texts {
    const char *title, *formula, *narrative;
} Texts;

static const Texts english[STAGE_COUNT] = {
    [STAGE_EMBED] = {"Embeddings", "X = E + P",
                     "Each of the {n} tokens is a row of d_model = {d} numbers: its embedding E. "
                     "Attention itself ignores order, so position is added in: with sinusoidal "
                     "positions P[pos][2i] = sin(pos / 10000^(2i/d)) and P[pos][2i+1] = cos(...); "
                     "without them X is just E."},
    [STAGE_PROJECT] = {"Queries, keys and values", "Q = X·W_Q   K = X·W_K   V = X·W_V",
                       "Every token asks a question (its query), advertises what it contains (its "
                       "key), and carries what it will pass on (its value). All three are the same "
                       "X multiplied by three different learned matrices."},
    [STAGE_SPLIT] = {"Split into {h} head{s}", "Q_h = Q[:, h·d_k : (h+1)·d_k]   d_k = {d} / {h} = {dk}",
                     "The {d} columns are cut into {h} group{s} of d_k = {dk}. Head h works only with "
                     "its own columns of Q, K and V, so each head can attend to something different. "
                     "Every head still sees every token: heads split the features, not the sequence."},
    [STAGE_SCORES] = {"Scores", "S_h = Q_h·K_hᵀ",
                      "S[i][j] is the dot product of query i with key j: how well token i's question "
                      "fits token j's key. Rows are queries, columns are keys."},
    [STAGE_SCALE] = {"Scaling by √d_k", "T_h = S_h / √d_k = S_h / {sqrtdk}",
                     "A dot product of d_k random numbers has a variance that grows with d_k, so "
                     "large heads would give huge scores and a softmax that picks one key and "
                     "learns nothing. Dividing by √d_k (here √{dk}, the head's size, not d_model) "
                     "brings the variance back to about 1."},
    [STAGE_MASK] = {"Causal mask", "M_h[i][j] = T_h[i][j] if j ≤ i, else {mask}",
                    "A token may not look at tokens after it: the scores above the diagonal are "
                    "replaced by {mask}, so their weight after the softmax is exactly 0."},
    [STAGE_SOFTMAX] = {"Softmax", "A_h[i][j] = exp(T[i][j] − max_i) / Σ_k exp(T[i][k] − max_i)",
                       "Each row becomes weights between 0 and 1 that sum to 1: how much query i "
                       "attends to each key. The row's maximum is subtracted first; that changes "
                       "nothing mathematically and keeps exp from overflowing."},
    [STAGE_WEIGHTED] = {"Weighted sum of values", "Z_h = A_h·V_h",
                        "Each token's output is the average of all value rows, weighted by its "
                        "attention: z_i = Σ_j A[i][j]·v_j, a vector of d_k numbers."},
    [STAGE_CONCAT] = {"Concatenate the heads", "Z = [Z_0 | Z_1 | … ]",
                      "The {h} head{s}' outputs are put side by side, back to {d} columns: columns "
                      "h·d_k to (h+1)·d_k − 1 of Z come from head h. Nothing is summed."},
    [STAGE_OUTPUT] = {"Output projection", "O = Z·W_O",
                      "One more learned matrix mixes the heads' columns into the model's output."},
    [STAGE_RESIDUAL] = {"Residual connection", "R = X + O",
                        "The layer's input is added back, so the layer only has to learn a change "
                        "to X, and gradients flow straight through."},
    [STAGE_LAYERNORM] = {"Layer norm", "Y = γ ⊙ (R − μ) / √(σ² + ε) + β",
                         "Each row is centred on its mean μ and divided by its standard deviation. "
                         "σ² is the variance over all d = {d} values (divided by n, not n − 1), and "
                         "ε = {eps} keeps the division safe for a constant row."},
};

static const Texts chinese[STAGE_COUNT] = {
    [STAGE_EMBED] = {"词嵌入", "X = E + P",
                     "{n} 个词元各是一行 d_model = {d} 个数：它的嵌入 E。注意力本身不考虑顺序，"
                     "所以要加上位置信息：正弦位置编码 P[pos][2i] = sin(pos / 10000^(2i/d))，"
                     "P[pos][2i+1] = cos(...)；不用位置编码时 X 就是 E。"},
    [STAGE_PROJECT] = {"查询、键和值", "Q = X·W_Q   K = X·W_K   V = X·W_V",
                       "每个词都提出一个问题（查询），标明自己包含什么（键），并携带将要传递出去的"
                       "内容（值）。三者都是同一个 X 分别乘以三个学到的矩阵。"},
    [STAGE_SPLIT] = {"拆分为 {h} 个头", "Q_h = Q[:, h·d_k : (h+1)·d_k]   d_k = {d} / {h} = {dk}",
                     "{d} 列被切成 {h} 组，每组 d_k = {dk} 列。第 h 个头只使用 Q、K、V 中属于自己的"
                     "列，因此每个头可以关注不同的东西。每个头仍然看到所有词元：拆分的是特征，不是序列。"},
    [STAGE_SCORES] = {"注意力分数", "S_h = Q_h·K_hᵀ",
                      "S[i][j] 是查询 i 与键 j 的点积：词元 i 的问题与词元 j 的键有多匹配。"
                      "行是查询，列是键。"},
    [STAGE_SCALE] = {"除以 √d_k 缩放", "T_h = S_h / √d_k = S_h / {sqrtdk}",
                     "d_k 个随机数的点积，方差随 d_k 增大；分数过大时 softmax 几乎只选一个键，梯度"
                     "消失。除以 √d_k（这里是 √{dk}，即每个头的维度，而不是 d_model）使方差回到约 1。"},
    [STAGE_MASK] = {"因果掩码", "M_h[i][j] = T_h[i][j]（j ≤ i），否则 {mask}",
                    "一个词元不能看到它后面的词元：对角线以上的分数被替换为 {mask}，"
                    "softmax 之后它们的权重正好是 0。"},
    [STAGE_SOFTMAX] = {"Softmax 归一化", "A_h[i][j] = exp(T[i][j] − max_i) / Σ_k exp(T[i][k] − max_i)",
                       "每一行变成 0 到 1 之间、和为 1 的权重：查询 i 对每个键的关注程度。"
                       "先减去该行的最大值：数学上结果不变，但能防止 exp 溢出。softmax 按行进行，"
                       "不是对整个矩阵。"},
    [STAGE_WEIGHTED] = {"对值加权求和", "Z_h = A_h·V_h",
                        "每个词元的输出是所有值向量按注意力权重的加权平均：z_i = Σ_j A[i][j]·v_j，"
                        "结果是 d_k 维的向量。"},
    [STAGE_CONCAT] = {"拼接各个头", "Z = [Z_0 | Z_1 | … ]",
                      "{h} 个头的输出并排拼接，回到 {d} 列：Z 的第 h·d_k 到 (h+1)·d_k − 1 列来自"
                      "第 h 个头。这里没有求和。"},
    [STAGE_OUTPUT] = {"输出投影", "O = Z·W_O", "再乘一个学到的矩阵，把各个头的列混合成模型的输出。"},
    [STAGE_RESIDUAL] = {"残差连接", "R = X + O",
                        "把这一层的输入加回来：这一层只需学习对 X 的修改，梯度也能直接传回去。"},
    [STAGE_LAYERNORM] = {"层归一化", "Y = γ ⊙ (R − μ) / √(σ² + ε) + β",
                         "每一行减去自己的均值 μ，再除以标准差。σ² 是全部 d = {d} 个数的方差"
                         "（除以 n，而不是 n − 1），ε = {eps} 保证常数行也能安全相除。"},
};

/* expand: copy template into out, replacing {key} placeholders */
static const char *expand(const char *template, const StageNumbers *num, char **out, size_t *left) {
    if (*left == 0)
        return "";
    char *start = *out;
    for (const char *t = template; *t && *left > 1;) {
        char piece[32] = "";
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
            else if (k == 4 && strncmp(t + 1, "mask", 4) == 0)
                snprintf(piece, sizeof piece, "%s", num->mask ? num->mask : "−∞");
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
