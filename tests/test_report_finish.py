# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The PDFs' finish: the company at the top, Persian shaped whole, headings kept with
their text."""

from pathlib import Path

from odoo.modules.module import get_module_path
from odoo.tests import BaseCase, TransactionCase, tagged

from ..tools import bidi

ZWNJ = "\u200c"


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestZeroWidthNonJoiner(BaseCase):
    def test_a_non_joiner_of_a_text_gets_an_element_of_its_own(self):
        self.assertEqual(
            bidi.keep_zero_width_non_joiners(f"<h4>استراتژی{ZWNJ}ها</h4>"),
            f"<h4>استراتژی<span>{ZWNJ}</span>ها</h4>",
        )

    def test_attributes_and_texts_without_one_are_left_alone(self):
        html = f'<img alt="آن{ZWNJ}ها"/><p>Pars Medical</p>'
        self.assertEqual(bidi.keep_zero_width_non_joiners(html), html)


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestReportFinish(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fa_IR")
        cls.env["ir.module.module"]._load_module_terms(["customer_lifecycle"], ["fa_IR"], overwrite=True)
        cls.plan = cls.env.ref("customer_lifecycle.demo_plan_pars")

    def _pdf_html(self, report_xmlid, docids, lang):
        """The HTML that wkhtmltopdf is given for the report, as the PDF path renders it."""
        Report = self.env["ir.actions.report"].with_context(lang=lang)
        report = Report._get_report(report_xmlid)
        data = Report._get_rendering_context(report, docids, {"report_type": "pdf"})
        return Report._render_template(report.report_name, data).decode()

    def test_the_plan_shows_its_company_and_keeps_persian_whole(self):
        html = self._pdf_html("customer_lifecycle.action_report_key_account_plan", self.plan.ids, "fa_IR")
        self.assertIn('class="o_cl_company"', html)
        self.assertIn(self.plan.company_id.name, html)
        self.assertIn(f"استراتژی<span>{ZWNJ}</span>ها", html)

    def test_the_profile_shows_its_company(self):
        partner = self.plan.partner_id
        html = self._pdf_html("customer_lifecycle.action_report_customer_lifecycle_profile", partner.ids, "en_US")
        self.assertIn('class="o_cl_company"', html)
        self.assertIn(self.env.company.name, html)

    def test_the_persian_font_ships_with_its_licence(self):
        folder = Path(get_module_path("customer_lifecycle"), "static", "lib", "vazirmatn")
        for name in ("Vazirmatn-Regular.ttf", "Vazirmatn-Bold.ttf", "OFL.txt"):
            self.assertTrue((folder / name).is_file(), name)
        scss = Path(get_module_path("customer_lifecycle"), "static/src/scss/customer_lifecycle_report.scss").read_text()
        self.assertIn("/customer_lifecycle/static/lib/vazirmatn/Vazirmatn-Regular.ttf", scss)
