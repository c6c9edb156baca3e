# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""A quotation made from a referral lead (sale_crm) carries the lead's referral code, as
its UTM: the referral is recorded when the order is confirmed, with the channel of the
link the friend came by (the UTM medium)."""

from odoo import api, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        orders._lifecycle_take_lead_referral_code()
        return orders

    def _lifecycle_take_lead_referral_code(self):
        """Give these new quotations the referral code of their lead, where the code may
        be saved on them (see ``_lifecycle_referral_code_refusal``); say why in the
        chatter where it may not (the customer already bought, had another referrer)."""
        for order in self.filtered(lambda o: not o.lifecycle_referral_code and o.opportunity_id):
            code = order.opportunity_id.sudo().lifecycle_referral_code
            if not code:
                continue
            probe = self.new(
                {
                    "lifecycle_referral_code": code,
                    "partner_id": order.partner_id.id,
                    "company_id": order.company_id.id,
                    "state": order.state,
                }
            )
            reason = probe._lifecycle_referral_code_refusal()
            if reason:
                order._message_log(
                    body=self.env._(
                        "The referral code %(code)s of the lead is not carried: %(reason)s", code=code, reason=reason
                    )
                )
                continue
            order.lifecycle_referral_code = code

    def _lifecycle_referral_channel(self):
        """The share channel of this order's referral: its UTM medium's (the link the
        friend came by), else word of mouth."""
        self.ensure_one()
        channel = self.env["customer.referral.code"]._lifecycle_channel_of_medium(self.medium_id)
        return channel or "word_of_mouth"
