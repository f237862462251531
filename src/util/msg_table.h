/* msg_table.h - the text of every message, English and Chinese; included
 * by util/msg.h (the ids) and util/msg.c (the texts) with MSG defined.
 *
 * To add a message:
 *   1. Add one line below, in the group it belongs to:
 *          MSG(MSG_MY_ID, "English text with %s", "中文文本，含 %s")
 *      Both texts are printf formats and must take the same values; the
 *      Chinese may take them in another order by position, "%2$s 的%1$s"
 *      (printf's own syntax), using every one (tests/test_msg.c checks
 *      every line). The Chinese uses
 *      full-width punctuation (，。：；（）“”) and the terms of
 *      docs/glossary.md; names, code and numbers stay as they are.
 *   2. Report it by id. In the lesson language:
 *          parse_error_at(p, &tok, NULL, MSG_MY_ID, value);      (parser)
 *          rt_error(in, pos, span, NULL, MSG_MY_ID, value);      (interpreter)
 *      where the hint, when there is one, is diag_text(d, MSG_HINT_...).
 *      Elsewhere: msg_print(stderr, lang, MSG_MY_ID, value) with
 *      lang = msg_lang(lesson language) or msg_locale().
 *      Below the interpreter, where the language is not known:
 *          return err_set_msg(err, MSG_MY_ID, value);
 *      fills the Error in both languages (err_set_msg_in(err, path,
 *      MSG_MY_ID, value) with "path: " in front); the caller shows
 *      err_text(&err, lang).
 *   The position `file:line:col:` and the caret are added by diag_print;
 *   never put them in a message.
 */

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
MSG(MSG_LAYER_OPTION, "layer has the options of attention and 'norm pre|post', 'ffn N', "
    "'activation relu|gelu|gelu_tanh', 'layers N' and 'memory M', not '%s%s%s'",
    "layer 的选项是 attention 的选项，以及 norm pre|post、ffn N、"
    "activation relu|gelu|gelu_tanh、layers N 和 memory M，没有“%s%s%s”")
MSG(MSG_LAYER_MEMORY, "a decoder layer needs 'memory M': the encoder output its cross-attention reads",
    "解码器层需要 memory M：交叉注意力读取的编码器输出")
MSG(MSG_HINT_LAYER_MEMORY, "layer decoder Z heads 2 ffn 8 memory M",
    "layer decoder Z heads 2 ffn 8 memory M")
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
MSG(MSG_TOTAL_WORK, "the lesson computes more than %.0e multiply-adds in all; it stops here",
    "课程的乘加总次数超过 %.0e，到此停止")
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
MSG(MSG_WHERE_LAYER, "layer %d · %s: ", "层 %d · %s：")
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
MSG(MSG_INVALID_UTF8, "invalid UTF-8 (byte 0x%02X): a lesson must be UTF-8 text", "无效的 UTF-8（字节 0x%02X）：课程必须是 UTF-8 文本")
MSG(MSG_HINT_SAVE_UTF8, "save the lesson as UTF-8", "请把课程保存为 UTF-8")
MSG(MSG_SOURCE_IS_DIR, "is a directory, not a lesson file", "是目录，不是课程文件")
MSG(MSG_SOURCE_CANNOT_READ, "cannot read the file", "无法读取这个文件")
MSG(MSG_LOADER_TOO_MANY_FILES, "too many weight files", "权重文件太多")
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

/* ---- the command line ---------------------------------------------------------- */
MSG(MSG_CLI_USAGE, "usage: ", "用法：")
MSG(MSG_CLI_PRECISION, "--precision takes a number of decimals from 0 to 9, not '%s'",
    "--precision 的值是 0 到 9 之间的小数位数，不能是“%s”")
MSG(MSG_CLI_FORMAT, "--format is text, md or json, not '%s'", "--format 只能是 text、md 或 json，不能是“%s”")
MSG(MSG_CLI_EVAL_ARGUMENT, "eval: unexpected argument '%s'", "eval：多余的参数“%s”")
MSG(MSG_CLI_EXPR_TOO_LONG, "the expression is too long", "表达式太长")
MSG(MSG_CLI_EXPR_UTF8, "the expression is not valid UTF-8 (byte %zu)", "表达式不是有效的 UTF-8（第 %zu 字节）")
MSG(MSG_CLI_NO_LESSONS, "(no built-in lessons in this build)", "（这个版本没有内置课程）")
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
    "usage: attnstep [--simd NAME] [COMMAND] [ARGS]\n"
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
    "export and quiz also take a GPT-2 checkpoint directory (Hugging Face's\n"
    "model.safetensors, config.json, vocab.json, merges.txt) with --text TEXT\n"
    "and the options of gpt2.\n"
    "\n"
    "options:\n"
    "  --simd NAME   kernel set: auto, scalar, avx2, avx512, avx512-emulated, neon\n"
    "                (also the ATTNSTEP_SIMD environment variable)\n"
    "  --help        this text\n"
    "  --version     the version and the active SIMD set\n",
    "用法：attnstep [--simd 名字] [命令] [参数]\n"
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
    "课程可以是课程文件、模型目录，或内置课程的名字。trace、export 和 quiz 也接受\n"
    "GPT-2 检查点目录（Hugging Face 的 model.safetensors、config.json、vocab.json、\n"
    "merges.txt），要加上 --text 文本 以及 gpt2 的选项。\n"
    "\n"
    "选项：\n"
    "  --simd 名字   内核集：auto、scalar、avx2、avx512、avx512-emulated、neon\n"
    "                （也可用环境变量 ATTNSTEP_SIMD 设置）\n"
    "  --help        显示本帮助\n"
    "  --version     版本号和当前使用的 SIMD 内核集\n")

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

/* ---- writing an export (io/export.c), raised through Error --------------------- */
MSG(MSG_EXP_NAME, "cannot export a matrix named '%s': not a plain file name", "不能导出名为“%s”的矩阵：它不是普通的文件名")
MSG(MSG_EXP_CANNOT_CHECK, "cannot check it: %s", "无法检查：%s")
MSG(MSG_EXP_SYMLINK, "is a symbolic link; give the directory it points to instead", "是符号链接；请直接给出它指向的目录")
MSG(MSG_EXP_NOT_DIR, "exists and is not a directory", "已经存在，而且不是目录")
MSG(MSG_EXP_NOT_EMPTY, "exists and is not empty; use --force to replace it (allowed only when it holds nothing but "
    ".npy files)", "已经存在且不是空的；要替换它请加 --force（只有里面全是 .npy 文件时才允许）")
MSG(MSG_EXP_FOREIGN, "holds '%s', which is not a .npy file: refusing to replace the directory, even with --force",
    "里面有“%s”，它不是 .npy 文件：即使加了 --force 也不会替换这个目录")
MSG(MSG_EXP_STOPPED, "stopped by %s; the files written so far were removed and %s is as it was",
    "被%s中止；已经写出的文件都删除了，%s 保持原样")
