# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""A customer's e-mail turned into a request in one click: *New Request* on the partner."""

from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _lifecycle_latest_inbound_email(self):
        """The latest e-mail the customer (or one of its contacts) sent on the thread of
        the partner or of its contacts, or an empty recordset."""
        self.ensure_one()
        customer = self.commercial_partner_id
        family = self.search([("commercial_partner_id", "=", customer.id)])
        return self.env["customer.touchpoint"]._lifecycle_latest_inbound_email("res.partner", family.ids, customer)

    def action_lifecycle_new_request(self):
        """Turn the customer's latest e-mail into a request and open it; an e-mail already
        turned into a request opens that request. Without an e-mail: a new request form."""
        self.ensure_one()
        Touchpoint = self.env["customer.touchpoint"]
        request = Touchpoint._lifecycle_request_from_email(self._lifecycle_latest_inbound_email())
        return Touchpoint._lifecycle_request_action(request, self)
