# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    lifecycle_followup_days = fields.Integer(related="company_id.lifecycle_followup_days", readonly=False)
