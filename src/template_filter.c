/* template_filter: the filters of the template language ({{ x | pct(sign) }})
 * and how values print.
 *
 * Number formats come from fmt.h (tb_fmt_number, _pct, _pp, _money,
 * _month) so charts and text agree; what fmt.h lacks lives here: prose money
 * ("$56.5 billion", "565.2억 달러"), ordinals ("6th", "sixth", "6번째"),
 * plurals and Korean counters, rose/fell wording, and Korean particles
 * chosen by the final sound of the word before them (반도체는, 선박은).
 *
 * Every filter passes null through unchanged (except `default`), so a
 * missing fact prints "–" rather than a made-up word; the template tests
 * the fact with {% if %} when the sentence should change instead.  A
 * filter given the wrong kind of value returns a message; the expander
 * reports it with the template position.  Strings made here live in the
 * evaluation's arena (tb_tpl_fctx) until tb_tpl_arena_clear.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "lang.h"
#include "mem.h"
#include "month.h"
#include "template_filter.h"
#include "utf8.h"

#define S_NDASH "\xe2\x80\x93"

const char *tb_tpl_arena_str(tb_tpl_fctx *f, const char *s)
{
    TB_GROW(f->strs, f->cap_strs, f->n_strs + 1);
    f->strs[f->n_strs] = tb_mem_strdup(s);
    return f->strs[f->n_strs++];
}

void tb_tpl_arena_clear(tb_tpl_fctx *f)
{
    for (size_t i = 0; i < f->n_strs; i++)
        free(f->strs[i]);
    f->n_strs = 0;
}

/* ------------------------------------------------------------ the table */

enum {
    F_MONEY,
    F_NUMBER,
    F_PCT,
    F_PP,
    F_ABS,
    F_MONTH,
    F_ORDINAL,
    F_PLURAL,
    F_COUNTER,
    F_UPDOWN,
    F_DEFAULT,
    F_LABEL,
    F_CAPITALIZE,
    F_LOWER,
    F_THE,
    F_JOSA,
    F_LENGTH,
    F_CLAIM,
    F_COUNT
};

static const char *const S_opt_money[] = {"short", "sign", "abs", "trim", "column", NULL};
static const char *const S_opt_sign[] = {"sign", "abs", NULL};
static const char *const S_opt_month[] = {"long", "short", "name", "name_short", "year", NULL};
static const char *const S_opt_ordinal[] = {"words", NULL};

static const tb_tpl_filter_def S_filters[F_COUNT] = {
    [F_MONEY] = {"money", "", S_opt_money, false, "money, money(short), money(sign), money(trim), money(column)"},
    [F_NUMBER] = {"number", "n", S_opt_sign, false, "number or number(1, sign)"},
    [F_PCT] = {"pct", "n", S_opt_sign, false, "pct, pct(sign), pct(2, abs)"},
    [F_PP] = {"pp", "n", S_opt_sign, false, "pp, pp(sign), pp(2)"},
    [F_ABS] = {"abs", "", NULL, false, "abs"},
    [F_MONTH] = {"month", "", S_opt_month, true, "month, month(short), month(name), month(name_short), month(year)"},
    [F_ORDINAL] = {"ordinal", "", S_opt_ordinal, false, "ordinal or ordinal(words)"},
    [F_PLURAL] = {"plural", "SS", NULL, false, "plural(\"month\", \"months\")"},
    [F_COUNTER] = {"counter", "S", NULL, false, "counter(\"개월\")"},
    [F_UPDOWN] = {"updown", "SSs", NULL, false, "updown(\"rose\", \"fell\", \"was unchanged\")"},
    [F_DEFAULT] = {"default", "V", NULL, false, "default(\"n/a\")"},
    [F_LABEL] = {"label", "", NULL, false, "label"},
    [F_CAPITALIZE] = {"capitalize", "", NULL, false, "capitalize"},
    [F_LOWER] = {"lower", "", NULL, false, "lower"},
    [F_THE] = {"the", "", NULL, false, "the"},
    [F_JOSA] = {"josa", "S", NULL, false, "josa(\"은/는\")"},
    [F_LENGTH] = {"length", "", NULL, false, "length"},
    [F_CLAIM] = {"claim", "S", NULL, false, "claim(\"the highest on record\")"},
};

