// Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
import { expect, test } from "@odoo/hoot";
import { click, queryAll, queryAllTexts, queryFirst } from "@odoo/hoot-dom";
import { animationFrame, mockDate } from "@odoo/hoot-mock";
import { defineMailModels } from "@mail/../tests/mail_test_helpers";
import { mountWithCleanup } from "@web/../tests/web_test_helpers";

import { DateTimePicker } from "@web/core/datetime/datetime_picker";
import { getPickerCell, zoomOut } from "@web/../tests/core/datetime/datetime_test_helpers";
import { persianUser } from "./jalali_test_helpers";

const { DateTime } = luxon;

defineMailModels();

const monthDays = () => queryAllTexts(".o_date_item_cell:not(.o_out_of_range)");
const dayCell = (label) =>
    queryAll(".o_date_item_cell:not(.o_out_of_range)").find((cell) => cell.innerText === label);

let picked = null;

/** The datepicker of a date, for a Persian-speaking user of a calendar. */
async function openPicker(calendar, [year, month, day]) {
    await persianUser(calendar);
    picked = null;
    const value = DateTime.local(year, month, day);
    const onSelect = (date) => (picked = date);
    await mountWithCleanup(DateTimePicker, { props: { value, type: "date", onSelect } });
}

/**
 * Clicks a cell or a button of the picker (none: only waits), then checks its title
 * and, for a month, its number of days.
 */
async function clickTo(target, title, days = null) {
    if (target) {
        await click(target);
    }
    await animationFrame();
    expect(".o_datetime_picker_header").toHaveText(title);
    if (days) {
        expect(monthDays()).toHaveLength(days);
    }
}

/** The Gregorian date stored when picking a day of the month shown. */
async function pick(label) {
    await click(dayCell(label));
    return picked.toISODate();
}

test("a Jalali user picks in Solar Hijri months of their real length", async () => {
    mockDate("2026-03-25 10:00:00");
    await openPicker("jalali", [2026, 3, 25]);
    await clickTo(null, "فروردین 1405", 31);
    expect(monthDays()).toEqual([...Array(31)].map((_, i) => String(i + 1)));
    // 1 Farvardin 1405 is a Saturday: the first cell of the first week
    expect(queryFirst(".o_date_item_cell")).toHaveText("1");
    expect(".o_today").toHaveText("5");
    expect(await pick("1")).toBe("2026-03-21");

    await clickTo(".o_previous", "اسفند 1404", 29);
    expect(await pick("29")).toBe("2026-03-20");
});

test("Esfand of a leap year has 30 days", async () => {
    await openPicker("jalali", [2025, 3, 20]);
    await clickTo(null, "اسفند 1403", 30);
    await clickTo(".o_next", "فروردین 1404", 31);
});

test("a Jalali user zooms out to Solar Hijri months and years", async () => {
    await openPicker("jalali", [2026, 3, 25]);
    await zoomOut();
    await clickTo(null, "1405");
    expect(queryAllTexts(".o_date_item_cell")).toEqual([
        ...["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور"],
        ...["مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"],
    ]);
    await zoomOut();
    await clickTo(null, "1399 - 1410");
    await clickTo(".o_next", "1409 - 1420");
    await clickTo(getPickerCell("1410"), "1410");
    await clickTo(getPickerCell("اسفند"), "اسفند 1410", 29);
    // 1 Esfand 1410 is 20 February 2032
    expect(await pick("1")).toBe("2032-02-20");
});

test("a Persian-speaking Gregorian user keeps the Gregorian datepicker", async () => {
    await openPicker("gregorian", [2026, 1, 5]);
    await clickTo(null, "ژانویه 2026", 31);
});
