# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Suggest key accounts: the customers who together make the chosen share of the last
twelve months' revenue. Shown as a list to confirm, never applied silently."""

from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL


class CustomerKeyAccountSuggestWizard(models.TransientModel):
    _name = "customer.key.account.suggest.wizard"
    _description = "Suggest Key Accounts"

    share = fields.Float(
        string="Revenue Share (%)",
        default=lambda self: self.env.company.lifecycle_key_account_share,
        help="The customers who together make this share of the last twelve months' revenue.",
    )
    line_ids = fields.One2many("customer.key.account.suggest.line", "wizard_id", string="Suggested Key Accounts")

    @api.model
    def _suggest(self, company, share):
        """[(partner id, revenue, cumulative share %)] of the biggest customers of the last
        twelve months (the company's own partners and its users' left out), up to the one
        that reaches ``share`` %."""
        today = company._lifecycle_today()
        self.env.cr.execute(
            SQL(
                """
            WITH revenue AS (
                SELECT partner_id, SUM(amount) AS amount
                  FROM (%(purchases)s) purchases
                 WHERE day > %(since)s AND day <= %(today)s AND partner_id NOT IN (%(outside)s)
              GROUP BY partner_id
                HAVING SUM(amount) > 0
            ),
            ranked AS (
                SELECT partner_id, amount,
                       100 * SUM(amount) OVER (ORDER BY amount DESC, partner_id) / SUM(amount) OVER () AS cumulative,
                       100 * (SUM(amount) OVER (ORDER BY amount DESC, partner_id) - amount) / SUM(amount) OVER ()
                           AS before
                  FROM revenue
            )
            SELECT partner_id, amount, cumulative FROM ranked WHERE before < %(share)s ORDER BY amount DESC
            """,
                purchases=self.env["customer.lifecycle.purchase"]._document_rows_sql(company),
                since=today - timedelta(days=365),
                today=today,
                share=share,
                outside=self.env["res.partner"]._lifecycle_outside_chain_sql(),
            )
        )
        return self.env.cr.fetchall()

    def action_suggest(self):
        self.ensure_one()
        if not 0 < self.share <= 100:
            raise UserError(self.env._("The revenue share must be between 0 and 100 %."))
        rows = self._suggest(self.env.company, self.share)
        self.line_ids = [Command.clear()] + [
            Command.create({"partner_id": partner_id, "revenue": amount, "cumulative_share": cumulative})
            for partner_id, amount, cumulative in rows
        ]
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_confirm(self):
        self.ensure_one()
        self.env["res.users"]._check_lifecycle_manager(
            self.env._("Only a Lifecycle Manager can mark customers as key accounts.")
        )
        chosen = self.line_ids.filtered("selected").partner_id
        if not chosen:
            raise UserError(self.env._("Select the customers to mark as key accounts."))
        chosen.with_company(self.env.company).write({"lifecycle_key_account": True})
        return self.env["ir.actions.act_window"]._for_xml_id("customer_lifecycle.res_partner_action_key_accounts")


class CustomerKeyAccountSuggestLine(models.TransientModel):
    _name = "customer.key.account.suggest.line"
    _description = "Suggested Key Account"
    _order = "revenue desc"

    wizard_id = fields.Many2one("customer.key.account.suggest.wizard", required=True, ondelete="cascade")
    partner_id = fields.Many2one("res.partner", required=True, string="Customer")
    revenue = fields.Float(string="Revenue (12 months)")
    cumulative_share = fields.Float(string="Cumulative Share (%)")
    already = fields.Boolean(string="Already a Key Account", compute="_compute_already")
    selected = fields.Boolean(string="Mark", default=True)

    @api.depends("partner_id")
    def _compute_already(self):
        for line in self:
            line.already = line.partner_id.lifecycle_key_account
