# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""One approval pattern for plans, referrals to review and grants (issue 28): ``action_*``
→ ``_check_can_*`` → ``_do_*``. Someone who may not decide sees no button (its ``can_*``
is false, the form hides the button by it) and, calling the action anyway as a client
would, gets a clear refusal and nothing is written."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, new_test_user, tagged

from .common import ReferralRewardCommon, plan_values


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestApprovalPattern(ReferralRewardCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.senior = new_test_user(
            cls.env, login="cl_pattern_senior", groups="base.group_user,customer_lifecycle.group_lifecycle_senior"
        )

    def _form_arch(self, model, user):
        return self.env[model].with_user(user).get_views([(False, "form")])["views"]["form"]["arch"]

    def _refused(self, record, action, text):
        """Call ``action`` of ``record`` (already as its user): refused with ``text``."""
        with self.assertRefused(AccessError, text):
            getattr(record, action)()

    def test_a_plan_approver_only_sees_and_uses_approve(self):
        key_account = self._partner("Sina Hospital", lifecycle_key_account=True)
        plan = self.env["customer.key.account.plan"].create(
            plan_values(key_account, "Sina 2026", 2026, manager_id=self.salesman.id)
        )
        plan.with_user(self.salesman).action_submit()
        as_salesman = plan.with_user(self.salesman)
        self.assertEqual((as_salesman.can_approve, as_salesman.can_send_back), (False, False))
        self.assertTrue(plan.with_user(self.senior).can_approve)
        arch = self._form_arch(plan._name, self.salesman)
        self.assertIn(
            'name="action_approve" type="object" string="Approve" class="btn-primary" invisible="not can_approve"', arch
        )
        self._refused(as_salesman, "action_approve", "Only senior management or the plan's executive sponsor")
        plan.invalidate_recordset()
        self.assertEqual(plan.state, "submitted")
        plan.with_user(self.senior).action_approve()
        self.assertEqual(plan.state, "approved")

    def test_a_referral_to_review_is_decided_by_a_lifecycle_manager_only(self):
        self.referrer.phone = "+98 21 8888 1234"
        self.friend.phone = "021 8888 1234"
        with freeze_time(self._on(30)):
            referral = (
                self.env["customer.referral"]
                .with_user(self.salesman)
                .create({"referrer_id": self.referrer.id, "referred_id": self.friend.id, "date": self._on(30)})
            )
        self.assertEqual(referral.state, "to_review")
        as_salesman = referral.with_user(self.salesman)
        self.assertEqual((as_salesman.can_review, as_salesman.can_reject, as_salesman.can_reset), (False,) * 3)
        self.assertNotIn('name="action_accept"', self._form_arch(referral._name, self.salesman))
        self.assertIn('invisible="not can_review"', self._form_arch(referral._name, self.manager))
        self._refused(as_salesman, "action_accept", "Only a Lifecycle Manager can accept or reject the referral")
        referral.invalidate_recordset()
        self.assertEqual(referral.state, "to_review")
        referral.with_user(self.manager).write({"rejection_reason": "Same family"})
        referral.with_user(self.manager).action_reject()
        self.assertEqual(referral.state, "rejected")
        self.assertFalse(as_salesman.can_reset)
        self.assertTrue(referral.with_user(self.manager).can_reset)
        self.assertNotIn('name="action_reset"', self._form_arch(referral._name, self.salesman))
        self.assertIn('invisible="not can_reset"', self._form_arch(referral._name, self.manager))
        self._refused(as_salesman, "action_reset", "Only a Lifecycle Manager can reopen")
        referral.invalidate_recordset()
        self.assertEqual(referral.state, "rejected")

    def test_a_reward_is_approved_and_clawed_back_by_a_lifecycle_manager_only(self):
        referral, order = self._convert()
        self._final(order)
        reward = self._reward(referral)
        self.assertEqual(reward.state, "to_approve")
        as_salesman = reward.with_user(self.salesman)
        self.assertFalse(as_salesman.can_approve)
        self.assertTrue(reward.with_user(self.manager).can_approve)
        # the buttons a group decides are not even sent to others; the others follow can_*
        self.assertNotIn('name="action_approve"', self._form_arch(reward._name, self.salesman))
        arch = self._form_arch(reward._name, self.manager)
        for button in ("can_approve", "can_clawback", "can_reset", "can_give", "can_cancel"):
            self.assertIn(f'invisible="not {button}"', arch)
        self._refused(as_salesman, "action_approve", "Only lifecycle managers approve referral rewards")
        reward.invalidate_recordset()
        self.assertEqual(reward.state, "to_approve")
        reward.with_user(self.manager).action_approve()
        self.assertEqual(reward.state, "given")
        reward.sudo().clawback_proposed = True
        self.assertFalse(as_salesman.can_clawback)
        self.assertTrue(reward.with_user(self.manager).can_clawback)
        self._refused(as_salesman, "action_clawback", "Only a Lifecycle Manager can claw back")
        reward.invalidate_recordset()
        self.assertEqual(reward.state, "given")
        reward.with_user(self.manager).action_clawback()
        self.assertEqual(reward.state, "cancelled")
        self.assertFalse(as_salesman.can_reset)
        self.assertTrue(reward.with_user(self.manager).can_reset)
        self._refused(as_salesman, "action_reset_to_planned", "Only lifecycle managers")

    def test_a_grant_is_reset_only_when_cancelled_and_not_applied_on_a_sale(self):
        grant = self._grant(self.loyal, self.gift)
        with self.assertRefused(UserError, "only a cancelled grant is reset"):
            grant.with_user(self.manager).action_reset_to_planned()
        grant.with_user(self.manager).action_cancel()
        grant.with_user(self.manager).action_reset_to_planned()
        self.assertEqual(grant.state, "planned")