int tb_tpl_filter_find(const char *name)
{
    for (int i = 0; i < F_COUNT; i++)
        if (strcmp(S_filters[i].name, name) == 0)
            return i;
    return -1;
}

const tb_tpl_filter_def *tb_tpl_filter_def_at(int i) { return i >= 0 && i < F_COUNT ? &S_filters[i] : NULL; }

size_t tb_tpl_filter_count(void) { return F_COUNT; }

static bool S_opt(const tb_tpl_call *c, const char *word)
{
    const char *const *o = S_filters[c->filter].options;
    for (unsigned i = 0; o && o[i]; i++)
        if ((c->options & (1u << i)) && strcmp(o[i], word) == 0)
            return true;
    return false;
}

/* Sentence case to mid-sentence, in place: the first word of S lower-cased
 * unless it is an acronym of two capitals or more; later words are kept,
 * as they are names ("Trade balance with China" -> "trade balance with
 * China", "Passenger cars" -> "passenger cars", "IT items" stays). */
static void S_lower_first_word(char *s)
{
    size_t n = strcspn(s, " "), caps = 0;
    for (size_t i = 0; i < n; i++)
        caps += s[i] >= 'A' && s[i] <= 'Z';
    for (size_t i = 0; caps < 2 && i < n; i++)
        if (s[i] >= 'A' && s[i] <= 'Z')
            s[i] = (char)(s[i] - 'A' + 'a');
}

/* Korean particle pairs: the form after a final consonant, then after a
 * vowel. */
static const char *const S_josa[][2] = {{"은", "는"},   {"이", "가"},     {"을", "를"},   {"과", "와"},
                                        {"으로", "로"}, {"이나", "나"},   {"이라", "라"}, {"이랑", "랑"},
                                        {"아", "야"},   {"이며", "며"},   {"이다", "다"}, {"이에요", "예요"}};
#define S_N_JOSA (sizeof S_josa / sizeof S_josa[0])

/* The pair named by "은/는" or "는/은"; -1 if unknown. */
static int S_josa_pair(const char *arg)
{
    const char *slash = strchr(arg, '/');
    if (!slash)
        return -1;
    size_t la = (size_t)(slash - arg);
    const char *b = slash + 1;
    for (size_t i = 0; i < S_N_JOSA; i++)
        for (int k = 0; k < 2; k++)
            if (strlen(S_josa[i][k]) == la && strncmp(arg, S_josa[i][k], la) == 0 &&
                strcmp(b, S_josa[i][1 - k]) == 0)
                return (int)i;
    return -1;
}

const char *tb_tpl_filter_check(const tb_tpl_call *call, size_t *bad)
{
    switch (call->filter) {
    case F_NUMBER:
    case F_PCT:
    case F_PP:
        if (call->n_args > 0) {
            double d = call->args[0].num;
            if (d != floor(d) || d < 0 || d > 6) {
                *bad = 0;
                return "the number of decimals must be a whole number from 0 to 6";
            }
        }
        return NULL;
    case F_JOSA:
        if (S_josa_pair(call->args[0].str) < 0) {
            *bad = 0;
            return "josa needs a particle pair: \"은/는\", \"이/가\", \"을/를\", \"과/와\", \"으로/로\", \"이나/나\", "
                   "\"이라/라\", \"이랑/랑\", \"아/야\", \"이며/며\", \"이다/다\" or \"이에요/예요\"";
        }
        return NULL;
    default:
        return NULL;
    }
}

/* ------------------------------------------------------------ helpers */

int tb_tpl_direction(double v)
{
    double r = round(v * 10.0);
    return r > 0 ? 1 : r < 0 ? -1 : 0;
}

