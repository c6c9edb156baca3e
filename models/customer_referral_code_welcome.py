# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The landing page says the friend's welcome reward, the same sentence to every visitor:
it never tells whether the visitor is a customer (models/crm_lead_welcome.py)."""

from odoo import models


class CustomerReferralCode(models.Model):
    _inherit = "customer.referral.code"

    def _lifecycle_landing_offer(self):
        offer = super()._lifecycle_landing_offer()
        program = self.sudo().company_id.lifecycle_welcome_program_id
        if not program:
            return offer
        welcome = self.env._(
            "If this is your first order with us, we will e-mail you a welcome gift: “%(reward)s”.",
            reward=program.with_context(lang=self.env.lang).name,
        )
        return f"{offer} {welcome}"
