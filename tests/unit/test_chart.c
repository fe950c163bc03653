/* test_chart: the canvas backends and every chart type.
 *
 * Charts are drawn from a fixed fixture (real Korean trade data embedded
 * below, with one deliberate gap) and compared with the reference PNGs in
 * tests/ref/ with a small per-pixel tolerance: a pixel differs when a
 * channel is off by more than 48, and a chart fails when more than 0.5% of
 * its pixels differ, so a font or rasteriser update passes but a moved bar
 * or a changed colour does not.  TB_UPDATE_REF=1 rewrites the references
 * (look at every one before committing it).  Failed comparisons leave
 * NAME.got.png and NAME.diff.png in $TB_TESTBIN (or the current directory).
 *
 * The PDF path is checked against the PNG: a chart drawn by the libharu
 * backend onto a page of a bigger PDF is rasterised with pdftoppm and the
 * chart's rectangle compared with cairo's image.  Also: byte-determinism in
 * PNG, SVG and PDF, the PNG encoder round trip, text measurement against
 * cairo, sticky errors, and the chart set's files and charts.json.
 */
#include <cairo-ft.h>
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "canvas.h"
#include "canvas_cairo.h"
#include "canvas_hpdf.h"
#include "artifact.h"
#include "canvas_png.h"
#include "canvas_probe.h"
#include "chart.h"
#include "chartset.h"
#include "facts.h"
#include "font.h"
#include "mem.h"
#include "pdf_font.h"
#include "tb_test.h"

/* Generated from datasets/korea (Bank of Korea ECOS, Korea Customs Service,
 * KOSIS): thousand USD.  Totals 2014-01..2023-09, breakdowns 2021-09..2023-09.
 * One deliberate gap: Ships, 2023-02 (tests missing cells). */
static const double FX_EXPORTS[] = {
    45559632, 42911735, 49064392, 50267448, 47577183, 47827709, 48204545, 46108370,
    47446217, 51630657, 46605342, 49461377, 45105389, 41472191, 46822771, 46221931,
    42327311, 46554512, 45695747, 39107399, 43432312, 43352046, 44285052, 42379843,
    36260420, 35924541, 43002468, 41081553, 39733794, 45209071, 40881700, 40124791,
    40846252, 41983329, 45309141, 45068880, 40257000, 43166536, 48637832, 50843799,
    44926979, 51272452, 48830440, 47105569, 55115240, 44791239, 49707197, 49040139,
    49221291, 44523530, 51309932, 49850235, 50687750, 51079375, 51810255, 51180449,
    50650208, 54860310, 51479530, 48206793, 46168934, 39481803, 47003206, 48781156,
    45703948, 44008404, 46078221, 44020065, 44629053, 46648756, 44040722, 45668341,
    43103061, 40911819, 46167204, 36270183, 34854511, 39214071, 42785144, 39469231,
    47819948, 44818534, 45751883, 51332449, 48006974, 44706907, 53690914, 51225991,
    50725161, 54778905, 55461518, 53165104, 55913862, 55660373, 60330542, 60734117,
    55455376, 54155835, 63786835, 57842816, 61591326, 57679934, 60241774, 56605950,
    57176300, 52428092, 51771855, 54848666, 46339145, 49994593, 54882484, 49430879,
    52054195, 54297754, 50457776, 51994074, 54650691,
};

static const double FX_IMPORTS[] = {
    44746013, 42061554, 45558675, 45873333, 42607483, 42476381, 45863916, 42791869,
    44184712, 44097421, 41343254, 43909896, 39283025, 33998316, 38485935, 37858798,
    36039800, 36598398, 38647067, 34772163, 34540504, 36762975, 34049682, 35462311,
    31321901, 29163323, 33344423, 32388783, 33025444, 33890231, 33371802, 35103611,
    33988443, 35050112, 37240858, 38303957, 37645403, 36203282, 42579492, 37959391,
    39287764, 40551012, 38607157, 40549772, 41695884, 37856562, 42013512, 43529066,
    45805322, 41722154, 44897838, 43693963, 44458729, 45000164, 44917044, 44360778,
    41032928, 48480618, 46808199, 44024694, 45153389, 36651437, 41992349, 45047164,
    43619667, 40104812, 43762245, 42457250, 38741473, 41396517, 40729215, 43687430,
    42718100, 36977247, 41803860, 37932611, 34661974, 35794860, 38849185, 35817929,
    39400190, 39093795, 39944763, 44638246, 44456822, 42404636, 49742555, 50891152,
    47910522, 50429027, 53676256, 51581093, 51636341, 53847824, 57357549, 61159671,
    60606721, 53482054, 63811102, 60213185, 63168380, 60149906, 65259838, 66027733,
    61012837, 59167185, 58847655, 59623062, 59037259, 55370498, 59635920, 51940137,
    54251194, 53055480, 48738114, 51009758, 50972525,
};

static const double FX_ITEM_SEMI[] = {
    12375886, 11387012, 12251805, 13014460, 11015776, 10545025, 13297573, 11000265,
    11716680, 12584790, 11486116, 11067131, 11772503, 9515297, 8743404, 9401737,
    6236188, 6167225, 8796319, 6537687, 7550349, 9057613, 7603652, 8721670,
    10058864,
};

static const double FX_ITEM_CARS[] = {
    3395841, 3655070, 3926337, 4053649, 3924053, 3631862, 3782908, 4191342,
    3908749, 3726499, 4907226, 3954946, 4574495, 4716609, 5160253, 5201391,
    4796499, 5369418, 6251042, 5906031, 5974136, 5988307, 5678889, 5066248,
    4986770,
};

static const double FX_ITEM_STEEL[] = {
    4754873, 4612785, 4728572, 5138997, 5059390, 4664288, 5075646, 5065473,
    5144964, 4794575, 4687672, 4577755, 3964009, 4014704, 4189712, 4084832,
    3844257, 4228524, 4510763, 4247108, 4700526, 4632836, 4099313, 4052257,
    3997324,
};

static const double FX_ITEM_PETRO[] = {
    3627056, 4143569, 4033437, 3923110, 3724347, 4209060, 5552821, 5201649,
    6560055, 5613644, 6428872, 6671348, 5292847, 4500682, 4854931, 4708403,
    4253006, 4639290, 4523433, 3703130, 4285583, 3380451, 3908575, 4493760,
    4948551,
};

static const double FX_ITEM_SHIPS[] = {
    977972, 1485588, 3477774, 1339967, 724661, 1704024, 1454394, 951101,
    1924034, 1210207, 2476499, 1134136, 1158512, 1343085, 1059596, 2448538,
    1397147, NAN, 985497, 1546174, 937981, 2431547, 1601409, 1500919,
    1276528,
};

static const double FX_ITEM_PARTS[] = {
    1779617, 1726050, 1770837, 2038539, 1974136, 1726005, 2111612, 1888966,
    1894156, 1837424, 1977865, 1747597, 1955883, 1793371, 1788629, 1920387,
    1676651, 1955291, 1991874, 1856093, 1876797, 1916500, 1974101, 1834908,
    1880018,
};

static const double FX_ITEM_WIRELESS[] = {
    2405181, 2248571, 2429169, 2303341, 1663907, 1664385, 2241883, 1832280,
    1492113, 1658342, 1687164, 1601817, 1918478, 1971231, 1940223, 1338272,
    1479275, 1144405, 1337645, 1359188, 1497770, 1381129, 1656773, 1814156,
    1878436,
};

