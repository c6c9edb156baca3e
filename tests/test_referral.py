# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from odoo.exceptions import UserError, ValidationError
from odoo.tests import freeze_time, tagged

from .common import LifecycleCommon


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestReferral(LifecycleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.referrer = cls._loyal_partner("Azar Textiles")
        cls.friend = cls._partner("Kian Electric")

    def _refer(self, referrer, referred, offset, **values):
        with freeze_time(self._on(offset)):
            return self.env["customer.referral"].create(
                {
                    "referrer_id": referrer.id,
                    "referred_id": referred.id,
                    "date": self._on(offset),
                    **values,
                }
            )

    def test_conversion_makes_the_referrer_an_advocate_after_maturity(self):
        referral = self._refer(self.referrer, self.friend, 30)
        self.assertEqual(referral.state, "new")
        with freeze_time(self._on(100)):
            self._order(self.friend, 100, state="draft").action_confirm()
            self.engine._recompute_partners(self.friend, self.company)
        referral.invalidate_recordset()
        self.assertEqual((referral.state, referral.conversion_date), ("converted", self._on(100)))
        self.assertEqual(self._stage(self.referrer), "loyal")  # loyal since day 90 only
        self._recompute(149)
        self.assertEqual(self._stage(self.referrer), "loyal")
        self._recompute(150)
        self.assertEqual(self._stage(self.referrer), "advocate")
        self.assertEqual(self.referrer.lifecycle_advocate_date, self._on(150))
        self.assertEqual(self.referrer.lifecycle_referral_converted_count, 1)

    def test_a_cancelled_purchase_unconverts_the_referral(self):
        referral = self._refer(self.referrer, self.friend, 30)
        order = self._order(self.friend, 40)
        self._recompute(50)
        referral.invalidate_recordset()
        self.assertEqual(referral.state, "converted")
        with freeze_time(self._on(51)):
            order._action_cancel()
        referral.invalidate_recordset()
        self.assertEqual((referral.state, referral.conversion_date), ("new", False))

    def test_self_referral_is_refused(self):
        with self.assertRefused(ValidationError, "cannot refer themselves"):
            self._refer(self.referrer, self.referrer, 30)

    def test_referral_inside_the_same_company_is_refused(self):
        colleague = self.env["res.partner"].create({"name": "Reza", "parent_id": self.referrer.id})
        with self.assertRefused(ValidationError, "same customer"):
            self._refer(colleague, self.referrer, 30)

    def test_an_existing_customer_cannot_be_referred(self):
        self._order(self.friend, 5)
        with self.assertRefused(ValidationError, "already a customer"):
            self._refer(self.referrer, self.friend, 30)

    def test_a_partner_has_one_referrer(self):
        self._refer(self.referrer, self.friend, 30)
        other = self._partner("Pars Medical")
        with self.assertRefused(ValidationError, "already referred by Azar Textiles"):
            self._refer(other, self.friend, 31)
        self.assertEqual(self.env["customer.referral"].search_count([("referred_id", "=", self.friend.id)]), 1)

    def test_rejection_needs_a_reason(self):
        referral = self._refer(self.referrer, self.friend, 30)
        with self.assertRefused(UserError, "rejection reason"):
            referral.action_reject()
        referral.rejection_reason = "The friend found us through a search engine"
        referral.action_reject()
        self.assertEqual(referral.state, "rejected")
        # a rejected referral does not block another referrer
        self._refer(self._partner("Pars Medical"), self.friend, 31)
        with self.assertRaises(ValidationError):
            self.env["customer.referral"].create(
                {
                    "referrer_id": self.referrer.id,
                    "referred_id": self.referrer.id,
                    "state": "rejected",
                }
            )
