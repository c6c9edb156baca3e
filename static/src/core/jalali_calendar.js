// Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
/**
 * The user's calendar (res.users.lifecycle_calendar, sent in the session) and the
 * Solar Hijri conversions the web client needs, through the vendored jalaali-js.
 */
import { session } from "@web/session";
import {
    isValidJalaaliDate,
    jalaaliMonthLength,
    toGregorian,
    toJalaali,
} from "@customer_lifecycle/../lib/jalaali-js/jalaali";

/** Years from here on are Gregorian ones typed by mistake (1700 SH is 2321 CE). */
export const GREGORIAN_LOOKING_YEAR = 1700;

const NON_LATIN_DIGITS = /[\u0660-\u0669\u06F0-\u06F9]/g;

/** Read at every call, not at load time: the tests switch the calendar. */
export function isJalaliUser() {
    return session.lifecycle_calendar === "jalali";
}

/** Persian (U+06F0…) and Arabic-Indic (U+0660…) digits as Latin ones: "۱۴۰5" → "1405". */
export function toLatinDigits(text) {
    return text.replace(NON_LATIN_DIGITS, (digit) => String(digit.charCodeAt(0) & 0xf));
}

/** The Gregorian {year, month, day} of a Solar Hijri date, or null when it does not exist. */
export function jalaliToGregorian(year, month, day) {
    if (!isValidJalaaliDate(year, month, day)) {
        return null;
    }
    const { gy, gm, gd } = toGregorian(year, month, day);
    return { year: gy, month: gm, day: gd };
}

/** The Solar Hijri {year, month, day} of a Gregorian date. */
export function gregorianToJalali(year, month, day) {
    const { jy, jm, jd } = toJalaali(year, month, day);
    return { year: jy, month: jm, day: jd };
}

/** The number of days of a Solar Hijri month (1-12). */
export function jalaliMonthLength(year, month) {
    return jalaaliMonthLength(year, month);
}

/** The Solar Hijri months of a date counted in one run (year × 12 + month − 1). */
export function jalaliMonthIndex(date) {
    const { year, month } = gregorianToJalali(date.year, date.month, date.day);
    return year * 12 + month - 1;
}

/** The first day of the Solar Hijri month `offset` months from the one of `date`. */
export function startOfJalaliMonth(date, offset = 0) {
    const index = jalaliMonthIndex(date) + offset;
    const start = jalaliToGregorian(Math.floor(index / 12), (index % 12) + 1, 1);
    return date.set(start).startOf("day");
}

/** The first day of the Solar Hijri year `offset` years from the one of `date`. */
export function startOfJalaliYear(date, offset = 0) {
    const { year } = gregorianToJalali(date.year, date.month, date.day);
    return date.set(jalaliToGregorian(year + offset, 1, 1)).startOf("day");
}