static const double FX_ITEM_COMPUTERS[] = {
    1797734, 1385185, 1680779, 1543449, 1527729, 1628901, 1875292, 1804001,
    1800048, 1694572, 1203497, 1257613, 1507736, 1008583, 951549, 1117778,
    605545, 635158, 815049, 559462, 786864, 825165, 821915, 630401,
    741108,
};

static const double FX_ITEM_PRECISION[] = {
    1238141, 1188546, 1233398, 1242750, 1153749, 1145870, 1312612, 1077163,
    1082068, 995090, 1008347, 1103321, 1233422, 1128689, 999407, 1094999,
    892949, 934625, 1016612, 861199, 881624, 911013, 903234, 969486,
    1021259,
};

static const double FX_ITEM_APPLIANCES[] = {
    683852, 727345, 745999, 735376, 1176873, 1040601, 1176426, 1062869,
    1065338, 783308, 709011, 750592, 640647, 565207, 497155, 528852,
    540195, 632437, 650394, 615905, 656478, 717105, 753441, 726495,
    754352,
};

static const double FX_PARTNER_USA[] = {
    7983934, 8066783, 8133640, 8787542, 8569920, 7740905, 9638757, 9605726,
    9620649, 9768741, 10104092, 8751247, 9248928, 8591668, 8775694, 9349378,
    8059364, 8992689, 9775729, 9179160, 9461061, 9592058, 9302658, 8956770,
    10038930,
};

static const double FX_PARTNER_CHN[] = {
    14291980, 14415867, 15272549, 15342563, 13369829, 13042436, 15642332, 12949234,
    13419779, 12960973, 13214288, 13116160, 13342692, 12155841, 11377960, 11197865,
    9208532, 9885923, 10478467, 9523281, 10581366, 10503971, 9928153, 10504702,
    11000135,
};

static const double FX_PARTNER_EU[] = {
    5457299, 5086764, 5296488, 5969947, 5412286, 5475416, 6131643, 5539411,
    5957172, 5231623, 6152118, 5395587, 5406677, 5612282, 5269786, 6282384,
    5415188, 6179908, 6119592, 6077394, 5848247, 6176517, 5625618, 5537389,
    5759684,
};

static const double FX_PARTNER_ASEAN[] = {
    9609449, 9785977, 10540385, 11240147, 10306695, 10087370, 12172158, 11261662,
    10688954, 10286847, 11425536, 10821338, 10225627, 9230913, 9043665, 9337986,
    8282355, 8438303, 9573962, 8245498, 8361916, 8552561, 8876959, 9652241,
    9409146,
};


#define N_TOTAL 117 /* 2014-01 .. 2023-09 */
#define N_SUB 25    /* 2021-09 .. 2023-09 */

static const char *const ITEM_CODES[10] = {"SEMI", "CARS",     "STEEL",     "PETRO",     "SHIPS",
                                           "PARTS", "WIRELESS", "COMPUTERS", "PRECISION", "APPLIANCES"};
static const char *const ITEM_EN[10] = {"Semiconductors", "Passenger cars", "Steel products",
                                        "Petroleum products", "Ships", "Auto parts",
                                        "Wireless communication devices", "Computers and peripherals",
                                        "Precision instruments", "Home appliances"};
static const char *const ITEM_KO[10] = {"반도체", "승용차",       "철강제품",     "석유제품", "선박",
                                        "자동차부품", "무선통신기기", "컴퓨터주변기기", "정밀기기", "가전제품"};
static const double *const ITEM_V[10] = {FX_ITEM_SEMI,     FX_ITEM_CARS,     FX_ITEM_STEEL,   FX_ITEM_PETRO,
                                         FX_ITEM_SHIPS,    FX_ITEM_PARTS,    FX_ITEM_WIRELESS, FX_ITEM_COMPUTERS,
                                         FX_ITEM_PRECISION, FX_ITEM_APPLIANCES};
static const char *const PARTNER_CODES[4] = {"USA", "CHN", "EU", "ASEAN"};
static const char *const PARTNER_EN[4] = {"United States", "China", "European Union", "ASEAN"};
static const char *const PARTNER_KO[4] = {"미국", "중국", "EU", "아세안"};
static const double *const PARTNER_V[4] = {FX_PARTNER_USA, FX_PARTNER_CHN, FX_PARTNER_EU, FX_PARTNER_ASEAN};

static size_t S_adopt(tb_dataset *ds, enum tb_flow flow, const char *partner, const char *product,
                      const double *v, int n)
{
    int months = tb_dataset_months(ds);
    double *a = tb_mem_alloc(sizeof *a * (size_t)months);
    for (int i = 0; i < months; i++)
        a[i] = i >= months - n ? v[i - (months - n)] : NAN;
    tb_key k = {tb_dataset_intern(ds, TB_DIM_REPORTER, "KOR"), tb_dataset_intern(ds, TB_DIM_PARTNER, partner),
                tb_dataset_intern(ds, TB_DIM_PRODUCT, product), flow};
    return tb_dataset_adopt(ds, k, a);
}

/* The fixture dataset: Korea 2014-01 .. 2023-09. */
static tb_dataset *S_fixture(void)
{
    tb_dataset *ds = tb_dataset_new(tb_month_make(2014, 1), N_TOTAL);
    tb_dataset_set_name(ds, "fixture");
    tb_dataset_set_unit(ds, (tb_unit){"USD", 1000});
    tb_dataset_set_meta(ds, "reporter", "KOR");
    tb_dataset_set_meta(ds, "source.en", "Bank of Korea ECOS; Korea Customs Service (test fixture)");
    tb_dataset_set_meta(ds, "source.ko", "한국은행 ECOS, 관세청 (시험 자료)");
    tb_dataset_set_label(ds, TB_DIM_REPORTER, "KOR", "en", "Korea");
    tb_dataset_set_label(ds, TB_DIM_REPORTER, "KOR", "ko", "한국");
    const char *flows[3][3] = {{"export", "Exports", "수출"}, {"import", "Imports", "수입"},
                               {"balance", "Trade balance", "무역수지"}};
    for (int i = 0; i < 3; i++) {
        tb_dataset_set_label(ds, -1, flows[i][0], "en", flows[i][1]);
        tb_dataset_set_label(ds, -1, flows[i][0], "ko", flows[i][2]);
    }
    tb_dataset_set_label(ds, TB_DIM_PRODUCT, "TOTAL", "en", "All goods");
    tb_dataset_set_label(ds, TB_DIM_PRODUCT, "TOTAL", "ko", "전체");
    tb_dataset_set_label(ds, TB_DIM_PARTNER, "WLD", "en", "World");
    size_t total = S_adopt(ds, TB_EXPORT, "WLD", "TOTAL", FX_EXPORTS, N_TOTAL);
    S_adopt(ds, TB_IMPORT, "WLD", "TOTAL", FX_IMPORTS, N_TOTAL);
    size_t items[10], partners[4];
    for (int i = 0; i < 10; i++) {
        items[i] = S_adopt(ds, TB_EXPORT, "WLD", ITEM_CODES[i], ITEM_V[i], N_SUB);
        tb_dataset_set_label(ds, TB_DIM_PRODUCT, ITEM_CODES[i], "en", ITEM_EN[i]);
        tb_dataset_set_label(ds, TB_DIM_PRODUCT, ITEM_CODES[i], "ko", ITEM_KO[i]);
    }
    for (int i = 0; i < 4; i++) {
        partners[i] = S_adopt(ds, TB_EXPORT, PARTNER_CODES[i], "TOTAL", PARTNER_V[i], N_SUB);
        tb_dataset_set_label(ds, TB_DIM_PARTNER, PARTNER_CODES[i], "en", PARTNER_EN[i]);
        tb_dataset_set_label(ds, TB_DIM_PARTNER, PARTNER_CODES[i], "ko", PARTNER_KO[i]);
    }
    tb_dataset_derive_balances(ds);
    tb_dataset_add_breakdown(ds, "items", TB_DIM_PRODUCT, total, items, 10);
    tb_dataset_add_breakdown(ds, "partners", TB_DIM_PARTNER, total, partners, 4);
    return ds;
}

