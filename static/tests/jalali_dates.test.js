// Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
import { describe, expect, test } from "@odoo/hoot";
import { mockTimeZone } from "@odoo/hoot-mock";
import { defineMailModels } from "@mail/../tests/mail_test_helpers";
import { patchWithCleanup } from "@web/../tests/web_test_helpers";

import {
    deserializeDate,
    formatDate,
    formatDateTime,
    parseDate,
    parseDateTime,
    serializeDate,
    serializeDateTime,
} from "@web/core/l10n/dates";
import { localization } from "@web/core/l10n/localization";
import { session } from "@web/session";
import { distinguishUserFormats } from "@customer_lifecycle/core/luxon_calendar";
import { persianUser } from "./jalali_test_helpers";

const { DateTime, Settings } = luxon;

defineMailModels();

const day = (year, month, dayOfMonth) => DateTime.local(year, month, dayOfMonth);

describe("Gregorian user", () => {
    test("a Persian-speaking Gregorian user sees Gregorian dates only", async () => {
        await persianUser("gregorian");
        expect(formatDate(day(2026, 3, 21))).toBe("2026/03/21");
        // fa-IR's default calendar would give فروردین (the Persian month) for March
        expect(formatDate(day(2026, 3, 21), { format: "MMMM yyyy" })).toBe("مارس 2026");
        expect(Settings.defaultOutputCalendar).toBe("gregory");
        expect(day(2026, 1, 5).monthLong).toBe("ژانویه");
    });

    test("a Gregorian user types Gregorian dates", async () => {
        await persianUser("gregorian");
        expect(serializeDate(parseDate("2026/03/21"))).toBe("2026-03-21");
        expect(serializeDate(parseDate("2026-03-20"))).toBe("2026-03-20");
    });
});

describe("Jalali user", () => {
    test("dates are shown in the Solar Hijri calendar across the year boundary", async () => {
        await persianUser("jalali");
        expect(formatDate(day(2026, 3, 20))).toBe("1404/12/29");
        expect(formatDate(day(2026, 3, 21))).toBe("1405/01/01");
        expect(formatDate(day(2025, 3, 20))).toBe("1403/12/30");
        expect(formatDate(day(2026, 4, 20))).toBe("1405/01/31");
        expect(formatDate(day(2026, 4, 21))).toBe("1405/02/01");
        expect(formatDateTime(DateTime.local(2026, 3, 21, 14, 5, 9))).toBe("1405/01/01 14:05:09");
    });

    test("a Jalali user of another language reads Solar Hijri dates in the chatter too", async () => {
        await persianUser("jalali");
        patchWithCleanup(Settings, { defaultLocale: "en-US" });
        expect(Settings.defaultOutputCalendar).toBe("persian");
        // what the chatter and luxon's own formats write
        expect(day(2026, 3, 21).toLocaleString(DateTime.DATE_FULL)).toMatch(/^Farvardin 1, 1405/);
        expect(formatDate(day(2026, 3, 21))).toBe("1405/01/01");
        expect(serializeDate(day(2026, 3, 21))).toBe("2026-03-21");
    });

    test("a typed Solar Hijri date is read in Persian, Latin or mixed digits", async () => {
        await persianUser("jalali");
        expect(serializeDate(parseDate("1405/01/01"))).toBe("2026-03-21");
        expect(serializeDate(parseDate("۱۴۰۴/۱۲/۲۹"))).toBe("2026-03-20");
        expect(serializeDate(parseDate("۱۴۰3/12/۳۰"))).toBe("2025-03-20");
        expect(serializeDate(parseDate("1405/1/1"))).toBe("2026-03-21");
        expect(serializeDate(parseDate("۱۴۰۵-۰۱-۰۱"))).toBe("2026-03-21");
        expect(serializeDate(parseDate("14050131"))).toBe("2026-04-20");
        expect(parseDate("")).toBe(false);
    });

    test("a typed Solar Hijri datetime is stored in UTC", async () => {
        await persianUser("jalali");
        mockTimeZone(3.5);
        expect(serializeDateTime(parseDateTime("1405/01/01 10:30:00"))).toBe(
            "2026-03-21 07:00:00"
        );
        expect(serializeDateTime(parseDateTime("۱۴۰۴/۱۲/۲۹ ۰۲:۰۰:۰۰"))).toBe(
            "2026-03-19 22:30:00"
        );
    });

    test("a date that does not exist in the Solar Hijri calendar is refused", async () => {
        await persianUser("jalali");
        expect(() => parseDate("1405/07/31")).toThrow(/month 7 of 1405 has 30 days/);
        expect(() => parseDate("1404/12/30")).toThrow(/month 12 of 1404 has 29 days/);
        expect(() => parseDate("1405/13/01")).toThrow(/“1405\/13\/01” is not a date of the Solar/);
        expect(() => parseDate("۱۴۰۵-۰۷-۳۱")).toThrow(/“1405\/07\/31” is not a date of the Solar/);
    });

    test("a Gregorian date typed by a Jalali user is refused with its Solar Hijri date", async () => {
        await persianUser("jalali");
        expect(() => parseDate("2026-03-21")).toThrow(
            /“2026\/03\/21” is a Gregorian date: type it in the Solar Hijri calendar, 1405\/01\/01\./
        );
        expect(() => parseDate("2026/03/20")).toThrow(/1404\/12\/29/);
    });

    test("a date format written like the server's is still the Solar Hijri one", async () => {
        await persianUser("jalali");
        patchWithCleanup(localization, {
            dateFormat: "yyyy-MM-dd",
            dateTimeFormat: "yyyy-MM-dd HH:mm:ss",
        });
        distinguishUserFormats();
        expect(formatDate(day(2026, 3, 21))).toBe("1405-01-01");
        expect(formatDateTime(DateTime.local(2026, 3, 20, 9, 0, 0))).toBe("1404-12-29 09:00:00");
        expect(serializeDate(parseDate("1405-01-01"))).toBe("2026-03-21");
        expect(serializeDate(parseDate("۱۴۰۴-۱۲-۲۹"))).toBe("2026-03-20");
        expect(serializeDate(day(2026, 3, 21))).toBe("2026-03-21");
        expect(() => parseDate("1404-12-30")).toThrow(/month 12 of 1404 has 29 days/);
    });
});

describe("What is stored stays Gregorian", () => {
    test("serializing gives the Gregorian date with the Persian calendar as luxon's default", async () => {
        await persianUser("jalali");
        patchWithCleanup(Settings, { defaultOutputCalendar: "persian" });
        const value = DateTime.local(2026, 3, 20, 23, 0, 0, { zone: "utc" });
        expect(serializeDate(value)).toBe("2026-03-20");
        expect(serializeDateTime(value)).toBe("2026-03-20 23:00:00");
    });

    const STORED = ["2026-03-20", "2026-03-21", "2025-03-20"];
    const TYPED = {
        jalali: ["1404/12/29", "1405/01/01", "1403/12/30"],
        gregorian: ["2026/03/20", "2026/03/21", "2025/03/20"],
    };

    for (const [writer, reader] of [
        ["jalali", "gregorian"],
        ["gregorian", "jalali"],
    ]) {
        test(`a date written by a ${writer} user reads the same to a ${reader} one`, async () => {
            await persianUser(writer);
            const stored = TYPED[writer].map((typed) => serializeDate(parseDate(typed)));
            expect(stored).toEqual(STORED);
            patchWithCleanup(session, { lifecycle_calendar: reader });
            expect(stored.map((value) => formatDate(deserializeDate(value)))).toEqual(TYPED[reader]);
        });
    }
});
