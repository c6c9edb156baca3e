// Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
import { expect, test } from "@odoo/hoot";
import { queryAllTexts } from "@odoo/hoot-dom";
import { mockDate } from "@odoo/hoot-mock";
import { defineMailModels } from "@mail/../tests/mail_test_helpers";
import {
    contains,
    defineModels,
    fields,
    getFacetTexts,
    models,
    mountView,
    onRpc,
    openAddCustomFilterDialog,
    patchWithCleanup,
    toggleMenuItem,
    toggleMenuItemOption,
    toggleSearchBarMenu,
} from "@web/../tests/web_test_helpers";

import { ODOO_MAJOR } from "@customer_lifecycle/core/odoo_version";
import { patchAddonTranslations, persianUser } from "./jalali_test_helpers";

class Visit extends models.Model {
    _name = "lifecycle.visit";

    day = fields.Date({ string: "Day" });
    moment = fields.Datetime({ string: "Moment" });

    _records = [{ id: 1, day: "2026-03-21", moment: "2026-03-21 08:00:00" }];
}

defineMailModels();
defineModels([Visit]);

const SEARCH = `
    <search>
        <filter name="day" string="Day" date="day"/>
        <filter name="moment" string="Moment" date="moment"/>
    </search>`;

/** 1405/01/05, five days into a Solar Hijri year and month that began on 2026-03-21. */
const FARVARDIN_5 = "2026-03-25 10:00:00";

const between = (field, first, last) => ["&", [field, ">=", first], [field, "<=", last]];

/** The options of a date filter: three months, the quarters, three years. */
const periodOptions = (months, years) => [...months, "Q4", "Q3", "Q2", "Q1", ...years];

const LIST = { type: "list", arch: `<list><field name="day"/></list>`, read: "web_search_read" };
const GRAPH = { type: "graph", arch: `<graph/>`, read: "web_read_group" };

/** The visits' view with a date filter on ("this month"), each domain it reads recorded. */
async function mountVisits(calendar, filter = "day", { type, arch, read } = LIST, direction = "ltr") {
    await persianUser(calendar, direction);
    onRpc(read, ({ kwargs }) => {
        expect.step(kwargs.domain);
    });
    await mountView({
        type,
        arch,
        resModel: "lifecycle.visit",
        searchViewArch: SEARCH,
        context: filter ? { [`search_default_${filter}`]: 1 } : {},
    });
    await toggleSearchBarMenu();
    if (filter) {
        await toggleMenuItem(filter === "day" ? "Day" : "Moment");
    }
}

test("a Jalali user's date filter offers Solar Hijri months and years", async () => {
    mockDate(FARVARDIN_5);
    await mountVisits("jalali");
    expect(queryAllTexts(".o-dropdown--menu .o_item_option")).toEqual(
        periodOptions(["فروردین", "اسفند", "بهمن"], ["1405", "1404", "1403"])
    );
    expect(getFacetTexts()).toEqual(["Day: فروردین 1405"]);
    expect.verifySteps([between("day", "2026-03-21", "2026-04-20")]);
});

test("right to left, a Solar Hijri facet names the month first, as the datepicker does", async () => {
    mockDate(FARVARDIN_5);
    await mountVisits("jalali", "day", LIST, "rtl");
    expect(getFacetTexts()).toEqual(["Day: فروردین 1405"]);
    expect.verifySteps([between("day", "2026-03-21", "2026-04-20")]);
});

test("the previous Solar Hijri month comes with its own year", async () => {
    mockDate(FARVARDIN_5);
    await mountVisits("jalali");
    await toggleMenuItemOption("Day", "1405");
    await toggleMenuItemOption("Day", "اسفند");
    expect(getFacetTexts()).toEqual(["Day: اسفند 1404"]);
    expect.verifySteps([
        between("day", "2026-03-21", "2026-04-20"),
        [],
        between("day", "2026-02-20", "2026-03-20"),
    ]);
});

test("a Solar Hijri quarter and a Solar Hijri year", async () => {
    mockDate(FARVARDIN_5);
    await mountVisits("jalali");
    await toggleMenuItemOption("Day", "فروردین");
    expect(getFacetTexts()).toEqual(["Day: 1405"]);
    await toggleMenuItemOption("Day", "Q1");
    expect(getFacetTexts()).toEqual(["Day: Q1 1405"]);
    expect.verifySteps([
        between("day", "2026-03-21", "2026-04-20"),
        between("day", "2026-03-21", "2027-03-20"),
        between("day", "2026-03-21", "2026-06-21"),
    ]);
});

