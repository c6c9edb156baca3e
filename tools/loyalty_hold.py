# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Loyalty as the article defines it (article 003): a customer becomes loyal "because
they were satisfied with the purchase or the relationship with the seller was positive".

Besides the purchases and the time as a customer, a customer becomes loyal only on a day
they are not dissatisfied:

* no complaint is open on that day (recorded on or before it, resolved after it or not yet);
* no detractor's answer (a satisfaction score of 0 to 6) since their last purchase: a new
  purchase after the answer is a new chance.

The rule looks forward: a loyalty already reached stays (a complaint recorded later with an
earlier date does not rewrite it), and a loyal customer who complains is warned about, not
moved back. Plain values, no database.
"""

from bisect import bisect_right
from typing import NamedTuple

#: the highest score of a detractor (0 to 6 on the 0 to 10 scale)
DETRACTOR_MAX_SCORE = 6

HOLD_COMPLAINT = "complaint"
HOLD_DETRACTOR = "detractor"


class Satisfaction(NamedTuple):
    """What the rules read of a customer's satisfaction in one company."""

    #: (day recorded, day resolved or None) of each complaint, sorted by day
    complaints: tuple = ()
    #: the sorted days of the customer's detractor answers
    detractor_days: tuple = ()

    def __bool__(self):
        # nothing that could hold the customer: most customers, whose walk skips the rule
        return bool(self.complaints or self.detractor_days)


NO_SATISFACTION = Satisfaction()


class Hold(NamedTuple):
    """Why a customer is dissatisfied on a day: ``reason`` (``HOLD_*``) and the day of the
    complaint or answer."""

    reason: str
    day: object


def is_detractor(score):
    """A score of 0 to 6 is a detractor's."""
    return score is not None and score <= DETRACTOR_MAX_SCORE


def holds_on(day, purchase_days, satisfaction):
    """The reasons a customer is dissatisfied on ``day`` (open complaints first, then
    detractor answers since the last purchase on or before ``day``), oldest first."""
    holds = [
        Hold(HOLD_COMPLAINT, recorded)
        for recorded, resolved in satisfaction.complaints
        if recorded <= day and (resolved is None or resolved > day)
    ]
    index = bisect_right(purchase_days, day)
    last_purchase = purchase_days[index - 1] if index else None
    holds.extend(
        Hold(HOLD_DETRACTOR, answered)
        for answered in satisfaction.detractor_days
        if answered <= day and (last_purchase is None or answered >= last_purchase)
    )
    return holds


def hold_ends_on(hold, day, purchase_days, satisfaction):
    """The day ``hold`` (a reason of :func:`holds_on` on ``day``) ends, or None when only
    something new can end it: a complaint's resolution, a purchase after the answer."""
    if hold.reason == HOLD_COMPLAINT:
        return min(
            (resolved for recorded, resolved in satisfaction.complaints if recorded == hold.day and resolved),
            default=None,
        )
    index = bisect_right(purchase_days, day)
    return purchase_days[index] if index < len(purchase_days) else None


def first_satisfied_day(day, until, purchase_days, satisfaction):
    """The first day from ``day``, before ``until``, on which the customer is not
    dissatisfied, or None."""
    while day < until:
        holds = holds_on(day, purchase_days, satisfaction)
        if not holds:
            return day
        ends = [hold_ends_on(hold, day, purchase_days, satisfaction) for hold in holds]
        if None in ends:
            return None
        day = max(ends)
    return None


def satisfied_loyal_on(candidate, until, purchase_days, satisfaction, reached=None):
    """The day a customer becomes loyal: ``candidate`` (the later of the repeat purchase
    and the customer stage's maturity), or the first day after it on which they are not
    dissatisfied, before ``until``; None while they are held.

    ``reached``: the loyalty date already stored. When it lies in this climb it stays:
    something recorded later never makes a loyalty already reached later or undone.
    """
    if candidate is None:
        return None
    day = first_satisfied_day(candidate, until, purchase_days, satisfaction) if satisfaction else candidate
    if reached is not None and candidate <= reached < until and (day is None or day > reached):
        return reached
    return day


def held_today(state_stage, candidate, today, purchase_days, satisfaction):
    """The :class:`Hold` that keeps a customer at ``state_stage`` ("customer") from loyalty
    on ``today`` while the purchases and the time would promote them (``candidate`` on or
    before ``today``), or None."""
    if state_stage != "customer" or candidate is None or candidate > today or not satisfaction:
        return None
    holds = holds_on(today, purchase_days, satisfaction)
    return holds[0] if holds else None
