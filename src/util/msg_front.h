/* msg_front.h - messages of the front ends (cli/, output/, ui/): the command
 * line, the quiz, explanations, the attention views, the UI. One part of the
 * message table: included only by util/msg_table.h, with MSG defined; see
 * there how to add a message. */

/* ---- the command line ---------------------------------------------------------- */
MSG(MSG_CLI_USAGE, "usage: ", "用法：")
MSG(MSG_CLI_PRECISION, "--precision takes a number of decimals from 0 to 9, not '%s'",
    "--precision 的值是 0 到 9 之间的小数位数，不能是“%s”")
MSG(MSG_CLI_FORMAT, "--format is text, md or json, not '%s'", "--format 只能是 text、md 或 json，不能是“%s”")
MSG(MSG_CLI_EVAL_ARGUMENT, "eval: unexpected argument '%s'", "eval：多余的参数“%s”")
MSG(MSG_CLI_EXPR_TOO_LONG, "the expression is too long", "表达式太长")
MSG(MSG_CLI_EXPR_UTF8, "the expression is not valid UTF-8 (byte %zu)", "表达式不是有效的 UTF-8（第 %zu 字节）")
MSG(MSG_CLI_NO_LESSONS, "(no built-in lessons in this build)", "（这个版本没有内置课程）")
MSG(MSG_CLI_THREADS_COUNT, "--threads needs a number of threads (1 to 256)", "--threads 后面要写线程数（1 到 256）")
MSG(MSG_CLI_SIMD_NAME, "--simd needs a name (auto, scalar, avx2, avx512, avx512-emulated, neon)", "--simd 后面要写名字（auto、scalar、avx2、avx512、avx512-emulated、neon）")
MSG(MSG_CLI_CANNOT_WRITE_OUTPUT, "cannot write the output: %s", "无法写出输出：%s")
MSG(MSG_CLI_CANNOT_WRITE_OUTPUT_BARE, "cannot write the output", "无法写出输出")
MSG(MSG_CLI_OOM_TRACE, "out of memory while writing the trace", "写出 trace 时内存不足")
MSG(MSG_CLI_OOM_JSON, "out of memory while writing the JSON", "写出 JSON 时内存不足")
MSG(MSG_CLI_UNKNOWN_OPTION, "unknown option '%s'", "没有选项“%s”")
MSG(MSG_CLI_UNKNOWN_COMMAND, "unknown command '%s'", "没有命令“%s”")
MSG(MSG_CLI_UNKNOWN_COMMAND_NEAR, "unknown command '%s'; did you mean '%s'?", "没有命令“%s”；是不是想写“%s”？")
MSG(MSG_CLI_NO_LESSON, "%s: no such file, and no built-in lesson of that name (see 'attnstep lessons')",
    "%s：没有这个文件，也没有同名的内置课程（见 attnstep lessons）")
MSG(MSG_CLI_NO_LESSON_NEAR, "%s: no such file, and no built-in lesson of that name; did you mean '%s'?",
    "%s：没有这个文件，也没有同名的内置课程；是不是想写“%s”？")
