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
        companies = self.company_id.filtered(lambda c: c.lifecycle_purchase_source == "sale")
        if companies:
            self.env["customer.lifecycle.engine"].sudo()._recompute_partners(self.partner_id, companies)