static bool S_is_integer(double v) { return isfinite(v) && v == floor(v) && fabs(v) < 1e15; }

/* A number as it prints without a filter: whole numbers without decimals,
 * others with one. */
static char *S_plain_number(char *buf, size_t size, double v, bool integer)
{
    return tb_fmt_number(buf, size, v, integer || S_is_integer(v) ? 0 : 1, 0);
}

const char *tb_tpl_val_text(tb_tpl_fctx *f, tb_tpl_val v)
{
    char buf[TB_FMT_SIZE];
    switch (v.kind) {
    case TV_NULL:
        return S_NDASH;
    case TV_UNKNOWN:
        return "";
    case TV_BOOL:
        return v.b ? "true" : "false";
    case TV_NUM:
        return tb_tpl_arena_str(f, S_plain_number(buf, sizeof buf, v.num, v.integer));
    case TV_STR:
        return v.s;
    case TV_JSON:
        return NULL;
    }
    return NULL;
}

static const char *S_kind_name(tb_tpl_val v)
{
    switch (v.kind) {
    case TV_BOOL:
        return "true or false";
    case TV_NUM:
        return "a number";
    case TV_STR:
        return "a text";
    case TV_JSON:
        return json_is_array(v.j) ? "a list" : "a group of facts";
    default:
        return "nothing";
    }
}

static const char *S_found_of(tb_tpl_fctx *f, tb_tpl_val v)
{
    if (v.kind == TV_JSON)
        return json_is_array(v.j) ? "[...]" : "{...}";
    const char *s = tb_tpl_val_text(f, v);
    return s ? s : "";
}

static tb_tpl_val S_str(tb_tpl_fctx *f, const char *s)
{
    tb_tpl_val v = {.kind = TV_STR};
    v.s = tb_tpl_arena_str(f, s);
    return v;
}

static tb_tpl_val S_num(double n)
{
    tb_tpl_val v = {.kind = TV_NUM};
    v.num = n;
    v.integer = S_is_integer(n);
    return v;
}

/* Appends S to BUF (SIZE bytes, always NUL-terminated). */
static void S_cat(char *buf, size_t size, const char *s)
{
    size_t len = strlen(buf), n = strlen(s);
    if (len + n >= size)
        n = size - 1 - len;
    memcpy(buf + len, s, n);
    buf[len + n] = '\0';
}

/* ------------------------------------------------------------ money */

char *tb_tpl_money_long(char *buf, size_t size, double v, tb_unit unit, const char *lang, unsigned flags)
{
    buf[0] = '\0';
    if (isnan(v)) {
        S_cat(buf, size, S_NDASH);
        return buf;
    }
    bool ko = tb_fmt_is_ko(lang);
    double mult = unit.multiplier > 0 ? unit.multiplier : 1;
    double base = v * mult, a = fabs(base);
    /* the currency as fmt.h writes it: "$", "CHF " / "달러", "원" */
    tb_fmt_scale plain = tb_fmt_money_scale(0, unit, lang);
    const char *word = "";
    double div = 1;
    int dec = 0;
    if (ko) {
        bool krw = strcmp(unit.currency, "KRW") == 0;
        if (krw && a >= 1e12) {
            div = 1e12, word = "조", dec = 1;
        } else if (a >= 1e8) {
            div = 1e8, word = "억";
            dec = round(a / div * 10) / 10 >= 1000 ? 0 : 1;
        } else if (a >= 1e4) {
            div = 1e4, word = "만";
            if (round(a / div) >= 10000)
                div = 1e8, word = "억", dec = 1;
        }
    } else {
        static const struct {
            double mag;
            const char *word;
            int dec;
        } mags[] = {{1e12, " trillion", 2}, {1e9, " billion", 1}, {1e6, " million", 1}};
        int k = -1;
        for (int i = 0; i < 3 && k < 0; i++)
            if (a >= mags[i].mag)
                k = i;
        /* 999.96 billion rounds to 1,000.0: say 1.00 trillion */
        if (k > 0 && round(a / mags[k].mag * pow(10, mags[k].dec)) / pow(10, mags[k].dec) >= 1000)
            k--;
        if (k >= 0)
            div = mags[k].mag, word = mags[k].word, dec = mags[k].dec;
    }
    char digits[TB_FMT_SIZE];
    tb_fmt_number(digits, sizeof digits, a / div, dec, 0);
    bool zero = strspn(digits, "0.,") == strlen(digits);
    if (!zero && base < 0)
        S_cat(buf, size, "\xe2\x88\x92");
    else if (!zero && base > 0 && (flags & TB_FMT_SIGN))
        S_cat(buf, size, "+");
    if (ko) {
        S_cat(buf, size, digits);
        S_cat(buf, size, word);
        S_cat(buf, size, " ");
        S_cat(buf, size, plain.label);
    } else {
        S_cat(buf, size, plain.label);
        S_cat(buf, size, digits);
        S_cat(buf, size, word);
    }
    return buf;
}

