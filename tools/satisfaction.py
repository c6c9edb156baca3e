# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Satisfaction as the article measures it: a customer becomes loyal "because they were
satisfied with the purchase or the relationship with the seller was positive". A customer
answers "How likely are you to recommend us to a friend?" from 0 to 10 (the Net Promoter
Score's question); these functions read the answer, without the database.

* 9 or 10: a promoter, a positive contact.
* 7 or 8: a passive, a neutral contact.
* 0 to 6: a detractor, a negative contact, a warning that needs a person.
"""

SCORE_MIN = 0
SCORE_MAX = 10

PROMOTER = "promoter"
PASSIVE = "passive"
DETRACTOR = "detractor"
BANDS = (PROMOTER, PASSIVE, DETRACTOR)

# the highest score of a detractor and of a passive
DETRACTOR_MAX = 6
PASSIVE_MAX = 8

SENTIMENT_OF_BAND = {PROMOTER: "positive", PASSIVE: "neutral", DETRACTOR: "negative"}


def is_score(score):
    """Whether ``score`` is an answer of the 0–10 scale (an integer, 0 and 10 included)."""
    return isinstance(score, int) and not isinstance(score, bool) and SCORE_MIN <= score <= SCORE_MAX


def band_of(score):
    """The band of a 0–10 answer: ``detractor`` (0–6), ``passive`` (7–8) or ``promoter`` (9–10)."""
    if not is_score(score):
        raise ValueError(f"A satisfaction score is an integer from 0 to 10, not {score!r}")
    if score <= DETRACTOR_MAX:
        return DETRACTOR
    if score <= PASSIVE_MAX:
        return PASSIVE
    return PROMOTER


def sentiment_of(score):
    """The sentiment of the touch-point an answer becomes: negative, neutral or positive."""
    return SENTIMENT_OF_BAND[band_of(score)]


def is_zero_to_ten(scale_min, scale_max):
    """Whether a scale question asks for a 0–10 answer, the satisfaction survey's question."""
    return scale_min == SCORE_MIN and scale_max == SCORE_MAX
