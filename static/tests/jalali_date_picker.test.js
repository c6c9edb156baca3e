// Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
import { expect, test } from "@odoo/hoot";
import { click, queryAll, queryAllTexts, queryFirst } from "@odoo/hoot-dom";
import { animationFrame, mockDate } from "@odoo/hoot-mock";
import { defineMailModels } from "@mail/../tests/mail_test_helpers";
import { mountWithCleanup } from "@web/../tests/web_test_helpers";

import { DateTimePicker } from "@web/core/datetime/datetime_picker";
import { persianUser } from "./jalali_test_helpers";

const { DateTime } = luxon;

defineMailModels();

const monthDays = () => queryAllTexts(".o_date_item_cell:not(.o_out_of_range)");
const dayCell = (label) =>
    queryAll(".o_date_item_cell:not(.o_out_of_range)").find((cell) => cell.innerText === label);

/** The datepicker of a date, for a Persian-speaking user of a calendar. */
async function openPicker(calendar, [year, month, day], props = {}) {
    await persianUser(calendar);
    const value = DateTime.local(year, month, day);
    await mountWithCleanup(DateTimePicker, { props: { value, type: "date", ...props } });
}

async function expectMonth(title, length) {
    await animationFrame();
    expect(".o_datetime_picker_header").toHaveText(title);
    expect(monthDays()).toHaveLength(length);
}

test("a Jalali user picks in Solar Hijri months of their real length", async () => {
    mockDate("2026-03-25 10:00:00");
    let picked = null;
    await openPicker("jalali", [2026, 3, 25], { onSelect: (value) => (picked = value) });
    await expectMonth("فروردین 1405", 31);
    expect(monthDays()).toEqual([...Array(31)].map((_, i) => String(i + 1)));
    // 1 Farvardin 1405 is a Saturday: the first cell of the first week
    expect(queryFirst(".o_date_item_cell")).toHaveText("1");
    expect(".o_today").toHaveText("5");

    await click(dayCell("1"));
    expect(picked.toISODate()).toBe("2026-03-21");

    await click(".o_previous");
    await expectMonth("اسفند 1404", 29);
    await click(dayCell("29"));
    expect(picked.toISODate()).toBe("2026-03-20");
});

test("Esfand of a leap year has 30 days", async () => {
    await openPicker("jalali", [2025, 3, 20]);
    await expectMonth("اسفند 1403", 30);
    await click(".o_next");
    await expectMonth("فروردین 1404", 31);
});

test("a Persian-speaking Gregorian user keeps the Gregorian datepicker", async () => {
    await openPicker("gregorian", [2026, 1, 5]);
    await expectMonth("ژانویه 2026", 31);
});