MSG(MSG_HELP,
    "usage: attnstep [--simd NAME] [--threads N] [COMMAND] [ARGS]\n"
    "\n"
    "Step through multi-head self-attention and see every intermediate matrix.\n"
    "\n"
    "commands:\n"
    "  [LESSON]                  step through a lesson (default: the built-in tour)\n"
    "  trace LESSON [--format text|md|json] [--precision N]\n"
    "                            every step with its matrices, as text\n"
    "  check LESSON [--precision N]\n"
    "                            run every expect; exit 1 if any fails\n"
    "  eval EXPR [--json] [--profile NAME] [--precision N]\n"
    "                            evaluate one expression: eval \"softmax([1,2,3,4])\"\n"
    "  export LESSON|MODEL_DIR OUT_DIR [--force]\n"
    "                            write every named matrix as OUT_DIR/NAME.npy\n"
    "  quiz LESSON               predict, then reveal: hidden cells, typed answers, a score\n"
    "  gpt2 DIR --text TEXT [--layer L] [--head H] [--temperature T]\n"
    "                            a GPT-2 checkpoint on your text: layer L (from 0) step by\n"
    "                            step, then the next-token probabilities\n"
    "  lessons                   list the built-in lessons\n"
    "  bench [--quick]           engine speed, and the cost of attention as n grows\n"
    "  bench --ui                the UI's first frame and redraw time on a 512-token model\n"
    "\n"
    "LESSON is a lesson file, a model directory, or a built-in lesson's name. trace,\n"
    "check, export and quiz also take a GPT-2 checkpoint directory (Hugging Face's\n"
    "model.safetensors, config.json, vocab.json, merges.txt) with --text TEXT\n"
    "and the options of gpt2 (check then reads the whole checkpoint and runs it).\n"
    "\n"
    "options:\n"
    "  --simd NAME   kernel set: auto, scalar, avx2, avx512, avx512-emulated, neon\n"
    "                (also the ATTNSTEP_SIMD environment variable)\n"
    "  --threads N   compute on N threads, 1 to 256 (default: every core this\n"
    "                process may use; also ATTNSTEP_THREADS); the same results\n"
    "                on any number\n"
    "  --help        this text\n"
    "  --version     the version, the active SIMD set and the thread count\n",
    "用法：attnstep [--simd 名字] [--threads N] [命令] [参数]\n"
    "\n"
    "一步一步地看多头自注意力的计算过程，以及每一个中间矩阵。\n"
    "\n"
    "命令：\n"
    "  [课程]                    逐步学习一节课程（默认是内置的 tour）\n"
    "  trace 课程 [--format text|md|json] [--precision N]\n"
    "                            以文本输出每一步及其矩阵\n"
    "  check 课程 [--precision N]\n"
    "                            运行所有 expect；只要有一条失败，退出码就是 1\n"
    "  eval 表达式 [--json] [--profile 名字] [--precision N]\n"
    "                            计算一个表达式：eval \"softmax([1,2,3,4])\"\n"
    "  export 课程|模型目录 输出目录 [--force]\n"
    "                            把每个有名字的矩阵写成 输出目录/名字.npy\n"
    "  quiz 课程                 先预测再揭晓：隐藏格子、输入答案、计分\n"
    "  gpt2 目录 --text 文本 [--layer L] [--head H] [--temperature T]\n"
    "                            在你的文本上运行 GPT-2 检查点：逐步查看第 L 层（从 0 开始），\n"
    "                            最后是下一个词元的概率\n"
    "  lessons                   列出内置课程\n"
    "  bench [--quick]           引擎速度，以及注意力的开销随 n 增长的情况\n"
    "  bench --ui                界面在 512 个词元的模型上的首帧和重绘时间\n"
    "\n"
    "课程可以是课程文件、模型目录，或内置课程的名字。trace、check、export 和 quiz\n"
    "也接受 GPT-2 检查点目录（Hugging Face 的 model.safetensors、config.json、\n"
    "vocab.json、merges.txt），要加上 --text 文本 以及 gpt2 的选项（check 会读入\n"
    "整个检查点并运行一遍）。\n"
    "\n"
    "选项：\n"
    "  --simd 名字   内核集：auto、scalar、avx2、avx512、avx512-emulated、neon\n"
    "                （也可用环境变量 ATTNSTEP_SIMD 设置）\n"
    "  --threads N   用 N 个线程计算，1 到 256（默认：本进程能用的全部核心；\n"
    "                也可用环境变量 ATTNSTEP_THREADS 设置）；线程数不同，结果相同\n"
    "  --help        显示本帮助\n"
    "  --version     版本号、当前使用的 SIMD 内核集和线程数\n")

/* the options of the attention and layer statements, after the help
 * (cli/main.c prints one entry per row of attention/options.def) */
MSG(MSG_HELP_OPTIONS, "options of the attention and layer statements (a model directory's config.json\n"
    "gives the same ones under its keys; layer takes every option of attention):\n",
    "attention 和 layer 语句的选项（模型目录的 config.json 用各自的键给出同样的选项；\n"
    "layer 接受 attention 的全部选项）：\n")
MSG(MSG_HELP_OPTION_LAYER, "layer only; ", "仅用于 layer；")
MSG(MSG_HELP_OPTION_DECODER, "layer decoder only; ", "仅用于 layer decoder；")
MSG(MSG_HELP_OPTION_DEFAULT, "default %s; ", "默认 %s；")
MSG(MSG_HELP_OPTION_KEY, "config.json \"%s\"", "config.json 中为 \"%s\"")
MSG(MSG_HELP_OPTION_NO_KEY, "not in config.json", "config.json 中没有")

/* ---- the quiz ------------------------------------------------------------------ */
MSG(MSG_QUIZ_NOT_A_NUMBER, "'%s' is not a number (%s): type a number, such as 0.25",
    "“%s”不是一个数（%s）：请输入一个数，例如 0.25")
MSG(MSG_QUIZ_TYPE_NUMBER, "type a number, such as 0.25", "请输入一个数，例如 0.25")
MSG(MSG_QUIZ_RIGHT, "right: %s = %s", "正确：%s = %s")
MSG(MSG_QUIZ_WRONG, "not quite: %s = %s (you said %s)", "不对：%s = %s（你的答案是 %s）")
MSG(MSG_QUIZ_SCORE, "score: %d / %d", "得分：%d / %d")

/* ---- export ---------------------------------------------------------------------- */
MSG(MSG_EXPORT_DONE, "wrote %d matrices to %s", "已把 %d 个矩阵写入 %s")
MSG(MSG_EXPORT_DONE_ONE, "wrote %d matrix to %s", "已把 %d 个矩阵写入 %s")
MSG(MSG_CLI_ENGLISH_TWIN, "%s (in English)", "%s（英文版）")

/* the export command's own usage (cli/cmd_export.c) */
MSG(MSG_CLI_EXPORT_USAGE, "usage: attnstep export MODEL_DIR|LESSON OUT_DIR [--force] [-q]\n",
    "用法：attnstep export 模型目录|课程 输出目录 [--force] [-q]\n")
MSG(MSG_CLI_EXPORT_OPTION, "export: unknown option '%s'", "export：没有选项“%s”")
MSG(MSG_CLI_EXPORT_DASH, "export: unknown option '%s' (a name that starts with '-' goes after '--': "
    "attnstep export -- -NAME OUT_DIR)",
    "export：没有选项“%s”（以“-”开头的名字要写在“--”后面：attnstep export -- -名字 输出目录）")
