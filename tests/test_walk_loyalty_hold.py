# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Loyalty as the article defines it: a customer becomes loyal only on a day they are not
dissatisfied (no database)."""

from datetime import date, datetime, timedelta

from odoo.tests import BaseCase, tagged

from ..tools import referral_request as referral_rules
from ..tools.customer_chain import ChainRules
from ..tools.customer_walk import PartnerValues, WalkInputs, held_by, walk_partner
from ..tools.loyalty_hold import HOLD_COMPLAINT, HOLD_DETRACTOR, Hold, Satisfaction

D0 = date(2025, 1, 1)
STAGE_IDS = {"prospect": 1, "customer": 2, "loyal": 3, "advocate": 4, "lapsed": 5, "lost": 6}
RULES = ChainRules()  # loyal after 3 purchases and 90 days as a customer


def day(n):
    return D0 + timedelta(days=n)


# three purchases within the first 90 days
PURCHASES = [day(0), day(20), day(40)]


def stored(**values):
    return tuple(PartnerValues(**{**dict.fromkeys(PartnerValues._fields), **values}))


def walk(satisfaction, today, purchases=None, stored_values=None):
    inputs = WalkInputs(purchases or PURCHASES, 30.0, [], None, None, stored_values or stored(), satisfaction)
    return walk_partner(inputs, today, RULES, STAGE_IDS), inputs


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestWalkLoyaltyHold(BaseCase):
    def test_a_satisfied_customer_becomes_loyal_when_the_stage_matures(self):
        result, _inputs = walk(Satisfaction(), day(100))
        self.assertEqual((result.values.stage_id, result.values.loyal_date), (3, day(90)))

    def test_an_open_complaint_holds_the_promotion(self):
        result, inputs = walk(Satisfaction(complaints=((day(50), None),)), day(100))
        self.assertEqual(result.values.stage_id, 2)
        self.assertIsNone(result.values.loyal_date)
        self.assertEqual(held_by(inputs, day(100), RULES), Hold(HOLD_COMPLAINT, day(50)))

    def test_a_resolved_complaint_lets_the_promotion_happen_on_its_resolution(self):
        result, inputs = walk(Satisfaction(complaints=((day(50), day(95)),)), day(100))
        self.assertEqual((result.values.stage_id, result.values.loyal_date), (3, day(95)))
        self.assertIsNone(held_by(inputs, day(100), RULES))

    def test_a_complaint_resolved_before_the_stage_matures_holds_nothing(self):
        result, _inputs = walk(Satisfaction(complaints=((day(50), day(60)),)), day(100))
        self.assertEqual(result.values.loyal_date, day(90))

    def test_a_detractor_answer_since_the_last_purchase_holds(self):
        result, inputs = walk(Satisfaction(detractor_days=(day(45),)), day(100))
        self.assertEqual(result.values.stage_id, 2)
        self.assertEqual(held_by(inputs, day(100), RULES), Hold(HOLD_DETRACTOR, day(45)))

    def test_a_later_purchase_clears_an_old_detractor_answer(self):
        purchases = [*PURCHASES, day(110)]
        result, inputs = walk(Satisfaction(detractor_days=(day(45),)), day(120), purchases)
        self.assertEqual((result.values.stage_id, result.values.loyal_date), (3, day(110)))
        self.assertIsNone(held_by(inputs, day(120), RULES))

    def test_a_detractor_answer_before_the_last_purchase_holds_nothing(self):
        result, _inputs = walk(Satisfaction(detractor_days=(day(10),)), day(100))
        self.assertEqual(result.values.loyal_date, day(90))

    def test_a_complaint_recorded_later_with_an_earlier_date_does_not_undo_loyalty(self):
        reached, _inputs = walk(Satisfaction(), day(100))
        self.assertEqual(reached.values.loyal_date, day(90))
        # later, a complaint dated before the loyalty is recorded, and still open
        result, _inputs = walk(
            Satisfaction(complaints=((day(80), None),)), day(120), stored_values=tuple(reached.values)
        )
        self.assertEqual((result.values.stage_id, result.values.loyal_date), (3, day(90)))
        self.assertIsNone(result.change)
        # the same complaint, known from the start, would have held the promotion
        self.assertEqual(walk(Satisfaction(complaints=((day(80), None),)), day(120))[0].values.stage_id, 2)

    def test_a_held_customer_is_not_held_before_the_stage_matures(self):
        _result, inputs = walk(Satisfaction(complaints=((day(50), None),)), day(60))
        self.assertIsNone(held_by(inputs, day(60), RULES))

    def test_an_advocate_whose_latest_answer_is_a_detractors_is_not_asked_for_referrals(self):
        facts = referral_rules.RequestFacts(is_advocate=True, has_email=True, band="healthy", detractor=True)
        now = datetime(2026, 1, 5)
        self.assertEqual(referral_rules.refusal(facts, now, "healthy", 90), referral_rules.DETRACTOR)
        satisfied = referral_rules.RequestFacts(is_advocate=True, has_email=True, band="healthy")
        self.assertIsNone(referral_rules.refusal(satisfied, now, "healthy", 90))
