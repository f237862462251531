/* msg_lang.h - messages of the lesson language (lang/): diagnostics, lexer,
 * parser, interpreter, checks, function usage. One part of the message
 * table: included only by util/msg_table.h, with MSG defined; see there how
 * to add a message. */

/* ---- the frame of a diagnostic ----------------------------------------- */
MSG(MSG_NONE, "", "")
MSG(MSG_TEXT, "%s", "%s")
MSG(MSG_QUOTED, "'%.*s'", "“%.*s”")
MSG(MSG_LABEL_ERROR, "error: ", "错误：")
MSG(MSG_LABEL_WARNING, "warning: ", "警告：")
MSG(MSG_LABEL_NOTE, "note: ", "注：")
MSG(MSG_LABEL_HINT, "hint: ", "提示：")
MSG(MSG_MORE_ERROR, "%d more error not shown", "另有 %d 个错误未显示")
MSG(MSG_MORE_ERRORS, "%d more errors not shown", "另有 %d 个错误未显示")
MSG(MSG_DID_YOU_MEAN, "did you mean '%s'?", "是不是想写“%s”？")

/* ---- token names, inside "expected X, found Y" --------------------------- */
MSG(MSG_TOK_EOF, "the end of the file", "文件末尾")
MSG(MSG_TOK_NEWLINE, "the end of the line", "行尾")
MSG(MSG_TOK_NAME, "a name", "名字")
MSG(MSG_TOK_NUMBER, "a number", "数")
MSG(MSG_TOK_STRING, "a string", "字符串")
MSG(MSG_TOK_INVALID, "an invalid character", "无效字符")

/* ---- the lexer ------------------------------------------------------------ */
MSG(MSG_LEX_NUMBER_LETTERS, "a number cannot run into letters", "数字后面不能紧跟字母")
MSG(MSG_LEX_NUMBER_TOO_LARGE, "this number is too large (the limit is about 1.8e308)",
    "这个数太大了（上限约为 1.8e308）")
MSG(MSG_LEX_LONG_STRING_OPEN, "this \"\"\" string is never closed", "这个 \"\"\" 字符串没有结束")
MSG(MSG_LEX_STRING_OPEN, "this string is never closed on its line", "这个字符串在本行没有结束")
MSG(MSG_LEX_BAD_CHAR, "this character has no meaning here", "这个字符在这里没有意义")
MSG(MSG_LEX_BAD_UTF8, "invalid UTF-8: lessons must be UTF-8 text", "无效的 UTF-8：课程必须是 UTF-8 文本")

/* ---- the parser ----------------------------------------------------------- */
MSG(MSG_EXPECTED_TOKEN, "expected %s %s, found %s", "应为%s（%s），实际是%s")
MSG(MSG_WHAT_CLOSE_ARGS, "to close the argument list", "用来结束参数列表")
MSG(MSG_WHAT_BETWEEN_SIZES, "between the sizes, as in 'random 4x4 seed 1'",
    "放在两个维度之间，例如 random 4x4 seed 1")
MSG(MSG_WHAT_CLOSE_PAREN, "to close '('", "用来闭合“(”")
MSG(MSG_WHAT_CLOSE_INDEX, "to close the index", "用来结束下标")
MSG(MSG_EXPECTED_STRING_AFTER, "expected a quoted string after '%s', found %s",
    "“%s”后面应为带引号的字符串，实际是%s")
MSG(MSG_EXPECTED_NAME_AFTER, "expected a name after '%s', found %s", "“%s”后面应为名字，实际是%s")
MSG(MSG_TOKENS_EMPTY, "'tokens' needs at least one word", "“tokens”后面至少要有一个词元")
MSG(MSG_HINT_TOKENS_EMPTY, "write the words after it: tokens I love cats", "在后面写出词元：tokens 我 爱 猫")
MSG(MSG_VOCAB_EMPTY, "'vocab' needs at least one word", "“vocab”后面至少要有一个词元")
MSG(MSG_HINT_VOCAB_EMPTY, "write the vocabulary's tokens after it, in the order of W_E's rows: vocab The ␣cat ␣sat",
    "按 W_E 各行的顺序在后面写出词表的词元：vocab The ␣cat ␣sat")
MSG(MSG_ATTENTION_OPTIONS_LIMIT, "attention takes at most 16 options", "attention 最多接受 16 个选项")
MSG(MSG_STEP_TITLE_END, "expected the end of the line after the step's title, found %s",
    "步骤标题之后应为行尾，实际是%s")
MSG(MSG_HINT_STEP_BODY, "put the step's statements on the lines below it, indented",
    "把这一步的语句写在下面几行，并缩进")
MSG(MSG_STEP_IN_STEP, "a step cannot contain another step", "一个步骤里不能再包含步骤")
MSG(MSG_HINT_STEP_IN_STEP, "start the new step at the left margin", "新的步骤要从行首开始写")
MSG(MSG_EXPECTED_STMT_END, "expected the end of the statement, found %s", "语句应在此结束，实际还有%s")
MSG(MSG_EXPECTED_NAME, "expected a name, found %s", "应为名字，实际是%s")
MSG(MSG_TOO_MANY_NAMES, "too many names on the left of '=' (the limit is 16)", "“=”左边的名字太多（上限是 16 个）")
MSG(MSG_NAME_ALONE, "'%s' on its own does nothing: expected '=' after it, or a statement",
    "单独一个“%s”什么也不做：后面应有“=”，或者这里应是一条语句")
MSG(MSG_EQEQ_ASSIGN, "'==' compares; to assign write '=' (to check a value write 'expect %s == ...')",
    "“==”用于比较；赋值请写“=”（要检查一个值，请写 expect %s == ...）")
