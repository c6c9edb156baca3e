# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from odoo import fields, models
from odoo.exceptions import UserError


class CustomerKeyAccountTactic(models.Model):
    _name = "customer.key.account.tactic"
    _inherit = ["customer.key.account.plan.part"]
    _plan_free_fields = frozenset({"status"})  # its execution, followed while the plan runs
    _description = "Key-Account Strategy or Tactic"
    _order = "plan_id, group, due_date, id"

    plan_id = fields.Many2one("customer.key.account.plan", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    currency_id = fields.Many2one(related="plan_id.currency_id")
    group = fields.Selection(
        [
            ("product", "Products and services"),
            ("price", "Price"),
            ("promotion", "Promotion and sales incentives"),
            ("place", "Place"),
            ("resources", "Resources"),
            ("competition", "How we block the competitors"),
        ],
        required=True,
        default="product",
    )
    name = fields.Char(string="Tactic", required=True)
    owner_id = fields.Many2one("res.users", default=lambda self: self.env.user)
    due_date = fields.Date()
    status = fields.Selection(
        [("todo", "To Do"), ("doing", "In Progress"), ("done", "Done"), ("cancelled", "Cancelled")],
        default="todo",
        required=True,
    )
    budget = fields.Monetary()

    def action_schedule_activity(self):
        """Daily work aligned with the plan: a to-do for the tactic's owner on the plan."""
        for tactic in self:
            if not tactic.owner_id or not tactic.due_date:
                raise UserError(
                    self.env._("Give the tactic “%(tactic)s” an owner and a due date first.", tactic=tactic.name)
                )
            tactic.plan_id.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=tactic.due_date,
                summary=tactic.name,
                user_id=tactic.owner_id.id,
            )
        return True
