# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, freeze_time, tagged

from .common import LifecycleCommon


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestStageConfiguration(LifecycleCommon):
    def test_thresholds_cannot_be_negative_or_zero(self):
        with self.assertRefused(ValidationError, "cannot be negative"):
            self.stage["prospect"].min_purchases = -1
        with self.assertRefused(ValidationError, "greater than zero"):
            self.stage["loyal"].maturity_days = 0
        with self.assertRefused(ValidationError, "greater than zero"):
            self.stage["advocate"].min_referrals = 0
        self.assertEqual(self.stage["loyal"].maturity_days, 90)

    def test_stage_codes_are_unique(self):
        with self.assertRefused(ValidationError, "already has the code"):
            self.env["customer.lifecycle.stage"].create({"name": "Second loyal", "code": "loyal"})

    def test_builtin_stages_cannot_be_deleted(self):
        with self.assertRefused(UserError, "cannot be deleted"):
            self.stage["loyal"].unlink()
        custom = self.env["customer.lifecycle.stage"].create({"name": "VIP watch"})
        custom.unlink()
        self.assertFalse(custom.exists())


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestPin(LifecycleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner = cls._partner("Kavir Construction")
        for offset in (0, 10, 20):
            cls._order(cls.partner, offset)

    def _pin(self, stage, reason, user=None):
        wizard = Form(
            self.env["customer.lifecycle.pin.wizard"]
            .with_user(user or self.manager)
            .with_context(active_model="res.partner", active_ids=self.partner.ids)
        )
        wizard.stage_id = stage
        wizard.reason = reason
        return wizard.save()

    def test_a_manager_marks_a_detractor_lost_and_the_rules_keep_it(self):
        self._recompute(100)
        with freeze_time(self._on(100)):
            self._pin(self.stage["lost"], "Complained publicly").action_apply()
        self.assertEqual(self._stage(self.partner), "lost")
        line = self._history(self.partner)[-1]
        self.assertRecordValues(
            line,
            [
                {
                    "from_stage_id": self.stage["loyal"].id,
                    "to_stage_id": self.stage["lost"].id,
                    "rule": "manual",
                    "automatic": False,
                    "reason": "Complained publicly",
                    "user_id": self.manager.id,
                }
            ],
        )
        self._order(self.partner, 120)
        self._recompute(130)
        self.assertEqual(self._stage(self.partner), "lost")
        self.assertEqual(self.partner.lifecycle_purchase_count, 4)  # metrics still follow the data
        # removing the pin gives the partner back to the rules
        with freeze_time(self._on(131)):
            self.partner.with_user(self.manager).action_lifecycle_unpin()
        self.assertEqual(self._stage(self.partner), "loyal")
        self.assertIn("pin removed", self._history(self.partner)[-1].reason)

    def test_a_pin_needs_a_reason(self):
        wizard = (
            self.env["customer.lifecycle.pin.wizard"]
            .with_user(self.manager)
            .create(
                {
                    "partner_ids": self.partner.ids,
                    "stage_id": self.stage["lost"].id,
                    "reason": "  ",
                }
            )
        )
        with self.assertRefused(UserError, "reason"):
            wizard.action_apply()
        self.assertFalse(self.partner.lifecycle_pin_stage_id)

    def test_only_managers_pin_and_recompute(self):
        wizard = self.env["customer.lifecycle.pin.wizard"].create(
            {
                "partner_ids": self.partner.ids,
                "stage_id": self.stage["lost"].id,
                "reason": "Angry",
            }
        )
        # each refusal names the action refused
        with self.assertRaisesRegex(AccessError, "can pin a partner's stage"):
            wizard.with_user(self.salesman).action_apply()
        with self.assertRaisesRegex(AccessError, "can recompute the customer lifecycle"):
            self.partner.with_user(self.salesman).action_lifecycle_recompute()
        with self.assertRaisesRegex(AccessError, "can unpin a partner's stage"):
            self.partner.with_user(self.salesman).action_lifecycle_unpin()
        self.assertTrue(self.partner.with_user(self.manager).action_lifecycle_recompute())