MSG(MSG_EXPECTED_ASSIGN, "expected '=' after '%s', found %s", "“%s”后面应为“=”，实际是%s")
MSG(MSG_TOO_MANY_STMTS, "the lesson has more statements than the limit of 10000", "课程的语句超过了 10000 条的上限")
MSG(MSG_EXPECTED_STMT, "expected a statement, found %s", "这里应为一条语句，实际是%s")
MSG(MSG_FORMULA_EMPTY, "'formula' needs the formula after it", "“formula”后面要写公式")
MSG(MSG_HINT_FORMULA_EMPTY, "write it on the same line: formula T = S / √d_k", "写在同一行：formula T = S / √d_k")
MSG(MSG_EXPECTED_EQEQ, "expected '==' and the value you expect, found %s", "应为“==”和期望的值，实际是%s")
MSG(MSG_HINT_EXPECT, "expect softmax([1, 2]) == [0.269, 0.731]", "expect softmax([1, 2]) == [0.269, 0.731]")
MSG(MSG_EXPR_TOO_LONG, "this expression chains more than %d operations", "这个表达式连续运算超过 %d 次")
MSG(MSG_HINT_SPLIT_EXPR, "split it into several statements", "把它拆成几条语句")
MSG(MSG_LIST_UNCLOSED, "expected ',' or ']' in this list, found %s", "列表中应为“,”或“]”，实际是%s")
MSG(MSG_HINT_LIST_UNCLOSED, "the '[' at line %d, column %d is not closed", "第 %d 行第 %d 列的“[”没有闭合")
MSG(MSG_RANDOM_SEED, "expected 'seed' after the size", "维度之后应为“seed”")
MSG(MSG_HINT_RANDOM_SEED,
    "every random matrix needs a seed, so a class sees the same numbers: 'random 4x4 seed 1'",
    "每个随机矩阵都需要种子，这样全班看到的数都一样：random 4x4 seed 1")
MSG(MSG_LOAD_FILE, "expected a file name after 'load'", "“load”后面应为文件名")
MSG(MSG_HINT_LOAD_FILE, "write the path in quotes: load \"weights/Wq.npy\"", "把路径写在引号里：load \"weights/Wq.npy\"")
MSG(MSG_EXPECTED_VALUE, "expected a value, found %s", "这里应为一个值，实际是%s")
MSG(MSG_TWO_INDICES, "a matrix has two indices: M[row][column]", "矩阵有两个下标：M[行][列]")
MSG(MSG_TOO_MANY_CARETS, "too many '^' in a row", "连续的“^”太多")
MSG(MSG_TOO_MANY_SIGNS, "too many signs in a row", "连续的正负号太多")
MSG(MSG_NESTING_LIMIT, "brackets nest deeper than the limit of %d", "括号嵌套超过了 %d 层的上限")
MSG(MSG_EXPECTED_EXPR_END, "expected the end of the expression, found %s", "表达式应在此结束，实际还有%s")

/* ---- running a lesson (the interpreter) ---------------------------------- */
MSG(MSG_WHAT_HEADS, "heads", "heads（头数）")
MSG(MSG_WHAT_ROWS, "the number of rows", "行数")
MSG(MSG_WHAT_COLS, "the number of columns", "列数")
MSG(MSG_WHAT_HEADS_COUNT, "the number of heads", "头数")
MSG(MSG_WHAT_HEAD, "the head", "头的编号")
MSG(MSG_WHAT_POSITIONS, "the number of positions", "位置数")
MSG(MSG_WHAT_DMODEL, "the model dimension", "模型维度")
MSG(MSG_WHAT_SEED, "the seed", "种子")
MSG(MSG_WHAT_ROW, "the row", "行号")
MSG(MSG_WHAT_COL, "the column", "列号")
MSG(MSG_WHAT_RESULT, "the result", "结果")
MSG(MSG_WHAT_EMBEDDINGS, "the embeddings", "嵌入")
MSG(MSG_ATTENTION_FAILED, "attention: %s", "attention：%s")
MSG(MSG_ATTENTION_OPTION, "attention has the options 'heads N', 'kv_heads N', 'mask causal|none', "
    "'positions sinusoidal|learned [P]|rope|none', 'rope_pairs interleaved|halves' and 'rope_base B', not '%s%s%s'",
    "attention 的选项是 heads N、kv_heads N、mask causal|none、positions sinusoidal|learned [P]|rope|none、"
    "rope_pairs interleaved|halves 和 rope_base B，没有“%s%s%s”")
MSG(MSG_ATTENTION_ROPE_ONLY, "'%s' is an option of rotary positions: write 'positions rope' too",
    "“%s”是旋转位置编码（RoPE）的选项：还要写 positions rope")
MSG(MSG_HINT_ATTENTION_ROPE, "attention E heads 2 positions rope rope_pairs halves rope_base 10000",
    "attention E heads 2 positions rope rope_pairs halves rope_base 10000")
MSG(MSG_WHAT_KV_HEADS, "kv_heads", "kv_heads（键值头数）")
MSG(MSG_WHAT_ROPE_BASE, "rope_base", "rope_base（RoPE 的底数）")
MSG(MSG_ATTENTION_LEARNED, "positions learned needs %s, the learned positions (one row per position): give it a value first",
    "positions learned 需要可学习位置编码 %s（每个位置一行）：请先给它赋值")
MSG(MSG_HINT_ATTENTION_LEARNED, "P = random 3x4 seed 7 scale 0.1", "P = random 3x4 seed 7 scale 0.1")
/* the embeddings step's sentence on positions ({posnote} in stages.def) */
MSG(MSG_EMBED_POS_TABLE, "with sinusoidal positions P[pos][2i] = sin(pos / 10000^(2i/d)) and P[pos][2i+1] = cos(...); "
    "without them X is just E.",
    "正弦位置编码 P[pos][2i] = sin(pos / 10000^(2i/d))，P[pos][2i+1] = cos(...)；不用位置编码时 X 就是 E。")
MSG(MSG_EMBED_POS_LEARNED, "here P is a table of learned positions (GPT-2's wpe), one trained row per position; row i "
    "is added to token i.",
    "这里的 P 是一张可学习位置编码表（GPT-2 的 wpe），每个位置一行、都经过训练，第 i 行加到第 i 个词元上。")
MSG(MSG_EMBED_POS_NONE, "here it is not (positions none), so X is just E and this layer cannot tell one order of the "
    "tokens from another.",
    "这里没有加（positions none），X 就是 E，这一层分不出词元的先后顺序。")
