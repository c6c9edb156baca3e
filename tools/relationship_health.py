# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The health of a relationship, as plain functions over plain values.

"Find metrics that measure the health of the relationship, not only the amount
of sales": the score of a customer, from 0 to 100, weighs seven parts, each from
0 to 100:

* RFM: recency, frequency and monetary value, each scored 1 to 5 by quintiles
  over the company's customers (the quintiles are computed in SQL);
* sentiment: the mood of the recent touch-points (positive 100, neutral 50,
  negative 0; 50 when nobody talked to them lately); survey answers are counted by
  the satisfaction part, not again here;
* contact: the days since the last touch-point against the usual interval
  between touch-points (nobody ever talked to them: 0);
* payment: overdue customer invoices, worse with their age (60 days: 0);
* rhythm: the days since the last purchase against the partner's usual interval
  between purchases (a single purchase: 50, no rhythm known yet), and the value of
  the last three orders against the orders before them (the lower of the two);
* satisfaction: the latest survey score, 0 to 10, times ten;
* responsiveness: the median response time to the customer's requests and
  complaints against the company's deadline, less points for each one still open
  and more for each overdue one.

A part the data says nothing about (no survey answer, no request) is left out:
the other parts share its weight, so that a customer who never answered a survey
is neither punished nor rewarded for it.