static const tb_month FX_MONTH = 2023 * 12 + 8; /* 2023-09 */

/* ------------------------------------------------------------ images */

static const char *S_env(const char *name, const char *dflt)
{
    const char *v = getenv(name);
    return v && *v ? v : dflt;
}

static bool S_updating(void) { return strcmp(S_env("TB_UPDATE_REF", "0"), "0") != 0; }

static void S_write(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, len, f) != len)
        fprintf(stderr, "cannot write %s\n", path);
    if (f)
        fclose(f);
}

static unsigned char *S_read(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 0, n = 0;
    unsigned char *p = NULL;
    for (;;) {
        TB_GROW(p, cap, n + 65536);
        size_t r = fread(p + n, 1, 65536, f);
        n += r;
        if (r == 0)
            break;
    }
    fclose(f);
    *len = n;
    return p;
}

typedef struct {
    double frac;  /* fraction of pixels that differ */
    int maxdiff;  /* largest channel difference */
    bool size_ok;
} S_cmp;

static int S_pxdiff(uint32_t p, uint32_t q)
{
    int m = 0;
    for (int sh = 0; sh < 24; sh += 8) {
        int d = abs((int)((p >> sh) & 255) - (int)((q >> sh) & 255));
        m = d > m ? d : m;
    }
    return m;
}

/* Compares A with the region of B starting at (BX, BY), A's size.  With
 * SLACK, a pixel of A matches when B has a pixel within the threshold at
 * most SLACK pixels away (two rasterisers place edges and glyphs a pixel
 * apart). */
static S_cmp S_compare_slack(cairo_surface_t *a, cairo_surface_t *b, int bx, int by, int threshold, int slack,
                             cairo_surface_t *diff);
static S_cmp S_compare(cairo_surface_t *a, cairo_surface_t *b, int bx, int by, int threshold,
                       cairo_surface_t *diff)
{
    return S_compare_slack(a, b, bx, by, threshold, 0, diff);
}

static S_cmp S_compare_slack(cairo_surface_t *a, cairo_surface_t *b, int bx, int by, int threshold, int slack,
                             cairo_surface_t *diff)
{
    S_cmp r = {1, 255, false};
    int w = cairo_image_surface_get_width(a), h = cairo_image_surface_get_height(a);
    if (bx + w > cairo_image_surface_get_width(b) || by + h > cairo_image_surface_get_height(b))
        return r;
    cairo_surface_flush(a);
    cairo_surface_flush(b);
    r.size_ok = true;
    r.maxdiff = 0;
    long bad = 0;
    const unsigned char *da = cairo_image_surface_get_data(a), *db = cairo_image_surface_get_data(b);
    int sa = cairo_image_surface_get_stride(a), sb = cairo_image_surface_get_stride(b);
    unsigned char *dd = diff ? cairo_image_surface_get_data(diff) : NULL;
    int sd = diff ? cairo_image_surface_get_stride(diff) : 0;
    for (int y = 0; y < h; y++) {
        const uint32_t *pa = (const uint32_t *)(const void *)(da + (size_t)y * (size_t)sa);
        const uint32_t *pb = (const uint32_t *)(const void *)(db + (size_t)(y + by) * (size_t)sb) + bx;
        for (int x = 0; x < w; x++) {
            int m = S_pxdiff(pa[x], pb[x]);
            for (int dy = -slack; dy <= slack && m > threshold; dy++)
                for (int dx = -slack; dx <= slack && m > threshold; dx++) {
                    int yy = y + by + dy, xx = x + bx + dx;
                    if (yy < 0 || xx < 0 || yy >= cairo_image_surface_get_height(b) ||
                        xx >= cairo_image_surface_get_width(b))
                        continue;
                    int m2 = S_pxdiff(pa[x], ((const uint32_t *)(const void *)(db + (size_t)yy * (size_t)sb))[xx]);
                    m = m2 < m ? m2 : m;
                }
            r.maxdiff = m > r.maxdiff ? m : r.maxdiff;
            if (m > threshold)
                bad++;
            if (dd)
                ((uint32_t *)(void *)(dd + (size_t)y * (size_t)sd))[x] =
                    m > threshold ? 0xFFFF0000u : (0xFF000000u | (pa[x] & 0xFFFFFF) | 0x00C0C0C0u);
        }
    }
    if (diff)
        cairo_surface_mark_dirty(diff);
    r.frac = (double)bad / ((double)w * h);
    return r;
}

/* Renders SPEC at scale 1 and checks it against tests/ref/NAME.png. */
static void S_ref(const char *name, const tb_chart_spec *spec, double w, double h)
{
    tb_canvas *c = tb_canvas_cairo_image_new(w, h, 1);
    TB_CHECK_INT(tb_chart_draw(spec, c), 0);
    unsigned char *png;
    size_t len;
    TB_CHECK_INT(tb_canvas_encode(c, &png, &len), 0);
    if (tb_canvas_status(c))
        fprintf(stderr, "%s: %s\n", name, tb_canvas_error(c));
    char *ref = tb_mem_printf("%s/tests/ref/%s.png", S_env("TB_ROOT", "."), name);
    if (S_updating()) {
        S_write(ref, png, len);
        printf("updated %s\n", ref);
    } else {
        cairo_surface_t *want = cairo_image_surface_create_from_png(ref);
        cairo_surface_t *got = tb_canvas_cairo_surface(c);
        if (cairo_surface_status(want) != CAIRO_STATUS_SUCCESS) {
            fprintf(stderr, "%s: cannot read the reference (%s); run with TB_UPDATE_REF=1\n", ref,
                    cairo_status_to_string(cairo_surface_status(want)));
            TB_CHECK(0);
        } else {
            int gw = cairo_image_surface_get_width(got), gh = cairo_image_surface_get_height(got);
            cairo_surface_t *diff = cairo_image_surface_create(CAIRO_FORMAT_RGB24, gw, gh);
            S_cmp r = S_compare(got, want, 0, 0, 48, diff);
            bool same_size = gw == cairo_image_surface_get_width(want) && gh == cairo_image_surface_get_height(want);
            if (!same_size || r.frac > 0.005) {
                fprintf(stderr, "%s: %.3f%% of pixels differ (max %d), size %s\n", name, r.frac * 100, r.maxdiff,
                        same_size ? "same" : "differs");
                char *gp = tb_mem_printf("%s/%s.got.png", S_env("TB_TESTBIN", "."), name);
                char *dp = tb_mem_printf("%s/%s.diff.png", S_env("TB_TESTBIN", "."), name);
                S_write(gp, png, len);
                cairo_surface_write_to_png(diff, dp);
                free(gp);
                free(dp);
                TB_CHECK(0);
            }
            cairo_surface_destroy(diff);
        }
        cairo_surface_destroy(want);
    }
    free(ref);
    free(png);
    tb_canvas_free(c);
}

