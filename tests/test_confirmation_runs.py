# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""An order confirmation runs the engine once, whatever the order carries: a referral
code, loyalty rewards, several lines of one customer, several orders of one customer."""

from contextlib import contextmanager
from datetime import datetime, time, timedelta
from unittest.mock import patch

from odoo import Command
from odoo.tests import freeze_time, tagged

from ..models.customer_lifecycle_engine import CustomerLifecycleEngine
from .common import IncentiveCommon


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestOneRecomputePerConfirmation(IncentiveCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = cls.day0 + timedelta(days=150)
        cls.owner = cls._partner("Azar Textiles Owner")
        for offset in (0, 10, 20):  # loyal on day 90
            cls._order(cls.owner, offset)
        cls.friend = cls._partner("Kian Electric Friend")
        with freeze_time(cls.day0 + timedelta(days=30)):
            cls.env["customer.referral"].create(
                {"referrer_id": cls.owner.id, "referred_id": cls.friend.id, "date": cls.day0 + timedelta(days=30)}
            )
        cls._order(cls.friend, 100)
        with freeze_time(cls.today):
            cls.engine._recompute_all(cls.company)
        cls.code = cls.env["customer.referral.code"].search(
            [("partner_id", "=", cls.owner.id), ("company_id", "=", cls.company.id)]
        )
        cls.program = cls._discount_program("Ten percent for advocates")
        cls.Incentive.create(
            {
                "name": "Discount for advocates",
                "kind": "discount",
                "stage_ids": [Command.set((cls.stage["loyal"] | cls.stage["advocate"]).ids)],
                "program_id": cls.program.id,
            }
        )

    def _quotation(self, partner, code=False, lines=1):
        with freeze_time(self.today):
            return self.env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "date_order": datetime.combine(self.today, time(12, 0)),
                    "lifecycle_referral_code": code,
                    "order_line": [
                        Command.create({"product_id": self.product.id, "price_unit": 100.0 + line})
                        for line in range(lines)
                    ],
                }
            )

    @contextmanager
    def _counting_runs(self):
        """The engine's runs (a walk of a batch) and reads of partners while in the block."""
        runs = []
        original = CustomerLifecycleEngine._recompute_batch

        def counted(engine, run, partner_ids, batch):
            runs.append(sorted(partner_ids))
            return original(engine, run, partner_ids, batch)

        with patch.object(CustomerLifecycleEngine, "_recompute_batch", counted):
            yield runs

    def _confirm(self, orders):
        with freeze_time(self.today), self._counting_runs() as runs:
            orders.action_confirm()
        return runs

    def test_an_order_with_a_referral_code_runs_the_engine_once(self):
        newcomer = self._partner("Pars Medical Newcomer")
        order = self._quotation(newcomer, code=self.code.code)
        runs = self._confirm(order)
        self.assertEqual(runs, [sorted((newcomer | self.owner).ids)])
        # and what the user sees right after is exact: the newcomer is a customer, referred
        referral = self.env["customer.referral"].search([("referred_commercial_id", "=", newcomer.id)])
        self.assertRecordValues(referral, [{"referrer_id": self.owner.id, "state": "converted"}])
        self.assertEqual(self._stage(newcomer), "customer")
        self.assertEqual(newcomer.with_company(self.company).lifecycle_purchase_count, 1)

    def test_a_referral_code_to_review_runs_the_engine_once(self):
        """The newcomer shares the advocate's phone: the referral waits To Review, decided
        before the one walk of the confirmation."""
        self.owner.phone = "+98 21 5555 0101"
        newcomer = self._partner("Shiraz Glass Newcomer", phone="+98 21 5555 0101")
        runs = self._confirm(self._quotation(newcomer, code=self.code.code))
        self.assertEqual(runs, [sorted((newcomer | self.owner).ids)])
        referral = self.env["customer.referral"].search([("referred_commercial_id", "=", newcomer.id)])
        self.assertRecordValues(referral, [{"referrer_id": self.owner.id, "state": "to_review"}])
        self.assertIn("phone", referral.review_reasons)
        self.assertEqual(self._stage(newcomer), "customer")

    def test_an_order_with_rewards_and_several_lines_runs_the_engine_once(self):
        order = self._quotation(self.owner, lines=3)
        order._update_programs_and_rewards()
        claimable = order._get_claimable_rewards()
        for coupon in [coupon for coupon in claimable if coupon.program_id == self.program]:
            order._apply_program_reward(claimable[coupon], coupon)
        self.assertTrue(order.order_line.filtered("reward_id"))
        runs = self._confirm(order)
        self.assertEqual(runs, [self.owner.ids])
        self.assertTrue(self.Grant.search([("sale_order_id", "=", order.id)]))

    def test_several_orders_of_one_customer_run_the_engine_once(self):
        newcomer = self._partner("Tabriz Carpets Newcomer")
        contact = self.env["res.partner"].create({"name": "Reza", "parent_id": newcomer.id})
        orders = self._quotation(newcomer, lines=2) | self._quotation(contact)
        runs = self._confirm(orders)
        self.assertEqual(runs, [newcomer.ids])
        self.assertEqual(newcomer.with_company(self.company).lifecycle_purchase_count, 1)

    def test_programs_of_no_staged_incentive_cost_no_query(self):
        other = self._discount_program("Five percent for everyone", percent=5)
        order = self._quotation(self.owner)
        order._lifecycle_program_refusals(self.program)  # the cache filled
        with self.assertQueryCount(0):
            self.assertEqual(order._lifecycle_program_refusals(other), {})
        # an incentive of the company kept for some stages links the program: refused again
        self.Incentive.create(
            {
                "name": "Five percent for loyal customers",
                "kind": "discount",
                "stage_ids": [Command.set(self.stage["loyal"].ids)],
                "program_id": other.id,
            }
        )
        self.assertIn(other, order._lifecycle_program_refusals(other))
