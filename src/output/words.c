#include "output/words.h"

/* the words are messages of util/msg_table.h; this maps the front ends'
 * short names to them */
static const MsgId ids[W_COUNT] = {
    [W_STEP] = MSG_W_STEP,         [W_STEPS] = MSG_W_STEPS,       [W_STEP_ONE] = MSG_W_STEP_ONE,
    [W_PROFILE] = MSG_W_PROFILE,   [W_FORMULA] = MSG_W_FORMULA,   [W_LINE] = MSG_W_LINE,
    [W_FROM] = MSG_W_FROM,         [W_EXPECTED] = MSG_W_EXPECTED, [W_ACTUAL] = MSG_W_ACTUAL,
    [W_PASS] = MSG_W_PASS,         [W_FAIL] = MSG_W_FAIL,         [W_PASSED] = MSG_W_PASSED,
    [W_FAILED] = MSG_W_FAILED,     [W_TOKENS] = MSG_W_TOKENS,     [W_COMPUTED] = MSG_W_COMPUTED,
    [W_HEAD] = MSG_W_HEAD,         [W_COLUMNS] = MSG_W_COLUMNS};

const char *words_get(const Lesson *lesson, WordId id) { return msg_text(lesson_msg_lang(lesson), ids[id]); }