MSG(MSG_EMBED_POS_ROPE, "here nothing is added, so X is just E; rotary positions turn each head's queries and keys "
    "after the head split.",
    "这里什么也不加，X 就是 E；旋转位置编码（RoPE）在拆分头之后转动每个头的查询和键。")
MSG(MSG_GQA_SPLIT_NOTE, " Grouped-query attention: K and V have only kv_heads = %d heads of d_k columns, shared by "
    "the query heads in groups of %d: query head h reads K/V head ⌊h / %d⌋.",
    "分组查询注意力（GQA）：K 和 V 只有 kv_heads = %d 个头（每个 d_k 列），查询头每 %d 个一组共用一个键值头："
    "第 h 个查询头读取第 ⌊h / %d⌋ 个键值头。")
MSG(MSG_GQA_SPLIT_NOTE_ONE, " Multi-query attention: K and V have only kv_heads = 1 head of d_k columns, shared by "
    "all %d query heads: every query head reads K/V head 0.",
    "多查询注意力（MQA）：K 和 V 只有 kv_heads = 1 个头（d_k 列），全部 %d 个查询头共用这一个键值头："
    "每个查询头都读取第 0 个键值头。")
MSG(MSG_HINT_ATTENTION_OPTION, "attention E heads 2 mask causal positions sinusoidal",
    "attention E heads 2 mask causal positions sinusoidal")
MSG(MSG_ATTENTION_WEIGHT, "attention needs the weight %s (or %s): give it a value first",
    "attention 需要权重 %s（或 %s）：请先给它赋值")
MSG(MSG_LAYER_KIND, "layer is followed by encoder or decoder, not %s",
    "layer 后面是 encoder 或 decoder，不是 %s")
MSG(MSG_HINT_LAYER_KIND, "layer encoder E heads 2 ffn 8 activation relu norm post",
    "layer encoder E heads 2 ffn 8 activation relu norm post")
MSG(MSG_LAYER_OPTION, "layer has the options of attention and 'norm pre|post', 'norm_type layer|rms', 'ffn N', "
    "'activation relu|gelu|gelu_tanh|swiglu', 'layers N', 'memory mem' (decoder), 'unembed W_E', 'temperature T' "
    "and 'record L', not '%s%s%s'",
    "layer 的选项是 attention 的选项，以及 norm pre|post、norm_type layer|rms、ffn N、"
    "activation relu|gelu|gelu_tanh|swiglu、layers N、memory mem（解码器）、unembed W_E、temperature T "
    "和 record L，没有“%s%s%s”")
MSG(MSG_LAYER_MEMORY_ENCODER, "'memory' is an option of decoder layers, whose cross-attention reads it; an encoder "
    "layer has no cross-attention: write 'layer decoder' to use a memory",
    "memory 是解码器层的选项，由它的交叉注意力读取；编码器层没有交叉注意力：要使用 memory 请写 layer decoder")
MSG(MSG_LAYER_MEMORY, "a decoder layer needs 'memory mem': the encoder output its cross-attention reads",
    "解码器层需要 memory mem：交叉注意力读取的编码器输出")
MSG(MSG_HINT_LAYER_MEMORY, "layer decoder Z heads 2 ffn 8 memory mem",
    "layer decoder Z heads 2 ffn 8 memory mem")
MSG(MSG_LAYER_FFN, "ffn %ld, but W_1 has %d columns: ffn is d_ff, the width of the feed-forward network",
    "ffn 是 %ld，但 W_1 有 %d 列：ffn 就是 d_ff，前馈网络的宽度")
MSG(MSG_WHAT_LAYERS, "layers", "layers（层数）")
MSG(MSG_WHAT_FFN, "ffn", "ffn（前馈网络宽度）")
MSG(MSG_HINT_ATTENTION_WEIGHT, "W_Q, W_K, W_V, W_O = random 4x4 seed 1 scale 0.5",
    "W_Q, W_K, W_V, W_O = random 4x4 seed 1 scale 0.5")
MSG(MSG_ONE_NUMBER, "%s must be one number", "%s 必须是一个数")
MSG(MSG_SINGLE_NUMBER, "%s must be a single number", "%s必须是单个数")
MSG(MSG_WHOLE_NUMBER_RANGE, "%s must be a whole number from %ld to %ld, not %g", "%s必须是 %ld 到 %ld 之间的整数，不能是 %g")
MSG(MSG_WHOLE_NUMBER, "%s must be a whole number, not %g", "%s必须是整数，不能是 %g")
MSG(MSG_NUMBER_RANGE, "%s must be between %ld and %ld, not %.0f", "%s必须在 %ld 到 %ld 之间，不能是 %.0f")
MSG(MSG_ONE_OF, "%s must be one of: %s", "%s 只能是以下之一：%s")
MSG(MSG_EPS_NONNEGATIVE, "eps must be 0 or more", "eps 必须大于或等于 0")
MSG(MSG_DOT_VECTOR, "dot takes two vectors; this is %d×%d", "dot 需要两个向量；这个是 %d×%d")
MSG(MSG_DOT_LENGTHS, "dot needs two vectors of the same length: %d and %d", "dot 需要两个长度相同的向量：%d 和 %d")
MSG(MSG_GAMMA_BETA_ROW, "%s must be a row of %d values (one per column), but it is %d×%d",
    "%s 必须是一行 %d 个值（每列一个），但它是 %d×%d")
MSG(MSG_EMPTY_ROW_UNDEFINED, "%s of a row with no values is undefined", "没有值的行，%s 没有定义")
MSG(MSG_SAMPLE_VARIANCE, "the sample variance needs at least 2 values per row", "样本方差要求每行至少有 2 个值")
MSG(MSG_RESHAPE, "%dx%d has %ld elements, so it cannot become %ldx%ld", "%dx%d 有 %ld 个元素，不能变成 %ldx%ld")
MSG(MSG_SQRT_NEGATIVE, "the square root of a negative number (%g at [%d][%d]) is not real",
    "负数的平方根不是实数（%g，在 [%d][%d] 处）")
