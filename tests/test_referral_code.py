# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""An advocate's referral code: given on becoming an advocate, stopped on a lapse or a
loss, typed on a quotation, and turned into a referral when the order is confirmed."""

from datetime import datetime, time, timedelta

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, freeze_time, tagged
from odoo.tools import mute_logger

from ..models.customer_referral_code import CODE_ALPHABET, CODE_LENGTH
from .common import LifecycleCommon


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestReferralCode(LifecycleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.advocate = cls._partner("Azar Textiles")
        for offset in (0, 10, 20):  # loyal on day 90
            cls._order(cls.advocate, offset)
        cls.first_friend = cls._partner("Kian Electric")
        with freeze_time(cls.day0 + timedelta(days=30)):
            cls.env["customer.referral"].create(
                {
                    "referrer_id": cls.advocate.id,
                    "referred_id": cls.first_friend.id,
                    "date": cls.day0 + timedelta(days=30),
                }
            )
        cls._order(cls.first_friend, 100)
        cls.today = cls.day0 + timedelta(days=150)  # advocate on day 150
        with freeze_time(cls.today):
            cls.engine._recompute_all(cls.company)
        cls.Code = cls.env["customer.referral.code"]
        cls.code = cls.Code.search([("partner_id", "=", cls.advocate.id), ("company_id", "=", cls.company.id)])
        cls.newcomer = cls._partner("Pars Medical")

    def _quotation(self, partner, code, company=None):
        company = company or self.company
        with freeze_time(self.today):
            return (
                self.env["sale.order"]
                .with_company(company)
                .create(
                    {
                        "partner_id": partner.id,
                        "company_id": company.id,
                        "date_order": datetime.combine(self.today, time(12, 0)),
                        "lifecycle_referral_code": code,
                        "order_line": [Command.create({"product_id": self.product.id, "price_unit": 100.0})],
                    }
                )
            )

    def _confirm(self, order):
        with freeze_time(self.today):
            order.action_confirm()

    def _code_referrals(self, partner):
        return self.env["customer.referral"].search([("referred_commercial_id", "=", partner.id)])

    # the code itself

    def test_an_advocate_gets_one_readable_code(self):
        self.assertEqual(self._stage(self.advocate), "advocate")
        self.assertEqual(len(self.code), 1)
        self.assertEqual(self.code.state, "works")
        self.assertEqual(len(self.code.code), CODE_LENGTH)
        self.assertTrue(set(self.code.code) <= set(CODE_ALPHABET))
        self.assertFalse(set("01OIL") & set(CODE_ALPHABET))
        self.assertEqual(self.advocate.lifecycle_referral_code, self.code.code)

    def test_a_loyal_customer_has_no_code(self):
        loyal = self._partner("Loyal Only")
        for offset in (0, 10, 20):
            self._order(loyal, offset)
        self._recompute(100)
        self.assertEqual(self._stage(loyal), "loyal")
        self.assertFalse(self.Code.search([("partner_id", "=", loyal.id)]))
        self.assertFalse(loyal.lifecycle_referral_code)

    def test_codes_are_unique_in_a_company(self):
        partners = self.env["res.partner"].create([{"name": f"Advocate {n}", "is_company": True} for n in range(50)])
        self.Code._create_codes(self.company, partners.ids)
        codes = self.Code.search([("company_id", "=", self.company.id)])
        self.assertEqual(len(set(codes.mapped("code"))), len(codes))
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self.Code.sudo().create(
                {"partner_id": self.newcomer.id, "company_id": self.company.id, "code": self.code.code}
            )

    def test_a_lapse_stops_the_code_and_a_return_makes_it_work_again(self):
        self._recompute(20 + 366)
        self.assertEqual(self._stage(self.advocate), "lapsed")
        self.assertEqual(self.code.state, "stopped")
        self.assertFalse(self.advocate.lifecycle_referral_code)
        self.code.invalidate_recordset()
        with self.assertRefused(ValidationError, "no longer works"):
            self._quotation(self.newcomer, self.code.code)

    def test_marked_lost_stops_the_code_and_pinned_advocate_works_again(self):
        wizard = self.env["customer.lifecycle.pin.wizard"].with_user(self.manager)
        for code, state in (("lost", "stopped"), ("advocate", "works")):
            wizard.create(
                {"partner_ids": [Command.set(self.advocate.ids)], "stage_id": self.stage[code].id, "reason": "test"}
            ).action_apply()
            self.code.invalidate_recordset()
            self.assertEqual(self.code.state, state, code)

    def test_the_manager_gives_a_code_to_an_advocate_who_has_none(self):
        self.code.sudo().unlink()
        self.advocate.invalidate_recordset()
        self.assertFalse(self.advocate.lifecycle_referral_code)
        with self.assertRefused(AccessError, "can give an advocate a referral code"):
            self.advocate.with_user(self.salesman).action_lifecycle_referral_code_create()
        self.advocate.with_user(self.manager).action_lifecycle_referral_code_create()
        self.advocate.invalidate_recordset()
        self.assertTrue(self.advocate.lifecycle_referral_code)
        with self.assertRefused(UserError, "already has a referral code"):
            self.advocate.with_user(self.manager).action_lifecycle_referral_code_create()
        with self.assertRefused(UserError, "Only an advocate"):
            self.newcomer.with_user(self.manager).action_lifecycle_referral_code_create()

    # the code on a sale

    def test_an_unknown_code_is_refused(self):
        with self.assertRefused(ValidationError, "not known"):
            self._quotation(self.newcomer, "ZZZZ2222")

    def test_the_owner_cannot_use_their_own_code(self):
        contact = self.env["res.partner"].create({"name": "Reza", "parent_id": self.advocate.id})
        with self.assertRefused(ValidationError, "their own referral code"):
            self._quotation(contact, self.code.code)

    def test_a_customer_who_already_bought_is_refused(self):
        with self.assertRefused(ValidationError, "already bought"):
            self._quotation(self.first_friend, self.code.code)

    def test_a_partner_already_referred_by_another_is_refused(self):
        other = self._partner("Other Referrer")
        with freeze_time(self.today):
            self.env["customer.referral"].create(
                {"referrer_id": other.id, "referred_id": self.newcomer.id, "date": self.today}
            )
        with self.assertRefused(ValidationError, "already referred by Other Referrer"):
            self._quotation(self.newcomer, self.code.code)

    def test_lower_case_and_spaces_are_the_same_code_and_confirming_refers(self):
        typed = " ".join([self.code.code[:4].lower(), self.code.code[4:]])
        order = self._quotation(self.newcomer, typed)
        self.assertEqual(order.lifecycle_referral_code, self.code.code)
        self.assertFalse(self._code_referrals(self.newcomer))
        self._confirm(order)
        referral = self._code_referrals(self.newcomer)
        self.assertEqual(len(referral), 1)
        self.assertEqual((referral.referrer_id, referral.origin), (self.advocate, "code"))
        self.assertEqual(referral.state, "converted")

    def test_a_second_order_makes_no_second_referral(self):
        first, second = self._quotation(self.newcomer, self.code.code), self._quotation(self.newcomer, self.code.code)
        self._confirm(first)
        self._confirm(second)
        self.assertEqual(len(self._code_referrals(self.newcomer)), 1)

    def test_the_form_of_a_quotation_takes_the_code(self):
        with freeze_time(self.today):
            with Form(self.env["sale.order"]) as form:
                form.partner_id = self.newcomer
                form.lifecycle_referral_code = self.code.code.lower()
                with form.order_line.new() as line:
                    line.product_id = self.product
            self.assertEqual(form.record.lifecycle_referral_code, self.code.code)

    def test_staff_referrals_say_so(self):
        self.assertEqual(self._code_referrals(self.first_friend).origin, "staff")

    def test_a_code_of_one_company_does_nothing_in_another(self):
        other_company = self._company("Other Company")
        self.env.user.company_ids |= other_company
        with self.assertRefused(ValidationError, "not known"):
            self._quotation(self.newcomer, self.code.code, company=other_company)
        self.assertFalse(self.Code.search([("company_id", "=", other_company.id)]))

    def test_the_demo_tells_the_code_story(self):
        """A quotation waiting with Azar Textiles' code, and an order that came by it and
        made a customer, whose reward waits for the sale to be final."""
        referral = self.env["customer.referral"].search(
            [("referred_id", "=", self.env.ref("customer_lifecycle.customer_tabriz").id)]
        )
        self.assertRecordValues(
            referral,
            [
                {
                    "referrer_id": self.env.ref("customer_lifecycle.advocate_azar").id,
                    "origin": "code",
                    "state": "converted",
                }
            ],
        )
        self.assertEqual(referral.reward_grant_ids.state, "waiting")
        quotation = self.env.ref("customer_lifecycle.demo_order_referral_code")
        self.assertEqual((quotation.state, quotation.lifecycle_referral_code), ("draft", "AZR7K2QM"))