MSG(MSG_CLI_EXPORT_NEEDS, "export: needs MODEL_DIR and OUT_DIR", "export：需要模型目录（或课程）和输出目录")
MSG(MSG_CLI_EXPORT_ARGUMENT, "export: unexpected argument '%s'", "export：多余的参数“%s”")
MSG(MSG_CLI_EXPORT_HELP,
    "usage: attnstep export MODEL_DIR|LESSON OUT_DIR [--force] [-q]\n"
    "       attnstep export GPT2_DIR OUT_DIR --text TEXT [--layer L] [--temperature T] [--force] [-q]\n"
    "\n"
    "Run the attention layer in MODEL_DIR (config.json and .npy weights) and\n"
    "write every canonical matrix (X, Q, K, V, Q_h0, K_h0, V_h0, S_h0, T_h0,\n"
    "A_h0, Z_h0, ..., Z, O, R, Y; P with positions, M_h0... with a causal mask)\n"
    "as OUT_DIR/NAME.npy; or run a LESSON and write every matrix it names (an\n"
    "attention statement in it names the same canonical matrices).\n"
    "A GPT-2 checkpoint (a directory holding model.safetensors) runs on TEXT:\n"
    "layer L's matrices (L1_Q ... from layer 1 on), every layer's output\n"
    "(L1_R2 ...), Y_final, logits and probs (logits_T with a temperature).\n"
    "OUT_DIR must not exist or be empty; it appears complete or not at all.\n"
    "On success it prints one line saying what was written.\n"
    "\n"
    "  --force   replace an existing OUT_DIR that holds only .npy files\n"
    "  -q, --quiet  print nothing on success\n"
    "  --help    this text\n",
    "用法：attnstep export 模型目录|课程 输出目录 [--force] [-q]\n"
    "      attnstep export GPT2目录 输出目录 --text 文本 [--layer L] [--temperature T] [--force] [-q]\n"
    "\n"
    "运行模型目录（config.json 和 .npy 权重）里的注意力层，把每个标准矩阵\n"
    "（X、Q、K、V、Q_h0、K_h0、V_h0、S_h0、T_h0、A_h0、Z_h0……Z、O、R、Y；\n"
    "有位置编码时还有 P，有因果掩码时还有 M_h0……）写成 输出目录/名字.npy；\n"
    "或者运行一节课程，写出课程里每个有名字的矩阵（课程里的 attention 语句\n"
    "给出的也是这些标准矩阵）。\n"
    "GPT-2 检查点（包含 model.safetensors 的目录）在文本上运行：写出第 L 层的\n"
    "矩阵（从第 1 层起名为 L1_Q……）、每一层的输出（L1_R2……）、Y_final、\n"
    "logits 和 probs（给出温度时还有 logits_T）。\n"
    "输出目录必须不存在或者是空的；它要么完整出现，要么根本不出现。\n"
    "成功时打印一行，说明写出了什么。\n"
    "\n"
    "  --force      替换一个已有的、只包含 .npy 文件的输出目录\n"
    "  -q, --quiet  成功时什么也不打印\n"
    "  --help       显示本帮助\n")


/* ---- explanations of a cell (output/explain*.c), in the lesson's language ------ */
MSG(MSG_EX_ROW_NAN, "There is a NaN in %s, so the whole row is NaN.", "%s含有 NaN，所以整行都是 NaN。")
MSG(MSG_EX_ROW_ALL_MASKED, "Every score in %s is -inf (every key is masked): nothing to attend to, so the row is all 0.",
    "%s全是 -inf（所有的键都被掩码）：没有可关注的词元，整行都是 0。")
MSG(MSG_EX_SOFTMAX_MAX, "max = %s, the largest in %s; subtracting it keeps every exp ≤ 1:",
    "最大值 max = %s，取自 %s；减去它，每个 exp 都不超过 1：")
MSG(MSG_EX_ROWS_SUM_TO_1, "Every row of %s sums to 1.", "%s 的每一行之和都是 1。")
MSG(MSG_EX_VAR_SAMPLE, "The variance divides by d − 1 = %d (the sample variance).", "方差除以 d − 1 = %d（样本方差）。")
MSG(MSG_EX_VAR_POPULATION, "The variance divides by d = %d (the population variance, as torch.nn.LayerNorm).",
    "方差除以 d = %d（总体方差，与 torch.nn.LayerNorm 相同）。")
MSG(MSG_EX_LN_CONSTANT_ROW, "Every value in %s is the same (σ² = 0): it normalises to 0, so the result is β = %s.",
    "%s的值全都相同（σ² = 0）：归一化的结果是 0，所以结果就是 β = %s。")
MSG(MSG_EX_MEAN_VAR_OF, "The mean and variance of %s:", "在 %s 上计算均值和方差：")
MSG(MSG_EX_EPS_INSIDE, "ε = %s goes inside the square root: √(σ² + ε) = √(%s + %s) = %s.",
    "ε = %s 加在根号内：√(σ² + ε) = √(%s + %s) = %s。")
MSG(MSG_EX_EPS_OUTSIDE, "ε = %s is added to σ, outside the square root: σ + ε = √%s + %s = %s.",
    "ε = %s 加在根号外的 σ 上：σ + ε = √%s + %s = %s。")