static void S_ref_set(const char *lang, const char *const *names, size_t n, const char *suffix)
{
    tb_dataset *ds = S_fixture();
    tb_diag d;
    tb_diag_init(&d);
    tb_chartset *set = tb_chartset_build(ds, NULL, FX_MONTH, lang, &d);
    TB_CHECK(set != NULL);
    for (size_t i = 0; set && i < n; i++) {
        const tb_chart_spec *spec = tb_chartset_find(set, names[i]);
        TB_CHECK(spec != NULL);
        if (!spec)
            continue;
        double w, h;
        tb_chart_default_size(spec, &w, &h);
        char *name = tb_mem_printf("%s%s", names[i], suffix);
        S_ref(name, spec, w, h);
        free(name);
    }
    tb_chartset_free(set);
    tb_dataset_free(ds);
    tb_diag_free(&d);
}

static void test_ref_set_en(void)
{
    static const char *const names[] = {"exports-imports", "balance",        "exports-yoy",
                                        "items-yoy",       "items-share",    "partners-yoy",
                                        "partners-share",  "annual",         "items-heatmap"};
    S_ref_set("en", names, sizeof names / sizeof names[0], "");
}

static void test_ref_set_ko(void)
{
    static const char *const names[] = {"exports-imports", "balance", "items-share", "annual", "items-heatmap"};
    S_ref_set("ko", names, sizeof names / sizeof names[0], "-ko");
}

/* Types the standard set does not use, and a line with gaps. */
static void test_ref_extra(void)
{
    /* 100% stacked: destinations a year apart. */
    static const char *cats[5] = {"China", "United States", "ASEAN", "European Union", "Others"};
    double now[5], before[5];
    double tn = FX_EXPORTS[N_TOTAL - 1], tb = FX_EXPORTS[N_TOTAL - 13];
    double sn = 0, sb = 0;
    const int order[4] = {1, 0, 3, 2};
    for (int i = 0; i < 4; i++) {
        now[i] = PARTNER_V[order[i]][N_SUB - 1] / tn * 100;
        before[i] = PARTNER_V[order[i]][N_SUB - 13] / tb * 100;
        sn += now[i];
        sb += before[i];
    }
    now[4] = 100 - sn;
    before[4] = 100 - sb;
    tb_chart_series bars[2] = {{"Sep 2022", before, 5, NULL, {0, 0, 0, 0}}, {"Sep 2023", now, 5, NULL, {0, 0, 0, 0}}};
    tb_chart_spec s;
    tb_chart_spec_init(&s, TB_CHART_SHARE_STACKED);
    s.title = "Where Korea's exports go";
    s.subtitle = "Share of total exports, %";
    s.source = "Source: Korea Customs Service (test fixture)";
    s.series = bars;
    s.n_series = 2;
    s.categories = cats;
    s.n_categories = 5;
    s.others_last = true;
    double w, h;
    tb_chart_default_size(&s, &w, &h);
    S_ref("share-stacked", &s, w, h);

    /* Sparkline: exports, 24 months. */
    tb_chart_series sp = {"Exports", FX_EXPORTS + N_TOTAL - 24, 24, NULL, {0, 0, 0, 0}};
    tb_chart_spec_init(&s, TB_CHART_SPARKLINE);
    s.series = &sp;
    s.n_series = 1;
    s.start = FX_MONTH - 23;
    tb_chart_default_size(&s, &w, &h);
    TB_CHECK_NEAR(w, 96, 0);
    S_ref("sparkline", &s, w, h);

    /* A line with gaps: imports missing for three months, exports for one,
     * and a lone observation between gaps. */
    double ex[24], im[24];
    for (int i = 0; i < 24; i++) {
        ex[i] = FX_EXPORTS[N_TOTAL - 24 + i];
        im[i] = FX_IMPORTS[N_TOTAL - 24 + i];
    }
    im[8] = im[9] = im[10] = NAN;
    im[12] = NAN;
    ex[17] = NAN;
    tb_chart_series lines[2] = {{"Exports", ex, 24, NULL, tb_chart_colour_export()},
                                {"Imports", im, 24, NULL, tb_chart_colour_import()}};
    tb_chart_spec_init(&s, TB_CHART_LINE);
    s.title = "Exports and imports, with gaps";
    s.subtitle = "Korea, monthly, {unit}; imports missing Jun\xe2\x80\x93" "Aug and Oct 2022";
    s.unit = (tb_unit){"USD", 1000};
    s.start = FX_MONTH - 23;
    s.series = lines;
    s.n_series = 2;
    S_ref("line-gaps", &s, 640, 400);
}

/* ------------------------------------------------- PDF against PNG */

/* The W x H region of S at (X0, Y0) box-blurred over 3 x 3 pixels, as
 * 0x00RRGGBB in a new surface: edges that two rasterisers antialias
 * differently (partial coverage at a fractional edge) average out. */
static cairo_surface_t *S_blur(cairo_surface_t *s, int x0, int y0, int w, int h)
{
    cairo_surface_t *o = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    const unsigned char *d = cairo_image_surface_get_data(s);
    unsigned char *od = cairo_image_surface_get_data(o);
    int st = cairo_image_surface_get_stride(s), ost = cairo_image_surface_get_stride(o);
    int sw = cairo_image_surface_get_width(s), sh = cairo_image_surface_get_height(s);
    cairo_surface_flush(s);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            unsigned sum[3] = {0, 0, 0}, n = 0;
            for (int dy = -1; dy <= 1; dy++)
                for (int dx = -1; dx <= 1; dx++) {
                    int yy = y0 + y + dy, xx = x0 + x + dx;
                    if (yy < 0 || xx < 0 || yy >= sh || xx >= sw)
                        continue;
                    uint32_t p = ((const uint32_t *)(const void *)(d + (size_t)yy * (size_t)st))[xx];
                    sum[0] += (p >> 16) & 255, sum[1] += (p >> 8) & 255, sum[2] += p & 255, n++;
                }
            ((uint32_t *)(void *)(od + (size_t)y * (size_t)ost))[x] =
                (sum[0] / n) << 16 | (sum[1] / n) << 8 | sum[2] / n;
        }
    cairo_surface_mark_dirty(o);
    return o;
}

/* Code points per font a chart sets, for embedding its font subsets. */
typedef struct {
    uint32_t cps[TB_FONT_COUNT][4096];
    size_t n[TB_FONT_COUNT];
} S_cpset;

static void S_probe_cps(int font, const char *s, size_t len, void *user)
{
    S_cpset *u = user;
    for (size_t i = 0; i < len && u->n[font] < 4096;)
        i += tb_utf8_next(s + i, len - i, &u->cps[font][u->n[font]++]);
}

/* Embeds in PDF the subsets of the fonts SPEC sets at W x H and makes C
 * draw with them, as the report does. */
static void S_embed_fonts(HPDF_Doc pdf, tb_canvas *c, const tb_chart_spec *spec, double w, double h)
{
    S_cpset *u = tb_mem_calloc(1, sizeof *u);
    tb_canvas *probe = tb_canvas_probe_new(w, h, S_probe_cps, u);
    tb_chart_draw(spec, probe);
    tb_canvas_free(probe);
    for (int f = 0; f < TB_FONT_COUNT; f++) {
        tb_buf err = {0};
        HPDF_Font hf = u->n[f] ? tb_pdf_font_embed(pdf, f, u->cps[f], u->n[f], &err) : NULL;
        TB_CHECK(hf != NULL || u->n[f] == 0);
        tb_buf_free(&err);
        if (hf)
            tb_canvas_hpdf_use_font(c, f, hf);
    }
    free(u);
}

