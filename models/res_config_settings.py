# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    lifecycle_purchase_source = fields.Selection(related="company_id.lifecycle_purchase_source", readonly=False)
    lifecycle_lapse_days = fields.Integer(related="company_id.lifecycle_lapse_days", readonly=False)
    lifecycle_lapse_warning_days = fields.Integer(related="company_id.lifecycle_lapse_warning_days", readonly=False)

    def action_lifecycle_recompute_all(self):
        self.env["customer.lifecycle.engine"]._check_manager()
        self.env["customer.lifecycle.engine"]._recompute_all(self.env.companies)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("The customer lifecycle of every partner was recomputed."),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
