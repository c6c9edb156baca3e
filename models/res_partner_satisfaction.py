# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The partner's latest satisfaction: the score of its latest answer to the satisfaction
survey in the current company, and its band."""

from odoo import fields, models
from odoo.tools import SQL

from ..tools import satisfaction
from .res_partner import LIFECYCLE_READERS


class ResPartner(models.Model):
    _inherit = "res.partner"

    lifecycle_satisfaction_score = fields.Integer(
        string="Latest Satisfaction",
        compute="_compute_lifecycle_satisfaction",
        groups=LIFECYCLE_READERS,
        help="The latest answer of the customer (or of its contacts) to How likely are you to "
        "recommend us to a friend?, from 0 to 10.",
    )
    lifecycle_satisfaction_band = fields.Selection(
        [
            (satisfaction.PROMOTER, "Promoter"),
            (satisfaction.PASSIVE, "Passive"),
            (satisfaction.DETRACTOR, "Detractor"),
        ],
        string="Satisfaction Band",
        compute="_compute_lifecycle_satisfaction",
        groups=LIFECYCLE_READERS,
        help="Promoter: 9–10. Passive: 7–8. Detractor: 0–6, a warning that needs a person.",
    )
    lifecycle_satisfaction_date = fields.Datetime(
        string="Latest Satisfaction Answer",
        compute="_compute_lifecycle_satisfaction",
        groups=LIFECYCLE_READERS,
    )

    def _compute_lifecycle_satisfaction(self):
        """One query for the batch: each commercial partner's latest scored touch-point in
        the current company."""
        latest = {}
        commercial_ids = list({partner.commercial_partner_id.id for partner in self if partner.id})
        if commercial_ids:
            self.env["customer.touchpoint"].flush_model(
                ["commercial_partner_id", "company_id", "date", "satisfaction_score", "has_satisfaction_score"]
            )
            self.env.cr.execute(
                SQL(
                    """
                    SELECT DISTINCT ON (commercial_partner_id) commercial_partner_id, satisfaction_score, date
                      FROM customer_touchpoint
                     WHERE has_satisfaction_score
                       AND company_id = %(company)s
                       AND commercial_partner_id = ANY(%(ids)s)
                     ORDER BY commercial_partner_id, date DESC, id DESC
                    """,
                    company=self.env.company.id,
                    ids=commercial_ids,
                )
            )
            latest = {partner_id: (score, day) for partner_id, score, day in self.env.cr.fetchall()}
        for partner in self:
            score, day = latest.get(partner.commercial_partner_id.id, (None, False))
            partner.lifecycle_satisfaction_score = score or 0
            partner.lifecycle_satisfaction_band = satisfaction.band_of(score) if score is not None else False
            partner.lifecycle_satisfaction_date = day
