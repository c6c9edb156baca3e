# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Incentives stay in their stages: refused outside them by default, and at the sale a
loyalty program of an incentive meant for loyal customers does not apply to anyone else."""

from odoo import Command
from odoo.tests import tagged

from .common import IncentiveCommon
from .test_migration import load_migration


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestIncentivesRefusedOutsideTheirStages(IncentiveCommon):
    def test_a_new_company_refuses_incentives_outside_their_stages(self):
        company = self.env["res.company"].create({"name": "Tabriz Branch"})
        self.assertTrue(company.lifecycle_incentive_refuse_outside_stage)

    def test_the_upgrade_switches_existing_companies_to_refusing(self):
        self.company.lifecycle_incentive_refuse_outside_stage = False
        self.company.flush_recordset()
        migration = load_migration("18.0.1.4.0", "post-incentive_refuse")
        migration.migrate(self.env.cr, None)  # a fresh install: nothing to switch
        self.company.invalidate_recordset()
        self.assertFalse(self.company.lifecycle_incentive_refuse_outside_stage)
        migration.migrate(self.env.cr, "18.0.1.3.0")
        self.company.invalidate_recordset()
        self.assertTrue(self.company.lifecycle_incentive_refuse_outside_stage)


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestLoyaltyProgramsStayInTheirStages(IncentiveCommon):
    """sale_loyalty's own flow, for a loyal customer, a customer and a prospect."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.lifecycle_incentive_refuse_outside_stage = True
        cls.prospect = cls._partner("Parsa Trading")
        cls._set_stage(cls.prospect, "prospect")
        cls.automatic = cls._discount_program("Loyal customers: 10% on the order")
        cls.promo = cls.env["loyalty.program"].create(
            {
                "name": "CHAIN-LOYAL-7 for loyal customers",
                "program_type": "promo_code",
                "trigger": "with_code",
                "applies_on": "current",
                "rule_ids": [
                    Command.create(
                        {
                            "mode": "with_code",
                            "code": "CHAIN-LOYAL-7",
                            "reward_point_mode": "order",
                            "reward_point_amount": 1,
                        }
                    )
                ],
                "reward_ids": [
                    Command.create(
                        {
                            "reward_type": "discount",
                            "discount_mode": "percent",
                            "discount": 10,
                            "discount_applicability": "order",
                            "required_points": 1,
                        }
                    )
                ],
            }
        )
        cls.card_program = cls.env["loyalty.program"].create(
            {
                "name": "Loyal customers' card",
                "program_type": "loyalty",
                "trigger": "auto",
                "applies_on": "both",
                "rule_ids": [Command.create({"reward_point_mode": "money", "reward_point_amount": 1})],
                "reward_ids": [
                    Command.create(
                        {
                            "reward_type": "discount",
                            "discount_mode": "percent",
                            "discount": 5,
                            "discount_applicability": "order",
                            "required_points": 100,
                        }
                    )
                ],
            }
        )
        for program in (cls.automatic, cls.promo, cls.card_program):
            cls.Incentive.create(
                {
                    "name": f"Discount: {program.name}",
                    "kind": "discount",
                    "stage_ids": [Command.set(cls.stage["loyal"].ids)],
                    "program_id": program.id,
                }
            )

    def _quotation(self, partner):
        return self._order(partner, 0, amount=200.0, state="draft")

    def _claimable_programs(self, order):
        return self.env["loyalty.program"].union(*(coupon.program_id for coupon in order._get_claimable_rewards()))

    def test_an_automatic_program_applies_to_a_loyal_customer_only(self):
        loyal_order = self._quotation(self.loyal)
        loyal_order._update_programs_and_rewards()
        self.assertIn(self.automatic, self._claimable_programs(loyal_order))
        for partner in (self.newcomer, self.prospect):
            order = self._quotation(partner)
            order._update_programs_and_rewards()
            self.assertNotIn(self.automatic, order.coupon_point_ids.coupon_id.program_id)
            self.assertNotIn(self.automatic, self._claimable_programs(order))
            status = order._program_check_compute_points(self.automatic)[self.automatic]
            self.assertIn(f"and {partner.name} is at the stage", status["error"])
            self.assertNotIn("points", status)

    def test_a_promotion_code_gives_the_reason(self):
        order = self._quotation(self.newcomer)
        result = order._try_apply_code("CHAIN-LOYAL-7")
        self.assertEqual(
            result.get("error"),
            "CHAIN-LOYAL-7 for loyal customers is kept for Loyal customers (the incentive Discount: "
            "CHAIN-LOYAL-7 for loyal customers), and Kian Electric is at the stage Customer.",
        )
        self.assertFalse(order.code_enabled_rule_ids)
        self.assertFalse(order.order_line.filtered("reward_id"))
        loyal_order = self._quotation(self.loyal)
        claimable = loyal_order._try_apply_code("CHAIN-LOYAL-7")
        self.assertNotIn("error", claimable)
        coupon = next(iter(claimable))
        self.assertFalse(loyal_order._apply_program_reward(claimable[coupon], coupon).get("error"))
        self.assertTrue(loyal_order.order_line.filtered("reward_id"))

    def test_a_loyalty_card_with_points_is_not_claimable_outside_the_stages(self):
        cards = {
            partner: self.env["loyalty.card"].create(
                {"program_id": self.card_program.id, "partner_id": partner.id, "points": 150}
            )
            for partner in (self.prospect, self.loyal)
        }
        order = self._quotation(self.prospect)
        order._update_programs_and_rewards()
        self.assertNotIn(self.card_program, self._claimable_programs(order))
        result = order._apply_program_reward(self.card_program.reward_ids, cards[self.prospect])
        self.assertIn("Parsa Trading is at the stage Prospect", result["error"])
        self.assertFalse(order.order_line.filtered("reward_id"))
        loyal_order = self._quotation(self.loyal)
        loyal_order._update_programs_and_rewards()
        self.assertIn(self.card_program, self._claimable_programs(loyal_order))

    def test_when_settings_only_warn_the_reward_applies_and_its_grant_records_the_warning(self):
        self.company.lifecycle_incentive_refuse_outside_stage = False
        order = self._quotation(self.newcomer)
        order._update_programs_and_rewards()
        claimable = order._get_claimable_rewards()
        coupon = next(coupon for coupon in claimable if coupon.program_id == self.automatic)
        self.assertFalse(order._apply_program_reward(claimable[coupon], coupon).get("error"))
        order.action_confirm()
        grant = self.Grant.search([("sale_order_id", "=", order.id)])
        self.assertRecordValues(grant, [{"state": "given", "partner_id": self.newcomer.id}])
        self.assertTrue(any("is meant for Loyal" in body for body in grant.message_ids.mapped("body")))

    def test_a_program_without_stages_applies_to_everyone(self):
        self.Incentive.search([("program_id", "=", self.automatic.id)]).stage_ids = False
        order = self._quotation(self.prospect)
        order._update_programs_and_rewards()
        self.assertIn(self.automatic, self._claimable_programs(order))
