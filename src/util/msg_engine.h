/* msg_engine.h - messages of the engine and the attention pipeline (engine/,
 * attention/). One part of the message table: included only by
 * util/msg_table.h, with MSG defined; see there how to add a message. */

/* ---- the engine (engine/), raised through Error ------------------------------------ */
MSG(MSG_MAT_NEGATIVE, "matrix size %ldx%ld is negative", "矩阵维度 %ldx%ld 中有负数")
MSG(MSG_MAT_SIDE_LIMIT, "matrix size %ldx%ld is too large: each side is limited to %d",
    "矩阵维度 %ldx%ld 太大：行数和列数都不能超过 %d")
MSG(MSG_MAT_ELEMS_LIMIT, "matrix size %ldx%ld is too large: at most %ld elements", "矩阵维度 %ldx%ld 太大：最多 %ld 个元素")
MSG(MSG_MAT_OUT_OF_MEMORY, "out of memory for a %dx%d matrix", "内存不足，无法分配 %dx%d 的矩阵")
MSG(MSG_MLIST_NAME_LONG, "matrix name '%.20s...' is longer than %d characters", "矩阵名“%.20s...”超过了 %d 个字符")
MSG(MSG_MLIST_OUT_OF_MEMORY, "out of memory for the matrix list", "内存不足，矩阵列表无法扩充")
MSG(MSG_SIMD_UNSUPPORTED, "SIMD set '%s' is compiled in, but this CPU does not support it",
    "SIMD 内核集“%s”已编译在内，但这台机器的 CPU 不支持它")
MSG(MSG_SIMD_UNKNOWN, "unknown SIMD set '%s': this build has %s", "没有名为“%s”的 SIMD 内核集：这个版本有 %s")
MSG(MSG_THREADS_RANGE, "'%s' is not a thread count: give a whole number from 1 to %d",
    "“%s”不是线程数：请写 1 到 %d 之间的整数")
MSG(MSG_FUSED_OUT_OF_MEMORY, "out of memory (%zu MiB of scratch for the fused attention)",
    "内存不足（融合注意力需要 %zu MiB 的临时空间）")

/* ---- the attention pipeline (attention/pipeline*.c), raised through Error -------- */
MSG(MSG_PIPE_P_ROWS, "P is %dx%d, but the learned positions must have at least %d rows (one per token) of %d "
    "columns (d_model)", "P 是 %dx%d，但可学习位置编码至少要有 %d 行（每个词元一行），每行 %d 列（d_model）")
MSG(MSG_PIPE_VECTOR, "%s is %dx%d, but must be a vector of length %d (%s)",
    "%s 是 %dx%d，但必须是长度为 %d 的向量（%s）")
MSG(MSG_PIPE_SHAPE, "%s is %dx%d, but must be %dx%d (%s)", "%s 是 %dx%d，但必须是 %dx%d（%s）")
MSG(MSG_PIPE_SHAPE_PREFIXED, "%s%s is %dx%d, but must be %dx%d (%s)", "%s%s 是 %dx%d，但必须是 %dx%d（%s）")
MSG(MSG_PIPE_VECTOR_DMODEL, "%s is %dx%d, but must be a vector of length %d (d_model)",
    "%s 是 %dx%d，但必须是长度为 %d 的向量（d_model）")
MSG(MSG_PIPE_MISSING, "%s%s is missing", "缺少 %s%s")
MSG(MSG_PIPE_FFN_MISSING, "%s%s is missing: a%s layer has a feed-forward network",
    "缺少 %s%s：%s层有前馈网络")
MSG(MSG_PIPE_RMS_BETA, "%s%s is given, but RMSNorm (norm_type rms) has no β: y = γ ⊙ x / √(mean(x²) + ε); leave it out",
    "给出了 %s%s，但 RMSNorm（norm_type rms）没有 β：y = γ ⊙ x / √(mean(x²) + ε)；请去掉它")
MSG(MSG_PIPE_GATED_PLAIN, "%s%s is given, but the network of activation swiglu is W_gate, W_up and W_down, "
    "without biases: F = (silu(X·W_gate) ⊙ (X·W_up))·W_down; leave it out",
    "给出了 %s%s，但 activation swiglu 的网络是 W_gate、W_up 和 W_down，没有偏置："
    "F = (silu(X·W_gate) ⊙ (X·W_up))·W_down；请去掉它")
MSG(MSG_PIPE_GATE_UP, "the gate X·W_gate is %dx%d but X·W_up is %dx%d: SwiGLU multiplies them element by element",
    "门 X·W_gate 是 %dx%d，而 X·W_up 是 %dx%d：SwiGLU 要把两者逐元素相乘")
MSG(MSG_BACKWARD_UNSUPPORTED,
    "the backward pass covers one post-LN attention layer so far (the attention statement's), not %s",
    "反向传播目前只覆盖一个后置层归一化的注意力层（attention 语句的那一层），还不支持%s")
MSG(MSG_ONLINE_ALL_MASKED, "all %d scores are −∞: a softmax needs at least one key it may read",
    "%d 个分数全是 −∞：softmax 至少要有一个可以读取的键")
MSG(MSG_DECODE_KIND,
    "decoding one token at a time needs a causal stack of attention or encoder layers (a decoder-only model: GPT-2, Llama)",
    "逐个词元解码需要带因果掩码、由注意力层或编码器层组成的堆叠（只有解码器的模型：GPT-2、Llama）")
