// Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
import { expect, test } from "@odoo/hoot";
import { click, hover, queryAll, queryAllTexts, queryAllValues, queryFirst } from "@odoo/hoot-dom";
import { animationFrame, mockDate } from "@odoo/hoot-mock";
import { defineMailModels } from "@mail/../tests/mail_test_helpers";
import {
    clickSave,
    contains,
    defineModels,
    fields,
    models,
    mountView,
    mountWithCleanup,
    onRpc,
} from "@web/../tests/web_test_helpers";

import { DateTimePicker } from "@web/core/datetime/datetime_picker";
import { getPickerCell, zoomOut } from "@web/../tests/core/datetime/datetime_test_helpers";
import { ODOO_MAJOR } from "@customer_lifecycle/core/odoo_version";
import { persianUser } from "./jalali_test_helpers";

const { DateTime } = luxon;

/** A period from 1404/12/19 to 1404/12/24, in Esfand. */
class Period extends models.Model {
    _name = "lifecycle.period";
    _records = [{ id: 1, date_from: "2026-03-10", date_to: "2026-03-15" }];

    date_from = fields.Date();
    date_to = fields.Date();
}

defineMailModels();
defineModels([Period]);

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

test("a Jalali user reads whole weekday letters and no Gregorian week numbers", async () => {
    await openPicker("jalali", [2026, 3, 25]);
    await clickTo(null, "فروردین 1405", 31);
    expect(".o_week_number_cell").toHaveCount(0);
    // Persian calendars' letters, Saturday first; the whole name in the title
    expect(queryAllTexts(".o_day_of_week_cell")).toEqual(["ش", "ی", "د", "س", "چ", "پ", "ج"]);
    expect(queryFirst(".o_day_of_week_cell")).toHaveAttribute("title", "شنبه");
    expect(queryFirst(".o_datetime_picker").style.getPropertyValue("--DateTimePicker__Day-template-columns")).toBe(
        "7"
    );
});

test("a Gregorian user keeps Odoo's week numbers", async () => {
    await openPicker("gregorian", [2026, 1, 5]);
    await clickTo(null, "ژانویه 2026", 31);
    expect(".o_week_number_cell").not.toHaveCount(0);
});

test("a Persian-speaking Gregorian user keeps the Gregorian datepicker", async () => {
    await openPicker("gregorian", [2026, 1, 5]);
    await clickTo(null, "ژانویه 2026", 31);
});

test("a Jalali user zooms out to Solar Hijri decades", async () => {
    await openPicker("jalali", [2026, 3, 25]);
    await zoomOut();
    await zoomOut();
    await zoomOut();
    await clickTo(null, "1390 - 1500");
    expect(queryAllTexts(".o_date_item_cell")).toEqual(
        [...Array(12)].map((_, i) => String(1390 + 10 * i))
    );
    await clickTo(".o_next", "1490 - 1600");
    await clickTo(".o_previous", "1390 - 1500");
    await clickTo(getPickerCell("1420"), "1419 - 1430");
    await clickTo(getPickerCell("1423"), "1423");
    await clickTo(getPickerCell("فروردین"), "فروردین 1423", 31);
    // 1 Farvardin 1423 is 20 March 2044
    expect(await pick("1")).toBe("2044-03-20");
});

/** The day `label` of the `index`th month a range picker shows. */
const cellOf = (index, label) =>
    queryAll(`.o_date_picker:eq(${index}) .o_date_item_cell:not(.o_out_of_range)`).find(
        (cell) => cell.innerText === label
    );
/** The labels of the cells matching `selector`, month by month. */
const daysIn = (selector) =>
    queryAll(".o_date_picker").map((month) => queryAllTexts(selector, { root: month }));
/** The number of weeks drawn, month by month. */
const weeksShown = () => daysIn(".o_date_item_cell").map((cells) => cells.length / 7);

/** A range picker of 1404/12/24 to 1405/01/05, the end being picked. */
async function openRangePicker() {
    await persianUser("jalali");
    const value = [DateTime.local(2026, 3, 15), DateTime.local(2026, 3, 25)];
    await mountWithCleanup(DateTimePicker, {
        props: { value, type: "date", range: true, focusedDateIndex: 1 },
    });
}

