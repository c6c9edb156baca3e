# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from odoo import fields, models


class CustomerKeyAccountCompetitor(models.Model):
    _name = "customer.key.account.competitor"
    _inherit = ["customer.key.account.plan.part"]
    _description = "Key-Account Competitor"
    _order = "plan_id, id"

    plan_id = fields.Many2one("customer.key.account.plan", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    name = fields.Char(string="Competitor", required=True)
    position = fields.Text(help="Where the competitor stands with this customer.")
    tactic_id = fields.Many2one(
        "customer.key.account.tactic",
        string="Our Answer",
        domain="[('plan_id', '=', plan_id), ('group', '=', 'competition')]",
        help="The tactic that blocks this competitor.",
    )