MSG(MSG_EXP_SIGINT, "an interrupt (Ctrl-C)", "中断（Ctrl-C）")
MSG(MSG_EXP_SIGTERM, "SIGTERM", " SIGTERM ")
MSG(MSG_EXP_SIGHUP, "SIGHUP", " SIGHUP ")
MSG(MSG_EXP_MOVE_IN, "cannot move the finished directory into place: %s", "无法把写好的目录移到位：%s")
MSG(MSG_EXP_MKDIR_BESIDE, "cannot create a directory beside it: %s", "无法在它旁边创建目录：%s")
MSG(MSG_EXP_MOVE_ASIDE, "cannot move the old directory aside: %s", "无法把旧目录移到一旁：%s")
MSG(MSG_EXP_MOVE_IN_LEFT, "cannot move the finished directory into place, and the old one is left at %s",
    "无法把写好的目录移到位，旧目录留在了 %s")
MSG(MSG_EXP_NAME_DIR, "name a new or empty directory to export into", "请给出一个新的或空的目录作为导出位置")
MSG(MSG_EXP_NO_PARENT, "the directory it would go in, %s, does not exist", "它所在的目录 %s 不存在")
MSG(MSG_EXP_MKDIR_IN, "cannot create a directory in %s: %s", "无法在 %s 中创建目录：%s")
MSG(MSG_EXP_CHMOD, "cannot set permissions: %s", "无法设置权限：%s")
MSG(MSG_EXP_RESTORE_FAILED, "%s is missing and its last contents are in %s, but moving them back failed: %s",
    "%s 不见了，它最后的内容在 %s 中，但移回去失败了：%s")
MSG(MSG_EXP_NOTE_REMOVED_TMP, "removed %s, the partial output of an export that was stopped",
    "已删除 %s：这是一次被中止的导出留下的不完整输出")
MSG(MSG_EXP_NOTE_LEFT_TMP, "left %s alone: an export that was stopped made it, but it holds files other than .npy",
    "没有动 %s：它是一次被中止的导出建的，但里面有 .npy 以外的文件")
MSG(MSG_EXP_NOTE_RESTORED, "restored %s from %s, where an export that was stopped had moved it",
    "已从 %2$s 恢复 %1$s：一次被中止的导出曾把它移到那里")
MSG(MSG_EXP_NOTE_REMOVED_OLD, "removed %s, the previous contents of %s, which an export that was stopped had already "
    "replaced", "已删除 %1$s：这是 %2$s 原来的内容，一次被中止的导出已经替换了它")
MSG(MSG_EXP_NOTE_LEFT_OLD, "left %s alone: it holds files other than .npy", "没有动 %s：里面有 .npy 以外的文件")

/* ---- a function's usage line, the hint of a wrong call (lang/builtins.c) ------ */
MSG(MSG_USAGE_SOFTMAX, "softmax(x): each row to weights that sum to 1", "softmax(x)：把每一行变成和为 1 的权重")
MSG(MSG_USAGE_LAYERNORM, "layernorm(x [, gamma, beta] [, variance=population|sample] [, eps=1e-5] [, eps_place=inside|outside])",
    "layernorm(x [, gamma, beta] [, variance=population|sample] [, eps=1e-5] [, eps_place=inside|outside])")
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

/* ---- reading any file (io/), raised through Error ------------------------------ */
MSG(MSG_FILE_CANNOT_OPEN, "cannot open: %s", "无法打开：%s")
MSG(MSG_FILE_CANNOT_READ, "cannot read: %s", "无法读取：%s")
MSG(MSG_FILE_SHRANK, "the file became shorter while it was being read", "读取过程中文件变短了")
MSG(MSG_FILE_NOT_REGULAR, "is not a regular file", "不是普通文件")
MSG(MSG_FILE_CANNOT_WRITE, "cannot write: %s", "无法写入：%s")
MSG(MSG_FILE_CANNOT_CREATE, "cannot create: %s", "无法创建：%s")
MSG(MSG_FILE_CANNOT_CREATE_TEMP, "cannot create a temporary file beside it: %s", "无法在它旁边创建临时文件：%s")
MSG(MSG_FILE_CANNOT_CHMOD, "cannot set the file's permissions: %s", "无法设置文件权限：%s")
MSG(MSG_FILE_CANNOT_RENAME, "cannot rename the finished file into place: %s", "无法把写好的文件改名到位：%s")

/* ---- reading .npy files (io/npy.c), raised through Error ------------------------ */
MSG(MSG_NPY_BIG_ENDIAN, "dtype '%s' is big-endian; only little-endian float32 '<f4' and float64 '<f8' are read "
    "(in NumPy: arr.astype('<f4'))",
    "dtype“%s”是大端序；只能读取小端序的 float32 '<f4' 和 float64 '<f8'（在 NumPy 中：arr.astype('<f4')）")
MSG(MSG_NPY_DTYPE, "dtype '%s' (%s) is not supported: only float32 '<f4' and float64 '<f8' are read "
    "(in NumPy: arr.astype(np.float32))",
    "不支持 dtype“%s”（%s）：只能读取 float32 '<f4' 和 float64 '<f8'（在 NumPy 中：arr.astype(np.float32)）")
MSG(MSG_NPY_MAGIC, "not a .npy file: it does not start with \"\\x93NUMPY\"", "不是 .npy 文件：开头不是 \"\\x93NUMPY\"")
MSG(MSG_NPY_PREAMBLE, "truncated: the file ends inside the .npy preamble (%zu bytes)",
    "文件不完整：在 .npy 的开头部分就结束了（%zu 字节）")
MSG(MSG_NPY_VERSION, "unsupported .npy format version %d.%d (1.0, 2.0 and 3.0 are read)",
    "不支持的 .npy 格式版本 %d.%d（可读取 1.0、2.0 和 3.0）")
MSG(MSG_NPY_HEADER_SHORT, "truncated: the header length is %zu bytes but only %zu follow",
    "文件不完整：头部长度为 %zu 字节，但后面只有 %zu 字节")
MSG(MSG_NPY_HEADER_LONG, "the header is %zu bytes long, more than the %d accepted", "头部长 %zu 字节，超过了可接受的 %d 字节")
MSG(MSG_NPY_HEADER_MEMORY, "out of memory for the header", "内存不足，无法读取头部")
MSG(MSG_NPY_INVALID_HEADER, "invalid header: %s (header: %s)", "无效的头部：%s（头部：%s）")
MSG(MSG_NPY_TOO_LARGE, "shape %s is too large (%s would not fit in memory)", "形状 %s 太大（%s 放不进内存）")
MSG(MSG_NPY_TRUNCATED, "truncated: the header promises %s (%zu bytes of data) but the file has %zu",
    "文件不完整：头部说有 %s（%zu 字节数据），但文件只有 %zu 字节")
MSG(MSG_NPY_TRAILING, "trailing data: the header promises %s (%zu bytes of data) but the file has %zu (%zu bytes too many)",
    "末尾有多余数据：头部说有 %s（%zu 字节数据），但文件有 %zu 字节（多了 %zu 字节）")