MSG(MSG_DECODE_FULL, "the KV cache is full: it has room for %d tokens", "KV 缓存已满：它只能放 %d 个词元")
MSG(MSG_PIPE_FFN_RANGE, "d_ff (ffn) must be between 1 and %d, not %d", "d_ff（ffn）必须在 1 到 %d 之间，不能是 %d")
MSG(MSG_PIPE_E_EMPTY, "E is %dx%d: it needs at least one token and one dimension",
    "E 是 %dx%d：至少要有一个词元和一个维度")
MSG(MSG_PIPE_TOKENS_LIMIT, "%d tokens is more than the limit of %d", "%d 个词元超过了上限 %d")
MSG(MSG_PIPE_DMODEL_LIMIT, "d_model %d is more than the limit of %d", "d_model %d 超过了上限 %d")
MSG(MSG_PIPE_HEADS_RANGE, "heads must be between 1 and %d, not %d", "heads 必须在 1 到 %d 之间，不能是 %d")
MSG(MSG_PIPE_HEADS_DIVIDE, "d_model %d is not divisible by heads %d", "d_model %d 不能被 heads %d 整除")
MSG(MSG_PIPE_KV_DIVIDE, "kv_heads %d does not divide heads %d: each key/value head serves a group of query "
    "heads of the same size", "kv_heads %d 不能整除 heads %d：每个键值头服务一组同样大小的查询头")
MSG(MSG_PIPE_ROPE_ODD, "rotary positions turn pairs of columns, but d_k = %d is odd",
    "旋转位置编码按列成对旋转，但 d_k = %d 是奇数")
MSG(MSG_PIPE_ROPE_BASE, "rope_base must be a finite number above 1, not %g", "rope_base 必须是大于 1 的有限数，不能是 %g")
MSG(MSG_PIPE_EPS, "eps must be a finite number >= 0", "eps 必须是 >= 0 的有限数")
MSG(MSG_PIPE_P_NEEDED, "positions learned needs P, the learned positions (%d x %d or more rows)",
    "positions learned 需要 P，即可学习位置编码（%d x %d，行数可以更多）")
MSG(MSG_PIPE_LAYERS_RANGE, "layers must be between 1 and %d, not %d", "layers 必须在 1 到 %d 之间，不能是 %d")
MSG(MSG_PIPE_STACK_KIND, "a stack of layers needs encoder or decoder layers (with a feed-forward network)",
    "多层堆叠需要编码器层或解码器层（带前馈网络）")
MSG(MSG_PIPE_NO_MEMORY, "a decoder layer needs a memory: the encoder's output its cross-attention reads",
    "解码器层需要 memory：交叉注意力读取的编码器输出")
MSG(MSG_PIPE_MEMORY_SHAPE, "the memory is %dx%d, but must have d_model = %d columns and at most %d rows",
    "memory 是 %dx%d，但必须有 d_model = %d 列，且最多 %d 行")
MSG(MSG_PIPE_NO_CROSS, "layer %d has no cross-attention weights", "第 %d 层没有交叉注意力的权重")
MSG(MSG_PIPE_E_P, "E is %dx%d but P is %dx%d", "E 是 %dx%d，但 P 是 %dx%d")
MSG(MSG_PIPE_X_W, "X is %dx%d but W is %dx%d: the inner sizes %d and %d differ",
    "X 是 %dx%d，但 W 是 %dx%d：内维 %d 和 %d 不同")
MSG(MSG_PIPE_BIAS, "the bias is %dx%d but must be a vector of length %d", "偏置是 %dx%d，但必须是长度为 %d 的向量")
MSG(MSG_PIPE_Q_K, "Q is %dx%d but K is %dx%d: the key sizes %d and %d differ",
    "Q 是 %dx%d，但 K 是 %dx%d：键的维度 %d 和 %d 不同")
MSG(MSG_PIPE_DK, "d_k must be at least 1, not %d", "d_k 至少是 1，不能是 %d")
MSG(MSG_PIPE_A_V, "A is %dx%d but V is %dx%d: the inner sizes %d and %d differ",
    "A 是 %dx%d，但 V 是 %dx%d：内维 %d 和 %d 不同")
MSG(MSG_PIPE_HEAD_ROWS, "head %d has %d rows but head 0 has %d", "第 %d 个头有 %d 行，但第 0 个头有 %d 行")
MSG(MSG_PIPE_X_O, "X is %dx%d but O is %dx%d", "X 是 %dx%d，但 O 是 %dx%d")
MSG(MSG_PIPE_OUT_OF_MEMORY, "out of memory", "内存不足")
MSG(MSG_PIPE_NAN, "%s is not a number (NaN) at [%d][%d], in the %s stage",
    "%s 不是数（NaN），位置 [%d][%d]，在%s阶段")
MSG(MSG_PIPE_INF, "%s is %s at [%d][%d], in the %s stage: the numbers grew past what a 32-bit float holds "
    "(3.4e38)", "%s 是 %s，位置 [%d][%d]，在%s阶段：数值超出了 32 位浮点数能表示的范围（3.4e38）")
MSG(MSG_PIPE_BAD_STAGE_WORD, "internal error: stages.def names '%s', which the pass does not have",
    "内部错误：stages.def 写了“%s”，但这次计算没有它")
MSG(MSG_PIPE_BAD_STAGE_RESULT, "internal error: stages.def names a result the pass does not have",
    "内部错误：stages.def 写了一个这次计算没有的结果")
MSG(MSG_PIPE_TOO_BIG, "its matrices would take about %.1f GiB (n %d, d_model %d, %d heads: each head keeps %s "
    "n x n matrices), more than the limit of %.0f GiB; use fewer tokens or heads",
    "它的矩阵大约要占 %.1f GiB（n %d，d_model %d，%d 个头：每个头保留 %s n x n 矩阵），超过上限 %.0f GiB；"
    "请减少词元数或头数")
