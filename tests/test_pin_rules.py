# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""A manager's pin obeys the chain, read like the article's sentences (no database)."""

from datetime import timedelta

from odoo.exceptions import UserError
from odoo.tests import BaseCase, Form, freeze_time, tagged

from ..tools.customer_chain import (
    ADVOCATE,
    CUSTOMER,
    LAPSED,
    LOST,
    LOYAL,
    PIN_ADVOCATE_ONLY_EXITS,
    PIN_ADVOCATE_WITHOUT_REFERRALS,
    PIN_TOO_FAR_UP,
    PROSPECT,
    ChainRules,
    pin_refusal,
)
from .common import LifecycleCommon

RULES = ChainRules(advocate_min_referrals=2)


def pin(current, target, computed=None, referrals=0):
    """Why pinning a partner at ``current`` (where the rules put them too, unless
    ``computed`` says otherwise) to ``target`` is refused, or None."""
    return pin_refusal(current, computed or current, target, referrals, RULES)


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestPinRules(BaseCase):
    def test_any_stage_can_be_pinned_to_an_exit(self):
        for current in (PROSPECT, CUSTOMER, LOYAL, ADVOCATE, LAPSED, LOST):
            for exit_stage in (LAPSED, LOST):
                self.assertIsNone(pin(current, exit_stage), (current, exit_stage))

    def test_an_advocate_does_not_fall_back_to_loyal_they_leave(self):
        for target in (PROSPECT, CUSTOMER, LOYAL, ADVOCATE):
            self.assertEqual(pin(ADVOCATE, target, referrals=5), PIN_ADVOCATE_ONLY_EXITS, target)

    def test_a_pin_down_the_chain_is_any_stage(self):
        self.assertIsNone(pin(LOYAL, PROSPECT))
        self.assertIsNone(pin(LOYAL, CUSTOMER))
        self.assertIsNone(pin(CUSTOMER, CUSTOMER))

    def test_a_pin_up_the_chain_goes_one_stage_beyond_the_rules_at_most(self):
        self.assertIsNone(pin(CUSTOMER, LOYAL))
        self.assertIsNone(pin(PROSPECT, CUSTOMER))
        self.assertEqual(pin(PROSPECT, LOYAL), PIN_TOO_FAR_UP)
        self.assertEqual(pin(PROSPECT, ADVOCATE, referrals=5), PIN_TOO_FAR_UP)
        self.assertEqual(pin(CUSTOMER, ADVOCATE, referrals=5), PIN_TOO_FAR_UP)

    def test_the_step_is_counted_from_the_rules_not_from_an_earlier_pin(self):
        # pinned loyal while the rules say prospect: no second step beyond the pin
        self.assertEqual(pin(LOYAL, ADVOCATE, computed=PROSPECT, referrals=5), PIN_TOO_FAR_UP)
        # pinned customer while the rules say loyal: the advocate step is one beyond them
        self.assertIsNone(pin(CUSTOMER, ADVOCATE, computed=LOYAL, referrals=2))

    def test_an_advocate_brought_customers_of_their_own_will(self):
        self.assertEqual(pin(LOYAL, ADVOCATE, referrals=1), PIN_ADVOCATE_WITHOUT_REFERRALS)
        self.assertIsNone(pin(LOYAL, ADVOCATE, referrals=2))

    def test_a_lapsed_or_lost_partner_comes_back_as_a_customer(self):
        self.assertIsNone(pin(LAPSED, CUSTOMER))
        self.assertEqual(pin(LAPSED, LOYAL), PIN_TOO_FAR_UP)
        self.assertIsNone(pin(LOST, PROSPECT, computed=LAPSED))
        # marked lost while the rules say loyal: back to loyal, or one stage beyond
        self.assertIsNone(pin(LOST, LOYAL, computed=LOYAL))
        self.assertIsNone(pin(LOST, ADVOCATE, computed=LOYAL, referrals=2))

    def test_the_chain_follows_the_stages_sequence(self):
        chain = (PROSPECT, CUSTOMER, "vip", LOYAL, ADVOCATE)
        self.assertIsNone(pin_refusal(CUSTOMER, CUSTOMER, "vip", 0, RULES, chain))
        self.assertEqual(pin_refusal(CUSTOMER, CUSTOMER, LOYAL, 0, RULES, chain), PIN_TOO_FAR_UP)
        self.assertIsNone(pin_refusal(LOYAL, LOYAL, "vip", 0, RULES, chain))

    def test_a_partner_nothing_was_stored_for_is_a_prospect(self):
        self.assertIsNone(pin_refusal(None, PROSPECT, CUSTOMER, 0, RULES))
        self.assertEqual(pin_refusal(None, PROSPECT, LOYAL, 0, RULES), PIN_TOO_FAR_UP)


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestPinWizardObeysTheChain(LifecycleCommon):
    """Day 120: the rules put each partner at its stage; a manager pins them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = cls.day0 + timedelta(days=120)
        cls.prospect = cls._partner("Nilufar Design")
        cls.customer = cls._partner("Golrang Foods")
        cls._order(cls.customer, 0)
        cls.loyal = cls._loyal_partner("Nordic Outfitters")
        # loyal on day 90, a referral converted on day 100: an advocate on day 150 by the rules
        cls.referrer = cls._loyal_partner("Azar Textiles")
        friend = cls._partner("Kian Electric")
        with freeze_time(cls.day0 + timedelta(days=30)):
            cls.env["customer.referral"].create(
                {"referrer_id": cls.referrer.id, "referred_id": friend.id, "date": cls.day0 + timedelta(days=30)}
            )
        cls._order(friend, 100)
        with freeze_time(cls.today):
            cls.engine._recompute_all(cls.company)

    def _pin(self, partners, code, reason="Met the managing director", **context):
        with freeze_time(self.today):
            wizard = Form(
                self.env["customer.lifecycle.pin.wizard"]
                .with_user(self.manager)
                .with_context(active_model="res.partner", active_ids=partners.ids, **context)
            )
            if code:
                wizard.stage_id = self.stage[code]
            wizard.reason = reason
            wizard.save().action_apply()

    def _assert_not_pinned(self, partner, code):
        self.assertEqual(self._stage(partner), code)
        self.assertFalse(partner.with_company(self.company).lifecycle_pin_stage_id)

    def test_the_rules_put_the_partners_at_their_stages(self):
        stages = [self._stage(p) for p in (self.prospect, self.customer, self.loyal, self.referrer)]
        self.assertEqual(stages, ["prospect", "customer", "loyal", "loyal"])

    def test_a_prospect_is_not_pinned_an_advocate(self):
        with self.assertRefused(UserError, "Nilufar Design cannot be pinned to Advocate"):
            self._pin(self.prospect, "advocate")
        self._assert_not_pinned(self.prospect, "prospect")
        self.assertFalse(self._history(self.prospect))
        self.assertFalse(self.env["customer.referral.code"].search([("partner_id", "=", self.prospect.id)]))

    def test_a_prospect_is_not_pinned_loyal(self):
        with self.assertRefused(UserError, "at most one stage beyond"):
            self._pin(self.prospect, "loyal")
        self._assert_not_pinned(self.prospect, "prospect")

    def test_a_customer_is_pinned_one_stage_up_to_loyal(self):
        self._pin(self.customer, "loyal", reason="Signed a three-year contract")
        self.assertEqual(self._stage(self.customer), "loyal")
        self.assertRecordValues(
            self._history(self.customer)[-1],
            [
                {
                    "from_stage_id": self.stage["customer"].id,
                    "to_stage_id": self.stage["loyal"].id,
                    "date": self.today,
                    "rule": "manual",
                    "reason": "Signed a three-year contract",
                    "user_id": self.manager.id,
                }
            ],
        )

    def test_an_advocate_brought_enough_converted_referrals(self):
        with self.assertRefused(UserError, "Nordic Outfitters has brought 0"):
            self._pin(self.loyal, "advocate")
        self._assert_not_pinned(self.loyal, "loyal")
        self._pin(self.referrer, "advocate")
        self.assertEqual(self._stage(self.referrer), "advocate")
        self.assertTrue(self.referrer.with_company(self.company).lifecycle_referral_code)

    def test_an_advocate_is_not_put_back_to_loyal_but_may_be_lost(self):
        self._pin(self.referrer, "advocate")
        with self.assertRefused(UserError, "Azar Textiles is an advocate"):
            self._pin(self.referrer, "loyal")
        self.assertEqual(self._stage(self.referrer), "advocate")
        self._pin(self.referrer, None, reason="Spoke against us", default_stage_code="lost")  # Mark as Lost
        self.assertEqual(self._stage(self.referrer), "lost")
        self.assertEqual(self._history(self.referrer)[-1].reason, "Spoke against us")

    def test_a_partner_outside_the_chain_is_not_pinned(self):
        """The company's own partner and a user's are outside the chain: no pin, no line."""
        outsiders = self.company.partner_id | self.manager.partner_id
        with self.assertRefused(UserError, "outside the customer chain"):
            self._pin(outsiders | self.customer, "lost")
        for partner in outsiders:
            self.assertFalse(partner.with_company(self.company).lifecycle_stage_id)
            self.assertFalse(self._history(partner))
        self._assert_not_pinned(self.customer, "customer")

    def test_one_refusal_pins_nobody_of_the_batch(self):
        with self.assertRefused(UserError, "Nilufar Design"):
            self._pin(self.customer | self.prospect, "loyal")
        self._assert_not_pinned(self.customer, "customer")
        self._assert_not_pinned(self.prospect, "prospect")
        self.assertEqual(len(self._history(self.customer)), 1)  # its first purchase only

    def test_the_stages_of_a_batch_are_read_at_once(self):
        def walk(partners):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            with freeze_time(self.today):
                stages = self.engine._stages_without_pin(self.company, partners)
            return self.env.cr.sql_log_count - before, stages

        walk(self.prospect)  # the company's settings and the stages, read once and cached
        one, _stages = walk(self.prospect)
        four, stages = walk(self.prospect | self.customer | self.loyal | self.referrer)
        self.assertEqual(one, four)
        self.assertEqual(
            stages,
            {
                self.prospect.id: ("prospect", 0),
                self.customer.id: ("customer", 0),
                self.loyal.id: ("loyal", 0),
                self.referrer.id: ("loyal", 1),
            },
        )
