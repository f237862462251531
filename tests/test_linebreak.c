/* The Chinese line-breaking rule in every output: no line starts with
 * closing punctuation (，。、：；！？）》」』 ...) or ends with opening
 * punctuation (（《「『 ...), over every built-in lesson, in the text and
 * Markdown traces and in the wrapping the UI uses at every width. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "lang/loader.h"
#include "output/trace.h"
#include "support.h"
#include "util/msg.h"
#include "util/utf8.h"

/* written out here, independently of the wrapper's own lists */
static const char *const closing[] = {"，", "。", "、", "：", "；", "！", "？", "）", "》", "」", "』", "】", "〕", "”", NULL};
static const char *const opening[] = {"（", "《", "「", "『", "【", "〔", "“", NULL};

/* the first offending line of text, or NULL; leading blanks are indent */
static const char *bad_line(const char *text, size_t len, char *why, size_t size) {
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *eol = nl ? nl : end;
        const char *s = p;
        while (s < eol && (*s == ' ' || *s == '\t'))
            s++;
        const char *e = eol;
        while (e > s && (e[-1] == ' ' || e[-1] == '\r'))
            e--;
        for (int k = 0; closing[k] && s < e; k++)
            if (strncmp(s, closing[k], strlen(closing[k])) == 0) {
                snprintf(why, size, "starts with %s: %.*s", closing[k], (int)(eol - p), p);
                return p;
            }
        for (int k = 0; opening[k] && e > s; k++) {
            size_t n = strlen(opening[k]);
            if ((size_t)(e - s) >= n && strncmp(e - n, opening[k], n) == 0) {
                snprintf(why, size, "ends with %s: %.*s", opening[k], (int)(eol - p), p);
                return p;
            }
        }
        p = eol + 1;
    }
    return NULL;
}

Test(linebreak, the_rule_itself) {
    utf8_locale_init(); /* CJK characters are two columns wide */
    cr_expect(!utf8_break_allowed(0x6211, 0xFF0C)); /* 我|， */
    cr_expect(!utf8_break_allowed(0xFF08, 0x6211)); /* （|我 */
    cr_expect(utf8_break_allowed(0xFF0C, 0x6211));  /* ，|我 */
    WrapLine lines[8];
    /* six columns fit "我爱猫" and would put "，" first on the next line */
    int n = utf8_wrap("我爱猫，猫爱我", 6, lines, 8);
    cr_assert_eq(n, 3);
    cr_expect(lines[1].len == strlen("猫，") && strncmp(lines[1].start, "猫，", lines[1].len) == 0, "%.*s",
              (int)lines[1].len, lines[1].start);
    n = utf8_wrap("我爱（猫）", 6, lines, 8);
    cr_expect(strncmp(lines[1].start, "（猫）", strlen("（猫）")) == 0, "%.*s", (int)lines[1].len, lines[1].start);
}

/* joining the lines of a paragraph: a space between words, none inside
 * Chinese, around its full-width punctuation, or between a quotation mark
 * and the Chinese next to it; English quoting Chinese keeps its spaces */
