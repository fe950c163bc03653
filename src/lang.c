/* lang: the words the program writes itself (see lang.h). */
#include "lang.h"

#include <string.h>

static const struct {
    const char *en, *ko;
} S_text[TB_L_COUNT] = {
    [TB_L_NO_DATA] = {"No data", "자료 없음"},
    [TB_L_NA] = {"n/a", "자료 없음"},
    [TB_L_SURPLUS] = {"Surplus", "흑자"},
    [TB_L_DEFICIT] = {"Deficit", "적자"},
    [TB_L_YOY_AXIS] = {"% change on a year earlier", "전년 동월 대비 %"},
    [TB_L_CONTINUED] = {"(continued)", "(계속)"},
    /* the revisions paragraph (revise.c) */
    [TB_L_EXPORTS_WORD] = {"exports", "수출"},
    [TB_L_IMPORTS_WORD] = {"imports", "수입"},
    [TB_L_BALANCE_WORD] = {"the trade balance", "무역수지"},
    [TB_L_REV_NONE] = {"No figure of the previous vintage was revised.", "이전 자료 대비 수정된 수치는 없습니다."},
    /* (count, " was" or "s were") */
    [TB_L_REV_COUNT] = {"Since the previous vintage, %zu monthly figure%s revised.",
                        "이전 자료 대비 %zu건의 월별 수치가 수정되었습니다."},
    /* (month, flow word, "were" or "was", old amount, new amount) */
    [TB_L_REV_ONE] = {" %1$s %2$s %3$s revised from %4$s to %5$s.", " %1$s %2$s은 %3$.0s%4$s에서 %5$s로 수정되었습니다."},
    /* (first month, last month) */
    [TB_L_REV_ADDED] = {" Figures for %s to %s were added.", " %s~%s 수치가 새로 추가되었습니다."},
    [TB_L_REV_ADDED_ONE] = {" Figures for %s were added.", " %s~%s 수치가 새로 추가되었습니다."},
    /* the chart set (chartset.c) */
    [TB_L_EXPORT_ADJ] = {"Export", "수출"},
    [TB_L_IMPORT_ADJ] = {"Import", "수입"},
    [TB_L_CHART_EX_IM] = {"Exports and imports", "수출입 추이"},
    [TB_L_CHART_EX] = {"Exports", "수출 추이"},
    [TB_L_CHART_IM] = {"Imports", "수입 추이"},
    /* (reporter) */
    [TB_L_CHART_MONTHLY] = {"%s, monthly, {unit}", "%s, 월별, {unit}"},
    [TB_L_CHART_PARTIAL] = {"%s, days 1\xe2\x80\x93%s of each month, {unit}", "%s, 매월 1~%s일, {unit}"},
    [TB_L_CHART_BALANCE] = {"Trade balance", "무역수지"},
    [TB_L_BACK_IN_SURPLUS] = {"Back in surplus", "흑자 전환"},
    [TB_L_BACK_IN_DEFICIT] = {"Back in deficit", "적자 전환"},
    /* (months, "" or "s") */
    [TB_L_STREAK_SURPLUS] = {"Surplus for %d month%s", "%d개월 연속 흑자%.0s"},
    [TB_L_STREAK_DEFICIT] = {"Deficit for %d month%s", "%d개월 연속 적자%.0s"},
    [TB_L_CHART_EX_GROWTH] = {"Export growth", "수출 증감률"},
    [TB_L_CHART_IM_GROWTH] = {"Import growth", "수입 증감률"},
    /* (reporter) */
    [TB_L_CHART_YOY_SUB] = {"%s, %% change on a year earlier", "%s, 전년 동월 대비 %%"},
    /* (shown, of) */
    [TB_L_CHART_TOP_N] = {"; the %d largest of %s", "; 상위 %d개 (전체 %s개)"},
    [TB_L_BY_ITEM] = {"item", "품목별"},
    [TB_L_BY_ORIGIN] = {"origin", "국가·지역별"},
    [TB_L_BY_DESTINATION] = {"destination", "국가·지역별"},
    /* (by what, flow adjective) */
    [TB_L_CHART_GROWTH_BY] = {"%2$s growth by %1$s", "%1$s %2$s 증감률"},
    /* (reporter, month, cut note) */
    [TB_L_CHART_GROWTH_BY_SUB] = {"%s, %s, %% change on a year earlier%s", "%s, %s, 전년 동월 대비 %%%s"},
    [TB_L_OTHERS] = {"Others", "기타"},
    /* (by what, flow adjective) */
    [TB_L_CHART_SHARES_BY] = {"%2$s shares by %1$s", "%1$s %2$s 비중"},
    /* (reporter, flow label, cut note) */
    [TB_L_CHART_SHARES_SUB_EX] = {"%1$s, %% of total exports%3$s%2$.0s", "%1$s, 전체 %2$s 대비 %%%3$s"},
    [TB_L_CHART_SHARES_SUB_IM] = {"%1$s, %% of total imports%3$s%2$.0s", "%1$s, 전체 %2$s 대비 %%%3$s"},
    [TB_L_CHART_ANNUAL_EX_IM] = {"Exports and imports by year", "연간 수출입"},
    [TB_L_CHART_ANNUAL_EX] = {"Exports by year", "연간 수출"},
    [TB_L_CHART_ANNUAL_IM] = {"Imports by year", "연간 수입"},
    /* (January's name, the month's name: "7월" in Korean) */
    [TB_L_YTD_LABEL] = {"%1$s\xe2\x80\x93%2$s", "1~%2$s%1$.0s"},
    /* (reporter, year, year-to-date label) */
    [TB_L_CHART_ANNUAL_YTD_SUB] = {"%s, {unit}; %d: %s only", "%s, {unit}, %d년은 %s"},
    /* (flow adjective) */
    [TB_L_CHART_HEATMAP] = {"%s growth by item, month by month", "품목별 %s 증감률 추이"},
    [TB_L_ALL_REPORTERS] = {"All reporters", "전체"},
    [TB_L_SOURCE] = {"Source:", "자료:"},
    /* table headers (template expansion) */
    [TB_L_COL_PARTNER] = {"Partner", "국가·지역"},
    [TB_L_COL_ITEM] = {"Item", "품목"},
    [TB_L_COL_CODE] = {"Code", "코드"},
    /* (unit) */
    [TB_L_COL_VALUE] = {"Value (%s)", "금액(%s)"},
    [TB_L_COL_UNIT] = {"%s (%s)", "%s(%s)"}, /* a header and its column's unit */
    [TB_L_COL_CHANGE] = {"Change (%s)", "증감액(%s)"},
    [TB_L_COL_YOY] = {"y/y", "증감률"},
    [TB_L_COL_MOM] = {"m/m", "전월비"},
    [TB_L_COL_SHARE] = {"Share", "비중"},
    [TB_L_COL_CONTRIBUTION] = {"Contribution", "기여도"},
    [TB_L_COL_STREAK] = {"Streak", "연속"},
    [TB_L_COL_RANK] = {"Rank", "순위"},
    /* (months) */
    [TB_L_COL_SPARKLINE] = {"%d months", "%d개월 추이"},
    /* a table's row of the members not shown */
    [TB_L_OTHER_ITEMS] = {"Other items", "기타 품목"},
    [TB_L_OTHER_DESTINATIONS] = {"Other destinations", "기타 지역"},
    [TB_L_OTHER] = {"Other", "기타"},
    /* a table's streak cell: (word, months, "" or "s") */
    [TB_L_CELL_UP] = {"up", "증가"},
    [TB_L_CELL_DOWN] = {"down", "감소"},
    [TB_L_CELL_SURPLUS] = {"surplus", "흑자"},
    [TB_L_CELL_DEFICIT] = {"deficit", "적자"},
    [TB_L_CELL_STREAK] = {"%1$s %2$.0f month%3$s", "%2$.0f개월 %1$s%3$.0s"},
    /* dataset.subject without a reporter; the unit's magnitude */
    [TB_L_ALL_TRADE] = {"Trade", "전체"},
    [TB_L_THOUSAND] = {"thousand ", "천 "},
    [TB_L_MILLION] = {"million ", "백만 "},
    [TB_L_BILLION] = {"billion ", "십억 "},
};

