# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""How often a company contacts the prospects it is working on."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    lifecycle_followup_days = fields.Integer(
        string="Prospect Follow-up (Days)",
        default=30,
        help="A prospect the company is working on (a lead, an opportunity, a quotation or a "
        "touch-point) is to be contacted again when it had no touch-point for this many days: it "
        "then shows on Prospects to Contact.",
    )

    @api.constrains("lifecycle_followup_days")
    def _check_lifecycle_followup_days(self):
        for company in self:
            if company.lifecycle_followup_days <= 0:
                raise ValidationError(
                    self.env._(
                        "The follow-up period of prospects of %(company)s must be at least one day; %(days)s is not.",
                        company=company.name,
                        days=company.lifecycle_followup_days,
                    )
                )
