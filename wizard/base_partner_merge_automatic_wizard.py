# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Odoo's partner merge, with the lifecycle kept true.

The merge moves every record of the merged partners to the one that stays (in SQL) and
then writes their stored fields on it, as the user. The lifecycle facts are left out of
that write and computed again by the engine from the merged sales; a referral whose two
sides became one partner is rejected, with the reason; of two referral codes in one
company, the remaining partner's is kept; the key-account flag and manager of a merged
partner are carried over. All of it after the wizard's own checks, in superuser mode."""

from odoo import models

from ..models.customer_lifecycle_protected import LEAVE_OUT_PROTECTED
from ..tools.lifecycle_fields import manager_fields


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _merge(self, partner_ids, dst_partner=None, extra_checks=True):
        partners = self.env["res.partner"].browse(partner_ids).exists()
        referrals = (
            self.env["customer.referral"]
            .sudo()
            .search(
                [
                    ("state", "!=", "rejected"),
                    "|",
                    ("referrer_id", "in", partners.ids),
                    ("referred_id", "in", partners.ids),
                ]
            )
        )
        res = super()._merge(partner_ids, dst_partner=dst_partner, extra_checks=extra_checks)
        merged = partners.exists()
        if len(merged) == 1 and len(partners) > 1:
            self._lifecycle_after_merge(merged, referrals.exists())
        return res

    def _lifecycle_after_merge(self, partner, referrals):
        """Reject the referrals that now refer ``partner`` to itself, and compute its
        lifecycle again in every company."""
        referrals.invalidate_recordset()
        selfish = referrals.filtered(lambda r: r.referrer_commercial_id == r.referred_commercial_id)
        if selfish:
            selfish.write(
                {
                    "state": "rejected",
                    "conversion_date": False,
                    "rejection_reason": self.env._(
                        "Its two sides were merged into one partner, %(partner)s: nobody refers themselves.",
                        partner=partner.display_name,
                    ),
                }
            )
            selfish._sync_reward_grants()
        companies = self.env["res.company"].sudo().search([])
        self.env["customer.lifecycle.engine"].sudo()._recompute_partners(partner.sudo(), companies)

    def _update_foreign_keys(self, src_partners, dst_partner):
        """One referral code per partner and company: the remaining partner's, or else the
        first merged partner's (Odoo's merge would delete every code of a merged partner
        as soon as one of them collides)."""
        self._lifecycle_merge_referral_codes(src_partners, dst_partner)
        return super()._update_foreign_keys(src_partners, dst_partner)

    def _lifecycle_merge_referral_codes(self, src_partners, dst_partner):
        codes = (
            self.env["customer.referral.code"].sudo().search([("partner_id", "in", (src_partners | dst_partner).ids)])
        )
        for company in codes.company_id:
            company_codes = codes.filtered(lambda code, company=company: code.company_id == company)
            kept = company_codes.filtered(lambda code: code.partner_id == dst_partner)[:1] or company_codes[:1]
            (company_codes - kept).unlink()

    def _update_values(self, src_partners, dst_partner):
        """Odoo's copy of the stored fields, without the lifecycle facts (the engine computes
        them again) and the fields only a manager sets (carried over here, per company)."""
        carried = self._lifecycle_manager_values(src_partners, dst_partner)
        super()._update_values(
            src_partners.with_context(**{LEAVE_OUT_PROTECTED: True}),
            dst_partner.with_context(**{LEAVE_OUT_PROTECTED: True}),
        )
        for company, vals in carried.items():
            dst_partner.with_company(company).sudo().write(vals)

    def _lifecycle_manager_values(self, src_partners, dst_partner):
        """{company: values} of the key-account fields the remaining partner takes from
        the merged ones: like Odoo's merge, its own value when set, else a merged one's."""
        carried = {}
        names = manager_fields("res.partner")
        for company in self.env["res.company"].sudo().search([]):
            dst = dst_partner.with_company(company).sudo()
            vals = {}
            for name in names:
                if dst[name]:
                    continue
                value = next((p[name] for p in src_partners.with_company(company).sudo() if p[name]), False)
                if value:
                    vals[name] = value.id if isinstance(value, models.BaseModel) else value
            if vals:
                carried[company] = vals
        return carried
