# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The values of the "Customer Lifecycle Profile" report (article 004's card)."""

from odoo import api, models

from .. import odoo_compat
from ..tools.report_format import report_values


class ReportCustomerLifecycleProfile(models.AbstractModel):
    _name = "report.customer_lifecycle.report_customer_lifecycle_profile"
    _description = "Customer Lifecycle Profile"

    @api.model
    def _get_report_values(self, docids, data=None):
        return report_values(
            self.env,
            "res.partner",
            docids,
            profile_values=self._profile_values,
            profile_incentives=self._profile_incentives,
        )

    @api.model
    def _profile_values(self, partner):
        """What the profile answers at a glance (article 004): the last order, who here
        talked to them and when, their referrals and the health of the relationship."""
        partner.ensure_one()
        commercial = partner.commercial_partner_id
        company = self.env.company
        # the last qualifying purchase (an order or an invoice, as the company counts them)
        last_purchase = self.env["customer.lifecycle.purchase"].sudo()._last_purchase(company, commercial)
        touchpoints = self.env["customer.touchpoint"].search(
            [("commercial_partner_id", "=", commercial.id), ("company_id", "=", company.id)],
            order="date desc, id desc",
            limit=5,
        )
        referrals = self.env["customer.referral"].search(
            [("referrer_commercial_id", "=", commercial.id), ("company_id", "=", company.id)],
            order="date desc, id desc",
            limit=10,
        )
        return {
            "last_purchase": last_purchase,
            "touchpoints": touchpoints,
            "referrals": referrals,
            "health": commercial.lifecycle_health_id,
            "phone": next(iter(odoo_compat.phone_numbers(partner)), False),
        }

    @api.model
    def _profile_incentives(self, partner, limit=10):
        """The last incentives given to the customer in the current company, for the card."""
        Grant = self.env["customer.incentive.grant"]
        if not Grant.has_access("read"):
            return Grant
        return Grant.search(
            [
                ("partner_id", "=", partner.commercial_partner_id.id),
                ("company_id", "=", self.env.company.id),
                ("state", "=", "given"),
            ],
            order="date desc, id desc",
            limit=limit,
        )
