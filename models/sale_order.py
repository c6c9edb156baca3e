# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from collections import defaultdict

from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    lifecycle_incentive_grant_ids = fields.One2many(
        "customer.incentive.grant", "sale_order_id", string="Incentive Grants", readonly=True
    )

    def action_confirm(self):
        res = super().action_confirm()
        self._lifecycle_record_incentive_grants()
        self._lifecycle_recompute()
        return res

    def _action_cancel(self):
        confirmed = self.filtered(lambda order: order.state == "sale")
        res = super()._action_cancel()
        confirmed._lifecycle_recompute()
        grants = (
            self.env["customer.incentive.grant"]
            .sudo()
            .search([("sale_order_id", "in", self.ids), ("state", "!=", "cancelled")])
        )
        grants.write({"state": "cancelled"})
        return res

    def _lifecycle_recompute(self):
        """Move the customers of these orders along the chain right away."""
        engine = self.env["customer.lifecycle.engine"].sudo()
        settings = engine._companies_settings(self.company_id, source="sale")
        if settings:
            engine._recompute_partners(self.partner_id, self.company_id, settings=settings)

    def _lifecycle_record_incentive_grants(self):
        """Record the loyalty rewards of these confirmed orders as grants of the linked incentives.

        One grant per order and reward: confirming again (after a cancel) gives the same grant
        back instead of a second one.
        """
        orders = self.filtered(lambda order: order.state == "sale")
        reward_lines = orders.order_line.filtered(lambda line: line.reward_id)
        if not reward_lines:
            return
        Incentive = self.env["customer.incentive"].sudo().with_context(active_test=False)
        Grant = self.env["customer.incentive.grant"].sudo()
        incentives = Incentive.search(
            [("program_id", "in", reward_lines.reward_id.program_id.ids), ("active", "=", True)]
        )
        if not incentives:
            return
        # the cost in the company's currency, as the purchases count the order's amount
        amounts = defaultdict(float)
        for line in reward_lines:
            order = line.order_id
            amounts[order, line.reward_id] += abs(line.price_subtotal) / (order.currency_rate or 1.0)
        existing = {
            (grant.sale_order_id, grant.reward_id, grant.incentive_id): grant
            for grant in Grant.search([("sale_order_id", "in", orders.ids)])
        }
        to_create = []
        for (order, reward), amount in amounts.items():
            amount = order.company_id.currency_id.round(amount)
            for incentive in incentives.filtered(
                lambda i, o=order, r=reward: i.program_id == r.program_id and i.company_id == o.company_id
            ):
                grant = existing.get((order, reward, incentive))
                if grant:
                    grant.write(
                        {"state": "given", "cost": amount, "date": order.company_id._lifecycle_day_of(order.date_order)}
                    )
                    continue
                to_create.append(
                    {
                        "partner_id": order.partner_id.commercial_partner_id.id,
                        "incentive_id": incentive.id,
                        "company_id": order.company_id.id,
                        "date": order.company_id._lifecycle_day_of(order.date_order),
                        "cost": amount,
                        "user_id": order.user_id.id or self.env.user.id,
                        "state": "given",
                        "sale_order_id": order.id,
                        "reward_id": reward.id,
                    }
                )
        if to_create:
            Grant.create(to_create)