MSG(MSG_NPY_LIMITS, "shape %s is past attnstep's limits", "形状 %s 超出了 attnstep 的限制")
MSG(MSG_NPY_NDIM, "shape %s has %d dimensions: expected a vector (n,) or a matrix (rows, cols)",
    "形状 %s 有 %d 个维度：应为向量 (n,) 或矩阵 (rows, cols)")
MSG(MSG_NPY_RANGE, "element %s is %g, outside the float32 range (about ±3.4e38)",
    "元素 %s 是 %g，超出了 float32 的范围（约 ±3.4e38）")
MSG(MSG_NPY_IS_DIR, "is a directory, not a .npy file", "是目录，不是 .npy 文件")
/* the header dict: what is wrong in it, inside MSG_NPY_INVALID_HEADER */
MSG(MSG_NPY_HQUOTED, "expected a quoted string", "应为带引号的字符串")
MSG(MSG_NPY_HSTRING_CHAR, "unsupported character in a string", "字符串里有不支持的字符")
MSG(MSG_NPY_HSTRING_LONG, "string too long", "字符串太长")
MSG(MSG_NPY_HSTRING_OPEN, "unterminated string", "字符串没有结束")
MSG(MSG_NPY_HFORTRAN, "'fortran_order' must be True or False", "'fortran_order' 只能是 True 或 False")
MSG(MSG_NPY_HSHAPE_TUPLE, "'shape' must be a tuple such as (3, 4)", "'shape' 必须是元组，例如 (3, 4)")
MSG(MSG_NPY_HSHAPE_SEP, "expected ',' or ')' in 'shape'", "'shape' 里应为 ',' 或 ')'")
MSG(MSG_NPY_HSHAPE_NEGATIVE, "a dimension in 'shape' is negative", "'shape' 里有负的维度")
MSG(MSG_NPY_HSHAPE_INTEGERS, "'shape' must be a tuple of non-negative integers", "'shape' 必须是由非负整数组成的元组")
MSG(MSG_NPY_HSHAPE_HUGE, "a dimension in 'shape' is absurdly large", "'shape' 里有一个维度大得离谱")
MSG(MSG_NPY_HSHAPE_NDIM, "'shape' has too many dimensions", "'shape' 的维度太多")
MSG(MSG_NPY_HSHAPE_ONE, "'shape' must be a tuple: a single dimension is written (n,)", "'shape' 必须是元组：只有一个维度时写作 (n,)")
MSG(MSG_NPY_HDICT, "expected a dict starting with '{'", "应为以 '{' 开头的字典")
MSG(MSG_NPY_HCOLON, "expected ':' after a key", "键的后面应为 ':'")
MSG(MSG_NPY_HDESCR_TWICE, "'descr' appears twice", "'descr' 出现了两次")
MSG(MSG_NPY_HSTRUCTURED, "a structured dtype (a list of fields) is not supported", "不支持结构化 dtype（字段列表）")
MSG(MSG_NPY_HFORTRAN_TWICE, "'fortran_order' appears twice", "'fortran_order' 出现了两次")
MSG(MSG_NPY_HSHAPE_TWICE, "'shape' appears twice", "'shape' 出现了两次")
MSG(MSG_NPY_HUNKNOWN_KEY, "unknown key: a header has only 'descr', 'fortran_order' and 'shape'", "未知的键：头部只有 'descr'、'fortran_order' 和 'shape' 三个键")
MSG(MSG_NPY_HVALUE_END, "expected ',' or '}' after a value", "值的后面应为 ',' 或 '}'")
MSG(MSG_NPY_HAFTER, "unexpected text after the closing '}'", "结尾的 '}' 后面还有多余的文本")
MSG(MSG_NPY_HNO_DESCR, "the key 'descr' is missing", "缺少键 'descr'")
MSG(MSG_NPY_HNO_FORTRAN, "the key 'fortran_order' is missing", "缺少键 'fortran_order'")
MSG(MSG_NPY_HNO_SHAPE, "the key 'shape' is missing", "缺少键 'shape'")
MSG(MSG_NPY_HNUL, "NUL byte", "头部里有 NUL 字节")
MSG(MSG_NPY_KIND_INT, "integer", "整数")
MSG(MSG_NPY_KIND_UINT, "unsigned integer", "无符号整数")
MSG(MSG_NPY_KIND_BOOL, "boolean", "布尔值")
MSG(MSG_NPY_KIND_FLOAT, "floating point of another width", "其他位宽的浮点数")
MSG(MSG_NPY_KIND_COMPLEX, "complex", "复数")
MSG(MSG_NPY_KIND_OBJECT, "Python objects", "Python 对象")
MSG(MSG_NPY_KIND_STRING, "string", "字符串")
MSG(MSG_NPY_KIND_TIME, "date/time", "日期/时间")
MSG(MSG_NPY_KIND_UNKNOWN, "unknown", "未知类型")
MSG(MSG_NPY_VALUES, "%ld %s values", "%ld 个 %s 值")
MSG(MSG_NPY_MATRIX, "%ld×%ld %s", "%ld×%ld 的 %s")
MSG(MSG_NPY_NOT_VECTOR, "cannot write a %dx%d matrix as a vector", "不能把 %dx%d 的矩阵写成向量")

/* ---- a model directory's config.json (io/model_config.c), raised through Error -- */
MSG(MSG_MCFG_AT, "%s:%d:%d: %s\n    %s\n    %*s^", "%s:%d:%d: %s\n    %s\n    %*s^")
MSG(MSG_MCFG_MISSING, "missing: a model directory needs a config.json with at least {\"heads\": h}",
    "缺少这个文件：模型目录里要有 config.json，至少写上 {\"heads\": h}")
MSG(MSG_MCFG_TOO_LARGE, "is %lld bytes, more than the %ld accepted", "有 %lld 字节，超过了可接受的 %ld 字节")
MSG(MSG_MCFG_JSON_EMPTY, "invalid JSON: the file is empty", "无效的 JSON：文件是空的")
MSG(MSG_MCFG_JSON_ENDS_EARLY, "invalid JSON: the text ends too early", "无效的 JSON：文本还没写完就结束了")
MSG(MSG_MCFG_JSON_TRAILING_COMMA, "invalid JSON: a comma before a closing bracket", "无效的 JSON：右括号前多了一个逗号")
MSG(MSG_MCFG_JSON_SINGLE_QUOTES, "invalid JSON: strings take double quotes", "无效的 JSON：字符串要用双引号")
MSG(MSG_MCFG_JSON_KEY_EXPECTED, "invalid JSON: expected a key in double quotes", "无效的 JSON：这里应为带双引号的键")
MSG(MSG_MCFG_JSON_INVALID, "invalid JSON", "无效的 JSON")
MSG(MSG_MCFG_JSON_NUL, "a NUL byte in the text", "文本里有 NUL 字节")
MSG(MSG_MCFG_JSON_AFTER_OBJECT, "unexpected text after the JSON object", "JSON 对象后面还有多余的文本")
MSG(MSG_MCFG_JSON_NUL_ESCAPE, "a control character (U+0000, a NUL) in a string", "字符串里有控制字符（U+0000，即 NUL）")
MSG(MSG_MCFG_JSON_LOW_SURROGATE, "a lone low surrogate: \\uDC00-\\uDFFF only follows \\uD800-\\uDBFF",
    "孤立的低位代理项：\\uDC00-\\uDFFF 只能跟在 \\uD800-\\uDBFF 后面")
