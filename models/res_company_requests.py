# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""How long a request or a complaint may wait for its answer in a company."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    lifecycle_request_deadline_hours = fields.Integer(
        string="Request Deadline (Hours)",
        default=24,
        help="A request or a complaint is due this many plain hours (not working hours) after it "
        "was recorded; then its owner is warned and it shows among the overdue requests.",
    )

    @api.constrains("lifecycle_request_deadline_hours")
    def _check_lifecycle_request_deadline_hours(self):
        for company in self:
            if company.lifecycle_request_deadline_hours <= 0:
                raise ValidationError(
                    self.env._(
                        "The deadline of requests and complaints of %(company)s must be at least one "
                        "hour; %(hours)s is not.",
                        company=company.name,
                        hours=company.lifecycle_request_deadline_hours,
                    )
                )
