# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from contextlib import contextmanager
from datetime import date, datetime, time, timedelta

from odoo import Command
from odoo.tests import TransactionCase, freeze_time, new_test_user

from ..tools import customer_chain as chain


def plan_values(partner, name, year, target=4000, step="preferred_supplier", **values):
    """A key-account plan for ``year`` that can be submitted: one measurable, time-bound
    revenue objective and one tactic."""
    return {
        "name": name,
        "partner_id": partner.id,
        "date_start": date(year, 1, 1),
        "date_end": date(year, 12, 31),
        "objective_ids": [
            Command.create(
                {
                    "name": "Grow revenue",
                    "measure": "revenue",
                    "target": target,
                    "deadline": date(year, 12, 31),
                    "perception_step": step,
                }
            )
        ],
        "tactic_ids": [Command.create({"name": "Bundle service contracts", "group": "product"})],
        **values,
    }


class LifecycleCommon(TransactionCase):
    """Fixtures shared by the lifecycle tests, built once per class."""

    # The day every test starts from; dates are written relative to it.
    day0 = date(2026, 1, 5)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.write(
            {
                "lifecycle_purchase_source": "sale",
                "lifecycle_lapse_days": 365,
                "lifecycle_lapse_warning_days": 30,
            }
        )
        cls.company.partner_id.tz = "UTC"
        cls.stage = {code: cls.env.ref(f"customer_lifecycle.stage_{code}") for code in chain.STAGE_CODES}
        cls.engine = cls.env["customer.lifecycle.engine"]
        cls.product = cls.env["product.product"].create(
            {
                "name": "Lifecycle test service",
                "type": "service",
                "list_price": 100.0,
                "taxes_id": [Command.clear()],
            }
        )
        cls.manager = new_test_user(
            cls.env, login="cl_manager", groups="base.group_user,customer_lifecycle.group_lifecycle_manager"
        )
        cls.salesman = new_test_user(
            cls.env, login="cl_salesman", groups="base.group_user,sales_team.group_sale_salesman"
        )
        cls.salesman_2 = new_test_user(
            cls.env, login="cl_salesman_2", groups="base.group_user,sales_team.group_sale_salesman"
        )
        cls.accountant = new_test_user(
            cls.env, login="cl_accountant", groups="base.group_user,account.group_account_invoice"
        )
        cls.employee = new_test_user(cls.env, login="cl_employee", groups="base.group_user")

    @classmethod
    def _company(cls, name):
        """A company of its own (same currency, UTC calendar): the demo customers of the
        main company do not weigh in its figures."""
        company = cls.env["res.company"].create({"name": name, "currency_id": cls.company.currency_id.id})
        company.partner_id.tz = "UTC"
        return company

    @classmethod
    def _partner(cls, name, **values):
        return cls.env["res.partner"].create({"name": name, "is_company": True, **values})

    @contextmanager
    def assertRefused(self, exception, text):
        """Like assertRaises (the savepoint is rolled back), and the message says ``text``."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertIn(text, str(caught.exception))

    @classmethod
    def _order(cls, partner, day, company=None, amount=100.0, qty=1.0, state="sale"):
        """A confirmed sales order dated ``day`` (a date or a number of days after day0)."""
        if isinstance(day, int):
            day = cls.day0 + timedelta(days=day)
        company = company or cls.company
        return (
            cls.env["sale.order"]
            .with_company(company)
            .create(
                {
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "date_order": datetime.combine(day, time(12, 0)),
                    "state": state,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": cls.product.id,
                                "product_uom_qty": qty,
                                "price_unit": amount,
                            }
                        )
                    ],
                }
            )
        )

    def _on(self, offset):
        """The date ``offset`` days after day0."""
        return self.day0 + timedelta(days=offset)

    def _recompute(self, day, companies=None):
        """Run the daily job as if today were ``day`` (a date or an offset from day0)."""
        if isinstance(day, int):
            day = self._on(day)
        with freeze_time(day):
            self.engine._recompute_all(companies or self.company)

    def _stage(self, partner, company=None):
        partner.invalidate_recordset()
        return partner.with_company(company or self.company).lifecycle_stage_id.code

    def _history(self, partner, company=None):
        return self.env["customer.lifecycle.history"].search(
            [("partner_id", "=", partner.id), ("company_id", "=", (company or self.company).id)],
            order="date, id",
        )
