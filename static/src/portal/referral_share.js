/** @odoo-module **/
// Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
// The advocate's share buttons on /my/referrals: copy the link, and the phone's own share
// sheet where the browser has one. No outside service, no dependency on Odoo's widgets
// (so that it reads the same on every Odoo version): plain listeners on the document.

function showNativeShare() {
    if (!navigator.share) {
        return;
    }
    for (const col of document.querySelectorAll(".o_lifecycle_share_native_col")) {
        col.classList.remove("d-none");
    }
}

async function copyLink(button) {
    const url = button.dataset.lifecycleCopy;
    try {
        await navigator.clipboard.writeText(url);
    } catch {
        // an older browser, or a page not served over https: select the link instead
        const input = document.querySelector(".o_lifecycle_share_link");
        input?.select();
        document.execCommand?.("copy");
    }
    button.querySelector(".o_lifecycle_share_copy_label")?.classList.add("d-none");
    button.querySelector(".o_lifecycle_share_copied")?.classList.remove("d-none");
}

async function shareNatively(button) {
    const { lifecycleShareUrl: url, lifecycleShareText: text, lifecycleShareTitle: title } = button.dataset;
    try {
        await navigator.share({ title, text, url });
    } catch {
        // the advocate closed the sheet: nothing to do
    }
}

document.addEventListener("click", (ev) => {
    const copy = ev.target.closest?.(".o_lifecycle_share_copy");
    if (copy) {
        ev.preventDefault();
        copyLink(copy);
        return;
    }
    const native = ev.target.closest?.(".o_lifecycle_share_native");
    if (native) {
        ev.preventDefault();
        shareNatively(native);
    }
});

if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", showNativeShare);
} else {
    showNativeShare();
}
