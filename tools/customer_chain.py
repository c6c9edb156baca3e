# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The customer chain of the article, as plain functions over plain values.

    prospect -> customer -> loyal -> advocate   (and lapsed, lost)

Nothing here touches the database: the engine (``customer.lifecycle.engine``)
reads the purchase days and referral conversion days of each partner in bulk,
calls :func:`walk_the_chain` and writes what it returns.  A test can therefore
read these functions like the article's sentences.

* A prospect becomes a customer with its first qualifying purchase.
* A customer becomes loyal after repeating purchases (``loyal_min_purchases``)
  *and* after the customer stage has matured (``loyal_maturity_days``): "do not
  rush the move, let each stage mature before the next one's operations start".
* A loyal customer becomes an advocate after the loyal stage has matured
  (``advocate_maturity_days``) *and* once they brought customers of their own
  will (``advocate_min_referrals`` converted referrals).  A referral made early
  is kept and counts once the maturity is reached.
* Whoever stops buying for ``lapse_days`` lapses; an advocate never falls back
  to loyal.  A new purchase after a lapse starts the climb again as customer.
* ``lost`` (a detractor) is only ever set by a person, never by these rules.

A manager's pin obeys the same chain (:func:`pin_refusal`).
"""

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from .loyalty_hold import NO_SATISFACTION, satisfied_loyal_on

PROSPECT = "prospect"
CUSTOMER = "customer"
LOYAL = "loyal"
ADVOCATE = "advocate"
LAPSED = "lapsed"
LOST = "lost"

STAGE_CODES = (PROSPECT, CUSTOMER, LOYAL, ADVOCATE, LAPSED, LOST)
ACTIVE_CODES = (CUSTOMER, LOYAL, ADVOCATE)
# the chain, in the order of the stages' sequence; the exits are reached from any stage
CHAIN = (PROSPECT, CUSTOMER, LOYAL, ADVOCATE)
EXITS = (LAPSED, LOST)

# Why a pin is refused (see pin_refusal); the wizard turns these into sentences.
PIN_ADVOCATE_ONLY_EXITS = "advocate_only_exits"
PIN_TOO_FAR_UP = "too_far_up"
PIN_ADVOCATE_WITHOUT_REFERRALS = "advocate_without_referrals"

# Why a transition happened; the engine turns these into history reasons.
RULE_FIRST_PURCHASE = "first_purchase"
RULE_LOYAL = "loyal"
RULE_ADVOCATE = "advocate"
RULE_LAPSED = "lapsed"
RULE_RETURNED = "returned"
RULE_RECOMPUTED = "recomputed"
# a change of what counts as a purchase, or of the lapse period, in Settings
RULE_SETTINGS = "settings"


@dataclass(frozen=True)
class ChainRules:
    """The thresholds of the chain (stored on the stage records and in Settings)."""

    customer_min_purchases: int = 1
    loyal_min_purchases: int = 3
    loyal_maturity_days: int = 90
    advocate_maturity_days: int = 60
    advocate_min_referrals: int = 1
    lapse_days: int = 365


class Transition(NamedTuple):
    date: date
    from_code: str
    to_code: str
    rule: str


@dataclass
class ChainState:
    """Where a partner stands today, and the story that led there."""

    stage: str = PROSPECT
    stage_date: date | None = None
    customer_date: date | None = None
    loyal_date: date | None = None
    advocate_date: date | None = None
    lapsed_date: date | None = None
    transitions: list = field(default_factory=list)


def nth(days, n):
    """The n-th (1-based) of sorted days, or None when there are fewer."""
    return days[n - 1] if n >= 1 and len(days) >= n else None


def split_into_episodes(purchase_days, lapse_days):
    """Cut the sorted purchase days where the gap reaches the lapse period.

    Each episode is an uninterrupted relationship: a partner who does not buy for
    ``lapse_days`` lapses, and their next purchase starts a new episode.
    """
    episodes = []
    for day in purchase_days:
        if episodes and (day - episodes[-1][-1]).days < lapse_days:
            episodes[-1].append(day)
        else:
            episodes.append([day])
    return episodes


def days_until(sorted_days, today):
    """The days of ``sorted_days`` (sorted) up to ``today``: nothing after it counts."""
    if sorted_days and sorted_days[-1] > today:
        return sorted_days[: bisect_right(sorted_days, today)]
    return sorted_days


def lapses_on(last_purchase_day, rules):
    """A customer lapses ``lapse_days`` after their last purchase."""
    return last_purchase_day + timedelta(days=rules.lapse_days)


def becomes_customer_on(episode_days, rules):
    """A prospect becomes a customer on the day of its first qualifying purchase."""
    return nth(episode_days, rules.customer_min_purchases)


def becomes_loyal_on(episode_days, customer_date, rules):
    """Loyal on the later of the N-th purchase and the customer stage's maturity."""
    repeat_day = nth(episode_days, rules.loyal_min_purchases)
    if customer_date is None or repeat_day is None:
        return None
    return max(repeat_day, customer_date + timedelta(days=rules.loyal_maturity_days))


