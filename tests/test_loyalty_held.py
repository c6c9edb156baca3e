# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Loyalty needs satisfaction, through the engine: a complaint holds the promotion, its
resolution promotes, a loyal customer who complains is warned about, not moved back."""

from datetime import datetime, time

from odoo.tests import freeze_time, tagged

from ..tools import jalali
from .common import LifecycleCommon


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestLoyaltyHeld(LifecycleCommon):
    def _complaint(self, partner, offset):
        return self.env["customer.touchpoint"].create(
            {
                "partner_id": partner.id,
                "reason": "The delivery came broken",
                "kind": "complaint",
                "date": datetime.combine(self._on(offset), time(9, 0)),
            }
        )

    def test_an_open_complaint_holds_and_its_resolution_promotes(self):
        partner = self._loyal_partner("Arman Glassworks")
        complaint = self._complaint(partner, 50)
        self._recompute(100)
        self.assertEqual(self._stage(partner), "customer")
        self.assertFalse(partner.lifecycle_loyal_date)
        with freeze_time(self._on(101)):
            complaint.action_resolve()
        # the resolution recomputes the customer at once: loyal on the day of the resolution
        self.assertEqual(self._stage(partner), "loyal")
        self.assertEqual(partner.lifecycle_loyal_date, self._on(101))
        self.assertFalse(partner.lifecycle_held_reason)

    def test_the_partner_shows_why_they_are_held(self):
        partner = self._loyal_partner("Kavir Ceramics")
        self._complaint(partner, 50)
        self._recompute(100)
        text = self.env["customer.lifecycle.reader.text"]._for_current_user()
        with freeze_time(self._on(100)):
            partner.invalidate_recordset(["lifecycle_held_reason"])
            self.assertEqual(
                partner.lifecycle_held_reason, f"Held at Customer: open complaint of {text._date(self._on(50))}"
            )
            # not held before the purchases and the time would promote them
            other = self._partner("Tabriz Carpets")
            self._order(other, 80)
            self._complaint(other, 85)
            self.assertFalse(other.lifecycle_held_reason)

    def test_a_complaint_changes_the_fingerprint_the_daily_job_reads(self):
        partner = self._loyal_partner("Zagros Tiles")
        bystander = self._loyal_partner("Alborz Steel")
        self._recompute(30)
        key, bystander_key = partner.lifecycle_inputs_key, bystander.lifecycle_inputs_key
        complaint = self._complaint(partner, 40)
        self._recompute(31)
        partner.invalidate_recordset()
        self.assertNotEqual(partner.lifecycle_inputs_key, key)
        self.assertEqual(bystander.lifecycle_inputs_key, bystander_key)  # nothing new: the same key
        open_key = partner.lifecycle_inputs_key
        with freeze_time(self._on(60)):
            complaint.action_resolve()  # the resolution walks the customer with its new key
        partner.invalidate_recordset()
        self.assertNotIn(partner.lifecycle_inputs_key, (key, open_key))

    def test_a_loyal_customer_who_complains_is_warned_about_not_moved_back(self):
        partner = self._loyal_partner("Caspian Foods")
        self._recompute(100)
        self.assertEqual(self._stage(partner), "loyal")
        activities = partner.activity_ids
        # a complaint recorded later, dated before the loyalty was reached
        with freeze_time(self._on(101)):
            self._complaint(partner, 80)
        self.assertEqual(len(partner.activity_ids - activities), 1)
        self.assertIn("Negative contact", (partner.activity_ids - activities).summary)
        self._recompute(102)
        self.assertEqual(self._stage(partner), "loyal")
        self.assertEqual(partner.lifecycle_loyal_date, self._on(90))

    def test_a_contact_made_a_complaint_is_warned_about_and_holds(self):
        partner = self._loyal_partner("Shiraz Glass")
        self._recompute(100)
        activities = partner.activity_ids
        contact = self.env["customer.touchpoint"].create(
            {"partner_id": partner.id, "reason": "The delivery came broken", "date": self._on(95)}
        )
        self.assertFalse(partner.activity_ids - activities)  # a contact of neutral sentiment: no warning
        contact.kind = "complaint"
        self.assertIn("Negative contact", (partner.activity_ids - activities).summary)
        # the hold, through the fingerprint the daily job reads: the complaint came after the
        # loyalty was reached, so the customer is not moved back
        self._recompute(101)
        self.assertEqual(self._stage(partner), "loyal")

    def test_a_persian_reader_reads_why_in_persian_with_a_jalali_date(self):
        self.env["res.lang"]._activate_lang("fa_IR")
        self.env["ir.module.module"]._load_module_terms(["customer_lifecycle"], ["fa_IR"], overwrite=True)
        partner = self._loyal_partner("Yazd Sweets")
        self._complaint(partner, 50)
        self._recompute(100)
        with freeze_time(self._on(100)):
            reason = partner.with_context(lang="fa_IR").lifecycle_held_reason
        customer = self.stage["customer"].with_context(lang="fa_IR").name
        self.assertEqual(reason, f"مانده در {customer}: شکایت باز {jalali.jalali_date(self._on(50))}")

    def _answer(self, partner, offset, score):
        return self.env["customer.touchpoint"].create(
            {
                "partner_id": partner.id,
                "reason": "Satisfaction survey",
                "date": datetime.combine(self._on(offset), time(9, 0)),
                "satisfaction_score": score,
            }
        )

    def test_a_detractors_answer_holds_and_a_plain_contact_does_not(self):
        held = self._loyal_partner("Bam Dates")
        self._answer(held, 50, 0)  # 0 is the strongest detractor's answer, not "no score"
        plain = self._loyal_partner("Yazd Sweets")
        self.env["customer.touchpoint"].create(
            {"partner_id": plain.id, "reason": "A call", "date": datetime.combine(self._on(50), time(9, 0))}
        )
        promoter = self._loyal_partner("Rasht Tea")
        self._answer(promoter, 50, 10)
        self._recompute(100)
        self.assertEqual([self._stage(partner) for partner in (held, plain, promoter)], ["customer", "loyal", "loyal"])
