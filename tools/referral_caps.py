# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Reward caps per advocate, as the referral services set them: at most a number of
referral rewards per calendar month and a total amount per calendar year. A reward beyond
a cap is not refused: it waits for a manager's decision, with the reason. Pure functions
on the rewards' days (in the company's calendar) and amounts; no database."""

from datetime import date
from typing import NamedTuple


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


def same_month(first, second):
    return (first.year, first.month) == (second.year, second.month)


def beyond_caps(reward, earlier, monthly_cap=None, yearly_cap=None, digits=2):
    """How ``reward`` goes beyond the caps of its advocate, given the advocate's ``earlier``
    rewards (neither cancelled nor ``reward`` itself): more rewards in its calendar month
    than ``monthly_cap`` (a number), or more in its calendar year than ``yearly_cap`` (an
    amount), this reward included. A cap of None is no cap. ``digits``: the currency's."""
    month_count = 1 + sum(1 for other in earlier if same_month(other.day, reward.day))
    year_total = round(reward.amount + sum(o.amount for o in earlier if o.day.year == reward.day.year), digits)
    return CapExcess(
        month_count if monthly_cap is not None and month_count > monthly_cap else 0,
        year_total if yearly_cap is not None and year_total > round(yearly_cap, digits) else None,
    )