def becomes_advocate_on(loyal_date, conversion_days, rules):
    """Advocate on the later of the loyal stage's maturity and the N-th converted referral."""
    referral_day = nth(conversion_days, rules.advocate_min_referrals)
    if loyal_date is None or referral_day is None:
        return None
    return max(referral_day, loyal_date + timedelta(days=rules.advocate_maturity_days))


def walk_the_chain(purchase_days, conversion_days, today, rules=ChainRules()):
    """Replay a partner's purchases and converted referrals up to ``today``.

    :param purchase_days: distinct days of qualifying purchases (several
        purchases on one day count once), in any order
    :param conversion_days: days on which partners referred by this one became
        customers, in any order
    :param today: the date the stage is computed for; nothing after it counts
    :return: a :class:`ChainState` with the current stage, the "became X on"
        dates of the current climb and every transition in date order
    """
    return walk_sorted_days(
        days_until(sorted(set(purchase_days)), today), days_until(sorted(conversion_days), today), today, rules
    )


def walk_sorted_days(
    purchase_days, conversion_days, today, rules=ChainRules(), satisfaction=NO_SATISFACTION, loyal_reached=None
):
    """:func:`walk_the_chain` for days already sorted (purchase days distinct), none
    after ``today``: as the engine reads them from the database (see :func:`days_until`).

    ``satisfaction``: the customer's complaints and detractor answers, which hold the
    loyalty (:mod:`.loyalty_hold`); ``loyal_reached``: the loyalty date stored, which stays."""
    state = ChainState()
    for episode in split_into_episodes(purchase_days, rules.lapse_days):
        customer_date = becomes_customer_on(episode, rules)
        if customer_date is None:
            continue
        lapse_date = lapses_on(episode[-1], rules)
        # a stage is reached only while the episode lasts, and never after today
        ends = min(lapse_date, today + timedelta(days=1))
        loyal_date = becomes_loyal_on(episode, customer_date, rules)
        loyal_date = satisfied_loyal_on(loyal_date, ends, episode, satisfaction, loyal_reached)
        if loyal_date is not None and loyal_date >= ends:
            loyal_date = None
        advocate_date = becomes_advocate_on(loyal_date, conversion_days, rules)
        if advocate_date is not None and advocate_date >= ends:
            advocate_date = None

        came_back = state.stage == LAPSED
        _move(state, customer_date, CUSTOMER, RULE_RETURNED if came_back else RULE_FIRST_PURCHASE)
        state.customer_date, state.lapsed_date = customer_date, None
        state.loyal_date = state.advocate_date = None
        if loyal_date:
            _move(state, loyal_date, LOYAL, RULE_LOYAL)
            state.loyal_date = loyal_date
        if advocate_date:
            _move(state, advocate_date, ADVOCATE, RULE_ADVOCATE)
            state.advocate_date = advocate_date
        if lapse_date <= today:
            _move(state, lapse_date, LAPSED, RULE_LAPSED)
            state.lapsed_date = lapse_date
    return state


def _move(state, day, to_code, rule):
    state.transitions.append(Transition(day, state.stage, to_code, rule))
    state.stage, state.stage_date = to_code, day


def next_move_on(state, purchase_days, conversion_days, today, rules=ChainRules()):
    """The first day after ``today`` on which the chain could move a partner in
    ``state`` with no new purchase and no new referral, or None if only new data can.

    * a customer becomes loyal no sooner than the customer stage has matured;
    * a loyal customer becomes an advocate no sooner than the loyal stage has matured;
    * whoever is active lapses ``lapse_days`` after their last purchase;
    * a purchase or a converted referral dated after today counts on its day.

    Each day is the earliest the move can happen: the daily job looks at the partner
    again on that day, and if the move is not due yet (a third purchase is still
    missing), the next day is computed then.

    :param purchase_days: sorted distinct purchase days, including any after today
    :param conversion_days: sorted conversion days, including any after today
    """
    candidates = [first_after(purchase_days, today), first_after(conversion_days, today)]
    if state.stage in ACTIVE_CODES:
        candidates.append(lapses_on(days_until(purchase_days, today)[-1], rules))
    if state.stage == CUSTOMER:
        candidates.append(state.customer_date + timedelta(days=rules.loyal_maturity_days))
    elif state.stage == LOYAL:
        candidates.append(state.loyal_date + timedelta(days=rules.advocate_maturity_days))
    return min((day for day in candidates if day and day > today), default=None)


