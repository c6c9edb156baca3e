# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Health reads the relationship, not only the sales (article 004): satisfaction and
responsiveness are factors of the health score, with their weights in Settings."""

from datetime import datetime, time

from odoo.exceptions import ValidationError
from odoo.tests import BaseCase, Form, freeze_time, tagged

from ..tools import relationship_health as health
from .common import LifecycleCommon
from .test_migration import load_migration

OLD_WEIGHTS = {"rfm": 40, "sentiment": 20, "contact": 15, "payment": 15, "rhythm": 10}


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestHealthFactorRules(BaseCase):
    def _inputs(self, **values):
        return health.HealthInputs(**{"recency": 5, "frequency": 5, "monetary": 5, **values})

    def test_satisfaction_is_the_latest_score_and_left_out_without_an_answer(self):
        self.assertEqual(health.satisfaction_part(9), 90)
        self.assertEqual(health.satisfaction_part(0), 0)  # the strongest detractor, not "no answer"
        self.assertIsNone(health.satisfaction_part(None))

    def test_responsiveness_answers_within_the_deadline_and_leaves_none_open(self):
        self.assertEqual(health.responsiveness_part(0, 0, 10, 24), 100)  # answered within the deadline
        self.assertEqual(health.responsiveness_part(0, 0, 36, 24), 50)  # half as late again
        self.assertEqual(health.responsiveness_part(0, 0, 48, 24), 0)  # twice the deadline
        self.assertEqual(health.responsiveness_part(1, 0, None, 24), 90)  # one open, in time
        self.assertEqual(health.responsiveness_part(1, 1, 10, 24), 50)  # one overdue
        self.assertEqual(health.responsiveness_part(3, 2, 10, 24), 0)
        self.assertIsNone(health.responsiveness_part(0, 0, None, 24))  # never asked anything

    def test_a_factor_without_data_gives_its_weight_to_the_others(self):
        weights = health.HealthWeights(
            rfm=0, sentiment=0, contact=0, payment=50, rhythm=0, satisfaction=50, responsiveness=0
        )
        # no answer: the payment alone makes the score
        self.assertEqual(health.health_score(self._inputs(overdue_days=30), weights)[0], 50)
        # a detractor's 2 of 10 weighs as much as the payments
        self.assertEqual(health.health_score(self._inputs(overdue_days=30, satisfaction_score=2), weights)[0], 35)

    def test_rebalanced_weights_keep_their_proportions_and_make_room(self):
        self.assertEqual(
            health.rebalanced_weights(OLD_WEIGHTS, 20),
            {"rfm": 32, "sentiment": 16, "contact": 12, "payment": 12, "rhythm": 8},
        )
        uneven = health.rebalanced_weights({"rfm": 33, "sentiment": 33, "contact": 34}, 20)
        self.assertEqual(sum(uneven.values()), 80)
        self.assertEqual(sum(health.HealthWeights().as_dict().values()), 100)

    def test_a_customer_without_answer_or_request_keeps_the_score_of_the_old_weights(self):
        inputs = self._inputs(sentiment=100, contact_gap=50, contact_interval=30, overdue_days=12, purchase_gap=5)
        old = health.HealthWeights(**OLD_WEIGHTS, satisfaction=0, responsiveness=0)
        new = health.HealthWeights(**health.rebalanced_weights(OLD_WEIGHTS, 20), satisfaction=10, responsiveness=10)
        self.assertEqual(health.health_score(inputs, new), health.health_score(inputs, old))


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestHealthFactors(LifecycleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_h = cls._company("Health Factors Co")
        cls.company_h.lifecycle_request_deadline_hours = 24
        cls.Health = cls.env["customer.lifecycle.health"]
        cls.Touchpoint = cls.env["customer.touchpoint"].with_company(cls.company_h)
        cls.customer = cls._partner("Kish Ceramics", user_id=cls.salesman.id)
        cls._order(cls.customer, 0, company=cls.company_h)

    def _at(self, offset, hour=9):
        return datetime.combine(self._on(offset), time(hour, 0))

    def _score(self, day):
        self._recompute(day, self.company_h)
        with freeze_time(self._at(day, 12)):
            self.Health._recompute_all(self.company_h)
        return self.Health.search([("partner_id", "=", self.customer.id), ("company_id", "=", self.company_h.id)])

    def _touchpoint(self, offset, **values):
        return self.Touchpoint.create(
            {
                "partner_id": self.customer.id,
                "company_id": self.company_h.id,
                "reason": "Satisfaction survey",
                "date": self._at(offset),
                **values,
            }
        )

    def test_the_latest_survey_answer_is_the_satisfaction_not_the_sentiment(self):
        record = self._score(2)
        self.assertFalse(record.satisfaction_scored)
        self.assertIn("no survey answer yet", record.reasons)
        self._touchpoint(3, satisfaction_score=9)
        self._touchpoint(4, satisfaction_score=2)  # a detractor's answer, the latest
        record = self._score(5)
        self.assertRecordValues(
            record, [{"satisfaction_scored": True, "satisfaction_score": 2, "satisfaction_part": 20.0}]
        )
        # the answers are not counted again by the sentiment: nobody else talked to them
        self.assertEqual(record.sentiment_part, 50)
        self.assertIn("latest survey score 2/10", record.reasons)

    def test_overdue_and_slow_requests_lower_the_responsiveness(self):
        record = self._score(2)
        self.assertFalse(record.responsiveness_scored)
        answered = self._touchpoint(2, kind="request", reason="Price list, please", direction="inbound")
        with freeze_time(self._at(2, 21)):
            answered.action_resolve()  # 12 hours: within the deadline of 24
        with freeze_time(self._at(3)):
            self._touchpoint(3, kind="complaint", reason="Broken tiles", direction="inbound")
        record = self._score(5)  # the complaint waits since day 3: overdue
        self.assertRecordValues(
            record,
            [
                {
                    "responsiveness_scored": True,
                    "open_requests": 1,
                    "overdue_requests": 1,
                    "median_response_hours": 12.0,
                    "responsiveness_part": 50.0,
                }
            ],
        )
        self.assertIn("1 overdue", record.reasons)
        self.assertTrue(self.Health.search_count([("id", "=", record.id), ("overdue_requests", ">", 0)]))

    def test_the_weights_of_settings_weigh_the_new_factors(self):
        self._touchpoint(1, satisfaction_score=0)
        self.company_h.write(
            {
                "lifecycle_health_weight_rfm": 0,
                "lifecycle_health_weight_sentiment": 0,
                "lifecycle_health_weight_contact": 0,
                "lifecycle_health_weight_payment": 50,
                "lifecycle_health_weight_rhythm": 0,
                "lifecycle_health_weight_satisfaction": 50,
                "lifecycle_health_weight_responsiveness": 0,
            }
        )
        self.assertEqual(self._score(2).score, 50)  # payments 100, satisfaction 0
        self.assertEqual(
            self.customer.with_company(self.company_h).lifecycle_card_health_weakest, "Satisfaction: 0/100"
        )

    def test_the_card_names_no_factor_that_is_left_out(self):
        self.company_h.write(
            {
                "lifecycle_health_weight_rfm": 100,
                "lifecycle_health_weight_sentiment": 0,
                "lifecycle_health_weight_contact": 0,
                "lifecycle_health_weight_payment": 0,
                "lifecycle_health_weight_rhythm": 0,
                "lifecycle_health_weight_satisfaction": 0,
                "lifecycle_health_weight_responsiveness": 0,
            }
        )
        self._score(2)
        self.company_h.lifecycle_health_weight_rfm = 80
        self.company_h.lifecycle_health_weight_responsiveness = 20
        # no request: responsiveness is stored as 0 but left out; RFM 100 loses nothing
        self.assertFalse(self.customer.with_company(self.company_h).lifecycle_card_health_weakest)

    def test_settings_weigh_seven_factors_that_sum_to_100(self):
        settings = Form(self.env["res.config.settings"])
        values = {**health.HealthWeights().as_dict(), "satisfaction": 25}
        for name, weight in values.items():
            setattr(settings, f"lifecycle_health_weight_{name}", weight)
        with self.assertRefused(ValidationError, "sum to 100; they sum to 115"):
            settings.save()
        settings = Form(self.env["res.config.settings"])
        for name, weight in {**values, "rfm": 15}.items():
            setattr(settings, f"lifecycle_health_weight_{name}", weight)
        settings.save()
        self.assertEqual(self.env.company.lifecycle_health_weight_satisfaction, 25)
        with self.assertRefused(ValidationError, "cannot be negative"):
            self.env.company.lifecycle_health_weight_responsiveness = -5

    def test_upgrade_rebalances_the_weights_and_keeps_the_scores_of_the_silent(self):
        # as 18.0.1.4.0 left the company, with the new weights given their defaults on top
        self.company_h.write(
            {
                **{f"lifecycle_health_weight_{name}": weight for name, weight in OLD_WEIGHTS.items()},
                "lifecycle_health_weight_satisfaction": 0,
                "lifecycle_health_weight_responsiveness": 0,
            }
        )
        self._order(self.customer, 20, company=self.company_h)
        self._touchpoint(25, reason="A call", sentiment="positive")
        before = self._score(60).score
        self.company_h.write({"lifecycle_health_weight_satisfaction": 10, "lifecycle_health_weight_responsiveness": 10})
        self.env.flush_all()
        load_migration("1.5.0", "post-health_weights").migrate(self.env.cr, "18.0.1.4.0")
        self.company_h.invalidate_recordset()
        self.assertRecordValues(
            self.company_h,
            [
                {
                    "lifecycle_health_weight_rfm": 32,
                    "lifecycle_health_weight_sentiment": 16,
                    "lifecycle_health_weight_contact": 12,
                    "lifecycle_health_weight_payment": 12,
                    "lifecycle_health_weight_rhythm": 8,
                    "lifecycle_health_weight_satisfaction": 10,
                    "lifecycle_health_weight_responsiveness": 10,
                }
            ],
        )
        self.assertEqual(self._score(60).score, before)
        # an answer moves it now, and only it
        self._touchpoint(59, satisfaction_score=0)
        self.assertLess(self._score(60).score, before)
