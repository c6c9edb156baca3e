# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The referral code of an advocate, as the partner form shows it for the current company."""

from odoo import fields, models
from odoo.exceptions import UserError

from ..tools.customer_chain import ADVOCATE


class ResPartner(models.Model):
    _inherit = "res.partner"

    lifecycle_referral_code = fields.Char(
        string="Referral Code",
        compute="_compute_lifecycle_referral_code",
        groups="customer_lifecycle.group_lifecycle_user",
        help="The advocate's personal code in the current company, to share with the people they "
        "introduce: typed on a quotation, it records the referral when the order is confirmed.",
    )

    def _compute_lifecycle_referral_code(self):
        company = self.env.company
        codes = (
            self.env["customer.referral.code"]
            .sudo()
            .search(
                [
                    ("company_id", "=", company.id),
                    ("partner_id", "in", self.commercial_partner_id.ids),
                    ("state", "=", "works"),
                ]
            )
        )
        code_of = {code.partner_id.id: code.code for code in codes}
        for partner in self:
            partner.lifecycle_referral_code = code_of.get(partner.commercial_partner_id.id, False)

    def action_lifecycle_referral_code_create(self):
        """Give these advocates of the current company the code they lack (a Lifecycle Manager)."""
        self.env["res.users"]._check_lifecycle_manager(
            self.env._("Only a Lifecycle Manager can give an advocate a referral code.")
        )
        company = self.env.company
        partners = self.commercial_partner_id.with_company(company)
        not_advocates = partners.filtered(lambda p: p.sudo().lifecycle_stage_code != ADVOCATE)
        if not_advocates:
            raise UserError(
                self.env._(
                    "Only an advocate has a referral code: %(partners)s is not an advocate of %(company)s.",
                    partners=", ".join(not_advocates.mapped("display_name")),
                    company=company.name,
                )
            )
        Code = self.env["customer.referral.code"].sudo()
        having = Code.search([("company_id", "=", company.id), ("partner_id", "in", partners.ids)])
        if having:
            raise UserError(
                self.env._(
                    "%(partners)s already has a referral code in %(company)s.",
                    partners=", ".join(having.partner_id.mapped("display_name")),
                    company=company.name,
                )
            )
        Code._create_codes(company, partners.ids)
        return True
