# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Today is the company's today everywhere: at 2026-03-20 21:00 UTC it is already
2026-03-21 in Tehran, and a user whose time zone is UTC sees Tehran's day."""

from datetime import date, datetime, timedelta

from odoo.exceptions import ValidationError
from odoo.tests import freeze_time, tagged

from ..tools.today import day_start, today_in
from .common import LifecycleCommon, plan_values

NOW = "2026-03-20 21:00:00"  # UTC; 2026-03-21 00:30 in Tehran
TEHRAN_TODAY = date(2026, 3, 21)


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestCompanyToday(LifecycleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.partner_id.tz = "Asia/Tehran"
        cls.env.user.tz = "UTC"
        cls.env = cls.env(context=dict(cls.env.context, tz="UTC"))
        cls.partner = cls._partner("Tehran Customer")

    def _set(self, **values):
        self.partner.with_company(self.company).sudo().write(values)
        self.partner.invalidate_recordset()

    def test_the_one_definition_of_today(self):
        self.assertEqual(today_in("Asia/Tehran", datetime(2026, 3, 20, 21, 0)), TEHRAN_TODAY)
        self.assertEqual(today_in("UTC", datetime(2026, 3, 20, 21, 0)), date(2026, 3, 20))
        self.assertEqual(today_in("No/Such_Zone", datetime(2026, 3, 20, 21, 0)), date(2026, 3, 20))
        self.assertEqual(day_start(TEHRAN_TODAY, "Asia/Tehran"), datetime(2026, 3, 20, 20, 30))
        with freeze_time(NOW):
            self.assertEqual(self.company._lifecycle_today(), TEHRAN_TODAY)
            self.assertEqual(self.company._lifecycle_day_of(datetime(2026, 3, 20, 21, 0)), TEHRAN_TODAY)

    @freeze_time(NOW)
    def test_the_partner_counts_days_and_lapses_on_the_company_day(self):
        lapse_days, warning = self.company.lifecycle_lapse_days, self.company.lifecycle_lapse_warning_days
        last = TEHRAN_TODAY + timedelta(days=warning) - timedelta(days=lapse_days)  # lapses in 30 Tehran days
        self._set(
            lifecycle_stage_id=self.stage["customer"].id,
            lifecycle_stage_date=date(2026, 3, 1),
            lifecycle_last_purchase_date=last,
        )
        partner = self.partner.with_company(self.company)
        self.assertEqual(partner.lifecycle_days_in_stage, 20)
        self.assertEqual(partner.lifecycle_lapse_date, TEHRAN_TODAY + timedelta(days=warning))
        self.assertTrue(partner.lifecycle_lapsing_soon)
        self.assertIn(partner, partner.search([("lifecycle_lapsing_soon", "=", True)]))

    @freeze_time(NOW)
    def test_loyal_without_touchpoint_counts_90_days_of_the_company(self):
        self._set(lifecycle_stage_id=self.stage["loyal"].id)
        # 2025-12-20 22:30 in Tehran: the day before the first of the 90 days (2025-12-21)
        touchpoint = self.env["customer.touchpoint"].create(
            {"partner_id": self.partner.id, "reason": "Call", "date": datetime(2025, 12, 20, 19, 0)}
        )
        partner = self.partner.with_company(self.company)
        Partner = self.env["res.partner"].with_company(self.company)
        self.assertTrue(partner.lifecycle_loyal_untouched)
        self.assertIn(partner, Partner.search([("lifecycle_loyal_untouched", "=", True)]))
        touchpoint.date = datetime(2025, 12, 20, 21, 0)  # 2025-12-21 00:30 in Tehran: within the 90 days
        partner.invalidate_recordset()
        self.assertFalse(partner.lifecycle_loyal_untouched)
        self.assertNotIn(partner, Partner.search([("lifecycle_loyal_untouched", "=", True)]))
        self.assertIn(partner, Partner.search([("lifecycle_loyal_untouched", "=", False)]))

    @freeze_time(NOW)
    def test_the_pin_and_the_defaults_are_dated_on_the_company_day(self):
        wizard = (
            self.env["customer.lifecycle.pin.wizard"]
            .with_user(self.manager)
            .create({"partner_ids": self.partner.ids, "stage_id": self.stage["lost"].id, "reason": "Angry"})
        )
        wizard.action_apply()
        self.assertEqual(self.partner.with_company(self.company).lifecycle_stage_date, TEHRAN_TODAY)
        self.assertEqual(self._history(self.partner).date, TEHRAN_TODAY)
        for model, field in (
            ("customer.incentive.grant", "date"),
            ("customer.referral", "date"),
            ("customer.lifecycle.history", "date"),
            ("customer.key.account.review", "date"),
            ("customer.incentive.effectiveness.wizard", "date_to"),
        ):
            with self.subTest(model):
                self.assertEqual(self.env[model].default_get([field])[field], TEHRAN_TODAY)

    @freeze_time(NOW)
    def test_a_referral_of_the_company_day_is_not_in_the_future(self):
        Referral = self.env["customer.referral"]
        referral = Referral.create(
            {"referrer_id": self.partner.id, "referred_id": self._partner("Friend").id, "date": TEHRAN_TODAY}
        )
        self.assertEqual(referral.date, TEHRAN_TODAY)
        with self.assertRaises(ValidationError):
            Referral.create(
                {
                    "referrer_id": self.partner.id,
                    "referred_id": self._partner("Later friend").id,
                    "date": TEHRAN_TODAY + timedelta(days=1),
                }
            )

    @freeze_time(NOW)
    def test_goals_and_plans_read_the_company_day(self):
        Goal = self.env["customer.lifecycle.goal"]
        starting = Goal.create({"name": "From Nowruz", "date_start": TEHRAN_TODAY, "date_end": date(2026, 12, 31)})
        ended = Goal.create({"name": "Until yesterday", "date_start": date(2026, 1, 1), "date_end": date(2026, 3, 20)})
        self.assertRecordValues(starting | ended, [{"is_current": True}, {"is_current": False}])
        current = Goal.search([("is_current", "=", True), ("id", "in", (starting | ended).ids)])
        self.assertEqual(current, starting)
        self.partner.lifecycle_key_account = True
        plan = self.env["customer.key.account.plan"].create(plan_values(self.partner, "Tehran plan", 2026))
        plan.action_submit()
        plan.action_approve()
        plan.sudo().write({"approved_on": datetime(2025, 1, 1)})
        plan._cron_schedule_reviews()
        self.assertEqual(plan.activity_ids.date_deadline, TEHRAN_TODAY)
        plan.action_record_review("Reviewed at Nowruz")
        self.assertEqual(plan.review_ids.date, TEHRAN_TODAY)
