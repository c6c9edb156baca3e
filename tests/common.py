# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from contextlib import contextmanager
from datetime import date, datetime, time, timedelta

from odoo import Command
from odoo.tests import freeze_time, new_test_user

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT
from odoo.addons.sale.tests.common import SaleCommon

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


def welcome_program_values():
    """The friend's welcome coupon program of the referral tests: 10 % off the first order."""
    return {
        "name": "Welcome: 10% off your first order",
        "program_type": "coupons",
        "trigger": "with_code",
        "applies_on": "current",
        "reward_ids": [
            Command.create(
                {
                    "reward_type": "discount",
                    "discount": 10,
                    "discount_mode": "percent",
                    "discount_applicability": "order",
                    "required_points": 1,
                }
            )
        ],
    }


class LifecycleCommon(SaleCommon):
    """Fixtures shared by the lifecycle tests, built once per class, on Odoo's own sales
    fixtures (``SaleCommon``: a sales team, a service product without taxes, USD).

    Odoo's ``BaseCommon`` turns tracking and the chatter's automatic messages off; a test
    class that checks the chatter, tracking, followers or e-mails sets ``chatter = True``
    so that nothing it checks is quietly lost."""

    # The day every test starts from; dates are written relative to it.
    day0 = date(2026, 1, 5)
    # True: the chatter, tracking and automatic messages are on, as for users
    chatter = False

    @classmethod
    def default_env_context(cls):
        if cls.chatter:
            return {key: value for key, value in DISABLED_MAIL_CONTEXT.items() if key == "no_reset_password"}
        return super().default_env_context()

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
        cls.product = cls.service_product  # SaleCommon's, without taxes
        # SaleCommon leaves one active pricelist: with the feature on, as a company using it
        # has it, the Settings form opens without Odoo's warning about archiving pricelists
        cls.env.ref("base.group_user").write(
            {"implied_ids": [Command.link(cls.env.ref("product.group_product_pricelist").id)]}
        )
        cls.product.write({"name": "Lifecycle test service", "list_price": 100.0})
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
    def _euro_pricelist(cls, company, rate=2.0):
        """A pricelist in euros for ``company``, at ``rate`` EUR for one unit of its currency
        since 2025-01-01."""
        eur = cls.env.ref("base.EUR")
        eur.active = True
        cls.env["res.currency.rate"].create(
            {"currency_id": eur.id, "company_id": company.id, "name": date(2025, 1, 1), "rate": rate}
        )
        return cls.env["product.pricelist"].create({"name": "Euro", "currency_id": eur.id, "company_id": company.id})

    @classmethod
    def _discount_program(cls, name, percent=10):
        """A loyalty promotion applied on the whole order: ``percent`` % off."""
        return cls.env["loyalty.program"].create(
            {
                "name": name,
                "program_type": "promotion",
                "trigger": "auto",
                "applies_on": "current",
                "rule_ids": [Command.create({"reward_point_mode": "order", "reward_point_amount": 1})],
                "reward_ids": [
                    Command.create(
                        {
                            "reward_type": "discount",
                            "discount_mode": "percent",
                            "discount": percent,
                            "discount_applicability": "order",
                            "required_points": 1,
                        }
                    )
                ],
            }
        )

    @classmethod
    def _partner(cls, name, **values):
        return cls.env["res.partner"].create({"name": name, "is_company": True, **values})

    @classmethod
    def _loyal_partner(cls, name, **values):
        """A company that bought on days 0, 10 and 20: loyal on day 90."""
        partner = cls._partner(name, **values)
        for offset in (0, 10, 20):
            cls._order(partner, offset)
        return partner

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


