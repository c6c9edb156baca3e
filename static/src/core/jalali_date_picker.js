// Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
/**
 * The datepicker in the Solar Hijri calendar for a Jalali user: days of the month's
 * real length, weeks starting on the language's first day (Saturday for fa_IR), today
 * marked; the twelve months of a Solar Hijri year; Solar Hijri years and decades. Each
 * cell keeps its Gregorian DateTime, so picking stores the right date. A range picker
 * shows two consecutive Solar Hijri months where Odoo shows two months (18.0; 19.0 shows one).
 */
import { DateTimePicker } from "@web/core/datetime/datetime_picker";
import { isInRange, today } from "@web/core/l10n/dates";
import { localization } from "@web/core/l10n/localization";
import { patch } from "@web/core/utils/patch";
import {
    gregorianToJalali,
    isJalaliUser,
    jalaliMonthIndex,
    startOfJalaliMonth,
    startOfJalaliYear,
} from "./jalali_calendar";
import { ODOO_MAJOR } from "./odoo_version";

const { Info } = luxon;

const DAYS_PER_WEEK = 7;
const isInMonth = (item) => !item.isOutOfRange;
const WEEKS_PER_MONTH = 6;

function startOfWeek(date) {
    const { weekStart } = localization;
    return date.set({ weekday: date.weekday < weekStart ? weekStart - 7 : weekStart });
}

/** A cell of the picker, as Odoo's own levels make them. */
function dateItem(range, label, { maxDate, minDate, isDateValid }, isOutOfRange = false) {
    return {
        id: range[0].toISODate(),
        includesToday: isInRange(today(), range),
        isOutOfRange,
        isValid: isInRange(range, [minDate, maxDate]) && (isDateValid?.(range[0]) ?? true),
        label,
        range,
        extraClass: "",
    };
}

function dayItem(day, monthRange, params) {
    const label = String(gregorianToJalali(day.year, day.month, day.day).day);
    const item = dateItem([day, day.endOf("day")], label, params, !isInRange(day, monthRange));
    item.extraClass = params.dayCellClass?.(day) || "";
    return item;
}

/** A cell from `start` to the day before `end`: a Solar Hijri month or year. */
function periodItem(start, end, label, { maxDate, minDate }, isOutOfRange = false) {
    const range = [start, end.minus({ millisecond: 1 })];
    return dateItem(range, label, { maxDate, minDate }, isOutOfRange);
}

/** One Solar Hijri month as Odoo's days level draws it: six weeks of day items. */
function jalaliMonthItems(start, index, params) {
    const monthRange = [start, startOfJalaliMonth(start, 1).minus({ millisecond: 1 })];
    const weeks = [];
    let weekStart = startOfWeek(start);
    for (let w = 0; w < WEEKS_PER_MONTH; w++) {
        const days = [];
        for (let d = 0; d < DAYS_PER_WEEK; d++) {
            days.push(dayItem(weekStart.plus({ day: d }), monthRange, params));
        }
        weeks.push({ number: days[3].range[0].weekNumber, days });
        weekStart = weekStart.plus({ day: DAYS_PER_WEEK });
    }
    // the one-letter names of Persian calendars (ش ی د س چ پ ج): a short name such as
    // "یکشنبه" is the whole word, which a day's narrow column cuts; the title has it whole
    const daysOfWeek = weeks[0].days.map(({ range: [day] }) => {
        const narrow = Info.weekdays("narrow", { locale: day.locale })[day.weekday - 1];
        return [narrow, day.weekdayLong, narrow];
    });
    return {
        id: `__month__${index}`,
        number: gregorianToJalali(start.year, start.month, start.day).month,
        daysOfWeek,
        weeks,
    };
}

/**
 * The sixth week is drawn as Odoo draws it: on 18.0, which leaves the days of other
 * months blank, when a month shown has days in it (in each month shown); on 19.0, which
 * shows them muted, always.
 */
function withoutEmptyLastWeeks(months) {
    const lastWeekUsed =
        ODOO_MAJOR >= 19 || months.some(({ weeks }) => weeks.at(-1).days.some(isInMonth));
    if (!lastWeekUsed) {
        months.forEach((month) => month.weeks.pop());
    }
    return months;
}