/* Draws SPEC on a libharu page (A4, chart at 40pt from the left, 100pt from
 * the top), rasterises it with pdftoppm at 72 dpi and compares the chart's
 * rectangle with cairo's image of it. */
static void S_pdf_vs_png(const tb_chart_spec *spec, double w, double h, const char *name)
{
    tb_hpdf_status st = {0};
    HPDF_Doc pdf = tb_hpdf_doc_new(&st);
    TB_CHECK(pdf != NULL);
    HPDF_Page page = HPDF_AddPage(pdf);
    HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    /* Something of the caller's on the page before and after the chart. */
    HPDF_Page_SetRGBFill(page, 0.8f, 0.1f, 0.1f);
    HPDF_Page_Rectangle(page, 10, 10, 20, 20);
    HPDF_Page_Fill(page);
    tb_canvas *c = tb_canvas_hpdf_new(pdf, page, &st, 40, 100, w, h);
    S_embed_fonts(pdf, c, spec, w, h);
    TB_CHECK_INT(tb_chart_draw(spec, c), 0);
    TB_CHECK_INT(tb_canvas_finish(c), 0);
    unsigned char *dummy;
    size_t dlen;
    TB_CHECK_INT(tb_canvas_encode(c, &dummy, &dlen), -1); /* a page canvas has no file */
    tb_canvas_free(c);
    HPDF_Page_Rectangle(page, 40, 30, 20, 20); /* still red: the chart restored the state */
    HPDF_Page_Fill(page);
    char dir[] = "/tmp/tb_chart_XXXXXX";
    TB_CHECK(mkdtemp(dir) != NULL);
    char *pdfpath = tb_mem_printf("%s/%s.pdf", dir, name);
    TB_CHECK(HPDF_SaveToFile(pdf, pdfpath) == HPDF_OK);
    TB_CHECK_INT(st.error, 0);
    HPDF_Free(pdf);
    char *cmd = tb_mem_printf("pdftoppm -r 72 -png -singlefile '%s' '%s/page' 2>/dev/null", pdfpath, dir);
    TB_CHECK_INT(system(cmd), 0);
    char *pngpath = tb_mem_printf("%s/page.png", dir);
    cairo_surface_t *page_img = cairo_image_surface_create_from_png(pngpath);
    TB_CHECK(cairo_surface_status(page_img) == CAIRO_STATUS_SUCCESS);
    tb_canvas *ic = tb_canvas_cairo_image_new(w, h, 1);
    tb_chart_draw(spec, ic);
    tb_canvas_finish(ic);
    cairo_surface_t *img = tb_canvas_cairo_surface(ic);
    if (cairo_surface_status(page_img) == CAIRO_STATUS_SUCCESS) {
        cairo_surface_t *ba = S_blur(img, 0, 0, (int)w, (int)h);
        cairo_surface_t *bb = S_blur(page_img, 40, 100, (int)w, (int)h);
        cairo_surface_t *diff = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)w, (int)h);
        S_cmp r = S_compare_slack(ba, bb, 0, 0, 48, 1, diff);
        if (getenv("TB_CHART_VERBOSE"))
            fprintf(stderr, "%s: PDF/PNG %.3f%% differ (max %d)\n", name, r.frac * 100, r.maxdiff);
        cairo_surface_destroy(ba);
        cairo_surface_destroy(bb);
        TB_CHECK(r.size_ok);
        /* Two rasterisers: edges and glyphs may land a pixel apart. */
        if (!(r.frac < 0.003)) {
            fprintf(stderr, "%s: PDF and PNG differ in %.2f%% of pixels (max %d)\n", name, r.frac * 100, r.maxdiff);
            char *dp = tb_mem_printf("%s/%s.pdfdiff.png", S_env("TB_TESTBIN", "."), name);
            cairo_surface_write_to_png(diff, dp);
            free(dp);
            TB_CHECK(0);
        }
        /* The caller's red squares are where they were drawn. */
        const unsigned char *d = cairo_image_surface_get_data(page_img);
        int stride = cairo_image_surface_get_stride(page_img);
        int ph = cairo_image_surface_get_height(page_img);
        uint32_t px = ((const uint32_t *)(const void *)(d + (size_t)(ph - 40) * (size_t)stride))[50];
        TB_CHECK(((px >> 16) & 255) > 180 && ((px >> 8) & 255) < 60);
        cairo_surface_destroy(diff);
    }
    cairo_surface_destroy(page_img);
    tb_canvas_free(ic);
    unlink(pngpath);
    unlink(pdfpath);
    rmdir(dir);
    free(cmd);
    free(pngpath);
    free(pdfpath);
}

static void test_pdf_matches_png(void)
{
    if (!tb_test_need("pdftoppm"))
        return;
    tb_dataset *ds = S_fixture();
    tb_diag d;
    tb_diag_init(&d);
    const char *langs[2] = {"en", "ko"};
    const char *names[4] = {"exports-imports", "balance", "annual", "items-heatmap"};
    for (int l = 0; l < 2; l++) {
        tb_chartset *set = tb_chartset_build(ds, NULL, FX_MONTH, langs[l], &d);
        for (int i = 0; set && i < 4; i++) {
            const tb_chart_spec *spec = tb_chartset_find(set, names[i]);
            double w, h;
            tb_chart_default_size(spec, &w, &h);
            char *n = tb_mem_printf("%s-%s", names[i], langs[l]);
            S_pdf_vs_png(spec, w * 0.8, h * 0.8, n);
            free(n);
        }
        tb_chartset_free(set);
    }
    tb_dataset_free(ds);
    tb_diag_free(&d);
}

/* ---------------------------------------------------- determinism */

static bool S_contains(const unsigned char *hay, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(hay + i, needle, k) == 0)
            return true;
    return false;
}

static void test_deterministic(void)
{
    tb_dataset *ds = S_fixture();
    tb_diag d;
    tb_diag_init(&d);
    tb_chartset *set = tb_chartset_build(ds, NULL, FX_MONTH, "ko", &d);
    const char *formats[3] = {"png", "svg", "pdf"};
    for (size_t i = 0; set && i < tb_chartset_count(set); i += 3) {
        const tb_chart_spec *spec = tb_chartset_spec(set, i);
        for (int f = 0; f < 3; f++) {
            unsigned char *a, *b;
            size_t la, lb;
            char err[256];
            TB_CHECK_INT(tb_chart_render(spec, formats[f], 320, 200, 1, &a, &la, err, sizeof err), 0);
            TB_CHECK_INT(tb_chart_render(spec, formats[f], 320, 200, 1, &b, &lb, err, sizeof err), 0);
            TB_CHECK(la == lb && la > 0 && memcmp(a, b, la) == 0);
            if (f == 1) /* our own SVG: real text, a title */
                TB_CHECK(S_contains(a, la, "<text x=") && S_contains(a, la, "<title>"));
            if (f == 2) /* no clock in the PDF */
                TB_CHECK(!S_contains(a, la, "CreationDate"));
            free(a);
            free(b);
        }
    }
    /* SOURCE_DATE_EPOCH dates the PDF, reproducibly. */
    setenv("SOURCE_DATE_EPOCH", "1711929600", 1); /* 2024-04-01 */
    unsigned char *p;
    size_t lp;
    char err[256];
    TB_CHECK_INT(tb_chart_render(tb_chartset_spec(set, 0), "pdf", 320, 200, 1, &p, &lp, err, sizeof err), 0);
    TB_CHECK(S_contains(p, lp, "D:20240401000000Z"));
    unsetenv("SOURCE_DATE_EPOCH");
    free(p);
    tb_chartset_free(set);
    tb_dataset_free(ds);
    tb_diag_free(&d);
}

