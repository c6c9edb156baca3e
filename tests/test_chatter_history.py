# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The chatter tells the history: a partner the rules move several steps at once gets one
note listing each move with its date, as the history has them."""

from datetime import timedelta

from odoo.tests import freeze_time, tagged
from odoo.tools import format_date

from ..tools import jalali
from .common import LifecycleCommon


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestChatterHistory(LifecycleCommon):
    # checks the chatter and tracking: on, as for users
    chatter = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.advocate = cls._partner("Pars Medical")
        cls.friend = cls._partner("Lena Hoffmann")
        with freeze_time(cls.day0 + timedelta(days=30)):
            cls.env["customer.referral"].create(
                {"referrer_id": cls.advocate.id, "referred_id": cls.friend.id, "date": cls.day0 + timedelta(days=30)}
            )
        # written before any run: the engine computes the whole story at once
        for offset in (0, 10, 20):  # customer on day 0, loyal on day 90
            cls._order(cls.advocate, offset)
        cls._order(cls.friend, 100)  # the referral converts: advocate 60 days after loyal, day 150

    def _stage_notes(self, partner):
        return partner.message_ids.filtered(lambda m: "moved by the lifecycle rules" in (m.body or ""))

    def test_one_run_moving_three_steps_lists_the_three_moves_with_their_dates(self):
        self._recompute(150)
        self.assertEqual(self._stage(self.advocate), "advocate")
        history = self._history(self.advocate)
        self.assertEqual(history.to_stage_id.mapped("code"), ["customer", "loyal", "advocate"])
        self.assertEqual(history.mapped("date"), [self._on(0), self._on(90), self._on(150)])
        note = self._stage_notes(self.advocate)
        self.assertEqual(note.tracking_value_ids.mapped("old_value_char"), ["Prospect"])
        self.assertEqual(len(note), 1)
        self.assertEqual(note.body.count("<li>"), 3)
        for line in history:
            self.assertIn(
                f"{format_date(self.env, line.date)}: {line.from_stage_id.name} → {line.to_stage_id.name}",
                note.body,
            )

    def test_one_step_keeps_the_short_note(self):
        self._recompute(0)
        note = self._stage_notes(self.advocate)
        self.assertEqual(len(note), 1)
        self.assertNotIn("<li>", note.body)

    def test_a_persian_reader_reads_jalali_days(self):
        self.env["res.lang"]._activate_lang("fa_IR")
        self.env["ir.module.module"]._load_module_terms(["customer_lifecycle"], ["fa_IR"], overwrite=True)
        self.company.partner_id.lang = "fa_IR"  # the rules' lines are read by the company's partner
        with freeze_time(self._on(150)):
            self.engine._recompute_all(self.company)
        note = self.advocate.message_ids.filtered(lambda m: "<li>" in (m.body or ""))
        self.assertEqual(len(note), 1)
        for offset in (0, 90, 150):
            self.assertIn(jalali.jalali_date(self._on(offset)), note.body)