MSG(MSG_LOG_NONPOSITIVE, "the logarithm needs a positive number, not %g (at [%d][%d])",
    "对数要求正数，不能是 %g（在 [%d][%d] 处）")
MSG(MSG_HEADS_SPLIT, "%d columns do not split into %ld heads", "%d 列不能平均分成 %ld 个头")
MSG(MSG_HINT_HEADS_SPLIT, "set the number of heads with 'heads N' or head(M, i, N)", "用 heads N 或 head(M, i, N) 设置头数")
MSG(MSG_CONCAT_ROWS, "concat puts matrices side by side, so they need the same rows: this one has %d, the first %d",
    "concat 把矩阵左右拼接，所以它们的行数必须相同：这个有 %d 行，第一个有 %d 行")
MSG(MSG_STACK_COLS, "stack puts matrices one under the other, so they need the same columns: this one has %d, the first %d",
    "stack 把矩阵上下叠放，所以它们的列数必须相同：这个有 %d 列，第一个有 %d 列")
MSG(MSG_LAST_EMPTY, "last needs a matrix with at least one row", "last 需要至少有一行的矩阵")
MSG(MSG_MASK_VALUE_NUMBER, "the mask value must be one number", "掩码值必须是一个数")
MSG(MSG_UNKNOWN_FUNCTION, "unknown function '%s'", "没有名为“%s”的函数")
MSG(MSG_HINT_FUNCTIONS, "the functions are listed in docs/lesson-language.md", "函数列表见 docs/lesson-language.md")
MSG(MSG_NO_OPTION, "%s has no option '%s'", "%s 没有选项“%s”")
MSG(MSG_TOO_MANY_ARGS, "too many arguments for %s", "%s 的参数太多")
MSG(MSG_NEEDS_ARG, "%s needs %d argument", "%s 需要 %d 个参数")
MSG(MSG_NEEDS_ARGS, "%s needs %d arguments", "%s 需要 %d 个参数")
MSG(MSG_MATRIX_TOO_LARGE, "a %ldx%ld matrix is larger than a lesson allows (%ld elements at most)",
    "%ldx%ld 的矩阵超出了课程允许的大小（最多 %ld 个元素）")
MSG(MSG_LOAD_TOO_LARGE, "%s has %ld numbers, more than a lesson allows in one matrix (%ld)",
    "%s 有 %ld 个数，超过课程中一个矩阵允许的数量（%ld）")
MSG(MSG_HINT_SMALL_EXAMPLES, "lessons are for small examples; export a model directory for big ones",
    "课程适合小例子；大的请导出为模型目录")
MSG(MSG_ELEMENTWISE_SHAPES, "%s is %s but %s is %s: they cannot be combined with '%s'",
    "%s 是 %s，而 %s 是 %s：两者不能用“%s”运算")
MSG(MSG_HINT_STAR_IS_ELEMENTWISE, "'*' multiplies element by element; for the matrix product write '@'",
    "“*”是逐元素相乘；矩阵乘法请写“@”")
MSG(MSG_HINT_BROADCAST, "element-wise operators need equal shapes, or a number, a row or a column to repeat",
    "逐元素运算要求形状相同，或者一方是可重复的一个数、一行或一列")
MSG(MSG_POWER_NOT_REAL, "(%g)^%g is not a real number", "(%g)^%g 不是实数")
MSG(MSG_HINT_NEGATIVE_ROOT, "a negative number has no real root: (-8)^(1/3) is not -2 here",
    "负数没有实数根：这里 (-8)^(1/3) 不等于 -2")
MSG(MSG_DIVISION_BY_ZERO, "division by zero", "除以零")
MSG(MSG_DIVISION_BY_ZERO_NAMED, "division by zero: %s is 0", "除以零：%s 等于 0")
MSG(MSG_DIVISION_BY_ZERO_AT, "division by zero: %s is 0 at [%d][%d]", "除以零：%s 在 [%d][%d] 处等于 0")
MSG(MSG_INNER_SIZES, "%s is %s but %s is %s: the inner sizes %d and %d differ",
    "%s 是 %s，而 %s 是 %s：内维 %d 和 %d 不相等")
MSG(MSG_HINT_TRANSPOSE, "to multiply by the rows of %s, transpose it: %s^T", "要与 %s 的各行相乘，请先转置：%s^T")
MSG(MSG_PRODUCT_TOO_BIG, "this product needs %.3g multiply-adds, more than a lesson allows (%.3g)",
    "这次乘法需要 %.3g 次乘加，超出了课程允许的上限（%.3g）")
MSG(MSG_EMPTY_LIST, "an empty list has no shape", "空列表没有形状")
MSG(MSG_LIST_THREE_DEEP, "lists nested three deep: a matrix has rows and columns only", "列表嵌套了三层：矩阵只有行和列")
MSG(MSG_HINT_TWO_LEVELS, "a matrix literal has two levels: [[1, 2], [3, 4]]", "矩阵字面量只有两层：[[1, 2], [3, 4]]")
MSG(MSG_LIST_ITEM_SHAPE, "each item of a list must be a number or a row, but this one is %d×%d",
    "列表的每一项必须是一个数或一行，但这一项是 %d×%d")
MSG(MSG_LIST_MIXED, "a list mixes numbers and rows", "列表里混用了数和行")
MSG(MSG_HINT_LIST_OF_ROWS, "write a matrix as a list of rows: [[1, 2], [3, 4]]", "把矩阵写成由行组成的列表：[[1, 2], [3, 4]]")
MSG(MSG_ROW_LENGTH, "row %d has %d values but row 0 has %d", "第 %d 行有 %d 个值，而第 0 行有 %d 个")
MSG(MSG_ROW_LENGTH_ONE, "row %d has %d value but row 0 has %d", "第 %d 行有 %d 个值，而第 0 行有 %d 个")
MSG(MSG_HINT_ROW_LENGTH, "every row of a matrix needs the same number of values", "矩阵的每一行必须有相同个数的值")
MSG(MSG_SCALE_NUMBER, "the scale must be a single number", "scale 必须是单个数")
MSG(MSG_RANDOM_REPEATS,
    "'%1$s' repeats random numbers that '%2$s' at line %3$d already drew: the two draws take the same stretch "
    "of the generator's sequence",
    "“%1$s”重复了第 %3$d 行“%2$s”已经取过的随机数：两次取数用的是生成器序列的同一段")