MSG(MSG_EX_GAMMA_BETA, "%s = %s (from %s), %s = %s (from %s).", "%s = %s（来自 %s），%s = %s（来自 %s）。")
MSG(MSG_EX_MAX_OF, "The largest value of %s.", "%s中最大的数。")
MSG(MSG_EX_MIN_OF, "The smallest value of %s.", "%s中最小的数。")
MSG(MSG_EX_SUM_OF, "The sum of %s.", "%s之和。")
MSG(MSG_EX_MEAN_OF, "The mean of %s.", "%s的均值。")
MSG(MSG_EX_THIS_CELL, "   ← this cell", "   ← 本格")
MSG(MSG_EX_SIGMA_SUM, "Σ = ", "求和 Σ = ")
MSG(MSG_EX_MU, "μ = (", "均值 μ = (")
MSG(MSG_EX_SIGMA2, "σ² = (", "方差 σ² = (")
MSG(MSG_EX_NO_GAMMA_BETA, "No γ or β is given: γ = 1, β = 0.", "没有给出 γ 和 β：γ = 1，β = 0。")
MSG(MSG_EX_VALUE_HERE, "The value %s has at this point.", "%s 此时的值。")
MSG(MSG_EX_COPY, "%s is a copy of %s, cell for cell.", "%s 是 %s 的副本，逐格相同。")
MSG(MSG_EX_BROADCAST_NUMBER, "%s is a single number, used for every cell.", "%s 是一个数，每个格子都用它。")
MSG(MSG_EX_BROADCAST_ROW, "%s is one row (1×%d): the same row is used for every row.",
    "%s 只有一行（1×%d）：每一行都用这同一行。")
MSG(MSG_EX_BROADCAST_COL, "%s is one column (%d×1): its value in row %d is used across the row.",
    "%s 只有一列（%d×1）：第 %d 行的每一列都用它在这一行的值。")
MSG(MSG_EX_RESIDUAL, "The residual connection adds the layer's input %s back to its output %s.",
    "残差连接把这一层的输入 %s 加回到它的输出 %s 上。")
MSG(MSG_EX_SCORE, "Query %s against key %s: the larger the score, the more %s attends to %s.",
    "查询 %s 与键 %s 的点积：分数越大，%s 越关注 %s。")
MSG(MSG_EX_LOGIT, "The last token's row y against the embedding of token %s: the larger, the more the model expects %s next.",
    "最后一个词元的行 y 与词元 %s 的嵌入的点积：越大，模型越认为下一个是 %s。")
MSG(MSG_EX_LOGIT_OF, "The row y of the last token %s against the embedding of token %s: the larger, the more the model expects %s next.",
    "最后一个词元 %s 的行 y 与词元 %s 的嵌入的点积：越大，模型越认为下一个是 %s。")
MSG(MSG_EX_TEMPERATURE, "T = %s: below 1 the largest logits stand out more after the softmax, above 1 less.",
    "T = %s：小于 1 时 softmax 之后最大的 logit 更突出，大于 1 时更不突出。")
MSG(MSG_EX_SHAPE, "%s is %d×%d.", "%s 是 %d×%d。")
MSG(MSG_EX_TOTAL, "The sum of all %d elements of %s.", "%2$s 全部 %1$d 个元素之和。")
MSG(MSG_EX_FLAT_INDEX, "Element %d of %s, counting row by row.", "%2$s 按行数的第 %1$d 个元素。")
MSG(MSG_EX_TRANSPOSE, "Transposing swaps rows and columns: [%d][%d] comes from [%d][%d].",
    "转置交换行和列：[%d][%d] 来自 [%d][%d]。")
MSG(MSG_EX_KV_HEAD, "Query head %d reads %s head %d = ⌊%d / %d⌋ (%s): %s of %s (d_k = %d); its column %d is column %d of %s.",
    "第 %d 个查询头读取 %s 的第 %d = ⌊%d / %d⌋ 个头（%s）：取%s（%s，d_k = %d）；它的第 %d 列就是第 %d 列（%s）。")
MSG(MSG_EX_STACK_ROW, "Row %d is row %d of input %d, %s: the inputs sit one under the other, each adding its rows.",
    "第 %1$d 行就是第 %3$d 个输入 %4$s 的第 %2$d 行：输入上下叠放，每个输入添上自己的行。")
MSG(MSG_EX_POS_SIN, "Position %d; column %d is even, so sin, with 2i = %d and d = %d.",
    "位置 %d；第 %d 列是偶数列，用 sin，2i = %d，d = %d。")
MSG(MSG_EX_POS_COS, "Position %d; column %d is odd, so cos, paired with column 2i = %d; d = %d.",
    "位置 %d；第 %d 列是奇数列，用 cos，与第 2i = %d 列成对，d = %d。")
MSG(MSG_EX_ROPE_ANGLE, "Position %d, pair m = %d (columns %d and %d): θ = %d·%s^(−%d/%d) = %s rad.",
    "位置 %d，第 m = %d 对（第 %d 列和第 %d 列）：θ = %d·%s^(−%d/%d) = %s 弧度。")
