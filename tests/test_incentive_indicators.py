# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The CEM and CAM indicators: what followed an incentive within its window."""

from datetime import datetime, time, timedelta

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .. import odoo_compat
from .common import IncentiveCommon


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestIncentiveIndicators(IncentiveCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.lifecycle_attribution_days = 60
        cls.first_grant = cls._given(cls.loyal, cls.call, 10)
        cls.second_grant = cls._given(cls.loyal, cls.gift, 30)
        for offset in (0, 20, 40, 90, 91):  # day 0 is the first purchase, not a repeat
            cls._order(cls.loyal, offset)

    @classmethod
    def _given(cls, partner, incentive, offset):
        grant = cls.Grant.create(
            {"partner_id": partner.id, "incentive_id": incentive.id, "date": cls.day0 + timedelta(days=offset)}
        )
        grant.action_give()
        return grant

    def _row(self, grant):
        self.env.flush_all()
        report = self.env["customer.lifecycle.indicator.report"]
        report.invalidate_model()
        return report.search([("grant_id", "=", grant.id)])

    def test_repeats_go_to_the_last_grant_within_the_window_boundaries_included(self):
        first, second = self._row(self.first_grant), self._row(self.second_grant)
        # day 20 → the call (day 10); day 40 → the gift (day 30, the last touch) though the
        # call is in its window too; day 90 = gift + 60 → counted; day 91 → outside every window
        self.assertRecordValues(first, [{"repeat_count": 1, "repeat_amount": 100.0, "tool": "cem", "cost": 0.0}])
        self.assertRecordValues(second, [{"repeat_count": 2, "repeat_amount": 200.0, "cost": 25.0}])
        self.company.lifecycle_attribution_days = 30
        self.assertEqual(self._row(self.second_grant).repeat_count, 1)  # day 90 is now outside
        self.assertEqual(self._row(self.first_grant).repeat_count, 1)

    def test_first_touch_gives_each_repeat_to_the_first_incentive_of_its_window(self):
        self.company.lifecycle_attribution_model = "first"
        # day 20 → the call; day 40 → the call again (day 10, the first of its window);
        # day 90 → the gift (the call's window ends on day 70)
        self.assertEqual(self._row(self.first_grant).repeat_count, 2)
        self.assertEqual(self._row(self.second_grant).repeat_count, 1)
        lines = self.env["customer.lifecycle.repeat.product.report"].search([("partner_id", "=", self.loyal.id)])
        self.assertEqual(
            sorted((line.date, line.grant_id) for line in lines),
            [
                (self._on(20), self.first_grant),
                (self._on(40), self.first_grant),
                (self._on(90), self.second_grant),
                (self._on(91), self.Grant),  # outside every window: still a repeat
            ],
        )

    def test_repeats_are_days_of_the_company_calendar(self):
        self.company.partner_id.tz = "Asia/Tehran"  # UTC+03:30
        order = self._order(self.loyal, 9)
        order.date_order = datetime.combine(self._on(9), time(21, 0))  # UTC: 00:30 on day 10 in Tehran
        first = self._row(self.first_grant)
        self.assertEqual(first.repeat_count, 2)  # days 10 and 20, both after the call of day 10
        lines = self.env["customer.lifecycle.repeat.product.report"].search([("order_id", "=", order.id)])
        self.assertRecordValues(lines, [{"date": self._on(10), "grant_id": self.first_grant.id}])
        self.company.partner_id.tz = "UTC"  # the same order is on day 9 now, before the call
        self.assertEqual(self._row(self.first_grant).repeat_count, 1)
        lines.invalidate_model()
        lines = self.env["customer.lifecycle.repeat.product.report"].search([("order_id", "=", order.id)])
        self.assertRecordValues(lines, [{"date": self._on(9), "grant_id": False, "incentive_id": False}])

    def test_referrals_go_to_the_last_grant_of_the_referrer_within_the_window(self):
        friend = self._partner("Mina Hosseini")
        self.env["customer.referral"].create(
            {"referrer_id": self.loyal.id, "referred_id": friend.id, "date": self._on(35)}
        )
        self.assertEqual(self._row(self.second_grant).referral_count, 1)
        self.assertEqual(self._row(self.first_grant).referral_count, 0)

    def test_planned_and_cancelled_grants_are_not_measured(self):
        planned = self.Grant.create({"partner_id": self.loyal.id, "incentive_id": self.gift.id, "date": self._on(85)})
        self.assertFalse(self._row(planned))
        self.assertEqual(self._row(self.second_grant).repeat_count, 2)
        self.second_grant.action_cancel()
        self.assertFalse(self._row(self.second_grant))

    def test_the_pivot_groups_cost_and_repeats_by_kind_and_month(self):
        self.env.flush_all()
        groups = self.env["customer.lifecycle.indicator.report"]._read_group(
            [("partner_id", "=", self.loyal.id)], ["kind", "date:month"], ["cost:sum", "repeat_count:sum"]
        )
        self.assertEqual(
            sorted((kind, cost, repeats) for kind, _month, cost, repeats in groups),
            [("periodic_gift", 25.0, 2), ("respect", 0.0, 1)],
        )
        # cost per attributed repeat of a group: its total cost over its total repeats
        # (25 / 3), not the mean of the grants' own ratios (0 and 12.5)
        [(cost_per_repeat, cost_per_referral)] = self.env["customer.lifecycle.indicator.report"]._read_group(
            [("partner_id", "=", self.loyal.id)], [], ["cost_per_repeat:avg", "cost_per_referral:avg"]
        )
        self.assertAlmostEqual(cost_per_repeat, 25.0 / 3)
        self.assertFalse(cost_per_referral)  # no referral: empty (Odoo reads NULL as False), not a division by zero
        grants = self.Grant._read_group(
            [("partner_id", "=", self.loyal.id)], ["kind", "date:month", "stage_id"], ["cost:sum"]
        )
        self.assertEqual(sorted(cost for *_keys, cost in grants), [0.0, 25.0])

    def test_the_partner_shows_its_cem_indicators(self):
        self.env.flush_all()
        partner = self.loyal.with_user(self.salesman)
        partner.invalidate_recordset()
        self.assertRecordValues(
            partner,
            [
                {
                    "lifecycle_incentive_cost": 25.0,
                    "lifecycle_attributed_repeat_count": 3,
                    "lifecycle_attributed_repeat_amount": 300.0,
                    "lifecycle_attributed_referral_count": 0,
                }
            ],
        )
        self.loyal.invalidate_recordset()
        # an employee, who may not read the indicators: 18.0 computes them as nothing for them,
        # 19.0 refuses the field itself
        if odoo_compat.FIELD_GROUPS_CHECKED_ON_ATTRIBUTE:
            with self.assertRaises(AccessError):
                self.assertFalse(self.loyal.with_user(self.employee).lifecycle_attributed_repeat_count)
        else:
            self.assertEqual(self.loyal.with_user(self.employee).lifecycle_attributed_repeat_count, 0)

    def test_what_every_repeat_bought_product_by_product(self):
        self.env.flush_all()
        lines = self.env["customer.lifecycle.repeat.product.report"].search([("partner_id", "=", self.loyal.id)])
        # days 20 (the call), 40 and 90 (the gift), and day 91, outside every window: every
        # repeat counts; day 0 is the first purchase
        self.assertEqual(sorted(lines.mapped("date")), [self._on(20), self._on(40), self._on(90), self._on(91)])
        self.assertEqual(lines.product_id, self.product)
        self.assertEqual(lines.categ_id, self.product.categ_id)
        self.assertEqual(sum(lines.filtered(lambda line: line.incentive_id == self.gift).mapped("amount")), 200.0)
        unattributed = lines.filtered(lambda line: not line.incentive_id)
        self.assertRecordValues(unattributed, [{"date": self._on(91), "grant_id": False, "kind": False}])
        self.assertEqual(lines.search_count([("partner_id", "=", self.loyal.id), ("incentive_id", "=", False)]), 1)

    def test_a_customer_without_incentive_has_every_repeat_listed(self):
        plain = self._partner("Alborz Ceramics")
        for offset in (0, 15, 30):
            self._order(plain, offset, amount=80.0)
        self.env.flush_all()
        lines = self.env["customer.lifecycle.repeat.product.report"].search([("partner_id", "=", plain.id)])
        self.assertEqual(sorted(lines.mapped("date")), [self._on(15), self._on(30)])
        self.assertEqual(sum(lines.mapped("amount")), 160.0)
        self.assertFalse(lines.incentive_id)

    def test_an_attribution_window_of_zero_or_less_is_refused(self):
        with self.assertRefused(ValidationError, "attribution window"):
            self.company.lifecycle_attribution_days = 0
        self.assertEqual(self.company.lifecycle_attribution_days, 60)

    def test_salespeople_and_accountants_read_the_indicators_other_employees_do_not(self):
        self.env.flush_all()
        report = self.env["customer.lifecycle.indicator.report"]
        self.assertTrue(report.with_user(self.salesman).search_count([]))
        self.assertTrue(report.with_user(self.accountant).search_count([]))
        with self.assertRaises(AccessError):
            report.with_user(self.employee).search([])

    def test_cam_counts_the_referrals_by_how_they_came(self):
        """The indicators and the Incentive Effectiveness PDF tell referrals by code from
        those entered by staff, attributed to the incentive as the others are."""
        grant = self._given(self.advocate, self.call, 30)
        for name, origin in (("Mina Hosseini", "code"), ("Omid Rahimi", "staff"), ("Sara Karimi", "code")):
            self.env["customer.referral"].create(
                {
                    "referrer_id": self.advocate.id,
                    "referred_id": self._partner(name).id,
                    "date": self._on(35),
                    "origin": origin,
                }
            )
        row = self._row(grant)
        self.assertEqual((row.referral_count, row.code_referral_count, row.staff_referral_count), (3, 2, 1))
        wizard = self.env["customer.incentive.effectiveness.wizard"].create(
            {"company_id": self.company.id, "date_from": self._on(0), "date_to": self._on(60)}
        )
        [cam] = wizard._effectiveness_rows()["cam"]
        self.assertEqual((cam["referrals"], cam["code_referrals"], cam["staff_referrals"]), (3, 2, 1))
        report = self.env.ref("customer_lifecycle.action_report_incentive_effectiveness")
        html = report._render_qweb_html(report.report_name, wizard.ids)[0].decode()
        self.assertIn("By code", html)
        self.assertRegex(html, r"(?s)managing director</td>.*?>3</td>\s*<td[^>]*>2</td>\s*<td[^>]*>1</td>")

    def test_a_referral_to_review_counts_only_once_accepted(self):
        grant = self._given(self.advocate, self.call, 30)
        self.advocate.phone = "+98 912 345 6789"
        friend = self._partner("Yazd Weave Studio")
        friend.phone = "0912 345 6789"  # the same phone: to review
        referral = self.env["customer.referral"].create(
            {"referrer_id": self.advocate.id, "referred_id": friend.id, "date": self._on(35)}
        )
        self.assertEqual(referral.state, "to_review")
        self.assertEqual(self._row(grant).referral_count, 0)
        referral.with_user(self.manager).action_accept()
        self.assertEqual(self._row(grant).referral_count, 1)
