# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The walk of one partner along the chain, from what the engine read of them to
what it stores: plain values in, plain values out, no database.

The engine reads a batch of partners (:class:`WalkInputs` each: what the reader brought
of them, the moves their history holds included), calls :func:`walk_batch` and writes
the :class:`WalkedBatch` it returns as it is: the partners' values (only those that
differ from what is stored), the history lines to record (:class:`HistoryRow`) and the
stage changes (chatter notes). Nothing is decided after the walk.
"""

from collections import namedtuple
from datetime import date
from typing import NamedTuple

from . import customer_chain as chain
from .lifecycle_fields import ENGINE_COLUMN_NAMES
from .loyalty_hold import NO_SATISFACTION, Satisfaction, held_today

# What the engine stores of a partner for one company: the company-dependent
# ``lifecycle_<name>`` columns of ENGINE_COLUMNS, in their order (stage_id, stage_date,
# customer_date, …, next_move_date, inputs_key): one list, the columns' own.
PartnerValues = namedtuple("PartnerValues", [name.removeprefix("lifecycle_") for name in ENGINE_COLUMN_NAMES])


# What is stored of a partner the engine never wrote.
NOTHING_STORED = (None,) * len(PartnerValues._fields)


class WalkInputs(NamedTuple):
    """What the rules read of one partner in one company."""

    #: sorted distinct purchase days (including any after today)
    purchase_days: list
    #: the total amount of those purchases
    amount: float
    #: sorted days the partner's referrals converted
    conversion_days: list
    #: the stage a manager pinned, or None
    pin_stage_id: int | None
    #: the fingerprint of this data (see the engine's reader)
    inputs_key: str | None
    #: what is stored now, in the order of :class:`PartnerValues` (a plain tuple: it
    #: compares with the computed values in one step)
    stored: tuple = NOTHING_STORED
    #: the complaints and detractor answers that hold the loyalty (see :mod:`.loyalty_hold`)
    satisfaction: Satisfaction = NO_SATISFACTION
    #: the moves the history holds for the partner in the company: (stage id reached, day)
    recorded: frozenset = frozenset()


# The inputs of a partner of whom nothing was read (no purchase, nothing stored).
NO_INPUTS = WalkInputs([], 0.0, [], None, None)


class PartnerWalk(NamedTuple):
    """Where the walk put a partner."""

    #: the values to store
    values: PartnerValues
    #: where the rules put the partner, with the story that led there
    state: chain.ChainState
    #: the stage or its date differs from what is stored (history lines to write)
    moved: bool
    #: (stage id before, stage id after) when the stage itself changed, else None
    change: tuple | None


def walk_partner(inputs, today, rules, stage_ids):
    """Walk one partner along the chain on ``today``.

    :param inputs: :class:`WalkInputs`
    :param rules: :class:`~.customer_chain.ChainRules`
    :param stage_ids: {stage code: stage id}
    :returns: :class:`PartnerWalk`; a pinned partner keeps its stored stage
    """
    days, conversions, stored = inputs.purchase_days, inputs.conversion_days, inputs.stored
    state = chain.walk_sorted_days(
        chain.days_until(days, today),
        chain.days_until(conversions, today),
        today,
        rules,
        satisfaction=inputs.satisfaction,
        loyal_reached=stored[3],  # a loyalty already reached stays
    )
    stored_stage_id, stored_date = stored[0], stored[1]
    stage_id, stage_date = stage_ids[state.stage], state.stage_date
    moved, change = False, None
    if inputs.pin_stage_id:
        # a manager's pin holds until removed: the rules do not move the partner
        stage_id, stage_date = stored_stage_id, stored_date
    elif stored_stage_id != stage_id or stored_date != stage_date:
        moved = True
        previous_stage_id = stored_stage_id or stage_ids[chain.PROSPECT]
        if previous_stage_id != stage_id:
            change = (previous_stage_id, stage_id)
    values = PartnerValues(
        stage_id=stage_id,
        stage_date=stage_date,
        customer_date=state.customer_date,
        loyal_date=state.loyal_date,
        advocate_date=state.advocate_date,
        lapsed_date=state.lapsed_date,
        first_purchase_date=days[0] if days else None,
        last_purchase_date=days[-1] if days else None,
        purchase_count=len(days),
        purchase_amount=inputs.amount,
        purchase_interval=round(chain.mean_gap_days(days), 1),
        next_move_date=chain.next_move_on(state, days, conversions, today, rules),
        inputs_key=inputs.inputs_key,
    )
    return PartnerWalk(values, state, moved, change)


class HistoryRow(NamedTuple):
    """A history line the walk of a batch asks to record."""

    partner_id: int
    from_stage_id: int | None
    to_stage_id: int
    date: date
    #: the rule of :mod:`.customer_chain` that moved the partner (its reason in words)
    rule: str


class WalkedBatch(NamedTuple):
    """What the walk of a batch leaves to write: nothing to decide any more."""

    #: (partner id, *PartnerValues) of the partners whose values changed
    rows: list
    #: (partner id, stored stage id, stored stage date, ChainState) of the partners
    #: whose stage or its date moved
    moved: list
    #: (partner id, stage id before, stage id after) of the partners whose stage
    #: changed: their chatter notes
    changes: list
    #: the :class:`HistoryRow` to record, in the order of the partners and their moves
    history: list

    def moves(self):
        """{partner id: [(date, stage id before, stage id after)]} of :attr:`history`: the
        moves a chatter note lists when there are several."""
        moves = {}
        for row in self.history:
            moves.setdefault(row.partner_id, []).append((row.date, row.from_stage_id, row.to_stage_id))
        return moves


def walk_batch(partner_ids, batch, today, rules, stage_ids, settings_changed=False):
    """:func:`walk_partner` for each of ``partner_ids`` (``batch``: {partner id:
    :class:`WalkInputs`}; a partner it lacks has no purchase and nothing stored), with
    the history lines of those who moved (see :func:`history_rows`)."""
    walked = WalkedBatch([], [], [], [])
    code_of = {stage_id: code for code, stage_id in stage_ids.items()}
    for partner_id in partner_ids:
        inputs = batch.get(partner_id, NO_INPUTS)
        walk = walk_partner(inputs, today, rules, stage_ids)
        if walk.moved:
            walked.moved.append((partner_id, inputs.stored[0], inputs.stored[1], walk.state))
            walked.history.extend(
                history_rows(partner_id, inputs, walk.state, today, stage_ids, code_of, settings_changed)
            )
        if walk.change:
            walked.changes.append((partner_id, *walk.change))
        if walk.values != inputs.stored:  # unchanged: the row is not rewritten
            walked.rows.append((partner_id, *walk.values))
    return walked


def history_rows(partner_id, inputs, state, today, stage_ids, code_of, settings_changed=False):
    """The :class:`HistoryRow` of a partner whose stored stage is replaced by ``state``:
    what :func:`~.customer_chain.transitions_to_record` says, knowing the moves their
    history holds (``inputs.recorded``; a partner without a stored stage has no line
    either: both are written together). ``code_of``: {stage id: stage code}."""
    stored_stage_id, stored_date = inputs.stored[0], inputs.stored[1]
    stored_code, recorded = None, frozenset()
    if stored_stage_id is not None:
        stored_code = code_of.get(stored_stage_id, "")
        recorded = {(code_of.get(stage_id), day) for stage_id, day in inputs.recorded}
    return [
        # a stage without code (a custom stage a manager pinned) is known by its id only
        HistoryRow(
            partner_id,
            stage_ids.get(transition.from_code, stored_stage_id),
            stage_ids[transition.to_code],
            transition.date,
            transition.rule,
        )
        for transition in chain.transitions_to_record(
            stored_code, stored_date, state, today, recorded, settings_changed
        )
    ]


def held_by(inputs, today, rules):
    """The :class:`~.loyalty_hold.Hold` keeping a partner at customer on ``today`` although
    their purchases and their time as a customer would make them loyal, or None (a pinned
    partner is held by the pin, not by this rule)."""
    if inputs.pin_stage_id or not inputs.satisfaction:
        return None
    days = chain.days_until(inputs.purchase_days, today)
    episodes = chain.split_into_episodes(days, rules.lapse_days)
    if not episodes:
        return None
    state = chain.walk_sorted_days(
        days,
        chain.days_until(inputs.conversion_days, today),
        today,
        rules,
        satisfaction=inputs.satisfaction,
        loyal_reached=inputs.stored[3],
    )
    candidate = chain.becomes_loyal_on(episodes[-1], state.customer_date, rules)
    return held_today(state.stage, candidate, today, episodes[-1], inputs.satisfaction)
