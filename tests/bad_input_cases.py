# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The bad inputs of tests/test_bad_input.py, area by area: each a sentence, the error
it must raise, what its message says, and the input itself."""

from datetime import date, timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError


class BadInputCases:
    """The list of bad inputs, for a test class with the fixtures of TestBadInput."""

    def _cases(self):
        """(what, exception, what the message says, the bad input), area by area."""
        return [
            *self._touch_points_cases(),
            *self._referrals_cases(),
            *self._stages_cases(),
            *self._pins_cases(),
            *self._company_settings_cases(),
            *self._goals_cases(),
            *self._key_account_plans_cases(),
            *self._incentives_cases(),
            *self._grants_cases(),
        ]

    def _touch_points_cases(self):
        """The bad inputs of the touch-points."""
        Touchpoint = self.env["customer.touchpoint"]
        tomorrow = fields.Datetime.now() + timedelta(days=1)
        return [
            (
                "a touch-point dated in the future",
                ValidationError,
                "is dated in the future",
                lambda: Touchpoint.create({"partner_id": self.loyal.id, "reason": "Call", "date": tomorrow}),
            ),
        ]

    def _referrals_cases(self):
        """The bad inputs of the referrals."""
        Referral = self.env["customer.referral"]
        return [
            (
                "a partner referring themselves",
                ValidationError,
                "cannot refer themselves",
                lambda: Referral.create({"referrer_id": self.loyal.id, "referred_id": self.loyal.id}),
            ),
            (
                "a referral inside one customer (a contact of the referrer)",
                ValidationError,
                "belong to the same customer",
                lambda: Referral.create({"referrer_id": self.loyal.id, "referred_id": self.contact.id}),
            ),
            (
                "a second referrer for a referred partner",
                ValidationError,
                "a partner has one referrer",
                lambda: Referral.create({"referrer_id": self.loyal.id, "referred_id": self.friend.id}),
            ),
            (
                "a referral of a partner who was already a customer",
                ValidationError,
                "was already a customer",
                lambda: Referral.create(
                    {"referrer_id": self.advocate.id, "referred_id": self.buyer.id, "date": self._on(10)}
                ),
            ),
            (
                "a referral dated in the future",
                ValidationError,
                "is dated in the future",
                lambda: Referral.create(
                    {
                        "referrer_id": self.advocate.id,
                        "referred_id": self.newcomer.id,
                        "date": date.today() + timedelta(days=3),
                    }
                ),
            ),
            (
                "a referral rejected without a reason",
                UserError,
                "Fill in the rejection reason",
                lambda: self.referral.action_reject(),
            ),
            (
                "a referral marked rejected without a reason",
                ValidationError,
                "Say why the referral",
                lambda: self.referral.write({"state": "rejected"}),
            ),
        ]

    def _stages_cases(self):
        """The bad inputs of the stages."""
        Stage = self.env["customer.lifecycle.stage"]
        return [
            (
                "a second stage with a built-in code",
                ValidationError,
                "already has the code",
                lambda: Stage.create({"name": "Loyal again", "code": "loyal"}),
            ),
            (
                "a negative stage threshold",
                ValidationError,
                "cannot be negative",
                lambda: self.stage["customer"].write({"maturity_days": -1}),
            ),
            (
                "a loyal stage that needs no purchase",
                ValidationError,
                "must be greater than zero",
                lambda: self.stage["loyal"].write({"min_purchases": 0}),
            ),
            (
                "deleting a built-in stage",
                UserError,
                "cannot be deleted",
                lambda: self.stage["advocate"].unlink(),
            ),
        ]

    def _pins_cases(self):
        """The bad inputs of the pins."""
        return [
            (
                "a pin without a reason",
                UserError,
                "Give the reason for pinning",
                lambda: (
                    self.env["customer.lifecycle.pin.wizard"]
                    .create(
                        {
                            "partner_ids": [Command.set(self.loyal.ids)],
                            "stage_id": self.stage["lost"].id,
                            "reason": "  ",
                        }
                    )
                    .action_apply()
                ),
            ),
            (
                "removing a pin nobody set",
                UserError,
                "No stage is pinned",
                lambda: self.loyal.action_lifecycle_unpin(),
            ),
        ]

    def _company_settings_cases(self):
        """The bad inputs of the company settings."""
        return [
            (
                "a lapse period of zero days",
                ValidationError,
                "lapse period",
                lambda: self.company.write({"lifecycle_lapse_days": 0}),
            ),
            (
                "a lapsing-soon window longer than the lapse period",
                ValidationError,
                "lapsing soon",
                lambda: self.company.write({"lifecycle_lapse_warning_days": 400}),
            ),
            (
                "an attribution window of zero days",
                ValidationError,
                "attribution window",
                lambda: self.company.write({"lifecycle_attribution_days": 0}),
            ),
            (
                "a negative health weight",
                ValidationError,
                "cannot be negative",
                lambda: self.company.write({"lifecycle_health_weight_rfm": -10}),
            ),
            (
                "health weights that do not sum to 100",
                ValidationError,
                "must sum to 100",
                lambda: self.env["res.config.settings"].create({"lifecycle_health_weight_rfm": 90}).execute(),
            ),
            (
                "a referral reward of 150 %",
                ValidationError,
                "above 0 and at most 100",
                lambda: self.company.write(
                    {"lifecycle_referral_reward_mode": "percent", "lifecycle_referral_reward_percent": 150}
                ),
            ),
            (
                "a referral return window of 0 days",
                ValidationError,
                "at least one day",
                lambda: self.env["res.config.settings"].create({"lifecycle_referral_return_days": 0}).execute(),
            ),
        ]

    def _goals_cases(self):
        """The bad inputs of the goals."""
        Goal = self.env["customer.lifecycle.goal"]
        return [
            (
                "a goal ending before it starts",
                ValidationError,
                "before it starts",
                lambda: Goal.create(
                    {"name": "Backwards", "date_start": date(2026, 6, 1), "date_end": date(2026, 1, 1)}
                ),
            ),
            (
                "a goal with a negative target",
                ValidationError,
                "negative targets",
                lambda: self.goal.write({"target_customers": -5}),
            ),
            (
                "two goals for the same company and period",
                ValidationError,
                "already has goals",
                lambda: Goal.create(
                    {"name": "2027 again", "date_start": date(2027, 1, 1), "date_end": date(2027, 12, 31)}
                ),
            ),
        ]

    def _key_account_plans_cases(self):
        """The bad inputs of the key-account plans."""
        Plan = self.env["customer.key.account.plan"]
        period = {"date_start": date(2026, 1, 1), "date_end": date(2026, 12, 31)}
        return [
            (
                "a plan ending before it starts",
                ValidationError,
                "ends before it starts",
                lambda: Plan.create(
                    {
                        "name": "Backwards plan",
                        "partner_id": self.loyal.id,
                        "date_start": date(2026, 6, 1),
                        "date_end": date(2026, 1, 1),
                    }
                ),
            ),
            (
                "submitting a plan without objectives",
                UserError,
                "has no objective",
                lambda: Plan.create({"name": "Empty plan", "partner_id": self.advocate.id, **period}).action_submit(),
            ),
            (
                "the plan's status written directly",
                UserError,
                "change through its buttons",
                lambda: self.plan.with_user(self.key_user).write({"state": "approved"}),
            ),
            (
                "a plan approved by a lifecycle user who is not senior management",
                AccessError,
                "Only senior management or the plan's executive sponsor",
                lambda: self._submitted(self.plan).with_user(self.key_user).action_approve(),
            ),
            (
                "a plan sent back without a reason",
                UserError,
                "a reason is required",
                lambda: self._submitted(self.plan).with_user(self.senior).action_reject("  "),
            ),
            (
                "an approved plan's objective edited",
                UserError,
                "an approved plan is revised into a new version",
                lambda: self.approved_plan.objective_ids.write({"target": 1}),
            ),
            (
                "a key-account suggestion for a share of 150 %",
                UserError,
                "between 0 and 100",
                lambda: self.env["customer.key.account.suggest.wizard"].create({"share": 150}).action_suggest(),
            ),
        ]

    def _incentives_cases(self):
        """The bad inputs of the incentives."""
        return [
            (
                "an incentive with a negative unit cost",
                ValidationError,
                "cannot be negative",
                lambda: self.Incentive.create({"name": "Cashback", "kind": "discount", "unit_cost": -1.0}),
            ),
            (
                "a financial benefit meant for loyal customers",
                ValidationError,
                "never ask a loyal customer to market",
                lambda: self.commission.write({"stage_ids": [Command.link(self.stage["loyal"].id)]}),
            ),
            (
                "an incentive on another company's loyalty program",
                ValidationError,
                "Tabriz Branch",
                lambda: self.Incentive.create(
                    {"name": "Tabriz discount", "kind": "discount", "program_id": self.other_program.id}
                ),
            ),
        ]

    def _grants_cases(self):
        """The bad inputs of the grants."""
        return [
            (
                "a grant with a negative cost",
                ValidationError,
                "cannot be negative",
                lambda: self._grant(self.loyal, self.gift, cost=-1.0),
            ),
            (
                "a financial benefit granted to a loyal customer",
                ValidationError,
                "Nordic Outfitters is not an advocate",
                lambda: self._grant(self.loyal, self.commission),
            ),
            (
                "a grant outside its stages where Settings refuse it",
                ValidationError,
                "Settings refuse incentives outside their stages",
                lambda: self._refusing_grant(),
            ),
            (
                "a referral reward approved twice",
                UserError,
                "is already approved",
                lambda: self._approve_twice(),
            ),
            (
                "a reward for a referral that did not convert",
                UserError,
                "Mina Hosseini",
                lambda: self.reward.with_user(self.manager).action_approve(),
            ),
            (
                "referral requests to customers who are not advocates",
                UserError,
                "Nordic Outfitters, Kian Electric",
                lambda: (self.advocate | self.loyal | self.newcomer).action_lifecycle_ask_referrals(),
            ),
            (
                "an effectiveness report ending before it starts",
                ValidationError,
                "after its end",
                lambda: self.env["customer.incentive.effectiveness.wizard"].create(
                    {"date_from": date(2026, 6, 1), "date_to": date(2026, 1, 1)}
                ),
            ),
        ]

    def _submitted(self, plan):
        plan.action_submit()
        return plan

    def _refusing_grant(self):
        self.company.lifecycle_incentive_refuse_outside_stage = True
        return self._grant(self.newcomer, self.gift)

    def _approve_twice(self):
        self.reward.sudo().write({"referral_id": False})
        self.reward.with_user(self.manager).action_approve()
        return self.reward.with_user(self.manager).action_approve()
