# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Satisfaction measured with Odoo's survey: the company's satisfaction survey, how often a
customer is asked, and the daily invitations (a personal token per customer)."""

import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..tools import customer_chain as chain, satisfaction

_logger = logging.getLogger(__name__)

INVITE_TEMPLATE = "survey.mail_template_user_input_invite"


class ResCompany(models.Model):
    _inherit = "res.company"

    lifecycle_satisfaction_survey_id = fields.Many2one(
        "survey.survey",
        string="Satisfaction Survey",
        ondelete="set null",
        help="Sent by personal invitation to each customer who bought within the period, at most once "
        "per period: a customer who has not bought for longer is not asked out of the blue. It needs "
        "a 0–10 scale question: How likely are you to recommend us to a friend? Empty: no survey is "
        "sent.",
    )
    lifecycle_satisfaction_period_days = fields.Integer(
        string="Satisfaction Survey Period (Days)",
        default=180,
        help="A customer is asked again at most once in this many days.",
    )

    @api.constrains("lifecycle_satisfaction_period_days")
    def _check_lifecycle_satisfaction_period_days(self):
        for company in self:
            if company.lifecycle_satisfaction_period_days <= 0:
                raise ValidationError(
                    self.env._(
                        "The period of the satisfaction survey of %(company)s must be at least one day; "
                        "%(days)s is not.",
                        company=company.name,
                        days=company.lifecycle_satisfaction_period_days,
                    )
                )

    @api.constrains("lifecycle_satisfaction_survey_id")
    def _check_lifecycle_satisfaction_survey(self):
        for company in self:
            survey = company.lifecycle_satisfaction_survey_id
            if survey and not company._lifecycle_satisfaction_question(survey):
                raise ValidationError(
                    self.env._(
                        "The satisfaction survey of %(company)s needs a scale question from 0 to 10 "
                        "(How likely are you to recommend us to a friend?); %(survey)s has none. "
                        "Add one, or choose another survey.",
                        company=company.name,
                        survey=survey.display_name,
                    )
                )

    @api.model
    def _lifecycle_satisfaction_question(self, survey):
        """The first 0–10 scale question of ``survey`` (an empty recordset when none)."""
        return (
            survey.sudo()
            .question_ids.filtered(
                lambda q: q.question_type == "scale" and satisfaction.is_zero_to_ten(q.scale_min, q.scale_max)
            )
            .sorted(lambda q: (q.sequence, q.id))[:1]
        )

    @api.model
    def _lifecycle_satisfaction_default_survey(self):
        """The NPS survey of the addon's data becomes the main company's, unless it has one."""
        survey = self.env.ref("customer_lifecycle.survey_satisfaction_nps", raise_if_not_found=False)
        company = self.env.ref("base.main_company", raise_if_not_found=False)
        if survey and company and not company.lifecycle_satisfaction_survey_id:
            company.lifecycle_satisfaction_survey_id = survey

    def _lifecycle_satisfaction_due(self):
        """The commercial partners the company asks now (ids, oldest first): customers who
        bought within the period, with an e-mail that is not blacklisted, in the chain, and not
        invited by this company in the period. One query for the company.

        The last purchase within the period keeps the first run after the install from
        mailing everyone who ever bought, years ago included: the survey asks about a
        relationship that is current."""
        self.ensure_one()
        partners = self.env["res.partner"]
        days = self.lifecycle_satisfaction_period_days
        since = fields.Datetime.now() - timedelta(days=days)
        bought_since = self._lifecycle_today() - timedelta(days=days)
        self.env["survey.user_input"].flush_model(["partner_id", "lifecycle_company_id", "lifecycle_invite_date"])
        self.env["mail.blacklist"].flush_model(["email", "active"])
        partners.flush_model(["active", "email_normalized", "commercial_partner_id", "company_id"])
        self.env.cr.execute(
            SQL(
                """
                SELECT p.id
                  FROM res_partner p
                 WHERE p.active
                   AND p.id = p.commercial_partner_id
                   AND p.email_normalized IS NOT NULL
                   AND (p.company_id IS NULL OR p.company_id = %(company)s)
                   AND (p.lifecycle_last_purchase_date ->> %(key)s)::date >= %(bought_since)s
                   AND NOT EXISTS (SELECT 1 FROM mail_blacklist b
                                    WHERE b.active AND b.email = p.email_normalized)
                   AND NOT EXISTS (SELECT 1 FROM survey_user_input i
                                    WHERE i.partner_id = p.id
                                      AND i.lifecycle_company_id = %(company)s
                                      AND i.lifecycle_invite_date > %(since)s)
                   AND p.id NOT IN (SELECT o.id FROM (%(outside)s) o)
                 ORDER BY p.lifecycle_first_purchase_date ->> %(key)s, p.id
                """,
                company=self.id,
                key=str(self.id),
                since=since,
                bought_since=bought_since,
                outside=partners._lifecycle_outside_chain_sql(),
            )
        )
        candidates = partners.browse([row[0] for row in self.env.cr.fetchall()]).with_company(self)
        # one read of the stage for the batch: a prospect is never asked
        return candidates.filtered(lambda p: p.lifecycle_stage_code and p.lifecycle_stage_code != chain.PROSPECT)

    def _lifecycle_send_satisfaction_survey(self, partners):
        """Invite each partner to the company's satisfaction survey: a personal answer
        (token) per partner, mailed with survey's invitation template. Not a contact: no
        touch-point is recorded; the answer becomes one when it is done."""
        self.ensure_one()
        survey = self.lifecycle_satisfaction_survey_id.sudo()
        if not survey or not partners:
            return self.env["survey.user_input"]
        template = self.env.ref(INVITE_TEMPLATE, raise_if_not_found=False)
        answers = self.env["survey.user_input"].sudo()
        now = fields.Datetime.now()
        for partner in partners:
            answers |= survey._create_answer(
                partner=partner, check_attempts=False, lifecycle_company_id=self.id, lifecycle_invite_date=now
            )
        if template:
            email_from = self.email_formatted or self.env.user.email_formatted
            for answer in answers:
                template.sudo().send_mail(
                    answer.id,
                    email_layout_xmlid="mail.mail_notification_light",
                    email_values={"email_from": email_from} if email_from else None,
                )
        return answers

    @api.model
    def _cron_lifecycle_send_satisfaction_surveys(self, batch_size=200):
        """Daily: every company with a satisfaction survey invites the customers who are due."""
        for company in self.search([("lifecycle_satisfaction_survey_id", "!=", False)]):
            due = company._lifecycle_satisfaction_due()
            for start in range(0, len(due), batch_size):
                company._lifecycle_send_satisfaction_survey(due[start : start + batch_size])
            if due:
                _logger.info("%s: satisfaction survey sent to %s customers", company.name, len(due))
