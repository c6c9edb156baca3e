# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Two defects of issue 26: a referral code is stored as a typed code is read (upper case,
no spaces, letters and digits of the code alphabet) or refused; the names of incentives,
stages, goals and plans cannot be blank."""

from datetime import date

from odoo.exceptions import ValidationError
from odoo.tests import BaseCase, tagged

from ..models.customer_referral_code import is_code, normalize_code
from .common import IncentiveCommon, plan_values


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestCodeForm(BaseCase):
    def test_a_stored_code_is_what_a_typed_code_becomes(self):
        self.assertTrue(is_code("AB2C3D4E"))
        self.assertTrue(is_code(normalize_code(" ab2c 3d4e ")))
        self.assertFalse(is_code(normalize_code("<b>ab c</b>")))
        self.assertFalse(is_code("ABCO0I1L"))  # look-alikes are not in the alphabet
        self.assertFalse(is_code(""))


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestNamesAndCodes(IncentiveCommon):
    def test_a_code_is_stored_normalized_or_refused(self):
        self.Code = self.env["customer.referral.code"]
        self._set_stage(self.advocate, "advocate")
        self.Code._create_codes(self.company, self.advocate.ids)
        code = self.Code.search([("partner_id", "=", self.advocate.id), ("company_id", "=", self.company.id)])
        code.with_user(self.manager).code = " azar 2345 "
        self.assertEqual(code.code, "AZAR2345")
        self.assertEqual(self.Code._find(self.company, "azar 2345"), code)
        with self.assertRefused(ValidationError, "cannot be typed by a customer"):
            code.with_user(self.manager).code = "<b>ab c</b>"
        self.assertEqual(code.code, "AZAR2345")

    def test_names_cannot_be_blank(self):
        self.loyal.lifecycle_key_account = True
        blank = " \t "
        cases = (
            ("An incentive needs a name", lambda: self.Incentive.create({"name": blank, "unit_cost": 10})),
            ("A lifecycle stage needs a name", lambda: self.stage["loyal"].write({"name": blank})),
            (
                "A relationship goal needs a name",
                lambda: self.env["customer.lifecycle.goal"].create(
                    {"name": blank, "date_start": date(2027, 1, 1), "date_end": date(2027, 12, 31)}
                ),
            ),
            (
                "A key-account plan needs a name",
                lambda: self.env["customer.key.account.plan"].create(plan_values(self.loyal, blank, 2026)),
            ),
        )
        for message, bad_input in cases:
            with self.subTest(message), self.assertRefused(ValidationError, message):
                bad_input()
        self.assertEqual(self.stage["loyal"].name, "Loyal")
