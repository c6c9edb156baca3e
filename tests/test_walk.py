# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The walk of one partner, from what the engine read of them to what it stores (no database)."""

from datetime import date, timedelta

from odoo.tests import BaseCase, tagged

from ..tools import customer_chain as chain
from ..tools.customer_chain import ChainRules
from ..tools.customer_walk import (
    NO_INPUTS,
    HistoryRow,
    PartnerValues,
    WalkInputs,
    walk_batch,
    walk_partner,
)
from ..tools.lifecycle_fields import ENGINE_COLUMN_NAMES

D0 = date(2025, 1, 1)
STAGE_IDS = {"prospect": 1, "customer": 2, "loyal": 3, "advocate": 4, "lapsed": 5, "lost": 6}
RULES = ChainRules()


def day(n):
    return D0 + timedelta(days=n)


def stored(**values):
    return tuple(PartnerValues(**{**dict.fromkeys(PartnerValues._fields), **values}))


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestWalk(BaseCase):
    def test_the_values_are_the_fields_the_engine_writes(self):
        self.assertEqual(tuple(f"lifecycle_{name}" for name in PartnerValues._fields), ENGINE_COLUMN_NAMES)

    def test_a_first_purchase_moves_a_new_partner_to_customer(self):
        inputs = WalkInputs([day(0), day(10)], 250.0, [], None, "key")
        walk = walk_partner(inputs, day(20), RULES, STAGE_IDS)
        self.assertEqual((walk.values.stage_id, walk.values.stage_date), (2, day(0)))
        self.assertEqual((walk.values.first_purchase_date, walk.values.last_purchase_date), (day(0), day(10)))
        self.assertEqual((walk.values.purchase_count, walk.values.purchase_amount), (2, 250.0))
        self.assertEqual(walk.values.purchase_interval, 10.0)
        self.assertEqual(walk.values.next_move_date, day(90))  # the customer stage matures
        self.assertEqual(walk.values.inputs_key, "key")
        self.assertTrue(walk.moved)
        self.assertEqual(walk.change, (1, 2))  # from prospect, as nothing was stored

    def test_a_purchase_after_today_counts_on_its_day(self):
        walk = walk_partner(WalkInputs([day(30)], 10.0, [], None, None), day(20), RULES, STAGE_IDS)
        self.assertEqual(walk.values.stage_id, 1)
        self.assertEqual(walk.values.next_move_date, day(30))
        self.assertTrue(walk.moved)  # nothing stored yet: the prospect stage is stored…
        self.assertIsNone(walk.change)  # …and that is no change of stage

    def test_a_pin_holds_the_stored_stage(self):
        inputs = WalkInputs([day(0)], 10.0, [], 6, None, stored(stage_id=6, stage_date=day(5)))
        walk = walk_partner(inputs, day(20), RULES, STAGE_IDS)
        self.assertEqual((walk.values.stage_id, walk.values.stage_date), (6, day(5)))
        self.assertEqual(walk.values.customer_date, day(0))  # the dates still follow the data
        self.assertFalse(walk.moved)
        self.assertIsNone(walk.change)

    def test_a_stage_date_that_moved_is_a_move_but_no_change(self):
        inputs = WalkInputs([day(3)], 10.0, [], None, None, stored(stage_id=2, stage_date=day(0)))
        walk = walk_partner(inputs, day(20), RULES, STAGE_IDS)
        self.assertTrue(walk.moved)
        self.assertIsNone(walk.change)

    def test_a_batch_rewrites_only_the_partners_whose_values_changed(self):
        current = walk_partner(WalkInputs([day(0)], 10.0, [], None, None), day(20), RULES, STAGE_IDS).values
        batch = {
            7: WalkInputs([day(0)], 10.0, [], None, None, tuple(current)),  # in place already
            8: WalkInputs([day(0)], 10.0, [], None, None),  # new
        }
        walked = walk_batch([7, 8, 9], batch, day(20), RULES, STAGE_IDS)
        self.assertEqual([row[0] for row in walked.rows], [8, 9])  # 9: nothing read, nothing stored
        self.assertEqual([move[0] for move in walked.moved], [8, 9])
        self.assertEqual(walked.changes, [(8, 1, 2)])
        self.assertEqual(walked.rows[1][1:], tuple(walk_partner(NO_INPUTS, day(20), RULES, STAGE_IDS).values))

    def test_the_walk_says_which_history_lines_to_record(self):
        """The walk decides the history lines, knowing the moves the history holds: the
        writer only writes them."""
        new = WalkInputs([day(0), day(10), day(20)], 30.0, [], None, None)
        at_customer = stored(stage_id=2, stage_date=day(0))
        # the loyalty the history holds already: the same story is not told twice, and a
        # partner who comes back to it gets one line, dated today
        told = WalkInputs(
            [day(0), day(10), day(20)], 30.0, [], None, None, at_customer, recorded=frozenset({(3, day(90))})
        )
        untold = told._replace(recorded=frozenset())
        walked = walk_batch([7, 8, 9], {7: new, 8: untold, 9: told}, day(100), RULES, STAGE_IDS)
        self.assertEqual(
            walked.history,
            [
                HistoryRow(7, 1, 2, day(0), chain.RULE_FIRST_PURCHASE),
                HistoryRow(7, 2, 3, day(90), chain.RULE_LOYAL),
                HistoryRow(8, 2, 3, day(90), chain.RULE_LOYAL),
                HistoryRow(9, 2, 3, day(100), chain.RULE_RECOMPUTED),
            ],
        )
        self.assertEqual(walked.moves()[7], [(day(0), 1, 2), (day(90), 2, 3)])
        # a change of Settings: one line, dated the day of the change
        walked = walk_batch([8], {8: untold}, day(100), RULES, STAGE_IDS, settings_changed=True)
        self.assertEqual(walked.history, [HistoryRow(8, 2, 3, day(100), chain.RULE_SETTINGS)])
