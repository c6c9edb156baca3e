// Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
/**
 * The search panel's date filters in the Solar Hijri calendar for a Jalali user.
 *
 * web/search/utils/dates.js builds the period options and the domains of a date filter
 * (`<filter date="field"/>`), and search_model.js imports its functions by
 * destructuring, so patching that module reaches no caller: the SearchModel methods
 * that call them are patched instead. Odoo's option ids are kept ("month", "month-1",
 * "first_quarter", "year"…), read as Solar Hijri months, quarters (Q1 is Farvardin to
 * Khordad) and years: the labels are Solar Hijri ones and the domains the Gregorian
 * bounds of those periods, written as Odoo writes them (date fields: first and last
 * days; datetime fields: the user's local bounds in UTC). The comparisons (previous
 * period, previous year: 18.0 only) are Solar Hijri periods too. Gregorian users are unchanged.
 *
 * Custom filters ("Add Custom Filter"): their date conditions are typed in the patched
 * datepicker; the domain editor also checks the values it holds, written as the server
 * writes them, with the "date" and "datetime" parsers, which read them here too.
 */
import { Domain } from "@web/core/domain";
import { _t } from "@web/core/l10n/translation";
import { serializeDate, serializeDateTime } from "@web/core/l10n/dates";
import { registry } from "@web/core/registry";
import { clamp } from "@web/core/utils/numbers";
import { patch } from "@web/core/utils/patch";
import { SearchModel } from "@web/search/search_model";
import {
    constructDateDomain,
    getPeriodOptions,
    QUARTERS,
    sortPeriodOptions,
    toGeneratorId,
} from "@web/search/utils/dates";
import "@web/views/fields/parsers";
import {
    GREGORIAN_LOOKING_YEAR,
    isJalaliUser,
    jalaliMonthIndex,
    startOfJalaliMonth,
} from "./jalali_calendar";
import { ODOO_MAJOR } from "./odoo_version";

const MONTHS_PER_YEAR = 12;
const MONTHS_OF = { year: 12, quarter: 3, month: 1 };
/** The periods of a year, by granularity (18.0's PER_YEAR, gone with 19.0's comparisons). */
const PER_YEAR = { year: 1, quarter: 4, month: 12 };
const PERSIAN = { outputCalendar: "persian" };

const yearOfIndex = (index) => Math.floor(index / MONTHS_PER_YEAR);
const monthOfIndex = (index) => (index % MONTHS_PER_YEAR) + 1;
const quarterOfIndex = (index) => Math.floor((monthOfIndex(index) - 1) / MONTHS_OF.quarter) + 1;
/**
 * A Solar Hijri quarter's name: a term of its own, since Odoo's "Q2" to "Q4" are not
 * translated to Persian while its "Q1" is ("Q4, Q3, Q2, س۱" in one menu).
 */
const quarterName = (quarter) => _t("Q%(quarter)s", { quarter });

/** The first moment of the Solar Hijri month `index`, in the reference's zone. */
function monthStart(reference, index) {
    return startOfJalaliMonth(reference, index - jalaliMonthIndex(reference));
}

/**
 * "فروردین 1405", "Q1 1405" or "1405": the month (or quarter) before the year, right to
 * left too, as the datepicker's title and the groups' labels name a Solar Hijri month
 * (Odoo puts the year first in right-to-left languages).
 */
function periodDescription(reference, index, granularity) {
    const start = monthStart(reference, index);
    const parts = [start.toFormat("yyyy", PERSIAN)];
    if (granularity === "month") {
        parts.unshift(start.toFormat("MMMM", PERSIAN));
    } else if (granularity === "quarter") {
        parts.unshift(quarterName(quarterOfIndex(index)));
    }
    return parts.join(" ");
}

/**
 * Odoo's period options with Solar Hijri labels, and for the months the year option that
 * goes with them (the previous month of Farvardin is in the previous Solar Hijri year).
 */
export function jalaliPeriodOptions(reference, optionsParams) {
    const { startYear, endYear } = optionsParams;
    const current = jalaliMonthIndex(reference);
    return getPeriodOptions(reference, optionsParams).map((option) => {
        if (option.granularity === "month") {
            const years = clamp(0, startYear, endYear);
            const index = current + option.plusParam.months + MONTHS_PER_YEAR * years;
            const yearOffset = clamp(yearOfIndex(index) - yearOfIndex(current), startYear, endYear);
            return {
                ...option,
                description: monthStart(reference, index).toFormat("MMMM", PERSIAN),
                defaultYearId: toGeneratorId("year", yearOffset),
            };
        }
        if (option.granularity === "year") {
            const index = current + MONTHS_PER_YEAR * option.plusParam.years;
            return { ...option, description: periodDescription(reference, index, "year") };
        }
        if (option.granularity === "quarter") {
            return { ...option, description: quarterName(option.setParam.quarter) };
        }
        return option;
    });
}

