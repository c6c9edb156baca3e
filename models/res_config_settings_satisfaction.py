# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    lifecycle_satisfaction_survey_id = fields.Many2one(
        related="company_id.lifecycle_satisfaction_survey_id", readonly=False
    )
    lifecycle_satisfaction_period_days = fields.Integer(
        related="company_id.lifecycle_satisfaction_period_days", readonly=False
    )