MSG(MSG_EX_ROPE_ROTATE, "cos θ = %s and sin θ = %s; this column is the pair's %s, so %s.",
    "cos θ = %s，sin θ = %s；这一列是这一对的%s，所以%s。")
MSG(MSG_EX_INPUT, "An input of the lesson (written out, generated or loaded): nothing is computed.",
    "这是课程的输入（直接写出、生成或从文件载入），不经过计算。")
MSG(MSG_EX_EMBED_PLUS_POS, "The token's embedding plus the encoding of its position.", "词元的嵌入加上它所在位置的编码。")
MSG(MSG_EX_RMS_OF, "The root mean square of %s (nothing is subtracted first):",
    "%s的均方根（事先不减任何数）：")
MSG(MSG_EX_RMS_ROOT, "ε = %2$s goes inside the square root: RMS = √(mean(x²) + ε) = √(%1$s + %2$s) = %3$s.",
    "ε = %2$s 加在根号内：RMS = √(mean(x²) + ε) = √(%1$s + %2$s) = %3$s。")
MSG(MSG_EX_RMS_NO_MEAN, "Unlike layer norm, RMSNorm neither subtracts the mean nor adds a β: a row's direction is kept, only its size is set to about 1.",
    "与层归一化不同，RMSNorm 既不减均值，也不加 β：保留一行的方向，只把它的大小调到约为 1。")
MSG(MSG_EX_RMS_GAMMA, "%s = %s (from %s) scales this column.", "%s = %s（来自 %s）缩放这一列。")
MSG(MSG_EX_RMS_NO_GAMMA, "No γ is given: γ = 1.", "没有给出 γ：γ = 1。")
MSG(MSG_EX_RMS_ZERO_ROW, "%s is all zeros: its mean of squares is 0, and RMSNorm gives 0 there.",
    "%s全是 0：平方的平均值是 0，RMSNorm 在这里给出 0。")
MSG(MSG_EX_SILU, "silu(x) = x·σ(x): about x for a large x, about 0 for a very negative x, smooth in between (it dips a little below 0).",
    "silu(x) = x·σ(x)：x 很大时约为 x，x 很负时约为 0，中间平滑过渡（会略微低于 0）。")
MSG(MSG_EX_GATE, "The gate's number, through silu, says how much of the number of %s in the same place passes on.",
    "门的数经过 silu 之后，决定 %s 中同一位置的数有多少传下去。")
MSG(MSG_EX_RELU, "relu keeps positive numbers and turns negative ones into 0.", "relu 保留正数，把负数变成 0。")
MSG(MSG_EX_GELU, "gelu weighs x by Φ(x), the chance a standard normal is below x: large x pass, negative x fade to 0.",
    "gelu 用 Φ(x)（标准正态分布小于 x 的概率）给 x 加权：大的 x 通过，负的 x 趋近于 0。")
MSG(MSG_EX_GELU_TANH, "gelu_tanh: gelu with tanh in place of erf (PyTorch approximate='tanh', GPT-2's gelu_new).",
    "gelu_tanh：用 tanh 代替 erf 的 gelu（PyTorch 的 approximate='tanh'，GPT-2 的 gelu_new）。")
MSG(MSG_EX_ROUNDED, "≈ means equal up to rounding: the result comes from the unrounded numbers.",
    "≈ 表示只差在舍入上：结果是用未舍入的数算出的。")
MSG(MSG_EX_TERMS_HIDDEN, "(%d terms; the middle %d are not shown)", "（共 %d 项，中间 %d 项省略）")
MSG(MSG_EX_ROW_INF, "%d of the scores in %s are inf: they share the weight equally, the others get 0.",
    "%2$s有 %1$d 个 inf：它们平分全部权重，其余都是 0。")
MSG(MSG_EX_EXPECTED, "Expected %s (within ±%.2g): %s.", "期望 %s（误差 ±%.2g 以内）：%s。")
MSG(MSG_EX_MATCHES, "matches", "一致")
MSG(MSG_EX_DIFFERS, "does not match", "不一致")
MSG(MSG_EX_WEIGHTED_SUM, "%s of %s holds the attention weights (they sum to 1); they mix column %d of %s.",
    "%2$s 的%1$s是注意力权重（和为 1），用它们对 %4$s 的第 %3$d 列加权求和。")
MSG(MSG_EX_MATMUL, "%s of %s times column %d of %s: %d products, summed%s%s.",
    "%2$s 的%1$s与 %4$s 的第 %3$d 列逐项相乘，%5$d 个乘积求和%6$s%7$s。")
MSG(MSG_EX_PLUS_BIAS, ", plus the bias ", "，再加上偏置 ")
MSG(MSG_EX_SCALE, "d_k = %ld, %s = %s: dividing keeps the scores' spread from growing with d_k.",
    "d_k = %ld，%s = %s：除以它，点积的方差就不会随 d_k 增大。")
MSG(MSG_EX_POSITION, "%d (%s)", "%d（%s）")
MSG(MSG_EX_MASK_KEPT, "Kept: key %s ≤ query %s, an earlier token or the same one.",
    "保留：键 %s ≤ 查询 %s，是它之前（或它自己）的词元。")
MSG(MSG_EX_MASKED, "Masked: key %s comes after query %s, and a token may not look ahead.",
    "被掩码：键 %s 在查询 %s 之后，词元不能看到后面的词元。")
