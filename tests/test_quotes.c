/* Every quotation of an article in the lessons is verbatim.
 *
 * The convention (docs/glossary.md, "Quoting the articles"): a quotation
 * names its article earlier in the same sentence, by number (000 ... 004)
 * or claim id (004-3), and the words inside “” or "" are the article's
 * own, in its language, whatever the lesson's language; an English lesson
 * adds its translation in parentheses, without quotation marks. Line
 * breaks and blanks are ignored when comparing, since lessons wrap their
 * text. The articles are read from $ATTNSTEP_ARTICLES, or ../shared/articles
 * beside the checkout. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/loader.h"
#include "support.h"

#define NARTICLES 5

/* text without blanks or line breaks, malloc'd */
static char *squeeze(const char *s, size_t len) {
    char *out = malloc(len + 1);
    size_t n = 0;
    for (size_t k = 0; k < len; k++)
        if (!strchr(" \t\r\n", s[k]))
            out[n++] = s[k];
    out[n] = '\0';
    return out;
}

static bool load_articles(char *articles[NARTICLES]) {
    const char *env = getenv("ATTNSTEP_ARTICLES");
    char *dir = env && *env ? strdup(env) : source_path("../shared/articles");
    DIR *d = opendir(dir);
    if (!d) {
        free(dir);
        return false;
    }
    struct dirent *e;
    while ((e = readdir(d))) {
        /* "004_c992c0c7be533935.txt" is article 004 */
        if (strlen(e->d_name) < 5 || strncmp(e->d_name, "00", 2) != 0 || e->d_name[3] != '_')
            continue;
        int k = e->d_name[2] - '0';
        if (k < 0 || k >= NARTICLES)
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        char *text = read_file(path);
        cr_assert_not_null(text, "cannot read %s", path);
        articles[k] = squeeze(text, strlen(text));
        free(text);
    }
    closedir(d);
    free(dir);
    for (int k = 0; k < NARTICLES; k++)
        if (!articles[k])
            return false;
    return true;
}

static bool is_word_char(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '.'; }

/* check the quotations of one text; returns how many were checked */
static int check_text(const char *lesson, const char *text, char *const articles[NARTICLES]) {
    int article = -1, checked = 0;
    for (const char *p = text; *p;) {
        if (!strncmp(p, "。", 3) || !strncmp(p, "；", 3) || !strncmp(p, "！", 3) || !strncmp(p, "？", 3) ||
            ((p[0] == '.' || p[0] == '!' || p[0] == '?') && (p[1] == ' ' || p[1] == '\n')) ||
            (p[0] == '\n' && p[1] == '\n')) {
            article = -1;
            p++;
            continue;
        }
        if (p[0] == '0' && p[1] == '0' && p[2] >= '0' && p[2] < '0' + NARTICLES && !(p[3] >= '0' && p[3] <= '9') &&
            (p == text || !is_word_char(p[-1]))) {
            article = p[2] - '0';
            p += 3;
            continue;
        }
        const char *open = NULL, *close = NULL;
        if (!strncmp(p, "“", 3)) {
            open = p + 3;
            close = strstr(open, "”");
        } else if (*p == '"') {
            open = p + 1;
            close = strchr(open, '"');
        }
        if (!open) {
            p++;
            continue;
        }
        if (!close)
            break;
        if (article >= 0) {
            char *quote = squeeze(open, (size_t)(close - open));
            cr_expect(strstr(articles[article], quote) != NULL, "%s: “%.*s” is not in article 00%d word for word",
                      lesson, (int)(close - open), open, article);
            free(quote);
            checked++;
        }
        p = close + (*close == '"' ? 1 : 3);
    }
    return checked;
}

Test(quotes, every_quotation_of_an_article_is_verbatim) {
    char *articles[NARTICLES] = {0};
    if (!load_articles(articles))
        cr_skip_test("the articles are not beside the checkout: set ATTNSTEP_ARTICLES");
    int count, checked = 0;
    BuiltinLesson *list = lesson_builtins(&count);
    for (int k = 0; k < count; k++) {
        LoadedLesson ll;
        Error err;
        cr_assert(lesson_open(list[k].name, NULL, &ll, &err), "%s", list[k].name);
        for (int g = 0; g < ll.lesson.ngroups; g++) {
            const Group *grp = &ll.lesson.groups[g];
            if (grp->title)
                checked += check_text(list[k].name, grp->title, articles);
            if (grp->narrative)
                checked += check_text(list[k].name, grp->narrative, articles);
        }
        lesson_close(&ll);
    }
    free(list);
    for (int k = 0; k < NARTICLES; k++)
        free(articles[k]);
    /* both languages quote the articles: far more than a handful */
    cr_expect(checked >= 60, "only %d quotations found", checked);
}