MSG(MSG_HINT_RANDOM_REPEATS,
    "give it a seed no other draw uses; all the names of one 'A, B = random RxC seed S' share S's sequence",
    "换一个别的取数都没用过的种子；同一条“A, B = random RxC seed S”的各个名字共用种子 S 的序列")
MSG(MSG_NO_BUILTIN_FILE, "%s: no such file among the built-in lessons", "%s：内置课程中没有这个文件")
MSG(MSG_NAMED_ERROR, "%s: %s", "%s：%s")
MSG(MSG_OUT_OF_MEMORY, "out of memory", "内存不足")
MSG(MSG_NAME_IS_FUNCTION, "'%s' is a function: write %s(...)", "“%s”是函数：请写 %s(...)")
MSG(MSG_UNKNOWN_NAME, "unknown name '%s'", "未定义的名字“%s”")
MSG(MSG_HINT_DEFINE_FIRST, "give it a value first: %s = ...", "请先给它赋值：%s = ...")
MSG(MSG_FLOAT_TOO_SMALL, "%g is too small for a 32-bit float: it would become 0 (the smallest is 1.4e-45)",
    "%g 太小，32 位浮点数表示不了：它会变成 0（最小约为 1.4e-45）")
MSG(MSG_HINT_WRITE_ZERO, "write 0 if 0 is meant", "如果想要的就是 0，请直接写 0")
MSG(MSG_EMPTY_SHAPE, "%s: shape %s is empty", "%s：形状 %s 是空的")
MSG(MSG_HINT_EMPTY_SHAPE, "a lesson's matrices have at least one row and one column", "课程中的矩阵至少要有一行一列")
MSG(MSG_EMPTY_NO_ROW, "%s is empty: it has no row to take", "%s 是空的：没有可以取的行")
MSG(MSG_FLOAT_TOO_LARGE, "%g is too large for a 32-bit float (at most 3.4e38)", "%g 超出了 32 位浮点数的范围（最大约 3.4e38）")
MSG(MSG_SHAPE_VS_EXPECTED, "%s is %d×%d but the expected value is %d×%d", "%s 是 %d×%d，而期望值是 %d×%d")
MSG(MSG_TOLERANCE, "the tolerance must be one number >= 0", "容差必须是一个大于或等于 0 的数")
MSG(MSG_NAN, "%s is not a number (NaN)%s", "%s 不是数（NaN）%s")
MSG(MSG_NAN_AT, " at [%d][%d]", "，位置 [%d][%d]")
MSG(MSG_HINT_NAN, "NaN comes from 0/0, inf - inf, 0 * inf, or a NaN in a loaded file",
    "NaN 来自 0/0、inf - inf、0 * inf，或载入文件中本来就有的 NaN")
MSG(MSG_TOTAL_WORK,
    "the lesson computes more than %.3g multiply-adds in all (each number an operation makes counts as %.0f); it "
    "stops here",
    "课程的计算量超过 %.3g 次乘加（运算得出的每个数算作 %.0f 次），到此停止")
MSG(MSG_TOO_MANY_STEPS, "the lesson makes more than %d steps; it stops here", "课程的步骤超过 %d 步，到此停止")
MSG(MSG_HINT_SPLIT_LESSON, "split the lesson into several", "把课程拆成几节")
MSG(MSG_MEMORY_LIMIT, "the lesson needs more than %ld million numbers (%ld MiB) at once; it stops here",
    "课程同时需要的数超过 %ld 百万个（%ld MiB），到此停止")
MSG(MSG_HINT_MEMORY_LIMIT, "lessons are for small examples: make the matrices smaller, or export a model directory",
    "课程适合小例子：请把矩阵改小，或者导出模型目录")
MSG(MSG_EPS_NUMBER, "eps must be a number >= 0", "eps 必须是大于或等于 0 的数")
MSG(MSG_MASK_NEGATIVE, "the mask value must be negative", "掩码值必须是负数")
MSG(MSG_HINT_MASK_NEGATIVE, "use -inf or a large negative number like -1e9", "请用 -inf 或很大的负数，例如 -1e9")
MSG(MSG_UNKNOWN_SETTING, "unknown setting '%s'", "没有名为“%s”的设置")
MSG(MSG_HINT_SETTINGS, "the settings are heads, variance, eps, eps_place and mask_value",
    "可用的设置有 heads、variance、eps、eps_place 和 mask_value")
MSG(MSG_ONLY_RANDOM_SEVERAL, "only 'random' can give several names a value at once", "只有 random 能一次给多个名字赋值")
MSG(MSG_HINT_ONLY_RANDOM_SEVERAL, "give each name its own statement, or use random for several at once",
    "每个名字单独写一条语句，或者用 random 一次给多个名字赋值")
MSG(MSG_ASK_ONE_CELL, "ask names one cell: NAME[row][column]", "ask 要指定一个格子：名字[行][列]")
MSG(MSG_HINT_ASK, "ask Q[1][0]", "ask Q[1][0]")
MSG(MSG_ASK_NOT_COMPUTED, "no step so far computes '%s'", "到这里为止还没有哪一步计算“%s”")
MSG(MSG_HINT_ASK_AFTER, "ask about a matrix after the statement that computes it", "要在计算出某个矩阵的语句之后再 ask 它")
MSG(MSG_UNKNOWN_PROFILE, "unknown profile '%s'", "没有名为“%s”的配置")
MSG(MSG_HINT_PROFILES, "the profiles are pytorch, annotated, tensorflow and article001",
    "可用的配置有 pytorch、annotated、tensorflow 和 article001")
MSG(MSG_FORMULA_OUTSIDE_STEP, "'formula' belongs to a step", "“formula”只能写在步骤里")
MSG(MSG_HINT_FORMULA_OUTSIDE_STEP, "indent it under a step", "把它缩进到某个步骤下面")

