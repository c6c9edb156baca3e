/** @odoo-module **/
// Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
// The advocate's share buttons in a real browser: the link and the buttons are there, and
// "Copy the link" copies it and says so.

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("customer_lifecycle_referral_share_tour", {
    steps: () => [
        {
            content: "The advocate's link is shown, with a button per channel",
            trigger: "#lifecycle_referral_share .o_lifecycle_share_whatsapp[href^='https://wa.me/?text=']",
        },
        {
            content: "Copy the link",
            trigger: "#lifecycle_referral_share .o_lifecycle_share_copy",
            run: "click",
        },
        {
            content: "The button says the link was copied",
            trigger: "#lifecycle_referral_share .o_lifecycle_share_copied:not(.d-none)",
        },
    ],
});
