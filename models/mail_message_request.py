# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from odoo import api, models

REPLY_TYPES = ("comment", "email")
# the threads on which a reply to the customer answers their requests: the customer's own,
# and those of their leads and sales orders (the customer being the document's partner)
REPLY_MODELS = ("res.partner", "crm.lead", "sale.order")


class MailMessage(models.Model):
    _inherit = "mail.message"

    @api.model_create_multi
    def create(self, vals_list):
        messages = super().create(vals_list)
        messages._lifecycle_answer_requests()
        return messages

    def _lifecycle_answer_requests(self):
        """A reply to the customer, posted by an internal user on the partner, or on one of
        its leads or sales orders (a message or an e-mail, not an internal note), answers
        their open requests and complaints."""
        # the type first: most messages (tracking, notes) stop there, with no field to read
        replies = self.sudo().filtered(
            lambda m: (
                m.message_type in REPLY_TYPES
                and m.model in REPLY_MODELS
                and m.res_id
                and m.subtype_id
                and not m.subtype_id.internal
                and m.author_id.user_ids.filtered(lambda u: not u.share)
            )
        )
        if not replies:
            return
        commercial = {}  # (model, res_id): the commercial partner the reply goes to
        for model in {m.model for m in replies}:
            records = self.env[model].sudo().browse({m.res_id for m in replies if m.model == model}).exists()
            for record in records:
                partner = record if model == "res.partner" else record.partner_id
                if partner:
                    commercial[model, record.id] = partner.commercial_partner_id.id
        self.env["customer.touchpoint"]._lifecycle_record_answers(
            [(commercial[m.model, m.res_id], None, m.date) for m in replies if (m.model, m.res_id) in commercial]
        )