/* where a `layer` statement's step is, before its title (lang/attention.c) */
MSG(MSG_WHERE_LAYER, "layer %d · %s: ", "第 %d 层 · %s：")
MSG(MSG_WHERE_SELF, "self-attention", "自注意力")
MSG(MSG_WHERE_CROSS, "cross-attention", "交叉注意力")
MSG(MSG_WHERE_FFN, "FFN", "前馈网络")
MSG(MSG_WHERE_AFTER_STACK, "after the stack: ", "堆叠之后：")

/* reading a typed number: a quiz answer, an edited cell (lang/number.c) */
MSG(MSG_NUMBER_NOT_MATRIX, "one number, not a %d×%d matrix", "只能是一个数，不能是 %d×%d 的矩阵")
MSG(MSG_NUMBER_NONE, "not a number", "不是数")

/* ---- loading a lesson ------------------------------------------------------ */
MSG(MSG_LESSON_TOO_LARGE, "the lesson is larger than the limit of %d bytes", "课程超过了 %d 字节的上限")
MSG(MSG_BINARY_FILE, "this is a binary file (a NUL byte at offset %zu), not a lesson",
    "这是二进制文件（偏移 %zu 处有 NUL 字节），不是课程")
MSG(MSG_LESSON_CONTROL, "a control character (U+%04X) in the lesson: a terminal would act on it rather than show it",
    "课程里有控制字符（U+%04X）：终端会执行它，而不是显示它")
MSG(MSG_INVALID_UTF8, "invalid UTF-8 (byte 0x%02X): a lesson must be UTF-8 text", "无效的 UTF-8（字节 0x%02X）：课程必须是 UTF-8 文本")
MSG(MSG_HINT_SAVE_UTF8, "save the lesson as UTF-8", "请把课程保存为 UTF-8")
MSG(MSG_SOURCE_IS_DIR, "is a directory, not a lesson file", "是目录，不是课程文件")
MSG(MSG_SOURCE_CANNOT_READ, "cannot read the file", "无法读取这个文件")
MSG(MSG_LOADER_TOO_MANY_FILES, "too many weight files", "权重文件太多")
MSG(MSG_LOADER_MODEL_HEADER, "A model directory. Each weight is read once from its file:\n",
    "一个模型目录。每个权重从它的文件读入一次：\n")
MSG(MSG_LOADER_MODEL_PASS, "Then attention runs once over E with these weights.\n",
    "然后注意力用这些权重在 E 上运行一次。\n")
MSG(MSG_LOADER_MODEL_STACK, "Then the stack of layers runs once over E with these weights.\n",
    "然后这叠层用这些权重在 E 上运行一次。\n")
MSG(MSG_LOADER_GPT2_HEADER, "GPT-2, %d layers, %d heads, width %d, feed-forward %d. Its tensors, and shapes:\n",
    "GPT-2，%d 层，%d 个头，宽 %d，前馈 %d。它的张量和形状：\n")
MSG(MSG_LOADER_GPT2_TIED, " (the unembedding: the embedding's own rows)\n", "（反嵌入：就是嵌入的那些行）\n")
MSG(MSG_LOADER_GPT2_PASS, "Then the %d layers run once over the text: layer %d in full, then the next token.\n",
    "然后这 %d 层在文本上运行一次：完整显示第 %d 层，再是下一个词元。\n")
/* a model's weight steps: the title, and where the weight comes from */
MSG(MSG_WEIGHT_TITLE, "Weights: %s", "权重：%s")
MSG(MSG_WEIGHT_TITLE_LAYER, "Weights: %s of layer %d", "权重：%s（第 %d 层）")
MSG(MSG_WEIGHT_FROM_TENSOR,
    "From the checkpoint's model.safetensors, tensor %s, shape %d×%d (rows × columns): learned in training; "
    "no step computes it.",
    "来自检查点的 model.safetensors，张量 %s，形状 %d×%d（行 × 列）：由训练得到；没有哪一步计算它。")
MSG(MSG_WEIGHT_FROM_FILE,
    "From the model directory's file %s, shape %d×%d (rows × columns): the model's own numbers; "
    "no step computes them.",
    "来自模型目录的文件 %s，形状 %d×%d（行 × 列）：是模型自己的数；没有哪一步计算它们。")
MSG(MSG_WEIGHT_SLICE, " c_attn holds W_Q, W_K and W_V side by side; [a:b] takes columns a to b−1.",
    "c_attn 把 W_Q、W_K 和 W_V 并排放在一起；[a:b] 取第 a 到 b−1 列。")
MSG(MSG_WEIGHT_IDS, " [ids] takes the rows of the text's token ids, one row per token, in order.",
    "[ids] 按顺序取文本中各词元 id 的那些行，每个词元一行。")
MSG(MSG_EMPTY_LESSON, "the lesson is empty", "课程是空的")
MSG(MSG_HINT_EMPTY_LESSON, "a lesson needs at least one statement: tokens, a matrix, a step...",
    "课程至少要有一条语句：tokens、一个矩阵、一个步骤……")

/* ---- why a check failed (the usual mistakes) ------------------------------ */
MSG(MSG_MISTAKE_LN_SAMPLE,
    "It matches layer norm with the sample variance, dividing by d − 1%s. Layer norm divides by d "
    "(the population variance), as torch.nn.LayerNorm does%s.",
    "它与用样本方差（除以 d − 1%s）的层归一化一致。层归一化除以 d（总体方差），与 torch.nn.LayerNorm 相同%s。")
MSG(MSG_MISTAKE_LN_POPULATION,
    "It matches layer norm with the population variance, dividing by d%s; this lesson's convention divides by d − 1%s.",
    "它与用总体方差（除以 d%s）的层归一化一致；本课的约定是除以 d − 1%s。")
MSG(MSG_MISTAKE_SIGMA_SAMPLE, ": σ = %.4g", "，σ = %.4g")
MSG(MSG_MISTAKE_SIGMA_POPULATION, ", giving σ = %.4g", "，σ = %.4g")
MSG(MSG_MISTAKE_LN_EPS_OUTSIDE,
    "It matches ε added to the standard deviation, (x − μ) / (σ + ε), instead of to the variance, (x − μ) / √(σ² + ε).%s%s",
    "它与把 ε 加在标准差上 (x − μ) / (σ + ε) 一致，而不是加在方差上 (x − μ) / √(σ² + ε)。%s%s")
