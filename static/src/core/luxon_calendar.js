// Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
/**
 * The user's calendar in luxon, which every date of the web client goes through.
 *
 * web/core/l10n/dates.js exports formatDate, parseDate, serializeDate…, and the fields,
 * views and the datepicker import them by destructuring, so patching that module's
 * exports reaches no caller: luxon's DateTime, shared by all of them, is patched instead.
 *
 * - toFormat: the server formats (serializeDate, serializeDateTime) are always written
 *   in the Gregorian calendar; the others in the user's calendar, so that a
 *   Persian-speaking Gregorian user no longer gets the browser's Persian calendar for
 *   fa-IR and a Jalali user reads 1405/01/01 in lists, forms and kanban cards.
 * - fromFormat: for a Jalali user, a date typed in the user's format (Persian, Latin or
 *   mixed digits) is read as a Solar Hijri date; a date that does not exist, or a
 *   Gregorian date typed by mistake, is refused with a message that says why.
 * - toLocaleString: a date written out without its year is one of the current Solar
 *   Hijri year for a Jalali user (see withJalaliYear).
 * - luxon's default calendar is the user's (see useUserCalendar).
 */
import { ConversionError, formatDate } from "@web/core/l10n/dates";
import { localization } from "@web/core/l10n/localization";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { patch } from "@web/core/utils/patch";
import {
    GREGORIAN_LOOKING_YEAR,
    gregorianToJalali,
    isJalaliUser,
    jalaliMonthLength,
    jalaliToGregorian,
    toLatinDigits,
} from "./jalali_calendar";

const { DateTime, Settings } = luxon;

const isWholeDate = (fields) => "year" in fields && "month" in fields && "day" in fields;

const FIELD_OF_TOKEN = { y: "year", M: "month", d: "day", H: "hour", m: "minute", s: "second" };

/**
 * The fields of a date typed with other separators than the format's ("۱۴۰۵-۰۷-۳۱" for
 * yyyy/MM/dd): its digit groups in the format's order. Odoo's own last tries only see
 * Latin digits.
 */
function looseFields(latin, fmt) {
    const groups = latin.match(/\d+/g) || [];
    const tokens = fmt.replace(/'[^']*'/g, " ").match(/[a-zA-Z]+/g) || [];
    if (groups.length < 3 || groups.length > tokens.length) {
        return null;
    }
    const fields = {};
    groups.forEach((group, index) => {
        const field = FIELD_OF_TOKEN[tokens[index][0]];
        if (field) {
            fields[field] = Number(group);
        }
    });
    return isWholeDate(fields) ? fields : null;
}

/** What the server reads and writes (SERVER_DATE_FORMAT, SERVER_DATETIME_FORMAT). */
const SERVER_FORMATS = new Set(["yyyy-MM-dd", "yyyy-MM-dd HH:mm:ss"]);

/** A format that gives a whole date: year, month and day tokens outside quoted text. */
function isDateFormat(fmt) {
    const tokens = fmt.replace(/'[^']*'/g, "");
    return /y/.test(tokens) && /M/.test(tokens) && /d/.test(tokens);
}

/**
 * The fields as typed, in the user's date format: parseDateTime may have dropped the
 * separators ("14050731") before its last try.
 */
function typedDate({ year, month, day }) {
    const pad = (number) => String(number).padStart(2, "0");
    return localization.dateFormat
        .replace(/y+/, String(year))
        .replace(/M+/, pad(month))
        .replace(/d+/, pad(day));
}

const notADate = (fields) =>
    new ConversionError(
        _t("“%(value)s” is not a date of the Solar Hijri calendar.", { value: typedDate(fields) })
    );

function refuseGregorianDate(fields) {
    const gregorian = DateTime.fromObject({ year: fields.year, month: fields.month, day: fields.day });
    if (!gregorian.isValid) {
        return notADate(fields);
    }
    return new ConversionError(
        _t("“%(value)s” is a Gregorian date: type it in the Solar Hijri calendar, %(jalali)s.", {
            value: typedDate(fields),
            jalali: formatDate(gregorian),
        })
    );
}

function refuseMissingDate(fields) {
    const { year, month } = fields;
    if (month < 1 || month > 12) {
        return notADate(fields);
    }
    return new ConversionError(
        _t(
            "“%(value)s” is not a date of the Solar Hijri calendar: month %(month)s of %(year)s has %(days)s days.",
            { value: typedDate(fields), month, year, days: jalaliMonthLength(year, month) }
        )
    );
}