const char *tb_lang(enum tb_lang_text id, bool ko)
{
    if ((unsigned)id >= TB_L_COUNT)
        return "";
    return ko ? S_text[id].ko : S_text[id].en;
}

/* NAME's first word is W, or its last word (before a parenthesis) is. */
static bool S_word(const char *name, const char *w, bool last)
{
    size_t n = strlen(w), len = strcspn(name, "(");
    while (len && name[len - 1] == ' ')
        len--;
    if (!last)
        return strncmp(name, w, n) == 0 && (name[n] == ' ' || name[n] == '\0');
    return len >= n && strncmp(name + len - n, w, n) == 0 && (len == n || name[len - n - 1] == ' ');
}

bool tb_lang_takes_the(const char *name)
{
    static const char *const first[] = {"United", "European", "Russian", "Czech", "Dominican", "Central",
                                        "Democratic", "Republic", "Middle", "Far", "Islamic", "Holy", "CIS", "EU"};
    static const char *const last[] = {"States", "Kingdom", "Union", "Republic", "Federation", "Emirates",
                                       "Islands", "East", "Netherlands", "Philippines", "Bahamas", "Gambia",
                                       "Maldives", "Comoros", "Americas", "Caribbean", "Territories"};
    if (!name || strchr(name, ','))
        return false;
    for (size_t i = 0; i < sizeof first / sizeof first[0]; i++)
        if (S_word(name, first[i], false))
            return true;
    for (size_t i = 0; i < sizeof last / sizeof last[0]; i++)
        if (S_word(name, last[i], true))
            return true;
    return false;
}
