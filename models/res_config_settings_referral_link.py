# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    lifecycle_referral_landing_url = fields.Char(related="company_id.lifecycle_referral_landing_url", readonly=False)
    lifecycle_referral_form_limit = fields.Integer(related="company_id.lifecycle_referral_form_limit", readonly=False)
