# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""A customer's e-mail turned into a request in one click, wherever it arrived: on the
partner, on a lead or opportunity, or on a sales order ("no question may fall through")."""

from textwrap import shorten

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import html2plaintext

from ..tools import touchpoint_request as rules


class CustomerTouchpoint(models.Model):
    _inherit = "customer.touchpoint"

    @api.model
    def _lifecycle_latest_inbound_email(self, model, res_ids, customer):
        """The latest e-mail that ``customer`` (a commercial partner) or one of its contacts
        sent on the threads ``res_ids`` of ``model``, or an empty recordset."""
        family = self.env["res.partner"].search([("commercial_partner_id", "=", customer.id)])
        return self.env["mail.message"].search(
            [
                ("model", "=", model),
                ("res_id", "in", list(res_ids)),
                ("message_type", "=", "email"),
                ("author_id", "in", family.ids),
            ],
            order="date desc, id desc",
            limit=1,
        )

    @api.model
    def _lifecycle_request_from_email(self, message, **values):
        """The request of ``message`` (found, else created from it with ``values``), or an
        empty recordset without a message."""
        request = message and self.search([("source_message_id", "=", message.id)], limit=1)
        if message and not request:
            reason = message.subject or shorten(html2plaintext(message.body or ""), 80, placeholder="…")
            request = self.create(
                {
                    "partner_id": message.author_id.id,
                    "kind": rules.REQUEST,
                    "channel": "email",
                    "direction": "inbound",
                    "date": message.date,
                    "reason": reason or self.env._("E-mail of %(date)s", date=message.date),
                    "source_message_id": message.id,
                    **values,
                }
            )
        return request

    @api.model
    def _lifecycle_request_action(self, request, partner, **defaults):
        """The form of ``request``, or of a new request of ``partner`` when there is none."""
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
                "default_partner_id": partner.id,
                "default_kind": rules.REQUEST,
                "default_direction": "inbound",
                **{f"default_{name}": value for name, value in defaults.items()},
            }
        return action

    @api.model
    def _lifecycle_request_from_thread(self, record, **values):
        """*New Request* on a lead or a sales order: the latest e-mail of its customer on
        its thread turned into a request (once), opened; without one, a new request form."""
        record.ensure_one()
        if not record.partner_id:
            raise UserError(
                self.env._(
                    "“%(record)s” has no customer yet: set its customer, then turn their e-mail into a request.",
                    record=record.display_name,
                )
            )
        customer = record.partner_id.commercial_partner_id
        message = self._lifecycle_latest_inbound_email(record._name, record.ids, customer)
        request = self._lifecycle_request_from_email(message, **values)
        return self._lifecycle_request_action(request, record.partner_id, **values)
