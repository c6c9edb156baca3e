# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The salesperson's path from the partner form: log a touch-point, read the last contact,
see the health move at once, and a referral code that says whose it is."""

from datetime import datetime, time, timedelta

from lxml import etree

from odoo import Command
from odoo.tests import Form, freeze_time, tagged

from .common import LifecycleCommon
from .test_migration import load_migration


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestSalespersonPath(LifecycleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_s = cls._company("Salesperson Path Co")
        cls.salesman.company_ids |= cls.company_s
        cls.customer = cls._partner("Golrang Home", user_id=cls.salesman.id)
        cls.other = cls._partner("Maple & Finch Bakery", user_id=cls.salesman.id)
        for partner in (cls.customer, cls.other):
            cls._order(partner, 0, company=cls.company_s)
        cls.today = cls.day0 + timedelta(days=10)
        with freeze_time(cls.today):
            cls.engine._recompute_all(cls.company_s)
            cls.env["customer.lifecycle.health"]._recompute_all(cls.company_s)

    def _as_salesman(self, partner):
        return partner.with_user(self.salesman).with_company(self.company_s)

    def _touch(self, partner, moment, now=None, **values):
        with freeze_time(now or self.today):
            return (
                self.env["customer.touchpoint"]
                .with_user(self.salesman)
                .with_company(self.company_s)
                .create(
                    {
                        "partner_id": partner.id,
                        "company_id": self.company_s.id,
                        "reason": "Follow-up call",
                        "date": moment,
                        **values,
                    }
                )
            )

    def test_the_form_reads_a_survey_answer_as_the_last_contact(self):
        # the channel a survey answer adds to the touch-points (the salesperson's form failed on it)
        self.env["customer.touchpoint"].with_company(self.company_s).create(
            {
                "partner_id": self.customer.id,
                "company_id": self.company_s.id,
                "reason": "Satisfaction survey",
                "date": datetime.combine(self.today, time(8)),
                "channel": "survey",
                "satisfaction_score": 9,
            }
        )
        self.env["res.lang"]._activate_lang("fa_IR")
        self.env["ir.module.module"]._load_module_terms(["customer_lifecycle"], ["fa_IR"], overwrite=True)
        form = self._as_salesman(self.customer).with_context(lang="fa_IR")
        data = form.web_read({"lifecycle_last_touchpoint_channel": {}})[0]
        self.assertEqual(data["lifecycle_last_touchpoint_channel"], "survey")
        labels = dict(
            form.fields_get(["lifecycle_last_touchpoint_channel"])["lifecycle_last_touchpoint_channel"]["selection"]
        )
        self.assertEqual(labels["survey"], "نظرسنجی")

    def test_log_a_touchpoint_opens_its_form_for_the_partner_in_a_dialog(self):
        contact = self.env["res.partner"].create({"name": "Sara Karimi", "parent_id": self.customer.id})
        action = self._as_salesman(contact).action_lifecycle_log_touchpoint()
        self.assertEqual((action["res_model"], action["target"]), ("customer.touchpoint", "new"))
        Touchpoint = self.env["customer.touchpoint"].with_user(self.salesman).with_company(self.company_s)
        with freeze_time(self.today), Form(Touchpoint.with_context(**action["context"])) as form:
            self.assertEqual(form.partner_id, contact)
            form.reason = "First call"
        self.assertEqual(form.record.commercial_partner_id, self.customer)
        self.assertEqual(self._as_salesman(self.customer).lifecycle_touchpoint_count, 1)

    def test_the_form_offers_the_button_and_the_smart_button_at_zero_in_the_app(self):
        arch = etree.fromstring(self.env["res.partner"].with_user(self.salesman).get_view(view_type="form")["arch"])
        self.assertTrue(arch.xpath("//header/button[@name='action_lifecycle_log_touchpoint']"))
        smart = arch.xpath("//button[@name='action_view_lifecycle_touchpoints']")[0]
        self.assertIn("customer_lifecycle_app", smart.get("invisible"))
        action = self.env.ref("customer_lifecycle.res_partner_action_customer_lifecycle")
        self.assertIn("'customer_lifecycle_app': True", action.context)

    def test_the_last_contact_says_who_when_how_and_how_it_went(self):
        self._touch(self.customer, datetime.combine(self.day0, time(9)), channel="email", sentiment="negative")
        self._touch(
            self.customer,
            datetime.combine(self.day0 + timedelta(days=2), time(9)),
            channel="visit",
            sentiment="positive",
            result="Ordered a second desk.",
        )
        self._touch(self.other, datetime.combine(self.day0 + timedelta(days=1), time(9)), channel="phone")
        partners = self._as_salesman(self.customer | self.other)
        partners.invalidate_recordset()
        with self.assertQueryCount(__system__=3):  # the touch-points, the last of each, their values
            values = [
                (
                    partner.lifecycle_last_touchpoint_user_id,
                    partner.lifecycle_last_touchpoint_channel,
                    partner.lifecycle_last_touchpoint_sentiment,
                    partner.lifecycle_last_touchpoint_result,
                )
                for partner in partners.sudo()
            ]
        self.assertEqual(
            values,
            [
                (self.salesman, "visit", "positive", "Ordered a second desk."),
                (self.salesman, "phone", "neutral", False),
            ],
        )
        self.assertEqual(
            partners[0].lifecycle_last_touchpoint_date, datetime.combine(self.day0 + timedelta(days=2), time(9))
        )

    def test_a_touchpoint_scores_the_health_of_its_customer_at_once(self):
        health = self.env["customer.lifecycle.health"].search(
            [("partner_id", "in", (self.customer | self.other).ids), ("company_id", "=", self.company_s.id)]
        )
        self.assertEqual(len(health), 2)
        mine, theirs = (
            health.filtered(lambda h: h.partner_id == self.customer),
            health - health.filtered(lambda h: h.partner_id == self.customer),
        )
        self.assertEqual(mine.sentiment_part, 50)  # no touch-point yet: neutral
        before = theirs.computed_at
        self.assertTrue(before)
        self._touch(
            self.customer,
            datetime.combine(self.today, time(1)),
            now=datetime.combine(self.today, time(5)),
            sentiment="positive",
        )
        health.invalidate_recordset()
        self.assertEqual(mine.sentiment_part, 100)
        self.assertGreater(mine.computed_at, before)
        self.assertEqual(theirs.computed_at, before)  # the other customer is left alone
        card = self._as_salesman(self.customer)
        self.assertEqual(card.lifecycle_health_computed_at, mine.computed_at)

    def test_the_upgrade_dates_the_scores_stored_before_it(self):
        health = self.env["customer.lifecycle.health"].search([("company_id", "=", self.company_s.id)])
        health.flush_recordset()
        self.env.cr.execute("UPDATE customer_lifecycle_health SET computed_at = NULL WHERE id = ANY(%s)", [health.ids])
        load_migration("18.0.1.4.0", "post-health-scored-at").migrate(self.env.cr, "18.0.1.3.0")
        health.invalidate_recordset()
        self.assertEqual(health.mapped("computed_at"), health.mapped("write_date"))


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestReferralCodeSaysWhose(LifecycleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.advocate = cls._partner("Azar Textiles")
        cls.code = cls.env["customer.referral.code"].create(
            {"partner_id": cls.advocate.id, "company_id": cls.company.id, "code": "TST7K2QM"}
        )
        cls.newcomer = cls._partner("Pars Medical", user_id=cls.salesman.id)

    def _quotation(self, code):
        return (
            self.env["sale.order"]
            .with_user(self.salesman)
            .create(
                {
                    "partner_id": self.newcomer.id,
                    "lifecycle_referral_code": code,
                    "order_line": [Command.create({"product_id": self.product.id, "price_unit": 100.0})],
                }
            )
        )

    def _persian(self):
        self.env["res.lang"]._activate_lang("fa_IR")
        self.env["ir.module.module"]._load_module_terms(["customer_lifecycle"], ["fa_IR"], overwrite=True)

    def _code_lines(self, order):
        on_order = order.message_ids.filtered(lambda m: "TST7K2QM" in (m.body or ""))
        on_advocate = self.advocate.message_ids.filtered(lambda m: order.name in (m.body or ""))
        return on_order, on_advocate

    def test_a_valid_code_names_its_advocate_and_confirming_tells_both_chatters(self):
        self.assertEqual(self.code.state, "works")
        order = self._quotation("tst7 k2qm")
        self.assertEqual(order.lifecycle_referral_advocate_id, self.advocate)
        order.action_confirm()
        on_order, on_advocate = self._code_lines(order)
        self.assertEqual(len(on_order), 1)
        self.assertIn("Referral code TST7K2QM of Azar Textiles: Pars Medical is recorded", on_order.body)
        self.assertEqual(len(on_advocate), 1)
        self.assertIn("Pars Medical came with this advocate's referral code TST7K2QM", on_advocate.body)

    def test_the_lines_are_in_the_language_of_the_user_who_confirms(self):
        self._persian()
        self.salesman.lang = "fa_IR"
        order = self._quotation("TST7K2QM")
        order.action_confirm()
        on_order, on_advocate = self._code_lines(order)
        self.assertIn("کد معرفی TST7K2QM از Azar Textiles", on_order.body)
        self.assertIn("با کد معرفی TST7K2QM این مشتری بازاریاب آمد", on_advocate.body)

    def test_a_job_writes_them_in_the_company_partners_language(self):
        self._persian()
        self.company.partner_id.lang = "fa_IR"
        order = self._quotation("TST7K2QM").sudo().with_user(self.env.ref("base.user_root"))
        order.action_confirm()
        on_order, _on_advocate = self._code_lines(order)
        self.assertIn("کد معرفی TST7K2QM از Azar Textiles", on_order.body)

    def test_a_code_that_no_longer_works_names_nobody(self):
        self.code.sudo().state = "stopped"
        order = self.env["sale.order"].new({"partner_id": self.newcomer.id, "lifecycle_referral_code": "TST7K2QM"})
        self.assertFalse(order.lifecycle_referral_advocate_id)
