# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""A satisfaction survey's answer, once done, is a touch-point of the company that invited."""

from odoo import api, fields, models

from ..tools import satisfaction


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    lifecycle_company_id = fields.Many2one(
        "res.company",
        string="Invited By (Lifecycle)",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        help="The company that invited the customer to its satisfaction survey: the answer becomes "
        "a touch-point of this company.",
    )
    lifecycle_invite_date = fields.Datetime(
        string="Invited On (Lifecycle)",
        readonly=True,
        help="When the company invited the customer to its satisfaction survey: it asks again at most once per period.",
    )

    def _mark_done(self):
        res = super()._mark_done()
        self.filtered(lambda i: i.lifecycle_company_id and i.partner_id and not i.test_entry)._lifecycle_touchpoints()
        return res

    def _lifecycle_touchpoints(self):
        """The touch-points of these done answers: the 0–10 answer is the score, its band the
        sentiment, the open answers the result. An answer without a 0–10 answer makes none."""
        Company = self.env["res.company"]
        Touchpoint = self.env["customer.touchpoint"].sudo()
        existing = set(Touchpoint.search([("survey_user_input_id", "in", self.ids)]).survey_user_input_id.ids)
        vals_list = []
        for answer in self.sudo():
            if answer.id in existing:
                continue
            question = Company._lifecycle_satisfaction_question(answer.survey_id)
            line = answer.user_input_line_ids.filtered(lambda x, q=question: x.question_id == q and not x.skipped)[:1]
            if not question or not line:
                continue
            score = line.value_scale
            opinions = answer.user_input_line_ids.filtered(
                lambda x: x.answer_type in ("text_box", "char_box") and not x.skipped
            )
            vals_list.append(
                {
                    "partner_id": answer.partner_id.id,
                    "company_id": answer.lifecycle_company_id.id,
                    "date": answer.end_datetime or fields.Datetime.now(),
                    "channel": "survey",
                    "direction": "inbound",
                    "reason": answer.survey_id.title,
                    "result": "\n".join(opinions.mapped(lambda x: x.value_text_box or x.value_char_box)) or False,
                    "sentiment": satisfaction.sentiment_of(score),
                    "satisfaction_score": score,
                    "user_id": False,
                    "survey_user_input_id": answer.id,
                }
            )
        return Touchpoint.create(vals_list)

    @api.model
    def _lifecycle_demo_answers(self, survey_xmlid, company_xmlid, answers):
        """Demo: each (partner id, score, opinion) answers the survey through its invitation,
        as a customer would."""
        survey = self.env.ref(survey_xmlid)
        company = self.env.ref(company_xmlid)
        question = self.env["res.company"]._lifecycle_satisfaction_question(survey)
        opinion_question = survey.question_ids.filtered(lambda q: q.question_type == "text_box")[:1]
        for partner_id, score, opinion in answers:
            partner = self.env["res.partner"].browse(partner_id)
            answer = survey._create_answer(
                partner=partner,
                check_attempts=False,
                lifecycle_company_id=company.id,
                lifecycle_invite_date=fields.Datetime.now(),
            )
            answer._save_lines(question, str(score))  # as the survey's page posts it
            if opinion and opinion_question:
                answer._save_lines(opinion_question, opinion)
            answer._mark_done()
