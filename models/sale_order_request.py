# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""A customer's e-mail on a sales order turned into a request: *New Request*."""

from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def action_lifecycle_new_request(self):
        """Turn the customer's latest e-mail on this order into a request and open it."""
        self.ensure_one()
        return self.env["customer.touchpoint"]._lifecycle_request_from_thread(self, company_id=self.company_id.id)
