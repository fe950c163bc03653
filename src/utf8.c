/* utf8: the one UTF-8 decoder (see utf8.h). */
#include "utf8.h"

/* The code point at U into *CP and its length, or 0 when U[0..LEN) does
 * not start a valid sequence. */
static size_t S_decode(const unsigned char *u, size_t len, uint32_t *cp)
{
    size_t n;
    uint32_t c, min;
    if (len == 0)
        return 0;
    if (u[0] < 0x80) {
        *cp = u[0];
        return 1;
    } else if ((u[0] & 0xE0) == 0xC0) {
        n = 2, c = u[0] & 0x1F, min = 0x80;
    } else if ((u[0] & 0xF0) == 0xE0) {
        n = 3, c = u[0] & 0x0F, min = 0x800;
    } else if ((u[0] & 0xF8) == 0xF0) {
        n = 4, c = u[0] & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (n > len)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((u[i] & 0xC0) != 0x80)
            return 0;
        c = c << 6 | (u[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return n;
}

size_t tb_utf8_next(const char *s, size_t len, uint32_t *cp)
{
    size_t n = S_decode((const unsigned char *)s, len, cp);
    if (n == 0) {
        *cp = 0xFFFD;
        return 1;
    }
    return n;
}

size_t tb_utf8_seq(const char *s, size_t len)
{
    uint32_t cp;
    return S_decode((const unsigned char *)s, len, &cp);
}

bool tb_utf8_valid(const char *s, size_t len)
{
    for (size_t i = 0, n; i < len; i += n)
        if ((n = tb_utf8_seq(s + i, len - i)) == 0)
            return false;
    return true;
}

uint32_t tb_utf8_prev(const char *s, size_t *end)
{
    size_t i = *end - 1;
    while (i > 0 && *end - i < 4 && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    uint32_t cp;
    if (S_decode((const unsigned char *)s + i, *end - i, &cp) == *end - i) {
        *end = i;
        return cp;
    }
    *end -= 1;
    return 0xFFFD;
}
