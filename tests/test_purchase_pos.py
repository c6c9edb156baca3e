# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Point of Sale orders are purchases where Point of Sale is installed.

The addon does not depend on ``point_of_sale``: these tests run on a database where it
is installed (``scripts/run-tests.sh`` runs them there, tag ``customer_lifecycle_pos``),
not in the standard run of the addon's tests.

One customer, in the main company, with POS orders (days of the UTC calendar):

    P1  2026-01-10  paid              100 untaxed (110 with tax)   -> a purchase of 01-10
    P2  2026-01-20  invoiced, as I2    50 untaxed                  -> a purchase of 01-20
    P3  2026-01-25  a refund of P1    -40 untaxed                  -> lowers the amount

    counting sales orders: P1, P2 and P3: 2 days, 100 + 50 - 40 = 110
    counting invoices:     P1, I2 (P2 counts once, as its invoice) and P3: 2 days, 110
"""

from datetime import date, datetime

from odoo import Command
from odoo.tests import freeze_time, tagged
from odoo.tools import SQL

from .. import odoo_compat
from .common import LifecycleCommon


@tagged("post_install", "-at_install", "-standard", "customer_lifecycle_pos")
class TestPurchasePointOfSale(LifecycleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["loyalty.program"].search([]).write({"active": False})
        cls.customer = cls._partner("Golestan Cafe")
        config = cls.env.ref("point_of_sale.pos_config_main")
        cls.session = (
            cls.env["pos.session"]
            .with_context(onboarding_creation=True)
            .create({"config_id": config.id, "user_id": cls.env.uid})
        )
        cls.invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": cls.customer.id,
                "invoice_date": date(2026, 1, 20),
                "invoice_line_ids": [
                    Command.create({"product_id": cls.product.id, "price_unit": 50.0, "tax_ids": [Command.clear()]})
                ],
            }
        )
        cls.invoice.action_post()
        cls.p1 = cls._pos(datetime(2026, 1, 10, 12, 0), 100.0, 10.0)
        cls.p2 = cls._pos(
            datetime(2026, 1, 20, 12, 0), 50.0, 0.0, state=odoo_compat.POS_INVOICED_STATE, account_move=cls.invoice.id
        )
        cls.p3 = cls._pos(datetime(2026, 1, 25, 12, 0), -40.0, 0.0, quantity=-1)

    @classmethod
    def _pos(cls, when, untaxed, tax, quantity=1, state="paid", **values):
        return cls.env["pos.order"].create(
            {
                "session_id": cls.session.id,
                "company_id": cls.company.id,
                "partner_id": cls.customer.id,
                "date_order": when,
                "state": state,
                "amount_tax": tax,
                "amount_total": untaxed + tax,
                "amount_paid": untaxed + tax,
                "amount_return": 0.0,
                "lines": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "qty": quantity,
                            "price_unit": untaxed / quantity,
                            "price_subtotal": untaxed,
                            "price_subtotal_incl": untaxed + tax,
                            "full_product_name": cls.product.name,
                        }
                    )
                ],
                **values,
            }
        )

    def _figures(self):
        with freeze_time(date(2026, 3, 1)):
            self.engine._recompute_all(self.company, force=True)
        customer = self.customer.with_company(self.company)
        customer.invalidate_recordset()
        figures = self.env["customer.lifecycle.purchase"]._customer_figures(self.company, self.customer)
        return customer.lifecycle_purchase_count, customer.lifecycle_purchase_amount, figures

    def test_pos_orders_are_purchases_of_a_company_counting_orders(self):
        count, amount, figures = self._figures()
        self.assertEqual((count, amount), (2, 110.0))
        # P1 and P2 are purchases; the refund P3 is none; the invoice I2 is no purchase here
        self.assertEqual((figures["documents"], figures["products"], figures["amount"]), (2, 1, 110.0))
        last = self.env["customer.lifecycle.purchase"]._last_purchase(self.company, self.customer)
        self.assertEqual((last["document"], last["day"], last["amount"]), (self.p2, date(2026, 1, 20), 50.0))

    def test_an_invoiced_pos_order_counts_once_as_its_invoice(self):
        self.company.lifecycle_purchase_source = "invoice"
        count, amount, figures = self._figures()
        self.assertEqual((count, amount), (2, 110.0))  # not 160: P2 and its invoice are one purchase
        self.assertEqual(figures["documents"], 2)  # P1 and I2
        last = self.env["customer.lifecycle.purchase"]._last_purchase(self.company, self.customer)
        self.assertEqual(last["document"], self.invoice)

    def test_the_views_read_pos_orders_and_their_lines(self):
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT COUNT(*) FROM pg_views WHERE viewname = ANY(%s) AND definition ~ %s",
                [
                    "customer_lifecycle_indicator_report",
                    "customer_lifecycle_uplift_report",
                    "customer_lifecycle_repeat_product_report",
                ],
                r"\mpos_order\M",
            )
        )
        self.assertEqual(self.env.cr.fetchone()[0], 3)
        purchases = self.env["customer.lifecycle.purchase"]
        self.env.cr.execute(
            SQL(
                "SELECT day, amount FROM (%s) days WHERE partner_id = %s AND company_id = %s ORDER BY day",
                purchases._days_sql(),
                self.customer.id,
                self.company.id,
            )
        )
        self.assertEqual(self.env.cr.fetchall(), [(date(2026, 1, 10), 100.0), (date(2026, 1, 20), 50.0)])
        self.env.cr.execute(
            SQL(
                "SELECT pos_order_id, quantity, amount FROM (%s) lines WHERE partner_id = %s ORDER BY day",
                purchases._line_rows_sql(self.company, [self.customer.id]),
                self.customer.id,
            )
        )
        self.assertEqual(
            self.env.cr.fetchall(), [(self.p1.id, 1.0, 100.0), (self.p2.id, 1.0, 50.0), (self.p3.id, -1.0, -40.0)]
        )