MSG(MSG_MCFG_JSON_HIGH_SURROGATE, "a lone high surrogate: \\uD800-\\uDBFF must be followed by \\uDC00-\\uDFFF",
    "孤立的高位代理项：\\uD800-\\uDBFF 后面必须紧跟 \\uDC00-\\uDFFF")
MSG(MSG_MCFG_NOT_OBJECT, "must hold a JSON object {\"heads\": ...}", "内容必须是一个 JSON 对象 {\"heads\": ...}")
MSG(MSG_MCFG_UNKNOWN_KEY, "unknown key %s; the keys are heads, kv_heads, eps, causal, positional, rope_pairs, "
    "rope_base, tokens, layer, layers, ffn, activation and norm_first",
    "没有名为 %s 的键；可用的键有 heads、kv_heads、eps、causal、positional、rope_pairs、"
    "rope_base、tokens、layer、layers、ffn、activation 和 norm_first")
MSG(MSG_MCFG_UNKNOWN_KEY_NEAR, "unknown key %s (did you mean \"%s\"?); the keys are heads, kv_heads, eps, causal, "
    "positional, rope_pairs, rope_base, tokens, layer, layers, ffn, activation and norm_first",
    "没有名为 %s 的键（是不是想写 \"%s\"？）；可用的键有 heads、kv_heads、eps、causal、"
    "positional、rope_pairs、rope_base、tokens、layer、layers、ffn、activation 和 norm_first")
MSG(MSG_MCFG_TWICE, "the key \"%s\" appears twice", "键 \"%s\" 出现了两次")
MSG(MSG_MCFG_HUGE_NUMBER, "\"%s\" is a number out of range (a double holds at most about 1.8e308)",
    "\"%s\" 的值超出了双精度浮点数的范围（最大约为 1.8e308）")
MSG(MSG_MCFG_NO_HEADS, "\"heads\" is missing: say how many attention heads, e.g. {\"heads\": 2}",
    "缺少 \"heads\"：请写明有几个注意力头，例如 {\"heads\": 2}")
MSG(MSG_MCFG_ROPE_ONLY, "\"%s\" is an option of rotary positions: it needs \"positional\": \"rope\"",
    "\"%s\" 是旋转位置编码（RoPE）的选项：还要写上 \"positional\": \"rope\"")
MSG(MSG_MCFG_INTEGER, "\"%s\" must be an integer from %d to %d, not %s", "\"%s\" 必须是 %d 到 %d 之间的整数，不能是 %s")
MSG(MSG_MCFG_BOOL, "\"%s\" must be true or false, not %s", "\"%s\" 只能是 true 或 false，不能是 %s")
MSG(MSG_MCFG_HEADS, "\"heads\" must be a positive integer, not %s", "\"heads\" 必须是正整数，不能是 %s")
MSG(MSG_MCFG_HEADS_LIMIT, "\"heads\" is %s, more than the limit of %d", "\"heads\" 是 %s，超过了上限 %d")
MSG(MSG_MCFG_EPS, "\"eps\" must be a finite number >= 0, not %s", "\"eps\" 必须是大于或等于 0 的有限数，不能是 %s")
MSG(MSG_MCFG_EPS_TINY, "\"eps\" %s is too small for float32 and would become 0; write 0 if that is what you mean",
    "\"eps\" 的值 %s 太小，存成 float32 会变成 0；如果想要的就是 0，请直接写 0")
MSG(MSG_MCFG_KV_HEADS, "\"kv_heads\" must be a positive integer dividing \"heads\", not %s",
    "\"kv_heads\" 必须是能整除 \"heads\" 的正整数，不能是 %s")
MSG(MSG_MCFG_POSITIONAL, "\"positional\" must be \"none\", \"sinusoidal\", \"learned\" or \"rope\", not %s",
    "\"positional\" 只能是 \"none\"、\"sinusoidal\"、\"learned\" 或 \"rope\"，不能是 %s")
MSG(MSG_MCFG_ROPE_PAIRS, "\"rope_pairs\" must be \"interleaved\" (RoFormer) or \"halves\" (GPT-NeoX, Llama), not %s",
    "\"rope_pairs\" 只能是 \"interleaved\"（RoFormer）或 \"halves\"（GPT-NeoX、Llama），不能是 %s")
MSG(MSG_MCFG_ROPE_BASE, "\"rope_base\" must be a finite number above 1, not %s", "\"rope_base\" 必须是大于 1 的有限数，不能是 %s")
MSG(MSG_MCFG_LAYER, "\"layer\" must be \"attention\", \"encoder\" or \"decoder\", not %s",
    "\"layer\" 只能是 \"attention\"、\"encoder\" 或 \"decoder\"，不能是 %s")
MSG(MSG_MCFG_ACTIVATION, "\"activation\" must be \"relu\", \"gelu\" or \"gelu_tanh\", not %s",
    "\"activation\" 只能是 \"relu\"、\"gelu\" 或 \"gelu_tanh\"，不能是 %s")
MSG(MSG_MCFG_TOKENS, "\"tokens\" must be an array of strings, not %s", "\"tokens\" 必须是字符串数组，不能是 %s")
MSG(MSG_MCFG_TOKENS_LIMIT, "\"tokens\" has %d labels, more than the limit of %d", "\"tokens\" 有 %d 个标签，超过了上限 %d")
MSG(MSG_MCFG_TOKEN_STRING, "\"tokens\"[%d] must be a string, not %s", "\"tokens\"[%d] 必须是字符串，不能是 %s")
MSG(MSG_MCFG_TOKEN_EMPTY, "\"tokens\"[%d] is an empty string", "\"tokens\"[%d] 是空字符串")
MSG(MSG_MCFG_TOKEN_LONG, "\"tokens\"[%d] is %zu bytes long, more than %d", "\"tokens\"[%d] 长 %zu 字节，超过了 %d 字节")
MSG(MSG_MCFG_TOKEN_UTF8, "\"tokens\"[%d] is not valid UTF-8 (byte %zu)", "\"tokens\"[%d] 不是有效的 UTF-8（第 %zu 字节）")
MSG(MSG_MCFG_TOKEN_CONTROL, "\"tokens\"[%d] contains a control character (U+%04X)", "\"tokens\"[%d] 含有控制字符（U+%04X）")

