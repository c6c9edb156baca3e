// Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
import { makeMockEnv, patchTranslations, patchWithCleanup } from "@web/../tests/web_test_helpers";

import { localization } from "@web/core/l10n/localization";
import { session } from "@web/session";

const { Settings } = luxon;

/**
 * A Persian-speaking user of a calendar ("gregorian" or "jalali"), once the web
 * client's services have started: fa_IR's formats and first day of the week
 * (Saturday), Latin digits as Odoo shows them; left to right unless told.
 */
export async function persianUser(calendar, direction = "ltr") {
    patchTranslations();
    patchWithCleanup(session, { lifecycle_calendar: calendar });
    // luxon's default calendar as the web client starts it: the user's calendar sets it
    patchWithCleanup(Settings, { defaultOutputCalendar: null });
    await makeMockEnv();
    patchWithCleanup(Settings, { defaultLocale: "fa-IR", defaultNumberingSystem: "latn" });
    patchWithCleanup(localization, {
        dateFormat: "yyyy/MM/dd",
        dateTimeFormat: "yyyy/MM/dd HH:mm:ss",
        weekStart: 6,
        direction,
    });
}
