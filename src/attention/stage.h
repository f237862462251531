/* stage.h - the stages of multi-head self-attention (design §2), listed
 * once. Everything that is per stage (the pipeline's order, the names of
 * a stage's results and operands, the words for it in trace headers and
 * the UI) is read from ATTN_STAGES; docs/architecture.md has the recipe
 * for adding a stage.
 *
 * Columns: X(ID, name, Chinese name, outputs, inputs)
 *   outputs, inputs: the canonical names, space-separated; "_h" names are
 *   per head (S_h is S_h0, S_h1, ...). Inputs in [brackets] are optional
 *   (a bias, a positional table, the mask's masked scores).
 */
#ifndef ATTNSTEP_STAGE_H
#define ATTNSTEP_STAGE_H

#include <stdbool.h>

#define ATTN_STAGES(X)                                                                 \
    X(EMBED, "embeddings", "词嵌入", "[P] X", "E [P]")                                   \
    X(PROJECT, "projection", "投影", "Q K V", "X W_Q W_K W_V [b_Q] [b_K] [b_V]")         \
    X(SPLIT, "head split", "拆分头", "Q_h K_h V_h", "Q K V")                              \
    X(SCORES, "scores", "分数", "S_h", "Q_h K_h")                                       \
    X(SCALE, "scaling", "缩放", "T_h", "S_h")                                           \
    X(MASK, "mask", "掩码", "M_h", "T_h")                                               \
    X(SOFTMAX, "softmax", "softmax", "A_h", "T_h|M_h")                                 \
    X(WEIGHTED, "weighted sum", "加权求和", "Z_h", "A_h V_h")                            \
    X(CONCAT, "concat", "拼接", "Z", "Z_h")                                             \
    X(OUTPUT, "output projection", "输出投影", "O", "Z W_O [b_O]")                        \
    X(RESIDUAL, "residual", "残差", "R", "X O")                                         \
    X(LAYERNORM, "layer norm", "层归一化", "Y", "R [gamma] [beta]")

/* STAGE_NONE is a statement the learner wrote, outside `attention`. */
typedef enum {
    STAGE_NONE,
#define ATTN_STAGE_ENUM(id, name, zh, outputs, inputs) STAGE_##id,
    ATTN_STAGES(ATTN_STAGE_ENUM)
#undef ATTN_STAGE_ENUM
    STAGE_COUNT
} Stage;

/* stage_name: "scores", "softmax", ... (English, for trace headers);
 * "statement" for STAGE_NONE. stage_name_zh: the same in Chinese. */
const char *stage_name(Stage stage);
const char *stage_name_zh(Stage stage);

/* stage_outputs / stage_inputs: the columns above ("S_h", "Q_h K_h"). */
const char *stage_outputs(Stage stage);
const char *stage_inputs(Stage stage);

/* The weights of one layer, listed once: X(field, lesson name, file name,
 * optional). The lesson writes W_Q (or the file's name, Wq); a model
 * directory has Wq.npy. */
#define ATTN_WEIGHTS(X)                  \
    X(E, "E", "E", false)                \
    X(Wq, "W_Q", "Wq", false)            \
    X(Wk, "W_K", "Wk", false)            \
    X(Wv, "W_V", "Wv", false)            \
    X(Wo, "W_O", "Wo", false)            \
    X(bq, "b_Q", "bq", true)             \
    X(bk, "b_K", "bk", true)             \
    X(bv, "b_V", "bv", true)             \
    X(bo, "b_O", "bo", true)             \
    X(gamma, "gamma", "gamma", true)     \
    X(beta, "beta", "beta", true)

typedef enum {
#define ATTN_WEIGHT_ENUM(field, lesson, file, optional) WEIGHT_##field,
    ATTN_WEIGHTS(ATTN_WEIGHT_ENUM)
#undef ATTN_WEIGHT_ENUM
    WEIGHT_COUNT
} WeightId;

/* The names of weight `id`: as a lesson writes it (W_Q) and as a model
 * directory's file is called (Wq, without .npy); whether it may be left out. */
typedef struct WeightName {
    const char *lesson, *file;
    bool optional;
} WeightName;
extern const WeightName attn_weight_names[WEIGHT_COUNT];

#endif