/* ---- a model directory's weights (io/model_dir.c), raised through Error ---------- */
MSG(MSG_MD_NO_DIR, "no such directory", "没有这个目录")
MSG(MSG_MD_NOT_DIR, "not a directory: a model is a directory holding config.json and .npy files",
    "不是目录：模型是一个目录，里面放着 config.json 和 .npy 文件")
MSG(MSG_MD_CANNOT_READ_DIR, "cannot read the directory: %s", "无法读取目录：%s")
MSG(MSG_MD_NEAR_MISS, "not a model file name; did you mean %s.npy? (names are case-sensitive)",
    "不是模型文件的名字；是不是想写 %s.npy？（文件名区分大小写）")
MSG(MSG_MD_KV_DIVIDE, "\"kv_heads\" %d does not divide \"heads\" %d: each key/value head serves a group of query "
    "heads of the same size", "\"kv_heads\" %d 不能整除 \"heads\" %d：每个键值头要服务一组同样大小的查询头")
MSG(MSG_MD_HEADS_DIVIDE, "d_model %d is not divisible by heads %d (d_model is the number of columns of E.npy)",
    "d_model %d 不能被 heads %d 整除（d_model 就是 E.npy 的列数）")
MSG(MSG_MD_ROPE_ODD, "\"positional\": \"rope\" turns pairs of columns, but d_k = %d / %d = %d is odd",
    "\"positional\": \"rope\" 要把列两两配对旋转，但 d_k = %d / %d = %d 是奇数")
MSG(MSG_MD_TOKENS_ROWS, "\"tokens\" has %d labels but E.npy has %d rows, one per token",
    "\"tokens\" 有 %d 个标签，但 E.npy 有 %d 行（每个词元一行）")
MSG(MSG_MD_MISSING_P, "missing: \"positional\": \"learned\" needs P.npy, the learned positions (one row per "
    "position, d_model columns)",
    "缺少这个文件：\"positional\": \"learned\" 需要 P.npy，即可学习位置编码（每个位置一行，共 d_model 列）")
MSG(MSG_MD_MISSING_WEIGHT, "missing: a model directory needs E.npy, Wq.npy, Wk.npy, Wv.npy and Wo.npy",
    "缺少这个文件：模型目录里必须有 E.npy、Wq.npy、Wk.npy、Wv.npy 和 Wo.npy")
MSG(MSG_MD_MISSING_FFN, "missing: an encoder or decoder layer has a feed-forward network, W1.npy (d_model, d_ff) "
    "and W2.npy (d_ff, d_model)",
    "缺少这个文件：编码器层和解码器层都有前馈网络，即 W1.npy (d_model, d_ff) 和 W2.npy (d_ff, d_model)")
MSG(MSG_MD_P_NOT_LEARNED, "learned positions, but config.json does not say \"positional\": \"learned\"",
    "这是可学习位置编码，但 config.json 里没有写 \"positional\": \"learned\"")
MSG(MSG_MD_E_NDIM, "shape %s, expected 2 dimensions (n_tokens, d_model)", "形状是 %s，应有 2 个维度 (n_tokens, d_model)")
MSG(MSG_MD_E_EMPTY, "shape %s: a model needs at least one token and one dimension",
    "形状是 %s：模型至少要有一个词元和一个维度")
MSG(MSG_MD_E_TOKENS, "shape %s: %d tokens is more than the limit of %d", "形状是 %s：%d 个词元超过了上限 %d")
MSG(MSG_MD_E_DMODEL, "shape %s: d_model %d is more than the limit of %d", "形状是 %s：d_model %d 超过了上限 %d")
MSG(MSG_MD_SHAPE, "shape %s, expected (%d, %d) = (%s, %s)", "形状是 %s，应为 (%d, %d) = (%s, %s)")
MSG(MSG_MD_SHAPE_W1, "shape %s, expected (%d, d_ff) = (d_model, d_ff), d_ff at most %d",
    "形状是 %s，应为 (%d, d_ff) = (d_model, d_ff)，d_ff 最大为 %d")
MSG(MSG_MD_SHAPE_VECTOR, "shape %s, expected (%d,) or (1, %d) = (%s,)", "形状是 %s，应为 (%d,) 或 (1, %d) = (%s,)")
MSG(MSG_MD_SHAPE_P, "shape %s, expected (%d or more, %d) = (positions, d_model): a row for each of the %d tokens",
    "形状是 %s，应为 (至少 %d, %d) = (positions, d_model)：%d 个词元各占一行")
MSG(MSG_MD_MEMORY_SHAPE, "the memory must be (m, %d) = (memory tokens, d_model), m from 1 to %d",
    "memory 的形状必须是 (m, %d) = (memory tokens, d_model)，m 在 1 到 %d 之间")
MSG(MSG_MD_NOT_FINITE_VECTOR, "element [%d] is %s; weights must be finite", "元素 [%d] 是 %s；权重必须是有限数")
MSG(MSG_MD_NOT_FINITE, "element (%d, %d) is %s; weights must be finite", "元素 (%d, %d) 是 %s；权重必须是有限数")

/* ---- GPT-2's tokenizer: vocab.json, merges.txt and a text (text/bpe.c) ---------- */
MSG(MSG_BPE_FILE_LARGE, "larger than the %ld bytes accepted", "超过了可接受的 %ld 字节")
MSG(MSG_BPE_JSON, "not valid JSON (near byte %zu)", "不是有效的 JSON（在第 %zu 字节附近）")
MSG(MSG_BPE_NOT_OBJECT, "must be a JSON object {\"token\": id, ...}", "必须是 JSON 对象 {\"token\": id, ...}")
MSG(MSG_BPE_ID, "the id of token %d must be an integer from 0 to %d", "第 %d 个词元的编号必须是 0 到 %d 之间的整数")
MSG(MSG_BPE_TOKEN_UTF8, "token %d is not valid UTF-8 (byte %zu)", "词元 %d 不是有效的 UTF-8（第 %zu 字节）")
MSG(MSG_BPE_TOKEN_EMPTY, "token %d is the empty string", "词元 %d 是空字符串")
MSG(MSG_BPE_ID_TWICE, "id %d is given to two tokens", "编号 %d 分给了两个词元")
MSG(MSG_BPE_TOKEN_TWICE, "a token appears twice (ids %d and %d)", "有一个词元出现了两次（编号 %d 和 %d）")
MSG(MSG_BPE_NO_BYTE, "no token for byte 0x%02X (written \"%s\"): a byte-level vocabulary has one for each of the 256 "
    "bytes", "字节 0x%02X（写作 \"%s\"）没有对应的词元：字节级词表要为 256 个字节各准备一个词元")
MSG(MSG_BPE_NOT_TOKEN, "'%s' is not a token of the vocabulary", "“%s”不是词表里的词元")
MSG(MSG_BPE_MERGE_NOT_TOKEN, "'%s %s' merges into '%s', which is not a token of the vocabulary",
    "“%s %s”合并成“%s”，但它不是词表里的词元")
