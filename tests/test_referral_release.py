# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Referral rewards released when the sale is final: paid, and past the return window."""

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time, tagged

from .common import ReferralRewardCommon


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestReferralRelease(ReferralRewardCommon):
    def _messages(self, grant):
        return " ".join(grant.message_ids.mapped("body"))

    def _clawbacks(self, grant):
        activity_type = self.env.ref("customer_lifecycle.mail_activity_type_referral_clawback")
        return grant.activity_ids.filtered(lambda activity: activity.activity_type_id == activity_type)

    def test_the_reward_is_released_once_paid_and_past_the_return_window(self):
        referral, order = self._convert()
        grant = self._reward(referral)
        self.assertRecordValues(grant, [{"state": "waiting", "purchase_amount": 300.0}])
        self.assertEqual(grant.waiting_reason, "The invoice of the first purchase.")
        invoice = self._invoice(order)
        grant.invalidate_recordset()
        self.assertEqual(grant.purchase_invoice_ids, invoice)
        self.assertIn(f"The payment of the invoice {invoice.name}", grant.waiting_reason)
        self._release(120)  # invoiced, not paid
        self.assertEqual(grant.state, "waiting")
        self._pay(invoice, day=105)
        grant.invalidate_recordset()
        self.assertEqual(grant.release_date, self._on(135))
        self.assertIn("return window", grant.waiting_reason)
        self._release(134)  # paid, inside the window
        self.assertEqual(grant.state, "waiting")
        self._release(135)
        self.assertEqual(grant.state, "to_approve")
        self.assertIn("Released for approval", self._messages(grant))
        grant.with_user(self.manager).action_approve()
        self.assertEqual(grant.state, "given")

    def test_an_accountant_reads_what_a_reward_waits_for(self):
        # accountants read the grants, not the referrals: the grants' list failed for them
        referral, _order = self._convert()
        grant = self._reward(referral)
        self.assertFalse(self.env["customer.referral"].with_user(self.accountant).has_access("read"))
        self.env.invalidate_all()  # nothing of the referral read before, as in a new request
        as_accountant = grant.with_user(self.accountant)
        self.assertEqual(as_accountant.waiting_reason, "The invoice of the first purchase.")

    def test_the_grant_list_reads_its_first_purchases_in_one_statement(self):
        """What each referral reward of a list waits for is read for all of them at once:
        the list of three costs the queries of one."""
        referral, _order = self._convert()
        referrals = referral
        for name in ("Sara Vogel", "Omid Rahimi"):
            friend = self._partner(name)
            with freeze_time(self._on(30)):
                referrals |= self.env["customer.referral"].create(
                    {"referrer_id": self.referrer.id, "referred_id": friend.id, "date": self._on(30)}
                )
            with freeze_time(self._on(100)):
                self._order(friend, 100, amount=300.0, state="draft").action_confirm()
        self._recompute(100)
        grants = self.Grant.search([("referral_id", "in", referrals.ids)])
        self.assertEqual(len(grants), 3)

        def read(records):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            reasons = records.mapped("waiting_reason")
            return self.env.cr.sql_log_count - before, reasons

        read(grants)  # what is cached for the session (the company's settings, the texts)
        one, _reason = read(grants[:1])
        three, reasons = read(grants)
        self.assertEqual(reasons, ["The invoice of the first purchase."] * 3)
        self.assertEqual(three, one)

    def test_the_return_window_is_a_setting_of_the_company(self):
        self.company.lifecycle_referral_return_days = 10
        referral, order = self._convert()
        grant = self._reward(referral)
        self._pay(self._invoice(order), day=105)
        self._release(114)
        self.assertEqual(grant.state, "waiting")
        self._release(115)
        self.assertEqual(grant.state, "to_approve")
        for days in (0, -5):
            with self.subTest(days=days), self.assertRefused(ValidationError, "at least one day"):
                self.company.lifecycle_referral_return_days = days
        self.assertEqual(self.company.lifecycle_referral_return_days, 10)

    def test_a_first_purchase_credited_in_full_in_the_window_cancels_the_reward_with_the_reason(self):
        referral, order = self._convert()
        grant = self._reward(referral)
        invoice = self._invoice(order)
        self._pay(invoice)
        self._credit(invoice, 110)
        self._release(111)
        self.assertEqual(grant.state, "cancelled")
        self.assertIn("credited in full", self._messages(grant))
        self._release(140)  # not released afterwards
        self.assertEqual(grant.state, "cancelled")

    def test_a_partial_credit_recomputes_a_percentage_reward_on_the_net_amount(self):
        self.company.write({"lifecycle_referral_reward_mode": "percent", "lifecycle_referral_reward_percent": 5.0})
        referral, order = self._convert(amount=300.0)
        grant = self._reward(referral)
        self.assertEqual(grant.cost, 15.0)
        invoice = self._invoice(order)
        self._pay(invoice)
        self._credit(invoice, 110, amount=100.0)
        self._release(111)
        self.assertRecordValues(grant, [{"state": "waiting", "cost": 10.0, "purchase_amount": 200.0}])
        self.assertIn("credited in part", self._messages(grant))
        self._release(135)
        self.assertRecordValues(grant, [{"state": "to_approve", "cost": 10.0}])

    def test_a_partial_credit_leaves_a_fixed_reward_unchanged(self):
        referral, order = self._convert(amount=300.0)
        grant = self._reward(referral)
        invoice = self._invoice(order)
        self._pay(invoice)
        self._credit(invoice, 110, amount=100.0)
        self._release(135)
        self.assertRecordValues(grant, [{"state": "to_approve", "cost": 80.0, "purchase_amount": 200.0}])

    def test_a_credit_after_the_reward_was_given_proposes_one_clawback_to_a_manager(self):
        referral, order = self._convert()
        grant = self._reward(referral)
        invoice = self._final(order)
        grant.with_user(self.manager).action_approve()
        self._release(140)  # nothing credited: nothing proposed
        self.assertFalse(self._clawbacks(grant))
        self._credit(invoice, 150)
        self._release(151)
        self._release(152)  # the job run twice proposes once
        clawback = self._clawbacks(grant)
        self.assertEqual(len(clawback), 1)
        self.assertTrue(clawback.user_id.has_group("customer_lifecycle.group_lifecycle_manager"))
        self.assertIn("Cancel the grant", clawback.note)
        self.assertRecordValues(grant, [{"state": "given", "clawback_proposed": True}])  # never done silently
        with self.assertRaises(AccessError):
            grant.with_user(self.salesman).action_clawback()
        grant.with_user(clawback.user_id).action_clawback()
        self.assertEqual(grant.state, "cancelled")
        self.assertFalse(self._clawbacks(grant))  # done, with its feedback
        self.assertIn("clawed back", self._messages(grant))
        with self.assertRefused(UserError, "nothing to claw back"):
            grant.with_user(self.manager).action_clawback()

    def test_a_reward_given_before_its_purchase_amount_was_kept_takes_it_as_a_baseline(self):
        referral, order = self._convert()
        grant = self._reward(referral)
        invoice = self._final(order)
        grant.with_user(self.manager).action_approve()
        grant.sudo().purchase_amount = 0.0  # as a reward given by an earlier version
        self._release(140)
        self.assertRecordValues(grant, [{"purchase_amount": 300.0, "clawback_proposed": False}])
        self._credit(invoice, 150, amount=100.0)
        self._release(151)
        self.assertEqual(len(self._clawbacks(grant)), 1)
        self.assertIn("credited in part", self._clawbacks(grant).note)

    def test_the_clawback_of_a_benefit_settled_by_a_posted_credit_note_reverses_it(self):
        self.company.write(
            {
                "lifecycle_referral_reward_incentive_id": self.commission.id,
                "lifecycle_financial_benefit_settlement": "credit_note",
            }
        )
        referral, order = self._convert()
        grant = self._reward(referral)
        invoice = self._final(order)
        self._recompute(150)  # an advocate: a financial benefit can be approved
        grant.with_user(self.manager).action_approve()
        settlement = grant.credit_note_id
        settlement.action_post()
        self._credit(invoice, 160, amount=100.0)
        self._release(161)
        clawback = self._clawbacks(grant)
        self.assertIn(f"Reverse the credit note {settlement.name}", clawback.note)
        grant.with_user(self.manager).action_clawback()
        self.assertEqual(grant.state, "cancelled")
        self.assertRecordValues(
            settlement.reversal_move_ids, [{"move_type": "out_invoice", "partner_id": self.referrer.id}]
        )

    def test_in_a_company_counting_invoices_a_full_credit_cancels_the_waiting_reward(self):
        self.company.lifecycle_purchase_source = "invoice"
        with freeze_time(self._on(30)):
            referral = self.env["customer.referral"].create(
                {"referrer_id": self.referrer.id, "referred_id": self.friend.id, "date": self._on(30)}
            )
        with freeze_time(self._on(100)):
            invoice = self.env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.friend.id,
                    "invoice_date": self._on(100),
                    "invoice_line_ids": [
                        Command.create(
                            {"product_id": self.product.id, "price_unit": 300.0, "tax_ids": [Command.clear()]}
                        )
                    ],
                }
            )
            invoice.action_post()
        referral.invalidate_recordset()
        grant = self._reward(referral)
        self.assertRecordValues(grant, [{"state": "waiting", "purchase_amount": 300.0}])
        self._credit(invoice, 110)
        self.assertEqual(grant.state, "cancelled")
        self.assertIn("cancelled", self._messages(grant))