Nothing here touches the database: ``customer.lifecycle.health`` reads the
inputs of every customer in bulk, calls :func:`health_score` and
:func:`warning_signs`, and writes what they return.
"""

from dataclasses import dataclass, fields

DEFAULT_CONTACT_INTERVAL = 90  # days, when fewer than two touch-points give a rhythm
OVERDUE_DAYS_TO_ZERO = 60
OPEN_REQUEST_POINTS = 10  # a customer waiting for an answer, within the deadline
OVERDUE_REQUEST_POINTS = 50  # a customer waiting past the deadline
FALLING_SCORE_POINTS = 15

SIGN_PURCHASE_GAP = "purchase_gap"
SIGN_NEGATIVE_TOUCHPOINT = "negative_touchpoint"
SIGN_OVERDUE = "overdue"
SIGN_FALLING_SCORE = "falling_score"
SIGN_FALLING_ORDER_VALUE = "falling_order_value"
RECENT_ORDERS = 3  # the orders whose value is compared with the ones before
FALLING_VALUE_RATIO = 0.7  # recent orders worth less than 70 % of the usual ones: a sign


@dataclass(frozen=True)
class HealthWeights:
    """How much each part counts; the weights sum to 100 (a company setting)."""

    rfm: int = 30
    sentiment: int = 15
    contact: int = 10
    payment: int = 15
    rhythm: int = 10
    satisfaction: int = 10
    responsiveness: int = 10

    def as_dict(self):
        return {field.name: getattr(self, field.name) for field in fields(self)}

    def total(self):
        return sum(self.as_dict().values())


@dataclass(frozen=True)
class HealthInputs:
    """What the data says of one customer on the day of the computation."""

    recency: int  # 1..5
    frequency: int  # 1..5
    monetary: int  # 1..5
    sentiment: float | None = None  # average mood of the recent touch-points, 0..100
    negative_touchpoints: int = 0  # recent negative touch-points
    contact_gap: int | None = None  # days since the last touch-point; None: never
    contact_interval: float | None = None  # usual days between touch-points
    overdue_days: int = 0  # age of the oldest overdue customer invoice; 0: none
    purchase_gap: int = 0  # days since the last purchase
    purchase_interval: float | None = None  # usual days between purchases; None: one purchase
    recent_order_value: float | None = None  # average value of the last three orders
    usual_order_value: float | None = None  # average value of the orders before them; None: none
    satisfaction_score: int | None = None  # latest survey score, 0..10; None: never answered
    open_requests: int = 0  # requests and complaints still open, overdue ones included
    overdue_requests: int = 0  # open past their deadline
    response_hours: float | None = None  # median response time of recent requests; None: none answered
    request_deadline_hours: float = 24  # the company's deadline for an answer


def rfm_part(recency, frequency, monetary):
    """Three quintile scores of 1 to 5 make 0 (all lowest) to 100 (all highest)."""
    return (recency + frequency + monetary - 3) / 12 * 100


def sentiment_part(sentiment):
    """The mood of the recent touch-points; neutral when there were none."""
    return 50.0 if sentiment is None else float(sentiment)


def within_usual_interval(gap, usual):
    """100 while the gap is within the usual interval, 0 from twice it, linear between."""
    if gap <= usual:
        return 100.0
    if gap >= 2 * usual:
        return 0.0
    return (2 * usual - gap) / usual * 100


def contact_part(contact_gap, contact_interval):
    """Talked to them as often as usual? Never talked to them: 0."""
    if contact_gap is None:
        return 0.0
    return within_usual_interval(contact_gap, contact_interval or DEFAULT_CONTACT_INTERVAL)


def payment_part(overdue_days):
    """No overdue invoice: 100; the oldest overdue invoice lowers it to 0 at 60 days."""
    return max(0.0, 100 - overdue_days * 100 / OVERDUE_DAYS_TO_ZERO)


def order_value_part(recent_order_value, usual_order_value):
    """Recent orders worth as much as usual: 100; half of it or less: 0; linear between."""
    if not usual_order_value or recent_order_value is None:
        return None
    ratio = recent_order_value / usual_order_value
    return max(0.0, min(100.0, (ratio - 0.5) / 0.5 * 100))


def rhythm_part(purchase_gap, purchase_interval, recent_order_value=None, usual_order_value=None):
    """Buying as often as usual, and as much? One purchase only: no rhythm yet, 50."""
    if not purchase_interval:
        return 50.0
    parts = [within_usual_interval(purchase_gap, purchase_interval)]
    value = order_value_part(recent_order_value, usual_order_value)
    if value is not None:
        parts.append(value)
    return min(parts)


def satisfaction_part(satisfaction_score):
    """The latest survey score from 0 to 10 as 0 to 100; never answered: None (left out)."""
    return None if satisfaction_score is None else satisfaction_score * 10.0


def responsiveness_part(open_requests, overdue_requests, response_hours, deadline_hours):
    """Answered within the deadline: 100, down to 0 at twice the deadline (the median
    response time); less 10 points for each request still open in time and 50 for each
    overdue one. No request, open or answered: None (left out)."""
    if not open_requests and response_hours is None:
        return None
    part = 100.0 if response_hours is None else within_usual_interval(response_hours, deadline_hours)
    in_time = open_requests - overdue_requests
    return max(0.0, part - in_time * OPEN_REQUEST_POINTS - overdue_requests * OVERDUE_REQUEST_POINTS)


def rebalanced_weights(weights, room):
    """The weights of ``weights`` (a {part: weight} dict) scaled down to sum to
    ``100 - room`` in the same proportions, rounded to whole points by the largest
    remainders; leaves ``room`` points for new parts."""
    total = sum(weights.values())
    target = 100 - room
    if not total:
        return dict(weights)
    exact = {name: weight * target / total for name, weight in weights.items()}
    scaled = {name: int(value) for name, value in exact.items()}
    by_remainder = sorted(exact, key=lambda name: (exact[name] - scaled[name], weights[name]), reverse=True)
    for name in by_remainder[: target - sum(scaled.values())]:
        scaled[name] += 1
    return scaled


def health_parts(inputs):
    """{part: 0..100, or None when the data says nothing of it} for one customer."""
    return {
        "rfm": rfm_part(inputs.recency, inputs.frequency, inputs.monetary),
        "sentiment": sentiment_part(inputs.sentiment),
        "contact": contact_part(inputs.contact_gap, inputs.contact_interval),
        "payment": payment_part(inputs.overdue_days),
        "rhythm": rhythm_part(
            inputs.purchase_gap, inputs.purchase_interval, inputs.recent_order_value, inputs.usual_order_value
        ),
        "satisfaction": satisfaction_part(inputs.satisfaction_score),
        "responsiveness": responsiveness_part(
            inputs.open_requests, inputs.overdue_requests, inputs.response_hours, inputs.request_deadline_hours
        ),
    }


def health_score(inputs, weights=HealthWeights()):
    """The score from 0 to 100: the parts weighed by ``weights``; the parts left out
    (None) give their weight to the others."""
    parts = health_parts(inputs)
    known = {name: part for name, part in parts.items() if part is not None}
    weight = sum(getattr(weights, name) for name in known)
    total = sum(part * getattr(weights, name) for name, part in known.items()) / (weight or 100)
    return round(total), parts


def warning_signs(inputs, score, previous_score=None):
    """The warning signs of the article, as codes:

    * a purchase gap over twice the usual interval between purchases;
    * recent orders worth less than 70 % of the usual ones;
    * a recent negative touch-point;
    * overdue customer invoices;
    * a score that fell by 15 points or more since the last computation.
    """
    signs = []
    if inputs.purchase_interval and inputs.purchase_gap > 2 * inputs.purchase_interval:
        signs.append(SIGN_PURCHASE_GAP)
    if (
        inputs.usual_order_value
        and inputs.recent_order_value is not None
        and inputs.recent_order_value < FALLING_VALUE_RATIO * inputs.usual_order_value
    ):
        signs.append(SIGN_FALLING_ORDER_VALUE)
    if inputs.negative_touchpoints:
        signs.append(SIGN_NEGATIVE_TOUCHPOINT)
    if inputs.overdue_days > 0:
        signs.append(SIGN_OVERDUE)
    if previous_score is not None and previous_score - score >= FALLING_SCORE_POINTS:
        signs.append(SIGN_FALLING_SCORE)
    return signs