MSG(MSG_EX_MASKED_WITH, "Masked with %s: key %s comes after query %s, and a token may not look ahead.",
    "被掩码为 %s：键 %s 在查询 %s 之后，词元不能看到后面的词元。")
MSG(MSG_EX_INDEX, "Row %d, column %d of %s%s.", "%3$s 的第 %1$d 行第 %2$d 列%4$s。")
MSG(MSG_EX_INDEX_ROW, " (the index takes the whole row)", "（取出一整行时的这一列）")
MSG(MSG_EX_COLUMN, "column %d", "第 %d 列")
MSG(MSG_EX_COLUMNS, "columns %d–%d", "第 %d–%d 列")
MSG(MSG_EX_MQA, "multi-query attention: 1 K/V head, shared by all %d query heads",
    "多查询注意力（MQA）：1 个键值头，由全部 %d 个查询头共用")
MSG(MSG_EX_GQA, "grouped-query attention: %d K/V heads, each shared by %d query heads",
    "分组查询注意力（GQA）：%d 个键值头，每个由 %d 个查询头共用")
MSG(MSG_EX_HEAD_COLUMNS, "Head %d takes %s of %s (d_k = %d): its column %d is column %d of %s.",
    "第 %1$d 个头取 %3$s 的%2$s（d_k = %4$d）：它的第 %5$d 列就是 %7$s 的第 %6$d 列。")
MSG(MSG_EX_CONCAT_HEAD, "Column %d of %s is column %d of head %d (%s): the heads' outputs sit side by side.",
    "%2$s 的第 %1$d 列来自第 %4$d 个头的第 %3$d 列（%5$s）：各个头的输出并排拼在一起。")
MSG(MSG_EX_CONCAT_INPUT, "Column %d is column %d of input %d, %s: the inputs sit side by side.",
    "第 %1$d 列来自第 %3$d 个输入 %4$s 的第 %2$d 列：输入按顺序并排拼在一起。")
MSG(MSG_EX_ROPE_FIRST, "first", "第一列")
MSG(MSG_EX_ROPE_SECOND, "second", "第二列")
MSG(MSG_EX_ROW_LABELLED, "row %d (%s)", "第 %d 行（%s）")
MSG(MSG_EX_ROW, "row %d", "第 %d 行")
MSG(MSG_EX_ROW_OF, "%s of %s", "%2$s 的%1$s")

/* ---- the attention views: trace --view tokens|heads (output/attn_views.c) ------ */
MSG(MSG_VIEW_HEAD, " head h%d", " 头 h%d")
MSG(MSG_VIEW_FIRST_TOKENS, "(the first %d of %d tokens)\n", "（只显示前 %d 个词元，共 %d 个）\n")
MSG(MSG_VIEW_SHADES, "rows = queries, cols = keys: · < 0.05  ░ < 0.25  ▒ < 0.5  ▓ < 0.75  █ ≥ 0.75\n",
    "行 = 查询，列 = 键：· < 0.05  ░ < 0.25  ▒ < 0.5  ▓ < 0.75  █ ≥ 0.75\n")
MSG(MSG_VIEW_TITLE, "== %s, line %d ==\n", "== %s，第 %d 行 ==\n")
MSG(MSG_VIEW_BY_TOKEN, "Attention weights by token", "每个词元的注意力权重")
MSG(MSG_VIEW_ALL_HEADS, "All heads at a glance", "全部头一览")
MSG(MSG_VIEW_HEAD_OF, "%s-- head h%d of %d (%s)\n", "%s-- 头 h%d，共 %d 个（%s）\n")
MSG(MSG_VIEW_NO_WEIGHTS, "(this lesson has no softmax step: no attention weights to show)\n",
    "（这一课没有 softmax 步骤：没有注意力权重可显示）\n")

/* ---- the UI's words (ui/): panes, the status line, the help, prompts --------- */
MSG(MSG_UI_INPUT, "input", "输入")
MSG(MSG_UI_OUTPUT, "output", "输出")
MSG(MSG_UI_KEYS_ROWS, "rows = queries, cols = keys", "行 = 查询，列 = 键")
MSG(MSG_UI_SOURCE, "Source", "源代码")
MSG(MSG_UI_EXPLAIN, "Explanation", "说明")
MSG(MSG_UI_STEP, "step", "步骤")
MSG(MSG_UI_HEAD, "head", "头")
MSG(MSG_UI_ALL_HEADS, "all heads", "全部头")
MSG(MSG_UI_ENLARGE, "enlarge the window", "请放大窗口")
MSG(MSG_UI_INPUT_CELL, "an input of this step", "这一步的输入")
MSG(MSG_UI_EDIT_HINT, "press e to change it and recompute every later step", "按 e 修改它，之后的每一步都会重新计算")
MSG(MSG_UI_HIDDEN, "a quiz cell: type your answer and press Enter (Esc: the other keys)",
    "测验格子：输入你的答案并按回车（Esc：使用其他按键）")
MSG(MSG_UI_HIDDEN_CLOSED, "a quiz cell: press a to answer it", "测验格子：按 a 回答")
MSG(MSG_UI_HIDDEN_ROW, "hidden until %s is answered: the rest of its row would give it away",
    "在回答 %s 之前隐藏：这一行的其他格子会泄露答案")
