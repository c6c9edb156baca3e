# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The uplift of an incentive against the customers of its stage given nothing."""

from datetime import date

from odoo.tests import new_test_user, tagged

from .common import UpliftCommon


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestIncentiveUplift(UpliftCommon):
    def test_uplift_against_the_same_stage_customers_given_nothing_that_month(self):
        # given: A bought again, B did not → 50 %; control C, D, E, F: only C → 25 %
        self.assertRecordValues(
            self._row(),
            [
                {
                    "month": date(2026, 3, 1),
                    "stage_id": self.stage["loyal"].id,
                    "kind": "periodic_gift",
                    "treated_count": 2,
                    "treated_repeat_count": 1,
                    "treated_rate": 50.0,
                    "control_count": 4,
                    "control_repeat_count": 1,
                    "control_rate": 25.0,
                    "uplift": 25.0,
                }
            ],
        )

    def test_referral_uplift_against_the_same_stage_customers_given_nothing_that_month(self):
        for referrer, day in (("B", date(2026, 3, 20)), ("D", date(2026, 4, 30)), ("E", date(2026, 5, 2))):
            friend = self._partner(f"Friend of {referrer}")
            self.env["customer.referral"].create(
                {
                    "referrer_id": self.people[referrer].id,
                    "referred_id": friend.id,
                    "company_id": self.branch.id,
                    "date": day,
                }
            )
        # given: B referred → 1 of 2; control: D on the last day of the window → 1 of 4 (E is a day late)
        self.assertRecordValues(
            self._row(), [{"treated_referral_rate": 50.0, "control_referral_rate": 25.0, "referral_uplift": 25.0}]
        )

    def test_an_incentive_that_rewards_what_happens_anyway_shows_no_uplift(self):
        self._order(self.people["E"], date(2026, 4, 30), company=self.branch)  # 1 March + 60 days: inside
        self.assertRecordValues(self._row(), [{"control_repeat_count": 2, "control_rate": 50.0, "uplift": 0.0}])

    def test_a_solar_hijri_reader_reads_solar_hijri_months(self):
        self.env["res.lang"]._activate_lang("fa_IR")
        persian = new_test_user(self.env, login="cl_uplift_fa", groups="base.group_user", lang="fa_IR")
        self.assertEqual(persian.lifecycle_calendar, "jalali")
        report = self.env["customer.lifecycle.uplift.report"].with_user(persian).sudo().with_context(lang="fa_IR")
        domain = [("company_id", "=", self.branch.id), ("incentive_id", "=", self.branch_gift.id)]
        self.env.flush_all()
        report.invalidate_model()
        rows = report.search(domain)
        # the grants of 10 March 2026 fall in Esfand 1404 (from 20 February): its control group
        # is the loyal customers of 20 February, with the same window of 60 days from then
        self.assertRecordValues(
            rows,
            [
                {
                    "calendar": "jalali",
                    "month": date(2026, 2, 20),
                    "month_name": "اسفند 1404",
                    "treated_count": 2,
                    "treated_rate": 50.0,
                    "control_count": 4,
                    "control_rate": 25.0,
                    "uplift": 25.0,
                }
            ],
        )
        groups = report.read_group(domain, ["uplift:avg"], ["month:month"])
        self.assertEqual([group["month:month"] for group in groups], ["اسفند 1404"])
        # a Gregorian reader reads the Gregorian month, named in words
        english = self._row()
        self.assertRecordValues(english, [{"calendar": "gregorian", "month": date(2026, 3, 1)}])
        self.assertEqual(english.with_context(lang="en_US").month_name, "March 2026")