MSG(MSG_MISTAKE_LN_EPS_INSIDE,
    "It matches ε added to the variance, √(σ² + ε), instead of to the standard deviation.%s%s",
    "它与把 ε 加在方差上 √(σ² + ε) 一致，而不是加在标准差上。%s%s")
MSG(MSG_MISTAKE_LN_NO_EPS, "It matches layer norm without ε.%s%s", "它与不加 ε 的层归一化一致。%s%s")
MSG(MSG_MISTAKE_NO_SCALE, "It matches the scores without the division by √d_k: the scaling step was left out.%s%s",
    "它与没有除以 √d_k 的分数一致：漏掉了缩放这一步。%s%s")
MSG(MSG_MISTAKE_SCALE_DMODEL,
    "It matches dividing by √d_model instead of √d_k: each head divides by the square root of its own size, "
    "d_k = d_model / heads.%s%s",
    "它与除以 √d_model 一致，而不是 √d_k：每个头除以自己维度的平方根，d_k = d_model / 头数。%s%s")
MSG(MSG_MISTAKE_SOFTMAX_COLUMNS,
    "It matches a softmax down the columns; attention's softmax runs along each row, over the keys of one query.%s%s",
    "它与按列做 softmax 一致；注意力的 softmax 按行进行，即对同一个查询的所有键归一化。%s%s")
MSG(MSG_MISTAKE_SOFTMAX_ALL,
    "It matches one softmax over the whole matrix; attention normalises each row on its own, so every row sums to 1.%s%s",
    "它与对整个矩阵做一次 softmax 一致；注意力对每一行分别归一化，所以每一行的和都是 1。%s%s")
MSG(MSG_MISTAKE_NO_MASK,
    "It matches attention without the causal mask; with the mask a token cannot attend to later tokens.%s%s",
    "它与没有因果掩码的注意力一致；加了掩码后，一个词元不能关注它后面的词元。%s%s")
MSG(MSG_MISTAKE_VAR_SAMPLE,
    "It matches the sample variance, dividing by n − 1; the convention here divides by n (the population variance).",
    "它与样本方差（除以 n − 1）一致；这里的约定是除以 n（总体方差）。")
MSG(MSG_MISTAKE_VAR_POPULATION,
    "It matches the population variance, dividing by n; the convention here divides by n − 1 (the sample variance).",
    "它与总体方差（除以 n）一致；这里的约定是除以 n − 1（样本方差）。")
MSG(MSG_MISTAKE_TRANSPOSE,
    "It matches the transpose: rows and columns are swapped (rows are queries, columns are keys; K is transposed in Q·Kᵀ).",
    "它与转置后的结果一致：行和列互换了（行是查询，列是键；Q·Kᵀ 中的 K 要转置）。")
MSG(MSG_QUIZ_ACROSS_DIAGONAL, "That is the cell across the diagonal, [j][i]: rows are queries, columns are keys.",
    "这是对角线另一侧的格子 [j][i]：行是查询，列是键。")

/* ---- the verdict of an expect (check, traces, the UI) ---------------------- */
MSG(MSG_EXPECT_DIFFERS, "differs from the article's value, as expected", "与文章给出的值不同，符合预期")
MSG(MSG_EXPECT_SAME, "matches the value it was expected to differ from", "与本应不同的值一致")
MSG(MSG_EXPECT_WITHIN, "matches (within ±%g)", "一致（误差不超过 ±%g）")
MSG(MSG_EXPECT_RELATIVE, "matches (to 1e-5 relative)", "一致（相对误差不超过 10⁻⁵）")
MSG(MSG_EXPECT_DECIMAL, "matches to %d decimal", "一致（精确到 %d 位小数）")
MSG(MSG_EXPECT_DECIMALS, "matches to %d decimals", "一致（精确到 %d 位小数）")
MSG(MSG_EXPECT_AT_CELL, " at [%d][%d]", "（[%d][%d] 处）")
MSG(MSG_EXPECT_MISMATCH, "does not match: expected %s%s, got %s (off by %s; tolerance %.2g)",
    "不一致：期望 %s%s，实际为 %s（相差 %s，容差 %.2g）")
MSG(MSG_SENTENCE_END, ". ", "。")

/* ---- the words around a lesson's text (output/words.h) --------------------- */
MSG(MSG_W_STEP, "Step", "第")
MSG(MSG_W_STEPS, "steps", "步")
MSG(MSG_W_STEP_ONE, "step", "步")
MSG(MSG_W_PROFILE, "profile", "配置")
MSG(MSG_W_FORMULA, "formula", "公式")
MSG(MSG_W_LINE, "line", "行")
MSG(MSG_W_FROM, "from", "输入")
MSG(MSG_W_EXPECTED, "expected", "期望")
MSG(MSG_W_ACTUAL, "actual", "实际")
MSG(MSG_W_PASS, "PASS", "通过")
MSG(MSG_W_FAIL, "FAIL", "失败")
MSG(MSG_W_PASSED, "passed", "通过")
MSG(MSG_W_FAILED, "failed", "失败")
MSG(MSG_W_TOKENS, "Tokens", "词元")
MSG(MSG_W_COMPUTED, "computed", "计算结果")
MSG(MSG_W_HEAD, "head", "头")
MSG(MSG_W_COLUMNS, "columns", "列")

