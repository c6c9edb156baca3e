/** @odoo-module **/
// Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
// The advocate's share buttons in a real browser: the link and the buttons are there,
// "Copy the link" copies it and says so, and "More apps…" gives the phone's share sheet the
// link of its channel.

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
        {
            // a desktop browser has no share sheet: the tour gives it one, as a phone has,
            // that keeps what it is asked to share
            content: "A browser with a share sheet shows the button that opens it",
            trigger: "#lifecycle_referral_share",
            run() {
                Object.defineProperty(navigator, "share", {
                    configurable: true,
                    value: async (data) => {
                        document.body.dataset.lifecycleShared = JSON.stringify(data);
                    },
                });
                document.querySelector(".o_lifecycle_share_native_col").classList.remove("d-none");
            },
        },
        {
            content: "Open the phone's share sheet",
            trigger: "#lifecycle_referral_share .o_lifecycle_share_native",
            run: "click",
        },
        {
            content: "The sheet is given the link of its channel, the sentence and the subject",
            trigger: "body[data-lifecycle-shared]",
            run() {
                const button = document.querySelector(".o_lifecycle_share_native");
                const shared = JSON.parse(document.body.dataset.lifecycleShared);
                const expected = button.dataset;
                if (
                    shared.url !== expected.lifecycleShareUrl ||
                    shared.text !== expected.lifecycleShareText ||
                    shared.title !== expected.lifecycleShareTitle ||
                    !shared.url
                ) {
                    throw new Error(`The share sheet got ${document.body.dataset.lifecycleShared}`);
                }
            },
        },
    ],
});
