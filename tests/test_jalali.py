# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Persian users read the lifecycle dates in the Jalali calendar too."""

from datetime import date, datetime

from odoo.tests import BaseCase, Form, freeze_time, tagged

from ..tools import bidi, jalali
from .common import LifecycleCommon


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestJalaliTools(BaseCase):
    def test_nowruz_starts_the_jalali_year(self):
        self.assertEqual(jalali.jalali_date(date(2026, 3, 21)), "۰۱ فروردین ۱۴۰۵")
        self.assertEqual(jalali.jalali_date(date(2026, 3, 20)), "۲۹ اسفند ۱۴۰۴")
        self.assertEqual(jalali.jalali_date(datetime(2026, 1, 5, 12, 0)), "۱۵ دی ۱۴۰۴")
        self.assertEqual(jalali.jalali_date(None), "")

    def test_persian_is_told_by_the_language_code(self):
        self.assertTrue(jalali.is_persian("fa_IR"))
        self.assertTrue(jalali.is_persian("fa"))
        self.assertFalse(jalali.is_persian("en_US"))
        self.assertFalse(jalali.is_persian(False))

    def test_latin_and_digit_runs_of_a_persian_line_are_isolated_for_the_pdf(self):
        ltr = '<span dir="ltr">%s</span>'
        self.assertEqual(bidi.isolate_ltr_runs("۱۰٪ تخفیف"), f"{ltr % '۱۰٪'} تخفیف")
        self.assertEqual(
            bidi.isolate_ltr_runs("مدیریت همکاری با مشتری (CAM): توسعه"),
            f"مدیریت همکاری با مشتری ({ltr % 'CAM'}): توسعه",  # brackets and colon stay right to left
        )
        self.assertEqual(bidi.isolate_ltr_runs("خرید (روز) - تست"), "خرید (روز) - تست")
        self.assertEqual(bidi.isolate_ltr_runs("Pars Medical <b>"), "Pars Medical &lt;b&gt;")  # no Persian: as it is
        self.assertEqual(bidi.isolate_ltr_runs("<i>x</i> تست"), f"&lt;{ltr % 'i&gt;x&lt;/i'}&gt; تست")  # escaped


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestJalaliOnForms(LifecycleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fa_IR")
        cls.partner = cls._partner("Kourosh Carpets")
        cls._order(cls.partner, date(2026, 3, 21))

    def test_the_form_shows_each_date_once_in_the_users_calendar(self):
        # the date widget itself is Jalali for a Jalali user: no second date beside it
        self._recompute(date(2026, 3, 25))
        form = Form(self.partner.with_context(lang="fa_IR"))
        self.assertEqual(str(form.lifecycle_customer_date), "2026-03-21")
        for name in ("lifecycle_customer_date_jalali", "lifecycle_last_touchpoint_date_jalali"):
            # the Form has only the view's fields
            self.assertRaises(AssertionError, getattr, form, name)

    def test_persian_exports_carry_the_written_jalali_date(self):
        self._recompute(date(2026, 3, 25))
        columns = ["name", "lifecycle_customer_date", "lifecycle_customer_date_jalali"]
        rows = self.partner.with_context(lang="fa_IR").export_data(columns)["datas"]
        self.assertEqual(rows, [["Kourosh Carpets", date(2026, 3, 21), "۰۱ فروردین ۱۴۰۵"]])
        rows = self.partner.with_context(lang="en_US").export_data(columns)["datas"]
        self.assertEqual(rows, [["Kourosh Carpets", date(2026, 3, 21), ""]])

    def test_touchpoint_date_in_jalali_for_persian_users(self):
        touchpoint = self.env["customer.touchpoint"].create(
            {"partner_id": self.partner.id, "date": datetime(2026, 3, 21, 9, 0), "reason": "Nowruz greetings"}
        )
        self.assertEqual(touchpoint.with_context(lang="fa_IR", tz="UTC").date_jalali, "۰۱ فروردین ۱۴۰۵")
        self.assertFalse(touchpoint.with_context(lang="en_US").date_jalali)


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestProfileReport(LifecycleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fa_IR")
        cls.partner = cls._partner("Shirin Ceramics", phone="+98 21 5555 0101")
        cls._order(cls.partner, date(2026, 3, 21), amount=1200.0)
        cls.env["customer.touchpoint"].create(
            {
                "partner_id": cls.partner.id,
                "date": datetime(2026, 3, 22, 9, 0),
                "reason": "Thanked them for the first order",
                "sentiment": "positive",
                "user_id": cls.salesman.id,
            }
        )

    def _render(self, lang):
        with freeze_time(date(2026, 3, 25)):
            self.engine._recompute_all(self.company)
        report = self.env.ref("customer_lifecycle.action_report_customer_lifecycle_profile")
        html, _type = report.with_context(lang=lang)._render_qweb_html(report.report_name, self.partner.ids)
        return html.decode()

    def test_persian_reader_gets_right_to_left_and_jalali_dates(self):
        html = self._render("fa_IR")
        self.assertIn('dir="rtl"', html)
        self.assertIn("۰۱ فروردین ۱۴۰۵", html)  # became customer, in the Jalali calendar
        self.assertIn("۰۲ فروردین ۱۴۰۵", html)  # the touch-point
        self.assertNotIn("03/21/2026", html)
        self.assertIn("Thanked them for the first order", html)

    def test_other_readers_get_left_to_right_and_gregorian_dates(self):
        html = self._render("en_US")
        self.assertIn('dir="ltr"', html)
        self.assertIn("03/21/2026", html)
        self.assertNotIn("فروردین", html)
        self.assertIn("Shirin Ceramics", html)
        self.assertIn("+98 21 5555 0101", html)
