# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Persian users read the lifecycle dates in the Jalali calendar too."""

from datetime import date, datetime

from odoo.tests import BaseCase, Form, tagged

from ..tools import jalali
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


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestJalaliOnForms(LifecycleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fa_IR")
        cls.partner = cls._partner("Kourosh Carpets")
        cls._order(cls.partner, date(2026, 3, 21))

    def test_persian_user_sees_the_jalali_date_beside_the_gregorian_one(self):
        self._recompute(date(2026, 3, 25))
        form = Form(self.partner.with_context(lang="fa_IR"))
        self.assertTrue(form.lifecycle_show_jalali)
        self.assertEqual(str(form.lifecycle_customer_date), "2026-03-21")
        self.assertEqual(form.lifecycle_customer_date_jalali, "۰۱ فروردین ۱۴۰۵")

    def test_other_users_see_gregorian_dates_only(self):
        self._recompute(date(2026, 3, 25))
        form = Form(self.partner.with_context(lang="en_US"))
        self.assertFalse(form.lifecycle_show_jalali)
        self.assertFalse(form.lifecycle_customer_date_jalali)

    def test_touchpoint_date_in_jalali_for_persian_users(self):
        touchpoint = self.env["customer.touchpoint"].create(
            {"partner_id": self.partner.id, "date": datetime(2026, 3, 21, 9, 0), "reason": "Nowruz greetings"}
        )
        self.assertEqual(touchpoint.with_context(lang="fa_IR", tz="UTC").date_jalali, "۰۱ فروردین ۱۴۰۵")
        self.assertFalse(touchpoint.with_context(lang="en_US").date_jalali)