/* ------------------------------------------------------------ ordinals */

/* "6th", or in words up to 99 ("sixth", "twenty-first"); Korean "6번째". */
static char *S_ordinal(char *buf, size_t size, long n, bool words, const char *lang)
{
    static const char *const ones[20] = {"",           "first",      "second",     "third",       "fourth",
                                         "fifth",      "sixth",      "seventh",    "eighth",      "ninth",
                                         "tenth",      "eleventh",   "twelfth",    "thirteenth",  "fourteenth",
                                         "fifteenth",  "sixteenth",  "seventeenth", "eighteenth", "nineteenth"};
    static const char *const tens[10] = {"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"};
    static const char *const tenths[10] = {"",          "",          "twentieth", "thirtieth", "fortieth",
                                           "fiftieth",  "sixtieth",  "seventieth", "eightieth", "ninetieth"};
    if (tb_fmt_is_ko(lang)) {
        snprintf(buf, size, "%ld번째", n);
        return buf;
    }
    if (words && n >= 1 && n <= 99) {
        if (n < 20)
            snprintf(buf, size, "%s", ones[n]);
        else if (n % 10 == 0)
            snprintf(buf, size, "%s", tenths[n / 10]);
        else
            snprintf(buf, size, "%s-%s", tens[n / 10], ones[n % 10]);
        return buf;
    }
    long m100 = labs(n) % 100, m10 = labs(n) % 10;
    const char *suf = (m100 >= 11 && m100 <= 13) ? "th" : m10 == 1 ? "st" : m10 == 2 ? "nd" : m10 == 3 ? "rd" : "th";
    snprintf(buf, size, "%ld%s", n, suf);
    return buf;
}

/* ------------------------------------------------------------ josa */

