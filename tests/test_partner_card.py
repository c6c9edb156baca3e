# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The lifecycle card on the partner form: the record answers at a glance (article 004),
each item to those who may read it, at a cost that does not grow with the history."""

from datetime import datetime, timedelta

from lxml import etree

from odoo.tests import freeze_time, tagged

from ..tools.lifecycle_card import weakest_factor
from .common import LifecycleCommon

CARD_FIELDS = (
    "lifecycle_card_last_order_amount",
    "lifecycle_card_last_order_id",
    "lifecycle_card_last_invoice_id",
    "lifecycle_card_loyalty",
    "lifecycle_card_open_request_count",
    "lifecycle_card_health_weakest",
)


def form_specification(fields):
    """The fields specification of a form, as the web client sends it to web_read."""
    return {
        name: {"fields": {"display_name": {}}} if info["type"] in ("many2one", "many2many", "one2many") else {}
        for name, info in fields.items()
    }


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestPartnerCardRules(LifecycleCommon):
    def test_the_factor_that_loses_the_most_points_pulls_the_score_down(self):
        weights = {"rfm": 40, "payment": 15, "contact": 15}
        # RFM 80 loses 40 x 20 = 800 points; payment 20 loses 15 x 80 = 1200
        self.assertEqual(weakest_factor({"rfm": 80, "payment": 20, "contact": 100}, weights), "payment")
        self.assertEqual(weakest_factor({"rfm": 50, "payment": 90, "contact": 100}, weights), "rfm")
        self.assertIsNone(weakest_factor({"rfm": 100, "payment": 100}, weights), "nothing lost")
        self.assertIsNone(weakest_factor({"rfm": 10}, {"rfm": 0}), "a factor that does not count")


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestPartnerCard(LifecycleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["loyalty.program"].search([]).write({"active": False})
        cls.customer = cls._partner("Caspian Tiles", phone="+98 21 5555 0101", user_id=cls.salesman.id)
        cls._order(cls.customer, 0, amount=100.0)
        cls.last_order = cls._order(cls.customer, 10, amount=250.0)
        cls.engine._recompute_all(cls.company)
        program = cls.env["loyalty.program"].create(
            {"name": "Tile Club", "program_type": "loyalty", "portal_point_name": "Points"}
        )
        cls.env["loyalty.card"].create({"program_id": program.id, "partner_id": cls.customer.id, "points": 120})
        Touchpoint = cls.env["customer.touchpoint"]
        cls.call = Touchpoint.create(
            {
                "partner_id": cls.customer.id,
                "reason": "Delivery date",
                "channel": "phone",
                "user_id": cls.salesman.id,
                "date": datetime.now() - timedelta(hours=1),
            }
        )
        Touchpoint.create(
            {
                "partner_id": cls.customer.id,
                "reason": "Broken tiles",
                "kind": "complaint",
                "date": datetime.now() - timedelta(days=2),
            }
        )
        # logging a touch-point scored the customer: its parts as the test needs them
        health = cls.env["customer.lifecycle.health"].sudo().search([("partner_id", "=", cls.customer.id)])
        health.write(
            {
                "score": 71,
                "band": "healthy",
                "rfm_part": 80,
                "sentiment_part": 50,
                "contact_part": 100,
                "payment_part": 10,
                "rhythm_part": 100,
            }
        )

    def _read_form(self, user, partner=None):
        Partner = self.env["res.partner"].with_user(user)
        view = Partner.get_views([(False, "form")])
        fields = view["models"]["res.partner"]["fields"]
        values = Partner.browse((partner or self.customer).id).web_read(form_specification(fields))[0]
        return view, values

    def test_the_card_answers_the_record_questions(self):
        _view, values = self._read_form(self.salesman)
        self.assertEqual(values["lifecycle_stage_id"]["id"], self.stage["customer"].id)
        self.assertEqual(values["lifecycle_customer_date"], self.day0)
        self.assertEqual(values["lifecycle_last_purchase_date"], self._on(10))
        self.assertEqual(values["lifecycle_card_last_order_amount"], 250.0)
        self.assertEqual(values["lifecycle_card_last_order_id"]["id"], self.last_order.id)
        self.assertEqual(values["lifecycle_last_touchpoint_user_id"]["id"], self.salesman.id)
        self.assertEqual(values["lifecycle_last_touchpoint_channel"], "phone")
        self.assertEqual(values["phone"], "+98 21 5555 0101")
        self.assertEqual(values["lifecycle_card_loyalty"], "Tile Club: 120 Points")
        self.assertEqual(values["lifecycle_card_open_request_count"], 1)
        # payment 10/100 loses 15 x 90 points, more than any other factor
        self.assertEqual(values["lifecycle_card_health_weakest"], "Payment: 10/100")

    def test_an_invoicing_company_links_the_last_invoice(self):
        self.company.lifecycle_purchase_source = "invoice"
        with freeze_time(self._on(12)):
            invoice = self.last_order._create_invoices()
            invoice.invoice_date = self._on(12)
            invoice.action_post()
        _view, values = self._read_form(self.accountant)
        self.assertEqual(values["lifecycle_card_last_invoice_id"]["id"], invoice.id)
        self.assertEqual(values["lifecycle_card_last_order_amount"], 250.0)
        partner = self.customer.with_company(self.company)
        self.assertFalse(partner.lifecycle_card_last_order_id, "an invoice, not an order, is the purchase")

    def test_the_card_speaks_persian(self):
        self.env["res.lang"]._activate_lang("fa_IR")
        self.env["ir.module.module"]._load_module_terms(["customer_lifecycle"], ["fa_IR"], overwrite=True)
        partner = self.customer.with_context(lang="fa_IR")
        self.assertEqual(partner.lifecycle_card_health_weakest, "پرداخت: ۱۰ از ۱۰۰")
        arch = partner.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("در یک نگاه", arch)

    def test_the_card_comes_before_any_tab(self):
        view, _values = self._read_form(self.salesman)
        arch = etree.fromstring(view["views"]["form"]["arch"])
        card = arch.xpath("//group[@name='customer_lifecycle_card']")
        self.assertTrue(card, "the card is on the form")
        following = card[0].xpath("following-sibling::*")
        self.assertEqual(following[0].tag, "notebook", "the card sits right above the notebook")
        self.assertFalse(card[0].xpath("ancestor::notebook"))

    def test_each_item_to_those_who_may_read_it(self):
        # an accountant reads the stage, the last order's amount and invoice and the
        # health, not the touch-points, the requests or the loyalty cards
        view, values = self._read_form(self.accountant)
        fields = view["models"]["res.partner"]["fields"]
        for name in ("lifecycle_card_last_order_amount", "lifecycle_card_last_invoice_id"):
            self.assertIn(name, fields)
        self.assertEqual(values["lifecycle_card_health_weakest"], "Payment: 10/100")
        for name in (
            "lifecycle_card_loyalty",
            "lifecycle_card_open_request_count",
            "lifecycle_last_touchpoint_user_id",
            "lifecycle_card_last_order_id",
        ):
            self.assertNotIn(name, fields, f"an accountant may not read {name}")
        # a plain employee sees the stage and the last order's day and amount only
        view, values = self._read_form(self.employee)
        fields = view["models"]["res.partner"]["fields"]
        self.assertEqual(values["lifecycle_card_last_order_amount"], 250.0)
        self.assertNotIn("lifecycle_card_health_weakest", fields)
        self.assertNotIn("lifecycle_card_last_invoice_id", fields)

    def test_the_form_costs_the_same_whatever_the_history(self):
        """Reading the form as the web client does (get_views, then web_read with the
        form's fields) takes as many queries with 200 history lines and touch-points as
        with 10."""
        self.assertIn(
            "lifecycle_card_open_request_count",
            self.env["res.partner"].get_views([(False, "form")])["models"]["res.partner"]["fields"],
        )
        counts = {}
        for lines in (10, 200, 10):  # the first read warms the caches
            partner = self._partner(f"History of {lines}", user_id=self.salesman.id)
            self._order(partner, 0)
            self.env["customer.lifecycle.history"].sudo().create(
                [
                    {
                        "partner_id": partner.id,
                        "to_stage_id": self.stage["customer"].id,
                        "reason": "x",
                        "rule": "manual",
                    }
                    for _ in range(lines)
                ]
            )
            self.env["customer.touchpoint"].create(
                [
                    {
                        "partner_id": partner.id,
                        "reason": "Follow-up",
                        "kind": "request" if index % 2 else "contact",
                        "date": datetime.now() - timedelta(days=1, minutes=index),
                    }
                    for index in range(lines)
                ]
            )
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            _view, values = self._read_form(self.env.user, partner)
            counts[lines] = self.env.cr.sql_log_count - before
            self.assertEqual(values["lifecycle_card_open_request_count"], lines // 2)
        self.assertEqual(counts[10], counts[200], "the form's queries do not grow with the history")


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestUntouchedFilter(LifecycleCommon):
    def test_loyal_or_advocate_without_touchpoint_in_90_days(self):
        Partner = self.env["res.partner"].with_company(self.company)
        partners = {}
        for code in ("customer", "loyal", "advocate"):
            partners[code] = self._partner(f"Untouched {code}")
            partners[code].with_company(self.company).sudo().write({"lifecycle_stage_id": self.stage[code].id})
        found = Partner.search(
            [("lifecycle_loyal_untouched", "=", True), ("id", "in", [p.id for p in partners.values()])]
        )
        self.assertEqual(found, partners["loyal"] | partners["advocate"], "advocates as well as loyal customers")
        self.assertTrue(partners["advocate"].with_company(self.company).lifecycle_loyal_untouched)
        self.assertFalse(partners["customer"].with_company(self.company).lifecycle_loyal_untouched)
        self.env["customer.touchpoint"].create({"partner_id": partners["advocate"].id, "reason": "Thanks"})
        partners["advocate"].invalidate_recordset()
        self.assertFalse(partners["advocate"].with_company(self.company).lifecycle_loyal_untouched)
        self.assertNotIn(partners["advocate"], Partner.search([("lifecycle_loyal_untouched", "=", True)]))
        label = Partner._fields["lifecycle_loyal_untouched"].string
        self.assertEqual(label, "Loyal or Advocate without Touch-point in 90 Days")


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestPartnerCardSetBased(LifecycleCommon):
    def test_one_query_per_kind_of_fact_for_the_whole_list(self):
        """The card's facts of 18 partners cost no more queries than those of 2."""
        partners = self.env["res.partner"]
        for index in range(20):
            partner = self._partner(f"Set-based {index}")
            self._order(partner, index)
            self.env["customer.touchpoint"].create({"partner_id": partner.id, "reason": "Call", "kind": "request"})
            partners |= partner
        self.env.flush_all()
        counts = []
        for some in (partners[:2], partners[2:], partners[:2]):  # the first warms the caches
            some.invalidate_recordset()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            some.read([*CARD_FIELDS, "lifecycle_last_touchpoint_user_id", "lifecycle_health_score"])
            counts.append(self.env.cr.sql_log_count - before)
        self.assertLessEqual(counts[1], counts[2], f"queries for 18 partners and for 2: {counts[1:]}")
        self.assertEqual(partners[5].lifecycle_card_open_request_count, 1)
        self.assertEqual(partners[5].lifecycle_card_last_order_amount, 100.0)
