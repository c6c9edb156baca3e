# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The addon's period reports group by Jalali months, quarters and years for Jalali users."""

from datetime import date

from odoo.tests import tagged

from .. import odoo_compat
from ..tools import jalali_periods
from .test_jalali_calendar import CalendarCommon

# 1403/12/30 (1403 is a leap year), 1404/12/29, 1405/01/01, 1405/01/31, 1405/02/01
DAYS = [date(2025, 3, 20), date(2026, 3, 20), date(2026, 3, 21), date(2026, 4, 20), date(2026, 4, 21)]
# the Jalali quarters from the first day's to the last one's, with their days
QUARTERS_FILLED = [(4, 1403, 1), (1, 1404, 0), (2, 1404, 0), (3, 1404, 0), (4, 1404, 1), (1, 1405, 3)]


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestJalaliPeriods(CalendarCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.jalali_user = cls.persian
        cls.partner = cls.env["res.partner"].create({"name": "Nowruz Textiles"})
        customer = cls.env.ref("customer_lifecycle.stage_customer")
        cls.history = cls.env["customer.lifecycle.history"].create(
            [{"partner_id": cls.partner.id, "to_stage_id": customer.id, "date": day, "reason": "Test"} for day in DAYS]
        )

    def _groups(self, user, granularity, **context):
        """The web client's groups of the history by ``granularity``: (label, count, domain)."""
        history = self.env["customer.lifecycle.history"].with_user(user).sudo()
        history = history.with_context(lang=user.lang, **context)
        groups = odoo_compat.web_groups(history, [("id", "in", self.history.ids)], [f"date:{granularity}"])
        return [(group["values"][f"date:{granularity}"], group["count"], group["domain"]) for group in groups]

    def test_the_day_table_knows_the_jalali_periods(self):
        self.env.cr.execute(
            "SELECT day, month_start, quarter_start, year_start FROM customer_lifecycle_jalali_day"
            " WHERE day IN %s ORDER BY day",
            [tuple(DAYS)],
        )
        self.assertEqual(
            self.env.cr.fetchall(),
            [
                (date(2025, 3, 20), date(2025, 2, 19), date(2024, 12, 21), date(2024, 3, 20)),
                (date(2026, 3, 20), date(2026, 2, 20), date(2025, 12, 22), date(2025, 3, 21)),
                (date(2026, 3, 21), date(2026, 3, 21), date(2026, 3, 21), date(2026, 3, 21)),
                (date(2026, 4, 20), date(2026, 3, 21), date(2026, 3, 21), date(2026, 3, 21)),
                (date(2026, 4, 21), date(2026, 4, 21), date(2026, 3, 21), date(2026, 3, 21)),
            ],
        )
        self.assertEqual(jalali_periods.next_period_start(date(2026, 2, 20), "month"), date(2026, 3, 21))
        self.assertEqual(jalali_periods.next_period_start(date(2025, 12, 22), "quarter"), date(2026, 3, 21))
        self.assertEqual(jalali_periods.next_period_start(date(2024, 3, 20), "year"), date(2025, 3, 21))

    def test_stage_flow_by_jalali_month(self):
        groups = self._groups(self.jalali_user, "month")
        self.assertEqual(
            [(label, count) for label, count, __ in groups],
            [("اسفند 1403", 1), ("اسفند 1404", 1), ("فروردین 1405", 2), ("اردیبهشت 1405", 1)],
        )
        farvardin = groups[2][2]
        self.assertIn(("date", ">=", "2026-03-21"), farvardin)
        self.assertIn(("date", "<", "2026-04-21"), farvardin)
        opened = self.env["customer.lifecycle.history"].search(farvardin)
        self.assertEqual(opened.mapped("date"), [date(2026, 4, 20), date(2026, 3, 21)])

    def test_jalali_quarters_and_years(self):
        groups = self._groups(self.jalali_user, "quarter")
        # in the Persian user's language, as Odoo's own labels are
        self.assertEqual(
            [label for label, __, __ in groups],
            ["سه\u200cماهه 4 1403", "سه\u200cماهه 4 1404", "سه\u200cماهه 1 1405"],
        )
        groups = self._groups(self.jalali_user, "year")
        self.assertEqual([(label, count) for label, count, __ in groups], [("1403", 1), ("1404", 1), ("1405", 3)])
        self.assertIn(("date", ">=", "2025-03-21"), groups[1][2])
        self.assertIn(("date", "<", "2026-03-21"), groups[1][2])

    def test_a_graph_shows_the_empty_jalali_periods(self):
        # the graph view asks for its empty periods with fill_temporal
        quarters = self._groups(self.jalali_user, "quarter", fill_temporal=True)
        self.assertEqual(
            [(label, count) for label, count, __ in quarters],
            [(f"سه\u200cماهه {quarter} {year}", count) for quarter, year, count in QUARTERS_FILLED],
        )
        self.assertIn(("date", ">=", "2025-03-21"), quarters[1][2])
        self.assertIn(("date", "<", "2025-06-22"), quarters[1][2])
        months = self._groups(self.jalali_user, "month", fill_temporal=True)
        # Esfand 1403, the twelve months of 1404, Farvardin and Ordibehesht 1405
        self.assertEqual(len(months), 15)
        self.assertEqual(sum(count for __, count, __ in months), len(DAYS))
        self.assertEqual(months[1][:2], ("فروردین 1404", 0))

    def test_gregorian_users_keep_gregorian_months(self):
        groups = self._groups(self.english, "month")
        self.assertEqual([label for label, __, __ in groups], ["March 2025", "March 2026", "April 2026"])

    def test_the_codes_own_grouping_stays_gregorian(self):
        history = self.env["customer.lifecycle.history"].with_user(self.jalali_user).sudo()
        groups = history._read_group([("id", "in", self.history.ids)], ["date:month"], ["__count"])
        self.assertEqual([month for month, __ in groups], [date(2025, 3, 1), date(2026, 3, 1), date(2026, 4, 1)])

    def test_retention_by_jalali_cohort(self):
        self.partner.lifecycle_customer_date = date(2026, 3, 21)
        partners = self.env["res.partner"].with_user(self.jalali_user).sudo().with_context(lang="fa_IR")
        groups = odoo_compat.web_groups(partners, [("id", "=", self.partner.id)], ["lifecycle_customer_date:month"])
        self.assertEqual(groups[0]["values"]["lifecycle_customer_date:month"], "فروردین 1405")
