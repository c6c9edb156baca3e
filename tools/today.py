# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Today, as a day of a time zone's calendar: the one definition of "today" of the addon.

A company's today is the day in its time zone (its partner's), whoever looks: the purchase
days are days of that calendar, and a Tehran user and a UTC server must agree on whether
a customer lapses today."""

from datetime import datetime, time, timezone

import pytz


def today_in(tz, now=None):
    """The date at the moment ``now`` (an aware datetime, or a naive one in UTC; the current
    moment by default) in the time zone named ``tz``; in UTC when it is empty or unknown."""
    return day_in(tz, now or datetime.now(timezone.utc))


def day_in(tz, moment):
    """The day of the calendar of the time zone named ``tz`` on which ``moment`` (an aware
    datetime, or a naive one in UTC, as Odoo stores them) falls: the day of an order."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(_zone(tz)).date()


def day_start(day, tz):
    """The moment (a naive datetime in UTC, as Odoo stores them) at which ``day`` starts in
    the time zone named ``tz``: what a Datetime is compared with to fall on or after that day."""
    return _zone(tz).localize(datetime.combine(day, time.min)).astimezone(pytz.utc).replace(tzinfo=None)


def _zone(tz):
    """The time zone named ``tz``; UTC when it is empty or unknown."""
    try:
        return pytz.timezone(tz or "UTC")
    except pytz.UnknownTimeZoneError:
        return pytz.utc
