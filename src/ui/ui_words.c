/* ui_words.c - every word the UI itself shows, English and Chinese side
 * by side. Entries with a %d take their numbers in the same order in both
 * languages. Status-line labels are kept short: the line drops whole
 * labels when it does not fit, never half a word. */
#include "ui/ui_words.h"

#include <stdio.h>
#include <string.h>

static const char *const words[UW_COUNT][2] = {
    [UW_NONE] = {"", ""},
    [UW_INPUT] = {"input", "输入"},
    [UW_OUTPUT] = {"output", "输出"},
    [UW_KEYS_ROWS] = {"rows = queries, cols = keys", "行 = 查询，列 = 键"},
    [UW_SOURCE] = {"Source", "源代码"},
    [UW_EXPLAIN] = {"Explanation", "说明"},
    [UW_STEP] = {"step", "步骤"},
    [UW_HEAD] = {"head", "头"},
    [UW_ALL_HEADS] = {"all heads", "全部头"},
    [UW_ENLARGE] = {"enlarge the window", "请放大窗口"},
    [UW_INPUT_CELL] = {"an input of this step", "这一步的输入"},
    [UW_EDIT_HINT] = {"press e to change it and recompute every later step", "按 e 修改它，之后的每一步都会重新计算"},
    [UW_HIDDEN] = {"a quiz cell: type your answer and press Enter", "测验格子：输入你的答案并按回车"},
    [UW_NEW_VALUE] = {"new value for", "新的值"},
    [UW_JUMP] = {"go to step", "跳到第几步"},
    [UW_ROWS] = {"rows", "行"},
    [UW_COLS] = {"cols", "列"},
    [UW_OF] = {"of", "/"},
    [UW_HEAT] = {"heat", "热图"},
    [UW_LOW] = {"low", "低"},
    [UW_HIGH] = {"high", "高"},
    [UW_SCORE] = {"score", "得分"},
    [UW_NO_MATRIX] = {"this step has no matrix", "这一步没有矩阵"},
    [UW_MATRICES] = {"matrices", "矩阵"},
    [UW_STEP_OF] = {"step %d of %d", "第 %d 步，共 %d 步"},
    [UW_TITLE_SEP] = {": ", "："},
    [UW_HEAD_OF] = {"head %d of %d", "头 %d / %d"},
    [UW_SCORE_OF] = {"score %d/%d", "得分 %d/%d"},
    [UW_MORE_LINES] = {"▼ %d more lines — r reads all", "▼ 还有 %d 行 — 按 r 阅读全部"},
    [UW_READ_TITLE] = {"Read", "阅读"},
    [UW_READ_KEYS] = {"↑↓ PgUp PgDn scroll · r or Esc back", "↑↓ PgUp PgDn 滚动 · r 或 Esc 返回"},
    [UW_HELP_TITLE] = {"Keys", "按键"},
    [UW_KERNELS] = {"kernels: ", "计算内核："},
    [UW_NOT_EDITABLE] = {"only inputs given by value (an embedding, a weight) can be edited: Tab to such a matrix first",
                         "只有直接给出值的输入（例如嵌入或权重）才能修改：用 Tab 移到这样的矩阵上"},
    [UW_S_STEP] = {"n/p step", "n/p 步进"},
    [UW_S_CELL] = {"←↑↓→ cell", "←↑↓→ 格子"},
    [UW_S_PANE] = {"Tab pane", "Tab 切换"},
    [UW_S_HEAD] = {"H head", "H 头"},
    [UW_S_DIGITS] = {"+/− digits", "+/− 位数"},
    [UW_S_HEAT] = {"c heat", "c 热图"},
    [UW_S_EDIT] = {"e edit", "e 编辑"},
    [UW_S_ANSWER] = {"a answer", "a 回答"},
    [UW_S_HELP] = {"? help", "? 帮助"},
    [UW_S_QUIT] = {"q quit", "q 退出"},
    [UW_S_READ] = {"r read", "r 阅读"},
    [UW_S_VIEW] = {"v view", "v 视图"},
    [UW_K_NEXT] = {"n  Space  PgDn", "n  空格  PgDn"},
    [UW_H_NEXT] = {"next step", "下一步"},
    [UW_K_PREV] = {"p  Backspace  PgUp", "p  退格  PgUp"},
    [UW_H_PREV] = {"previous step", "上一步"},
    [UW_K_ENDS] = {"g  G  Home  End", "g  G  Home  End"},
    [UW_H_ENDS] = {"first / last step", "第一步 / 最后一步"},
    [UW_K_JUMP] = {":  or a number", ":  或数字"},
    [UW_H_JUMP] = {"go to step N (Enter)", "跳到第 N 步（回车）"},
    [UW_K_TAB] = {"Tab  Shift-Tab", "Tab  Shift-Tab"},
    [UW_H_TAB] = {"next / previous pane", "下一个 / 上一个窗格"},
    [UW_K_MOVE] = {"←↑↓→  h j k l", "←↑↓→  h j k l"},
    [UW_H_MOVE] = {"move the cell cursor", "移动格子光标"},
    [UW_K_HEAD] = {"H", "H"},
    [UW_H_HEAD] = {"next head (and all heads)", "下一个头（以及全部头）"},
    [UW_K_DIGITS] = {"+  −", "+  −"},
    [UW_H_DIGITS] = {"more / fewer decimals", "多 / 少一位小数"},
    [UW_K_HEAT] = {"c", "c"},
    [UW_H_HEAT] = {"heatmap on / off", "热图 开 / 关"},
    [UW_K_EDIT] = {"e", "e"},
    [UW_H_EDIT] = {"edit an input cell, recompute", "修改输入格子，重新计算"},
    [UW_K_ANSWER] = {"a", "a"},
    [UW_H_ANSWER] = {"answer the quiz cell", "回答测验格子"},
    [UW_K_READ] = {"r  Enter", "r  回车"},
    [UW_H_READ] = {"read the step and explanation whole", "完整阅读这一步和说明"},
    [UW_K_VIEW] = {"v", "v"},
    [UW_H_VIEW] = {"matrices / tokens / all heads", "矩阵 / 词元 / 全部头"},
    [UW_K_ESC] = {"Esc", "Esc"},
    [UW_H_ESC] = {"cancel a prompt", "取消输入"},
    [UW_K_HELP] = {"?", "?"},
    [UW_H_HELP] = {"this help", "本帮助"},
    [UW_K_QUIT] = {"q  Ctrl-C", "q  Ctrl-C"},
    [UW_H_QUIT] = {"quit", "退出"},
    [UW_V_TOKENS] = {"attention by token", "每个词元的注意力"},
    [UW_V_HEADS] = {"all heads at a glance", "全部头一览"},
    [UW_NO_WEIGHTS] = {"this lesson has no softmax step: no attention weights to show (v: back to the matrices)",
                       "这一课没有 softmax 步骤：没有注意力权重可显示（按 v 回到矩阵）"},
};

const char *ui_words_get(bool zh, UiWord w) {
    if ((int)w < 0 || w >= UW_COUNT || !words[w][0])
        return "";
    return words[w][zh ? 1 : 0] ? words[w][zh ? 1 : 0] : words[w][0];
}

char *ui_words_fill(bool zh, UiWord w, int a, int b, char *out, size_t size) {
    const char *t = ui_words_get(zh, w);
    size_t len = 0;
    int used = 0;
    out[0] = '\0';
    while (*t && len + 1 < size) {
        if (t[0] == '%' && t[1] == 'd') {
            int k = snprintf(out + len, size - len, "%d", used++ == 0 ? a : b);
            len += k > 0 ? (size_t)k : 0;
            if (len >= size)
                len = size - 1;
            t += 2;
        } else {
            out[len++] = *t++;
        }
    }
    out[len] = '\0';
    return out;
}