/* ------------------------------------------------------- the encoder */

static cairo_status_t S_read_mem(void *closure, unsigned char *data, unsigned int length)
{
    unsigned char **pp = closure;
    memcpy(data, pp[0], length);
    pp[0] += length;
    return CAIRO_STATUS_SUCCESS;
}

static void test_png_roundtrip(void)
{
    /* Flat areas, gradients and noise: every match and literal path. */
    int w = 301, h = 157;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    unsigned char *d = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    uint32_t seed = 12345;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            uint32_t v;
            seed = seed * 1103515245u + 12345u;
            if (y < 50)
                v = 0xFFFFFF;
            else if (y < 100)
                v = (uint32_t)(x * 255 / w) << 16 | (uint32_t)(y * 2) << 8 | 0x40;
            else
                v = (seed >> 8) & 0xFFFFFF;
            ((uint32_t *)(void *)(d + (size_t)y * (size_t)stride))[x] = v;
        }
    cairo_surface_mark_dirty(s);
    unsigned char *png;
    size_t len;
    TB_CHECK_INT(tb_canvas_png_encode(d, w, h, stride, 5669, &png, &len), 0);
    unsigned char *cur = png;
    cairo_surface_t *back = cairo_image_surface_create_from_png_stream(S_read_mem, &cur);
    TB_CHECK(cairo_surface_status(back) == CAIRO_STATUS_SUCCESS);
    TB_CHECK_INT(cairo_image_surface_get_width(back), w);
    S_cmp r = S_compare(s, back, 0, 0, 0, NULL);
    TB_CHECK_INT(r.maxdiff, 0);
    /* pHYs right after IHDR: 5669 pixels per metre both ways, unit metre */
    TB_CHECK(len > 54 && memcmp(png + 33, "\0\0\0\x09pHYs\0\0\x16\x25\0\0\x16\x25\x01", 17) == 0);
    free(png);
    TB_CHECK_INT(tb_canvas_png_encode(d, 0, h, stride, 0, &png, &len), -1);
    TB_CHECK(png == NULL);
    cairo_surface_destroy(back);
    cairo_surface_destroy(s);
}

/* ----------------------------------------------------------- text */

static void test_text_width_matches_cairo(void)
{
    const char *samples[] = {"Exports $56.5bn", "\xe2\x88\x92" "14.5%", "Wireless communication devices",
                             "565억 달러", "2024년 3월"};
    for (int lang = 0; lang < 2; lang++) {
        for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
            int primary = tb_font_primary(lang ? "ko" : "en", TB_FONT_REGULAR);
            double ours = tb_font_text_width(primary, samples[i], 10);
            /* cairo's advance, run by run, with hinting off. */
            cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 10, 10);
            cairo_t *cr = cairo_create(s);
            cairo_font_options_t *fo = cairo_font_options_create();
            cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
            cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
            cairo_set_font_options(cr, fo);
            double theirs = 0;
            size_t len = strlen(samples[i]);
            for (size_t at = 0; at < len;) {
                int font;
                size_t n = tb_font_next_run(primary, samples[i] + at, len - at, &font);
                cairo_font_face_t *face = cairo_ft_font_face_create_for_ft_face(tb_font_ft_face(font), 0);
                cairo_set_font_face(cr, face);
                cairo_set_font_size(cr, 10);
                char *run = tb_mem_strndup(samples[i] + at, n);
                cairo_text_extents_t e;
                cairo_text_extents(cr, run, &e);
                theirs += e.x_advance;
                free(run);
                cairo_font_face_destroy(face);
                at += n;
            }
            TB_CHECK_NEAR(ours, theirs, 0.01);
            cairo_font_options_destroy(fo);
            cairo_destroy(cr);
            cairo_surface_destroy(s);
        }
    }
    /* NanumGothic lacks U+2212: the minus comes from DejaVu. */
    int ko = tb_font_primary("ko", TB_FONT_REGULAR), font;
    TB_CHECK(!tb_font_has_glyph(ko, 0x2212));
    size_t n = tb_font_next_run(ko, "\xe2\x88\x92" "5%", 5, &font);
    TB_CHECK_INT(n, 3);
    TB_CHECK_INT(font, tb_font_primary("en", TB_FONT_REGULAR));
    TB_CHECK(strstr(tb_font_path(ko), "NanumGothic") != NULL);
    TB_CHECK(strstr(tb_font_path(tb_font_primary("en", TB_FONT_BOLD)), "DejaVuSans-Bold") != NULL);
    uint32_t cp;
    TB_CHECK_INT(tb_utf8_next("\xc0\xaf", 2, &cp), 1); /* overlong */
    TB_CHECK_INT(cp, 0xFFFD);
}

static void test_ellipsize(void)
{
    tb_canvas *c = tb_canvas_cairo_image_new(100, 20, 1);
    tb_canvas_set_font(c, TB_FONT_REGULAR, 10);
    char *s = tb_canvas_ellipsize(c, "Wireless communication devices", 80);
    TB_CHECK(tb_canvas_text_width(c, s) <= 80);
    TB_CHECK(strstr(s, "\xe2\x80\xa6") != NULL);
    free(s);
    s = tb_canvas_ellipsize(c, "Ships", 80);
    TB_CHECK_STR(s, "Ships");
    free(s);
    tb_canvas_set_lang(c, "ko");
    s = tb_canvas_ellipsize(c, "컴퓨터주변기기 및 부품", 40);
    TB_CHECK(tb_utf8_valid(s, strlen(s)));
    free(s);
    tb_canvas_free(c);
}

/* --------------------------------------------------------- errors */

static void test_sticky_errors(void)
{
    tb_canvas *c = tb_canvas_cairo_image_new(50, 50, 1);
    tb_canvas_restore(c); /* no save */
    TB_CHECK_INT(tb_canvas_status(c), -1);
    TB_CHECK_STR(tb_canvas_error(c), "restore without save");
    tb_canvas_set_line_width(c, -1); /* later errors do not replace the first */
    TB_CHECK_STR(tb_canvas_error(c), "restore without save");
    unsigned char *out;
    size_t len;
    TB_CHECK_INT(tb_canvas_encode(c, &out, &len), -1);
    TB_CHECK(out == NULL && len == 0);
    tb_canvas_free(c);

    c = tb_canvas_cairo_svg_new(50, 50);
    tb_canvas_set_fill(c, (tb_rgba){1.5, 0, 0, 1});
    TB_CHECK(strstr(tb_canvas_error(c), "colour") != NULL);
    tb_canvas_free(c);

    c = tb_canvas_pdf_new(50, 50);
    tb_canvas_save(c);
    TB_CHECK_INT(tb_canvas_encode(c, &out, &len), -1);
    TB_CHECK(strstr(tb_canvas_error(c), "without restore") != NULL);
    tb_canvas_free(c);

    c = tb_canvas_cairo_image_new(50, 50, 1);
    tb_canvas_move_to(c, NAN, 3);
    TB_CHECK(strstr(tb_canvas_error(c), "non-finite") != NULL);
    tb_canvas_free(c);

    c = tb_canvas_cairo_image_new(50, 50, 1);
    TB_CHECK_INT(tb_canvas_encode(c, &out, &len), 0);
    free(out);
    tb_canvas_rect(c, 0, 0, 5, 5); /* drawing after encoding */
    TB_CHECK_INT(tb_canvas_status(c), -1);
    tb_canvas_free(c);

    /* A chart spec the chart cannot draw. */
    tb_chart_spec s;
    tb_chart_spec_init(&s, TB_CHART_LINE);
    c = tb_canvas_cairo_image_new(200, 100, 1);
    TB_CHECK_INT(tb_chart_draw(&s, c), -1);
    TB_CHECK(strstr(tb_canvas_error(c), "needs 1 series") != NULL);
    tb_canvas_free(c);
    char err[200];
    unsigned char *o;
    size_t ol;
    TB_CHECK_INT(tb_chart_render(&s, "gif", 10, 10, 1, &o, &ol, err, sizeof err), -1);
    TB_CHECK(strstr(err, "unknown chart format") != NULL);
}

