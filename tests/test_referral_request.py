# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Asking advocates for referrals."""

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import IncentiveCommon


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestReferralRequest(IncentiveCommon):
    def test_referral_requests_refuse_partners_who_are_not_advocates(self):
        partners = self.advocate | self.loyal | self.newcomer
        messages = self.env["mail.message"].search_count([("model", "=", "res.partner")])
        with self.assertRefused(UserError, "Nordic Outfitters, Kian Electric") as caught:
            partners.with_user(self.salesman).action_lifecycle_ask_referrals()
        self.assertNotIn("Azar Textiles", str(caught.exception))
        self.assertIn("never ask a loyal customer to market", str(caught.exception))
        self.assertEqual(self.env["mail.message"].search_count([("model", "=", "res.partner")]), messages)

    def test_referral_requests_are_sent_to_advocates(self):
        other = self._partner("Pars Tiles")
        self._set_stage(other, "advocate")
        advocates = self.advocate | other
        result = advocates.with_user(self.salesman).action_lifecycle_ask_referrals()
        self.assertEqual(result["params"]["type"], "success")
        for partner in advocates:
            message = partner.message_ids.filtered(lambda m: m.subject == "Would you introduce us to someone?")
            self.assertEqual(len(message), 1)
            self.assertIn(partner, message.partner_ids)
            self.assertIn(partner.name, message.body)

    def test_the_stage_is_read_in_the_current_company(self):
        other = self.env["res.company"].create({"name": "Tabriz Branch"})
        self.assertNotEqual(self.advocate.with_company(other).lifecycle_stage_id.code, "advocate")
        with self.assertRefused(UserError, "Azar Textiles"):
            self.advocate.with_company(other).action_lifecycle_ask_referrals()

    def test_the_server_action_calls_the_guard(self):
        action = self.env.ref("customer_lifecycle.action_lifecycle_ask_referrals")
        self.assertEqual(action.binding_model_id.model, "res.partner")
        with self.assertRefused(UserError, "Nordic Outfitters"):
            action.with_context(active_model="res.partner", active_ids=self.loyal.ids).run()
