# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, freeze_time, tagged

from .common import LifecycleCommon


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestSettings(LifecycleCommon):
    def test_switching_to_invoices_recomputes_the_stages(self):
        partner = self._partner("Zagros Print House")
        self._order(partner, 0)
        self._recompute(5)
        self.assertEqual(self._stage(partner), "customer")
        with freeze_time(self._on(6)):
            settings = Form(self.env["res.config.settings"])
            settings.lifecycle_purchase_source = "invoice"
            settings.save().execute()
        self.assertEqual(self.company.lifecycle_purchase_source, "invoice")
        self.assertEqual(self._stage(partner), "prospect")  # no posted invoice yet

    def test_recompute_all_is_for_managers(self):
        partner = self._partner("Golrang Home")
        self._order(partner, 0)
        settings = self.env["res.config.settings"].create({})
        with self.assertRaises(AccessError):
            settings.with_user(self.salesman).action_lifecycle_recompute_all()
        self.assertEqual(self._stage(partner), "prospect")
        with freeze_time(self._on(1)):
            action = settings.with_user(self.env.ref("base.user_admin")).action_lifecycle_recompute_all()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(self._stage(partner), "customer")

    def test_lapse_settings_must_make_sense(self):
        with self.assertRefused(ValidationError, "at least one day"):
            self.company.lifecycle_lapse_days = 0
        with self.assertRefused(ValidationError, "lapsing soon"):
            self.company.lifecycle_lapse_warning_days = 400
        self.assertEqual(self.company.lifecycle_lapse_days, 365)
