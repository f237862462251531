/* msg_io.h - messages of reading and writing files (io/, text/): exports,
 * .npy, config.json, model directories, GPT-2 checkpoints and tokenizer,
 * safetensors. One part of the message table: included only by
 * util/msg_table.h, with MSG defined; see there how to add a message. */

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
    "rope_base, tokens, layer, layers, ffn, activation, norm_first and norm_type",
    "没有名为 %s 的键；可用的键有 heads、kv_heads、eps、causal、positional、rope_pairs、"
    "rope_base、tokens、layer、layers、ffn、activation、norm_first 和 norm_type")
MSG(MSG_MCFG_UNKNOWN_KEY_NEAR, "unknown key %s (did you mean \"%s\"?); the keys are heads, kv_heads, eps, causal, "
    "positional, rope_pairs, rope_base, tokens, layer, layers, ffn, activation, norm_first and norm_type",
    "没有名为 %s 的键（是不是想写 \"%s\"？）；可用的键有 heads、kv_heads、eps、causal、"
    "positional、rope_pairs、rope_base、tokens、layer、layers、ffn、activation、norm_first 和 norm_type")
MSG(MSG_JSON_KEY_TWICE, "the key %s appears twice (first at %d:%d)", "键 %s 出现了两次（第一次在 %d:%d）")
MSG(MSG_MCFG_HUGE_NUMBER, "\"%s\" is a number out of range (a double holds at most about 1.8e308)",
    "\"%s\" 的值超出了双精度浮点数的范围（最大约为 1.8e308）")
MSG(MSG_MCFG_NO_HEADS, "\"heads\" is missing: say how many attention heads, e.g. {\"heads\": 2}",
    "缺少 \"heads\"：请写明有几个注意力头，例如 {\"heads\": 2}")
MSG(MSG_MCFG_LAYER_ONLY, "\"%s\" is an option of encoder and decoder layers, which an attention-only model is not: "
    "it needs \"layer\": \"encoder\" or \"decoder\" (with their feed-forward network, W1.npy and W2.npy)",
    "\"%s\" 是编码器层和解码器层的选项，只有注意力的模型用不到它：需要写 \"layer\": \"encoder\" 或 "
    "\"decoder\"（以及它们的前馈网络 W1.npy 和 W2.npy）")
MSG(MSG_MCFG_ROPE_ONLY, "\"%s\" is an option of rotary positions: it needs \"positional\": \"rope\"",
    "\"%s\" 是旋转位置编码（RoPE）的选项：还要写上 \"positional\": \"rope\"")
MSG(MSG_MCFG_WORD, "\"%s\" must be one of %s, not %s", "\"%s\" 只能是 %s 之一，不能是 %s")
MSG(MSG_MCFG_NUMBER, "\"%s\" must be a finite number above %g, not %s", "\"%s\" 必须是大于 %g 的有限数，不能是 %s")
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
MSG(MSG_MCFG_ROPE_BASE_ROUNDS, "\"rope_base\" %s is 1 as a 32-bit float, the precision the model computes in; it "
    "must be above 1 there (1.0000001 is the smallest that is)",
    "\"rope_base\" %s 在 32 位浮点数（模型计算所用的精度）中就是 1；它必须大于 1（最小可用 1.0000001）")
MSG(MSG_MCFG_LAYER, "\"layer\" must be \"attention\", \"encoder\" or \"decoder\", not %s",
    "\"layer\" 只能是 \"attention\"、\"encoder\" 或 \"decoder\"，不能是 %s")
MSG(MSG_MCFG_ACTIVATION, "\"activation\" must be \"relu\", \"gelu\", \"gelu_tanh\" or \"swiglu\", not %s",
    "\"activation\" 只能是 \"relu\"、\"gelu\"、\"gelu_tanh\" 或 \"swiglu\"，不能是 %s")
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
MSG(MSG_MD_UNUSED_STACK, "not read: %s.npy belongs to the whole stack and is read from the model directory itself, "
    "not from a layer's directory", "不会被读取：%s.npy 属于整个堆叠，要放在模型目录本身，而不是某一层的目录里")