def first_after(sorted_days, today):
    """The first of ``sorted_days`` (sorted) after ``today``, or None."""
    index = bisect_right(sorted_days, today)
    return sorted_days[index] if index < len(sorted_days) else None


def transitions_to_record(stored_stage, stored_stage_date, state, today, recorded=frozenset(), settings_changed=False):
    """The history lines to write when the stored stage is replaced by ``state``.

    The history is the story, never a copy of it:

    * a change of Settings moved the partner: one line, dated today (:func:`moved_today`);
    * the stored stage stands before the story (nothing stored yet, the install back-fill,
      a prospect) or is a step of it: the moves of the story after it (:func:`story_after`),
      unless the history holds some of them already (``recorded``, see
      :func:`is_recorded`): the partner comes back to a story already told;
    * the same stage, its dates moved with the data: nothing;
    * otherwise the story changed under the stored stage (an order cancelled, a pin
      removed), or the partner came back to a story already recorded: one line from the
      stored stage to the computed one, dated today.
    """
    if settings_changed:
        return moved_today(stored_stage or PROSPECT, state, today, RULE_SETTINGS)
    story = story_after(stored_stage, stored_stage_date, state)
    if story is not None and not recorded:  # the install: no history yet
        return story
    if story is not None:
        untold = [move for move in story if not is_recorded(move, recorded)]
        if stored_stage is None or len(untold) == len(story):
            return untold
    return moved_today(stored_stage, state, today, RULE_RECOMPUTED)


def story_after(stored_stage, stored_stage_date, state):
    """The moves of the story after the stored stage: all of them when nothing is
    stored or the partner is a prospect, those after the step it stands on, or None
    when the stored stage is no step of the story."""
    if stored_stage in (None, PROSPECT):
        return list(state.transitions)
    for index, transition in enumerate(state.transitions):
        if transition.to_code == stored_stage and transition.date == stored_stage_date:
            return state.transitions[index + 1 :]
    return None


def is_recorded(move, recorded):
    """A move is in the history when a line reaches its stage on its day: ``recorded``
    holds the (stage code, day) of the partner's history lines."""
    return (move.to_code, move.date) in recorded


def moved_today(stored_stage, state, today, rule):
    """One line from the stored stage to the computed one, dated today; none when the
    stage is the same."""
    if stored_stage == state.stage:
        return []
    return [Transition(today, stored_stage, state.stage, rule)]


def average_interval_days(purchase_days):
    """Average number of days between consecutive purchase days (0 with fewer than two)."""
    return mean_gap_days(sorted(set(purchase_days)))


def mean_gap_days(sorted_days):
    """Average number of days between consecutive days of ``sorted_days`` (sorted and
    distinct), 0 with fewer than two."""
    if len(sorted_days) < 2:
        return 0.0
    return (sorted_days[-1] - sorted_days[0]).days / (len(sorted_days) - 1)


def pin_refusal(current, computed, target, converted_referrals, rules=ChainRules(), chain=CHAIN):
    """Why a manager may not pin a partner at ``current`` to ``target``, or None.

    * an exit (lapsed, lost) can be pinned from any stage;
    * an advocate can be pinned only to an exit: "an advocate who is disrespected does
      not fall back to loyal: they leave";
    * down the chain (or to the stage the partner is at): any stage;
    * up the chain: at most one stage beyond ``computed``, the stage the rules put the
      partner at today ("do not rush the move"; a lapsed partner comes back as a
      customer), and to advocate only with ``advocate_min_referrals`` converted referrals.

    :param current: the stage the partner is at (pinned or not); None for a prospect
    :param computed: the stage the rules give the partner today, without a pin
    :param target: the stage of the pin
    :param converted_referrals: how many partners this one referred became customers
    :param chain: the stages of the chain in the order of their sequence (a stage
        that is no built-in one, by anything that tells it apart)
    :returns: None, or one of the ``PIN_*`` refusals
    """
    if target in EXITS:
        return None
    if current == ADVOCATE:
        return PIN_ADVOCATE_ONLY_EXITS
    rank = chain.index(target)
    if current in chain and rank <= chain.index(current):
        return None
    # an exit is the start of the chain again; what the rules compute is never lost
    reached = chain.index(computed) if computed in chain else 0
    if rank > reached + 1:
        return PIN_TOO_FAR_UP
    if target == ADVOCATE and converted_referrals < rules.advocate_min_referrals:
        return PIN_ADVOCATE_WITHOUT_REFERRALS
    return None
