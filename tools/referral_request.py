# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Whom to ask for referrals, as plain functions over plain values.

The article: an advocate introduces the business to others "of their own will", and
"never offer direct marketing to a loyal customer: they are not your employee". So a
referral request goes to an advocate only, and only while the relationship is sound:

* their relationship health is at least the band the company chose (Settings);
* nobody recorded a negative touch-point with them in the last 90 days: respect that
  lapsed is restored first, it is not followed by a request;
* their latest satisfaction answer is not a detractor's (a score of 0 to 6);
* they were not asked already within the company's period (90 days by default);
* they have an e-mail address, since the request is an e-mail.

``res.partner`` reads these facts of a whole selection in a few grouped queries, calls
:func:`refusal` for each partner, and says the reasons in words.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

# From the weakest band to the strongest (customer.lifecycle.health.band).
BANDS = ("at_risk", "watch", "healthy")
NEGATIVE_TOUCHPOINT_DAYS = 90

# Why a partner is not asked, in the order the reasons are said.
REASONS = (
    NOT_ADVOCATE := "not_advocate",
    NO_EMAIL := "no_email",
    NO_HEALTH := "no_health",
    LOW_HEALTH := "low_health",
    NEGATIVE_TOUCHPOINT := "negative_touchpoint",
    DETRACTOR := "detractor",
    ASKED_RECENTLY := "asked_recently",
)


@dataclass(frozen=True)
class RequestFacts:
    """What decides whether one partner is asked for referrals."""

    is_advocate: bool
    has_email: bool
    #: their relationship health band, or None when it was never computed
    band: str | None
    #: their last negative touch-point, and their last referral request (UTC datetimes)
    last_negative: datetime | None = None
    last_request: datetime | None = None
    #: their latest satisfaction answer is a detractor's
    detractor: bool = False


def band_at_least(band, minimum):
    """Whether the health band ``band`` is ``minimum`` or better."""
    return BANDS.index(band) >= BANDS.index(minimum)


def refusal(facts, now, minimum_band, period_days):
    """Why this partner is not asked for referrals now (one of :data:`REASONS`), or
    None when they may be asked. ``minimum_band``: the weakest band still asked (the
    weakest of all asks everyone, even a partner whose health was never computed);
    ``period_days``: at most one request in that many days."""
    if not facts.is_advocate:
        return NOT_ADVOCATE
    if not facts.has_email:
        return NO_EMAIL
    if minimum_band != BANDS[0]:
        if not facts.band:
            return NO_HEALTH
        if not band_at_least(facts.band, minimum_band):
            return LOW_HEALTH
    if facts.last_negative and facts.last_negative > now - timedelta(days=NEGATIVE_TOUCHPOINT_DAYS):
        return NEGATIVE_TOUCHPOINT
    if facts.detractor:
        return DETRACTOR
    if facts.last_request and facts.last_request > now - timedelta(days=period_days):
        return ASKED_RECENTLY
    return None