/* ---- traces and check -------------------------------------------------------- */
MSG(MSG_TRACE_PROFILE, "profile %s, %d steps", "配置 %s，共 %d 步")
MSG(MSG_TRACE_PROFILE_ONE, "profile %s, %d step", "配置 %s，共 %d 步")
MSG(MSG_TRACE_STEP, "Step %d/%d", "第 %d/%d 步")
MSG(MSG_TRACE_STEP_TITLED, "Step %d/%d: %s", "第 %d/%d 步：%s")
MSG(MSG_TRACE_LINE, "-- line %d: ", "-- 第 %d 行：")
MSG(MSG_TRACE_FROM, "from: ", "输入：")
MSG(MSG_TRACE_INPUT, "%s (%d×%d)", "%s（%d×%d）")
MSG(MSG_TRACE_TOKENS, "Tokens: ", "词元：")
MSG(MSG_LIST_SEP, ", ", "、")
MSG(MSG_COMMA, ", ", "，")
MSG(MSG_TRACE_FORMULA, "formula: %s", "公式：%s")
MSG(MSG_TRACE_EXPECT_COUNTS, "expect: %d passed, %d failed", "检查：通过 %d 条，失败 %d 条")
MSG(MSG_CHECK_COUNTS, "%d passed, %d failed", "通过 %d 条，失败 %d 条")
MSG(MSG_CHECK_LINE, "%s:%d: %s%s%s  %s: %s", "%s:%d: %s%s%s  %s：%s")
MSG(MSG_CHECK_NONE, "%s: no expect lines to check", "%s：没有可检查的 expect 行")


/* ---- a function's usage line, the hint of a wrong call (lang/builtins.c) ------ */
MSG(MSG_USAGE_SOFTMAX, "softmax(x): each row to weights that sum to 1", "softmax(x)：把每一行变成和为 1 的权重")
MSG(MSG_USAGE_LAYERNORM, "layernorm(x [, gamma, beta] [, variance=population|sample] [, eps=1e-5] [, eps_place=inside|outside])",
    "layernorm(x [, gamma, beta] [, variance=population|sample] [, eps=1e-5] [, eps_place=inside|outside])")
MSG(MSG_USAGE_RMSNORM, "rmsnorm(x [, gamma] [, eps=1e-5]): x / √(mean(x²) + ε) per row, times gamma; no mean, no beta",
    "rmsnorm(x [, gamma] [, eps=1e-5])：每一行 x / √(mean(x²) + ε)，再乘 gamma；不减均值，没有 beta")
MSG(MSG_USAGE_SILU, "silu(x): x·σ(x) = x / (1 + e^(−x)), element by element (SwiGLU's gate)",
    "silu(x)：逐元素计算 x·σ(x) = x / (1 + e^(−x))（SwiGLU 的门）")
MSG(MSG_USAGE_MEAN, "mean(x): the mean of each row", "mean(x)：每一行的均值")
MSG(MSG_USAGE_VAR, "var(x [, variance=population|sample]): the variance of each row",
    "var(x [, variance=population|sample])：每一行的方差")
MSG(MSG_USAGE_STD, "std(x [, variance=population|sample]): the standard deviation of each row",
    "std(x [, variance=population|sample])：每一行的标准差")
MSG(MSG_USAGE_SUM, "sum(x): the sum of each row", "sum(x)：每一行的和")
MSG(MSG_USAGE_DOT, "dot(a, b): the dot product of two vectors of the same length", "dot(a, b)：两个等长向量的点积")
MSG(MSG_USAGE_MAX, "max(x): the largest value of each row", "max(x)：每一行的最大值")
MSG(MSG_USAGE_MIN, "min(x): the smallest value of each row", "min(x)：每一行的最小值")
MSG(MSG_USAGE_ROWS, "rows(x): the number of rows", "rows(x)：行数")
MSG(MSG_USAGE_TOTAL, "total(x): the sum of every element", "total(x)：所有元素之和")
MSG(MSG_USAGE_FLATTEN, "flatten(x): all elements in one row", "flatten(x)：所有元素排成一行")
MSG(MSG_USAGE_RESHAPE, "reshape(x, rows, cols): the elements row by row in a new shape",
    "reshape(x, rows, cols)：按行依次取出元素，排成新的形状")
MSG(MSG_USAGE_COLS, "cols(x): the number of columns", "cols(x)：列数")
MSG(MSG_USAGE_ABS, "abs(x)", "abs(x)")
MSG(MSG_USAGE_LOG, "log(x): the natural logarithm", "log(x)：自然对数")
MSG(MSG_USAGE_SIN, "sin(x), x in radians", "sin(x)，x 以弧度为单位")
MSG(MSG_USAGE_COS, "cos(x), x in radians", "cos(x)，x 以弧度为单位")
MSG(MSG_USAGE_SQRT, "sqrt(x)", "sqrt(x)")
MSG(MSG_USAGE_EXP, "exp(x)", "exp(x)")
MSG(MSG_USAGE_RELU, "relu(x): max(x, 0)", "relu(x): max(x, 0)")
MSG(MSG_USAGE_GELU, "gelu(x): x·Φ(x) = 0.5·x·(1 + erf(x/√2))", "gelu(x): x·Φ(x) = 0.5·x·(1 + erf(x/√2))")
MSG(MSG_USAGE_GELU_TANH, "gelu_tanh(x): 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))",
    "gelu_tanh(x): 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))")
MSG(MSG_USAGE_TRANSPOSE, "transpose(x), also x^T", "transpose(x)，也可写作 x^T")
MSG(MSG_USAGE_HEAD, "head(M, i [, heads]): the columns of head i", "head(M, i [, heads])：第 i 个头的列")
MSG(MSG_USAGE_CONCAT, "concat(A, B, ...): side by side", "concat(A, B, ...)：左右并排")
MSG(MSG_USAGE_STACK, "stack(A, B, ...): one under the other (rows appended)", "stack(A, B, ...)：上下堆叠（追加行）")
MSG(MSG_USAGE_LAST, "last(x): the last row", "last(x)：最后一行")
MSG(MSG_USAGE_MASK, "mask(T [, value]): the causal mask, value (-inf) above the diagonal",
    "mask(T [, value])：因果掩码，对角线以上为 value（-inf）")
MSG(MSG_USAGE_POSITIONS, "positions(n, d): sinusoidal positional encoding", "positions(n, d)：正弦位置编码")
MSG(MSG_USAGE_EYE, "eye(n): the n x n identity", "eye(n)：n x n 单位矩阵")
MSG(MSG_USAGE_ZEROS, "zeros(rows, cols)", "zeros(rows, cols)")
MSG(MSG_USAGE_ONES, "ones(rows, cols)", "ones(rows, cols)")
