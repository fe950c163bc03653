/* isonames: country names from Debian's iso-codes for reporter and partner
 * codes the manifest names none for, so a briefing says "Japan", not "JPN".
 *
 * English: ISO 3166-1's common name where it has one ("South Korea",
 * "Taiwan", "Vietnam"), else its name, from iso_3166-1.json (jansson).
 * Korean: the iso-codes translation of that name (the ko catalogue,
 * iso_3166-1.mo, read directly: gettext would need an installed ko locale
 * and a process-wide setlocale).  Codes are matched as ISO alpha-3, then
 * alpha-2.  Without iso-codes installed nothing changes: names stay codes.
 * Manifest names always win: only missing labels are filled.
 */
#ifndef TB_ISONAMES_H
#define TB_ISONAMES_H

#include "dataset.h"

#define TB_ISONAMES_JSON "/usr/share/iso-codes/json/iso_3166-1.json"
#define TB_ISONAMES_MO_KO "/usr/share/locale/ko/LC_MESSAGES/iso_3166-1.mo"

/* Sets the en and ko labels that DS lacks for its reporter and partner
 * codes that are ISO 3166-1 codes. */
void tb_isonames_fill(tb_dataset *ds);

#endif