Test(linebreak, reflow_joins_chinese_without_spaces) {
    const char *const cases[][2] = {
        {"标题为\n“第 5 层”的\n步骤", "标题为“第 5 层”的步骤"},
        {"在 ␣on\n（第 3 列）上", "在 ␣on（第 3 列）上"},
        {"有多\n“确定”，\n而不会", "有多“确定”，而不会"},
        {"says a head\n“只能看到输入的一半”\n(can only see half)", "says a head “只能看到输入的一半” (can only see half)"},
        {"two\nwords", "two words"},
        {"GPT-2\n用字节", "GPT-2 用字节"},
        /* a list item keeps its line, its mark followed by a space or a
         * no-break space (the ranked next tokens) */
        {"最可能的 10 个：概率\n1.\u00a0“|”\u00a01.23%", "最可能的 10 个：概率\n1.\u00a0“|”\u00a01.23%"},
        {"tokens: probability\n1. “a”", "tokens: probability\n1. “a”"},
        {"items\n-\u00a0one", "items\n-\u00a0one"},
        {"1.5\nmore", "1.5 more"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char *got = utf8_reflow(cases[k][0]);
        cr_expect_str_eq(got, cases[k][1]);
        free(got);
    }
}

Test(linebreak, every_builtin_lesson_in_every_output) {
    utf8_locale_init();
    int count;
    BuiltinLesson *list = lesson_builtins(&count);
    cr_assert(count >= 32, "%d built-in lessons", count);
    for (int k = 0; k < count; k++) {
        const char *formats[] = {"text", "md"};
        for (int f = 0; f < 2; f++) {
            RunResult r = RUN("trace", "--format", formats[f], list[k].name);
            cr_expect_eq(r.status, 0, "%s", list[k].name);
            char why[512];
            if (bad_line(r.out, strlen(r.out), why, sizeof why))
                cr_expect(false, "trace --format %s %s: a line %s", formats[f], list[k].name, why);
            run_free(&r);
        }
        /* the UI wraps the narratives and the verdicts with utf8_wrap at
         * the width of its pane: try every width it can have */
        LoadedLesson ll;
        Error err;
        cr_assert(lesson_open(list[k].name, NULL, &ll, &err), "%s", list[k].name);
        for (int g = 0; g < ll.lesson.ngroups; g++) {
            const char *narrative = ll.lesson.groups[g].narrative;
            if (!narrative)
                continue;
            char *flowing = utf8_reflow(narrative);
            for (int width = 16; width <= 120; width++) {
                int n = utf8_wrap(flowing, width, NULL, 0);
                WrapLine *lines = malloc((size_t)n * sizeof *lines);
                utf8_wrap(flowing, width, lines, n);
                for (int m = 0; m < n; m++) {
                    char why[512];
                    if (bad_line(lines[m].start, lines[m].len, why, sizeof why)) {
                        cr_expect(false, "%s, step %d at width %d: a line %s", list[k].name, g + 1, width, why);
                        width = 1000;
                        break;
                    }
                }
                free(lines);
            }
            free(flowing);
        }
        for (int r = 0; r < ll.lesson.nrecords; r++) {
            const Record *rec = &ll.lesson.records[r];
            if (rec->kind != REC_EXPECT)
                continue;
            char summary[1536];
            trace_expect_summary(&ll.lesson, rec, 4, summary, sizeof summary);
            for (int width = 16; width <= 120; width += 7) {
                int n = utf8_wrap(summary, width, NULL, 0);
                WrapLine *lines = malloc((size_t)n * sizeof *lines);
                utf8_wrap(summary, width, lines, n);
                for (int m = 0; m < n; m++) {
                    char why[512];
                    if (bad_line(lines[m].start, lines[m].len, why, sizeof why))
                        cr_expect(false, "%s, verdict at line %d, width %d: a line %s", list[k].name, rec->pos.line,
                                  width, why);
                }
                free(lines);
            }
        }
        lesson_close(&ll);
    }
    free(list);
}

/* Every Chinese message of the table, as shown after its label: its own
 * lines, and the lines the wrapper makes of it at every width from 16 to
 * 120 columns (the UI's message line and panes). */
Test(linebreak, every_chinese_message) {
    utf8_locale_init();
    for (int id = 0; id < MSG_COUNT; id++) {
        char text[4096];
        snprintf(text, sizeof text, "%s%s", msg_text(MSG_ZH, MSG_LABEL_ERROR), msg_text(MSG_ZH, (MsgId)id));
        char why[512];
        if (bad_line(text, strlen(text), why, sizeof why)) {
            cr_expect(false, "message %d: a line %s", id, why);
            continue;
        }
        for (int width = 16; width <= 120; width++) {
            int n = utf8_wrap(text, width, NULL, 0);
            WrapLine *lines = malloc((size_t)n * sizeof *lines);
            utf8_wrap(text, width, lines, n);
            bool bad = false;
            for (int m = 0; m < n && !bad; m++)
                if (bad_line(lines[m].start, lines[m].len, why, sizeof why)) {
                    cr_expect(false, "message %d at width %d: a line %s", id, width, why);
                    bad = true;
                }
            free(lines);
            if (bad)
                break;
        }
    }
}
