# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""A referral's status changes through its actions only (issue 26): the lifecycle rules
convert it, a Lifecycle Manager accepts or rejects one to review, who recorded it rejects
it; no client writes its state, conversion date, origin or reasons to review."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, tagged

from .common import LifecycleCommon


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestReferralState(LifecycleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.referrer = cls._loyal_partner("Azar Textiles")
        cls.friend = cls._partner("Kian Electric")
        cls.Referral = cls.env["customer.referral"]

    def _refer(self, user=None, **values):
        Referral = self.Referral.with_user(user) if user else self.Referral
        with freeze_time(self._on(30)):
            return Referral.create(
                {"referrer_id": self.referrer.id, "referred_id": self.friend.id, "date": self._on(30), **values}
            )

    def test_a_salesperson_writing_converted_gets_a_message_not_a_type_error(self):
        referral = self._refer(user=self.salesman)
        as_salesman = referral.with_user(self.salesman)
        for values in (
            {"state": "converted"},
            {"conversion_date": self._on(31)},
            {"origin": "code"},
            {"review_reasons": "None"},
        ):
            with self.assertRefused(UserError, "cannot be changed by hand"):
                as_salesman.write(values)
        referral.invalidate_recordset()
        self.assertRecordValues(referral, [{"state": "new", "conversion_date": False, "origin": "staff"}])

    def test_a_salesperson_cannot_create_nor_import_a_converted_referral(self):
        Referral = self.Referral.with_user(self.salesman)
        with self.assertRefused(UserError, "cannot be changed by hand"):
            with freeze_time(self._on(30)):
                Referral.create(
                    {
                        "referrer_id": self.referrer.id,
                        "referred_id": self.friend.id,
                        "date": self._on(30),
                        "state": "converted",
                    }
                )
        with freeze_time(self._on(30)):
            result = Referral.load(
                ["referrer_id/.id", "referred_id/.id", "date", "state"],
                [[str(self.referrer.id), str(self.friend.id), str(self._on(30)), "converted"]],
            )
        self.assertTrue(result["messages"])
        self.assertIn("cannot be changed by hand", result["messages"][0]["message"])
        with freeze_time(self._on(30)):
            default = Referral.with_context(default_state="converted").create(
                {"referrer_id": self.referrer.id, "referred_id": self.friend.id, "date": self._on(30)}
            )
        self.assertEqual(default.state, "new")

    def test_the_lifecycle_rules_still_convert_and_the_recorder_rejects(self):
        referral = self._refer(user=self.salesman)
        self._order(self.friend, 40)
        self._recompute(50)
        referral.invalidate_recordset()
        self.assertRecordValues(referral, [{"state": "converted", "conversion_date": self._on(40)}])
        with self.assertRaises(AccessError):
            referral.with_user(self.salesman_2).write({"rejection_reason": "Not theirs"})
        self.assertTrue(referral.with_user(self.salesman).can_reject)
        self.assertFalse(referral.with_user(self.salesman_2).can_reject)
        as_salesman = referral.with_user(self.salesman)
        as_salesman.rejection_reason = "The friend found us on the web"
        as_salesman.action_reject()
        self.assertRecordValues(referral, [{"state": "rejected", "conversion_date": False}])
        with self.assertRefused(AccessError, "Only a Lifecycle Manager can reopen"):
            as_salesman.action_reset()
        referral.with_user(self.manager).action_reset()
        self.assertEqual(referral.state, "converted")

    def test_only_lifecycle_managers_review(self):
        self.referrer.phone = "+98 21 8888 1234"
        self.friend.phone = "021 8888 1234"
        referral = self._refer(user=self.salesman)
        self.assertEqual(referral.state, "to_review")
        self.assertFalse(referral.with_user(self.salesman).can_review)
        self.assertFalse(referral.with_user(self.salesman).can_reject)
        self.assertTrue(referral.with_user(self.manager).can_review)
        arch = self.Referral.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('invisible="not can_review"', arch)
        with self.assertRefused(AccessError, "Only a Lifecycle Manager"):
            referral.with_user(self.salesman).action_accept()
        referral.with_user(self.manager).action_accept()
        self.assertEqual(referral.state, "new")
