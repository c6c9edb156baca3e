# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from odoo import fields, models

from ..tools import customer_chain as chain


class CustomerLifecycleHistory(models.Model):
    _name = "customer.lifecycle.history"
    _description = "Customer Lifecycle Stage Change"
    _order = "date desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one("res.partner", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    from_stage_id = fields.Many2one("customer.lifecycle.stage", string="From", ondelete="restrict")
    to_stage_id = fields.Many2one("customer.lifecycle.stage", string="To", required=True, ondelete="restrict")
    date = fields.Date(
        required=True,
        default=lambda self: self.env.company._lifecycle_today(),
        help="The business date of the change: the day the rule was met, not the day it was computed.",
    )
    rule = fields.Selection(
        [
            (chain.RULE_FIRST_PURCHASE, "First purchase"),
            (chain.RULE_RETURNED, "Bought again after lapsing"),
            (chain.RULE_LOYAL, "Repeat purchases and maturity"),
            (chain.RULE_ADVOCATE, "Maturity and converted referrals"),
            (chain.RULE_LAPSED, "No purchase in the lapse period"),
            (chain.RULE_RECOMPUTED, "Recomputed"),
            (chain.RULE_SETTINGS, "Changed in Settings"),
            ("manual", "Set by a manager"),
        ],
        required=True,
        default="manual",
    )
    reason = fields.Char(required=True)
    user_id = fields.Many2one("res.users", string="By", default=lambda self: self.env.user)
    automatic = fields.Boolean(help="Set by the lifecycle rules; otherwise set by hand by a manager.")

    def _compute_display_name(self):
        for line in self:
            line.display_name = self.env._(
                "%(partner)s: %(stage)s",
                partner=line.partner_id.display_name,
                stage=line.to_stage_id.name,
            )
