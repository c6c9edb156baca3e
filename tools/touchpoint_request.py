# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Requests and complaints that never fall through (article 004: "no question may fall
through; answer fast"): pure rules, no database.

A touch-point is a contact, a request or a complaint. A request or a complaint is open until
someone resolves it; it has a deadline in plain hours from its date; its response time runs
to the first answer after it (an outbound contact or a reply), or to its resolution."""

from datetime import timedelta

CONTACT = "contact"
REQUEST = "request"
COMPLAINT = "complaint"
# The kinds that wait for an answer: they are open until resolved and have a deadline.
ANSWERED_KINDS = (REQUEST, COMPLAINT)

OPEN = "open"
RESOLVED = "resolved"


def waits_for_answer(kind):
    """A request or a complaint waits for an answer; a contact does not."""
    return kind in ANSWERED_KINDS


def request_state(kind, resolved_date):
    """Open until resolved for a request or a complaint; a contact has no state."""
    if not waits_for_answer(kind):
        return False
    return RESOLVED if resolved_date else OPEN


def request_deadline(kind, date, hours):
    """The deadline of a request or a complaint: its date plus ``hours`` plain hours
    (not working hours); a contact has none."""
    if not waits_for_answer(kind) or not date:
        return False
    return date + timedelta(hours=hours)


def is_overdue(kind, resolved_date, deadline, now):
    """Overdue: a request or a complaint still open when its deadline has passed."""
    return request_state(kind, resolved_date) == OPEN and bool(deadline) and deadline < now


def hours_between(start, end):
    """The hours from ``start`` to ``end``, rounded to the minute; False when one is missing."""
    if not start or not end:
        return False
    return round((end - start).total_seconds() / 3600.0, 2)


def first_answer(request_date, answer_dates):
    """The first answer at or after the request: the earliest of ``answer_dates`` not before
    ``request_date``, or None."""
    later = [answer for answer in answer_dates if answer >= request_date]
    return min(later) if later else None
