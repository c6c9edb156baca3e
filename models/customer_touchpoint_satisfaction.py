# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""A touch-point that is a satisfaction survey's answer: its 0–10 score, kept when the
survey is deleted, and the warning a detractor's answer gives the customer's owner."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import satisfaction


class CustomerTouchpoint(models.Model):
    _inherit = "customer.touchpoint"

    channel = fields.Selection(selection_add=[("survey", "Survey")], ondelete={"survey": "set default"})
    satisfaction_score = fields.Integer(
        readonly=True,
        aggregator="avg",
        help="The answer to How likely are you to recommend us to a friend?, from 0 to 10: 9–10 a "
        "promoter, 7–8 a passive, 0–6 a detractor.",
    )
    has_satisfaction_score = fields.Boolean(
        string="Satisfaction Answer",
        readonly=True,
        index=True,
        help="The touch-point is an answer to the satisfaction survey and carries its score.",
    )
    satisfaction_band = fields.Selection(
        [
            (satisfaction.PROMOTER, "Promoter"),
            (satisfaction.PASSIVE, "Passive"),
            (satisfaction.DETRACTOR, "Detractor"),
        ],
        compute="_compute_satisfaction_band",
        store=True,
    )
    survey_user_input_id = fields.Many2one(
        "survey.user_input",
        string="Survey Answer",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
    )

    @api.depends("satisfaction_score", "has_satisfaction_score")
    def _compute_satisfaction_band(self):
        for touchpoint in self:
            score = touchpoint.satisfaction_score
            touchpoint.satisfaction_band = (
                satisfaction.band_of(score)
                if touchpoint.has_satisfaction_score and satisfaction.is_score(score)
                else False
            )

    @api.constrains("satisfaction_score")
    def _check_satisfaction_score(self):
        for touchpoint in self:
            if not satisfaction.is_score(touchpoint.satisfaction_score):
                raise ValidationError(
                    self.env._(
                        "A satisfaction score is from 0 to 10; %(score)s on the touch-point with %(partner)s is not.",
                        score=touchpoint.satisfaction_score,
                        partner=touchpoint.partner_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("satisfaction_score") is not None and vals.get("satisfaction_score") is not False:
                vals["has_satisfaction_score"] = True
        touchpoints = super().create(vals_list)
        touchpoints.filtered(lambda t: t.satisfaction_band == satisfaction.DETRACTOR)._warn_detractor()
        return touchpoints

    def _lifecycle_protected_hint(self):
        score = self.env._("A satisfaction score is the customer's own answer to the survey.")
        return f"{super()._lifecycle_protected_hint()} {score}"

    def _warn_negative_contact(self):
        # a detractor's answer gets its own warning (_warn_detractor), not a second one
        return super(CustomerTouchpoint, self.filtered(lambda t: not t.has_satisfaction_score))._warn_negative_contact()

    def _warn_detractor(self):
        """A detractor's answer: a warning activity for the customer's owner in the company
        (its salesperson, else the relationship owner)."""
        for company, touchpoints in self.grouped("company_id").items():
            owners = company._lifecycle_owner_for(touchpoints.commercial_partner_id)
            for touchpoint in touchpoints:
                customer = touchpoint.commercial_partner_id
                owner = owners.get(customer.id)
                if not owner:
                    continue
                reader = self.env["customer.lifecycle.reader.text"]._for_reader(owner, company)
                customer.sudo().with_company(company).activity_schedule(
                    "customer_lifecycle.mail_activity_type_health_warning",
                    summary=reader.env._(
                        "%(partner)s is a detractor (%(score)s/10): find out why",
                        partner=customer.display_name,
                        score=touchpoint.satisfaction_score,
                    ),
                    note=reader.env._(
                        "%(partner)s answered %(score)s out of 10 to the satisfaction survey. A "
                        "customer becomes loyal because they were satisfied with the purchase or the "
                        "relationship with the seller was positive: call them and make it right.",
                        partner=customer.display_name,
                        score=touchpoint.satisfaction_score,
                    ),
                    user_id=owner.id,
                )
