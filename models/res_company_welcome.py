# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The friend's welcome reward: a coupon of a loyalty program, e-mailed to whoever sends
an advocate's landing form (models/crm_lead_welcome.py)."""

from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    lifecycle_welcome_program_id = fields.Many2one(
        "loyalty.program",
        string="Friend's Welcome Reward",
        check_company=True,
        domain="[('program_type', '=', 'coupons')]",
        help="A coupons program (personal codes), e.g. 10 % off the first order: a friend who sends an "
        "advocate's landing form is e-mailed a coupon of it, valid on their first order only; never to "
        "an existing customer, never twice to one company or person. Empty: no welcome reward.",
    )

    @api.constrains("lifecycle_welcome_program_id")
    def _check_lifecycle_welcome_program(self):
        for company in self.filtered("lifecycle_welcome_program_id"):
            program = company.lifecycle_welcome_program_id.sudo()
            if program.program_type != "coupons":
                types = dict(program._fields["program_type"]._description_selection(self.env))
                raise ValidationError(
                    self.env._(
                        "The friend's welcome reward of %(company)s must be a coupons program, whose coupons "
                        "carry a personal code; %(program)s is a program of the type %(type)s.",
                        company=company.name,
                        program=program.name,
                        type=types.get(program.program_type, program.program_type),
                    )
                )
            if program.company_id and program.company_id != company:
                raise ValidationError(
                    self.env._(
                        "The friend's welcome reward %(program)s belongs to %(other)s, not to %(company)s.",
                        program=program.name,
                        other=program.company_id.name,
                        company=company.name,
                    )
                )

    def _lifecycle_welcome_incentive(self):
        """The incentive the welcome coupons of this company are granted as: a discount meant
        for prospects, named after the welcome program, made the first time it is needed."""
        self.ensure_one()
        program = self.lifecycle_welcome_program_id
        Incentive = self.env["customer.incentive"].sudo().with_context(active_test=False)
        prospect = self.env.ref("customer_lifecycle.stage_prospect")
        incentive = Incentive.search(
            [("company_id", "=", self.id), ("lifecycle_welcome_program_id", "=", program.id)], limit=1
        )
        if incentive:
            return incentive
        incentive = Incentive.create(
            {
                "name": program.name,
                "kind": "discount",
                "company_id": self.id,
                "stage_ids": [Command.set(prospect.ids)],
                "lifecycle_welcome_program_id": program.id,
            }
        )
        # the incentive reads as the program does, in every language of the database
        languages = [code for code, _name in self.env["res.lang"].get_installed()]
        incentive.update_field_translations("name", {code: program.with_context(lang=code).name for code in languages})
        return incentive