MSG(MSG_UI_NEW_VALUE, "new value for", "新的值")
MSG(MSG_UI_JUMP, "go to step", "跳到第几步")
MSG(MSG_UI_ROWS, "rows", "行")
MSG(MSG_UI_COLS, "cols", "列")
MSG(MSG_UI_OF, "of", "/")
MSG(MSG_UI_HEAT, "heat", "热图")
MSG(MSG_UI_LOW, "low", "低")
MSG(MSG_UI_HIGH, "high", "高")
MSG(MSG_UI_SCORE, "score", "得分")
MSG(MSG_UI_NO_MATRIX, "this step has no matrix", "这一步没有矩阵")
MSG(MSG_UI_MATRICES, "matrices", "矩阵")
MSG(MSG_UI_STEP_OF, "step %d of %d", "第 %d 步，共 %d 步")
MSG(MSG_UI_TITLE_SEP, ": ", "：")
MSG(MSG_UI_HEAD_OF, "head h%d of %d", "头 h%d，共 %d 个")
MSG(MSG_UI_SCORE_OF, "score %d/%d", "得分 %d/%d")
MSG(MSG_UI_MORE_LINES, "▼ %d more lines — r reads all", "▼ 还有 %d 行 — 按 r 阅读全部")
MSG(MSG_UI_READ_TITLE, "Read", "阅读")
MSG(MSG_UI_READ_KEYS, "↑↓ PgUp PgDn scroll · r or Esc back", "↑↓ PgUp PgDn 滚动 · r 或 Esc 返回")
MSG(MSG_UI_HELP_TITLE, "Keys", "按键")
MSG(MSG_UI_KERNELS, "kernels: ", "计算内核：")
MSG(MSG_UI_NOT_EDITABLE, "only inputs given by value (an embedding, a weight) can be edited: Tab to such a matrix first",
    "只有直接给出值的输入（例如嵌入或权重）才能修改：用 Tab 移到这样的矩阵上")
MSG(MSG_UI_S_STEP, "n/p step", "n/p 步进")
MSG(MSG_UI_S_CELL, "←↑↓→ cell", "←↑↓→ 格子")
MSG(MSG_UI_S_PANE, "Tab pane", "Tab 切换")
MSG(MSG_UI_S_HEAD, "H head", "H 头")
MSG(MSG_UI_S_DIGITS, "+/− digits", "+/− 位数")
MSG(MSG_UI_S_HEAT, "c heat", "c 热图")
MSG(MSG_UI_S_EDIT, "e edit", "e 编辑")
MSG(MSG_UI_S_ANSWER, "a answer", "a 回答")
MSG(MSG_UI_S_TYPING, "type the answer, Enter", "输入答案，回车")
MSG(MSG_UI_S_OTHER_KEYS, "Esc other keys", "Esc 其他按键")
MSG(MSG_UI_S_HELP, "? help", "? 帮助")
MSG(MSG_UI_S_QUIT, "q quit", "q 退出")
MSG(MSG_UI_S_READ, "r read", "r 阅读")
MSG(MSG_UI_S_VIEW, "v view", "v 视图")
MSG(MSG_UI_S_LAYER, "[ ] layer", "[ ] 层")
MSG(MSG_UI_K_NEXT, "n  Space  PgDn", "n  空格  PgDn")
MSG(MSG_UI_H_NEXT, "next step", "下一步")
MSG(MSG_UI_K_PREV, "p  Backspace  PgUp", "p  退格  PgUp")
MSG(MSG_UI_H_PREV, "previous step", "上一步")
MSG(MSG_UI_K_ENDS, "g  G  Home  End", "g  G  Home  End")
MSG(MSG_UI_H_ENDS, "first / last step", "第一步 / 最后一步")
MSG(MSG_UI_K_JUMP, ":  or a number", ":  或数字")
MSG(MSG_UI_H_JUMP, "go to step N (Enter)", "跳到第 N 步（回车）")
MSG(MSG_UI_K_TAB, "Tab  Shift-Tab", "Tab  Shift-Tab")
MSG(MSG_UI_H_TAB, "next / previous pane", "下一个 / 上一个窗格")
MSG(MSG_UI_K_MOVE, "←↑↓→  h j k l", "←↑↓→  h j k l")
MSG(MSG_UI_H_MOVE, "move the cell cursor", "移动格子光标")
MSG(MSG_UI_K_HEAD, "H", "H")
MSG(MSG_UI_H_HEAD, "next head (and all heads)", "下一个头（以及全部头）")
MSG(MSG_UI_K_DIGITS, "+  −", "+  −")
MSG(MSG_UI_H_DIGITS, "more / fewer decimals", "多 / 少一位小数")
MSG(MSG_UI_K_HEAT, "c", "c")
MSG(MSG_UI_H_HEAT, "heatmap on / off", "热图 开 / 关")
MSG(MSG_UI_K_EDIT, "e", "e")
MSG(MSG_UI_H_EDIT, "edit an input cell, recompute", "修改输入格子，重新计算")
MSG(MSG_UI_K_ANSWER, "a", "a")
MSG(MSG_UI_H_ANSWER, "answer the quiz cell (opens by itself)", "回答测验格子（会自动打开）")
MSG(MSG_UI_K_READ, "r  Enter", "r  回车")
MSG(MSG_UI_H_READ, "read the step and explanation whole", "完整阅读这一步和说明")
MSG(MSG_UI_K_VIEW, "v", "v")
MSG(MSG_UI_H_VIEW, "matrices / tokens / all heads", "矩阵 / 词元 / 全部头")
MSG(MSG_UI_K_LAYER, "[  ]", "[  ]")
MSG(MSG_UI_H_LAYER, "record the previous / next layer (GPT-2)", "记录前一层 / 后一层（GPT-2）")
MSG(MSG_UI_K_ESC, "Esc", "Esc")
MSG(MSG_UI_H_ESC, "cancel a prompt", "取消输入")
MSG(MSG_UI_K_HELP, "?", "?")
MSG(MSG_UI_H_HELP, "this help", "本帮助")
MSG(MSG_UI_K_QUIT, "q  Ctrl-C", "q  Ctrl-C")
MSG(MSG_UI_H_QUIT, "quit", "退出")
MSG(MSG_UI_V_TOKENS, "attention by token", "每个词元的注意力")
MSG(MSG_UI_V_HEADS, "all heads at a glance", "全部头一览")
MSG(MSG_UI_VIEW_ABOVE, "▲ %d lines above — ↑ scrolls", "▲ 上面还有 %d 行 — 按 ↑ 滚动")
MSG(MSG_UI_VIEW_BELOW, "▼ %d more lines — ↓ scrolls", "▼ 还有 %d 行 — 按 ↓ 滚动")
MSG(MSG_UI_HEADS_SHOWN, "h%d–h%d of %d heads shown: H for the others", "%3$d 个头中显示 h%1$d–h%2$d：按 H 看其他头")
MSG(MSG_UI_TOKENS_SHOWN, "tokens %d–%d of %d: ↑↓ scroll", "词元 %d–%d，共 %d 个：↑↓ 滚动")
MSG(MSG_UI_STEP_PART, "step %d of %d (%d/%d)", "第 %d 步，共 %d 步（%d/%d）")
MSG(MSG_UI_LAST_STEP, "this is the last step", "这是最后一步")
MSG(MSG_UI_FIRST_STEP, "this is the first step", "这是第一步")
MSG(MSG_UI_ONE_HEAD, "this step has one head", "这一步只有一个头")
MSG(MSG_UI_NO_VIEWS, "no attention weights to view in this lesson", "这一课没有可显示的注意力权重")
MSG(MSG_UI_NO_WEIGHTS, "this lesson has no softmax step: no attention weights to show (v: back to the matrices)",
    "这一课没有 softmax 步骤：没有注意力权重可显示（按 v 回到矩阵）")