/** The Solar Hijri month (1-12), quarter (1-4) or year an option stands for today. */
function jalaliSetParam(option, reference) {
    const { granularity, plusParam, setParam } = option;
    if (granularity === "quarter") {
        return { ...setParam };
    }
    const index = jalaliMonthIndex(reference) + (plusParam.months || 0);
    if (granularity === "month") {
        return { month: monthOfIndex(index) };
    }
    return { year: yearOfIndex(index) + plusParam.years };
}

/** The selected options by granularity with Solar Hijri setParams; null for a custom one. */
function jalaliSelectedOptions(reference, searchItem, selectedOptionIds) {
    const selected = { year: [] };
    const options = getPeriodOptions(reference, searchItem.optionsParams);
    for (const optionId of selectedOptionIds) {
        const option = options.find((candidate) => candidate.id === optionId);
        const { granularity } = option;
        if (granularity === "withDomain") {
            return null;
        }
        selected[granularity] ||= [];
        selected[granularity].push({ granularity, setParam: jalaliSetParam(option, reference) });
    }
    return selected;
}

/**
 * How many Solar Hijri months the comparison moves the selected periods, by Odoo's rule
 * (getComparisonParams): the previous year, or the span just before all of them, the
 * quarters counted as their months when months are selected too.
 */
function comparisonShift(selected, comparisonOptionId) {
    if (comparisonOptionId === "previous_year") {
        return -MONTHS_PER_YEAR;
    }
    const granularity = (selected.month && "month") || (selected.quarter && "quarter") || "year";
    if (granularity === "month" && selected.quarter) {
        for (const { setParam } of selected.quarter) {
            for (const month of QUARTERS[setParam.quarter].coveredMonths) {
                if (!selected.month.some((option) => option.setParam.month === month)) {
                    selected.month.push({ granularity, setParam: { month } });
                }
            }
        }
        delete selected.quarter;
    }
    const years = selected.year.map((option) => option.setParam.year);
    const options = granularity === "year" ? [] : selected[granularity];
    const numbers = options.length ? options.map((o) => o.setParam[granularity]) : [0];
    const periods =
        -1 +
        PER_YEAR[granularity] * (Math.min(...years) - Math.max(...years)) +
        Math.min(...numbers) -
        Math.max(...numbers);
    return periods * MONTHS_OF[granularity];
}

/** The first Solar Hijri month, the number of months and the granularity of a period. */
function periodSpan(yearOption, option) {
    const yearStart = yearOption.setParam.year * MONTHS_PER_YEAR;
    if (!option) {
        return [yearStart, MONTHS_OF.year, "year"];
    }
    if (option.granularity === "quarter") {
        const start = yearStart + (option.setParam.quarter - 1) * MONTHS_OF.quarter;
        return [start, MONTHS_OF.quarter, "quarter"];
    }
    return [yearStart + option.setParam.month - 1, MONTHS_OF.month, "month"];
}

/** The domain of a Solar Hijri period on the filter's field, and its description. */
function jalaliRange(reference, searchItem, [index, length, granularity]) {
    const left = monthStart(reference, index);
    const right = monthStart(reference, index + length).minus({ milliseconds: 1 });
    const serialize = searchItem.fieldType === "date" ? serializeDate : serializeDateTime;
    const { fieldName } = searchItem;
    return {
        domain: new Domain([
            "&",
            [fieldName, ">=", serialize(left)],
            [fieldName, "<=", serialize(right)],
        ]),
        description: periodDescription(reference, index, granularity),
    };
}

/**
 * constructDateDomain for a Jalali user: each selected year with each selected quarter
 * or month (or alone) is a Solar Hijri period, moved by the comparison if any.
 */
export function jalaliDateDomain(reference, searchItem, selectedOptionIds, comparisonOptionId) {
    const selected = jalaliSelectedOptions(reference, searchItem, selectedOptionIds);
    if (!selected) {
        return constructDateDomain(reference, searchItem, selectedOptionIds, comparisonOptionId);
    }
    const shift = comparisonOptionId ? comparisonShift(selected, comparisonOptionId) : 0;
    const others = [...(selected.quarter || []), ...(selected.month || [])];
    sortPeriodOptions(selected.year);
    sortPeriodOptions(others);
    const ranges = [];
    for (const yearOption of selected.year) {
        for (const option of others.length ? others : [null]) {
            const [index, length, granularity] = periodSpan(yearOption, option);
            ranges.push(jalaliRange(reference, searchItem, [index + shift, length, granularity]));
        }
    }
    const domain = Domain.combine(ranges.map((range) => range.domain), "OR");
    return {
        domain: Domain.and([domain, searchItem.domain]),
        description: ranges.map((range) => range.description).join("/"),
    };
}

