// Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
import { expect, test } from "@odoo/hoot";
import { queryAllTexts } from "@odoo/hoot-dom";
import { mockDate } from "@odoo/hoot-mock";
import { defineMailModels } from "@mail/../tests/mail_test_helpers";
import {
    defineModels,
    fields,
    models,
    mountView,
    onRpc,
    preloadBundle,
} from "@web/../tests/web_test_helpers";

import { changeScale } from "@web/../tests/views/calendar/calendar_test_helpers";

import { persianUser } from "./jalali_test_helpers";

/** A meeting on 1 Farvardin 1405, 9:30 in Tehran. */
class Meeting extends models.Model {
    has_access() {
        return true;
    }

    _name = "lifecycle.meeting";
    date = fields.Datetime();
    name = fields.Char();
    _records = [{ id: 1, name: "Nowruz visit", date: "2026-03-21 06:00:00" }];
}

defineMailModels();
defineModels([Meeting]);
preloadBundle("web.fullcalendar_lib");
onRpc("has_group", () => true);

const ARCH = `<calendar date_start="date" mode="month"><field name="name"/></calendar>`;

/** The calendar view on 1 Farvardin 1405 (21 March 2026), in Tehran, for a Persian-speaking user. */
async function openCalendar(calendar) {
    mockDate("2026-03-21 10:00:00", 3.5);
    await persianUser(calendar);
    await mountView({ type: "calendar", resModel: "lifecycle.meeting", arch: ARCH });
}

/** What the month view shows in the cells of some days. */
const monthCells = (days, part) =>
    days.flatMap((day) => queryAllTexts(`.fc-daygrid-day[data-date="${day}"] ${part}`));

const NOWRUZ = ["2026-03-19", "2026-03-20", "2026-03-21", "2026-03-22"];

test("a Jalali user reads each day's Solar Hijri date in the Gregorian month grid", async () => {
    await openCalendar("jalali");
    expect(".o_calendar_header h5").toHaveText("مارس 2026 (1404/12/10–1405/01/11)");
    expect(monthCells(NOWRUZ, ".o_lifecycle_gregorian_day")).toEqual(["19", "20", "21", "22"]);
    expect(monthCells(NOWRUZ, ".o_lifecycle_jalali_day")).toEqual([
        "28 اسفند",
        "29 اسفند",
        "1 فروردین",
        "2 فروردین",
    ]);
    // the grid is the Gregorian month: its first day is a Saturday, 28 February
    expect(queryAllTexts(".fc-daygrid-day .o_lifecycle_gregorian_day")[0]).toBe("28");
});

test("a Jalali user reads the Solar Hijri dates of the week's and the day's columns", async () => {
    await openCalendar("jalali");
    await changeScale("week");
    expect(".o_calendar_header h5").toHaveText(/^مارس 2026 \(1405\/01\/01–1405\/01\/07\)/);
    expect(queryAllTexts(".fc-col-header-cell .o_cw_day_number")).toEqual(
        ["21", "22", "23", "24", "25", "26", "27"]
    );
    expect(queryAllTexts(".fc-col-header-cell .o_lifecycle_jalali_day")).toEqual([
        ...["1 فروردین", "2 فروردین", "3 فروردین", "4 فروردین"],
        ...["5 فروردین", "6 فروردین", "7 فروردین"],
    ]);
    await changeScale("day");
    expect(".o_calendar_header h5").toHaveText("21 مارس 2026 (1405/01/01)");
    expect(".fc-col-header-cell .o_lifecycle_jalali_day").toHaveText("1 فروردین");
});

test("a Persian-speaking Gregorian user reads Gregorian days only", async () => {
    await openCalendar("gregorian");
    expect(".o_calendar_header h5").toHaveText("مارس 2026");
    // FullCalendar's own day numbers, no longer in the browser's Persian calendar for fa-IR
    expect(monthCells(NOWRUZ, ".fc-daygrid-day-number")).toEqual(["19", "20", "21", "22"]);
    expect(".o_lifecycle_jalali_day").toHaveCount(0);
    await changeScale("week");
    // the hours too, in Odoo's digits
    expect(".fc-timegrid-slot-label:first").toHaveText("0:00");
    expect(".o_lifecycle_jalali_day").toHaveCount(0);
});

test("the year view's months are Gregorian months with Gregorian titles", async () => {
    await openCalendar("jalali");
    await changeScale("year");
    expect(".o_calendar_header h5").toHaveText("2026 (1404/10/11–1405/10/10)");
    expect(queryAllTexts(".fc-toolbar-title").slice(0, 3)).toEqual([
        "ژانویهٔ 2026",
        "فوریهٔ 2026",
        "مارس 2026",
    ]);
});