/** The DateTime of Solar Hijri fields read by luxon, or the error that says why not. */
function fromJalaliFields(fields, opts) {
    const { year, month, day, hour, minute, second, millisecond } = fields;
    if (year >= GREGORIAN_LOOKING_YEAR) {
        throw refuseGregorianDate(fields);
    }
    const gregorian = jalaliToGregorian(year, month, day);
    if (!gregorian) {
        throw refuseMissingDate(fields);
    }
    const time = { hour, minute, second, millisecond };
    return DateTime.fromObject({ ...gregorian, ...time }, { zone: opts.zone });
}

/**
 * The calendar a format is written in: the server's formats always Gregorian; for a
 * Jalali user, whole dates in the Solar Hijri calendar and partial formats ("yyyy",
 * "MMMM yyyy": labels of Gregorian periods, until those are Jalali periods) left to the
 * locale; for a Gregorian user, Gregorian.
 */
function outputCalendarOf(fmt, { outputCalendar }) {
    if (SERVER_FORMATS.has(fmt)) {
        return "gregory";
    }
    if (outputCalendar || !isJalaliUser()) {
        return outputCalendar || "gregory";
    }
    return isDateFormat(fmt) ? "persian" : undefined;
}

const jalaliYear = (date) => gregorianToJalali(date.year, date.month, date.day).year;

/**
 * A date written out without its year ("29 اسفند") for a Jalali user: only in the
 * current Solar Hijri year. 19.0 writes the dates of lists and forms out with
 * toLocaleString and leaves the year out in the current Gregorian year, which would
 * give 1404/12/29 no year on 5 Farvardin 1405 (both in 2026).
 */
function withJalaliYear(date, formatOpts) {
    const { day, month, year } = formatOpts || {};
    if (!isJalaliUser() || !day || !month || year) {
        return formatOpts;
    }
    const current = jalaliYear(date) === jalaliYear(DateTime.now());
    return current ? formatOpts : { ...formatOpts, year: "numeric" };
}

patch(DateTime.prototype, {
    toFormat(fmt, opts = {}) {
        return super.toFormat(fmt, { ...opts, outputCalendar: outputCalendarOf(fmt, opts) });
    },

    toLocaleString(formatOpts, opts) {
        return super.toLocaleString(withJalaliYear(this, formatOpts), opts);
    },
});

patch(DateTime, {
    fromFormat(text, fmt, opts = {}) {
        if (!isJalaliUser() || SERVER_FORMATS.has(fmt) || !isDateFormat(fmt)) {
            return super.fromFormat(text, fmt, opts);
        }
        const latin = toLatinDigits(text);
        const { result } = DateTime.fromFormatExplain(latin, fmt, {
            ...opts,
            numberingSystem: "latn",
        });
        const fields = result && isWholeDate(result) ? result : looseFields(latin, fmt);
        if (!fields) {
            return DateTime.invalid("unparsable", `"${text}" is not a Solar Hijri date in ${fmt}`);
        }
        return fromJalaliFields(fields, opts);
    },
});

/**
 * A Jalali user's date format written exactly like the server's ("yyyy-MM-dd", the
 * language's "%Y-%m-%d") would be taken for the server's and stay Gregorian: its dashes
 * are quoted ("yyyy'-'MM'-'dd"), which luxon writes and reads the same way, so the
 * user's dates are Solar Hijri and what is sent to the server is still Gregorian.
 */
export function distinguishUserFormats() {
    if (!isJalaliUser()) {
        return;
    }
    for (const key of ["dateFormat", "dateTimeFormat"]) {
        if (SERVER_FORMATS.has(localization[key])) {
            localization[key] = localization[key].replaceAll("-", "'-'");
        }
    }
}

/**
 * luxon's own default (the chatter's dates, toLocaleString, month and weekday names) is
 * the user's calendar: Gregorian for a Gregorian user, where fa-IR would give the Persian
 * one; Persian for a Jalali user, whatever the language (en-US would give Gregorian). Set
 * once the localization service has set the user's locale and formats.
 */
function useUserCalendar() {
    Settings.defaultOutputCalendar = isJalaliUser() ? "persian" : "gregory";
    distinguishUserFormats();
}

registry.category("services").add("customer_lifecycle_calendar", {
    dependencies: ["localization"],
    start: useUserCalendar,
});
