# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The grant list says what each referral reward waits for (issue 28): the first purchases
of the whole list are read together, so that a list of many rewards costs the queries of
one, and each still says its own reason."""

from odoo.tests import freeze_time, tagged

from .common import ReferralRewardCommon


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestGrantWaitingList(ReferralRewardCommon):
    def _rewards(self, count):
        """``count`` friends referred on day 30 who first buy on day 100: their rewards wait."""
        orders = self.env["sale.order"]
        Referral = self.env["customer.referral"]
        referrals = Referral
        for index in range(count):
            friend = self._partner(f"Friend {index}")
            with freeze_time(self._on(30)):
                referrals |= Referral.create(
                    {"referrer_id": self.referrer.id, "referred_id": friend.id, "date": self._on(30)}
                )
            with freeze_time(self._on(100)):
                order = self._order(friend, 100, state="draft")
                order.action_confirm()
            orders |= order
        self._recompute(100)
        return self.Grant.search([("referral_id", "in", referrals.ids)], order="id"), orders

    def _queries_to_read(self, grants):
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        grants.mapped("waiting_reason")
        return self.env.cr.sql_log_count - before

    def test_the_list_reads_the_first_purchases_once(self):
        grants, orders = self._rewards(4)
        self.assertEqual(grants.mapped("state"), ["waiting"] * 4)
        self._pay(self._invoice(orders[0]))
        self._invoice(orders[1])
        one = self._queries_to_read(grants[2])
        self.assertEqual(self._queries_to_read(grants[2:]), one, "a second reward adds no query")
        grants.invalidate_recordset()
        self.assertTrue(grants[0].waiting_reason.startswith("The return window, until "), grants[0].waiting_reason)
        self.assertEqual(grants[1].waiting_reason, f"The payment of the invoice {orders[1].invoice_ids.name}.")
        self.assertEqual(grants[2:].mapped("waiting_reason"), ["The invoice of the first purchase."] * 2)

    def test_paid_rewards_in_their_return_window_cost_the_queries_of_one(self):
        """The day each invoice was paid is read for the whole list at once: a second
        paid reward waiting for its return window adds no query."""
        grants, orders = self._rewards(3)
        for order in orders:
            self._pay(self._invoice(order))
        one = self._queries_to_read(grants[0])
        self.assertEqual(self._queries_to_read(grants), one, "a second paid reward adds no query")
        grants.invalidate_recordset()
        for grant in grants:
            self.assertTrue(grant.waiting_reason.startswith("The return window, until "), grant.waiting_reason)
