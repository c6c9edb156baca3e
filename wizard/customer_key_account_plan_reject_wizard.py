# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from odoo import fields, models


class CustomerKeyAccountPlanRejectWizard(models.TransientModel):
    _name = "customer.key.account.plan.reject.wizard"
    _description = "Send a Key-Account Plan Back"

    plan_id = fields.Many2one("customer.key.account.plan", required=True)
    reason = fields.Text(required=True)

    def action_reject(self):
        self.plan_id.action_reject(self.reason)
        return {"type": "ir.actions.act_window_close"}
