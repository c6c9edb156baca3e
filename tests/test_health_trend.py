# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The health trend: today's score against the score of a week before, read from the
history of the scores the scoring keeps (90 days), and the partner's chart of it."""

from datetime import datetime

from odoo import Command
from odoo.tests import freeze_time, tagged

from .common import LifecycleCommon
from .test_migration import load_migration


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestHealthTrend(LifecycleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_t = cls._company("Trend Test Co")
        cls.Health = cls.env["customer.lifecycle.health"]
        cls.Score = cls.env["customer.lifecycle.health.score"]
        cls.manager.write({"company_ids": [Command.link(cls.company_t.id)]})

    def _customers(self, count, company=None):
        partners = self.env["res.partner"]
        for index in range(count):
            partner = self._partner(f"Trend customer {index}", user_id=self.salesman.id)
            for purchase in range(index + 1):
                self._order(partner, 10 * index - purchase, company=company or self.company_t)
            partners |= partner
        return partners

    def _score(self, day, company=None):
        self._recompute(day, company or self.company_t)
        with freeze_time(self._on(day)):
            self.Health._recompute_all(company or self.company_t)

    def _health(self, partner):
        return self.Health.search([("partner_id", "=", partner.id), ("company_id", "=", self.company_t.id)])

    def _days(self, partner):
        rows = self.Score.search([("partner_id", "=", partner.id), ("company_id", "=", self.company_t.id)])
        return {row.date: row.score for row in rows}

    def _complain(self, partner, day):
        """A negative touch-point logged on ``day`` (which rescores the customer at once)."""
        with freeze_time(self._on(day)):
            self.env["customer.touchpoint"].with_company(self.company_t).create(
                {
                    "partner_id": partner.id,
                    "company_id": self.company_t.id,
                    "date": datetime.combine(self._on(day), datetime.min.time()),
                    "reason": "Complaint about a late delivery",
                    "sentiment": "negative",
                }
            )

    def test_the_trend_is_the_difference_with_the_score_a_week_before(self):
        partner = self._customers(2)[0]
        self._score(10)
        first = self._health(partner).score
        self.assertEqual(self._days(partner), {self._on(10): first})
        # a negative touch-point two days later rescores the customer: a day of its own
        self._complain(partner, 12)
        self._score(12)
        self.assertEqual(set(self._days(partner)), {self._on(10), self._on(12)})
        # a week after day 11 the reference is the latest score on or before it: day 10's
        self._score(18)
        record = self._health(partner)
        self.assertNotEqual(record.score, first)
        self.assertTrue(record.has_trend)
        self.assertEqual(record.trend, record.score - first)
        self.assertNotEqual(record.trend, record.score - record.previous_score)
        partner.invalidate_recordset()
        self.assertTrue(partner.with_company(self.company_t).lifecycle_health_has_trend)
        self.assertEqual(partner.with_company(self.company_t).lifecycle_health_trend, record.score - first)

    def test_the_last_scoring_of_the_day_wins(self):
        partner = self._customers(2)[0]
        self._score(10)
        before = self._health(partner).score
        self._complain(partner, 10)
        self._score(10)
        after = self._health(partner).score
        self.assertNotEqual(after, before)
        self.assertEqual(self._days(partner), {self._on(10): after})

    def test_no_score_a_week_before_means_no_trend(self):
        partner = self._customers(2)[0]
        self._score(10)
        self._complain(partner, 14)
        self._score(14)
        record = self._health(partner)
        self.assertFalse(record.has_trend)
        self.assertEqual(record.trend, 0)
        partner.invalidate_recordset()
        self.assertFalse(partner.with_company(self.company_t).lifecycle_health_has_trend)
        # the form says so rather than showing a trend of 0
        arch = self.env["res.partner"].get_view(view_type="form")["arch"]
        self.assertIn("No trend yet", arch)

    def test_the_history_keeps_ninety_days(self):
        partner = self._customers(2)[0]
        self._score(10)
        self._score(60)
        self.assertEqual(set(self._days(partner)), {self._on(10), self._on(60)})
        self._score(101)
        self.assertEqual(set(self._days(partner)), {self._on(60), self._on(101)})

    def test_the_chart_opens_on_the_partners_scores(self):
        partner, other = self._customers(2)
        self._score(10)
        self._score(20)
        with freeze_time(self._on(20)):
            action = partner.with_user(self.manager).with_company(self.company_t).action_lifecycle_health_history()
        self.assertEqual(action["res_model"], "customer.lifecycle.health.score")
        self.assertEqual(action["views"][0][1], "graph")
        graph = self.env["customer.lifecycle.health.score"].get_view(view_type="graph")["arch"]
        self.assertIn('type="line"', graph)
        scores = self.Score.with_user(self.manager).with_company(self.company_t).search(action["domain"])
        self.assertEqual(scores.partner_id, partner)
        self.assertEqual(sorted(scores.mapped("date")), [self._on(10), self._on(20)])
        self.assertTrue(self._days(other))

    def _queries_to_score(self, company):
        self._recompute(40, company)
        with freeze_time(self._on(40)):
            before = self.env.cr.sql_log_count
            self.env["customer.lifecycle.health.scoring"]._score(company, warn=False)
            return self.env.cr.sql_log_count - before

    def test_a_batch_writes_its_history_in_a_constant_number_of_queries(self):
        small, large = self._company("Trend Small Co"), self._company("Trend Large Co")
        self._customers(2, small)
        self._customers(6, large)
        queries_small, queries_large = self._queries_to_score(small), self._queries_to_score(large)
        self.assertEqual(queries_small, queries_large)
        self.assertEqual(self.Score.search_count([("company_id", "=", small.id)]), 2)
        self.assertEqual(self.Score.search_count([("company_id", "=", large.id)]), 6)

    def test_the_upgrade_seeds_the_history_from_the_stored_scores(self):
        partner = self._customers(2)[0]
        self._score(10)
        self.Score.search([("company_id", "=", self.company_t.id)]).unlink()
        load_migration("18.0.1.4.0", "post-health-history").migrate(self.env.cr, "18.0.1.3.0")
        self.Score.invalidate_model()
        self.assertEqual(self._days(partner), {self._on(10): self._health(partner).score})
