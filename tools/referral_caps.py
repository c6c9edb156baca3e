# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Reward caps per advocate, as the referral services set them: at most a number of
referral rewards per calendar month and a total amount per calendar year. A reward beyond
a cap is not refused: it waits for a manager's decision, with the reason. Pure functions
on the rewards' days (in the company's time zone) and amounts; no database. The months and
years are the company's calendar's: Gregorian, or Jalali (Persian solar) for a company that
writes in Persian, whose months and year start on other days."""

from datetime import date
from typing import NamedTuple

import jdatetime


class Reward(NamedTuple):
    """A referral reward of an advocate: its day in the company's calendar and its amount."""

    day: date
    amount: float


class CapExcess(NamedTuple):
    """How a reward goes beyond the caps: the rewards of its month with it, when more than
    the monthly cap (else 0); the total of its year with it, when more than the yearly cap
    (else None)."""

    month_count: int
    year_total: float | None

    def __bool__(self):
        return bool(self.month_count) or self.year_total is not None


def month_of(day, jalali=False):
    """(year, month) of ``day`` in the Gregorian calendar, or in the Jalali one."""
    if jalali:
        day = jdatetime.date.fromgregorian(date=day)
    return day.year, day.month


def beyond_caps(reward, earlier, monthly_cap=None, yearly_cap=None, digits=2, jalali=False):
    """How ``reward`` goes beyond the caps of its advocate, given the advocate's ``earlier``
    rewards (neither cancelled nor ``reward`` itself): more rewards in its calendar month
    than ``monthly_cap`` (a number), or more in its calendar year than ``yearly_cap`` (an
    amount), this reward included. A cap of None is no cap. ``digits``: the currency's;
    ``jalali``: months and years of the Jalali calendar."""
    month = month_of(reward.day, jalali)
    month_count = 1 + sum(1 for other in earlier if month_of(other.day, jalali) == month)
    same_year = [other.amount for other in earlier if month_of(other.day, jalali)[0] == month[0]]
    year_total = round(reward.amount + sum(same_year), digits)
    return CapExcess(
        month_count if monthly_cap is not None and month_count > monthly_cap else 0,
        year_total if yearly_cap is not None and year_total > round(yearly_cap, digits) else None,
    )
