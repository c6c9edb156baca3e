# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def action_confirm(self):
        res = super().action_confirm()
        self._lifecycle_recompute()
        return res

    def _action_cancel(self):
        confirmed = self.filtered(lambda order: order.state == "sale")
        res = super()._action_cancel()
        confirmed._lifecycle_recompute()
        return res

    def _lifecycle_recompute(self):
        """Move the customers of these orders along the chain right away."""
        engine = self.env["customer.lifecycle.engine"].sudo()
        companies = engine._companies_counting("sale", self.company_id)
        if companies:
            engine._recompute_partners(self.partner_id, companies)
