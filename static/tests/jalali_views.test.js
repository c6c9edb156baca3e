// Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
import { expect, test } from "@odoo/hoot";
import { queryAll } from "@odoo/hoot-dom";
import { animationFrame } from "@odoo/hoot-mock";
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

import { persianUser } from "./jalali_test_helpers";

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

test("a Jalali user reads Solar Hijri dates in a list", async () => {
    await persianUser("jalali");
    await mountView({ type: "list", resModel: "lifecycle.touch", arch: `<list><field name="day"/></list>` });
    expect(".o_data_cell").toHaveText("1404/12/29");
});

test("a Solar Hijri date typed or picked in a form is stored as its Gregorian date", async () => {
    await persianUser("jalali");
    await mountView(FORM);
    recordSaves();
    expect(".o_field_date input").toHaveValue("1404/12/29");

    await fieldInput("day").edit("۱۴۰۵/۰۱/۰۱");
    await clickSave();
    expect(".o_field_date input").toHaveValue("1405/01/01");

    await contains(".o_field_date input").click();
    await animationFrame();
    const second = queryAll(".o_date_item_cell:not(.o_out_of_range)").find(
        (cell) => cell.innerText === "2"
    );
    await contains(second).click();
    expect(".o_field_date input").toHaveValue("1405/01/02");
    await clickSave();
    expect.verifySteps(["2026-03-21", "2026-03-22"]);
});

test("a Solar Hijri date that does not exist is refused and nothing is saved", async () => {
    await persianUser("jalali");
    await mountView(FORM);
    recordSaves();
    await fieldInput("day").edit("1404/12/30");
    expect(".o_field_date input").toHaveValue("1404/12/29");
    await clickSave();
    expect.verifySteps([]);
});
