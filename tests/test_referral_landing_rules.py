# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The landing form's rules, without the database (tools/referral_landing.py)."""

from odoo.tests import BaseCase, tagged

from ..tools.referral_landing import advocate_name, form_fingerprint, is_phone, same_phone


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestReferralLandingRules(BaseCase):
    def test_a_phone_number_is_written_with_digits_of_any_script(self):
        for phone in ("09121234567", "+98 912 123 4567", "۰۹۱۲ ۱۲۳ ۴۵۶۷", "(021) 8888-1234"):
            self.assertTrue(is_phone(phone), phone)
        for phone in ("call me", "12345", "+98 912 123 4567 890 12", "0912-abc-4567"):
            self.assertFalse(is_phone(phone), phone)

    def test_a_number_with_its_country_code_is_the_number_without_it(self):
        self.assertTrue(same_phone("+98 912 555 0101", "0912 555 0101"))
        self.assertTrue(same_phone("۰۹۱۲۵۵۵۰۱۰۱", "+989125550101"))
        self.assertFalse(same_phone("0912 555 0101", "0912 555 0102"))
        self.assertFalse(same_phone("", "0912 555 0101"))

    def test_the_same_words_make_the_same_form(self):
        self.assertEqual(
            form_fingerprint("Kian  Rahimi", "kian@example.com", "0912 123 4567", "Call me"),
            form_fingerprint("kian rahimi", "KIAN@example.com", "۰۹۱۲۱۲۳۴۵۶۷", " call  me "),
        )
        self.assertNotEqual(
            form_fingerprint("Kian", "kian@example.com", "", "Call me"),
            form_fingerprint("Kian", "kian@example.com", "", "Call me tomorrow"),
        )

    def test_a_person_is_named_by_their_first_name_a_company_by_its_name(self):
        self.assertEqual(advocate_name("Sara  Karimi Nejad", False), "Sara")
        self.assertEqual(advocate_name("Azar Textiles", True), "Azar Textiles")