MSG(MSG_MD_UNUSED_TOP, "not read: config.json says \"layers\", so each layer's files, %s.npy too, are read from "
    "layer0/, layer1/, ...", "不会被读取：config.json 写了 \"layers\"，所以每一层的文件（包括 %s.npy）都从 layer0/、"
    "layer1/ …… 读取")
MSG(MSG_MD_UNUSED_CROSS, "not read: %s.npy is for cross-attention, which only a decoder has (\"layer\": "
    "\"decoder\" in config.json)", "不会被读取：%s.npy 是交叉注意力用的，只有解码器才有（config.json 中的 "
    "\"layer\": \"decoder\"）")
MSG(MSG_MD_UNUSED_FFN, "not read: %s.npy is for the feed-forward network, which an attention-only model has not "
    "(\"layer\": \"encoder\" or \"decoder\" in config.json would use it)",
    "不会被读取：%s.npy 是前馈网络用的，只有注意力的模型没有前馈网络（config.json 中写 \"layer\": "
    "\"encoder\" 或 \"decoder\" 才会用到它）")
MSG(MSG_MD_UNUSED_PLAIN_FFN, "not read: %s.npy is for a feed-forward network of W1 and W2, but config.json says "
    "\"activation\": \"swiglu\", whose network is W_gate, W_up and W_down, without biases; leave it out",
    "不会被读取：%s.npy 属于由 W1 和 W2 组成的前馈网络，但 config.json 写的是 \"activation\": \"swiglu\"，"
    "它的网络是 W_gate、W_up 和 W_down，没有偏置；请去掉这个文件")
MSG(MSG_MD_UNUSED_GATED_FFN, "not read: %s.npy is for the gated feed-forward network, which config.json would "
    "choose with \"activation\": \"swiglu\"",
    "不会被读取：%s.npy 属于门控前馈网络，要在 config.json 中写 \"activation\": \"swiglu\" 才会用到它")
MSG(MSG_MD_UNUSED_RMS_BETA, "not read: %s.npy is a layer norm's shift β, but config.json says \"norm_type\": "
    "\"rms\", and RMSNorm, γ ⊙ x / √(mean(x²) + ε), has none; leave it out",
    "不会被读取：%s.npy 是层归一化的平移 β，但 config.json 写的是 \"norm_type\": \"rms\"，而 RMSNorm "
    "γ ⊙ x / √(mean(x²) + ε) 没有 β；请去掉这个文件")
MSG(MSG_MD_UNUSED_FINAL, "not read: %s.npy is the final layer norm of a stack of encoder or decoder layers "
    "(\"layer\" in config.json); an attention-only model has none",
    "不会被读取：%s.npy 是编码器或解码器层堆叠的最终层归一化（config.json 中的 \"layer\"）；只有注意力的模型没有它")
MSG(MSG_MD_LAYER_DIR_UNUSED, "not read: a layer's directory, but config.json has no \"layers\"; say \"layers\": N "
    "to read each layer's files from layer0/ to layer(N-1)/",
    "不会被读取：这是某一层的目录，但 config.json 里没有 \"layers\"；写上 \"layers\": N，"
    "才会从 layer0/ 到 layer(N-1)/ 读取每一层的文件")
MSG(MSG_MD_LAYER_DIR_EXTRA, "not read: config.json says \"layers\": %d, so only layer0/ to layer%d/ are read",
    "不会被读取：config.json 写的是 \"layers\": %d，所以只读取 layer0/ 到 layer%d/")
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
MSG(MSG_MD_MISSING_GATED, "missing: with \"activation\": \"swiglu\" a layer's feed-forward network is "
    "W_gate.npy, W_up.npy (d_model, d_ff) and W_down.npy (d_ff, d_model)",
    "缺少这个文件：\"activation\": \"swiglu\" 时每层的前馈网络是 W_gate.npy、W_up.npy (d_model, d_ff) 和 "
    "W_down.npy (d_ff, d_model)")
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

