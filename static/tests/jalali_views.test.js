// Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
import { expect, test } from "@odoo/hoot";
import { queryAll } from "@odoo/hoot-dom";
import { animationFrame, mockDate } from "@odoo/hoot-mock";
import { defineMailModels } from "@mail/../tests/mail_test_helpers";
import {
    clickSave,
    contains,
    defineModels,
    fieldInput,
    fields,
    models,
    mountView,
    onRpc,
} from "@web/../tests/web_test_helpers";

import { ODOO_MAJOR } from "@customer_lifecycle/core/odoo_version";
import { openDateInput, persianUser } from "./jalali_test_helpers";

class Touch extends models.Model {
    _name = "lifecycle.touch";

    day = fields.Date();

    _records = [{ id: 1, day: "2026-03-20" }];
}

defineMailModels();
defineModels([Touch]);

const FORM = { type: "form", resModel: "lifecycle.touch", resId: 1, arch: `<form><field name="day"/></form>` };

function recordSaves() {
    onRpc("web_save", ({ args }) => {
        expect.step(args[1].day);
    });
}

/** 5 Farvardin 1405: 1404/12/29 is in 2026 as today, but in the previous Solar Hijri year. */
const FARVARDIN_5 = "2026-03-25 10:00:00";

test("a Jalali user reads Solar Hijri dates in a list", async () => {
    mockDate(FARVARDIN_5);
    await persianUser("jalali");
    await mountView({ type: "list", resModel: "lifecycle.touch", arch: `<list><field name="day"/></list>` });
    // 18.0 writes the dates in the user's format; 19.0 writes them out, without the year
    // in the current year, for a Jalali user the current Solar Hijri year
    expect(".o_data_cell").toHaveText(ODOO_MAJOR >= 19 ? "29 اسفند 1404" : "1404/12/29");
});

test("a Solar Hijri date typed or picked in a form is stored as its Gregorian date", async () => {
    await persianUser("jalali");
    await mountView(FORM);
    recordSaves();
    expect(await openDateInput("day")).toHaveValue("1404/12/29");

    await fieldInput("day").edit("۱۴۰۵/۰۱/۰۱");
    await clickSave();
    expect(await openDateInput("day")).toHaveValue("1405/01/01");
    await animationFrame();
    const second = queryAll(".o_date_item_cell:not(.o_out_of_range)").find(
        (cell) => cell.innerText === "2"
    );
    await contains(second).click();
    expect(await openDateInput("day")).toHaveValue("1405/01/02");
    await clickSave();
    expect.verifySteps(["2026-03-21", "2026-03-22"]);
});

test("a Solar Hijri date that does not exist is refused and nothing is saved", async () => {
    await persianUser("jalali");
    await mountView(FORM);
    recordSaves();
    await openDateInput("day");
    await fieldInput("day").edit("1404/12/30");
    expect(await openDateInput("day")).toHaveValue("1404/12/29");
    if (ODOO_MAJOR < 19) {
        // 18.0 offers to save, which saves nothing
        await clickSave();
    } else {
        // 19.0 has nothing to save
        expect(".o_form_button_save").not.toBeVisible();
    }
    expect.verifySteps([]);
});
