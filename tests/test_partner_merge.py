# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Odoo's partner merge on customers of the lifecycle: it writes no fact by hand, rejects
the referral whose two sides became one partner, keeps one referral code, carries the
key-account flag over, and the merged partner's stage is computed again."""

from datetime import timedelta

from odoo import Command
from odoo.tests import freeze_time, new_test_user, tagged

from .common import LifecycleCommon


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestPartnerMerge(LifecycleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # may merge contacts (Contact Creation), is no Lifecycle Manager
        cls.merger = new_test_user(
            cls.env,
            login="cl_merger",
            groups="base.group_user,base.group_partner_manager,sales_team.group_sale_salesman",
        )
        email = "info@azar.example"
        cls.advocate = cls._loyal_partner("Azar Textiles", email=email)
        # the same customer entered twice: the duplicate was "referred" by the original
        cls.duplicate = cls._partner("Azar Textiles Co.")
        with freeze_time(cls.day0 + timedelta(days=30)):
            cls.referral = cls.env["customer.referral"].create(
                {"referrer_id": cls.advocate.id, "referred_id": cls.duplicate.id, "date": cls.day0 + timedelta(days=30)}
            )
        cls._order(cls.duplicate, 100)
        cls.today = cls.day0 + timedelta(days=150)
        with freeze_time(cls.today):
            cls.engine._recompute_all(cls.company)
        cls.duplicate.email = email  # found out later: the wizard merges contacts of one e-mail
        cls.Code = cls.env["customer.referral.code"]

    def _merge(self, partners, destination):
        with freeze_time(self.today):
            wizard = (
                self.env["base.partner.merge.automatic.wizard"]
                .with_user(self.merger)
                .create(
                    {"state": "selection", "partner_ids": [Command.set(partners.ids)], "dst_partner_id": destination.id}
                )
            )
            wizard.action_merge()
        self.assertFalse((partners - destination).exists())

    def _code(self, partner):
        return self.Code.search([("partner_id", "=", partner.id), ("company_id", "=", self.company.id)])

    def test_a_merged_self_referral_is_rejected_and_the_partner_is_no_advocate(self):
        self.assertEqual((self.referral.state, self._stage(self.advocate)), ("converted", "advocate"))
        self._merge(self.advocate | self.duplicate, self.advocate)
        self.referral.invalidate_recordset()
        self.assertEqual(self.referral.referrer_id, self.referral.referred_id)
        self.assertEqual(self.referral.state, "rejected")
        self.assertIn("merged into one partner", self.referral.rejection_reason)
        self.assertFalse(
            self.env["customer.referral"].search([("referrer_id", "=", self.advocate.id), ("state", "=", "converted")])
        )
        self.assertEqual(self._stage(self.advocate), "loyal")
        self._recompute(self.today)
        self.assertEqual(self._stage(self.advocate), "loyal")
        self.assertEqual(self._code(self.advocate).state, "stopped")

    def test_one_referral_code_is_kept_and_the_referrals_keep_their_referrer(self):
        other = self._partner("Azar Textiles Ltd", email="info@azar.example")
        newcomer = self._partner("Kian Electric")
        with freeze_time(self.today):
            made = self.env["customer.referral"].create(
                {"referrer_id": other.id, "referred_id": newcomer.id, "date": self.today}
            )
        self.Code._create_codes(self.company, other.ids)
        kept, dropped = self._code(self.advocate), self._code(other)
        self.assertTrue(kept and dropped)
        self._merge(self.advocate | other, self.advocate)
        self.assertEqual(self._code(self.advocate), kept)
        self.assertFalse(dropped.exists())
        made.invalidate_recordset()
        self.assertEqual((made.referrer_id, made.state), (self.advocate, "new"))

    def test_a_code_taken_over_works_only_for_an_advocate(self):
        remaining = self._partner("Kian Electric", email="info@kian.example")
        other = self._partner("Kian Electric Co.", email="info@kian.example")
        self.Code._create_codes(self.company, other.ids)
        code = self._code(other)
        self._merge(remaining | other, remaining)
        self.assertEqual(self._stage(remaining), "prospect")
        self.assertEqual(self._code(remaining), code)
        self.assertEqual(code.state, "stopped")

    def test_the_merge_keeps_the_key_account_and_writes_no_fact(self):
        self.duplicate.write({"lifecycle_key_account": True, "lifecycle_key_account_manager_id": self.manager.id})
        pinned = self.stage["lost"]
        self.duplicate.write({"lifecycle_pin_stage_id": pinned.id, "lifecycle_pin_reason": "Moved abroad"})
        self._merge(self.advocate | self.duplicate, self.advocate)
        self.advocate.invalidate_recordset()
        self.assertTrue(self.advocate.lifecycle_key_account)
        self.assertEqual(self.advocate.lifecycle_key_account_manager_id, self.manager)
        self.assertFalse(self.advocate.lifecycle_pin_stage_id)
        self.assertEqual(self.advocate.lifecycle_purchase_count, 4)  # the duplicate's purchase counts
