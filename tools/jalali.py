# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Dates of the Jalali (Persian solar) calendar, for users whose language is Persian.

The conversion is jdatetime's (PyPI), never a hand-written calendar; this module only
chooses the format and writes the digits the Persian way.
"""

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