class IncentiveCommon(LifecycleCommon):
    """A loyal customer, an advocate and a newcomer, and three incentives of the catalogue."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the demo programs of loyalty must not apply themselves to the test orders
        cls.env["loyalty.program"].search([]).write({"active": False})
        cls.Incentive = cls.env["customer.incentive"]
        cls.Grant = cls.env["customer.incentive.grant"]
        cls.loyal = cls._partner("Nordic Outfitters")
        cls.advocate = cls._partner("Azar Textiles")
        cls.newcomer = cls._partner("Kian Electric")
        cls._set_stage(cls.loyal, "loyal")
        cls._set_stage(cls.advocate, "advocate")
        cls._set_stage(cls.newcomer, "customer")
        cls.call = cls.Incentive.create(
            {
                "name": "A call from the managing director",
                "kind": "respect",
                "stage_ids": [Command.set((cls.stage["loyal"] | cls.stage["advocate"]).ids)],
                "unit_cost": 0.0,
            }
        )
        cls.gift = cls.Incentive.create(
            {
                "name": "New year gift box",
                "kind": "periodic_gift",
                "stage_ids": [Command.set(cls.stage["loyal"].ids)],
                "unit_cost": 25.0,
            }
        )
        cls.commission = cls.Incentive.create(
            {
                "name": "Referral commission",
                "kind": "financial_benefit",
                "stage_ids": [Command.set(cls.stage["advocate"].ids)],
                "unit_cost": 50.0,
            }
        )

    @classmethod
    def _set_stage(cls, partner, code, company=None):
        partner.with_company(company or cls.company).sudo().write({"lifecycle_stage_id": cls.stage[code].id})

    def _grant(self, partner, incentive, user=None, **values):
        return (
            self.Grant.with_user(user or self.manager)
            .with_company(self.company)
            .create({"partner_id": partner.id, "incentive_id": incentive.id, **values})
        )


class UpliftCommon(IncentiveCommon):
    """A hand-computed example, in a company of its own so that nothing else is in it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.branch = cls.env["res.company"].create({"name": "Shiraz Branch", "lifecycle_attribution_days": 60})
        cls.branch_gift = cls.Incentive.with_company(cls.branch).create(
            {"name": "Shiraz gift box", "kind": "periodic_gift", "stage_ids": [Command.set(cls.stage["loyal"].ids)]}
        )
        cls.people = {name: cls._partner(f"Shiraz {name}") for name in "ABCDEFH"}
        for name, partner in cls.people.items():
            code = "customer" if name == "H" else "loyal"
            cls._order(partner, date(2025, 12, 1), company=cls.branch)  # first purchase: not a repeat
            cls.env["customer.lifecycle.history"].create(
                {
                    "partner_id": partner.id,
                    "company_id": cls.branch.id,
                    "to_stage_id": cls.stage[code].id,
                    "date": date(2026, 1, 1),
                    "reason": "Test",
                }
            )
            cls._set_stage(partner, code, company=cls.branch)
        for name in "AB":  # given in March
            grant = cls.Grant.with_company(cls.branch).create(
                {"partner_id": cls.people[name].id, "incentive_id": cls.branch_gift.id, "date": date(2026, 3, 10)}
            )
            grant.action_give()
        cls._order(cls.people["A"], date(2026, 3, 20), company=cls.branch)  # given, bought again
        cls._order(cls.people["C"], date(2026, 3, 15), company=cls.branch)  # control, bought again
        cls._order(cls.people["D"], date(2026, 5, 15), company=cls.branch)  # control, after the window
        cls._order(cls.people["H"], date(2026, 3, 5), company=cls.branch)  # not loyal: not in the control group

    def _row(self):
        self.env.flush_all()
        report = self.env["customer.lifecycle.uplift.report"]
        report.invalidate_model()
        return report.search([("company_id", "=", self.branch.id), ("incentive_id", "=", self.branch_gift.id)])


class ReferralRewardCommon(IncentiveCommon):
    """A loyal referrer, a friend they refer on day 30 who first buys on day 100, and a
    dinner as the referral reward."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dinner = cls.Incentive.create(
            {
                "name": "Dinner for two",
                "kind": "valuable_gift",
                "stage_ids": [Command.set((cls.stage["loyal"] | cls.stage["advocate"]).ids)],
                "unit_cost": 80.0,
            }
        )
        cls.company.write(
            {"lifecycle_referral_reward_incentive_id": cls.dinner.id, "lifecycle_referral_return_days": 30}
        )
        cls.friend = cls._partner("Lena Hoffmann")
        cls.referrer = cls._partner("Behnam Bakery")
        for offset in (0, 10, 20):  # loyal on day 90
            cls._order(cls.referrer, offset)

    def _convert(self, amount=300.0):
        with freeze_time(self._on(30)):
            referral = self.env["customer.referral"].create(
                {"referrer_id": self.referrer.id, "referred_id": self.friend.id, "date": self._on(30)}
            )
        with freeze_time(self._on(100)):
            order = self._order(self.friend, 100, amount=amount, state="draft")
            order.action_confirm()
        self._recompute(100)
        referral.invalidate_recordset()
        self.assertEqual(referral.state, "converted")
        return referral, order

    def _reward(self, referral):
        return self.Grant.search([("referral_id", "=", referral.id)])

    def _invoice(self, order, day=100):
        """The order's invoice, posted on ``day``."""
        with freeze_time(self._on(day)):
            invoice = order._create_invoices()
            invoice.invoice_date = self._on(day)
            invoice.action_post()
        return invoice

    def _pay(self, invoice, day=105):
        with freeze_time(self._on(day)):
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=invoice.ids
            ).create({"payment_date": self._on(day)})._create_payments()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))

    def _credit(self, invoice, day, amount=None):
        """A posted credit note of ``invoice`` on ``day``: in full, or of ``amount`` (untaxed)."""
        with freeze_time(self._on(day)):
            reversal = (
                self.env["account.move.reversal"]
                .with_context(active_model="account.move", active_ids=invoice.ids)
                .create({"journal_id": invoice.journal_id.id, "date": self._on(day)})
            )
            refund = self.env["account.move"].browse(reversal.refund_moves()["res_id"])
            if amount is not None:
                refund.invoice_line_ids.price_unit = amount
            refund.action_post()
        return refund

    def _release(self, day):
        """Run the daily release of the referral rewards as if today were ``day``."""
        with freeze_time(self._on(day)):
            self.Grant._cron_release_referral_rewards()

    def _final(self, order):
        """The first purchase invoiced on day 100, paid on day 105, and its return window
        past on day 135: the reward is released for approval."""
        invoice = self._invoice(order)
        self._pay(invoice)
        self._release(135)
        return invoice
