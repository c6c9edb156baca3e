# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Where an advocate's shared link lands, and how many landing forms one address may send."""

from urllib.parse import urlsplit

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    lifecycle_referral_landing_url = fields.Char(
        string="Other Referral Landing Address",
        help="Empty: an advocate's shared link lands on the referral page of Odoo, whose form makes a lead. "
        "An address (the e-shop, a campaign page): the link lands there, with the code (referral_code) and "
        "the UTM in the address; Odoo then records the click only, and the code reaches Odoo when it is "
        "typed on the quotation.",
    )
    lifecycle_referral_form_limit = fields.Integer(
        string="Landing Forms per Hour",
        default=5,
        help="The landing page of a referral code accepts at most this many forms an hour from one address.",
    )

    @api.constrains("lifecycle_referral_form_limit")
    def _check_lifecycle_referral_form_limit(self):
        for company in self:
            if company.lifecycle_referral_form_limit <= 0:
                raise ValidationError(
                    self.env._(
                        "The landing forms per hour of %(company)s must be at least one; %(limit)s is not.",
                        company=company.name,
                        limit=company.lifecycle_referral_form_limit,
                    )
                )

    @api.constrains("lifecycle_referral_landing_url")
    def _check_lifecycle_referral_landing_url(self):
        for company in self.filtered("lifecycle_referral_landing_url"):
            parts = urlsplit(company.lifecycle_referral_landing_url.strip())
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise ValidationError(
                    self.env._(
                        "The referral landing address of %(company)s must be a web address starting with "
                        "https:// or http://; “%(address)s” is not.",
                        company=company.name,
                        address=company.lifecycle_referral_landing_url,
                    )
                )