MSG(MSG_BPE_MERGE_TWICE, "the merge '%s %s' appears twice", "合并规则“%s %s”出现了两次")
MSG(MSG_BPE_UTF8, "not valid UTF-8 (byte %zu)", "不是有效的 UTF-8（第 %zu 字节）")
MSG(MSG_BPE_NUL, "a NUL byte in the line", "这一行里有 NUL 字节")
MSG(MSG_BPE_MERGE_LINE, "expected two tokens separated by one space, as in 'Ġ t'",
    "应为用一个空格隔开的两个词元，例如 'Ġ t'")
MSG(MSG_BPE_TEXT_LONG, "the text is %zu bytes long, more than the %ld accepted", "文本长 %zu 字节，超过了可接受的 %ld 字节")
MSG(MSG_BPE_TEXT_UTF8, "the text is not valid UTF-8 (byte 0x%02X at offset %zu)",
    "文本不是有效的 UTF-8（偏移 %2$zu 处的字节 0x%1$02X）")
MSG(MSG_BPE_TEXT_MEMORY, "out of memory for a %zu-byte text", "内存不足，无法处理 %zu 字节的文本")
MSG(MSG_BPE_NO_ID, "token id %d is not in the vocabulary", "词表里没有编号为 %d 的词元")

/* ---- GPT-2 checkpoints (io/gpt2.c) and the next-token stage -------------- */
MSG(MSG_GPT2_FILE_MISSING, "%s: cannot open: %s (a GPT-2 checkpoint directory holds config.json, "
    "model.safetensors, vocab.json and merges.txt)",
    "%s：无法打开：%s（GPT-2 检查点目录包含 config.json、model.safetensors、vocab.json 和 merges.txt）")
MSG(MSG_GPT2_CONFIG_FILE, "%s: not a regular file of at most %ld bytes", "%s：不是不超过 %ld 字节的普通文件")
MSG(MSG_GPT2_CONFIG_JSON, "%s: not a JSON object (invalid JSON near byte %ld)", "%s：不是 JSON 对象（第 %ld 字节附近的 JSON 无效）")
MSG(MSG_GPT2_MODEL_TYPE, "%s: \"model_type\" is %s, not \"gpt2\": only GPT-2 checkpoints are read "
    "(other architectures compute attention differently)",
    "%s：\"model_type\" 是 %s，不是 \"gpt2\"：只能读取 GPT-2 检查点（其他架构的注意力计算方式不同）")
MSG(MSG_GPT2_ARCHITECTURE, "%s: \"architectures\" names %s, not GPT2LMHeadModel or GPT2Model: only GPT-2 "
    "checkpoints are read",
    "%s：\"architectures\" 写的是 %s，不是 GPT2LMHeadModel 或 GPT2Model：只能读取 GPT-2 检查点")
MSG(MSG_GPT2_ACTIVATION, "%s: \"activation_function\" is %s; GPT-2 uses \"gelu_new\" (GELU's tanh approximation), "
    "the only one read",
    "%s：\"activation_function\" 是 %s；GPT-2 用的是 \"gelu_new\"（GELU 的 tanh 近似），只支持这一种")
MSG(MSG_GPT2_VARIANT, "%s: \"%s\" must be %s: attnstep computes GPT-2's attention as published",
    "%s：\"%s\" 必须是 %s：attnstep 按 GPT-2 发表的方式计算注意力")
MSG(MSG_GPT2_KEY_MISSING, "%s: \"%s\" is missing; a GPT-2 config.json gives it",
    "%s：缺少 \"%s\"；GPT-2 的 config.json 会给出它")
MSG(MSG_GPT2_KEY_INT, "%s: \"%s\" must be an integer from %d to %d, found %s",
    "%s：\"%s\" 必须是 %d 到 %d 之间的整数，实际是 %s")
MSG(MSG_GPT2_EPS, "%s: \"layer_norm_epsilon\" must be a number above 0 and below 1, found %s",
    "%s：\"layer_norm_epsilon\" 必须是大于 0、小于 1 的数，实际是 %s")
MSG(MSG_GPT2_HEADS_DIVIDE, "%s: n_embd %d is not divisible by n_head %d", "%s：n_embd %d 不能被 n_head %d 整除")
MSG(MSG_GPT2_NO_TENSOR, "%s: no tensor %s (a GPT-2 checkpoint has wte, wpe, h.0 to h.%d and ln_f, with or "
    "without \"transformer.\" in front)%s",
    "%s：没有张量 %s（GPT-2 检查点有 wte、wpe、h.0 到 h.%d 和 ln_f，名字前面可以带 \"transformer.\"）%s")
MSG(MSG_GPT2_SHAPE, "%s: tensor %s: shape %s, expected %s = %s", "%s：张量 %s：形状是 %s，应为 %s = %s")
MSG(MSG_GPT2_NOT_FINITE, "%s: tensor %s: element (%d, %d) is %s; weights must be finite",
    "%s：张量 %s：元素 (%d, %d) 是 %s；权重必须是有限数")
MSG(MSG_GPT2_TEXT_EMPTY, "--text is empty: give the text whose next token the model should predict",
    "--text 是空的：请给出要让模型预测下一个词元的文本")
MSG(MSG_GPT2_TEXT_LONG, "--text is %d tokens long, more than the %d this model takes (n_positions %d); "
    "shorten it",
    "--text 有 %d 个词元，超过了这个模型能接受的 %d 个（n_positions %d）；请缩短")
MSG(MSG_GPT2_ID_RANGE, "%s: token %d of the text (%s) has id %d, past the vocabulary of wte (%d rows); "
    "vocab.json and model.safetensors do not belong together",
    "%s：文本的第 %d 个词元（%s）的 id 是 %d，超出了 wte 的词表（%d 行）；vocab.json 与 model.safetensors 不匹配")
MSG(MSG_GPT2_LAYER, "--layer %d: the model has %d layers, numbered 0 to %d",
    "--layer %d：模型有 %d 层，编号为 0 到 %d")
MSG(MSG_GPT2_HEAD, "--head %d: the model has %d heads, numbered 0 to %d", "--head %d：模型有 %d 个头，编号为 0 到 %d")
MSG(MSG_GPT2_TEMPERATURE, "--temperature %g: must be a number above 0 (1 keeps the model's probabilities)",
    "--temperature %g：必须是大于 0 的数（1 表示保持模型原本的概率）")
MSG(MSG_WHAT_RECORD, "record (the layer recorded in full, from 0)", "record（完整记录的层，从 0 开始）")
MSG(MSG_WHAT_TEMPERATURE, "temperature (a number above 0)", "temperature（大于 0 的数）")
MSG(MSG_NEXT_TOP, "The %d most probable next tokens (temperature %g): probability, logit",
    "最可能的 %d 个下一个词元（温度 %g）：概率、logit")
MSG(MSG_NEXT_TOP_T, "The %d most probable next tokens (temperature %g): probability, logit/T",
    "最可能的 %d 个下一个词元（温度 %g）：概率、logit/T")
