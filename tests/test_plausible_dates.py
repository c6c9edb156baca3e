# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Dates a person can mistype: a Solar Hijri date typed into a Gregorian field is refused
with a message that says so; a sales order or an invoice dated before 1900 is no purchase,
and the Lifecycle Managers are told."""

from datetime import date, datetime

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from ..tools import plausible_dates
from ..tools.plausible_dates import SOLAR_HIJRI, TOO_EARLY, TOO_LATE, refusal
from .common import LifecycleCommon, plan_values

HIJRI_MESSAGE = "1405-01-01 looks like a Solar Hijri date; enter the Gregorian date (the datepicker converts it)."


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestPlausibleDateRule(LifecycleCommon):
    def test_a_year_of_our_solar_hijri_calendar_is_that_slip(self):
        self.assertEqual(refusal(date(1405, 1, 1)), SOLAR_HIJRI)
        self.assertEqual(refusal(date(1300, 1, 1)), SOLAR_HIJRI)
        self.assertEqual(refusal(date(1500, 12, 29)), SOLAR_HIJRI)

    def test_nothing_happened_before_1900(self):
        self.assertEqual(refusal(date(1850, 6, 1)), TOO_EARLY)
        self.assertEqual(refusal(date(1299, 12, 31)), TOO_EARLY)
        self.assertIsNone(refusal(date(1900, 1, 1)))

    def test_a_day_after_the_latest_is_refused(self):
        today = date(2026, 1, 5)
        self.assertEqual(refusal(date(2036, 1, 6), latest=plausible_dates.years_ahead(today)), TOO_LATE)
        self.assertIsNone(refusal(date(2036, 1, 5), latest=plausible_dates.years_ahead(today)))
        self.assertEqual(plausible_dates.years_ahead(date(2028, 2, 29)), date(2038, 2, 28))
        self.assertIsNone(refusal(False))


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestMistypedDatesRefused(LifecycleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.advocate = cls._partner("Azar Textiles")
        cls.friend = cls._partner("Kian Electric")
        cls.key_account = cls._partner("Pars Clinic", lifecycle_key_account=True)
        cls.Touchpoint = cls.env["customer.touchpoint"]

    def test_a_referral_dated_1405_is_refused(self):
        Referral = self.env["customer.referral"]
        count = Referral.search_count([])
        with self.assertRefused(ValidationError, f"The date of the referral of Kian Electric: {HIJRI_MESSAGE}"):
            Referral.create({"referrer_id": self.advocate.id, "referred_id": self.friend.id, "date": date(1405, 1, 1)})
        with self.assertRefused(ValidationError, "1850-03-01 is before 1900-01-01; check the year."):
            Referral.create({"referrer_id": self.advocate.id, "referred_id": self.friend.id, "date": date(1850, 3, 1)})
        self.assertEqual(Referral.search_count([]), count)
        referral = Referral.create({"referrer_id": self.advocate.id, "referred_id": self.friend.id})
        with self.assertRefused(ValidationError, HIJRI_MESSAGE):
            referral.date = date(1405, 1, 1)

    def test_a_touchpoint_dated_1405_is_refused(self):
        with self.assertRefused(ValidationError, f"The date of the touch-point with Kian Electric: {HIJRI_MESSAGE}"):
            self.Touchpoint.create({"partner_id": self.friend.id, "reason": "Call", "date": datetime(1405, 1, 1, 10)})

    def test_a_touchpoint_import_dated_1405_fails_with_the_message(self):
        count = self.Touchpoint.search_count([])
        result = self.Touchpoint.with_user(self.salesman).load(
            ["partner_id/.id", "reason", "date"],
            [
                [str(self.friend.id), "Visit", "2025-12-01 10:00:00"],
                [str(self.friend.id), "Call", "1405-01-01 10:00:00"],
            ],
        )
        self.assertFalse(result["ids"])
        messages = [message["message"] for message in result["messages"]]
        self.assertTrue(any(HIJRI_MESSAGE in message for message in messages), messages)
        self.assertEqual(self.Touchpoint.search_count([]), count)

    def test_a_plan_or_a_goal_from_1900_to_ten_years_ahead(self):
        Plan, Goal = self.env["customer.key.account.plan"], self.env["customer.lifecycle.goal"]
        with self.assertRefused(ValidationError, f"The start of the plan “Pars 1405”: {HIJRI_MESSAGE}"):
            Plan.create({**plan_values(self.key_account, "Pars 1405", 2026), "date_start": date(1405, 1, 1)})
        latest = plausible_dates.years_ahead(self.company._lifecycle_today())
        too_far = date(latest.year + 1, 12, 31)
        with self.assertRefused(ValidationError, f"The end of the plan “Pars far”: {too_far} is after {latest}"):
            Plan.create({**plan_values(self.key_account, "Pars far", 2026), "date_end": too_far})
        with self.assertRefused(ValidationError, f"The start of the goal “1405”: {HIJRI_MESSAGE}"):
            Goal.create({"name": "1405", "date_start": date(1405, 1, 1), "date_end": date(2026, 12, 31)})
        with self.assertRefused(ValidationError, "The end of the goal “Far”"):
            Goal.create({"name": "Far", "date_start": date(2026, 1, 1), "date_end": too_far})
        self.assertTrue(Plan.create(plan_values(self.key_account, "Pars 2026", 2026)))
        self.assertTrue(Goal.create({"name": "Spring", "date_start": date(2026, 3, 21), "date_end": date(2026, 6, 21)}))

    def test_an_objective_deadline_falls_inside_its_plan(self):
        plan = self.env["customer.key.account.plan"].create(plan_values(self.key_account, "Pars 2026", 2026))
        objective = plan.objective_ids
        with self.assertRefused(
            ValidationError,
            "The deadline of the objective “Grow revenue”, 2027-03-01, falls outside the period of its plan "
            "“Pars 2026” (2026-01-01 to 2026-12-31).",
        ):
            objective.deadline = date(2027, 3, 1)
        with self.assertRefused(ValidationError, f"The deadline of the objective “Grow revenue”: {HIJRI_MESSAGE}"):
            objective.deadline = date(1405, 1, 1)
        with self.assertRefused(ValidationError, "falls outside the period of its plan"):
            plan.date_end = date(2026, 6, 30)  # the deadline is 2026-12-31
        plan.write(
            {
                "date_end": date(2026, 6, 30),
                "objective_ids": [Command.update(objective.id, {"deadline": date(2026, 6, 30)})],
            }
        )
        self.assertEqual(objective.deadline, date(2026, 6, 30))


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestDocumentsBefore1900LeftOut(LifecycleCommon):
    def _activities(self, document):
        return document.activity_ids.filtered(lambda activity: activity.user_id == self.manager)

    def test_an_order_dated_1405_is_no_purchase_and_the_managers_are_told(self):
        partner = self._partner("Kian Electric")
        order = self._order(partner, date(1405, 1, 1))
        self.assertFalse(self.env["customer.lifecycle.purchase"]._customer_figures(self.company, partner)["documents"])
        self._recompute(10)
        self.assertEqual(self._stage(partner), "prospect")
        activity = self._activities(order)
        self.assertEqual(len(activity), 1)
        self.assertIn(order.name, activity.summary)
        self.assertIn("is dated 1405-01-01", activity.note)
        # corrected: a purchase, and no second activity
        order.date_order = datetime(2026, 1, 5, 12)
        self._recompute(10)
        self.assertEqual(self._stage(partner), "customer")
        order.date_order = datetime(1405, 1, 1, 12)
        order.date_order = datetime(1405, 1, 2, 12)
        self.assertEqual(len(self._activities(order)), 2)

    def test_a_confirmed_order_of_today_tells_no_one(self):
        partner = self._partner("Azar Textiles")
        order = self._order(partner, 0, state="draft")
        order.action_confirm()
        self.assertFalse(order.activity_ids)
        self.assertEqual(
            self.env["customer.lifecycle.purchase"]._customer_figures(self.company, partner)["documents"], 1
        )

    def test_an_invoice_dated_1405_is_no_purchase_and_the_managers_are_told(self):
        company = self.company
        company.lifecycle_purchase_source = "invoice"
        partner = self._partner("Pars Clinic")
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": date(1405, 1, 1),
                "invoice_line_ids": [Command.create({"product_id": self.product.id, "price_unit": 100.0})],
            }
        )
        invoice.action_post()
        self.assertFalse(self.env["customer.lifecycle.purchase"]._customer_figures(company, partner)["documents"])
        self.assertEqual(self._stage(partner), "prospect")
        activity = self._activities(invoice)
        self.assertEqual(len(activity), 1)
        self.assertIn(invoice.name, activity.summary)
