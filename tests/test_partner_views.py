# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""What the partner form, the customers' kanban and their filters show of the lifecycle."""

from odoo.tests import Form, freeze_time, tagged

from .. import odoo_compat
from .common import LifecycleCommon


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestPartnerViews(LifecycleCommon):
    def test_partner_form_shows_the_lifecycle(self):
        partner = self._partner("Maple & Finch Bakery")
        self._order(partner, 0)
        self._recompute(3)
        form = Form(partner.with_user(self.salesman))
        self.assertEqual(form.lifecycle_stage_id, self.stage["customer"])
        self.assertEqual(form.lifecycle_purchase_count, 1)
        self.assertEqual(form.lifecycle_history_count, 1)

    def test_kanban_shows_every_stage_even_empty(self):
        groups = odoo_compat.web_read_group(
            self.env["res.partner"], [("id", "=", self._partner("Empty").id)], ["lifecycle_stage_id"]
        )
        codes = [self.env["customer.lifecycle.stage"].browse(g["lifecycle_stage_id"][0]).code for g in groups]
        self.assertEqual(codes, ["prospect", "customer", "loyal", "advocate", "lapsed", "lost"])

    def test_filters_lapsing_soon_and_loyal_untouched(self):
        soon = self._partner("Tabriz Tiles")
        later = self._partner("Zagros Print House")
        self._order(soon, 0)
        self._order(later, 100)
        loyal = self._partner("Azadi Pharmacy")
        for offset in (0, 10, 20):
            self._order(loyal, offset)
        self._recompute(340)
        with freeze_time(self._on(340)):
            Partner = self.env["res.partner"]
            found = Partner.search([("lifecycle_lapsing_soon", "=", True)])
            self.assertIn(soon, found)
            self.assertNotIn(later, found)
            self.assertTrue(soon.lifecycle_lapsing_soon)
            self.assertEqual(soon.lifecycle_lapse_date, self._on(365))
            untouched = [
                ("lifecycle_stage_id.code", "=", "loyal"),
                ("lifecycle_touchpoint_ids", "not any", [("date", ">=", self._on(250))]),
            ]
            self.assertIn(loyal, Partner.search(untouched))
            self.env["customer.touchpoint"].create(
                {
                    "partner_id": loyal.id,
                    "reason": "Thank-you call",
                    "date": self._on(300),
                }
            )
            self.assertNotIn(loyal, Partner.search(untouched))
