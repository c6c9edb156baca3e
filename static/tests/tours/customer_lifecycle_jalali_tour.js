/** @odoo-module **/
// Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
// A Persian user of the Solar Hijri calendar, right to left: reads a Jalali date in the
// customers' list, picks a date across the Esfand/Farvardin boundary in the datepicker
// and types one in Persian digits, then saves (Python checks the stored Gregorian dates).

import { registry } from "@web/core/registry";
import { ODOO_MAJOR } from "@customer_lifecycle/core/odoo_version";

const PICKER = ".o_datetime_picker";
// a day of the month shown: 18.0 leaves the other months' days blank, 19.0 shows them muted
const DAY = ".o_date_item_cell:not(.o_out_of_range)";

/**
 * A date field holding `date` (in the user's format): 18.0's input holds it; 19.0 shows
 * a button with the date written out, in its tooltip in the user's format.
 */
function dateField(field, date) {
    const widget = `.o_field_widget[name=${field}]`;
    return ODOO_MAJOR >= 19 ? `${widget} button[data-tooltip='${date}']` : `${widget} input:value('${date}')`;
}

/** The steps that type `text` in a date field (19.0: its button is clicked first). */
function typeDate(field, text) {
    const widget = `.o_field_widget[name=${field}]`;
    const open = ODOO_MAJOR >= 19 ? [{ trigger: `${widget} button`, run: "click" }] : [];
    return [
        ...open,
        { trigger: `${widget} input`, run: `edit ${text}` },
        { trigger: `${widget} input`, run: "press Enter" },
    ];
}

// 2026-03-21 in the list: 18.0 writes it in the user's format, 19.0 writes it out
// ("1 فروردین", and its year when it is not the current Solar Hijri year)
const NOWRUZ_IN_LIST = ODOO_MAJOR >= 19 ? "1 فروردین" : "1405/01/01";

function openSection(top, item) {
    return [
        { trigger: `.o_main_navbar .o_menu_sections [data-menu-xmlid='${top}']`, run: "click" },
        { trigger: `.o-dropdown--menu .o-dropdown-item[data-menu-xmlid='${item}']`, run: "click" },
    ];
}

registry.category("web_tour.tours").add("customer_lifecycle_jalali_tour", {
    url: "/odoo/action-customer_lifecycle.res_partner_action_customer_lifecycle",
    steps: () => [
        {
            content: "The web client is right to left",
            trigger: "body.o_rtl .o_kanban_renderer",
        },
        { trigger: ".o_control_panel .o_switch_view.o_list", run: "click" },
        {
            content: "The customer's date in the list is a Solar Hijri date (2026-03-21)",
            trigger:
                ".o_list_view .o_data_row:contains('Tour Jalali Clinic') " +
                `td[name=lifecycle_stage_date]:contains('${NOWRUZ_IN_LIST}')`,
        },
        ...openSection(
            "customer_lifecycle.menu_customer_lifecycle_key_accounts_root",
            "customer_lifecycle.menu_customer_lifecycle_key_account_plans"
        ),
        {
            content: "Open the draft plan",
            trigger: ".o_list_view .o_data_row td:contains('Tour Jalali plan')",
            run: "click",
        },
        {
            content: "The plan starts on 2026-04-05, in Solar Hijri",
            trigger: `.o_form_view ${dateField("date_start", "1405/01/16")}`,
            run: "click",
        },
        {
            content: "The datepicker opens on the field's month: Farvardin 1405",
            trigger: `${PICKER} .o_header_part:contains('فروردین 1405')`,
        },
        { trigger: `${PICKER} .o_previous`, run: "click" },
        {
            content: "The month before is Esfand 1404, 29 days long",
            trigger: `${PICKER} .o_header_part:contains('اسفند 1404')`,
        },
        { trigger: `${PICKER}:not(:has(${DAY}:contains('30')))` },
        {
            content: "Pick its last day",
            trigger: `${PICKER} ${DAY}:contains('29')`,
            run: "click",
        },
        { trigger: dateField("date_start", "1404/12/29") },
        // type the first day of 1405 in Persian digits
        ...typeDate("date_end", "۱۴۰۵/۰۱/۰۱"),
        { trigger: dateField("date_end", "1405/01/01") },
        { trigger: ".o_form_button_save", run: "click" },
        { trigger: ".o_form_view .o_form_saved" },
        {
            content: "Saved, no error, the dates still read in Solar Hijri",
            trigger:
                `body:not(:has(.o_error_dialog)) ${dateField("date_start", "1404/12/29")}`,
        },
    ],
});