static void test_hpdf_error_handler(void)
{
    tb_hpdf_status st = {0};
    HPDF_Doc pdf = tb_hpdf_doc_new(&st);
    HPDF_Page page = HPDF_AddPage(pdf);
    tb_canvas *c = tb_canvas_hpdf_new(pdf, page, &st, 0, 0, 100, 100);
    TB_CHECK_INT(tb_canvas_status(c), 0);
    /* A libharu error outside the canvas: recorded, no longjmp ... */
    HPDF_Page_SetLineWidth(page, -5);
    TB_CHECK(st.error != 0);
    /* ... and the canvas reports it at its next operation. */
    tb_canvas_rect(c, 1, 1, 5, 5);
    tb_canvas_fill(c);
    TB_CHECK_INT(tb_canvas_status(c), -1);
    TB_CHECK(strstr(tb_canvas_error(c), "libharu error") != NULL);
    tb_canvas_free(c);
    HPDF_Free(pdf);
    /* Fractional dashes (libharu takes integers) and alpha reach the PDF. */
    c = tb_canvas_pdf_new(100, 100);
    double dash[2] = {2.5, 1.25};
    tb_canvas_set_dash(c, dash, 2, 0);
    tb_canvas_set_stroke(c, tb_rgba_hex(0x0072B2, 0.5));
    tb_canvas_move_to(c, 0, 50);
    tb_canvas_line_to(c, 100, 50);
    tb_canvas_stroke(c);
    unsigned char *out;
    size_t len;
    TB_CHECK_INT(tb_canvas_encode(c, &out, &len), 0);
    TB_CHECK(len > 100 && memcmp(out, "%PDF-", 5) == 0);
    free(out);
    tb_canvas_free(c);
}

/* ------------------------------------------------------- chart set */

static void test_chartset_numbers(void)
{
    tb_dataset *ds = S_fixture();
    tb_diag d;
    tb_diag_init(&d);
    tb_chartset *set = tb_chartset_build(ds, NULL, FX_MONTH, "en", &d);
    TB_CHECK_INT(tb_chartset_count(set), 9);
    TB_CHECK_STR(tb_chartset_name(set, 0), "exports-imports");
    TB_CHECK_INT(tb_chartset_month(set), FX_MONTH);
    /* Korea's balance turned to surplus in June 2023: 4 months to Sep. */
    const tb_chart_spec *b = tb_chartset_find(set, "balance");
    TB_CHECK_STR(b->highlight_label, "Surplus for 4 months");
    TB_CHECK_INT(b->highlight_from, tb_month_make(2023, 6));
    TB_CHECK_INT(b->highlight_to, FX_MONTH);
    TB_CHECK_NEAR(b->series[0].v[35], FX_EXPORTS[N_TOTAL - 1] - FX_IMPORTS[N_TOTAL - 1], 1e-6);
    /* Growth and the reference line. */
    const tb_chart_spec *g = tb_chartset_find(set, "items-yoy");
    double total_yoy = (FX_EXPORTS[N_TOTAL - 1] / FX_EXPORTS[N_TOTAL - 13] - 1) * 100;
    TB_CHECK_NEAR(g->reference, total_yoy, 1e-9);
    TB_CHECK_NEAR(g->series[0].v[0], (FX_ITEM_SEMI[N_SUB - 1] / FX_ITEM_SEMI[N_SUB - 13] - 1) * 100, 1e-9);
    const tb_chart_spec *h = tb_chartset_find(set, "items-heatmap");
    TB_CHECK_INT(h->n_series, 10);
    TB_CHECK_NAN(h->series[4].v[5]);  /* Ships, Feb 2023: the gap */
    const tb_chart_spec *sh = tb_chartset_find(set, "partners-share");
    TB_CHECK_INT(sh->n_categories, 5);
    TB_CHECK_STR(sh->categories[4], "Others");
    double sum = 0;
    for (size_t i = 0; i < sh->n_categories; i++)
        sum += sh->series[0].v[i];
    TB_CHECK_NEAR(sum, 100, 1e-9);
    const tb_chart_spec *a = tb_chartset_find(set, "annual");
    TB_CHECK_INT(a->ytd_months, 9);
    TB_CHECK_STR(a->ytd_label, "Jan\xe2\x80\x93Sep");
    double y2023 = 0;
    for (int i = N_TOTAL - 9; i < N_TOTAL; i++)
        y2023 += FX_EXPORTS[i];
    TB_CHECK_NEAR(a->series[0].v[9], y2023, 1e-6);
    tb_chartset_free(set);

    /* Korean texts. */
    set = tb_chartset_build(ds, NULL, FX_MONTH, "ko", &d);
    TB_CHECK_STR(tb_chartset_find(set, "balance")->highlight_label, "4개월 연속 흑자");
    TB_CHECK_STR(tb_chartset_find(set, "annual")->ytd_label, "1~9월");
    tb_chartset_free(set);

    /* A month outside the data: an error, no set. */
    TB_CHECK(tb_chartset_build(ds, NULL, tb_month_make(2030, 1), "en", &d) == NULL);
    TB_CHECK_INT(d.errors, 1);
    /* The last month by default; partner data ends in 2023-09 too. */
    set = tb_chartset_build(ds, NULL, TB_MONTH_NONE, "en", &d);
    TB_CHECK_INT(tb_chartset_month(set), FX_MONTH);
    tb_chartset_free(set);
    tb_dataset_free(ds);
    tb_diag_free(&d);
}

/* Two years of Korea where the old chart rules and the facts differed: a
 * balance of zero the month before a surplus (the chart said "Back in
 * surplus"), growth of 110 on 100 (the chart's v / b - 1 gave
 * 10.000000000000009, the facts' (v - b) / b gives 10), a zero base and a
 * missing month. */
static tb_dataset *S_rules_fixture(void)
{
    tb_dataset *ds = tb_dataset_new(tb_month_make(2021, 1), 24);
    tb_dataset_set_meta(ds, "reporter", "KOR");
    double ex[24], im[24];
    for (int t = 0; t < 24; t++) {
        ex[t] = t < 12 ? 100 : 110;
        im[t] = 100;
    }
    ex[5] = 0;     /* 2021-06: the zero base of 2022-06 */
    ex[20] = NAN;  /* 2022-09: missing */
    im[22] = 110;  /* 2022-11: balance zero */
    S_adopt(ds, TB_EXPORT, "WLD", "TOTAL", ex, 24);
    S_adopt(ds, TB_IMPORT, "WLD", "TOTAL", im, 24);
    tb_dataset_derive_balances(ds);
    return ds;
}

