# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Rewarding the referrer of a converted referral."""

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import ReferralRewardCommon


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestReferralReward(ReferralRewardCommon):
    def test_a_conversion_creates_the_reward_waiting_and_a_manager_approves_it_once_released(self):
        referral, order = self._convert()
        grant = self._reward(referral)
        self.assertRecordValues(
            grant,
            [
                {
                    "partner_id": self.referrer.id,
                    "incentive_id": self.dinner.id,
                    "state": "waiting",
                    "cost": 80.0,
                    "date": self._on(100),
                }
            ],
        )
        self._recompute(101)  # the daily job does not reward twice
        self.assertEqual(self._reward(referral), grant)
        with self.assertRefused(UserError, "not waiting for an approval"):
            grant.with_user(self.manager).action_approve()  # not before the sale is final
        self._final(order)
        with self.assertRaises(AccessError):
            grant.with_user(self.salesman).action_approve()
        self.assertEqual(grant.state, "to_approve")
        grant.with_user(self.manager).action_approve()
        self.assertRecordValues(grant, [{"state": "given", "stage_id": self.stage["loyal"].id}])
        with self.assertRefused(UserError, "is already approved"):
            grant.with_user(self.manager).action_approve()

    def test_the_reward_can_be_a_percentage_of_the_first_order(self):
        self.company.write({"lifecycle_referral_reward_mode": "percent", "lifecycle_referral_reward_percent": 5.0})
        referral, _order = self._convert(amount=300.0)
        self.assertEqual(self._reward(referral).cost, 15.0)

    def test_a_reward_percentage_out_of_range_or_an_incentive_of_another_company_is_refused(self):
        with self.assertRefused(ValidationError, "above 0 and at most 100"):
            self.company.write({"lifecycle_referral_reward_mode": "percent", "lifecycle_referral_reward_percent": 0})
        other = self.env["res.company"].create({"name": "Tabriz Branch"})
        foreign = self.Incentive.with_company(other).create({"name": "Tabriz tea", "kind": "respect"})
        with self.assertRefused(ValidationError, "belongs to Tabriz Branch"):
            self.company.lifecycle_referral_reward_incentive_id = foreign

    def test_the_reward_can_be_a_loyalty_coupon_issued_at_the_approval(self):
        program = self.env["loyalty.program"].create(
            {
                "name": "Thank-you coupon",
                "program_type": "coupons",
                "trigger": "with_code",
                "applies_on": "current",
                "reward_ids": [
                    Command.create(
                        {"reward_type": "discount", "discount": 20, "discount_mode": "percent", "required_points": 1}
                    )
                ],
            }
        )
        with self.assertRefused(ValidationError, "no loyalty program to issue a coupon from"):
            self.company.lifecycle_referral_reward_mode = "coupon"
        self.dinner.write({"kind": "discount", "program_id": program.id})
        self.company.lifecycle_referral_reward_mode = "coupon"
        referral, order = self._convert()
        grant = self._reward(referral)
        self._final(order)
        self.assertFalse(grant.coupon_id)  # nothing is issued before the approval
        grant.with_user(self.manager).action_approve()
        self.assertRecordValues(
            grant.coupon_id, [{"program_id": program.id, "partner_id": self.referrer.id, "points": 1.0}]
        )

    def test_no_reward_for_a_rejected_or_unconverted_referral(self):
        referral, order = self._convert()
        grant = self._reward(referral)
        referral.rejection_reason = "The friend is the owner's cousin"
        referral.action_reject()
        self.assertEqual(grant.state, "cancelled")
        with self.assertRefused(UserError, "not waiting for an approval"):
            grant.with_user(self.manager).action_approve()
        # a purchase cancelled after the conversion takes the pending reward away too
        referral.action_reset()
        self._recompute(100)
        referral.invalidate_recordset()
        pending = self._reward(referral).filtered(lambda g: g.state == "waiting")
        self.assertEqual(len(pending), 1)
        order._action_cancel()
        self.assertEqual(pending.state, "cancelled")

    def test_a_financial_benefit_reward_waits_until_the_referrer_is_an_advocate(self):
        self.company.lifecycle_referral_reward_incentive_id = self.commission
        referral, order = self._convert()
        grant = self._reward(referral)
        self.assertEqual(grant.state, "waiting")  # created, though the referrer is only loyal
        self._final(order)
        with self.assertRefused(ValidationError, "Behnam Bakery is not an advocate"):
            grant.with_user(self.manager).action_approve()
        self.assertEqual(grant.state, "to_approve")
        self._recompute(150)  # advocate after 60 days as loyal
        self.assertEqual(self._stage(self.referrer), "advocate")
        grant.with_user(self.manager).action_approve()
        self.assertRecordValues(grant, [{"state": "given", "stage_id": self.stage["advocate"].id}])