/* the message line: an edit, a quiz answer (ui/state.c), and the score after a quiz (ui/ui.c) */
MSG(MSG_UI_EDIT_FINITE, "an edited value must be finite", "修改的值必须是有限的数")
MSG(MSG_UI_EDIT_REFUSED, "'%s' refused: %s. Nothing changed", "“%s”不能用：%s。什么都没有改变")
MSG(MSG_UI_EDIT_UNDONE, "%s[%d][%d] = %s makes the lesson fail (%s); the edit was undone",
    "%s[%d][%d] = %s 会让课程出错（%s），已撤销这次修改")
MSG(MSG_UI_EDIT_DONE, "%s[%d][%d] is now %g; every later step was recomputed", "%s[%d][%d] 现在是 %g，之后的每一步都已重新计算")
/* the status line's note after [ or ] (ui/state.c) */
MSG(MSG_UI_LAYER_RUNNING, "recording layer %d…", "正在记录第 %d 层…")
MSG(MSG_UI_LAYER_FIRST, "layer 0 is the first layer", "第 0 层是第一层")
MSG(MSG_UI_LAYER_LAST, "layer %d is the last layer", "第 %d 层是最后一层")
MSG(MSG_UI_LAYER_NONE, "this step has no other layers", "这一步没有其他层")
MSG(MSG_UI_LAYER_LESSON, "the lesson's `record L` chooses the layer", "记录哪一层由课程的 `record L` 决定")
MSG(MSG_UI_LAYER_QUIZ, "no other layer during a quiz", "测验时不能换层")
MSG(MSG_UI_LAYER_FAILED, "layer %d could not be run", "第 %d 层无法运行")
MSG(MSG_UI_QUIZ_RIGHT, "right: %s = %s (you said %s)", "正确：%s = %s（你的答案是 %s）")
MSG(MSG_UI_QUIZ_NOT_A_NUMBER, "'%s' is not a number (%s): type one, such as 0.25", "“%s”不是一个数（%s）：请输入一个数，例如 0.25")
MSG(MSG_UI_QUIZ_NO_CELL, "no quiz cell left on this step", "这一步没有要回答的测验格子")
MSG(MSG_UI_V_QUIZ, "hidden until %s is answered; v: back to the matrices",
    "回答 %s 之前隐藏；按 v 回到矩阵")
MSG(MSG_UI_NO_TERMINAL, "cannot start the terminal UI", "无法启动终端界面")
MSG(MSG_UI_QUIZ_SCORE, "score: %d / %d (%d questions)\n", "得分：%d / %d（共 %d 题）\n")
