/** @odoo-module **/
// The main path of a key-account manager: the app, the customers by stage, a customer,
// a touch-point, a referral, a development plan submitted, approved and printed.

import { download } from "@web/core/network/download";
import { registry } from "@web/core/registry";

function openMenu(top, item) {
    return [
        { trigger: `.o_main_navbar .o_menu_sections button:contains('${top}')`, run: "click" },
        { trigger: `.o-dropdown--menu .o-dropdown-item:contains('${item}')`, run: "click" },
    ];
}

/**
 * Mark the body once the browser has the PDF of a report in hand: the tour ends on that
 * mark, so the server has been asked for the PDF (and has answered) before the browser
 * is closed, however fast or slow the machine.
 */
function watchReportDownload() {
    const original = download._download;
    download._download = async (options) => {
        const result = await original(options);
        if (options.url === "/report/download") {
            document.body.dataset.clReportDownloaded = "1";
        }
        return result;
    };
}

function pickMany2one(field, search, name) {
    return [
        { trigger: `.o_field_widget[name=${field}] input`, run: `edit ${search}` },
        { trigger: `.o-autocomplete--dropdown-item:contains('${name}')`, run: "click" },
    ];
}

registry.category("web_tour.tours").add("customer_lifecycle_tour", {
    url: "/odoo",
    steps: () => [
        // Odoo's stepUtils.showAppsMenuItem(), whose module 19.0 moved
        // (@web_tour/tour_service/tour_utils on 18.0, @web_tour/tour_utils on 19.0)
        { trigger: ".o_navbar_apps_menu button:enabled", run: "click" },
        {
            content: "Open the Customer Lifecycle app",
            trigger: ".o_app[data-menu-xmlid='customer_lifecycle.menu_customer_lifecycle_root']",
            run: "click",
        },
        {
            content: "The customers in a kanban by stage, every stage a column",
            trigger: ".o_kanban_renderer .o_kanban_group .o_column_title:contains('Advocate')",
        },
        { trigger: ".o_kanban_group .o_column_title:contains('Loyal')" },
        { trigger: ".o_kanban_group .o_column_title:contains('Prospect')" },
        {
            content: "Open a customer",
            trigger: ".o_kanban_group:has(.o_column_title:contains('Advocate')) .o_kanban_record:contains('Azar Textiles')",
            run: "click",
        },
        {
            content: "The customer's stage",
            trigger: ".o_form_view .o_field_widget[name=lifecycle_stage_id] .o_arrow_button_current:contains('Advocate')",
        },
        {
            content: "Their touch-points",
            trigger: ".oe_stat_button[name=action_view_lifecycle_touchpoints]",
            run: "click",
        },
        { trigger: ".o_list_view .o_list_button_add", run: "click" },
        { trigger: ".o_field_widget[name=reason] input", run: "edit Tour: thanked them for the referral" },
        { trigger: ".o_field_widget[name=result] textarea", run: "edit They will introduce another clinic" },
        { trigger: ".o_form_button_save", run: "click" },
        { trigger: ".o_form_view .o_form_saved" },
        { trigger: ".o_main_navbar .o_menu_sections .o_nav_entry:contains('Referrals')", run: "click" },
        { trigger: ".o_list_view .o_list_button_add", run: "click" },
        ...pickMany2one("referrer_id", "Azar Text", "Azar Textiles"),
        ...pickMany2one("referred_id", "Tour Friend", "Tour Friend Clinic"),
        { trigger: ".o_form_button_save", run: "click" },
        { trigger: ".o_form_view .o_form_saved" },
        ...openMenu("Key Accounts", "Development Plans"),
        {
            content: "Open the draft plan",
            trigger: ".o_list_view .o_data_row td:contains('Tour plan 2027')",
            run: "click",
        },
        { trigger: ".o_form_view button[name=action_submit]", run: "click" },
        {
            content: "Senior management approves",
            trigger: ".o_form_view button[name=action_approve]",
            run: "click",
        },
        { trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Approved')" },
        {
            content: "Print the plan",
            trigger: ".o_control_panel .o_cp_action_menus button",
            async run(helpers) {
                watchReportDownload();
                await helpers.click();
            },
        },
        {
            trigger: ".o-dropdown--menu .o-dropdown-item:contains('Key-Account Development Plan')",
            run: "click",
        },
        {
            content: "The browser received the plan's PDF",
            trigger: "body[data-cl-report-downloaded]",
        },
        {
            content: "No error, the plan still shown",
            trigger: "body:not(:has(.o_error_dialog)) .o_form_view .o_arrow_button_current:contains('Approved')",
        },
    ],
});
