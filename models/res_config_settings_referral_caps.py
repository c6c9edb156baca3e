# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    lifecycle_referral_monthly_capped = fields.Boolean(
        related="company_id.lifecycle_referral_monthly_capped", readonly=False
    )
    lifecycle_referral_monthly_cap = fields.Integer(related="company_id.lifecycle_referral_monthly_cap", readonly=False)
    lifecycle_referral_yearly_capped = fields.Boolean(
        related="company_id.lifecycle_referral_yearly_capped", readonly=False
    )
    lifecycle_referral_yearly_cap = fields.Monetary(
        related="company_id.lifecycle_referral_yearly_cap", readonly=False, currency_field="currency_id"
    )
    lifecycle_referral_review_days = fields.Integer(related="company_id.lifecycle_referral_review_days", readonly=False)
