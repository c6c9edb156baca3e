# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Relationship health: the pure rules, RFM quintiles, warning signs and Settings."""

import math
from datetime import datetime

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import BaseCase, Form, freeze_time, tagged

from ..tools import relationship_health as health
from .common import LifecycleCommon


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestHealthRules(BaseCase):
    def _inputs(self, **values):
        return health.HealthInputs(**{"recency": 5, "frequency": 5, "monetary": 5, **values})

    def test_rfm_part_runs_from_lowest_to_highest_fifth(self):
        self.assertEqual(health.rfm_part(1, 1, 1), 0)
        self.assertEqual(health.rfm_part(5, 5, 5), 100)
        self.assertEqual(health.rfm_part(3, 3, 3), 50)

    def test_within_the_usual_interval_then_down_to_zero_at_twice_it(self):
        self.assertEqual(health.within_usual_interval(30, 30), 100)
        self.assertEqual(health.within_usual_interval(45, 30), 50)
        self.assertEqual(health.within_usual_interval(60, 30), 0)
        self.assertEqual(health.within_usual_interval(90, 30), 0)

    def test_never_talked_to_scores_no_contact_and_neutral_sentiment(self):
        parts = health.health_parts(self._inputs())
        self.assertEqual(parts["contact"], 0)
        self.assertEqual(parts["sentiment"], 50)
        self.assertEqual(parts["rhythm"], 50)  # one purchase: no rhythm known yet

    def test_overdue_invoices_lower_the_payment_part_to_zero_at_sixty_days(self):
        self.assertEqual(health.payment_part(0), 100)
        self.assertEqual(health.payment_part(30), 50)
        self.assertEqual(health.payment_part(75), 0)

    def test_score_weighs_the_parts(self):
        inputs = self._inputs(sentiment=100, contact_gap=10, contact_interval=30, purchase_gap=5, purchase_interval=30)
        self.assertEqual(health.health_score(inputs)[0], 100)
        weights = health.HealthWeights(rfm=0, sentiment=0, contact=0, payment=100, rhythm=0)
        self.assertEqual(health.health_score(self._inputs(overdue_days=30), weights)[0], 50)

    def test_falling_order_value_lowers_the_rhythm(self):
        self.assertIsNone(health.order_value_part(300, None))
        self.assertEqual(health.order_value_part(1000, 1000), 100)
        self.assertEqual(health.order_value_part(750, 1000), 50)
        self.assertEqual(health.order_value_part(400, 1000), 0)
        self.assertEqual(health.rhythm_part(10, 30, 750, 1000), 50)  # on time, but buying less
        falling = self._inputs(purchase_gap=5, purchase_interval=10, recent_order_value=690, usual_order_value=1000)
        self.assertEqual(health.warning_signs(falling, 80), [health.SIGN_FALLING_ORDER_VALUE])
        steady = self._inputs(purchase_gap=5, purchase_interval=10, recent_order_value=700, usual_order_value=1000)
        self.assertEqual(health.warning_signs(steady, 80), [])

    def test_warning_signs(self):
        gap = self._inputs(purchase_gap=61, purchase_interval=30)
        self.assertEqual(health.warning_signs(gap, 80), [health.SIGN_PURCHASE_GAP])
        self.assertEqual(health.warning_signs(self._inputs(purchase_gap=60, purchase_interval=30), 80), [])
        negative = self._inputs(negative_touchpoints=1)
        self.assertEqual(health.warning_signs(negative, 80), [health.SIGN_NEGATIVE_TOUCHPOINT])
        self.assertEqual(health.warning_signs(self._inputs(overdue_days=1), 80), [health.SIGN_OVERDUE])
        self.assertEqual(health.warning_signs(self._inputs(), 60, previous_score=75), [health.SIGN_FALLING_SCORE])
        self.assertEqual(health.warning_signs(self._inputs(), 61, previous_score=75), [])


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestRelationshipHealth(LifecycleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a company of its own, so the demo customers do not take part in the quintiles
        cls.company_h = cls._company("Health Test Co")
        cls.Health = cls.env["customer.lifecycle.health"]
        cls.warning_type = cls.env.ref("customer_lifecycle.mail_activity_type_health_warning")

    def _customers(self, count, company=None):
        """``count`` customers (of company_h by default): customer i bought i+1 times,
        for (i+1) x 100, the last time on day 10 * i."""
        partners = self.env["res.partner"]
        for index in range(count):
            partner = self._partner(f"Health customer {index}", user_id=self.salesman.id)
            for purchase in range(index + 1):
                self._order(partner, 10 * index - purchase, company=company or self.company_h, amount=100.0)
            partners |= partner
        return partners

    def _score(self, day, company=None):
        self._recompute(day, company or self.company_h)
        with freeze_time(self._on(day)):
            self.Health._recompute_all(company or self.company_h)

    def _health(self, partner, company=None):
        return self.Health.search(
            [("partner_id", "=", partner.id), ("company_id", "=", (company or self.company_h).id)]
        )

    def test_rfm_quintiles_match_an_independent_computation(self):
        partners = self._customers(10)
        self._score(100)

        def quintile(values, value):
            # 5 * the share of customers at or below this value, rounded up
            return math.ceil(5 * sum(1 for other in values if other <= value) / len(values))

        facts = {
            partner: (
                partner.with_company(self.company_h).lifecycle_last_purchase_date,
                partner.with_company(self.company_h).lifecycle_purchase_count,
                partner.with_company(self.company_h).lifecycle_purchase_amount,
            )
            for partner in partners
        }
        for partner, (last, count, amount) in facts.items():
            record = self._health(partner)
            self.assertEqual(
                (record.recency, record.frequency, record.monetary),
                (
                    quintile([f[0] for f in facts.values()], last),
                    quintile([f[1] for f in facts.values()], count),
                    quintile([f[2] for f in facts.values()], amount),
                ),
                partner.name,
            )
        best, worst = self._health(partners[-1]), self._health(partners[0])
        self.assertEqual((best.recency, best.frequency, best.monetary), (5, 5, 5))
        self.assertEqual((worst.recency, worst.frequency, worst.monetary), (1, 1, 1))
        self.assertGreater(best.score, worst.score)
        self.assertIn("RFM 5-5-5", best.reasons)

    def test_overdue_invoice_schedules_one_activity_not_one_a_day(self):
        # the company with a chart of accounts (its demo customers score alongside)
        partner = self._customers(1, company=self.company)
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": self._on(0),
                "invoice_date_due": self._on(10),
                "invoice_line_ids": [
                    Command.create({"product_id": self.product.id, "price_unit": 300.0, "tax_ids": [Command.clear()]})
                ],
            }
        )
        invoice.action_post()
        self._score(40, self.company)
        record = self._health(partner, self.company)
        self.assertEqual(record.overdue_days, 30)
        self.assertEqual(record.payment_part, 50)
        self.assertEqual(record.overdue_amount, 300.0)
        self.assertIn(health.SIGN_OVERDUE, record.signs)
        activities = partner.activity_ids.filtered(lambda a: a.activity_type_id == self.warning_type)
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, self.salesman)
        self.assertIn("Overdue customer invoices.", str(activities.note))
        self._score(41, self.company)
        self._score(42, self.company)
        self.assertEqual(len(partner.activity_ids.filtered(lambda a: a.activity_type_id == self.warning_type)), 1)

    def test_negative_touchpoint_and_falling_score_are_warning_signs(self):
        partner = self._customers(1)
        self._score(5)
        self.assertFalse(self._health(partner).signs)
        self.env["customer.touchpoint"].with_company(self.company_h).create(
            {
                "partner_id": partner.id,
                "company_id": self.company_h.id,
                "date": datetime.combine(self._on(6), datetime.min.time()),
                "reason": "Complaint about a late delivery",
                "sentiment": "negative",
            }
        )
        # the score of an earlier day was higher: it fell by 15 points or more
        self._health(partner).write({"score": 95, "date": self._on(5)})
        self._score(7)
        record = self._health(partner)
        self.assertEqual(record.previous_score, 95)
        self.assertIn(health.SIGN_NEGATIVE_TOUCHPOINT, record.signs)
        self.assertIn(health.SIGN_FALLING_SCORE, record.signs)
        self.assertIn("A negative touch-point in the last 30 days.", record.warning_signs)
        # a second run the same day keeps the previous day's score as the reference
        self._score(7)
        self.assertEqual(self._health(partner).previous_score, 95)

    def test_falling_order_value_is_read_from_the_orders(self):
        partner = self._partner("Dena Textiles", user_id=self.salesman.id)
        for day, amount in ((0, 1000.0), (10, 1000.0), (20, 300.0), (30, 300.0), (40, 300.0)):
            self._order(partner, day, company=self.company_h, amount=amount)
        self._score(45)
        record = self._health(partner)
        self.assertEqual(record.rhythm_part, 0)  # 300 against 1000: under half
        self.assertIn(health.SIGN_FALLING_ORDER_VALUE, record.signs)
        self.assertIn("worth less than 70 %", record.warning_signs)

    def test_partner_form_shows_the_score_and_its_reasons(self):
        partner = self._customers(2)[-1]
        self._score(20)
        form = Form(partner.with_context(allowed_company_ids=[self.company_h.id, self.company.id]))
        self.assertEqual(form.lifecycle_health_score, self._health(partner).score)
        self.assertIn("Purchase rhythm", form.lifecycle_health_reasons)

    def test_a_customer_who_no_longer_has_purchases_loses_the_health_record(self):
        partner = self._customers(1)
        self._score(5)
        self.assertTrue(self._health(partner))
        partner.sale_order_ids._action_cancel()
        self._score(6)
        self.assertFalse(self._health(partner))

    def test_health_weights_must_sum_to_100(self):
        self.env.company.write(
            {f"lifecycle_health_weight_{name}": weight for name, weight in health.HealthWeights().as_dict().items()}
        )
        rfm = self.env.company.lifecycle_health_weight_rfm
        settings = Form(self.env["res.config.settings"])
        settings.lifecycle_health_weight_rfm = rfm + 10
        with self.assertRefused(ValidationError, "sum to 100; they sum to 110"):
            settings.save()
        self.assertEqual(self.env.company.lifecycle_health_weight_rfm, rfm)
        settings = Form(self.env["res.config.settings"])
        settings.lifecycle_health_weight_rfm = rfm + 10
        settings.lifecycle_health_weight_sentiment -= 10
        settings.save()
        self.assertEqual(self.env.company.lifecycle_health_weight_rfm, rfm + 10)
        with self.assertRefused(ValidationError, "cannot be negative"):
            self.env.company.lifecycle_health_weight_rhythm = -5

    def test_daily_job_scores_the_health(self):
        partner = self._customers(1)
        with freeze_time(self._on(3)):
            self.engine._cron_recompute()
        self.assertEqual(self._health(partner).date, self._on(3))
        self.assertEqual(self._health(partner).purchase_gap_days, 3)

    def test_salesperson_reads_health_of_allowed_companies_only(self):
        partner = self._customers(1)
        self._score(5)
        self.assertFalse(self.Health.with_user(self.salesman).search([("partner_id", "=", partner.id)]))
        self.salesman.company_ids |= self.company_h
        found = self.Health.with_user(self.salesman).with_context(allowed_company_ids=[self.company_h.id])
        self.assertTrue(found.search([("partner_id", "=", partner.id)]))
