# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The fraud desk of the referrals (issue 30), through the real Odoo: reward caps per
advocate (a number per calendar month, an amount per calendar year, in the company's time
zone), the escalation of a late review (one activity for the relationship owner, never
two), the Lifecycle Managers' weekly digest (what waits, none when nothing does) and the
Settings that refuse a cap or a deadline of zero."""

from datetime import date, datetime, timedelta

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, freeze_time, new_test_user, tagged

from ..tools.referral_caps import Reward, beyond_caps
from .common import ReferralRewardCommon


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestReferralCapsRule(ReferralRewardCommon):
    def test_a_reward_beyond_the_month_or_the_year_is_said_so(self):
        march = [Reward(date(2026, 3, 2), 80.0), Reward(date(2026, 3, 20), 80.0)]
        self.assertEqual(beyond_caps(Reward(date(2026, 3, 31), 80.0), march, monthly_cap=2).month_count, 3)
        self.assertFalse(beyond_caps(Reward(date(2026, 4, 1), 80.0), march, monthly_cap=2))
        self.assertEqual(beyond_caps(Reward(date(2026, 4, 1), 80.0), march, yearly_cap=200.0).year_total, 240.0)
        self.assertFalse(beyond_caps(Reward(date(2027, 1, 1), 80.0), march, monthly_cap=1, yearly_cap=100.0))
        self.assertFalse(beyond_caps(Reward(date(2026, 3, 31), 40.0), march, yearly_cap=200.0))  # at the cap

    def test_a_company_writing_persian_counts_jalali_months_and_years(self):
        esfand = [Reward(date(2026, 3, 20), 80.0)]  # 29 Esfand 1404
        nowruz = Reward(date(2026, 3, 21), 80.0)  # 1 Farvardin 1405
        self.assertEqual(beyond_caps(nowruz, esfand, monthly_cap=1).month_count, 2)
        self.assertFalse(beyond_caps(nowruz, esfand, monthly_cap=1, yearly_cap=100.0, jalali=True))
        self.assertTrue(beyond_caps(nowruz, esfand, yearly_cap=100.0))


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestReferralDesk(ReferralRewardCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Referral = cls.env["customer.referral"]

    def _refer_and_buy(self, name, moment, amount=300.0):
        """A friend of the referrer, referred on day 30, whose first order is confirmed at
        ``moment`` (UTC); the daily job runs the day after: the referral's reward."""
        friend = self._partner(name)
        with freeze_time(self._on(30)):
            referral = self.Referral.create(
                {"referrer_id": self.referrer.id, "referred_id": friend.id, "date": self._on(30)}
            )
        with freeze_time(moment):
            self.env["sale.order"].create(
                {
                    "partner_id": friend.id,
                    "date_order": moment,
                    "order_line": [Command.create({"product_id": self.product.id, "price_unit": amount})],
                }
            ).action_confirm()
        self._recompute(moment.date() + timedelta(days=2))
        referral.invalidate_recordset()
        self.assertEqual(referral.state, "converted")
        return self._reward(referral)

    # ------------------------------------------------------------------
    # Caps
    # ------------------------------------------------------------------

    def test_the_monthly_cap_holds_the_reward_beyond_it_for_a_decision(self):
        self.company.write({"lifecycle_referral_monthly_capped": True, "lifecycle_referral_monthly_cap": 1})
        first = self._refer_and_buy("Friend April 1", datetime(2026, 4, 10, 9, 0))
        second = self._refer_and_buy("Friend April 2", datetime(2026, 4, 20, 9, 0))
        may = self._refer_and_buy("Friend May", datetime(2026, 5, 4, 9, 0))
        self.assertFalse(first.cap_reason)
        self.assertFalse(may.cap_reason)
        self.assertEqual(
            second.cap_reason,
            "Behnam Bakery has 2 referral rewards in the calendar month of 04/20/2026 with this one, more than "
            "the cap of 1 a month.",
        )
        self.assertEqual(second.state, "waiting")  # it waits for its payment, then for the decision
        second.sudo().write({"state": "to_approve"})
        second.with_user(self.manager).action_approve()
        self.assertEqual(second.state, "given")
        self.assertIn("read why this reward goes beyond the caps and approved it", second.message_ids[:1].body)

    def test_a_cancelled_reward_frees_its_place_when_the_next_is_released(self):
        self.company.write({"lifecycle_referral_monthly_capped": True, "lifecycle_referral_monthly_cap": 1})
        first = self._refer_and_buy("Friend April 1", datetime(2026, 4, 10, 9, 0))
        second = self._refer_and_buy("Friend April 2", datetime(2026, 4, 20, 9, 0))
        self.assertTrue(second.cap_reason)
        first.with_user(self.manager).action_cancel()
        self._final(second.referral_id.referred_id.sale_order_ids)
        self.assertEqual(second.state, "to_approve")
        self.assertFalse(second.cap_reason)

    def test_the_yearly_cap_counts_the_amounts_of_the_calendar_year(self):
        self.company.write({"lifecycle_referral_yearly_capped": True, "lifecycle_referral_yearly_cap": 100.0})
        first = self._refer_and_buy("Friend April", datetime(2026, 4, 10, 9, 0))
        second = self._refer_and_buy("Friend June", datetime(2026, 6, 10, 9, 0))
        self.assertFalse(first.cap_reason)
        self.assertIn("in the calendar year of 06/10/2026 come to", second.cap_reason)
        self.assertIn("160.00 with this one, more than the cap of", second.cap_reason)

    def test_the_month_is_the_companys_a_late_evening_in_utc_is_the_next_day_in_tehran(self):
        self.company.partner_id.tz = "Asia/Tehran"
        self.company.write({"lifecycle_referral_monthly_capped": True, "lifecycle_referral_monthly_cap": 1})
        april = self._refer_and_buy("Friend April", datetime(2026, 4, 10, 9, 0))
        # 30 April, 21:00 UTC is 1 May, 00:30 in Tehran: a reward of May
        may = self._refer_and_buy("Friend May in Tehran", datetime(2026, 4, 30, 21, 0))
        self.assertEqual(may.date, date(2026, 5, 1))
        self.assertFalse(april.cap_reason)
        self.assertFalse(may.cap_reason)
        # 30 April, 20:00 UTC is still April in Tehran: beyond the cap of April
        late_april = self._refer_and_buy("Friend April in Tehran", datetime(2026, 4, 30, 20, 0))
        self.assertEqual(late_april.date, date(2026, 4, 30))
        self.assertIn("the cap of 1 a month", late_april.cap_reason)

    def test_a_cap_or_a_deadline_of_zero_is_refused(self):
        # whatever the company had before (the demo caps its rewards per month), nothing is written
        fields_ = [
            "lifecycle_referral_monthly_capped",
            "lifecycle_referral_yearly_capped",
            "lifecycle_referral_review_days",
        ]
        before = self.company.read(fields_)[0]
        with self.assertRefused(ValidationError, "must be at least one reward; 0 is not"):
            self.company.write({"lifecycle_referral_monthly_capped": True, "lifecycle_referral_monthly_cap": 0})
        with self.assertRefused(ValidationError, "must be an amount above zero"):
            self.company.write({"lifecycle_referral_yearly_capped": True, "lifecycle_referral_yearly_cap": -5.0})
        with self.assertRefused(ValidationError, "review deadline of referrals"):
            settings = Form(self.env["res.config.settings"])
            settings.lifecycle_referral_review_days = 0
            settings.save().execute()
        self.assertRecordValues(self.company, [{name: before[name] for name in fields_}])
        self.company.write({"lifecycle_referral_monthly_capped": False, "lifecycle_referral_monthly_cap": 0})

    # ------------------------------------------------------------------
    # Escalation
    # ------------------------------------------------------------------

    def _to_review(self, name="Kian Electric", company=None):
        self.referrer.phone = "+98 21 8888 1234"
        friend = self._partner(name, phone="021 8888 1234")
        with freeze_time(self._on(30)):
            referral = self.Referral.create(
                {
                    "referrer_id": self.referrer.id,
                    "referred_id": friend.id,
                    "date": self._on(30),
                    "company_id": (company or self.company).id,
                }
            )
        self.assertEqual(referral.state, "to_review")
        return referral

    def _escalate(self, day):
        with freeze_time(self._on(day)):
            self.Referral._cron_escalate_reviews()

    def _escalations(self, referral):
        activity_type = self.env.ref("customer_lifecycle.mail_activity_type_referral_review")
        return referral.activity_ids.filtered(lambda activity: activity.activity_type_id == activity_type)

    def test_a_late_review_is_one_activity_for_the_relationship_owner_never_two(self):
        owner = new_test_user(
            self.env, login="cl_desk_owner", groups="base.group_user,customer_lifecycle.group_lifecycle_manager"
        )
        self.company.lifecycle_relationship_owner_id = owner
        referral = self._to_review()
        accepted = self._to_review("Sara Ahmadi")
        self.assertEqual(referral.review_date, self._on(30))
        self._escalate(37)  # 7 days: not longer than the deadline
        self.assertFalse(self._escalations(referral))
        accepted.with_user(self.manager).action_accept()
        self._escalate(38)
        activity = self._escalations(referral)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, owner)
        self.assertIn("waited 8 days", activity.note)
        self.assertFalse(self._escalations(accepted))
        self._escalate(39)
        self.assertEqual(self._escalations(referral), activity, "not twice")
        activity.action_feedback()
        self._escalate(40)
        self.assertFalse(self._escalations(referral), "escalated once, even once done")

    def test_the_deadline_is_the_companys_setting(self):
        self.company.lifecycle_relationship_owner_id = self.manager
        self.company.lifecycle_referral_review_days = 30
        referral = self._to_review()
        self._escalate(38)
        self.assertFalse(self._escalations(referral))
        self._escalate(61)
        self.assertEqual(self._escalations(referral).user_id, self.manager)

    # ------------------------------------------------------------------
    # The weekly digest
    # ------------------------------------------------------------------

    def _digests(self, manager):
        return self.env["mail.mail"].search(
            [("recipient_ids", "in", manager.partner_id.ids), ("subject", "ilike", "Referrals")]
        )

    def test_the_digest_lists_what_waits_and_is_not_sent_when_nothing_does(self):
        branch = self._company("Tabriz Branch")
        lonely = new_test_user(
            self.env,
            login="cl_desk_lonely",
            groups="base.group_user,customer_lifecycle.group_lifecycle_manager",
            company_id=branch.id,
            company_ids=[Command.set(branch.ids)],
        )
        self.Referral._cron_send_digest()
        self.assertFalse(self._digests(lonely), "nothing waits in Tabriz: no digest")
        self._digests(self.manager).unlink()  # the demo's, of the main company
        clawback = self._grant(self.advocate, self.commission)
        clawback.action_give()
        clawback.sudo().clawback_proposed = True
        to_review = self._to_review()
        reward, order = self._convert()
        reward = self._reward(reward)
        self._final(order)
        self.assertEqual(reward.state, "to_approve")
        self.Referral._cron_send_digest()
        self.assertFalse(self._digests(lonely))
        digest = self._digests(self.manager)
        self.assertEqual(len(digest), 1)
        body = digest.body_html
        for text in (
            "Referrals to review",
            to_review.display_name,
            "have the same phone number",
            "Rewards to approve",
            reward.display_name,
            "Clawbacks proposed",
            clawback.display_name,
            f"/mail/view?model=customer.referral&amp;res_id={to_review.id}",
        ):
            self.assertIn(text, body)