/** The first days of the months shown (18.0 gives the levels' getTitle the params; 19.0 not). */
function monthStarts(date, { additionalMonth } = {}) {
    const start = startOfJalaliMonth(date);
    return additionalMonth ? [start, startOfJalaliMonth(start, 1)] : [start];
}

const jalaliYear = (date) => gregorianToJalali(date.year, date.month, date.day).year;
const startOfDecade = (date) => Math.floor(jalaliYear(date) / 10) * 10;
const startOfCentury = (date) => Math.floor(jalaliYear(date) / 100) * 100;
const range = (from, to) => [...Array(to - from)].map((_, i) => i + from);

/**
 * The twelve cells of a grid of Solar Hijri years: ten periods of `years` years from
 * `first` (a year, a decade), and the one before and the one after them, out of range.
 */
function jalaliYearCells(date, first, years, params) {
    return range(-1, 11).map((index) => {
        const year = first + index * years;
        const start = startOfJalaliYear(date, year - jalaliYear(date));
        const end = startOfJalaliYear(start, years);
        return periodItem(start, end, String(year), params, index < 0 || index >= 10);
    });
}

const JALALI_LEVELS = {
    days: {
        months: 1,
        getTitle: (date, params) =>
            monthStarts(date, params).map((start) =>
                start.toFormat("MMMM yyyy", { outputCalendar: "persian" })
            ),
        getItems: (date, params) =>
            withoutEmptyLastWeeks(
                monthStarts(date, params).map((start, index) => jalaliMonthItems(start, index, params))
            ),
    },
    months: {
        months: 12,
        getTitle: (date) => String(jalaliYear(date)),
        getItems: (date, params) =>
            range(0, 12).map((index) => {
                const start = startOfJalaliMonth(startOfJalaliYear(date), index);
                const label = start.toFormat("MMM", { outputCalendar: "persian" });
                return periodItem(start, startOfJalaliMonth(start, 1), label, params);
            }),
    },
    years: {
        months: 120,
        getTitle: (date) => `${startOfDecade(date) - 1} - ${startOfDecade(date) + 10}`,
        getItems: (date, params) => jalaliYearCells(date, startOfDecade(date), 1, params),
    },
    decades: {
        months: 1200,
        getTitle: (date) => `${startOfCentury(date) - 10} - ${startOfCentury(date) + 100}`,
        getItems: (date, params) => jalaliYearCells(date, startOfCentury(date), 10, params),
    },
};

patch(DateTimePicker.prototype, {
    /** Odoo's column of Gregorian ISO week numbers, which a Jalali user does not get. */
    get showWeekNumberCells() {
        return !isJalaliUser() && (this.props.showWeekNumbers ?? !this.props.range);
    },

    get activePrecisionLevel() {
        const level = super.activePrecisionLevel;
        return this.jalaliLevel ? { ...level, ...this.jalaliLevel } : level;
    },

    /** The Solar Hijri version of the current level, for a Jalali user. */
    get jalaliLevel() {
        return isJalaliUser() ? JALALI_LEVELS[this.state.precision] : null;
    },

    adjustFocus(values, focusedDateIndex) {
        const adjust = this.shouldAdjustFocusDate || !this.state.focusDate;
        super.adjustFocus(values, focusedDateIndex);
        if (adjust && isJalaliUser()) {
            const date = values[focusedDateIndex] || values[focusedDateIndex === 1 ? 0 : 1];
            // the end of a range over two months is shown in the second month, as Odoo does
            const [start, end] = values;
            const twoMonths = this.additionalMonth && focusedDateIndex === 1 && start && end;
            const shift = twoMonths && jalaliMonthIndex(start) !== jalaliMonthIndex(end) ? -1 : 0;
            this.state.focusDate = this.clamp(startOfJalaliMonth(date || today(), shift));
        }
    },

    next(ev) {
        if (!this.jalaliLevel) {
            return super.next(ev);
        }
        ev.preventDefault();
        const { months } = this.jalaliLevel;
        this.state.focusDate = this.clamp(startOfJalaliMonth(this.state.focusDate, months));
    },

    previous(ev) {
        if (!this.jalaliLevel) {
            return super.previous(ev);
        }
        ev.preventDefault();
        const { months } = this.jalaliLevel;
        this.state.focusDate = this.clamp(startOfJalaliMonth(this.state.focusDate, -months));
    },
});
