# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""A Persian user of the Solar Hijri calendar in a real browser: Odoo's web tour in
headless Chromium reads, picks and types Jalali dates; what is stored stays Gregorian."""

from datetime import date

from odoo.modules.module import get_manifest
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestJalaliTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fa_IR")
        # the web client's own words and the addon's in Persian: the page is right to left
        cls.env["ir.module.module"]._load_module_terms(["web", "customer_lifecycle"], ["fa_IR"], overwrite=True)
        # the Persian web client's first requests read the modules' manifests in two
        # threads at once, which Python 3.11.7's parser does not bear (SystemError "AST
        # constructor recursion depth mismatch", CPython gh-106905): read them first
        for module in cls.env["ir.module.module"].search([("state", "=", "installed")]).mapped("name"):
            get_manifest(module)
        cls.user = new_test_user(
            cls.env,
            login="cl_tour_fa",
            name="Tour Jalali Manager",
            lang="fa_IR",
            tz="Asia/Tehran",
            groups="base.group_user,sales_team.group_sale_manager,customer_lifecycle.group_lifecycle_senior",
        )
        cls.partner = cls.env["res.partner"].create({"name": "Tour Jalali Clinic", "is_company": True})
        customer = cls.env["customer.lifecycle.stage"].search([("code", "=", "customer")], limit=1)
        cls.partner.sudo().write(
            {
                "lifecycle_stage_id": customer.id,
                "lifecycle_stage_date": date(2026, 3, 21),
                "lifecycle_customer_date": date(2026, 3, 21),
                "lifecycle_key_account": True,
            }
        )
        cls.plan = cls.env["customer.key.account.plan"].create(
            {
                "name": "Tour Jalali plan",
                "partner_id": cls.partner.id,
                "date_start": date(2026, 4, 5),  # 1405/01/16
                "date_end": date(2026, 12, 31),
            }
        )

    def test_a_jalali_user_reads_picks_and_types_solar_hijri_dates(self):
        self.assertEqual(self.user.lifecycle_calendar, "jalali")
        self.start_tour(
            "/odoo/action-customer_lifecycle.res_partner_action_customer_lifecycle",
            "customer_lifecycle_jalali_tour",
            login="cl_tour_fa",
        )
        # picked 1404/12/29 in the datepicker, typed ۱۴۰۵/۰۱/۰۱
        self.assertRecordValues(self.plan, [{"date_start": date(2026, 3, 20), "date_end": date(2026, 3, 21)}])
