# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Giving an incentive: who may receive it, from a loyalty reward, settled by a credit note."""

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import IncentiveCommon


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestIncentiveEligibility(IncentiveCommon):
    def test_a_grant_costs_the_unit_cost_by_default_and_remembers_the_stage(self):
        grant = self._grant(self.loyal, self.gift)
        self.assertRecordValues(
            grant,
            [{"cost": 25.0, "state": "planned", "stage_id": self.stage["loyal"].id, "user_id": self.manager.id}],
        )
        grant.action_give()
        self.assertEqual(grant.state, "given")
        with self.assertRefused(UserError, "only a planned grant can be given"):
            grant.action_give()
        grant.action_cancel()
        self.assertEqual(grant.state, "cancelled")

    def test_a_grant_to_a_contact_goes_to_its_company(self):
        contact = self.env["res.partner"].create({"name": "Sara", "parent_id": self.loyal.id})
        grant = self._grant(contact, self.gift)
        self.assertEqual(grant.partner_id, self.loyal)

    def test_a_negative_cost_is_refused(self):
        with self.assertRefused(ValidationError, "cannot be negative"):
            self._grant(self.loyal, self.gift, cost=-3.0)

    def test_outside_its_stages_a_grant_warns_when_settings_say_so(self):
        settings = self.env["res.config.settings"].create({"lifecycle_incentive_refuse_outside_stage": False})
        settings.execute()
        self.assertFalse(self.company.lifecycle_incentive_refuse_outside_stage)
        grant = self._grant(self.newcomer, self.gift)
        self.assertEqual(grant.state, "planned")
        notes = grant.message_ids.mapped("body")
        self.assertTrue(any("is meant for Loyal" in body and "Kian Electric" in body for body in notes), notes)
        # in the form, the warning comes as soon as the partner is chosen
        form = Form(self.Grant.with_user(self.manager))
        form.incentive_id = self.gift
        with self.assertLogs("odoo.tests.form.onchange", level="WARNING") as logs:
            form.partner_id = self.newcomer
        self.assertIn("is meant for Loyal", "\n".join(logs.output))
        # within its stages, no warning
        self.assertFalse(self._grant(self.loyal, self.gift)._eligibility_problem())

    def test_outside_its_stages_a_grant_is_refused(self):
        self.company.lifecycle_incentive_refuse_outside_stage = True  # a new company's default
        count = self.Grant.search_count([])
        with self.assertRefused(ValidationError, "Kian Electric is at the stage Customer"):
            self._grant(self.newcomer, self.gift)
        self.assertEqual(self.Grant.search_count([]), count)
        self.assertTrue(self._grant(self.loyal, self.gift))

    def test_a_financial_benefit_to_a_non_advocate_is_always_refused(self):
        self.company.lifecycle_incentive_refuse_outside_stage = False
        with self.assertRefused(ValidationError, "Nordic Outfitters is not an advocate"):
            self._grant(self.loyal, self.commission)
        grant = self._grant(self.advocate, self.commission)
        self.assertEqual(grant.cost, 50.0)
        with self.assertRefused(ValidationError, "is not an advocate"):
            grant.partner_id = self.newcomer

    def test_the_profile_card_lists_the_incentives_received(self):
        self._grant(self.loyal, self.gift).action_give()
        self._grant(self.loyal, self.call)  # planned: not received yet
        report = self.env.ref("customer_lifecycle.action_report_customer_lifecycle_profile")
        html, _type = report.with_user(self.salesman)._render_qweb_html(report.report_name, self.loyal.ids)
        html = html.decode()
        self.assertIn("Incentives received", html)
        self.assertIn("New year gift box", html)
        self.assertNotIn("A call from the managing director", html)

    def test_the_partner_counts_and_lists_its_incentives(self):
        self._grant(self.loyal, self.gift)
        self._grant(self.loyal, self.call).action_cancel()
        self.loyal.invalidate_recordset()
        self.assertEqual(self.loyal.lifecycle_incentive_grant_count, 1)
        self.assertEqual(len(self.loyal.lifecycle_incentive_grant_ids), 2)
        action = self.loyal.action_view_lifecycle_incentive_grants()
        self.assertEqual(self.Grant.search(action["domain"]).partner_id, self.loyal)


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestIncentiveFromLoyaltyReward(IncentiveCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.program = cls._discount_program("Loyal customers: 10% on the order")
        cls.discount = cls.Incentive.create(
            {
                "name": "10% for loyal customers",
                "kind": "discount",
                "stage_ids": [Command.set(cls.stage["loyal"].ids)],
                "unit_cost": 15.0,
                "program_id": cls.program.id,
            }
        )

    def _order_with_reward(self, partner, amount=200.0):
        order = self._order(partner, 0, amount=amount, state="draft")
        self._apply_reward(order)
        return order

    def _apply_reward(self, order):
        order._update_programs_and_rewards()
        claimable = order._get_claimable_rewards()
        coupon = next(c for c in claimable if c.program_id == self.program)
        self.assertFalse(order._apply_program_reward(claimable[coupon], coupon).get("error"))
        self.assertTrue(order.order_line.filtered("reward_id"))

    def _grants(self, order):
        return self.Grant.search([("sale_order_id", "=", order.id)])

    def test_a_reward_applied_on_a_confirmed_order_is_a_given_grant(self):
        order = self._order_with_reward(self.loyal)
        self.assertFalse(self._grants(order))  # a quotation grants nothing yet
        order.action_confirm()
        grant = self._grants(order)
        self.assertRecordValues(
            grant,
            [
                {
                    "partner_id": self.loyal.id,
                    "incentive_id": self.discount.id,
                    "state": "given",
                    "cost": 20.0,  # 10% of 200, untaxed, not the unit cost
                    "reward_id": self.program.reward_ids.id,
                    "stage_id": self.stage["loyal"].id,
                    "date": order.date_order.date(),  # the day of the confirmation
                }
            ],
        )
        self.assertEqual(order.lifecycle_incentive_grant_ids, grant)

    def test_cancel_and_confirm_again_keeps_one_grant(self):
        order = self._order_with_reward(self.loyal)
        order.action_confirm()
        grant = self._grants(order)
        order._action_cancel()
        self.assertEqual(grant.state, "cancelled")
        order.action_draft()
        # the engine moved the partner by its real purchases: loyal again for the program
        self._set_stage(self.loyal, "loyal")
        self._apply_reward(order)
        order.action_confirm()
        self.assertEqual(self._grants(order), grant)
        self.assertRecordValues(grant, [{"state": "given", "cost": 20.0}])
        order._lifecycle_record_incentive_grants()  # recording again adds nothing
        self.assertEqual(len(self._grants(order)), 1)

    def test_rewards_of_programs_without_incentive_and_orders_without_reward_grant_nothing(self):
        plain = self._order(self.loyal, 0, state="draft")
        plain.action_confirm()
        self.assertFalse(self._grants(plain))
        self.discount.program_id = False
        order = self._order_with_reward(self.loyal)
        order.action_confirm()
        self.assertFalse(self._grants(order))

    def test_a_reward_to_a_customer_outside_the_stages_is_recorded_with_a_note(self):
        # where Settings only warn; where they refuse, the program does not apply
        # (test_incentive_stage_sale)
        self.company.lifecycle_incentive_refuse_outside_stage = False
        order = self._order_with_reward(self.newcomer)
        order.action_confirm()  # the sale is a fact: never refused for an incentive
        grant = self._grants(order)
        self.assertEqual(grant.state, "given")
        self.assertTrue(any("is meant for Loyal" in body for body in grant.message_ids.mapped("body")))

    def test_a_salesperson_confirming_an_order_records_the_grant(self):
        order = self._order_with_reward(self.loyal)
        order.user_id = self.salesman
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(self._grants(order).state, "given")


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestFinancialBenefitSettlement(IncentiveCommon):
    def test_a_given_financial_benefit_is_a_draft_credit_note_where_settings_say_so(self):
        recorded = self._grant(self.advocate, self.commission)
        recorded.action_give()
        self.assertFalse(recorded.credit_note_id)  # "recorded only" by default
        self.company.lifecycle_financial_benefit_settlement = "credit_note"
        grant = self._grant(self.advocate, self.commission, cost=70.0)
        grant.action_give()
        move = grant.credit_note_id
        self.assertRecordValues(
            move,
            [{"move_type": "out_refund", "state": "draft", "partner_id": self.advocate.id, "amount_total": 70.0}],
        )
        self.assertEqual(grant.with_user(self.accountant).credit_note_id, move)  # accountants see the settlement
        self.assertEqual(move.with_user(self.accountant).amount_untaxed, 70.0)
        gift = self._grant(self.loyal, self.gift)
        gift.action_give()
        self.assertFalse(gift.credit_note_id)  # only financial benefits are money owed
        grant.action_cancel()
        self.assertEqual(move.state, "cancel")

    def test_a_grant_settled_by_a_posted_credit_note_is_not_cancelled(self):
        self.company.lifecycle_financial_benefit_settlement = "credit_note"
        grant = self._grant(self.advocate, self.commission)
        grant.action_give()
        grant.credit_note_id.with_user(self.accountant).action_post()  # the accountants settle it
        with self.assertRefused(UserError, "reverse it before cancelling"):
            grant.action_cancel()
        self.assertEqual(grant.state, "given")
