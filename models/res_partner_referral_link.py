# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""What the *Referral Request* e-mail gives an advocate: their code and its e-mail link."""

from odoo import fields, models

from .customer_referral_code_link import CHANNEL_MEDIA, REFERRAL_CAMPAIGN


class ResPartner(models.Model):
    _inherit = "res.partner"

    lifecycle_referral_link = fields.Char(
        string="Referral Link",
        compute="_compute_lifecycle_referral_link",
        groups="customer_lifecycle.group_lifecycle_user",
        help="The tracked e-mail link of the advocate's referral code in the current company, once it was "
        "made (the referral request makes it).",
    )

    def _lifecycle_referral_codes(self, company):
        """{commercial partner id: working code in ``company``} of these partners."""
        codes = (
            self.env["customer.referral.code"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", self.commercial_partner_id.ids),
                    ("company_id", "=", company.id),
                    ("state", "=", "works"),
                ]
            )
        )
        return {code.partner_id.id: code for code in codes}

    def _compute_lifecycle_referral_link(self):
        codes = self._lifecycle_referral_codes(self.env.company)
        campaign = self.env.ref(REFERRAL_CAMPAIGN, raise_if_not_found=False)
        medium = self.env.ref(CHANNEL_MEDIA["email"], raise_if_not_found=False)
        sources = self.env["utm.source"].union(*(code.utm_source_id for code in codes.values()))
        trackers = (
            self.env["link.tracker"]
            .sudo()
            .search(
                [
                    ("source_id", "in", sources.ids),
                    ("medium_id", "=", medium.id if medium else False),
                    ("campaign_id", "=", campaign.id if campaign else False),
                ]
            )
            if sources
            else self.env["link.tracker"]
        )
        link_of = {tracker.source_id.id: tracker.short_url for tracker in trackers}
        for partner in self:
            code = codes.get(partner.commercial_partner_id.id)
            partner.lifecycle_referral_link = link_of.get(code.utm_source_id.id, False) if code else False

    def _lifecycle_referral_prepare_links(self, company):
        """Make the e-mail links of these partners' working codes in ``company``, for the
        referral request to give them."""
        for code in self._lifecycle_referral_codes(company).values():
            code._lifecycle_share_url("email")
