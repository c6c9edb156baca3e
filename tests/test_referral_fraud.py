# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Fraud checks on Odoo's own data: a referral whose two sides share a VAT number, a phone,
an e-mail address or company domain, an address or a bank account, or whose referrer
makes too many referrals at once, waits To Review until a Lifecycle Manager decides."""

from datetime import datetime, time, timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time, tagged

from .. import odoo_compat
from ..models.customer_referral_fraud import ReviewSubject
from ..tools import referral_fraud as fraud
from .common import LifecycleCommon

# a mobile number: 18.0's mobile field, beside the phone; 19.0 has one phone field only, so
# there the same numbers meet in the phones of different partners
MOBILE = odoo_compat.MOBILE_FIELD


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestReferralFraud(LifecycleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.referrer = cls._loyal_partner("Azar Textiles")
        cls.buyer = cls.env["res.partner"].create(
            {"name": "Ali Rezaei", "parent_id": cls.referrer.id, "type": "contact"}
        )
        cls.friend = cls._partner("Kian Electric")
        cls.Referral = cls.env["customer.referral"]

    def _refer(self, referred=None, offset=30, referrer=None, user=None):
        Referral = self.Referral.with_user(user) if user else self.Referral
        with freeze_time(self._on(offset)):
            return Referral.create(
                {
                    "referrer_id": (referrer or self.referrer).id,
                    "referred_id": (referred or self.friend).id,
                    "date": self._on(offset),
                }
            )

    def assertToReview(self, referral, *texts):
        self.assertEqual(referral.state, "to_review")
        for text in texts:
            self.assertIn(text, referral.review_reasons)

    # ------------------------------------------------------------------
    # Each reason
    # ------------------------------------------------------------------

    def test_a_shared_vat_number_is_to_review(self):
        self.referrer.vat = "IR 411-1234-5678"
        self.friend.vat = "41112345678"
        self.assertToReview(self._refer(), "Azar Textiles and Kian Electric have the same VAT number, 41112345678.")

    def test_a_phone_written_otherwise_is_to_review(self):
        self.buyer[MOBILE] = "+98 912 345 6789"
        self.friend.phone = "09123456789"
        self.assertToReview(
            self._refer(),
            "Azar Textiles, Ali Rezaei (+98 912 345 6789) and Kian Electric (09123456789) have the same phone number.",
        )

    def test_another_phone_number_is_not_a_reason(self):
        self.buyer[MOBILE] = "+98 912 345 6789"
        self.friend.phone = "09123456788"
        referral = self._refer()
        self.assertEqual((referral.state, referral.review_reasons), ("new", False))

    def test_a_shared_email_address_is_to_review(self):
        self.buyer.email = "ali.rezaei@gmail.com"
        self.env["res.partner"].create(
            {"name": "Reza Kiani", "parent_id": self.friend.id, "email": '"Reza" <Ali.Rezaei@Gmail.com>'}
        )
        self.assertToReview(self._refer(), "have the same e-mail address, ali.rezaei@gmail.com.")

    def test_a_company_mail_domain_is_to_review_but_not_a_public_provider(self):
        self.referrer.email = "sales@azartex.ir"
        self.friend.email = "info@azartex.ir"
        self.assertToReview(self._refer(), "have e-mail addresses at the same company domain, azartex.ir.")
        other = self._partner("Pars Medical", email="pars.medical@gmail.com")
        self.referrer.email = "azar.textiles@gmail.com"
        clean = self._refer(other, 31)
        self.assertEqual((clean.state, clean.review_reasons), ("new", False))

    def test_a_shared_street_and_zip_is_to_review(self):
        self.referrer.write({"street": "12, Valiasr St.", "zip": "15 119"})
        self.friend.write({"street": "12 valiasr st", "zip": "15119"})
        self.assertToReview(self._refer(), "have the same address, 12 valiasr st, 15119.")

    def test_the_same_street_in_another_zip_is_not_a_reason(self):
        self.referrer.write({"street": "12 Valiasr St", "zip": "15119"})
        self.friend.write({"street": "12 Valiasr St", "zip": "81746"})
        self.assertEqual(self._refer().state, "new")

    def test_a_shared_bank_account_is_to_review(self):
        Bank = self.env["res.partner.bank"]
        Bank.create({"partner_id": self.buyer.id, "acc_number": "IR06 0120 0000 0000 1234 5678 90"})
        Bank.create({"partner_id": self.friend.id, "acc_number": "IR060120000000001234567890"})
        self.assertToReview(
            self._refer(),
            "Azar Textiles, Ali Rezaei and Kian Electric have the same bank account number, ending in 7890.",
        )

    def test_too_many_referrals_in_30_days_are_to_review(self):
        self.company.lifecycle_referral_velocity_limit = 2
        first = self._refer(self._partner("First Friend"), 10)
        second = self._refer(self._partner("Second Friend"), 25)
        third = self._refer(self._partner("Third Friend"), 39)
        self.assertEqual((first.state, second.state), ("new", "new"))
        self.assertToReview(third, "Azar Textiles made 3 referrals in the 30 days up to", "more than the limit of 2.")
        # 30 days after the second one, the first two no longer count
        self.assertEqual(self._refer(self._partner("Fourth Friend"), 55).state, "new")

    def test_an_import_is_checked_in_as_many_queries_as_one_referral(self):
        # the contacts, bank accounts and recent referrals of all the referrals are read at once
        self.company.lifecycle_referral_velocity_limit = 5
        friends = self.env["res.partner"].create(
            [{"name": f"Imported Clinic {n}", "is_company": True, "phone": f"0912 345 678{n % 2}"} for n in range(10)]
        )
        self.buyer[MOBILE] = "+98 912 345 6781"
        self._refer(offset=20)

        def check(referred):
            subjects = [ReviewSubject(self.company, self.referrer, friend, self._on(30)) for friend in referred]
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            reasons = self.Referral._review_reasons_of(subjects)
            return self.env.cr.sql_log_count - before, reasons

        one, __ = check(friends[:1])
        queries, reasons = check(friends)
        self.assertEqual(queries, one)
        # the odd ones share Ali Rezaei's mobile; the referral of day 20 and those before
        # each one count for its velocity
        self.assertEqual(["same phone number" in text for text in reasons], [n % 2 == 1 for n in range(10)])
        self.assertIn("made 11 referrals in the 30 days", reasons[-1])

    def test_several_reasons_are_said_one_a_line(self):
        self.referrer.write({"vat": "41112345678", "phone": "+98 21 8888 1234"})
        self.friend.write({"vat": "IR41112345678", MOBILE: "021 8888 1234"})
        self.assertEqual(len(self._refer().review_reasons.splitlines()), 2)

    def test_the_existing_refusals_stay_refusals(self):
        self.buyer.phone = self.referrer.phone = "+98 21 8888 1234"
        with self.assertRefused(ValidationError, "same customer"):
            self._refer(self.referrer, referrer=self.buyer)
        self.friend.phone = "021 8888 1234"
        self._order(self.friend, 5)
        with self.assertRefused(ValidationError, "already a customer"):
            self._refer()

    # ------------------------------------------------------------------
    # Waiting, accepted, rejected
    # ------------------------------------------------------------------

    def _shared_phone_referral(self):
        self.buyer[MOBILE] = "+98 912 345 6789"
        self.friend.phone = "09123456789"
        return self._refer()

    def test_a_referral_to_review_neither_converts_nor_makes_an_advocate(self):
        referral = self._shared_phone_referral()
        self._order(self.friend, 100)
        self._recompute(150)
        referral.invalidate_recordset()
        self.assertEqual((referral.state, referral.conversion_date), ("to_review", False))
        self.assertEqual(self._stage(self.referrer), "loyal")
        self.assertEqual(self.referrer.lifecycle_referral_converted_count, 0)

    def test_accepted_it_converts_and_counts_and_the_chatter_says_who(self):
        referral = self._shared_phone_referral()
        self._order(self.friend, 100)
        self._recompute(120)
        with freeze_time(self._on(120)):
            referral.with_user(self.manager).action_accept()
        referral.invalidate_recordset()
        self.assertEqual((referral.state, referral.conversion_date), ("converted", self._on(100)))
        self.assertIn("same phone number", referral.review_reasons)  # kept for the record
        message = referral.message_ids.filtered(lambda m: "accepted it" in m.body)
        self.assertEqual(message.author_id, self.manager.partner_id)
        self.assertIn("read the reasons to review this referral and accepted it", message.body)
        self.assertIn("09123456789", message.body)
        self._recompute(150)
        self.assertEqual(self._stage(self.referrer), "advocate")
        self.assertEqual(self.referrer.lifecycle_referral_converted_count, 1)

    def test_rejected_with_a_reason_by_a_manager(self):
        referral = self._shared_phone_referral().with_user(self.manager)
        with self.assertRefused(UserError, "rejection reason"):
            referral.action_reject()
        referral.rejection_reason = "Kian Electric is Azar Textiles' own shop"
        referral.action_reject()
        self.assertEqual(referral.state, "rejected")
        self.env.flush_all()
        self.env.cr.precommit.run()  # the tracking messages are written before the commit
        tracked = referral.sudo().message_ids.tracking_value_ids.mapped("new_value_char")
        self.assertIn("Rejected", tracked)
        self.assertIn("Kian Electric is Azar Textiles' own shop", tracked)
        with self.assertRefused(UserError, "not waiting for a review"):
            referral.action_accept()

    def test_salespeople_cannot_accept_nor_reject_nor_skip_the_review(self):
        self.buyer[MOBILE] = "+98 912 345 6789"
        self.friend.phone = "09123456789"
        referral = self._refer(user=self.salesman)
        as_salesman = referral.with_user(self.salesman)
        with self.assertRefused(AccessError, "Only a Lifecycle Manager"):
            as_salesman.action_accept()
        as_salesman.rejection_reason = "Not sure"
        with self.assertRefused(AccessError, "Only a Lifecycle Manager"):
            as_salesman.action_reject()
        with self.assertRefused(UserError, "cannot be changed by hand"):
            as_salesman.write({"state": "new"})
        with self.assertRefused(UserError, "cannot be changed by hand"):
            as_salesman.write({"review_reasons": False})
        referral.invalidate_recordset()
        self.assertToReview(referral, "same phone number")

    def test_changing_the_referred_partner_looks_again(self):
        referral = self._refer()
        self._order(self.friend, 40)
        self._recompute(50)
        referral.invalidate_recordset()
        self.assertEqual(referral.state, "converted")
        twin = self._partner("Azar Outlet", phone="+98 21 8888 1234")
        self.referrer.phone = "021 8888 1234"
        with freeze_time(self._on(51)):
            referral.referred_id = twin
        self.assertToReview(referral, "Azar Outlet (+98 21 8888 1234)")
        self.assertFalse(referral.conversion_date)
        # a change that hides the reason does not decide: a person does
        with freeze_time(self._on(52)):
            referral.referred_id = self.friend
        self.assertToReview(referral, "same phone number")

    def test_a_rejected_referral_reopened_is_looked_at_again(self):
        referral = self._shared_phone_referral().with_user(self.manager)
        referral.rejection_reason = "Shared phone"
        referral.action_reject()
        referral.action_reset()
        self.assertToReview(referral, "same phone number")

    def test_the_search_view_filters_referrals_to_review(self):
        referral = self._shared_phone_referral()
        arch = self.Referral.get_views([(False, "search")])["views"]["search"]["arch"]
        self.assertIn('name="to_review"', arch)
        self.assertEqual(self.Referral.search([("state", "=", "to_review"), ("id", "=", referral.id)]), referral)

    # ------------------------------------------------------------------
    # Settings
    # ------------------------------------------------------------------

    def test_the_settings_refuse_a_velocity_limit_below_one_and_a_non_domain(self):
        with self.assertRefused(ValidationError, "at least one"):
            self.company.lifecycle_referral_velocity_limit = 0
        with self.assertRefused(ValidationError, "“gmail” in the public mail providers"):
            self.company.lifecycle_public_mail_domains = "gmail, yahoo.com"

    def test_the_public_providers_list_is_normalized(self):
        settings = self.env["res.config.settings"].create(
            {"lifecycle_public_mail_domains": "Gmail.com,, @yahoo.com;\n outlook.com, gmail.com"}
        )
        settings.execute()
        self.assertEqual(self.company.lifecycle_public_mail_domains, "gmail.com, yahoo.com, outlook.com")
        self.assertEqual(self.company._lifecycle_public_mail_domains(), ["gmail.com", "yahoo.com", "outlook.com"])

    def test_a_new_company_lists_the_common_providers(self):
        domains = self._company("Fresh Company")._lifecycle_public_mail_domains()
        self.assertTrue(
            {"gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "proton.me", "mail.ru"} <= set(domains)
        )
        self.assertFalse(fraud.invalid_domains(domains))


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestReferralFraudByCode(LifecycleCommon):
    """The code path: a referral made when an order with a code is confirmed is checked
    too, and a confirmed order's code cannot change."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.advocate = cls._partner("Azar Textiles", phone="+98 35 3626 1040")
        cls.env["customer.referral.code"]._create_codes(cls.company, [cls.advocate.id])
        cls.code = cls.env["customer.referral.code"].search([("partner_id", "=", cls.advocate.id)]).code
        cls.today = cls.day0 + timedelta(days=30)

    def _quotation(self, partner, code=False):
        with freeze_time(self.today):
            return self.env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "date_order": datetime.combine(self.today, time(12, 0)),
                    "lifecycle_referral_code": code,
                    "order_line": [Command.create({"product_id": self.product.id, "price_unit": 100.0})],
                }
            )

    def _referrals(self, partner):
        return self.env["customer.referral"].search([("referred_commercial_id", "=", partner.id)])

    def test_a_code_used_by_the_advocates_own_phone_waits_for_a_review(self):
        twin = self._partner("Yazd Weave Studio", phone="035 3626 1040")
        order = self._quotation(twin, self.code)
        with freeze_time(self.today):
            order.action_confirm()
        referral = self._referrals(twin)
        self.assertEqual((referral.origin, referral.state), ("code", "to_review"))
        self.assertIn("have the same phone number", referral.review_reasons)

    def test_a_code_typed_on_a_confirmed_order_is_refused(self):
        customer = self._partner("Pars Medical")
        order = self._quotation(customer)
        with freeze_time(self.today):
            order.action_confirm()
        with self.assertRefused(UserError, "already confirmed: its referral code cannot be changed"):
            order.write({"lifecycle_referral_code": self.code})
        order.invalidate_recordset()
        self.assertFalse(order.lifecycle_referral_code)
        self.assertFalse(self._referrals(customer))

    def test_the_code_of_a_confirmed_order_stays(self):
        customer = self._partner("Pars Medical")
        order = self._quotation(customer, self.code.lower())
        with freeze_time(self.today):
            order.action_confirm()
        order.write({"lifecycle_referral_code": self.code.lower()})  # the same code: nothing changes
        with self.assertRefused(UserError, "already confirmed"):
            order.write({"lifecycle_referral_code": False})
        self.assertEqual(order.lifecycle_referral_code, self.code)
        self.assertEqual(self._referrals(customer).state, "converted")
