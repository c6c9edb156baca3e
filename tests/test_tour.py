# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The main path in a real browser: Odoo's web tour in headless Chromium."""

from unittest.mock import patch

from odoo.tests import HttpCase, new_test_user, tagged

from .common import plan_values


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestLifecycleTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(
            cls.env,
            login="cl_tour",
            name="Tour Manager",
            groups="base.group_user,sales_team.group_sale_manager,customer_lifecycle.group_lifecycle_senior",
        )
        cls.friend = cls.env["res.partner"].create({"name": "Tour Friend Clinic", "is_company": True})
        cls.customer = cls.env["res.partner"].search([("name", "=", "Pars Medical")], limit=1)
        cls.plan = cls.env["customer.key.account.plan"].create(
            plan_values(cls.customer, "Tour plan 2027", 2027, target=50000, step="business_partner")
        )

    def test_the_main_path_from_the_app_to_the_printed_plan(self):
        # what the Print menu asks the server to render (the browser downloads it)
        Report = self.registry["ir.actions.report"]
        render = Report._render_qweb_pdf
        printed = []

        def spy(report, report_ref, res_ids=None, data=None):
            printed.append((report_ref, list(res_ids or [])))
            return render(report, report_ref, res_ids=res_ids, data=data)

        # without wkhtmltopdf the web client shows the HTML report and never asks for the PDF
        self.assertEqual(
            self.env["ir.actions.report"].get_wkhtmltopdf_state(),
            "ok",
            "wkhtmltopdf is missing or broken: install it (apt-get install wkhtmltopdf)",
        )
        with patch.object(Report, "_render_qweb_pdf", spy):
            # the tour ends once the browser has received the PDF (see its last steps)
            self.start_tour("/odoo", "customer_lifecycle_tour", login="cl_tour")
        self.assertIn(("customer_lifecycle.report_key_account_plan", self.plan.ids), printed)
        advocate = self.env["res.partner"].search([("name", "=", "Azar Textiles")], limit=1)
        touchpoint = self.env["customer.touchpoint"].search([("reason", "=", "Tour: thanked them for the referral")])
        self.assertRecordValues(
            touchpoint,
            [{"partner_id": advocate.id, "user_id": self.user.id, "result": "They will introduce another clinic"}],
        )
        referral = self.env["customer.referral"].search([("referred_id", "=", self.friend.id)])
        self.assertRecordValues(referral, [{"referrer_id": advocate.id, "state": "new"}])
        self.assertRecordValues(self.plan, [{"state": "approved", "approved_by_id": self.user.id}])
