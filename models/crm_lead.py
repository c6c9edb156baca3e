# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Odoo's CRM is the prospects' database: a lost opportunity is a contact with its
prospect, and the calls and meetings done on a lead before it had a partner count for
the partner it gets. No stage depends on a lead: stages still come from purchases."""

from odoo import fields, models
from odoo.tools import html2plaintext

# The channel of a touch-point from the category of the activity done.
ACTIVITY_CHANNELS = {"phonecall": "phone", "meeting": "meeting"}


class CrmLead(models.Model):
    _inherit = "crm.lead"

    lifecycle_touchpoint_ids = fields.One2many("customer.touchpoint", "lead_id", string="Touch-points")

    def action_set_lost(self, **additional_values):
        res = super().action_set_lost(**additional_values)
        self._lifecycle_log_lost()
        return res

    def write(self, vals):
        partnerless = self.browse()
        if vals.get("partner_id"):
            partnerless = self.filtered(lambda lead: not lead.partner_id)
        res = super().write(vals)
        if partnerless:
            partnerless._lifecycle_log_done_activities()
        return res

    def _lifecycle_customers(self):
        """These leads' partners that are in the customer chain."""
        partners = self.sudo().partner_id.commercial_partner_id
        return partners.filtered("lifecycle_in_chain")

    def _lifecycle_log_lost(self):
        """One touch-point per lost lead with a partner in the chain: its sentiment is the
        lost reason's (neutral without a reason). Recorded by the system for the user who
        lost it: they had the right to lose the lead."""
        customers = self._lifecycle_customers()
        values = []
        for lead in self.sudo():
            if lead.partner_id.commercial_partner_id not in customers:
                continue
            reason = lead.lost_reason_id
            values.append(
                {
                    "partner_id": lead.partner_id.id,
                    "company_id": (lead.company_id or self.env.company).id,
                    "channel": "other",
                    "direction": "outbound",
                    "reason": self.env._("Opportunity lost: %(lead)s", lead=lead.name),
                    "result": reason.name or False,
                    "sentiment": reason.lifecycle_sentiment or "neutral",
                    "user_id": (lead.user_id or self.env.user).id,
                    "lead_id": lead.id,
                }
            )
        if values:
            self.env["customer.touchpoint"].sudo().create(values)

    def _lifecycle_done_activity_messages(self):
        """The messages of the activities done on these leads that are no touch-point yet."""
        Touchpoint = self.env["customer.touchpoint"].sudo()
        domain = [
            ("model", "=", self._name),
            ("res_id", "in", self.ids),
            ("subtype_id", "=", self.env.ref("mail.mt_activities").id),
            ("mail_activity_type_id", "!=", False),
        ]
        if "activity_message_id" in Touchpoint._fields:
            logged = Touchpoint.search([("activity_message_id", "!=", False)]).activity_message_id
            domain.append(("id", "not in", logged.ids))
        return self.env["mail.message"].sudo().search(domain, order="date, id")

    def _lifecycle_log_done_activities(self):
        """A lead just got its partner: the activities done on it before become
        touch-points of that partner, once each."""
        customers = self._lifecycle_customers()
        leads = self.sudo().filtered(lambda lead: lead.partner_id.commercial_partner_id in customers)
        if not leads:
            return
        Touchpoint = self.env["customer.touchpoint"].sudo()
        keyed = "activity_message_id" in Touchpoint._fields
        email = self.env.ref("mail.mail_activity_data_email", raise_if_not_found=False)
        values = []
        for message in leads._lifecycle_done_activity_messages():
            lead = leads.browse(message.res_id)
            activity_type = message.mail_activity_type_id
            user = message.author_id.user_ids[:1] or lead.user_id
            vals = {
                "partner_id": lead.partner_id.id,
                "company_id": (lead.company_id or self.env.company).id,
                "date": message.date,
                "channel": "email"
                if activity_type == email
                else ACTIVITY_CHANNELS.get(activity_type.category, "other"),
                "direction": "outbound",
                "reason": activity_type.name or self.env._("Activity"),
                "result": html2plaintext(message.body or "") or False,
                "user_id": user.id,
                "lead_id": lead.id,
            }
            if keyed:
                vals["activity_message_id"] = message.id
            values.append(vals)
        if values:
            Touchpoint.create(values)
