# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Asking advocates for referrals, as the article says: advocates only, whose relationship
is healthy enough, with no negative touch-point in the last 90 days, at most once per
period; each request is logged as a touch-point."""

from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from ..tools import referral_request as rules
from .common import IncentiveCommon

SUBJECT = "Would you introduce us to someone?"


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestReferralRequest(IncentiveCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"lifecycle_referral_request_band": "watch", "lifecycle_referral_request_days": 90})
        cls.second = cls._partner("Pars Tiles", email="hello@pars-tiles.example")
        cls._set_stage(cls.second, "advocate")
        cls.advocate.email = "contact@azar-textiles.example"
        cls.loyal.email = "buy@nordic-outfitters.example"
        for partner, band in ((cls.advocate, "healthy"), (cls.second, "watch"), (cls.loyal, "healthy")):
            cls._health(partner, band)

    @classmethod
    def _health(cls, partner, band):
        return cls.env["customer.lifecycle.health"].create(
            {
                "partner_id": partner.id,
                "company_id": cls.company.id,
                "date": fields.Date.today(),
                "band": band,
                "score": {"healthy": 80, "watch": 55, "at_risk": 20}[band],
            }
        )

    def _ask(self, partners):
        return partners.with_user(self.salesman).action_lifecycle_ask_referrals()

    def _requests(self, partner):
        return partner.message_ids.filtered(lambda message: message.subject == SUBJECT)

    def _touchpoint(self, partner, days_ago, **values):
        return self.env["customer.touchpoint"].create(
            {
                "partner_id": partner.id,
                "date": fields.Datetime.now() - timedelta(days=days_ago),
                "reason": "Earlier contact",
                **values,
            }
        )

    def assertNothingSent(self):
        self.assertFalse(self._requests(self.advocate | self.second | self.loyal | self.newcomer))
        self.assertFalse(self.env["customer.touchpoint"].search([("is_referral_request", "=", True)]))

    # sent, and logged

    def test_referral_requests_are_sent_to_advocates_and_logged(self):
        advocates = self.advocate | self.second
        result = self._ask(advocates)
        self.assertEqual(result["params"]["type"], "success")
        self.assertIn("2 advocate(s)", result["params"]["message"])
        for partner in advocates:
            message = self._requests(partner)
            self.assertEqual(len(message), 1)
            self.assertIn(partner, message.partner_ids)
            self.assertIn(partner.name, message.body)
            touchpoint = self.env["customer.touchpoint"].search([("partner_id", "=", partner.id)])
            self.assertRecordValues(
                touchpoint,
                [
                    {
                        "is_referral_request": True,
                        "channel": "email",
                        "direction": "outbound",
                        "sentiment": "neutral",
                        "user_id": self.salesman.id,
                        "company_id": self.company.id,
                        "stage_id": self.stage["advocate"].id,
                    }
                ],
            )

    # each reason of refusal: nothing sent, the reason said

    def test_partners_who_are_not_advocates_are_refused(self):
        with self.assertRefused(UserError, "Nordic Outfitters, Kian Electric") as caught:
            self._ask(self.loyal | self.newcomer)
        self.assertIn("No referral request was sent", str(caught.exception))
        self.assertIn("never ask a loyal customer to market", str(caught.exception))
        self.assertNothingSent()

    def test_an_advocate_without_an_email_is_refused(self):
        self.second.email = False
        with self.assertRefused(UserError, "No e-mail address to send the request to: Pars Tiles."):
            self._ask(self.second)
        self.assertNothingSent()

    def test_the_health_band_chosen_in_settings_is_the_floor(self):
        self.company.lifecycle_referral_request_band = "healthy"
        with self.assertRefused(UserError, "Relationship health below “Healthy”") as caught:
            self._ask(self.second)  # watch
        self.assertIn("Pars Tiles", str(caught.exception))
        self.assertNothingSent()
        self.company.lifecycle_referral_request_band = "watch"
        self.env["customer.lifecycle.health"].search([("partner_id", "=", self.second.id)]).band = "at_risk"
        with self.assertRefused(UserError, "Relationship health below “Watch”"):
            self._ask(self.second)
        self.company.lifecycle_referral_request_band = "at_risk"
        self.assertEqual(self._ask(self.second)["params"]["type"], "success")

    def test_an_advocate_without_health_is_asked_only_when_any_band_will_do(self):
        self.env["customer.lifecycle.health"].search([("partner_id", "=", self.second.id)]).unlink()
        with self.assertRefused(UserError, "No relationship health computed yet: Pars Tiles."):
            self._ask(self.second)
        self.company.lifecycle_referral_request_band = "at_risk"
        self._ask(self.second)
        self.assertEqual(len(self._requests(self.second)), 1)

    def test_a_negative_touchpoint_in_the_last_90_days_holds_the_request(self):
        negative = self._touchpoint(self.advocate, 89, sentiment="negative")
        with self.assertRefused(UserError, "A negative touch-point in the last 90 days") as caught:
            self._ask(self.advocate)
        self.assertIn("Azar Textiles", str(caught.exception))
        self.assertNothingSent()
        self._touchpoint(self.advocate, 10, sentiment="positive")  # a good contact since does not erase it
        with self.assertRefused(UserError, "Azar Textiles"):
            self._ask(self.advocate)
        negative.date = fields.Datetime.now() - timedelta(days=91)
        self._ask(self.advocate)
        self.assertEqual(len(self._requests(self.advocate)), 1)

    def test_the_negative_touchpoint_of_a_contact_counts_for_the_company(self):
        contact = self.env["res.partner"].create({"name": "Leila Azar", "parent_id": self.advocate.id})
        self._touchpoint(contact, 5, sentiment="negative")
        with self.assertRefused(UserError, "A negative touch-point"):
            self._ask(self.advocate)

    def test_an_advocate_is_asked_at_most_once_per_period(self):
        self._ask(self.advocate)
        with self.assertRefused(UserError, "Already asked for referrals in the last 90 days: Azar Textiles."):
            self._ask(self.advocate)
        self.assertEqual(len(self._requests(self.advocate)), 1)
        request = self.env["customer.touchpoint"].search(
            [("partner_id", "=", self.advocate.id), ("is_referral_request", "=", True)]
        )
        request.date = fields.Datetime.now() - timedelta(days=31)
        with self.assertRefused(UserError, "Already asked"):
            self._ask(self.advocate)
        self.company.lifecycle_referral_request_days = 30
        self._ask(self.advocate)
        self.assertEqual(len(self._requests(self.advocate)), 2)

    def test_a_touchpoint_that_is_not_a_request_does_not_count_as_one(self):
        self._touchpoint(self.advocate, 1, reason="Asked for referrals", channel="email", direction="outbound")
        self._ask(self.advocate)
        self.assertEqual(len(self._requests(self.advocate)), 1)

    def test_two_contacts_of_one_customer_make_one_request(self):
        contact = self.env["res.partner"].create(
            {"name": "Leila Azar", "parent_id": self.advocate.id, "email": "leila@azar-textiles.example"}
        )
        result = self._ask(self.advocate | contact)
        self.assertEqual(len(self._requests(self.advocate)), 1)
        self.assertFalse(self._requests(contact))
        self.assertIn(
            "Another contact of the same customer is asked now: Azar Textiles, Leila Azar.", result["params"]["message"]
        )

    # a mixed selection

    def test_a_mixed_selection_sends_to_the_eligible_and_names_the_others(self):
        self.env["customer.lifecycle.health"].search([("partner_id", "=", self.second.id)]).band = "at_risk"
        result = self._ask(self.advocate | self.second | self.loyal)
        params = result["params"]
        self.assertEqual((params["type"], params["sticky"]), ("warning", True))
        self.assertIn("The referral request was sent to 1 advocate(s).", params["message"])
        self.assertIn("Not advocates in", params["message"])
        self.assertIn("Nordic Outfitters", params["message"])
        self.assertIn(
            "Relationship health below “Watch”, the band the Settings ask for: Pars Tiles.", params["message"]
        )
        self.assertNotIn("Azar Textiles", params["message"])
        self.assertEqual(len(self._requests(self.advocate)), 1)
        self.assertFalse(self._requests(self.second | self.loyal))
        self.assertEqual(
            self.env["customer.touchpoint"].search([("is_referral_request", "=", True)]).partner_id, self.advocate
        )

    # where and by whom

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

    def test_the_period_must_be_at_least_one_day(self):
        for days in (0, -5):
            with self.assertRefused(ValidationError, "the period must be at least one day"):
                self.company.lifecycle_referral_request_days = days
        self.assertEqual(self.company.lifecycle_referral_request_days, 90)

    def test_the_rules_read_like_the_article(self):
        now = datetime(2026, 6, 1, 12, 0)
        sound = rules.RequestFacts(is_advocate=True, has_email=True, band="watch")
        self.assertIsNone(rules.refusal(sound, now, "watch", 90))
        self.assertEqual(rules.refusal(sound, now, "healthy", 90), rules.LOW_HEALTH)
        loyal = rules.RequestFacts(is_advocate=False, has_email=True, band="healthy")
        self.assertEqual(rules.refusal(loyal, now, "at_risk", 90), rules.NOT_ADVOCATE)
        hurt = rules.RequestFacts(True, True, "healthy", last_negative=now - timedelta(days=89))
        self.assertEqual(rules.refusal(hurt, now, "watch", 90), rules.NEGATIVE_TOUCHPOINT)
        asked = rules.RequestFacts(True, True, "healthy", last_request=now - timedelta(days=29))
        self.assertEqual(rules.refusal(asked, now, "watch", 30), rules.ASKED_RECENTLY)
        self.assertIsNone(rules.refusal(asked, now, "watch", 28))
