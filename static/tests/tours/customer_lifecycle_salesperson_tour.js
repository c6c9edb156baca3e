/** @odoo-module **/
// Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
// The salesperson's path from a customer never contacted: the Touch-points button at 0,
// Log a Touch-point in a dialog with the customer filled in, then the button at 1 and
// the last contact on the Lifecycle tab.

import { registry } from "@web/core/registry";
import { ODOO_MAJOR } from "@customer_lifecycle/core/odoo_version";

/** The steps that choose `label` (`value`) in a dialog's selection: 18.0's select, 19.0's menu. */
function chooseIn(field, value, label) {
    const widget = `.modal .o_field_widget[name=${field}]`;
    if (ODOO_MAJOR < 19) {
        return [{ trigger: `${widget} select`, run: `select "${value}"` }];
    }
    return [
        { trigger: `${widget} .o_select_menu_toggler`, run: "click" },
        { trigger: `.o_select_menu_item:contains('${label}')`, run: "click" },
    ];
}

registry.category("web_tour.tours").add("customer_lifecycle_salesperson_tour", {
    steps: () => [
        {
            content: "A customer never contacted shows its Touch-points button at 0",
            trigger: ".o_form_view button[name=action_view_lifecycle_touchpoints] .o_stat_value:contains('0')",
        },
        {
            content: "Log a Touch-point",
            trigger: ".o_form_view .o_form_statusbar button[name=action_lifecycle_log_touchpoint]",
            run: "click",
        },
        {
            content: "The dialog has the customer filled in",
            trigger: ".modal .o_field_widget[name=partner_id] input:value('Tour Salesperson Client')",
        },
        {
            trigger: ".modal .o_field_widget[name=reason] input",
            run: "edit First call about the new offices",
        },
        ...chooseIn("channel", "visit", "Visit"),
        { trigger: ".modal .o_form_button_save", run: "click" },
        {
            content: "The Touch-points button counts it",
            trigger: "body:not(:has(.modal)) .o_form_view button[name=action_view_lifecycle_touchpoints] .o_stat_value:contains('1')",
        },
        { trigger: ".o_notebook .nav-link:contains('Lifecycle')", run: "click" },
        {
            content: "The last contact says who and how",
            trigger: ".o_field_widget[name=lifecycle_last_touchpoint_user_id]:contains('Shirin Sadeghi')",
        },
        { trigger: ".o_field_widget[name=lifecycle_last_touchpoint_channel]:contains('Visit')" },
    ],
});
