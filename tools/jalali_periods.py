# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The months, quarters and years of the Jalali calendar, for grouping in PostgreSQL.

PostgreSQL knows no Persian calendar: a table gives each day the Gregorian dates on
which its Jalali month, quarter and year start, filled once with jdatetime's conversion
(created at install and at the upgrade to 18.0.1.2.0, dropped at uninstall).
"""

import datetime

import jdatetime

from odoo.tools import SQL

from .jalali import is_persian

TABLE = "customer_lifecycle_jalali_day"
# the days the table knows; a day outside stays in its Gregorian period
FIRST_DAY = datetime.date(1970, 1, 1)
LAST_DAY = datetime.date(2100, 12, 31)
GRANULARITIES = ("month", "quarter", "year")


def _first_month(granularity, month):
    """The first month (1-12) of the Jalali period of ``granularity`` holding ``month``."""
    return {"month": month, "quarter": month - (month - 1) % 3, "year": 1}[granularity]


def next_period_start(start, granularity):
    """The Gregorian date on which the Jalali period after the one starting on ``start`` starts."""
    jstart = jdatetime.date.fromgregorian(date=start)
    months = {"month": 1, "quarter": 3, "year": 12}[granularity]
    year, month = divmod(jstart.month - 1 + months, 12)
    return jdatetime.date(jstart.year + year, month + 1, 1).togregorian()


def period_starts(first, last, granularity):
    """The Gregorian dates on which the Jalali periods from the one starting on ``first``
    to the one starting on ``last`` start."""
    starts = []
    start = first
    while start <= last:
        starts.append(start)
        start = next_period_start(start, granularity)
    return starts


def fill_periods(groups, start_of, empty_group, granularity):
    """``groups`` with an empty group for each Jalali period without records between the
    first and the last one, as Odoo fills Gregorian periods for the graphs; the groups
    without a date stay last, and a day the table does not know keeps its Gregorian period.

    ``start_of(group)`` is the date on which a group's period starts (False or None for
    none), ``empty_group(start)`` the empty group of the period starting on ``start``.
    """
    starts = sorted({start_of(group) for group in groups if start_of(group)})
    if not starts:
        return groups
    by_start = {}
    for group in groups:
        by_start.setdefault(start_of(group), []).append(group)
    filled = []
    for start in sorted(set(starts).union(period_starts(starts[0], starts[-1], granularity))):
        filled.extend(by_start.get(start) or [empty_group(start)])
    return filled + by_start.get(False, []) + by_start.get(None, [])


def create_day_table(cr):
    """Create and fill the table of the Jalali periods of each day, when it is not there."""
    cr.execute(
        SQL(
            """
            CREATE TABLE IF NOT EXISTS %s (
                day date PRIMARY KEY,
                month_start date NOT NULL,
                quarter_start date NOT NULL,
                year_start date NOT NULL
            )
            """,
            SQL.identifier(TABLE),
        )
    )
    cr.execute(SQL("SELECT 1 FROM %s LIMIT 1", SQL.identifier(TABLE)))
    if cr.fetchone():
        return
    days = [FIRST_DAY + datetime.timedelta(days=n) for n in range((LAST_DAY - FIRST_DAY).days + 1)]
    starts = {}  # (Jalali year, month): the Gregorian date of its first day
    columns = [days, [], [], []]
    for day in days:
        jday = jdatetime.date.fromgregorian(date=day)
        for column, granularity in zip(columns[1:], GRANULARITIES, strict=True):
            key = (jday.year, _first_month(granularity, jday.month))
            if key not in starts:
                starts[key] = jdatetime.date(*key, 1).togregorian()
            column.append(starts[key])
    cr.execute(
        SQL(
            "INSERT INTO %s SELECT * FROM unnest(%s::date[], %s::date[], %s::date[], %s::date[])",
            SQL.identifier(TABLE),
            *columns,
        )
    )


def drop_day_table(cr):
    # the views of the addon that read it (the uplift report's) go with it
    cr.execute(SQL("DROP TABLE IF EXISTS %s CASCADE", SQL.identifier(TABLE)))


def period_label(env, start, granularity):
    """The label of the Jalali period starting on ``start``: "فروردین 1405" (Farvardin
    1405 for a language other than Persian), "Q1 1405", "1405"; Latin digits, as Odoo
    writes its digits for Persian."""
    jstart = jdatetime.date.fromgregorian(date=start)
    if granularity == "year":
        return str(jstart.year)
    if granularity == "quarter":
        return env._("Q%(quarter)s %(year)s", quarter=(jstart.month - 1) // 3 + 1, year=jstart.year)
    names = jdatetime.date.j_months_fa if is_persian(env.lang) else jdatetime.date.j_months_en
    return f"{names[jstart.month - 1]} {jstart.year}"
