// Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
/**
 * The datepicker's days in the Solar Hijri calendar for a Jalali user: the month's
 * real length, weeks starting on the language's first day (Saturday for fa_IR), today
 * marked. Each cell keeps its Gregorian DateTime, so picking stores the right date.
 * Odoo's days level is replaced only for Jalali users; months, years and decades
 * stay Odoo's.
 */
import { DateTimePicker } from "@web/core/datetime/datetime_picker";
import { isInRange, today } from "@web/core/l10n/dates";
import { localization } from "@web/core/l10n/localization";
import { patch } from "@web/core/utils/patch";
import { gregorianToJalali, isJalaliUser, startOfJalaliMonth } from "./jalali_calendar";

const { Info } = luxon;

const DAYS_PER_WEEK = 7;
const isInMonth = (item) => !item.isOutOfRange;
const WEEKS_PER_MONTH = 6;

function startOfWeek(date) {
    const { weekStart } = localization;
    return date.set({ weekday: date.weekday < weekStart ? weekStart - 7 : weekStart });
}

function dayItem(day, monthRange, { maxDate, minDate, isDateValid, dayCellClass }) {
    const range = [day, day.endOf("day")];
    return {
        id: day.toISODate(),
        includesToday: isInRange(today(), range),
        isOutOfRange: !isInRange(day, monthRange),
        isValid: isInRange(range, [minDate, maxDate]) && (isDateValid?.(day) ?? true),
        label: String(gregorianToJalali(day.year, day.month, day.day).day),
        range,
        extraClass: dayCellClass?.(day) || "",
    };
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
    const daysOfWeek = weeks[0].days.map(({ range: [day] }) => [
        day.weekdayShort,
        day.weekdayLong,
        Info.weekdays("narrow", { locale: day.locale })[day.weekday - 1],
    ]);
    return {
        id: `__month__${index}`,
        number: gregorianToJalali(start.year, start.month, start.day).month,
        daysOfWeek,
        weeks: weeks.filter((week, w) => w < WEEKS_PER_MONTH - 1 || week.days.some(isInMonth)),
    };
}

function monthStarts(date, { additionalMonth }) {
    const start = startOfJalaliMonth(date);
    return additionalMonth ? [start, startOfJalaliMonth(start, 1)] : [start];
}

function jalaliDaysLevel(level) {
    return {
        ...level,
        getTitle: (date, params) =>
            monthStarts(date, params).map((start) => start.toFormat("MMMM yyyy", { outputCalendar: "persian" })),
        getItems: (date, params) =>
            monthStarts(date, params).map((start, index) => jalaliMonthItems(start, index, params)),
    };
}

patch(DateTimePicker.prototype, {
    get activePrecisionLevel() {
        const level = super.activePrecisionLevel;
        return this.isJalaliDays ? jalaliDaysLevel(level) : level;
    },

    get isJalaliDays() {
        return isJalaliUser() && this.state.precision === "days";
    },

    adjustFocus(values, focusedDateIndex) {
        const adjust = this.shouldAdjustFocusDate || !this.state.focusDate;
        super.adjustFocus(values, focusedDateIndex);
        if (adjust && isJalaliUser()) {
            const date = values[focusedDateIndex] || values[focusedDateIndex === 1 ? 0 : 1];
            this.state.focusDate = this.clamp(startOfJalaliMonth(date || today()));
        }
    },

    next(ev) {
        if (!this.isJalaliDays) {
            return super.next(ev);
        }
        ev.preventDefault();
        this.state.focusDate = this.clamp(startOfJalaliMonth(this.state.focusDate, 1));
    },

    previous(ev) {
        if (!this.isJalaliDays) {
            return super.previous(ev);
        }
        ev.preventDefault();
        this.state.focusDate = this.clamp(startOfJalaliMonth(this.state.focusDate, -1));
    },
});
