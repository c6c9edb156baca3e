# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Dates of the Jalali (Persian solar) calendar, for users whose language is Persian.

The conversion is jdatetime's (PyPI), never a hand-written calendar; this module only
chooses the format and writes the digits the Persian way.
"""

import datetime

import jdatetime

PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def is_persian(lang):
    """True for Persian (fa, fa_IR…): such users read Jalali dates, right to left."""
    return bool(lang) and lang.split("_")[0] == "fa"


def persian_digits(text):
    """The same text with Persian digits."""
    return str(text).translate(PERSIAN_DIGITS)


def jalali_date(day, fmt="%d %B %Y"):
    """A date (or datetime) as a Jalali date in Persian: "۰۱ فروردین ۱۴۰۵". Empty for None."""
    if not day:
        return ""
    if hasattr(day, "date"):
        day = day.date()
    return persian_digits(jdatetime.date.fromgregorian(date=day, locale="fa_IR").strftime(fmt))


def jalali_day(day):
    """A date (or datetime) as a Jalali date with Latin digits, as Odoo writes its digits
    for Persian: "1405/01/01"."""
    if hasattr(day, "date"):
        day = day.date()
    return jdatetime.date.fromgregorian(date=day).strftime("%Y/%m/%d")


def jalali_range(first, last):
    """The days from ``first`` to ``last`` (both included) as a Jalali range:
    "1404/12/29–1405/01/04"; one day alone when they are the same day."""
    if first == last:
        return jalali_day(first)
    return f"{jalali_day(first)}–{jalali_day(last)}"


def group_label(start, end, granularity, label):
    """The label of a group of Odoo's read_group by date, for a user of the Jalali calendar.

    ``start`` is the group's first day (or hour), ``end`` the start of the next group and
    ``label`` the Gregorian label Odoo wrote. A day (or an hour) is the same day in both
    calendars: it is written in Jalali alone. A week, a month, a quarter or a year of Odoo's
    generic grouping is a Gregorian period: naming it after a Jalali month or year would
    put the wrong name on most of its days, so the Gregorian label stays and the Jalali
    days it covers follow it: "W12 2026 (1404/12/29–1405/01/04)".
    """
    if granularity == "hour":
        return f"{start:%H}:00 {jalali_day(start)}"
    if granularity == "day":
        return jalali_day(start)
    last = end - datetime.timedelta(days=1)
    if hasattr(start, "date"):
        start, last = start.date(), last.date()
    return f"{label} ({jalali_range(start, last)})"
