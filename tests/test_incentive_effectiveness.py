# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The Incentive Effectiveness report."""

from datetime import date

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import UpliftCommon


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestIncentiveEffectivenessReport(UpliftCommon):
    def _render(self, lang):
        wizard = (
            self.env["customer.incentive.effectiveness.wizard"]
            .with_user(self.salesman)
            .create({"company_id": self.branch.id, "date_from": date(2026, 3, 1), "date_to": date(2026, 3, 31)})
        )
        self.salesman.company_ids = [Command.link(self.branch.id)]
        self.env.flush_all()
        report = self.env.ref("customer_lifecycle.action_report_incentive_effectiveness")
        html, _type = report.with_context(lang=lang)._render_qweb_html(report.report_name, wizard.ids)
        return wizard, html.decode()

    def test_the_report_shows_the_cem_table_and_ranks_the_policies(self):
        wizard, html = self._render("en_US")
        rows = wizard.sudo()._effectiveness_rows()
        self.assertEqual([row["incentive"] for row in rows["cem"]], [self.branch_gift])
        self.assertEqual((rows["cem"][0]["grants"], rows["cem"][0]["repeats"]), (2, 1))
        self.assertEqual(rows["ranking"][0]["uplift"], 25.0)
        self.assertIn("Shiraz gift box", html)
        self.assertIn("+25.0", html)
        self.assertIn("No incentive given to advocates in the period.", html)

    def test_persian_readers_get_persian_digits_right_to_left(self):
        self.env["res.lang"]._activate_lang("fa_IR")
        _wizard, html = self._render("fa_IR")
        self.assertIn('dir="rtl"', html)
        self.assertIn("+۲۵.۰", html)

    def test_a_period_ending_before_it_starts_is_refused(self):
        with self.assertRefused(ValidationError, "after its end"):
            self.env["customer.incentive.effectiveness.wizard"].create(
                {"date_from": date(2026, 4, 1), "date_to": date(2026, 3, 1)}
            )
