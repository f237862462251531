/* bpe.h - GPT-2's byte-level byte-pair-encoding tokenizer.
 *
 * A vocabulary (vocab.json: token -> id) and a list of merges
 * (merges.txt: one "A B" pair per line, most important first) turn text
 * into token ids the way GPT-2 does:
 *
 *   1. the text is cut into pieces by GPT-2's pattern (pretokenize.h);
 *   2. each piece becomes its UTF-8 bytes, one token per byte;
 *   3. within a piece, the adjacent pair whose merge comes first in
 *      merges.txt is joined everywhere it occurs, again and again, until
 *      no adjacent pair has a merge.
 *
 * In vocab.json and merges.txt, tokens are written with one printable
 * character per byte (GPT-2's byte-to-unicode table): printable ASCII and
 * most of Latin-1 stand for themselves, the other bytes for U+0100 and up.
 * A space is written 'Ġ' (U+0120), a newline 'Ċ' (U+010A).
 */
#ifndef ATTNSTEP_BPE_H
#define ATTNSTEP_BPE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/error.h"

/* Largest vocab.json and merges.txt read (GPT-2's are 1 MB and 0.5 MB). */
#define BPE_MAX_FILE (64L * 1024 * 1024)
/* Largest token id accepted in vocab.json (GPT-2's largest is 50256). */
#define BPE_MAX_ID ((1 << 22) - 1)
/* Longest text bpe_encode takes, in bytes. */
#define BPE_MAX_TEXT (1L << 20)
/* Room bpe_display needs per byte of a token: "<0xE4>" is 6 bytes, and a
 * character's UTF-8 or its mark at most 4 per byte; plus the NUL. */
#define BPE_DISPLAY_PER_BYTE 8

typedef struct BpeToken {
    char *text;           /* as vocab.json writes it (NULL: no token has this id) */
    unsigned char *bytes; /* the bytes it stands for */
    size_t nbytes;
    bool special;         /* its text is not made of byte characters (e.g. a
                             control token): bytes are then its UTF-8 text */
} BpeToken;

typedef struct BpeMerge BpeMerge;

/* A loaded tokenizer. Read n_vocab and tokens; the rest is internal. */
typedef struct Bpe {
    int n_vocab;       /* ids are 0 .. n_vocab - 1 */
    BpeToken *tokens;  /* indexed by id */
    int n_merges;
    int byte_id[256];  /* the one-byte token of each byte */
    int *text_slots;   /* hash table: token text -> id (open addressing) */
    size_t text_cap;
    BpeMerge *merges;  /* hash table: (left id, right id) -> rank, merged id */
    size_t merge_cap;
} Bpe;

/* bpe_load: read `vocab_path` (vocab.json) and `merges_path` (merges.txt)
 * into `*b`, owned by the caller (bpe_free). On failure `*b` holds nothing
 * to free and `err` says "path: what is wrong" or "path:LINE: what is
 * wrong". Refused: files that are missing, not regular, or over
 * BPE_MAX_FILE; vocab.json that is not an object of distinct integer ids
 * in 0..BPE_MAX_ID, has a token twice or a token that is not valid UTF-8,
 * or lacks a one-byte token for some byte; a merges.txt line that is not
 * "A B", names a token missing from vocab.json, merges into a token
 * missing from it, or repeats an earlier merge. */
bool bpe_load(Bpe *b, const char *vocab_path, const char *merges_path, Error *err);

/* bpe_free: release a loaded tokenizer; every pointer into it is invalid
 * afterwards. Safe on a zeroed Bpe and safe to call twice. */
void bpe_free(Bpe *b);

/* bpe_encode: the token ids of `len` bytes of `text`, in `*ids`, a new
 * array of `*n` ints owned by the caller (free). Empty text gives no ids
 * (and *ids NULL). Fails when the text is not valid UTF-8 (the message
 * gives the offset of the first bad byte), is longer than BPE_MAX_TEXT,
 * or memory runs out. Each piece costs O(m * merges applied) for m bytes. */
bool bpe_encode(const Bpe *b, const char *text, size_t len, int **ids, int *n, Error *err);

/* bpe_decode: the bytes the `n` ids stand for, as a new NUL-terminated
 * string owned by the caller (free), its length in `*len` (may be NULL).
 * It is the encoded text again, byte for byte. Fails on an id out of
 * range or unused. */
bool bpe_decode(const Bpe *b, const int *ids, int n, char **text, size_t *len, Error *err);

/* bpe_display: how a learner reads the bytes of a token, written to `out`
 * (at most `cap` bytes with the NUL; cut short, never mid-character, when
 * it does not fit — BPE_DISPLAY_PER_BYTE * n + 1 always fits):
 *   a space is '␣' (GPT-2's files write it 'Ġ'), a newline '↵', a tab '⇥';
 *   other control characters and invisible spaces are <U+00A0> style;
 *   bytes that are not a whole UTF-8 character (a token may hold the
 *   first bytes of a Chinese character or an emoji) are <0xE4> style;
 *   every other character is itself.
 * Returns the length written. */
size_t bpe_display(const unsigned char *bytes, size_t n, char *out, size_t cap);

/* bpe_token_display: bpe_display of token `id`; a special token shows its
 * text as it is. An id out of range or unused shows as "<unk>". */
size_t bpe_token_display(const Bpe *b, int id, char *out, size_t cap);

/* bpe_text_token_display: token i of a text's ids[0 .. n) as a learner
 * reads it in that text: as bpe_token_display, except that bytes which
 * are part of a character spread over several tokens show as that whole
 * character and which of those tokens this is: " 的" (E7 9A 84) in
 * GPT-2's tokens ␣<0xE7> <0x9A> <0x84> shows as "␣的(1/3)", "的(2/3)",
 * "的(3/3)". Bytes that form no character even with their neighbours stay
 * <0xE4> style. Cut short as bpe_display is; BPE_DISPLAY_PER_BYTE * n + 32
 * for a token of n bytes always fits. */
size_t bpe_text_token_display(const Bpe *b, const int *ids, int n, int i, char *out, size_t cap);

#endif
