# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Dashboards: the lifecycle funnel, the stage flow by month, retention by cohort."""

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import LifecycleCommon


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestDashboards(LifecycleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_f = cls._company("Funnel Co")
        cls.azar = cls._partner("Azar (climbs to loyal)")
        cls.behrouz = cls._partner("Behrouz (customer)")
        cls.chista = cls._partner("Chista (lapses)")
        for day in (0, 10, 300):
            cls._order(cls.azar, day, company=cls.company_f)
        cls._order(cls.behrouz, 200, company=cls.company_f)
        cls._order(cls.chista, 0, company=cls.company_f)

    def _funnel(self):
        self.env["customer.lifecycle.funnel.report"].invalidate_model()
        rows = self.env["customer.lifecycle.funnel.report"].search([("company_id", "=", self.company_f.id)])
        return {row.stage_id.code: row for row in rows}

    def test_funnel_counts_conversion_and_median_days(self):
        self._recompute(370, self.company_f)
        funnel = self._funnel()
        self.assertRecordValues(
            funnel["customer"],
            [
                {
                    "current_count": 1,  # Behrouz
                    "reached_count": 3,
                    "converted_count": 1,  # Azar went on to loyal
                    "conversion_rate": 33.3,
                    "median_days": (300 + 365) / 2,  # Azar's stay and Chista's
                }
            ],
        )
        self.assertRecordValues(
            funnel["loyal"], [{"current_count": 1, "reached_count": 1, "converted_count": 0, "median_days": 0}]
        )
        self.assertEqual((funnel["lapsed"].current_count, funnel["lapsed"].reached_count), (1, 1))
        self.assertNotIn("advocate", funnel)

    def test_stage_flow_by_month(self):
        self._recompute(370, self.company_f)
        groups = self.env["customer.lifecycle.history"]._read_group(
            [("company_id", "=", self.company_f.id), ("to_stage_id.code", "=", "customer")],
            ["date:month"],
            ["__count"],
        )
        self.assertEqual(
            {month.strftime("%Y-%m"): count for month, count in groups},
            {self._on(0).strftime("%Y-%m"): 2, self._on(200).strftime("%Y-%m"): 1},
        )

    def test_retention_by_the_month_partners_became_customers(self):
        self._recompute(370, self.company_f)
        action = self.env.ref("customer_lifecycle.res_partner_action_lifecycle_retention")
        groups = (
            self.env["res.partner"]
            .with_company(self.company_f)
            ._read_group(safe_eval(action.domain), ["lifecycle_customer_date:month", "lifecycle_stage_id"], ["__count"])
        )
        cohort = {(month.strftime("%Y-%m"), stage.code): count for month, stage, count in groups}
        self.assertEqual(cohort.get((self._on(0).strftime("%Y-%m"), "loyal")), 1, cohort)
        self.assertEqual(cohort[(self._on(0).strftime("%Y-%m"), "lapsed")], 1)
        self.assertEqual(cohort[(self._on(200).strftime("%Y-%m"), "customer")], 1)

    def test_funnel_is_per_allowed_company(self):
        self._recompute(370, self.company_f)
        report = self.env["customer.lifecycle.funnel.report"].with_user(self.salesman)
        self.assertFalse(report.search([("company_id", "=", self.company_f.id)]))
        self.assertTrue(report.search([]))  # the salesman's own company (demo data)
