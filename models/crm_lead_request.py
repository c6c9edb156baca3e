# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""A customer's e-mail on a lead or opportunity turned into a request: *New Request*."""

from odoo import models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    def action_lifecycle_new_request(self):
        """Turn the customer's latest e-mail on this lead into a request of the lead and open it."""
        self.ensure_one()
        values = {"lead_id": self.id}
        if self.company_id:
            values["company_id"] = self.company_id.id
        return self.env["customer.touchpoint"]._lifecycle_request_from_thread(self, **values)
