# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""A customer's e-mail turned into a request in one click: *New Request* on the partner."""

from textwrap import shorten

from odoo import models
from odoo.tools import html2plaintext

from ..tools import touchpoint_request as rules


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _lifecycle_latest_inbound_email(self):
        """The latest e-mail the customer (or one of its contacts) sent on the thread of
        the partner or of its contacts, or an empty recordset."""
        self.ensure_one()
        family = self.env["res.partner"].search([("commercial_partner_id", "=", self.commercial_partner_id.id)])
        return self.env["mail.message"].search(
            [
                ("model", "=", "res.partner"),
                ("res_id", "in", family.ids),
                ("message_type", "=", "email"),
                ("author_id", "in", family.ids),
            ],
            order="date desc, id desc",
            limit=1,
        )

    def action_lifecycle_new_request(self):
        """Turn the customer's latest e-mail into a request and open it; an e-mail already
        turned into a request opens that request. Without an e-mail: a new request form."""
        self.ensure_one()
        Touchpoint = self.env["customer.touchpoint"]
        message = self._lifecycle_latest_inbound_email()
        request = message and Touchpoint.search([("source_message_id", "=", message.id)], limit=1)
        if message and not request:
            request = Touchpoint.create(self._lifecycle_request_values(message))
        action = {
            "type": "ir.actions.act_window",
            "name": self.env._("Request"),
            "res_model": "customer.touchpoint",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }
        if request:
            action["res_id"] = request.id
        else:
            action["context"] = {
                "default_partner_id": self.id,
                "default_kind": rules.REQUEST,
                "default_direction": "inbound",
            }
        return action

    def _lifecycle_request_values(self, message):
        reason = message.subject or shorten(html2plaintext(message.body or ""), 80, placeholder="…")
        reason = reason or self.env._("E-mail of %(date)s", date=message.date)
        return {
            "partner_id": message.author_id.id,
            "kind": rules.REQUEST,
            "channel": "email",
            "direction": "inbound",
            "date": message.date,
            "reason": reason,
            "source_message_id": message.id,
        }