MSG(MSG_LAYER_NOT_RECORDED, "layer %d: its output (computed in full; --layer %d shows its steps)",
    "层 %d：输出（已完整计算；用 --layer %d 查看每一步）")
MSG(MSG_LAYER_RECORD, "record %d: the stack has %d layers, numbered 0 to %d", "record %d：这个堆叠有 %d 层，编号为 0 到 %d")
MSG(MSG_PIPE_UNEMBED, "the unembedding W_E is %dx%d, but must have d_model = %d columns (one row per token of the vocabulary)",
    "反嵌入矩阵 W_E 是 %dx%d，但必须有 d_model = %d 列（词表中每个词元一行）")
MSG(MSG_CLI_GPT2_NUMBER, "%s takes %s, not '%s'", "%s 需要%s，不能是“%s”")
MSG(MSG_CLI_GPT2_WHOLE, "a whole number from 0", "从 0 开始的整数")
MSG(MSG_CLI_GPT2_REAL, "a number above 0", "大于 0 的数")
MSG(MSG_CLI_GPT2_NEEDS_TEXT, "%s is a GPT-2 checkpoint: give the text to run it on, as in "
    "attnstep gpt2 %s --text \"The cat sat\"",
    "%s 是 GPT-2 检查点：请给出要运行的文本，例如 attnstep gpt2 %s --text \"The cat sat\"")
MSG(MSG_CLI_GPT2_NOT_CHECKPOINT, "%s is for a GPT-2 checkpoint (a directory holding model.safetensors), "
    "and %s is not one",
    "%s 只用于 GPT-2 检查点（包含 model.safetensors 的目录），而 %s 不是")

/* ---- safetensors files (io/safetensors.c), raised through Error ------------------ */
MSG(MSG_ST_TENSOR, "tensor '%s'", "张量“%s”")
MSG(MSG_ST_SHAPE, "shape %s", "形状 %s")
MSG(MSG_ST_SHAPE_LIST, "\"shape\" must be a list of non-negative integers, found %s",
    "\"shape\" 必须是由非负整数组成的列表，实际是 %s")
MSG(MSG_ST_SHAPE_NDIM, "shape %s has more than %d dimensions", "形状 %s 的维度超过了 %d 个")
MSG(MSG_ST_SHAPE_HUGE, "shape %s has a dimension over 2^53", "形状 %s 有一个维度超过了 2^53")
MSG(MSG_ST_OFFSETS, "\"data_offsets\" must be two non-negative integers [begin, end], found %s",
    "\"data_offsets\" 必须是两个非负整数 [begin, end]，实际是 %s")
MSG(MSG_ST_OFFSETS_ORDER, "data_offsets %s end before they begin", "data_offsets %s 的结束位置在开始位置之前")
MSG(MSG_ST_NAME_UTF8, "the name is not valid UTF-8 (byte 0x%02x at offset %zu)",
    "名字不是有效的 UTF-8（字节 0x%02x，偏移 %zu）")
MSG(MSG_ST_ENTRY_OBJECT, "expected an object {\"dtype\", \"shape\", \"data_offsets\"}, found %s",
    "应为对象 {\"dtype\", \"shape\", \"data_offsets\"}，实际是 %s")
MSG(MSG_ST_UNKNOWN_KEY, "unknown key \"%s\" (an entry has \"dtype\", \"shape\" and \"data_offsets\")",
    "没有名为 \"%s\" 的键（每一项只有 \"dtype\"、\"shape\" 和 \"data_offsets\"）")
MSG(MSG_ST_KEY_TWICE, "\"%s\" appears twice", "\"%s\" 出现了两次")
MSG(MSG_ST_KEY_MISSING, "the key \"%s\" is missing", "缺少键 \"%s\"")
MSG(MSG_ST_DTYPE_UNKNOWN, "unknown dtype %s (safetensors defines F32, F16, BF16, F64, I64, I32, I16, I8, U8, BOOL "
    "and a few more)", "未知的 dtype %s（safetensors 定义了 F32、F16、BF16、F64、I64、I32、I16、I8、U8、BOOL 等类型）")
MSG(MSG_ST_SHAPE_ABSURD, "shape %s is absurdly large (more than 2^64 bytes)", "形状 %s 大得离谱（超过 2^64 字节）")
MSG(MSG_ST_BYTES, "shape %s of %s needs %llu bytes, but data_offsets [%zu, %zu] hold %zu",
    "形状 %s 的 %s 需要 %llu 字节，但 data_offsets [%zu, %zu] 之间是 %zu 字节")
MSG(MSG_ST_PAST_END, "data_offsets [%zu, %zu] go past the end of the file (the data section has %zu bytes)",
    "data_offsets [%zu, %zu] 超出了文件末尾（数据部分只有 %zu 字节）")
MSG(MSG_ST_META_OBJECT, "\"__metadata__\" must be an object of strings", "\"__metadata__\" 必须是值都为字符串的对象")
MSG(MSG_ST_META_VALUE, "\"__metadata__\": the value of \"%s\" is not a string", "\"__metadata__\"：\"%s\" 的值不是字符串")
MSG(MSG_ST_META_UTF8, "\"__metadata__\": \"%s\" is not valid UTF-8", "\"__metadata__\"：\"%s\" 不是有效的 UTF-8")
MSG(MSG_ST_OVERLAP, "tensors '%s' and '%s' overlap: data_offsets [%zu, %zu] and [%zu, %zu]",
    "张量“%s”和“%s”重叠：data_offsets 分别是 [%zu, %zu] 和 [%zu, %zu]")
MSG(MSG_ST_GAP, "bytes %zu to %zu of the data belong to no tensor (the offsets must cover the data without gaps)",
    "数据的第 %zu 到第 %zu 字节不属于任何张量（各张量的偏移必须连续覆盖整个数据部分）")
MSG(MSG_ST_TAIL, "the last %zu bytes of the file belong to no tensor (the data section has %zu bytes, the tensors "
    "cover %zu)", "文件最后 %zu 字节不属于任何张量（数据部分有 %zu 字节，张量只覆盖了 %zu 字节）")
MSG(MSG_ST_HEADER_SHORT, "the header length is %llu bytes, but only %zu bytes follow it (a truncated file, or not a "
    "safetensors file)", "头部长度为 %llu 字节，但后面只有 %zu 字节（文件不完整，或者不是 safetensors 文件）")
MSG(MSG_ST_HEADER_LONG, "the header is %llu bytes long, more than the %ld accepted", "头部长 %llu 字节，超过了可接受的 %ld 字节")
MSG(MSG_ST_HEADER_BRACE, "the header does not start with '{' (not a safetensors file?)",
    "头部不是以 '{' 开头的（也许不是 safetensors 文件）")
MSG(MSG_ST_HEADER_NUL, "the header has a NUL byte at offset %zu", "头部在偏移 %zu 处有 NUL 字节")
MSG(MSG_ST_HEADER_NUL_ESCAPE, "the header has a \\u0000 escape (a NUL character) at offset %ld",
    "头部在偏移 %ld 处有 \\u0000 转义（即 NUL 字符）")
