// Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
import { queryFirst } from "@odoo/hoot-dom";
import {
    contains,
    makeMockEnv,
    patchTranslations,
    patchWithCleanup,
} from "@web/../tests/web_test_helpers";

import { localization } from "@web/core/l10n/localization";
import { session } from "@web/session";
import { ODOO_MAJOR } from "@customer_lifecycle/core/odoo_version";

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

/** The addon's terms translated as `terms` says (19.0 keeps each addon's terms apart). */
export function patchAddonTranslations(terms) {
    patchTranslations(ODOO_MAJOR >= 19 ? { customer_lifecycle: terms } : terms);
}

/**
 * The input of the date field `name`, focused: 18.0 shows the input; 19.0 a button with
 * the date written out until it is clicked. Its datepicker opens.
 */
export async function openDateInput(name) {
    const input = `.o_field_widget[name='${name}'] input`;
    const button = queryFirst(`.o_field_widget[name='${name}'] button`);
    await contains(ODOO_MAJOR >= 19 && button ? button : input).click();
    return input;
}
