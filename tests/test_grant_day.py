# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""A grant recorded from a confirmed order is dated and costed as the order's purchase is
counted: on the day of the company's calendar, in the company's currency.

The company is in Asia/Tehran (UTC+03:30); an order of 200 EUR, at 2 EUR for 1 USD,
confirmed on 2026-03-20 at 21:00 UTC (2026-03-21, 00:30 in Tehran), with a 10 % discount
of the loyalty program: a grant of 20 EUR = 10 USD, dated 2026-03-21.
"""

from datetime import date, datetime

from odoo import Command
from odoo.tests import freeze_time, tagged

from .common import LifecycleCommon


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestGrantDay(LifecycleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["loyalty.program"].search([]).write({"active": False})
        cls.company.partner_id.tz = "Asia/Tehran"
        cls.pricelist = cls._euro_pricelist(cls.company)
        cls.program = cls._discount_program("10% on the order")
        cls.incentive = cls.env["customer.incentive"].create(
            {
                "name": "10% for every customer",
                "kind": "discount",
                "stage_ids": [Command.set(cls.stage["prospect"].ids + cls.stage["customer"].ids)],
                "program_id": cls.program.id,
            }
        )
        cls.customer = cls._partner("Shiraz Optics")

    @freeze_time("2026-03-20 21:00:00")
    def test_a_grant_counts_on_the_companys_day_in_its_currency(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "pricelist_id": self.pricelist.id,
                "date_order": datetime(2026, 3, 20, 21, 0),
                "order_line": [Command.create({"product_id": self.product.id, "price_unit": 200.0})],
            }
        )
        order._update_programs_and_rewards()
        claimable = order._get_claimable_rewards()
        coupon = next(c for c in claimable if c.program_id == self.program)
        order._apply_program_reward(claimable[coupon], coupon)
        order.action_confirm()
        grant = self.env["customer.incentive.grant"].search([("sale_order_id", "=", order.id)])
        self.assertRecordValues(grant, [{"date": date(2026, 3, 21), "cost": 10.0, "state": "given"}])
        # the same day as the purchase the customer's stage counts
        self.assertEqual(self.customer.with_company(self.company).lifecycle_last_purchase_date, date(2026, 3, 21))
