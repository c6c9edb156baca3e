# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from odoo import api, models

REPLY_TYPES = ("comment", "email")


class MailMessage(models.Model):
    _inherit = "mail.message"

    @api.model_create_multi
    def create(self, vals_list):
        messages = super().create(vals_list)
        messages._lifecycle_answer_requests()
        return messages

    def _lifecycle_answer_requests(self):
        """A reply to the customer, posted by an internal user on the partner (a message or
        an e-mail, not an internal note), answers their open requests and complaints."""
        replies = self.sudo().filtered(
            lambda m: (
                m.model == "res.partner"
                and m.res_id
                and m.message_type in REPLY_TYPES
                and m.subtype_id
                and not m.subtype_id.internal
                and m.author_id.user_ids.filtered(lambda u: not u.share)
            )
        )
        if not replies:
            return
        partners = self.env["res.partner"].sudo().browse(replies.mapped("res_id")).exists()
        commercial = {partner.id: partner.commercial_partner_id.id for partner in partners}
        self.env["customer.touchpoint"]._lifecycle_record_answers(
            [(commercial[m.res_id], None, m.date) for m in replies if m.res_id in commercial]
        )