static bool S_same(double a, double b) { return (isnan(a) && isnan(b)) || memcmp(&a, &b, sizeof a) == 0; }

static void test_chartset_agrees_with_facts(void)
{
    tb_dataset *ds = S_rules_fixture();
    tb_diag d;
    tb_diag_init(&d);
    tb_month m = tb_month_make(2022, 12);
    tb_chartset *set = tb_chartset_build(ds, NULL, m, "en", &d);
    TB_CHECK(set != NULL);
    const tb_chart_spec *g = tb_chartset_find(set, "exports-yoy");
    TB_CHECK_INT(g->series[0].n, 24);
    size_t ix = tb_dataset_headline(ds, NULL, TB_EXPORT), ib = tb_dataset_headline(ds, NULL, TB_BALANCE);
    tb_facts f;
    for (int k = 0; k < 24; k++) {
        TB_CHECK_INT(tb_facts_series(ds, ix, g->start + k, &f, &d), 0);
        if (!S_same(g->series[0].v[k], f.yoy_pct.reason ? NAN : f.yoy_pct.v))
            TB_CHECK_INT(k, -1);
    }
    TB_CHECK_NEAR(g->series[0].v[23], 10, 0);
    TB_CHECK_NAN(g->series[0].v[17]); /* zero base */
    TB_CHECK_NAN(g->series[0].v[20]); /* missing month */
    const tb_chart_spec *b = tb_chartset_find(set, "balance");
    TB_CHECK_INT(tb_facts_series(ds, ib, m, &f, &d), 0);
    TB_CHECK_INT(f.sign_streak.months, 1);
    TB_CHECK_STR(b->highlight_label, "Surplus for 1 month");
    TB_CHECK_INT(b->highlight_from, f.sign_streak.since);
    tb_chartset_free(set);
    /* Two months earlier: 2022-10 follows the missing month. */
    set = tb_chartset_build(ds, NULL, m - 2, "en", &d);
    TB_CHECK_STR(tb_chartset_find(set, "balance")->highlight_label, "Surplus for 1 month");
    tb_chartset_free(set);
    TB_CHECK_INT(d.errors, 0);
    tb_dataset_free(ds);
    tb_diag_free(&d);
}

/* A window of 120 months over two years of data: 120 months, the first 96
 * empty. */
static void test_chartset_window(void)
{
    tb_dataset *ds = S_rules_fixture();
    tb_diag d;
    tb_diag_init(&d);
    tb_month m = tb_month_make(2022, 12);
    tb_chartset *set = tb_chartset_build_months(ds, NULL, m, "en", 120, &d);
    const char *names[] = {"exports-imports", "balance", "exports-yoy"};
    for (int i = 0; i < 3; i++) {
        const tb_chart_spec *s = tb_chartset_find(set, names[i]);
        TB_CHECK_INT(s->series[0].n, 120);
        TB_CHECK_INT(s->start, m - 119);
        TB_CHECK_NAN(s->series[0].v[95]);
    }
    TB_CHECK_NEAR(tb_chartset_find(set, "exports-imports")->series[0].v[96], 100, 0);
    TB_CHECK_NEAR(tb_chartset_find(set, "exports-imports")->series[1].v[119], 100, 0);
    TB_CHECK_NEAR(tb_chartset_find(set, "exports-yoy")->series[0].v[119], 10, 0);
    tb_chartset_free(set);
    tb_dataset_free(ds);
    tb_diag_free(&d);
}

static void test_chartset_write(void)
{
    tb_dataset *ds = S_fixture();
    tb_diag d;
    tb_diag_init(&d);
    char dir[] = "/tmp/tb_charts_XXXXXX";
    TB_CHECK(mkdtemp(dir) != NULL);
    char *out = tb_mem_printf("%s/out", dir);
    TB_CHECK_INT(tb_chartset_write(ds, NULL, FX_MONTH, out, "svg", "en", false, &d), 0);
    tb_diag_print(&d, stderr);
    char *jp = tb_mem_printf("%s/charts.json", out);
    json_error_t je;
    json_t *root = json_load_file(jp, 0, &je);
    TB_CHECK(root != NULL);
    TB_CHECK_STR(json_string_value(json_object_get(root, "month")), "2023-09");
    TB_CHECK_STR(json_string_value(json_object_get(root, "dataset")), "fixture");
    json_t *charts = json_object_get(root, "charts");
    TB_CHECK_INT(json_array_size(charts), 9);
    size_t i;
    json_t *ch;
    json_array_foreach(charts, i, ch)
    {
        char *fp = tb_mem_printf("%s/%s", out, json_string_value(json_object_get(ch, "file")));
        size_t len = 0;
        unsigned char *data = S_read(fp, &len);
        TB_CHECK(data != NULL);
        char hex[65];
        if (data)
            TB_CHECK_STR(tb_artifact_sha256(data, len, hex), json_string_value(json_object_get(ch, "sha256")));
        TB_CHECK_INT(json_integer_value(json_object_get(ch, "bytes")), len);
        TB_CHECK(json_is_object(json_object_get(ch, "spec")));
        free(data);
        free(fp);
    }
    TB_CHECK_STR(json_string_value(json_object_get(json_object_get(json_array_get(charts, 0), "spec"), "type")),
                 "line");
    json_decref(root);
    /* No temporary files left behind. */
    DIR *dh = opendir(out);
    struct dirent *de;
    int files = 0;
    while (dh && (de = readdir(dh)))
        if (de->d_name[0] != '.')
            files++;
        else
            TB_CHECK(strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0 ||
                     strcmp(de->d_name, ".tradebrief.lock") == 0);
    if (dh)
        closedir(dh);
    TB_CHECK_INT(files, 20); /* 9 charts, their 9 CSVs, charts.json, manifest.json */
    /* An output directory that cannot be made. */
    char *bad = tb_mem_printf("%s/charts.json/sub", out); /* under a file */
    TB_CHECK_INT(tb_chartset_write(ds, NULL, FX_MONTH, bad, "png", "en", false, &d), -1);
    TB_CHECK_INT(tb_chartset_write(ds, NULL, FX_MONTH, out, "gif", "en", false, &d), -1);
    char *cmd = tb_mem_printf("rm -rf '%s'", dir);
    TB_CHECK_INT(system(cmd), 0);
    free(cmd);
    free(bad);
    free(jp);
    free(out);
    tb_dataset_free(ds);
    tb_diag_free(&d);
}

int main(void)
{
    TB_RUN(test_png_roundtrip);
    TB_RUN(test_text_width_matches_cairo);
    TB_RUN(test_ellipsize);
    TB_RUN(test_sticky_errors);
    TB_RUN(test_hpdf_error_handler);
    TB_RUN(test_chartset_numbers);
    TB_RUN(test_chartset_agrees_with_facts);
    TB_RUN(test_chartset_window);
    TB_RUN(test_chartset_write);
    TB_RUN(test_ref_set_en);
    TB_RUN(test_ref_set_ko);
    TB_RUN(test_ref_extra);
    TB_RUN(test_pdf_matches_png);
    TB_RUN(test_deterministic);
    TB_MAIN_END("test_chart");
}
