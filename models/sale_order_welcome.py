# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The friend's welcome coupon is valid on their first order only (models/crm_lead_welcome.py)."""

from odoo import models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _lifecycle_bought_before(self):
        """Whether this order's customer bought from its company before this order: another
        confirmed order, or a first purchase the lifecycle rules recorded (an invoice, a
        point of sale) while this order is still a quotation."""
        self.ensure_one()
        company = self.company_id
        customer = self.partner_id.commercial_partner_id.sudo().with_company(company)
        if not customer:
            return False
        if customer.lifecycle_first_purchase_date and self.state != "sale":
            return True
        return bool(
            self.env["sale.order"]
            .sudo()
            .search_count(
                [
                    ("partner_id", "child_of", customer.ids),
                    ("company_id", "=", company.id),
                    ("state", "=", "sale"),
                    ("id", "!=", self.id or 0),
                ],
                limit=1,
            )
        )

    def _lifecycle_program_refusals(self, programs):
        refusals = super()._lifecycle_program_refusals(programs)
        welcome = self.company_id.lifecycle_welcome_program_id
        if welcome and welcome in programs and welcome not in refusals and self._lifecycle_bought_before():
            refusals[welcome] = self.env._(
                "%(program)s is a welcome reward for a friend's first order, and %(customer)s has bought from us "
                "before.",
                program=welcome.name,
                customer=self.partner_id.commercial_partner_id.display_name,
            )
        return refusals

    def _lifecycle_apply_welcome_coupon(self):
        """Apply on these quotations the welcome coupon of the lead each was made from, as
        the friend who gives its code on their first order (the demo data tells it so)."""
        for order in self:
            coupon = order.sudo().opportunity_id.lifecycle_welcome_coupon_id
            if not coupon:
                raise UserError(
                    self.env._(
                        "The quotation %(order)s was not made from a lead with a welcome coupon.", order=order.name
                    )
                )
            status = order._try_apply_code(coupon.code)
            if "error" in status:
                raise UserError(status["error"])
            for card, rewards in status.items():
                order._apply_program_reward(rewards[:1], card)