/* ---- what loading a model will hold (io/model_memory.c), raised through Error --- */
MSG(MSG_MEM_TOO_MUCH, "running it would hold about %s in memory (weights %s, activations %s, the rest %s), more "
    "than the limit of %s; use a shorter text, fewer tokens, fewer layers or a smaller model",
    "运行它大约要占用 %s 内存（权重 %s，激活值 %s，其他 %s），超过上限 %s；请用更短的文本、更少的词元、"
    "更少的层或更小的模型")
MSG(MSG_MEM_NOTE, "%s: reading it: about %s in memory (weights %s, activations %s, the rest %s; the limit is %s)",
    "%s：正在读取：大约占用 %s 内存（权重 %s，激活值 %s，其他 %s；上限 %s）")

/* ---- GPT-2's tokenizer: vocab.json, merges.txt and a text (text/bpe.c) ---------- */
MSG(MSG_BPE_FILE_LARGE, "larger than the %ld bytes accepted", "超过了可接受的 %ld 字节")
MSG(MSG_BPE_NOT_OBJECT, "must be a JSON object {\"token\": id, ...}", "必须是 JSON 对象 {\"token\": id, ...}")
MSG(MSG_BPE_ID, "the id of token %s must be an integer from 0 to %d, not %s", "词元 %s 的编号必须是 0 到 %d 之间的整数，不能是 %s")
MSG(MSG_BPE_TOKEN_UTF8, "token %s (id %d) is not valid UTF-8 (byte %zu)", "词元 %s（编号 %d）不是有效的 UTF-8（第 %zu 字节）")
MSG(MSG_BPE_TOKEN_EMPTY, "the token of id %d is the empty string", "编号 %d 的词元是空字符串")
MSG(MSG_BPE_ID_TWICE, "id %d is given to two tokens, %s and %s", "编号 %d 分给了两个词元：%s 和 %s")
MSG(MSG_BPE_NO_BYTE, "no token for byte 0x%02X (written \"%s\"): a byte-level vocabulary has one for each of the 256 "
    "bytes", "字节 0x%02X（写作 \"%s\"）没有对应的词元：字节级词表要为 256 个字节各准备一个词元")
MSG(MSG_BPE_NOT_TOKEN, "'%s' is not a token of the vocabulary", "“%s”不是词表里的词元")
MSG(MSG_BPE_MERGE_NOT_TOKEN, "'%s %s' merges into '%s', which is not a token of the vocabulary",
    "“%s %s”合并成“%s”，但它不是词表里的词元")
MSG(MSG_BPE_MERGE_TWICE, "the merge '%s %s' appears twice", "合并规则“%s %s”出现了两次")
MSG(MSG_BPE_UTF8, "not valid UTF-8 (byte %zu)", "不是有效的 UTF-8（第 %zu 字节）")
MSG(MSG_BPE_NUL, "a NUL byte in the line", "这一行里有 NUL 字节")
MSG(MSG_BPE_MERGE_LINE, "'%s': expected two tokens separated by one space, as in 'Ġ t'",
    "“%s”：应为用一个空格隔开的两个词元，例如 'Ġ t'")
MSG(MSG_BPE_TEXT_LONG, "the text is %zu bytes long, more than the %ld accepted", "文本长 %zu 字节，超过了可接受的 %ld 字节")
MSG(MSG_BPE_TEXT_UTF8, "the text is not valid UTF-8 (byte 0x%02X at offset %zu)",
    "文本不是有效的 UTF-8（偏移 %2$zu 处的字节 0x%1$02X）")
MSG(MSG_BPE_TEXT_MEMORY, "out of memory for a %zu-byte text", "内存不足，无法处理 %zu 字节的文本")
MSG(MSG_BPE_NO_ID, "token id %d is not in the vocabulary", "词表里没有编号为 %d 的词元")