test("a Persian Jalali user reads the quarters' names in Persian", async () => {
    patchAddonTranslations({ "Q%(quarter)s": "سه‌ماهه %(quarter)s" });
    mockDate(FARVARDIN_5);
    await mountVisits("jalali");
    expect(queryAllTexts(".o-dropdown--menu .o_item_option")).toEqual([
        "فروردین",
        "اسفند",
        "بهمن",
        "سه‌ماهه 4",
        "سه‌ماهه 3",
        "سه‌ماهه 2",
        "سه‌ماهه 1",
        "1405",
        "1404",
        "1403",
    ]);
    await toggleMenuItemOption("Day", "فروردین");
    await toggleMenuItemOption("Day", "سه‌ماهه 1");
    expect(getFacetTexts()).toEqual(["Day: سه‌ماهه 1 1405"]);
    expect.verifySteps([
        between("day", "2026-03-21", "2026-04-20"),
        between("day", "2026-03-21", "2027-03-20"),
        between("day", "2026-03-21", "2026-06-21"),
    ]);
});

test("a Solar Hijri month of a datetime field is bounded in the user's time zone", async () => {
    mockDate(FARVARDIN_5, "Asia/Tehran");
    await mountVisits("jalali", "moment");
    expect(getFacetTexts()).toEqual(["Moment: فروردین 1405"]);
    expect.verifySteps([between("moment", "2026-03-20 20:30:00", "2026-04-20 20:29:59")]);
});

test("a Gregorian user's date filter keeps Gregorian periods", async () => {
    mockDate(FARVARDIN_5);
    await mountVisits("gregorian");
    expect(queryAllTexts(".o-dropdown--menu .o_item_option")).toEqual(
        periodOptions(["مارس", "فوریه", "ژانویه"], ["2026", "2025", "2024"])
    );
    await toggleMenuItemOption("Day", "Q1");
    expect(getFacetTexts()).toEqual(["Day: مارس 2026/Q1 2026"]);
    expect.verifySteps([
        between("day", "2026-03-01", "2026-03-31"),
        [
            "|",
            ...between("day", "2026-03-01", "2026-03-31"),
            ...between("day", "2026-01-01", "2026-03-31"),
        ],
    ]);
});

// 18.0's graphs compare periods (the "Comparison" menu); 19.0's search model has no comparison
if (ODOO_MAJOR < 19) {
    /** A Jalali user's graph of the visits, the periods toggled and then compared. */
    async function compare(toggled, comparison) {
        mockDate(FARVARDIN_5);
        await mountVisits("jalali", "day", GRAPH);
        for (const option of toggled) {
            await toggleMenuItemOption("Day", option);
        }
        await toggleMenuItem(`Day: ${comparison}`);
    }

    const FARVARDIN_1405 = between("day", "2026-03-21", "2026-04-20");

    test("the period before a Solar Hijri month is the previous Solar Hijri month", async () => {
        await compare([], "Previous Period");
        expect(getFacetTexts()).toEqual(["Day: فروردین 1405", "Day: Previous Period"]);
        const esfand = between("day", "2026-02-20", "2026-03-20");
        expect.verifySteps([FARVARDIN_1405, FARVARDIN_1405, esfand]);
    });

    test("a Solar Hijri month compared with the previous year", async () => {
        await compare([], "Previous Year");
        const lastFarvardin = between("day", "2025-03-21", "2025-04-20");
        expect.verifySteps([FARVARDIN_1405, FARVARDIN_1405, lastFarvardin]);
    });

    test("the period before a Solar Hijri quarter is the previous Solar Hijri quarter", async () => {
        await compare(["فروردین", "Q1"], "Previous Period");
        expect(getFacetTexts()).toEqual(["Day: Q1 1405", "Day: Previous Period"]);
        const spring = between("day", "2026-03-21", "2026-06-21");
        const year = between("day", "2026-03-21", "2027-03-20");
        const winter = between("day", "2025-12-22", "2026-03-20");
        expect.verifySteps([FARVARDIN_1405, year, spring, spring, winter]);
    });
}

test("a custom range typed in Solar Hijri dates filters on their Gregorian dates", async () => {
    patchWithCleanup(odoo, { debug: true });
    onRpc("/web/domain/validate", () => true);
    await mountVisits("jalali", null);
    await openAddCustomFilterDialog();
    await contains(".o_domain_selector_debug_container textarea").edit(
        `[("day", "between", ["2026-01-01", "2026-01-02"])]`
    );
    await contains(".o_datetime_input:eq(0)").edit("۱۴۰۵/۰۱/۰۱");
    await contains(".o_datetime_input:eq(1)").edit("1405/01/31");
    await contains(".modal footer button").click();
    // "Day is between" on 18.0, "Day between" on 19.0
    expect(getFacetTexts()[0]).toMatch(/^Day (is )?between 1405\/01\/01 and 1405\/01\/31$/);
    expect.verifySteps([[], between("day", "2026-03-21", "2026-04-20")]);
});
