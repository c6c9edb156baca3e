# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The fraud tools of the referrals in a company: reward caps per advocate and the
review deadline of a referral to review."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    lifecycle_referral_monthly_capped = fields.Boolean(
        string="Cap Rewards per Month",
        help="An advocate gets at most this many referral rewards per calendar month; a reward beyond "
        "waits for a Lifecycle Manager's decision, with the reason.",
    )
    lifecycle_referral_monthly_cap = fields.Integer(string="Rewards per Month", default=3)
    lifecycle_referral_yearly_capped = fields.Boolean(
        string="Cap Rewards per Year",
        help="An advocate's referral rewards come to at most this amount per calendar year; a reward "
        "beyond waits for a Lifecycle Manager's decision, with the reason.",
    )
    lifecycle_referral_yearly_cap = fields.Monetary(
        string="Rewards per Year", currency_field="currency_id", default=1000.0
    )
    lifecycle_referral_review_days = fields.Integer(
        string="Review Deadline (Days)",
        default=7,
        help="A referral waiting for a review longer than this many days is escalated, once, as an "
        "activity for the company's relationship owner.",
    )

    def _lifecycle_referral_caps(self):
        """(monthly cap or None, yearly cap or None): the caps this company sets."""
        self.ensure_one()
        return (
            self.lifecycle_referral_monthly_cap if self.lifecycle_referral_monthly_capped else None,
            self.lifecycle_referral_yearly_cap if self.lifecycle_referral_yearly_capped else None,
        )

    @api.constrains(
        "lifecycle_referral_monthly_capped",
        "lifecycle_referral_monthly_cap",
        "lifecycle_referral_yearly_capped",
        "lifecycle_referral_yearly_cap",
    )
    def _check_lifecycle_referral_caps(self):
        for company in self:
            if company.lifecycle_referral_monthly_capped and company.lifecycle_referral_monthly_cap <= 0:
                raise ValidationError(
                    self.env._(
                        "The monthly cap of referral rewards of %(company)s must be at least one reward; "
                        "%(cap)s is not. Leave the cap off for no cap.",
                        company=company.name,
                        cap=company.lifecycle_referral_monthly_cap,
                    )
                )
            if (
                company.lifecycle_referral_yearly_capped
                and company.currency_id.compare_amounts(company.lifecycle_referral_yearly_cap, 0.0) <= 0
            ):
                raise ValidationError(
                    self.env._(
                        "The yearly cap of referral rewards of %(company)s must be an amount above zero; "
                        "%(cap)s is not. Leave the cap off for no cap.",
                        company=company.name,
                        cap=company.lifecycle_referral_yearly_cap,
                    )
                )

    @api.constrains("lifecycle_referral_review_days")
    def _check_lifecycle_referral_review_days(self):
        for company in self:
            if company.lifecycle_referral_review_days <= 0:
                raise ValidationError(
                    self.env._(
                        "The review deadline of referrals of %(company)s must be at least one day; %(days)s is not.",
                        company=company.name,
                        days=company.lifecycle_referral_review_days,
                    )
                )