// 18.0's range picker shows two months, 19.0's one
if (ODOO_MAJOR < 19) {
    test("a range picker shows two consecutive Solar Hijri months", async () => {
        await openRangePicker();
        expect(queryAllTexts(".o_header_part")).toEqual(["اسفند 1404", "فروردین 1405"]);
        expect(daysIn(".o_date_item_cell:not(.o_out_of_range)").map((days) => days.length)).toEqual(
            [29, 31]
        );
        expect(daysIn(".o_select_start")).toEqual([["24"], []]);
        expect(daysIn(".o_select_end")).toEqual([[], ["5"]]);
        expect(weeksShown()).toEqual([5, 5]);
        await click(".o_next");
        await animationFrame();
        expect(queryAllTexts(".o_header_part")).toEqual(["فروردین 1405", "اردیبهشت 1405"]);
        // Khordad 1405 needs a sixth week: Ordibehesht is drawn with six too
        await click(".o_next");
        await animationFrame();
        expect(queryAllTexts(".o_header_part")).toEqual(["اردیبهشت 1405", "خرداد 1405"]);
        expect(weeksShown()).toEqual([6, 6]);
    });
} else {
    test("a range picker shows the Solar Hijri month of the date being picked", async () => {
        await openRangePicker();
        expect(queryAllTexts(".o_header_part")).toEqual(["فروردین 1405"]);
        expect(daysIn(".o_date_item_cell:not(.o_out_of_range)")).toEqual([
            [...Array(31)].map((_, i) => String(i + 1)),
        ]);
        expect(daysIn(".o_select_end")).toEqual([["5"]]);
        expect(daysIn(".o_selected:not(.o_out_of_range)")).toEqual([["1", "2", "3", "4", "5"]]);
        // six weeks, as Odoo draws every month
        expect(weeksShown()).toEqual([6]);
        await click(".o_previous");
        await animationFrame();
        expect(queryAllTexts(".o_header_part")).toEqual(["اسفند 1404"]);
        expect(daysIn(".o_select_start:not(.o_out_of_range)")).toEqual([["24"]]);
    });
}

/** 18.0's range picker shows the range's two months: Esfand and Farvardin. */
async function pickEsfandToFarvardinIn18() {
    expect(queryAllTexts(".o_header_part")).toEqual(["اسفند 1404", "فروردین 1405"]);
    expect(".o_select_start").toHaveText("19");
    expect(".o_select_end").toHaveText("24");

    await contains(cellOf(0, "28")).click();
    await hover(cellOf(1, "2"));
    await animationFrame();
    // the range hovered runs over the end of the year: 28 and 29 Esfand, 1 and 2 Farvardin
    expect(daysIn(".o_selected")).toEqual([["28", "29"], ["1", "2"]]);
    expect(daysIn(".o_highlighted")).toEqual([[], ["2"]]);
    await contains(cellOf(1, "3")).click();
    expect(daysIn(".o_select_start")).toEqual([["28"], []]);
    expect(daysIn(".o_select_end")).toEqual([[], ["3"]]);

    await contains(".o_form_view").click();
    expect(queryAllValues(".o_field_daterange input")).toEqual(["1404/12/28", "1405/01/03"]);
}

/** 19.0's shows one month: Esfand, then the next one, Farvardin. */
async function pickEsfandToFarvardinIn19() {
    expect(queryAllTexts(".o_header_part")).toEqual(["اسفند 1404"]);
    expect(".o_select_start").toHaveText("19");
    expect(".o_select_end").toHaveText("24");

    await contains(cellOf(0, "28")).click();
    await contains(".o_next").click();
    expect(queryAllTexts(".o_header_part")).toEqual(["فروردین 1405"]);
    await hover(cellOf(0, "2"));
    await animationFrame();
    // the range hovered runs over the end of the year: 1 and 2 Farvardin shown
    expect(daysIn(".o_selected:not(.o_out_of_range)")).toEqual([["1", "2"]]);
    await contains(cellOf(0, "3")).click();
    expect(daysIn(".o_select_end:not(.o_out_of_range)")).toEqual([["3"]]);

    await contains(".o_form_view").click();
    // written out, the year of the current Solar Hijri year left out
    expect(queryAllTexts(".o_field_daterange button")).toEqual(["28 اسفند 1404", "3 فروردین"]);
}

test("a Jalali user picks a range from Esfand to Farvardin in a date range field", async () => {
    mockDate("2026-03-25 10:00:00");
    await persianUser("jalali");
    await mountView({
        type: "form",
        resModel: "lifecycle.period",
        resId: 1,
        arch: `<form>
            <field name="date_from" widget="daterange" options="{'end_date_field': 'date_to'}"/>
        </form>`,
    });
    onRpc("web_save", ({ args }) => {
        expect.step(`${args[1].date_from} → ${args[1].date_to}`);
    });
    await contains("[data-field=date_from]").click();
    if (ODOO_MAJOR < 19) {
        await pickEsfandToFarvardinIn18();
    } else {
        await pickEsfandToFarvardinIn19();
    }
    await clickSave();
    expect.verifySteps(["2026-03-19 → 2026-03-23"]);
});
