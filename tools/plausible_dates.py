# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Dates a person can mistype: the one check of whether a typed date is plausible.

The addon's dates are Gregorian. A Persian user's most likely slip is the Solar Hijri
date typed into a Gregorian field (1405-01-01 for 2026-03-21): a year between 1300 and
1500 is that slip, and the refusal says so. Nothing before 1900 happened in a company's
customer chain; plans and goals look at most ten years ahead.
"""

from datetime import date

# The first day a date of the lifecycle may fall on.
EARLIEST = date(1900, 1, 1)
# How far ahead a plan's or a goal's period may reach.
YEARS_AHEAD = 10
# The years a Solar Hijri date of our times falls in.
SOLAR_HIJRI_YEARS = range(1300, 1501)

SOLAR_HIJRI = "solar_hijri"
TOO_EARLY = "too_early"
TOO_LATE = "too_late"


def years_ahead(today, years=YEARS_AHEAD):
    """The last plausible day of a period: ``years`` years after ``today`` (28 February for
    a 29 February that year has not)."""
    try:
        return today.replace(year=today.year + years)
    except ValueError:
        return today.replace(year=today.year + years, day=28)


def refusal(day, earliest=EARLIEST, latest=None):
    """Why ``day`` is not a plausible date between ``earliest`` and ``latest`` (both
    included; no upper bound when ``latest`` is None): ``SOLAR_HIJRI`` for a day before
    ``earliest`` whose year is a Solar Hijri year of our times, ``TOO_EARLY`` for another
    day before it, ``TOO_LATE`` for a day after ``latest``; None for a plausible day (and
    for no day)."""
    if not day:
        return None
    if day < earliest:
        return SOLAR_HIJRI if day.year in SOLAR_HIJRI_YEARS else TOO_EARLY
    if latest is not None and day > latest:
        return TOO_LATE
    return None