/* ---- GPT-2 checkpoints (io/gpt2.c) and the next-token stage -------------- */
MSG(MSG_GPT2_FILE_MISSING, "%s: cannot open: %s (a GPT-2 checkpoint directory holds config.json, "
    "model.safetensors, vocab.json and merges.txt)",
    "%s：无法打开：%s（GPT-2 检查点目录包含 config.json、model.safetensors、vocab.json 和 merges.txt）")
MSG(MSG_GPT2_CONFIG_OBJECT, "must hold a JSON object {\"n_layer\": ...}", "内容必须是一个 JSON 对象 {\"n_layer\": ...}")
MSG(MSG_GPT2_ARCHITECTURES_LIST, "%s: \"architectures\" must be a list of names, as [\"GPT2LMHeadModel\"], "
    "found %s", "%s：\"architectures\" 必须是名字的列表，如 [\"GPT2LMHeadModel\"]，实际是 %s")
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
MSG(MSG_GPT2_TEXT_WORK, "--text is %d tokens: running all %d layers on them takes %.3g multiply-adds, more than "
    "the %.3g one run may do; shorten it to at most %d tokens (export has no such limit)",
    "--text 有 %d 个词元：在它们上面运行全部 %d 层需要 %.3g 次乘加，超过了一次运行允许的 %.3g 次；"
    "请缩短到最多 %d 个词元（export 没有这个限制）")
MSG(MSG_GPT2_TEXT_KEPT, "--text is %d tokens: the run would keep %.3g numbers, more than the %.3g one run may "
    "keep; shorten it to at most %d tokens (export has no such limit)",
    "--text 有 %d 个词元：这次运行要保留 %.3g 个数，超过了一次运行允许保留的 %.3g 个；"
    "请缩短到最多 %d 个词元（export 没有这个限制）")
MSG(MSG_GPT2_EXTRA_LAYER, "%s: tensor %s belongs to no layer: config.json says n_layer %d (layers 0 to %d), so "
    "nothing would read it; fix n_layer or remove the tensor",
    "%s：张量 %s 不属于任何一层：config.json 写的是 n_layer %d（第 0 到 %d 层），所以没有任何地方会读它；"
    "请改正 n_layer 或删掉这个张量")
MSG(MSG_GPT2_DANGLING, "is a symbolic link to %s, which does not exist (%s): the link is dangling",
    "是指向 %s 的符号链接，但目标不存在（%s）：这是一个悬空链接")
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
    "第 %d 层：输出（已完整计算；用 --layer %d 查看每一步）")
MSG(MSG_LAYER_RECORD, "record %d: the stack has %d layers, numbered 0 to %d", "record %d：这个堆叠有 %d 层，编号为 0 到 %d")
MSG(MSG_PIPE_UNEMBED, "the unembedding W_E is %dx%d, but must have d_model = %d columns (one row per token of the vocabulary)",
    "反嵌入矩阵 W_E 是 %dx%d，但必须有 d_model = %d 列（词表中每个词元一行）")
MSG(MSG_CLI_GPT2_NUMBER, "%s takes %s, not '%s'", "%s 需要%s，不能是“%s”")
MSG(MSG_CLI_GPT2_WHOLE, "a whole number from 0", "从 0 开始的整数")
MSG(MSG_CLI_GPT2_REAL, "a number above 0", "大于 0 的数")
MSG(MSG_CLI_TEMPERATURE_ABOVE_0, "--temperature %s: must be a number above 0 (1 keeps the model's probabilities)",
    "--temperature %s：必须是大于 0 的数（1 表示保持模型原本的概率）")
MSG(MSG_CLI_TEMPERATURE_SMALL, "--temperature %s is too small for a 32-bit float, the precision the model computes "
    "in: it would become 0 (the smallest is 1.4e-45)",
    "--temperature %s 太小，32 位浮点数（模型计算所用的精度）表示不了：它会变成 0（最小约 1.4e-45）")
MSG(MSG_CLI_TEMPERATURE_LARGE, "--temperature %s is too large for a 32-bit float, the precision the model computes "
    "in (at most 3.4e38)", "--temperature %s 超出了 32 位浮点数（模型计算所用的精度）的范围（最大约 3.4e38）")
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
