/* lang: the one home of the words the program writes itself.
 *
 * Chart titles and legends, table headers, the revisions paragraph, the
 * subject's names: each phrase is an entry with its English and Korean
 * text, so a wording is changed, or a language added, here and nowhere
 * else.  (Briefing sentences live in the templates; how numbers, months
 * and amounts are written per language is fmt's; Korean particles are the
 * template filters'.)
 *
 * A phrase that is a printf format takes the same arguments in both
 * languages, listed beside its entry in lang.c; where the languages order
 * them differently they are numbered ("%2$s", POSIX), and "%N$.0s" uses
 * an argument a language does not say.
 *
 * Ownership: the strings are static.
 */
#ifndef TB_LANG_H
#define TB_LANG_H

#include <stdbool.h>

enum tb_lang_text {
    TB_L_NO_DATA,
    TB_L_NA,
    TB_L_SURPLUS,
    TB_L_DEFICIT,
    TB_L_YOY_AXIS,
    TB_L_CONTINUED,
    TB_L_EXPORTS_WORD,
    TB_L_IMPORTS_WORD,
    TB_L_BALANCE_WORD,
    TB_L_REV_NONE,
    TB_L_REV_COUNT,
    TB_L_REV_ONE,
    TB_L_REV_ADDED,
    TB_L_REV_ADDED_ONE,
    TB_L_EXPORT_ADJ,
    TB_L_IMPORT_ADJ,
    TB_L_CHART_EX_IM,
    TB_L_CHART_EX,
    TB_L_CHART_IM,
    TB_L_CHART_MONTHLY,
    TB_L_CHART_PARTIAL,
    TB_L_CHART_BALANCE,
    TB_L_BACK_IN_SURPLUS,
    TB_L_BACK_IN_DEFICIT,
    TB_L_STREAK_SURPLUS,
    TB_L_STREAK_DEFICIT,
    TB_L_CHART_EX_GROWTH,
    TB_L_CHART_IM_GROWTH,
    TB_L_CHART_YOY_SUB,
    TB_L_CHART_TOP_N,
    TB_L_BY_ITEM,
    TB_L_BY_ORIGIN,
    TB_L_BY_DESTINATION,
    TB_L_CHART_GROWTH_BY,
    TB_L_CHART_GROWTH_BY_SUB,
    TB_L_OTHERS,
    TB_L_CHART_SHARES_BY,
    TB_L_CHART_SHARES_SUB_EX,
    TB_L_CHART_SHARES_SUB_IM,
    TB_L_CHART_ANNUAL_EX_IM,
    TB_L_CHART_ANNUAL_EX,
    TB_L_CHART_ANNUAL_IM,
    TB_L_YTD_LABEL,
    TB_L_CHART_ANNUAL_YTD_SUB,
    TB_L_CHART_HEATMAP,
    TB_L_ALL_REPORTERS,
    TB_L_SOURCE,
    TB_L_COL_PARTNER,
    TB_L_COL_ITEM,
    TB_L_COL_CODE,
    TB_L_COL_VALUE,
    TB_L_COL_UNIT,
    TB_L_COL_CHANGE,
    TB_L_COL_YOY,
    TB_L_COL_MOM,
    TB_L_COL_SHARE,
    TB_L_COL_CONTRIBUTION,
    TB_L_COL_STREAK,
    TB_L_COL_RANK,
    TB_L_COL_SPARKLINE,
    TB_L_OTHER_ITEMS,
    TB_L_OTHER_DESTINATIONS,
    TB_L_OTHER,
    TB_L_CELL_UP,
    TB_L_CELL_DOWN,
    TB_L_CELL_SURPLUS,
    TB_L_CELL_DEFICIT,
    TB_L_CELL_STREAK,
    TB_L_ALL_TRADE,
    TB_L_THOUSAND,
    TB_L_MILLION,
    TB_L_BILLION,
    TB_L_COUNT
};

/* Entry ID in Korean when KO, else in English. */
const char *tb_lang(enum tb_lang_text id, bool ko);

/* True when the English place name NAME takes "the" after a preposition
 * ("exports to the United States", "to the Middle East"; "to China"):
 * unions, states, kingdoms, republics, islands, plural names. */
bool tb_lang_takes_the(const char *name);

#endif
