#include "output/words.h"

#include <string.h>

static const char *const english[W_COUNT] = {
    "Step", "steps", "step", "profile", "formula", "line", "from", "expected", "actual",
    "PASS", "FAIL", "passed", "failed", "Tokens", "computed", "head", "columns"};

static const char *const chinese[W_COUNT] = {
    "第", "步", "步", "约定", "公式", "行", "输入", "期望", "实际",
    "通过", "失败", "通过", "失败", "词元", "计算结果", "头", "列"};

const char *words_get(const Lesson *lesson, WordId id) {
    bool zh = lesson_is_zh(lesson);
    return (zh ? chinese : english)[id];
}