MSG(MSG_ST_HEADER_MEMORY, "out of memory for a %zu-byte header", "内存不足，无法读取 %zu 字节的头部")
MSG(MSG_ST_HEADER_JSON, "the header is not valid JSON (near byte %zu of %zu)", "头部不是有效的 JSON（在第 %zu 字节附近，共 %zu 字节）")
MSG(MSG_ST_HEADER_AFTER, "unexpected text after the header's JSON object (at byte %zu)",
    "头部的 JSON 对象后面还有多余的文本（在第 %zu 字节）")
MSG(MSG_ST_HEADER_OBJECT, "the header is not a JSON object", "头部不是 JSON 对象")
MSG(MSG_ST_TENSORS_MEMORY, "out of memory for %d tensors", "内存不足，无法容纳 %d 个张量")
MSG(MSG_ST_NAME_TWICE, "the name appears twice in the header", "这个名字在头部出现了两次")
MSG(MSG_ST_EMPTY, "the file is empty (a safetensors file starts with an 8-byte header length)",
    "文件是空的（safetensors 文件的开头是 8 字节的头部长度）")
MSG(MSG_ST_TRUNCATED, "truncated: a safetensors file starts with an 8-byte header length, but the file has %zu bytes",
    "文件不完整：safetensors 文件的开头是 8 字节的头部长度，但这个文件只有 %zu 字节")
MSG(MSG_ST_IS_DIR, "is a directory, not a safetensors file", "是目录，不是 safetensors 文件")
MSG(MSG_ST_TOO_LARGE, "too large to map on this machine", "太大了，这台机器无法映射")
MSG(MSG_ST_MAP, "cannot map the file: %s", "无法映射文件：%s")
MSG(MSG_ST_DTYPE_UNSUPPORTED, "dtype %s is not supported: only F32, F16 and BF16 are read (in PyTorch: tensor.float())",
    "不支持 dtype %s：只能读取 F32、F16 和 BF16（在 PyTorch 中：tensor.float()）")
MSG(MSG_ST_NDIM, "shape %s has %d dimensions: only vectors and matrices are read", "形状 %s 有 %d 个维度：只能读取向量和矩阵")
MSG(MSG_ST_NO_TENSOR, "no tensor named '%s'", "没有名为“%s”的张量")
MSG(MSG_ST_NO_TENSOR_NEAR, "no tensor named '%s' (did you mean '%s'?)", "没有名为“%s”的张量（是不是想写“%s”？）")

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
MSG(MSG_EX_RELU, "relu keeps positive numbers and turns negative ones into 0.", "relu 保留正数，把负数变成 0。")
MSG(MSG_EX_GELU, "gelu weighs x by Φ(x), the chance a standard normal is below x: large x pass, negative x fade to 0.",
    "gelu 用 Φ(x)（标准正态分布小于 x 的概率）给 x 加权：大的 x 通过，负的 x 趋近于 0。")
MSG(MSG_EX_GELU_TANH, "gelu_tanh: gelu with tanh in place of erf (PyTorch approximate='tanh', GPT-2's gelu_new).",
    "gelu_tanh：用 tanh 代替 erf 的 gelu（PyTorch 的 approximate='tanh'，GPT-2 的 gelu_new）。")
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
MSG(MSG_UI_HIDDEN, "a quiz cell: type your answer and press Enter", "测验格子：输入你的答案并按回车")
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
MSG(MSG_UI_S_HELP, "? help", "? 帮助")
MSG(MSG_UI_S_QUIT, "q quit", "q 退出")
MSG(MSG_UI_S_READ, "r read", "r 阅读")
MSG(MSG_UI_S_VIEW, "v view", "v 视图")
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
MSG(MSG_UI_H_ANSWER, "answer the quiz cell", "回答测验格子")
MSG(MSG_UI_K_READ, "r  Enter", "r  回车")
MSG(MSG_UI_H_READ, "read the step and explanation whole", "完整阅读这一步和说明")
MSG(MSG_UI_K_VIEW, "v", "v")
MSG(MSG_UI_H_VIEW, "matrices / tokens / all heads", "矩阵 / 词元 / 全部头")
MSG(MSG_UI_K_ESC, "Esc", "Esc")
MSG(MSG_UI_H_ESC, "cancel a prompt", "取消输入")
MSG(MSG_UI_K_HELP, "?", "?")
MSG(MSG_UI_H_HELP, "this help", "本帮助")
MSG(MSG_UI_K_QUIT, "q  Ctrl-C", "q  Ctrl-C")
MSG(MSG_UI_H_QUIT, "quit", "退出")
MSG(MSG_UI_V_TOKENS, "attention by token", "每个词元的注意力")
MSG(MSG_UI_V_HEADS, "all heads at a glance", "全部头一览")
MSG(MSG_UI_NO_WEIGHTS, "this lesson has no softmax step: no attention weights to show (v: back to the matrices)",
    "这一课没有 softmax 步骤：没有注意力权重可显示（按 v 回到矩阵）")
/* the message line: an edit, a quiz answer (ui/state.c), and the score after a quiz (ui/ui.c) */
MSG(MSG_UI_EDIT_FINITE, "an edited value must be finite", "修改的值必须是有限的数")
MSG(MSG_UI_EDIT_REFUSED, "'%s' refused: %s. Nothing changed", "“%s”不能用：%s。什么都没有改变")
MSG(MSG_UI_EDIT_UNDONE, "%s[%d][%d] = %s makes the lesson fail (%s); the edit was undone",
    "%s[%d][%d] = %s 会让课程出错（%s），已撤销这次修改")
MSG(MSG_UI_EDIT_DONE, "%s[%d][%d] is now %g; every later step was recomputed", "%s[%d][%d] 现在是 %g，之后的每一步都已重新计算")
MSG(MSG_UI_QUIZ_RIGHT, "right: %s = %s. Score %d/%d", "正确：%s = %s。得分 %d/%d")
MSG(MSG_UI_QUIZ_WRONG, "not quite: %s = %s (you said %s). %s Score %d/%d", "不对：%s = %s（你的答案是 %s）。%s 得分 %d/%d")
MSG(MSG_UI_NO_TERMINAL, "cannot start the terminal UI", "无法启动终端界面")
MSG(MSG_UI_QUIZ_SCORE, "score: %d / %d (%d questions)\n", "得分：%d / %d（共 %d 题）\n")
MSG(MSG_GPT2_TEXT_WORK, "--text is %d tokens: running all %d layers on them takes %.3g multiply-adds, more than "
    "the %.3g one run may do; shorten it to at most %d tokens (export has no such limit)",
    "--text 有 %d 个词元：在它们上面运行全部 %d 层需要 %.3g 次乘加，超过了一次运行允许的 %.3g 次；"
    "请缩短到最多 %d 个词元（export 没有这个限制）")
