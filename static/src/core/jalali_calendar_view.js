// Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
/**
 * The calendar view in the user's calendar. Its grid stays Odoo's Gregorian one (a
 * month of the view is a Gregorian month), but:
 *
 * - FullCalendar formats its day numbers, month titles and hours with `Intl` in the
 *   user's locale, whose default calendar for fa-IR is the Persian one and whose digits
 *   are Persian: its locale is given the Gregorian calendar and Odoo's digits, so that a
 *   Persian-speaking user no longer reads Solar Hijri day numbers on a Gregorian grid;
 * - for a Jalali user, each day of the month view shows its Solar Hijri date under its
 *   Gregorian day number ("21" and "1 فروردین"), the columns of the week and day views
 *   their Solar Hijri date, and the title the Solar Hijri days of the period shown
 *   ("مارس 2026 (1404/12/10–1405/01/11)"), as the server's group labels do.
 */
import { formatDate } from "@web/core/l10n/dates";
import { patch } from "@web/core/utils/patch";
import { CalendarCommonRenderer } from "@web/views/calendar/calendar_common/calendar_common_renderer";
import { CalendarController } from "@web/views/calendar/calendar_controller";
import { CalendarYearRenderer } from "@web/views/calendar/calendar_year/calendar_year_renderer";
import { isJalaliUser } from "./jalali_calendar";

const { DateTime, Settings } = luxon;

/** The user's locale in the Gregorian calendar with Odoo's digits: "fa-IR-u-ca-gregory-nu-latn". */
export function gregorianLocale(locale = Settings.defaultLocale) {
    try {
        const numberingSystem = Settings.defaultNumberingSystem || "latn";
        return new Intl.Locale(locale, { calendar: "gregory", numberingSystem }).toString();
    } catch {
        return locale;
    }
}

/** A day's Solar Hijri day and month name: "1 فروردین". */
export function jalaliDayLabel(date) {
    return date.toFormat("d MMMM", { outputCalendar: "persian" });
}

/** The Solar Hijri days from `start` to `end`: "(1404/12/10–1405/01/11)", or "(1405/01/01)". */
export function jalaliRangeLabel(start, end) {
    const [first, last] = [formatDate(start), formatDate(end)];
    return first === last ? `(${first})` : `(${first}–${last})`;
}

/** A month cell: its Gregorian day number, then its Solar Hijri date. */
function jalaliDayCell({ date, dayNumberText }) {
    const day = DateTime.fromJSDate(date);
    const gregorian = document.createElement("span");
    gregorian.className = "o_lifecycle_gregorian_day";
    gregorian.textContent = dayNumberText;
    const jalali = document.createElement("span");
    jalali.className = "o_lifecycle_jalali_day";
    jalali.textContent = jalaliDayLabel(day);
    return { domNodes: [gregorian, jalali] };
}

const gregorianOptions = (options) => ({ ...options, locale: gregorianLocale(options.locale) });

patch(CalendarCommonRenderer.prototype, {
    get options() {
        const options = gregorianOptions(super.options);
        if (isJalaliUser() && this.props.model.scale === "month") {
            options.dayCellContent = jalaliDayCell;
        }
        return options;
    },

    headerTemplateProps(date) {
        const props = super.headerTemplateProps(date);
        if (isJalaliUser() && props.scale !== "month") {
            props.jalaliDay = jalaliDayLabel(DateTime.fromJSDate(date));
        }
        return props;
    },
});

patch(CalendarYearRenderer.prototype, {
    get options() {
        return gregorianOptions(super.options);
    },
});

const GREGORIAN = { outputCalendar: "gregory" };
const monthName = (date) => date.toFormat("MMMM", GREGORIAN);

/** Odoo's title of a week, its months named in the Gregorian calendar. */
function gregorianWeekTitle(start, end) {
    if (start.year !== end.year) {
        return `${monthName(start)} ${start.year} - ${monthName(end)} ${end.year}`;
    }
    if (start.month !== end.month) {
        return `${monthName(start)} - ${monthName(end)} ${start.year}`;
    }
    return `${monthName(start)} ${start.year}`;
}

/**
 * The titles of a Jalali user: the locale's calendar would name the Gregorian month
 * shown after the Solar Hijri month of its first day ("آذر 2026" for December 2026),
 * so they are written in the Gregorian calendar, followed by the period's Solar Hijri days.
 */
patch(CalendarController.prototype, {
    get currentYear() {
        const { date } = this;
        if (!isJalaliUser()) {
            return super.currentYear;
        }
        return `${date.year} ${jalaliRangeLabel(date.startOf("year"), date.endOf("year"))}`;
    },

    get currentMonth() {
        const { date } = this;
        if (!isJalaliUser()) {
            return super.currentMonth;
        }
        const range = jalaliRangeLabel(date.startOf("month"), date.endOf("month"));
        return `${monthName(date)} ${date.year} ${range}`;
    },

    get weekHeader() {
        const { rangeStart, rangeEnd } = this.model;
        if (!isJalaliUser()) {
            return super.weekHeader;
        }
        const range = jalaliRangeLabel(rangeStart, rangeEnd);
        return `${gregorianWeekTitle(rangeStart, rangeEnd)} ${range}`;
    },

    get dayHeader() {
        const { date } = this;
        if (!isJalaliUser()) {
            return super.dayHeader;
        }
        return `${date.day} ${monthName(date)} ${date.year} ${jalaliRangeLabel(date, date)}`;
    },

    get today() {
        return isJalaliUser() ? String(DateTime.now().day) : super.today;
    },
});