/* The final sound of TEXT as read in Korean: 0 vowel, 1 consonant, 2 ㄹ. */
static int S_final_sound(const char *text)
{
    size_t end = strlen(text);
    /* the word before a closing parenthetical decides: "자동차부품(−24.4%)" is
     * read up to 자동차부품; then skip closing punctuation and spaces */
    for (;;) {
        while (end > 0 && strchr(" ]\"'.", text[end - 1]))
            end--;
        if (end == 0 || text[end - 1] != ')')
            break;
        size_t depth = 0, i = end;
        while (i > 0) {
            char ch = text[--i];
            depth += ch == ')';
            depth -= ch == '(';
            if (depth == 0)
                break;
        }
        if (depth != 0 || i == 0) {
            end--; /* unbalanced, or the whole text is in parentheses */
            continue;
        }
        end = i;
    }
    if (end == 0)
        return 0;
    size_t at = end;
    unsigned cp = tb_utf8_prev(text, &at);
    if (cp >= 0xAC00 && cp <= 0xD7A3) {
        unsigned jong = (cp - 0xAC00) % 28;
        return jong == 0 ? 0 : jong == 8 ? 2 : 1;
    }
    if (cp == '%')
        return 0; /* 퍼센트 */
    if (cp >= '0' && cp <= '9') {
        /* 영 일 이 삼 사 오 육 칠 팔 구 */
        static const int digit[10] = {1, 2, 0, 1, 0, 0, 1, 2, 2, 0};
        size_t i = end;
        bool decimal = false;
        while (i > 0 && ((text[i - 1] >= '0' && text[i - 1] <= '9') || text[i - 1] == ',' || text[i - 1] == '.')) {
            decimal |= text[i - 1] == '.';
            i--;
        }
        if (decimal)
            return digit[cp - '0'];
        /* a whole number is read by its last non-zero place: 10 십, 100 백,
         * 1,000 천, 10,000 만, 10^8 억 (all end in a consonant), 10^12 조 */
        size_t zeros = 0;
        bool nonzero = false;
        for (size_t k = end; k > i; k--) {
            if (text[k - 1] == ',')
                continue;
            if (text[k - 1] != '0') {
                nonzero = true;
                break;
            }
            zeros++;
        }
        if (zeros == 0 || !nonzero)
            return digit[cp - '0'];
        return zeros >= 12 ? 0 : 1;
    }
    if ((cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z')) {
        /* letter names: 엘 엠 엔 알 end in a consonant */
        int c = (int)cp | 0x20;
        return c == 'l' || c == 'r' ? 2 : c == 'm' || c == 'n' ? 1 : 0;
    }
    return 0;
}

/* Drops a decimal part that is all zeros: "$60.0 billion" -> "$60 billion". */
static void S_trim_zeros(char *buf)
{
    char *dot = strchr(buf, '.');
    if (!dot)
        return;
    char *e = dot + 1;
    while (*e == '0')
        e++;
    if (*e >= '1' && *e <= '9')
        return;
    memmove(dot, e, strlen(e) + 1);
}

/* ------------------------------------------------------------ apply */

/* A type error's message, kept in F's arena. */
static const char *S_need(const char *what, tb_tpl_fctx *f, tb_tpl_val in, const char **found, const char *filter)
{
    char *msg = tb_mem_printf("filter \"%s\" needs %s, not %s", filter, what, S_kind_name(in));
    const char *kept = tb_tpl_arena_str(f, msg);
    free(msg);
    *found = S_found_of(f, in);
    return kept;
}

/* Joins A and B into a value kept in F's arena (the words of plural and
 * counter come from the template, so no fixed buffer holds them). */
static tb_tpl_val S_str2(tb_tpl_fctx *f, const char *a, const char *sep, const char *b)
{
    char *s = tb_mem_printf("%s%s%s", a, sep, b);
    tb_tpl_val v = S_str(f, s);
    free(s);
    return v;
}

/* money(column): the amount alone; the hand-made table it is a cell of
 * sets it in its column's scale once every row is in (template_expand.c),
 * so here it is recorded and printed plainly. */
static const char *S_money_column(tb_tpl_fctx *f, tb_tpl_val in, double v, unsigned flags, tb_tpl_val *out,
                                  const char **found)
{
    if (!f->in_cell) {
        *found = S_found_of(f, in);
        return "money(column) is for a cell of a hand-made @table (the column picks one scale for its amounts)";
    }
    f->col_n++;
    f->col_v = v;
    f->col_flags = flags;
    char buf[TB_FMT_SIZE];
    tb_fmt_number(buf, sizeof buf, v, 1, flags);
    *out = S_str(f, buf);
    return NULL;
}

static bool S_is_nullish(tb_tpl_val v) { return v.kind == TV_NULL || v.kind == TV_UNKNOWN; }

const char *tb_tpl_filter_apply(tb_tpl_fctx *f, const tb_tpl_call *c, tb_tpl_val in, tb_tpl_val *out,
                                const char **found)
{
    const tb_tpl_filter_def *def = &S_filters[c->filter];
    char buf[TB_FMT_SIZE * 2];
    *out = in;
    if (c->filter == F_CLAIM) {
        /* the words a fact makes the template write, recorded as a claim
         * on that fact like any placeholder (null included) */
        if (in.kind != TV_UNKNOWN)
            *out = S_str(f, c->args[0].str);
        return NULL;
    }
    if (c->filter == F_DEFAULT) {
        if (S_is_nullish(in) && in.kind != TV_UNKNOWN) {
            const tb_tpl_arg *a = &c->args[0];
            *out = a->is_num ? S_num(a->num) : S_str(f, a->str);
        }
        return NULL;
    }
    if (S_is_nullish(in))
        return NULL;
    unsigned flags = S_opt(c, "sign") ? TB_FMT_SIGN : 0;
    bool absv = S_opt(c, "abs");
    switch (c->filter) {
    case F_MONEY:
    case F_NUMBER:
    case F_PCT:
    case F_PP:
    case F_ABS:
    case F_ORDINAL:
    case F_PLURAL:
    case F_COUNTER:
        if (in.kind != TV_NUM)
            return S_need("a number", f, in, found, def->name);
        break;
    default:
        break;
    }
    double v = absv ? fabs(in.num) : in.num;
    int dec = c->n_args > 0 ? (int)c->args[0].num : -1;
    switch (c->filter) {
    case F_MONEY:
        if (S_opt(c, "column"))
            return S_money_column(f, in, v, flags, out, found);
        if (S_opt(c, "short"))
            tb_fmt_money(buf, sizeof buf, v, f->unit, f->lang, flags);
        else
            tb_tpl_money_long(buf, sizeof buf, v, f->unit, f->lang, flags);
        if (S_opt(c, "trim"))
            S_trim_zeros(buf);
        *out = S_str(f, buf);
        return NULL;
    case F_NUMBER:
        tb_fmt_number(buf, sizeof buf, v, dec >= 0 ? dec : 0, flags);
        *out = S_str(f, buf);
        return NULL;
    case F_PCT:
        tb_fmt_pct(buf, sizeof buf, v, dec >= 0 ? dec : 1, flags);
        *out = S_str(f, buf);
        return NULL;
    case F_PP:
        tb_fmt_pp(buf, sizeof buf, v, dec >= 0 ? dec : 1, f->lang, flags);
        *out = S_str(f, buf);
        return NULL;
    case F_ABS:
        *out = S_num(fabs(in.num));
        out->integer = in.integer;
        return NULL;
    case F_ORDINAL:
        if (!S_is_integer(in.num)) {
            *found = S_found_of(f, in);
            return "filter \"ordinal\" needs a whole number";
        }
        S_ordinal(buf, sizeof buf, (long)in.num, S_opt(c, "words"), f->lang);
        *out = S_str(f, buf);
        return NULL;
    case F_PLURAL: {
        char n[TB_FMT_SIZE];
        S_plain_number(n, sizeof n, in.num, in.integer);
        *out = S_str2(f, n, " ", in.num == 1 ? c->args[0].str : c->args[1].str);
        return NULL;
    }
    case F_COUNTER: {
        char n[TB_FMT_SIZE];
        S_plain_number(n, sizeof n, in.num, in.integer);
        *out = S_str2(f, n, "", c->args[0].str);
        return NULL;
    }
    case F_UPDOWN: {
        int d = 0;
        if (in.kind == TV_NUM)
            d = tb_tpl_direction(in.num);
        else if (in.kind == TV_STR && (strcmp(in.s, "up") == 0 || strcmp(in.s, "surplus") == 0))
            d = 1;
        else if (in.kind == TV_STR && (strcmp(in.s, "down") == 0 || strcmp(in.s, "deficit") == 0))
            d = -1;
        else if (!(in.kind == TV_STR && strcmp(in.s, "flat") == 0))
            return S_need("a number, or up, down, surplus or deficit", f, in, found, def->name);
        const char *w = d > 0 ? c->args[0].str : d < 0 ? c->args[1].str : c->n_args > 2 ? c->args[2].str : c->args[0].str;
        *out = S_str(f, w);
        return NULL;
    }
    case F_MONTH: {
        const char *s = NULL;
        if (in.kind == TV_STR)
            s = in.s;
        else if (in.kind == TV_JSON && json_is_object(in.j) && json_is_string(json_object_get(in.j, "month")))
            s = json_string_value(json_object_get(in.j, "month"));
        tb_month m;
        if (!s || !tb_month_parse(s, strlen(s), TB_MONTH_ISO, &m))
            return S_need("a month like \"2024-03\"", f, in, found, def->name);
        enum tb_fmt_month_style st = S_opt(c, "short")        ? TB_FMT_MONTH_SHORT
                                     : S_opt(c, "name")       ? TB_FMT_MONTH_NAME_LONG
                                     : S_opt(c, "name_short") ? TB_FMT_MONTH_NAME
                                     : S_opt(c, "year")       ? TB_FMT_MONTH_YEAR
                                                              : TB_FMT_MONTH_LONG;
        tb_fmt_month(buf, sizeof buf, m, st, f->lang);
        *out = S_str(f, buf);
        return NULL;
    }
    case F_LABEL: {
        if (in.kind == TV_STR)
            return NULL;
        if (in.kind != TV_JSON || !json_is_object(in.j))
            return S_need("a breakdown member (with a name)", f, in, found, def->name);
        const json_t *names = json_object_get(in.j, "names");
        const json_t *s = json_object_get(names, tb_fmt_is_ko(f->lang) ? "ko" : "en");
        if (!json_is_string(s))
            s = json_object_get(in.j, "name");
        if (!json_is_string(s))
            s = json_object_get(in.j, "code");
        if (!json_is_string(s))
            return S_need("a breakdown member (with a name)", f, in, found, def->name);
        out->kind = TV_STR;
        out->s = json_string_value(s);
        return NULL;
    }
    case F_CAPITALIZE:
    case F_LOWER: {
        const char *s = tb_tpl_val_text(f, in);
        if (!s)
            return S_need("a text", f, in, found, def->name);
        char *copy = tb_mem_strdup(s);
        if (c->filter == F_CAPITALIZE) {
            if (copy[0] >= 'a' && copy[0] <= 'z')
                copy[0] = (char)(copy[0] - 'a' + 'A');
        } else {
            S_lower_first_word(copy);
        }
        *out = S_str(f, copy);
        free(copy);
        return NULL;
    }
    case F_THE: {
        const char *s = tb_tpl_val_text(f, in);
        if (!s)
            return S_need("a text", f, in, found, def->name);
        if (tb_fmt_is_ko(f->lang) || !tb_lang_takes_the(s)) {
            *out = in;
            return NULL;
        }
        char *the = tb_mem_printf("the %s", s);
        *out = S_str(f, the);
        free(the);
        return NULL;
    }
    case F_JOSA: {
        const char *s = tb_tpl_val_text(f, in);
        if (!s)
            return S_need("a text", f, in, found, def->name);
        int pair = S_josa_pair(c->args[0].str);
        int fin = S_final_sound(s);
        /* 으로/로: after ㄹ the vowel form (서울로) */
        bool cons = pair == 4 ? fin == 1 : fin != 0;
        char *joined = tb_mem_printf("%s%s", s, S_josa[pair][cons ? 0 : 1]);
        *out = S_str(f, joined);
        free(joined);
        return NULL;
    }
    case F_LENGTH: {
        size_t n = 0;
        if (in.kind == TV_JSON)
            n = json_is_array(in.j) ? json_array_size(in.j) : json_object_size(in.j);
        else if (in.kind == TV_STR)
            for (const char *p = in.s; *p; p++)
                n += ((unsigned char)*p & 0xC0) != 0x80;
        else
            return S_need("a list or a text", f, in, found, def->name);
        *out = S_num((double)n);
        return NULL;
    }
    default:
        return NULL;
    }
}