patch(SearchModel.prototype, {
    /** A Jalali user's date filter offers Solar Hijri months and years. */
    _enrichItem(searchItem) {
        const item = super._enrichItem(searchItem);
        if (item?.options && searchItem.type === "dateFilter" && isJalaliUser()) {
            const options = jalaliPeriodOptions(this.referenceMoment, searchItem.optionsParams);
            const descriptions = Object.fromEntries(options.map((o) => [o.id, o.description]));
            item.options = item.options.map((o) => ({ ...o, description: descriptions[o.id] }));
        }
        return item;
    },

    _getDateFilterDomain(dateFilter, generatorIds, key = "domain") {
        if (!isJalaliUser()) {
            return super._getDateFilterDomain(dateFilter, generatorIds, key);
        }
        return jalaliDateDomain(this.referenceMoment, dateFilter, generatorIds)[key];
    },

    /**
     * Odoo adds a year to a month or quarter selected alone: the Gregorian year of the
     * month; for a Jalali user, its Solar Hijri year (Esfand before Farvardin 1405 is in 1404).
     */
    toggleDateFilter(searchItemId, generatorId) {
        const searchItem = this.searchItems[searchItemId];
        if (!isJalaliUser() || searchItem?.type !== "dateFilter") {
            return super.toggleDateFilter(searchItemId, generatorId);
        }
        const before = new Set(this.query);
        const blocked = this.blockNotification;
        this.blockNotification = true;
        super.toggleDateFilter(searchItemId, generatorId);
        this.blockNotification = blocked;
        const requested = generatorId ? [generatorId] : searchItem.defaultGeneratorIds;
        this._useJalaliDefaultYear(searchItem, requested, before);
        this._notify();
    },

    /** The year Odoo added (a query element new since `before`) made the Solar Hijri one. */
    _useJalaliDefaultYear(searchItem, requested, before) {
        const added = this.query.filter(
            (queryElem) =>
                !before.has(queryElem) &&
                queryElem.searchItemId === searchItem.id &&
                queryElem.generatorId?.startsWith("year") &&
                !requested.includes(queryElem.generatorId)
        );
        const period = requested.find((id) => !id.startsWith("year") && !id.startsWith("custom"));
        if (!added.length || !period) {
            return;
        }
        const { defaultYearId } = jalaliPeriodOptions(
            this.referenceMoment,
            searchItem.optionsParams
        ).find((option) => option.id === period);
        this.query = this.query.map((queryElem) =>
            added.includes(queryElem) ? { ...queryElem, generatorId: defaultYearId } : queryElem
        );
    },
});

if (ODOO_MAJOR < 19) {
    // 18.0's graphs and pivots compare a period with the previous one or the previous
    // year (Odoo's "Comparison" menu); 19.0 dropped the comparisons from its search model
    patch(SearchModel.prototype, {
        /** The range and the compared range of an active comparison, Solar Hijri ones. */
        getFullComparison() {
            const comparison = super.getFullComparison();
            const saved = Object.values(this.searchItems).some((i) => i.comparison === comparison);
            if (!comparison || !isJalaliUser() || saved) {
                // none, a Gregorian user's, or a favorite's (saved with its ranges)
                return comparison;
            }
            const { dateFilterId, comparisonOptionId } = this._getActiveComparison();
            const dateFilter = this.searchItems[dateFilterId];
            const generatorIds = this._getSelectedGeneratorIds(dateFilterId);
            const range = jalaliDateDomain(this.referenceMoment, dateFilter, generatorIds);
            const compared = jalaliDateDomain(
                this.referenceMoment,
                dateFilter,
                generatorIds,
                comparisonOptionId
            );
            return {
                ...comparison,
                range: range.domain.toList(),
                rangeDescription: range.description,
                comparisonRange: compared.domain.toList(),
                comparisonRangeDescription: compared.description,
            };
        },
    });
}

/** A value as the server writes it, by field type ("2026-03-21", "2026-03-20 20:30:00"). */
const SERVER_VALUES = {
    date: { format: "yyyy-MM-dd", pattern: /^(\d{4})-\d{2}-\d{2}$/ },
    datetime: {
        format: "yyyy-MM-dd HH:mm:ss",
        pattern: /^(\d{4})-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/,
    },
};

/**
 * The domain editor tells whether a condition's value is a date by parsing the value it
 * holds, the server's Gregorian one, with the "date" or "datetime" parser: for a Jalali
 * user that parser would refuse it as a Gregorian date typed by mistake, and the
 * condition would read "Not a valid date". Such a value (in the server's format, with a
 * Gregorian-looking year) is read in the server's format; anything else as the user types.
 * The search bar shares these parsers: "2026-03-21" typed there reads as that Gregorian day.
 */
function readServerValues(type) {
    const parsers = registry.category("parsers");
    const parse = parsers.get(type);
    const { format, pattern } = SERVER_VALUES[type];
    const serverValue = (value, options) => {
        const year = !options.format && typeof value === "string" && value.match(pattern)?.[1];
        return Boolean(year) && Number(year) >= GREGORIAN_LOOKING_YEAR;
    };
    const parseAsUser = (value, options = {}) =>
        isJalaliUser() && serverValue(value, options)
            ? parse(value, { ...options, format })
            : parse(value, options);
    parsers.add(type, parseAsUser, { force: true });
}

readServerValues("date");
readServerValues("datetime");
