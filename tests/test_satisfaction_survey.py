# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Satisfaction measured with Odoo's survey (article 003: a customer becomes loyal "because
they were satisfied with the purchase or the relationship with the seller was positive")."""

from datetime import datetime, timedelta

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import freeze_time, tagged

from ..tools import satisfaction
from .common import LifecycleCommon

SENT = datetime(2026, 1, 15, 9, 0)


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestSatisfactionSurvey(LifecycleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey = cls.env.ref("customer_lifecycle.survey_satisfaction_nps")
        cls.question = cls.env.ref("customer_lifecycle.survey_satisfaction_nps_recommend")
        cls.why = cls.env.ref("customer_lifecycle.survey_satisfaction_nps_why")
        cls.company.write(
            {"lifecycle_satisfaction_survey_id": cls.survey.id, "lifecycle_satisfaction_period_days": 180}
        )
        cls.company.lifecycle_relationship_owner_id = cls.manager
        cls.customer = cls._partner("Azadi Pharmacy", email="buyer@azadi.example", user_id=cls.salesman.id)
        cls.prospect = cls._partner("Cobalt Studio", email="hello@cobalt.example")
        cls.blacklisted = cls._partner("Maple Cafe", email="owner@maple.example")
        cls.env["mail.blacklist"].create({"email": "owner@maple.example"})
        for partner in (cls.customer, cls.blacklisted):
            cls._order(partner, 0)
        with freeze_time(cls.day0 + timedelta(days=1)):
            cls.engine._recompute_all(cls.company)
        cls.Touchpoint = cls.env["customer.touchpoint"]

    def _send(self, partner, when=SENT):
        with freeze_time(when):
            return self.company._lifecycle_send_satisfaction_survey(partner)

    def _answer(self, partner, score, when=SENT, opinion=None, survey=None):
        """The customer answers their invitation: the 0–10 line, an opinion, then done."""
        with freeze_time(when):
            answer = (survey or self.survey)._create_answer(
                partner=partner, check_attempts=False, lifecycle_company_id=self.company.id
            )
            # the form posts text, as the survey's page does ("0" is an answer, 0 a skip)
            scale = (survey or self.survey).question_ids.filtered(lambda q: q.question_type == "scale")
            answer._save_lines(scale, str(score))
            if opinion:
                answer._save_lines(self.why, opinion)
            answer._mark_done()
        return answer

    def _answers(self, partner):
        return self.Touchpoint.search([("partner_id", "=", partner.id), ("has_satisfaction_score", "=", True)])

    def _due(self, when):
        with freeze_time(when):
            return self.company._lifecycle_satisfaction_due()

    # -- the rule, as the article says it -----------------------------------------------------

    def test_bands_read_like_the_article(self):
        """9–10 promoters, 7–8 passives, 0–6 detractors: a negative contact."""
        self.assertEqual([satisfaction.band_of(score) for score in (0, 6)], ["detractor"] * 2)
        self.assertEqual([satisfaction.band_of(score) for score in (7, 8)], ["passive"] * 2)
        self.assertEqual([satisfaction.band_of(score) for score in (9, 10)], ["promoter"] * 2)
        self.assertEqual(satisfaction.sentiment_of(6), "negative")
        self.assertEqual(satisfaction.sentiment_of(8), "neutral")
        self.assertEqual(satisfaction.sentiment_of(9), "positive")
        self.assertFalse(satisfaction.is_score(11))
        self.assertFalse(satisfaction.is_score(-1))
        with self.assertRaises(ValueError):
            satisfaction.band_of(11)

    # -- an answer is a touch-point of the company that invited -------------------------------

    def test_done_answer_becomes_a_scored_touchpoint(self):
        answers = self._send(self.customer)
        self.assertEqual(len(answers), 1)
        self.assertEqual(answers.partner_id, self.customer)
        self.assertTrue(answers.access_token, "a personal invitation: a token per partner")
        self.assertFalse(self.Touchpoint.search([("partner_id", "=", self.customer.id)]), "a sent survey is no contact")
        # addressed to the address (18.0) or to the partner (19.0's recipients)
        mail = self.env["mail.mail"].search(
            ["|", ("email_to", "ilike", "buyer@azadi.example"), ("recipient_ids", "in", self.customer.ids)]
        )
        self.assertEqual(len(mail), 1, "the invitation is mailed to the customer")
        self.assertIn(answers.access_token, mail.body_html)
        with freeze_time(SENT + timedelta(days=2)):
            answers._save_lines(self.question, "9")
            answers._save_lines(self.why, "Fast delivery")
            answers._mark_done()
        touchpoint = self._answers(self.customer)
        self.assertRecordValues(
            touchpoint,
            [
                {
                    "company_id": self.company.id,
                    "channel": "survey",
                    "kind": "contact",
                    "direction": "inbound",
                    "satisfaction_score": 9,
                    "satisfaction_band": "promoter",
                    "sentiment": "positive",
                    "result": "Fast delivery",
                    "survey_user_input_id": answers.id,
                    "date": SENT + timedelta(days=2),
                }
            ],
        )
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.lifecycle_satisfaction_score, 9)
        self.assertEqual(self.customer.lifecycle_satisfaction_band, "promoter")

    def test_partner_shows_its_latest_answer(self):
        self._answer(self.customer, 10, when=SENT)
        self._answer(self.customer, 7, when=SENT + timedelta(days=200))
        other = self._partner("Golrang Home", email="golrang@example.com")
        self._answer(other, 0, when=SENT)
        partners = self.customer | other | self.prospect
        partners.invalidate_recordset()
        self.assertEqual(partners.mapped("lifecycle_satisfaction_score"), [7, 0, 0])
        self.assertEqual(partners.mapped("lifecycle_satisfaction_band"), ["passive", "detractor", False])
        # a contact of the company shows its company's latest
        contact = self.env["res.partner"].create({"name": "Dr. Azadi", "parent_id": self.customer.id})
        self.assertEqual(contact.lifecycle_satisfaction_band, "passive")

    def test_latest_is_read_in_one_query_for_a_batch(self):
        partners = self.customer | self.prospect | self.blacklisted
        self._answer(self.customer, 8)
        self._answer(self.blacklisted, 3)
        partners.invalidate_recordset()
        # one query reads the partners, one their latest answers, however many they are
        with self.assertQueryCount(2):
            self.assertEqual(partners.mapped("lifecycle_satisfaction_band"), ["passive", False, "detractor"])

    def test_answer_without_the_scale_line_makes_no_touchpoint(self):
        with freeze_time(SENT):
            answer = self.survey._create_answer(
                partner=self.customer, check_attempts=False, lifecycle_company_id=self.company.id
            )
            answer._save_lines(self.why, "No comment")
            answer._mark_done()
        self.assertFalse(self._answers(self.customer))

    def test_answer_to_an_uninvited_survey_is_no_touchpoint(self):
        with freeze_time(SENT):
            answer = self.survey._create_answer(partner=self.customer, check_attempts=False)
            answer._save_lines(self.question, "10")
            answer._mark_done()
        self.assertFalse(self._answers(self.customer))

    def test_detractor_opens_a_warning_for_the_owner(self):
        warning = self.env.ref("customer_lifecycle.mail_activity_type_health_warning")

        def warnings(partner):
            return self.env["mail.activity"].search(
                [("res_model", "=", "res.partner"), ("res_id", "=", partner.id), ("activity_type_id", "=", warning.id)]
            )

        self._answer(self.customer, 9)
        self.assertFalse(warnings(self.customer), "a promoter is no warning")
        self._answer(self.customer, 4, when=SENT + timedelta(days=1))
        self.assertEqual(warnings(self.customer).user_id, self.salesman, "the salesperson owns the warning")
        self.assertIn("4/10", warnings(self.customer).summary)
        # no salesperson: the company's relationship owner
        self._answer(self.blacklisted, 6)
        self.assertEqual(warnings(self.blacklisted).user_id, self.manager)

    def test_a_loyal_detractor_gets_one_warning(self):
        loyal = self._loyal_partner("Nordic Outfitters", email="nordic@example.com", user_id=self.salesman.id)
        self._recompute(120)
        self.assertEqual(self._stage(loyal), "loyal")
        before = self.env["mail.activity"].search([("res_model", "=", "res.partner"), ("res_id", "=", loyal.id)])
        self._answer(loyal, 2, when=datetime(2026, 5, 10, 9, 0))
        activities = (
            self.env["mail.activity"].search([("res_model", "=", "res.partner"), ("res_id", "=", loyal.id)]) - before
        )
        self.assertEqual(len(activities), 1, "the detractor's warning, not a second negative-contact one")
        self.assertIn("2/10", activities.summary)

    def test_deleted_survey_keeps_the_score(self):
        survey = self.survey.copy({"title": "Spring satisfaction"})
        answer = self._answer(self.customer, 3, survey=survey)
        touchpoint = self._answers(self.customer)
        self.assertEqual(touchpoint.survey_user_input_id, answer)
        self.company.lifecycle_satisfaction_survey_id = survey
        survey.unlink()
        self.assertFalse(answer.exists())
        self.assertRecordValues(
            touchpoint,
            [{"satisfaction_score": 3, "satisfaction_band": "detractor", "survey_user_input_id": False}],
        )
        self.assertFalse(self.company.lifecycle_satisfaction_survey_id)
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.lifecycle_satisfaction_band, "detractor")

    # -- who is asked, and when ----------------------------------------------------------------

    def test_sent_after_a_purchase_at_most_once_per_period(self):
        self.assertIn(self.customer, self._due(SENT))
        with freeze_time(SENT):
            self.env["res.company"]._cron_lifecycle_send_satisfaction_surveys()
        invited = self.env["survey.user_input"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual(len(invited), 1)
        self.assertEqual(invited.lifecycle_company_id, self.company)
        self.assertNotIn(self.customer, self._due(SENT + timedelta(days=1)))
        self.assertNotIn(self.customer, self._due(SENT + timedelta(days=179)))
        # the period is over, and so is the relationship the survey would ask about: the last
        # purchase is older than the period (the first run after the install asks no one who
        # bought years ago)
        self.assertNotIn(self.customer, self._due(SENT + timedelta(days=181)), "no purchase in the period")
        self._order(self.customer, 160)
        self._recompute(161)
        self.assertIn(self.customer, self._due(SENT + timedelta(days=181)), "bought again: asked again")
        # a shorter period asks sooner
        self.company.lifecycle_satisfaction_period_days = 30
        self.assertIn(self.customer, self._due(self.day0 + timedelta(days=170)))
        self.assertNotIn(self.customer, self._due(self.day0 + timedelta(days=191)))

    def test_never_to_prospects_blacklisted_or_outside_the_chain(self):
        due = self._due(SENT)
        self.assertNotIn(self.prospect, due, "a prospect has not bought yet")
        self.assertNotIn(self.blacklisted, due, "a blacklisted address is never mailed")
        self.assertNotIn(self.company.partner_id, due)
        # the prospect buys: now a customer, asked
        self._order(self.prospect, 12)
        self._recompute(13)
        self.assertIn(self.prospect, self._due(SENT))
        # a contact without an e-mail of its own company: its company is asked, not the contact
        contact = self.env["res.partner"].create(
            {"name": "Dr. Azadi", "parent_id": self.customer.id, "email": "dr@azadi.example"}
        )
        self.assertNotIn(contact, self._due(SENT))

    def test_no_survey_chosen_sends_nothing(self):
        self.company.lifecycle_satisfaction_survey_id = False
        with freeze_time(SENT):
            self.env["res.company"]._cron_lifecycle_send_satisfaction_surveys()
        self.assertFalse(self.env["survey.user_input"].search([("partner_id", "=", self.customer.id)]))

    # -- bad input -----------------------------------------------------------------------------

    def test_bad_input_is_refused(self):
        with self.assertRefused(ValidationError, "at least one day"):
            self.company.lifecycle_satisfaction_period_days = 0
        self.assertEqual(self.company.lifecycle_satisfaction_period_days, 180)
        one_to_five = self.env["survey.survey"].create(
            {
                "title": "Stars",
                "question_ids": [
                    Command.create({"title": "Stars?", "question_type": "scale", "scale_min": 1, "scale_max": 5})
                ],
            }
        )
        with self.assertRefused(ValidationError, "scale question from 0 to 10"):
            self.company.lifecycle_satisfaction_survey_id = one_to_five
        self.assertEqual(self.company.lifecycle_satisfaction_survey_id, self.survey)
        for score in (11, -1):
            with self.assertRefused(ValidationError, "from 0 to 10"):
                self.Touchpoint.create(
                    {
                        "partner_id": self.customer.id,
                        "reason": "Survey",
                        "channel": "survey",
                        "satisfaction_score": score,
                    }
                )
        self.assertFalse(self._answers(self.customer))

    # -- the upgrade ---------------------------------------------------------------------------

    def test_upgrade_gives_the_main_company_the_nps_survey(self):
        from .test_migration import load_migration

        main = self.env.ref("base.main_company")
        main.lifecycle_satisfaction_survey_id = False
        load_migration("18.0.1.4.0", "post-satisfaction").migrate(self.env.cr, "18.0.1.3.0")
        self.assertEqual(main.lifecycle_satisfaction_survey_id, self.survey)
        # a survey of the company's own choice is kept
        own = self.survey.copy({"title": "Our own"})
        main.lifecycle_satisfaction_survey_id = own
        load_migration("18.0.1.4.0", "post-satisfaction").migrate(self.env.cr, "18.0.1.3.0")
        self.assertEqual(main.lifecycle_satisfaction_survey_id, own)

    def test_nobody_types_a_score_by_hand(self):
        self._answer(self.customer, 3)
        touchpoint = self._answers(self.customer)
        with self.assertRefused(UserError, "the customer's own answer to the survey"):
            touchpoint.with_user(self.manager).write({"satisfaction_score": 10})
        with self.assertRefused(UserError, "the customer's own answer to the survey"):
            self.Touchpoint.with_user(self.salesman).create(
                {"partner_id": self.customer.id, "reason": "Call", "satisfaction_score": 10}
            )
        self.assertEqual(touchpoint.satisfaction_score, 3)
        self.assertEqual(len(self._answers(self.customer)), 1)
