# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from odoo import api, fields, models
from odoo.exceptions import ValidationError

HEALTH_WEIGHTS = (
    "lifecycle_health_weight_rfm",
    "lifecycle_health_weight_sentiment",
    "lifecycle_health_weight_contact",
    "lifecycle_health_weight_payment",
    "lifecycle_health_weight_rhythm",
    "lifecycle_health_weight_satisfaction",
    "lifecycle_health_weight_responsiveness",
)


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    lifecycle_purchase_source = fields.Selection(related="company_id.lifecycle_purchase_source", readonly=False)
    lifecycle_lapse_days = fields.Integer(related="company_id.lifecycle_lapse_days", readonly=False)
    lifecycle_lapse_warning_days = fields.Integer(related="company_id.lifecycle_lapse_warning_days", readonly=False)

    lifecycle_key_account_share = fields.Float(related="company_id.lifecycle_key_account_share", readonly=False)
    lifecycle_health_weight_rfm = fields.Integer(related="company_id.lifecycle_health_weight_rfm", readonly=False)
    lifecycle_health_weight_sentiment = fields.Integer(
        related="company_id.lifecycle_health_weight_sentiment", readonly=False
    )
    lifecycle_health_weight_contact = fields.Integer(
        related="company_id.lifecycle_health_weight_contact", readonly=False
    )
    lifecycle_health_weight_payment = fields.Integer(
        related="company_id.lifecycle_health_weight_payment", readonly=False
    )
    lifecycle_health_weight_rhythm = fields.Integer(related="company_id.lifecycle_health_weight_rhythm", readonly=False)
    lifecycle_health_weight_satisfaction = fields.Integer(
        related="company_id.lifecycle_health_weight_satisfaction", readonly=False
    )
    lifecycle_health_weight_responsiveness = fields.Integer(
        related="company_id.lifecycle_health_weight_responsiveness", readonly=False
    )

    lifecycle_incentive_refuse_outside_stage = fields.Boolean(
        related="company_id.lifecycle_incentive_refuse_outside_stage", readonly=False
    )

    lifecycle_attribution_days = fields.Integer(related="company_id.lifecycle_attribution_days", readonly=False)
    lifecycle_attribution_model = fields.Selection(related="company_id.lifecycle_attribution_model", readonly=False)
    lifecycle_financial_benefit_settlement = fields.Selection(
        related="company_id.lifecycle_financial_benefit_settlement", readonly=False
    )
    lifecycle_referral_reward_incentive_id = fields.Many2one(
        related="company_id.lifecycle_referral_reward_incentive_id", readonly=False
    )
    lifecycle_referral_reward_mode = fields.Selection(
        related="company_id.lifecycle_referral_reward_mode", readonly=False
    )
    lifecycle_referral_reward_percent = fields.Float(
        related="company_id.lifecycle_referral_reward_percent", readonly=False
    )
    lifecycle_referral_velocity_limit = fields.Integer(
        related="company_id.lifecycle_referral_velocity_limit", readonly=False
    )
    lifecycle_public_mail_domains = fields.Text(related="company_id.lifecycle_public_mail_domains", readonly=False)
    lifecycle_referral_request_band = fields.Selection(
        related="company_id.lifecycle_referral_request_band", readonly=False
    )
    lifecycle_referral_request_days = fields.Integer(
        related="company_id.lifecycle_referral_request_days", readonly=False
    )
    lifecycle_referral_return_days = fields.Integer(related="company_id.lifecycle_referral_return_days", readonly=False)
    lifecycle_relationship_owner_id = fields.Many2one(
        related="company_id.lifecycle_relationship_owner_id",
        readonly=False,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )

    @api.constrains(*HEALTH_WEIGHTS)
    def _check_lifecycle_health_weights_total(self):
        for settings in self:
            total = sum(settings[name] for name in HEALTH_WEIGHTS)
            if total != 100:
                raise ValidationError(
                    self.env._("The health weights must sum to 100; they sum to %(total)s.", total=total)
                )

    def action_lifecycle_recompute_all(self):
        self.env["res.users"]._check_lifecycle_manager()
        self.env["customer.lifecycle.engine"]._recompute_all(self.env.companies, force=True)
        self.env["customer.lifecycle.health"]._recompute_all(self.env.companies)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("The stage and the health of every partner were recomputed."),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
