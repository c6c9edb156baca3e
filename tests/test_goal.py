# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Relationship goals: actuals, forecast and unit economics on a hand-computed data set."""

from datetime import timedelta

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import BaseCase, freeze_time, tagged

from ..models.customer_lifecycle_goal import goal_status, run_rate_forecast
from .common import LifecycleCommon


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestGoalRules(BaseCase):
    def test_run_rate_and_status(self):
        self.assertEqual(run_rate_forecast(600, 50, 100), 1200)
        self.assertEqual(goal_status(600, 1000, 1200, 50, 100), "on_track")
        self.assertEqual(goal_status(600, 1000, 850, 50, 100), "at_risk")
        self.assertEqual(goal_status(600, 1000, 700, 50, 100), "behind")
        self.assertEqual(goal_status(1000, 1000, 1000, 50, 100), "achieved")
        self.assertEqual(goal_status(900, 1000, 900, 100, 100), "missed")
        self.assertEqual(goal_status(900, 0, 900, 10, 100), "no_target")


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestRelationshipGoal(LifecycleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_g = cls._company("Goal Co")
        cls.parsa = cls._partner("Parsa Foods")
        cls.roya = cls._partner("Roya Books")
        cls.sina = cls._partner("Sina Tools")
        cls._order(cls.parsa, 0, company=cls.company_g, amount=100.0)
        cls._order(cls.parsa, 10, company=cls.company_g, amount=200.0)
        cls._order(cls.roya, 20, company=cls.company_g, amount=300.0)
        cls._order(cls.sina, -300, company=cls.company_g, amount=50.0)  # a customer before the period
        cls.goal = cls.env["customer.lifecycle.goal"].create(
            {
                "name": "First hundred days",
                "company_id": cls.company_g.id,
                "date_start": cls.day0,
                "date_end": cls.day0 + timedelta(days=99),  # 100 days
                "target_revenue": 1000.0,
                "acquisition_cost": 500.0,
            }
        )

    def _goal_on(self, day):
        self._recompute(day, self.company_g)
        with freeze_time(self._on(day)):
            self.goal.invalidate_recordset()
            return {name: self.goal[name] for name in self.goal._actual_fields()}

    def test_actuals_and_forecast_half_way(self):
        self.assertEqual((self.goal.date_end - self.goal.date_start).days + 1, 100)
        actual = self._goal_on(49)  # 50 days of 100 elapsed
        self.assertEqual(actual["actual_revenue"], 600.0)
        self.assertEqual(actual["revenue_progress"], 60.0)
        self.assertEqual(actual["revenue_forecast"], 1200.0)
        self.assertEqual(actual["revenue_status"], "on_track")
        self.assertEqual(actual["actual_new_customers"], 2)  # Parsa and Roya; Sina was one before
        self.assertEqual(actual["actual_cac"], 250.0)
        # average order 600 / 3 = 200; 3 purchases by 2 buyers in 100 days: 5.475 a year;
        # lifespans today: Parsa 49, Roya 29, Sina 349 days: 142.33 on average
        self.assertAlmostEqual(actual["actual_ltv"], 200 * (3 / 2 * 365 / 100) * (427 / 3) / 365, places=2)
        self.assertEqual(actual["actual_churn_rate"], 0.0)

    def test_churn_is_lapsed_in_the_period_over_customers_at_its_start(self):
        actual = self._goal_on(80)  # Sina lapsed on day 65 (365 days after day -300)
        self.assertEqual(actual["actual_churn_rate"], 100.0)  # 1 lapsed / 1 customer at the start
        self.assertEqual(actual["revenue_status"], "behind")  # 600 in 81 days: 741 forecast, under 80 %

    def test_bad_periods_and_targets_are_refused(self):
        with self.assertRefused(ValidationError, "ends"):
            self.goal.date_end = self._on(-5)
        with self.assertRefused(ValidationError, "negative targets: Revenue Target"):
            self.goal.target_revenue = -1
        with self.assertRefused(ValidationError, "Goal Co already has goals for"):
            self.goal.copy({"name": "Same period"})
        self.assertEqual(self.goal.target_revenue, 1000.0)

    def test_salespeople_read_goals_managers_set_them(self):
        goal = self.env["customer.lifecycle.goal"].create(
            {"name": "Our year", "date_start": self._on(0), "date_end": self._on(364), "target_revenue": 10.0}
        )
        goal.with_user(self.manager).write({"target_revenue": 20.0})
        self.assertEqual(goal.with_user(self.salesman).target_revenue, 20.0)
        with self.assertRaises(AccessError):
            goal.with_user(self.salesman).write({"target_revenue": 5.0})
        # goals of a company the user is not allowed in stay out of sight
        self.assertFalse(
            self.env["customer.lifecycle.goal"].with_user(self.manager).search([("id", "=", self.goal.id)])
        )
