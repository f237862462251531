/* unicode_class.c - lookups in the generated tables (see unicode_class.h). */
#include "text/unicode_class.h"

/* binary search over sorted, disjoint ranges */
static bool in_ranges(const UcRange *r, int n, unsigned cp) {
    int lo = 0, hi = n - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        if (cp < r[mid].lo)
            hi = mid - 1;
        else if (cp > r[mid].hi)
            lo = mid + 1;
        else
            return true;
    }
    return false;
}

bool uc_is_letter(unsigned cp) {
    if (cp < 0x80) /* the common case, without the search */
        return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
    return in_ranges(uc_letters, uc_letters_count, cp);
}

bool uc_is_number(unsigned cp) {
    if (cp < 0x80)
        return cp >= '0' && cp <= '9';
    return in_ranges(uc_numbers, uc_numbers_count, cp);
}

bool uc_is_space(unsigned cp) {
    switch (cp) {
    case '\t': case '\n': case '\v': case '\f': case '\r': case ' ':
    case 0x00A0: case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F:
    case 0x3000: case 0xFEFF:
        return true;
    default:
        return cp >= 0x2000 && cp <= 0x200A;
    }
}
