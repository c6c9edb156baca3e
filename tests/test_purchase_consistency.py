# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""One definition of a purchase: every screen shows the same figures.

Two companies, the figures of their customers computed by hand below, and every place
that shows them: the partner, the funnel, the incentive indicators, the repeat purchases
by product, the uplift, a key-account objective, the health's inputs, a goal and the
profile PDF.

Company "Tehran Sales" counts confirmed sales orders; its calendar is Asia/Tehran
(UTC+03:30) and its currency USD; an order in EUR is converted at 2 EUR for 1 USD.

    Arya  S1  2026-01-01 00:30 Tehran (2025-12-31 21:00 UTC)  P1  100 USD   -> 100 on 01-01
          S2  2026-01-20 23:30 Tehran (2026-01-20 20:00 UTC)  P2  300 EUR   -> 150 on 01-20
          S3  2026-02-10 12:00 Tehran                         P1  200 USD   -> 200 on 02-10
          3 purchase days, 450; referred Bahar on 01-10; given "Sales call" on 01-05
    Bahar S4  2026-01-25 12:00 Tehran                         P2   80 USD   ->  80 on 01-25
          1 purchase day, 80 (converts Arya's referral on 01-25)

Company "Invoice Co" counts posted customer invoices net of their credit notes (UTC):

    Caspian I1  2026-01-10  2 x P1 at 100 = 200, credit note R1 of 02-15 for 1 x P1: 100 on 01-10
            I2  2026-01-20  1 x P2 at 300, wholly credited by R2 of 01-25: no purchase, 0
            I3  2026-01-22  1 x P2 at 50                                     ->  50 on 01-22
            R3  2026-02-20  an unlinked credit note, 1 x P1 at 30            -> -30 on 02-20
            2 purchase days (01-10, 01-22), 100 + 0 + 50 - 30 = 120;
            referred Dena on 01-15; given "Invoice call" on 01-12 (window 15 days: to 01-27)
    Dena    I4  2026-01-18  1 x P1 at 70                                     ->  70 on 01-18
"""

from datetime import date, datetime

from odoo import Command
from odoo.tests import freeze_time, tagged
from odoo.tools import SQL

from ..report.report_format import ReportFormatter
from .common import LifecycleCommon

TODAY = date(2026, 3, 1)

# The hand-computed table: (purchase days, amount) per customer and company.
EXPECTED = {
    "arya": (3, 450.0),
    "bahar": (1, 80.0),
    "caspian": (2, 120.0),
    "dena": (1, 70.0),
}


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestPurchaseConsistency(LifecycleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["loyalty.program"].search([]).write({"active": False})
        cls.p1 = cls.product
        cls.p2 = cls.env["product.product"].create(
            {"name": "Lifecycle test training", "type": "service", "list_price": 50.0, "taxes_id": [Command.clear()]}
        )
        cls._sales_company()
        cls._invoice_company()
        with freeze_time(TODAY):
            cls.engine._recompute_all(cls.sales + cls.invoicing, force=True)
        cls.sales_call = cls._incentive("Sales call", cls.sales)
        cls.arya_grant = cls._give(cls.arya, cls.sales_call, date(2026, 1, 5), cls.sales)
        cls.invoice_call = cls._incentive("Invoice call", cls.invoicing)
        cls.caspian_grant = cls._give(cls.caspian, cls.invoice_call, date(2026, 1, 12), cls.invoicing)

    # ------------------------------------------------------------------
    # Fixtures
    # ------------------------------------------------------------------

    @classmethod
    def _sales_company(cls):
        cls.sales = cls._company("Tehran Sales")
        cls.sales.write({"lifecycle_purchase_source": "sale", "lifecycle_attribution_days": 60})
        cls.sales.partner_id.tz = "Asia/Tehran"
        cls.eur_pricelist = cls._euro_pricelist(cls.sales)
        cls.arya = cls._partner("Arya Trading")
        cls.bahar = cls._partner("Bahar Kitchens")
        cls._referral(cls.arya, cls.bahar, date(2026, 1, 10), cls.sales)
        cls.s1 = cls._sale(cls.arya, datetime(2025, 12, 31, 21, 0), cls.p1, 100.0)
        cls.s2 = cls._sale(cls.arya, datetime(2026, 1, 20, 20, 0), cls.p2, 300.0, pricelist=cls.eur_pricelist)
        cls.s3 = cls._sale(cls.arya, datetime(2026, 2, 10, 8, 30), cls.p1, 200.0)
        cls._sale(cls.bahar, datetime(2026, 1, 25, 8, 30), cls.p2, 80.0)

    @classmethod
    def _invoice_company(cls):
        cls.invoicing = cls._company("Invoice Co")
        cls.env["account.chart.template"].try_loading("generic_coa", company=cls.invoicing, install_demo=False)
        cls.invoicing.write(
            {
                "lifecycle_purchase_source": "invoice",
                "lifecycle_attribution_days": 15,
                "currency_id": cls.company.currency_id.id,
            }
        )
        cls.caspian = cls._partner("Caspian Shipping")
        cls.dena = cls._partner("Dena Pharma")
        cls._referral(cls.caspian, cls.dena, date(2026, 1, 15), cls.invoicing)
        cls.i1 = cls._move(cls.caspian, date(2026, 1, 10), cls.p1, 100.0, quantity=2)
        cls._move(cls.caspian, date(2026, 2, 15), cls.p1, 100.0, refund_of=cls.i1)
        i2 = cls._move(cls.caspian, date(2026, 1, 20), cls.p2, 300.0)
        cls._move(cls.caspian, date(2026, 1, 25), cls.p2, 300.0, refund_of=i2)
        cls.i3 = cls._move(cls.caspian, date(2026, 1, 22), cls.p2, 50.0)
        cls._move(cls.caspian, date(2026, 2, 20), cls.p1, 30.0, refund_of=False)
        cls._move(cls.dena, date(2026, 1, 18), cls.p1, 70.0)

    @classmethod
    def _sale(cls, partner, when_utc, product, price, pricelist=None):
        values = {
            "partner_id": partner.id,
            "company_id": cls.sales.id,
            "date_order": when_utc,
            "state": "sale",
            "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 1, "price_unit": price})],
        }
        if pricelist:
            values["pricelist_id"] = pricelist.id
        return cls.env["sale.order"].with_company(cls.sales).create(values)

    @classmethod
    def _move(cls, partner, day, product, price, quantity=1, refund_of=None):
        """A posted customer invoice, or a credit note (``refund_of``: the invoice it
        reverses, False for an unlinked one)."""
        Move = cls.env["account.move"].with_company(cls.invoicing)
        move = Move.create(
            {
                "move_type": "out_invoice" if refund_of is None else "out_refund",
                "partner_id": partner.id,
                "invoice_date": day,
                "date": day,
                "reversed_entry_id": refund_of.id if refund_of else False,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "quantity": quantity,
                            "price_unit": price,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        move.action_post()
        return move

    @classmethod
    def _referral(cls, referrer, referred, day, company):
        cls.env["customer.referral"].with_company(company).create(
            {"referrer_id": referrer.id, "referred_id": referred.id, "date": day, "company_id": company.id}
        )

    @classmethod
    def _incentive(cls, name, company):
        return (
            cls.env["customer.incentive"]
            .with_company(company)
            .create({"name": name, "kind": "respect", "unit_cost": 0.0, "company_id": company.id})
        )

    @classmethod
    def _give(cls, partner, incentive, day, company):
        grant = (
            cls.env["customer.incentive.grant"]
            .with_company(company)
            .create({"partner_id": partner.id, "incentive_id": incentive.id, "date": day, "company_id": company.id})
        )
        grant.action_give()
        return grant

    def _company_of(self, name):
        return self.sales if name in ("arya", "bahar") else self.invoicing

    # ------------------------------------------------------------------
    # The figures
    # ------------------------------------------------------------------

    def test_the_partner_shows_the_table(self):
        for name, (count, amount) in EXPECTED.items():
            partner = getattr(self, name).with_company(self._company_of(name))
            self.assertEqual(partner.lifecycle_purchase_count, count, name)
            self.assertAlmostEqual(partner.lifecycle_purchase_amount, amount, 2, name)
        # the order of 23:30 in Tehran is a purchase of that day; the one of 00:30 on
        # 1 January (31 December in UTC) of 1 January
        arya = self.arya.with_company(self.sales)
        self.assertEqual(arya.lifecycle_first_purchase_date, date(2026, 1, 1))
        caspian = self.caspian.with_company(self.invoicing)
        # the last purchase is I3 (01-22): the credit notes of 02-15 and 02-20 are none
        self.assertEqual(
            (caspian.lifecycle_first_purchase_date, caspian.lifecycle_last_purchase_date),
            (date(2026, 1, 10), date(2026, 1, 22)),
        )

    def test_the_funnel_counts_the_customers_of_the_table(self):
        self.env.flush_all()
        Funnel = self.env["customer.lifecycle.funnel.report"]
        for company in (self.sales, self.invoicing):
            row = Funnel.search([("company_id", "=", company.id), ("stage_id", "=", self.stage["customer"].id)])
            # Arya and Bahar; Caspian and Dena: each became a customer on its first purchase day
            self.assertEqual(row.reached_count, 2, company.name)
        history = self._history(self.caspian, self.invoicing)
        became = history.filtered(lambda line: line.to_stage_id == self.stage["customer"])
        self.assertEqual(became.date, date(2026, 1, 10))

    def test_the_indicators_repeat_by_product_and_uplift_read_the_same_purchases(self):
        self.env.flush_all()
        Indicator = self.env["customer.lifecycle.indicator.report"]
        # Arya: repeats of 01-20 (150) and 02-10 (200) within 60 days of 01-05; Bahar referred
        # Caspian: within 15 days of 01-12 only I3 (01-22, 50); I2 of 01-20 was wholly credited
        self.assertRecordValues(
            Indicator.search([("grant_id", "in", (self.arya_grant | self.caspian_grant).ids)], order="id"),
            [
                {"repeat_count": 2, "repeat_amount": 350.0, "referral_count": 1, "converted_referral_count": 1},
                {"repeat_count": 1, "repeat_amount": 50.0, "referral_count": 1, "converted_referral_count": 1},
            ],
        )
        lines = self.env["customer.lifecycle.repeat.product.report"].search(
            [("partner_id", "in", (self.arya | self.caspian).ids)]
        )
        self.assertEqual(
            sorted(
                (line.partner_id.name, str(line.date), line.product_id.name, line.quantity, line.amount)
                for line in lines
            ),
            [
                ("Arya Trading", "2026-01-20", "Lifecycle test training", 1.0, 150.0),
                ("Arya Trading", "2026-02-10", "Lifecycle test service", 1.0, 200.0),
                ("Caspian Shipping", "2026-01-22", "Lifecycle test training", 1.0, 50.0),
            ],
        )
        self.assertEqual(lines.filtered(lambda line: line.partner_id == self.caspian).move_id, self.i3)
        Uplift = self.env["customer.lifecycle.uplift.report"]
        for incentive in (self.sales_call, self.invoice_call):
            # one grant in January, followed by a repeat purchase within the window
            self.assertRecordValues(
                Uplift.search([("incentive_id", "=", incentive.id)]),
                [{"month": date(2026, 1, 1), "treated_count": 1, "treated_repeat_count": 1, "treated_rate": 100.0}],
            )

    def test_an_objective_measures_the_table(self):
        # the plan's year 2026 in the company's calendar: Arya's order of 00:30 on 1 January
        # counts; its euro order counts 150 USD
        expected = {
            "arya": {"revenue": 450.0, "order_count": 3, "distinct_products": 2},
            # I1 (100 net) and I3 (50) less R3 (30); P1 and P2 (P2 of I2 was credited)
            "caspian": {"revenue": 120.0, "order_count": 2, "distinct_products": 2},
        }
        for name, measures in expected.items():
            company = self._company_of(name)
            partner = getattr(self, name)
            partner.with_company(company).lifecycle_key_account = True
            plan = (
                self.env["customer.key.account.plan"]
                .with_company(company)
                .create(
                    {
                        "name": f"{partner.name} 2026",
                        "partner_id": partner.id,
                        "company_id": company.id,
                        "date_start": date(2026, 1, 1),
                        "date_end": date(2026, 12, 31),
                    }
                )
            )
            for measure, value in measures.items():
                objective = self.env["customer.key.account.objective"].create(
                    {
                        "plan_id": plan.id,
                        "name": measure,
                        "measure": measure,
                        "target": 1000,
                        "deadline": date(2026, 12, 31),
                    }
                )
                self.assertAlmostEqual(objective.current_value, value, 2, f"{name}: {measure}")

    def test_the_health_and_the_goal_read_the_table(self):
        Scoring = self.env["customer.lifecycle.health.scoring"]
        for company, partner, amount, recent in (
            (self.sales, self.arya, 450.0, (100 + 150 + 200) / 3),
            (self.invoicing, self.caspian, 120.0, (100 + 50) / 2),  # a credit note is no order
        ):
            Scoring._create_quintile_table(company, TODAY)
            self.env.cr.execute(
                "SELECT amount, recent_value FROM customer_lifecycle_health_tmp WHERE partner_id = %s", [partner.id]
            )
            monetary, recent_value = self.env.cr.fetchone()
            self.assertAlmostEqual(monetary, amount, 2)
            self.assertAlmostEqual(recent_value, recent, 2)
        # a goal of the year: all the company's purchases
        for company, revenue in ((self.sales, 450.0 + 80.0), (self.invoicing, 120.0 + 70.0)):
            goal = self.env["customer.lifecycle.goal"].create(
                {
                    "name": f"{company.name} 2026",
                    "company_id": company.id,
                    "date_start": date(2026, 1, 1),
                    "date_end": date(2026, 12, 31),
                    "target_revenue": 1000.0,
                }
            )
            with freeze_time(TODAY):
                goal.invalidate_recordset()
                self.assertAlmostEqual(goal.actual_revenue, revenue, 2, company.name)

    def test_the_profile_prints_the_table(self):
        Report = self.env["ir.actions.report"]
        for name, last, last_day, last_amount in (
            ("arya", self.s3, date(2026, 2, 10), 200.0),
            ("caspian", self.i3, date(2026, 1, 22), 50.0),
        ):
            company = self._company_of(name)
            partner = getattr(self, name).with_company(company)
            count, amount = EXPECTED[name]
            profile = self.env["report.customer_lifecycle.report_customer_lifecycle_profile"]
            values = profile.with_context(allowed_company_ids=company.ids)._profile_values(partner)
            self.assertEqual(values["last_purchase"]["document"], last)
            self.assertEqual(values["last_purchase"]["day"], last_day)
            self.assertAlmostEqual(values["last_purchase"]["amount"], last_amount, 2)
            html = (
                Report.with_context(allowed_company_ids=company.ids)
                ._render_qweb_html("customer_lifecycle.report_customer_lifecycle_profile", partner.ids)[0]
                .decode()
            )
            self.assertRegex(html, rf"<th>Purchases</th>\s*<td>{count}</td>")
            fmt = ReportFormatter(partner.env)
            self.assertIn(fmt.amount(amount, company.currency_id), html)
            self.assertIn(fmt.date(last_day), html)
            self.assertIn(fmt.amount(last_amount, company.currency_id), html)

    def test_odoo_analysis_shows_the_same_totals_over_the_whole_history(self):
        """What USAGE says: Sales analysis (Sales Orders) and Invoice Analysis (Customers,
        Invoiced), group by customer, untaxed: the same totals as the partner's."""
        self.env.flush_all()
        sales = self.env["sale.report"].with_context(allowed_company_ids=self.sales.ids)
        [[total]] = sales._read_group(
            [("partner_id", "child_of", self.arya.id), ("state", "=", "sale"), ("company_id", "=", self.sales.id)],
            [],
            ["price_subtotal:sum"],
        )
        self.assertAlmostEqual(total, EXPECTED["arya"][1], 2)
        invoices = self.env["account.invoice.report"].with_context(allowed_company_ids=self.invoicing.ids)
        [[total]] = invoices._read_group(
            [
                ("partner_id", "child_of", self.caspian.id),
                ("move_type", "in", ("out_invoice", "out_refund")),
                ("state", "not in", ("draft", "cancel")),
                ("company_id", "=", self.invoicing.id),
            ],
            [],
            ["price_subtotal:sum"],
        )
        self.assertAlmostEqual(total, EXPECTED["caspian"][1], 2)

    def test_one_definition_of_the_rows(self):
        """The document rows of one company and of every company are the same rows; the
        views read Point of Sale orders exactly when Point of Sale is installed."""
        purchases = self.env["customer.lifecycle.purchase"]
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT viewname, definition ~ %s FROM pg_views WHERE viewname LIKE %s",
                r"\mpos_order\M",
                "customer_lifecycle_%_report",
            )
        )
        reads_pos = dict(self.env.cr.fetchall())
        for table in ("indicator", "uplift", "repeat_product"):
            self.assertEqual(reads_pos[f"customer_lifecycle_{table}_report"], "pos.order" in self.env, table)
        for company in (self.sales, self.invoicing):
            self.env.cr.execute(purchases._document_rows_sql(company))
            one = sorted(self.env.cr.fetchall())
            self.env.cr.execute(
                SQL("SELECT * FROM (%s) rows WHERE company_id = %s", purchases._document_rows_sql(), company.id)
            )
            every = sorted(self.env.cr.fetchall())
            self.assertEqual(one, every, company.name)
