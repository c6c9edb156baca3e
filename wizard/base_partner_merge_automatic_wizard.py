# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Odoo's partner merge, with the lifecycle kept true.

The merge moves every record of the merged partners to the one that stays (in SQL) and
then writes their stored fields on it, as the user. The lifecycle facts are left out of
that write and computed again by the engine from the merged sales; a referral whose two
sides became one partner is rejected, with the reason; of two referral codes in one
company, the remaining partner's is kept; the key-account flag and manager are merged per
company as Odoo merges every company-dependent field. All of it after the wizard's own
checks, in superuser mode."""

import json

from odoo import models
from odoo.tools import SQL

from ..models.customer_lifecycle_protected import LEAVE_OUT_PROTECTED
from ..tools.customer_chain import ADVOCATE
from ..tools.lifecycle_fields import protected_fields


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
                    "|",
                    ("referrer_id", "in", partners.ids),
                    ("referred_id", "in", partners.ids),
                    "|",
                    ("referrer_commercial_id", "in", partners.commercial_partner_id.ids),
                    ("referred_commercial_id", "in", partners.commercial_partner_id.ids),
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
            # the referral's own action, in superuser mode after the wizard's checks
            selfish.write(
                {
                    "rejection_reason": self.env._(
                        "Its two sides were merged into one partner, %(partner)s: nobody refers themselves.",
                        partner=partner.display_name,
                    )
                }
            )
            selfish.action_reject()
        companies = self.env["res.company"].sudo().search([])
        self.env["customer.lifecycle.engine"].sudo()._recompute_partners(partner.sudo(), companies)
        # a code taken over from a merged advocate works only if the partner is one
        Code = self.env["customer.referral.code"].sudo()
        commercial = partner.commercial_partner_id.sudo()
        for code in Code.search([("partner_id", "=", commercial.id)]):
            advocate = commercial.with_company(code.company_id).lifecycle_stage_code == ADVOCATE
            Code._sync_stages(code.company_id, [commercial.id] if advocate else [], [] if advocate else [commercial.id])

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

    def _update_reference_fields(self, src_partners, dst_partner):
        """Odoo fills the remaining partner's company-dependent fields from the merged
        ones, in SQL: its lifecycle facts are put back as they were (the engine computes
        them again from the merged sales; a pin stays the remaining partner's own)."""
        columns = SQL(", ").join(SQL.identifier(name) for name in protected_fields("res.partner"))
        self.env.flush_all()
        self.env.cr.execute(SQL("SELECT %s FROM res_partner WHERE id = %s", columns, dst_partner.id))
        before = self.env.cr.fetchone()
        res = super()._update_reference_fields(src_partners, dst_partner)
        self.env.cr.execute(
            SQL(
                "UPDATE res_partner SET %s WHERE id = %s",
                SQL(", ").join(
                    SQL("%s = %s::jsonb", SQL.identifier(name), json.dumps(value) if value is not None else None)
                    for name, value in zip(protected_fields("res.partner"), before, strict=True)
                ),
                dst_partner.id,
            )
        )
        dst_partner.invalidate_recordset(list(protected_fields("res.partner")))
        return res

    def _update_values(self, src_partners, dst_partner):
        """Odoo's write of the stored fields, without the lifecycle facts and the key-account
        fields (which its SQL merged per company above)."""
        return super()._update_values(
            src_partners.with_context(**{LEAVE_OUT_PROTECTED: True}),
            dst_partner.with_context(**{LEAVE_OUT_PROTECTED: True}),
        )
