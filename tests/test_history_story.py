# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The history is the story, never a copy of it: a partner who comes back to a story
already recorded (a change of Settings undone, a credit note cancelled) does not write
it again."""

from odoo import Command
from odoo.tests import Form, freeze_time, tagged

from .common import LifecycleCommon


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestHistoryStory(LifecycleCommon):
    def _lines(self, partner, company=None):
        return [
            (line.from_stage_id.code or False, line.to_stage_id.code, line.date, line.rule)
            for line in self._history(partner, company)
        ]

    def _switch_source(self, company, source):
        """The purchase source changed as a manager does it: in Settings."""
        settings = Form(self.env["res.config.settings"].with_company(company))
        settings.lifecycle_purchase_source = source
        settings.save().execute()

    def test_switching_the_purchase_source_and_back_records_each_move_once(self):
        company = self._company("Story Textiles Co")
        advocate, friend = self._partner("Story Azar Textiles"), self._partner("Story Friend")
        for offset in (0, 10, 20):
            self._order(advocate, offset, company=company)
        with freeze_time(self._on(30)):
            self.env["customer.referral"].create(
                {"referrer_id": advocate.id, "referred_id": friend.id, "date": self._on(30), "company_id": company.id}
            )
        self._order(friend, 100, company=company)
        self._recompute(200, company)
        story = [
            ("prospect", "customer", self._on(0), "first_purchase"),
            ("customer", "loyal", self._on(90), "loyal"),
            ("loyal", "advocate", self._on(150), "advocate"),
        ]
        self.assertEqual(self._lines(advocate, company), story)

        # to invoices and back, twice: once written on the company, once in Settings
        with freeze_time(self._on(201)):
            company.lifecycle_purchase_source = "invoice"
            self.assertEqual(self._stage(advocate, company), "prospect")  # no invoice: no purchase
            company.lifecycle_purchase_source = "sale"
            self.assertEqual(self._stage(advocate, company), "advocate")
        with freeze_time(self._on(202)):
            self._switch_source(company, "invoice")
            self._switch_source(company, "sale")
        self.assertEqual(company.lifecycle_purchase_source, "sale")

        # each past move once; each move the changes caused once, on the day of the change
        moved_by_settings = [
            ("advocate", "prospect", self._on(201), "settings"),
            ("prospect", "advocate", self._on(201), "settings"),
            ("advocate", "prospect", self._on(202), "settings"),
            ("prospect", "advocate", self._on(202), "settings"),
        ]
        self.assertEqual(self._lines(advocate, company), story + moved_by_settings)
        self.assertEqual(
            [line[:3] for line in self._lines(friend, company)],
            [("prospect", "customer", self._on(100))]
            + [
                (f, t, self._on(day))
                for day in (201, 202)
                for f, t in (("customer", "prospect"), ("prospect", "customer"))
            ],
        )
        reasons = set(self._history(advocate, company).filtered(lambda line: line.rule == "settings").mapped("reason"))
        self.assertEqual(
            reasons,
            {
                "Settings changed: qualifying purchases are Posted customer invoices, and a customer lapses "
                "after 365 days without one.",
                "Settings changed: qualifying purchases are Confirmed sales orders, and a customer lapses "
                "after 365 days without one.",
            },
        )
        # the daily job after it finds the story told
        self._recompute(203, company)
        self.assertEqual(len(self._history(advocate, company)), len(story + moved_by_settings))

    def test_a_credit_note_cancelled_again_does_not_write_the_story_again(self):
        self.company.lifecycle_purchase_source = "invoice"
        partner = self._partner("Story Sepid Dairy")
        with freeze_time(self._on(30)):
            invoice = self.env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": self._on(0),
                    "invoice_line_ids": [
                        Command.create(
                            {"product_id": self.product.id, "price_unit": 100.0, "tax_ids": [Command.clear()]}
                        )
                    ],
                }
            )
            invoice.action_post()
        with freeze_time(self._on(31)):
            reversal = (
                self.env["account.move.reversal"]
                .with_context(active_model="account.move", active_ids=invoice.ids)
                .create({"journal_id": invoice.journal_id.id, "date": self._on(31)})
            )
            reversal.refund_moves()
            refund = self.env["account.move"].search([("reversed_entry_id", "=", invoice.id)])
            refund.action_post()
        self.assertEqual(self._stage(partner), "prospect")
        with freeze_time(self._on(32)):
            refund.button_draft()
            refund.button_cancel()
        self.assertEqual(self._stage(partner), "customer")
        self.assertEqual(
            self._lines(partner),
            [
                ("prospect", "customer", self._on(0), "first_purchase"),
                ("customer", "prospect", self._on(31), "recomputed"),
                ("prospect", "customer", self._on(32), "recomputed"),
            ],
        )
