# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""An advocate's shared link walked by an anonymous visitor: the click is counted, the
page speaks the visitor's language, its form makes a lead whose quotation and order
record the referral by code with the link's channel; every bad form is refused with a
clear sentence, and nothing tells the visitor who is whom."""

from unittest.mock import patch

from lxml import html

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, tagged

from ..tools import customer_chain as chain
from .common import welcome_program_values
from .test_migration import load_migration


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestReferralLanding(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.write({"lifecycle_purchase_source": "sale", "lifecycle_referral_reward_incentive_id": False})
        cls.env["ir.config_parameter"].sudo().set_param("web.base.url", cls.base_url())
        cls.env["loyalty.program"].search([]).write({"active": False})
        cls.product = cls.env["product.product"].create({"name": "Landing test service", "list_price": 100.0})
        stage = cls.env.ref(f"customer_lifecycle.stage_{chain.ADVOCATE}")
        cls.advocate = cls.env["res.partner"].create({"name": "Landing Azar Textiles", "is_company": True})
        cls.advocate_contact = cls.env["res.partner"].create(
            {
                "name": "Maryam Azari",
                "parent_id": cls.advocate.id,
                "email": "maryam@azar-textiles.example",
                "phone": "+98 912 555 0101",
            }
        )
        cls.person = cls.env["res.partner"].create({"name": "Sara Karimi Nejad", "email": "sara@example.com"})
        for partner in cls.advocate | cls.person:
            partner.with_company(cls.company).sudo().write({"lifecycle_stage_id": stage.id})
        Code = cls.env["customer.referral.code"]
        Code._create_codes(cls.company, (cls.advocate | cls.person).ids)
        cls.code = Code.search([("partner_id", "=", cls.advocate.id)])
        cls.person_code = Code.search([("partner_id", "=", cls.person.id)])

    def _form(self, response):
        document = html.fromstring(response.text)
        [form] = document.xpath("//form[contains(@class, 'o_lifecycle_landing_form')]")
        return form.get("action"), {field.get("name"): field.get("value") or "" for field in form.xpath(".//input")}

    def _send(self, url, **values):
        action, fields = self._form(self.url_open(url))
        return self.url_open(action, data={**fields, **values})

    def _funnel_leads(self):
        self.env.flush_all()
        row = self.env["customer.lifecycle.funnel.report"].search(
            [("company_id", "=", self.company.id), ("stage_id", "=", False)]
        )
        return row.current_count

    def _leads(self):
        return self.env["crm.lead"].search([("lifecycle_referral_code", "=", self.code.code)])

    def test_a_link_per_channel_lands_on_the_page(self):
        whatsapp = self.code._lifecycle_share_url("whatsapp")
        self.assertEqual(whatsapp, self.code._lifecycle_share_url("whatsapp"))
        self.assertNotEqual(whatsapp, self.code._lifecycle_share_url("telegram"))
        self.assertTrue(whatsapp.startswith(self.base_url() + "/r/"))
        tracker = self.code.link_tracker_ids.filtered(lambda t: t.medium_id.name == "WhatsApp")
        self.assertEqual(tracker.title, f"Referral code {self.code.code}")
        self.assertEqual(self.code._lifecycle_landing_url(), f"{self.base_url()}/referral/{self.code.code}")
        self.assertEqual(len(self.code.link_tracker_ids), 2)

    def test_the_visitor_walks_from_the_link_to_a_converted_referral(self):
        leads_before = self._funnel_leads()
        response = self.url_open(self.code._lifecycle_share_url("whatsapp"))
        self.assertEqual(response.status_code, 200)
        self.assertIn(f"/referral/{self.code.code}", response.url)
        self.assertIn("utm_medium=WhatsApp", response.url)
        tracker = self.code.link_tracker_ids.filtered(lambda t: t.medium_id.name == "WhatsApp")
        self.assertEqual(tracker.count, 1)
        self.assertIn("Landing Azar Textiles invites you to", response.text)
        # the advocate's name, none of their contact data
        for secret in ("maryam", "Maryam", "0101", "azar-textiles.example"):
            self.assertNotIn(secret, response.text)
        action, fields = self._form(response)
        self.assertEqual(fields["utm_medium"], "WhatsApp")
        sent = self.url_open(
            action, data={**fields, "name": "Kian Rahimi", "phone": "۰۹۱۲ ۱۲۳ ۴۵۶۷", "message": "Call me"}
        )
        self.assertEqual(sent.status_code, 200)
        self.assertIn("Thank you, Kian Rahimi!", sent.text)
        lead = self._leads()
        self.assertEqual(len(lead), 1)
        # the referral lead is in the funnel's "Leads" row, and a prospect to contact once due
        self.assertEqual(self._funnel_leads(), leads_before + 1)
        self.env.cr.execute(
            "UPDATE crm_lead SET create_date = NOW() - make_interval(days => %s) WHERE id = %s",
            [self.company.lifecycle_followup_days + 1, lead.id],
        )
        self.assertTrue(self.env["customer.lifecycle.prospect.contact.report"].search([("lead_id", "=", lead.id)]))
        self.assertEqual(
            (lead.contact_name, lead.phone, lead.medium_id, lead.company_id, lead.lifecycle_referral_advocate_id),
            (
                "Kian Rahimi",
                "0912 123 4567",
                self.env.ref("customer_lifecycle.utm_medium_referral_whatsapp"),
                self.company,
                self.advocate,
            ),
        )
        self.assertEqual(lead.campaign_id, self.env.ref("customer_lifecycle.utm_campaign_referral"))
        self.assertEqual(lead.source_id, self.code.utm_source_id)
        self.assertIn("Call me", lead.description)
        # the salesperson makes the quotation from the lead, as sale_crm does
        lead._handle_partner_assignment(create_missing=True)
        context = lead._prepare_opportunity_quotation_context()
        order = (
            self.env["sale.order"]
            .with_context(**context)
            .create({"order_line": [Command.create({"product_id": self.product.id, "price_unit": 100.0})]})
        )
        self.assertEqual(
            (order.lifecycle_referral_code, order.medium_id, order.source_id),
            (self.code.code, lead.medium_id, lead.source_id),
        )
        order.action_confirm()
        referral = self.env["customer.referral"].search([("referred_id", "=", lead.partner_id.id)])
        self.assertEqual(
            (referral.referrer_id, referral.origin, referral.channel, referral.state),
            (self.advocate, "code", "whatsapp", "converted"),
        )

    def test_the_walk_ends_in_a_reward_on_each_side(self):
        """The friend is e-mailed the welcome coupon when sending the form, the advocate is
        rewarded when the friend first buys."""
        welcome = self.env["loyalty.program"].create(welcome_program_values())
        dinner = self.env["customer.incentive"].create(
            {
                "name": "Dinner for two",
                "kind": "valuable_gift",
                "stage_ids": [Command.set(self.env.ref(f"customer_lifecycle.stage_{chain.ADVOCATE}").ids)],
                "unit_cost": 80.0,
            }
        )
        self.company.write(
            {"lifecycle_welcome_program_id": welcome.id, "lifecycle_referral_reward_incentive_id": dinner.id}
        )
        sent = self._send(self.code._lifecycle_share_url("telegram"), name="Kian Rahimi", email="kian@example.com")
        self.assertEqual(sent.status_code, 200)
        lead = self._leads()
        self.assertEqual(lead.lifecycle_welcome_coupon_id.program_id, welcome)
        self.assertTrue(self.env["mail.mail"].search([("email_to", "ilike", "kian@example.com")]))
        # the salesperson makes the customer and the quotation from the lead
        lead._handle_partner_assignment(create_missing=True)
        friend = lead.partner_id
        self.assertEqual(
            (lead.lifecycle_welcome_grant_id.partner_id, lead.lifecycle_welcome_grant_id.stage_id.code),
            (friend, chain.PROSPECT),
        )
        context = lead._prepare_opportunity_quotation_context()
        order = (
            self.env["sale.order"]
            .with_context(**context)
            .create({"order_line": [Command.create({"product_id": self.product.id, "price_unit": 100.0})]})
        )
        order.action_confirm()
        referral = self.env["customer.referral"].search([("referred_id", "=", friend.id)])
        self.assertEqual((referral.channel, referral.state), ("telegram", "converted"))
        reward = self.env["customer.incentive.grant"].search([("referral_id", "=", referral.id)])
        self.assertEqual((reward.partner_id, reward.incentive_id, reward.state), (self.advocate, dinner, "waiting"))

    def test_the_page_speaks_persian_right_to_left(self):
        self.env["res.lang"]._activate_lang("fa_IR")
        self.env.ref("base.module_customer_lifecycle")._update_translations("fa_IR")
        url = f"/referral/{self.person_code.code.lower()}"
        english = self.url_open(url, headers={"Accept-Language": "en-US,en;q=0.8"})
        self.assertIn('dir="ltr"', english.text)
        self.assertIn("Sara invites you to", english.text)
        self.assertNotIn("Karimi", english.text)
        persian = self.url_open(url, headers={"Accept-Language": "fa-IR,fa;q=0.9,en;q=0.5"})
        self.assertIn('dir="rtl"', persian.text)
        self.assertIn('lang="fa-IR"', persian.text)
        self.assertIn("نام شما", persian.text)
        # a refusal in the visitor's language
        refused = self._send(f"{url}?lang=fa_IR", name="", phone="09121234567")
        self.assertEqual(refused.status_code, 400)
        self.assertIn("لطفاً نام خود را بنویسید.", refused.text)
        # the switch on the page wins over the browser, and is kept for the next visit
        switched = self.url_open(f"{url}?lang=en_US", headers={"Accept-Language": "fa-IR"})
        self.assertIn("Your name", switched.text)
        again = self.url_open(url, headers={"Accept-Language": "fa-IR"})
        self.assertIn('dir="ltr"', again.text)

    def test_a_stopped_or_unknown_code_has_no_form(self):
        self.person_code.sudo().state = "stopped"
        for code in (self.person_code.code, "ZZZZ2222"):
            response = self.url_open(f"/referral/{code}")
            self.assertEqual(response.status_code, 404)
            self.assertIn("This referral link does not work any more", response.text)
            self.assertNotIn("o_lifecycle_landing_form", response.text)
            self.assertNotIn("Sara", response.text)

    def test_bad_forms_are_refused_and_make_nothing(self):
        url = f"/referral/{self.code.code}"
        cases = [
            ({"name": " ", "phone": "09121234567"}, "Please write your name."),
            ({"name": "Kian"}, "Please give a phone number or an e-mail address"),
            ({"name": "Kian", "email": "kian@"}, "“kian@” is not an e-mail address."),
            ({"name": "Kian", "phone": "call me"}, "“call me” is not a phone number."),
            ({"name": "Kian", "phone": "09121234567", "lifecycle_website": "http://spam"}, "could not be sent"),
        ]
        for values, message in cases:
            with self.subTest(values=values):
                response = self._send(url, **values)
                self.assertEqual(response.status_code, 400)
                self.assertIn(message, html.fromstring(response.text).text_content())
        self.assertFalse(self._leads())
        self.assertFalse(self.env["customer.referral.landing.hit"].search([("code_id", "=", self.code.id)]))

    def test_a_form_sent_twice_makes_one_lead(self):
        url = f"/referral/{self.code.code}"
        self.assertEqual(self._send(url, name="Kian", email="kian@example.com").status_code, 200)
        twice = self._send(url, name="Kian", email="KIAN@example.com ")
        self.assertEqual(twice.status_code, 400)
        self.assertIn("You have just sent this form", twice.text)
        self.assertEqual(len(self._leads()), 1)

    def test_one_address_sends_at_most_the_limit_an_hour(self):
        self.company.lifecycle_referral_form_limit = 2
        url = f"/referral/{self.code.code}"
        for index in range(2):
            self.assertEqual(self._send(url, name=f"Friend {index}", phone=f"0912000000{index}").status_code, 200)
        third = self._send(url, name="Friend 3", phone="09120000003")
        self.assertEqual(third.status_code, 400)
        self.assertIn("Too many forms were sent from your connection", third.text)
        self.assertEqual(len(self._leads()), 2)
        # another code is another count
        self.assertEqual(
            self._send(f"/referral/{self.person_code.code}", name="Friend 3", phone="0912").status_code, 400
        )
        self.assertEqual(
            self._send(f"/referral/{self.person_code.code}", name="Friend 3", phone="09120000003").status_code, 200
        )

    def test_the_advocates_own_entity_gets_the_neutral_answer_and_nothing(self):
        url = f"/referral/{self.code.code}"
        for values in ({"email": "Maryam@Azar-Textiles.example"}, {"phone": "0912 555 0101"}):
            with self.subTest(values=values):
                response = self._send(url, name="Maryam", **values)
                self.assertEqual(response.status_code, 200)
                self.assertIn("Thank you, Maryam!", response.text)
        self.assertFalse(self._leads())

    def test_the_migration_renames_codes_two_companies_share(self):
        other = self.env["res.company"].create({"name": "Landing Other Co"})
        partner = self.env["res.partner"].create({"name": "Other advocate", "company_id": other.id})
        cr = self.env.cr
        cr.execute("ALTER TABLE customer_referral_code DROP CONSTRAINT customer_referral_code_code_unique")
        cr.execute(
            """INSERT INTO customer_referral_code (partner_id, company_id, code, state, create_date)
               VALUES (%s, %s, %s, 'works', NOW() AT TIME ZONE 'UTC' + interval '1 minute') RETURNING id""",
            [partner.id, other.id, self.code.code],
        )
        clash = self.env["customer.referral.code"].browse(cr.fetchone()[0])
        order = self.env["sale.order"].create({"partner_id": partner.id, "company_id": other.id})
        cr.execute("UPDATE sale_order SET lifecycle_referral_code = %s WHERE id = %s", [self.code.code, order.id])
        self.env.invalidate_all()
        load_migration("1.5.0", "pre-referral-code-unique").migrate(cr, "18.0.1.4.0")
        self.env.invalidate_all()
        self.assertEqual(self.code.code, self.code.code.upper())
        self.assertNotEqual(clash.code, self.code.code)
        self.assertEqual(len(clash.code), 8)
        self.assertEqual(order.lifecycle_referral_code, clash.code)
        cr.execute("SELECT code, COUNT(*) FROM customer_referral_code GROUP BY code HAVING COUNT(*) > 1")
        self.assertFalse(cr.fetchall())

    def test_another_landing_address_records_the_click_only(self):
        self.company.lifecycle_referral_landing_url = "https://shop.example.com/welcome?lang=fa"
        url = self.code._lifecycle_share_url("telegram")
        response = self.url_open(url, allow_redirects=False)
        self.assertEqual(response.status_code, 301)
        location = response.headers["Location"]
        self.assertTrue(location.startswith("https://shop.example.com/welcome?"), location)
        for part in ("lang=fa", f"referral_code={self.code.code}", "utm_medium=Telegram", "utm_campaign="):
            self.assertIn(part, location)
        [tracker] = self.code.link_tracker_ids
        self.assertEqual(tracker.count, 1)
        # one tracker per code and channel: back on Odoo's page, the same link lands there
        self.company.lifecycle_referral_landing_url = False
        self.assertEqual(self.code._lifecycle_share_url("telegram"), url)
        self.assertEqual(tracker.url, self.code._lifecycle_landing_url())

    def test_the_referral_request_gives_the_code_and_its_link(self):
        self.advocate.email = "contact@azar-textiles.example"
        load_migration("1.5.0", "post-referral-request-link").migrate(self.env.cr, "18.0.1.4.0")
        self.env.ref("customer_lifecycle.mail_template_referral_request").invalidate_recordset()
        self.advocate._lifecycle_send_referral_requests()
        message = self.advocate.message_ids.filtered(lambda m: m.message_type == "comment")[:1]
        self.assertIn(self.code.code, message.body)
        self.assertIn(self.code._lifecycle_share_url("email"), message.body)
        [tracker] = self.code.link_tracker_ids
        self.assertEqual(tracker.medium_id, self.env.ref("utm.utm_medium_email"))

    def test_the_landing_settings_refuse_what_cannot_work(self):
        for values in (
            {"lifecycle_referral_form_limit": 0},
            {"lifecycle_referral_form_limit": -3},
            {"lifecycle_referral_landing_url": "shop.example.com"},
            {"lifecycle_referral_landing_url": "javascript:alert(1)"},
        ):
            with self.subTest(values=values), self.assertRaises(ValidationError), self.env.cr.savepoint():
                self.company.write(values)

    def test_the_sent_forms_are_kept_a_day(self):
        Hit = self.env["customer.referral.landing.hit"]
        old, new = Hit.create(
            [{"code_id": self.code.id, "address": "10.0.0.1", "fingerprint": key} for key in ("a", "b")]
        )
        self.env.cr.execute(
            "UPDATE customer_referral_landing_hit SET create_date = NOW() - interval '25 hours' WHERE id = %s",
            [old.id],
        )
        Hit._gc_landing_hits()
        self.assertEqual(Hit.search([("code_id", "=", self.code.id)]), new)

    def _quotation_from(self, lead):
        lead._handle_partner_assignment(create_missing=True)
        return (
            self.env["sale.order"]
            .with_context(**lead._prepare_opportunity_quotation_context())
            .create({"order_line": [Command.create({"product_id": self.product.id, "price_unit": 100.0})]})
        )

    def test_a_landing_referral_goes_through_the_fraud_review(self):
        # a friend at the advocate's own company domain: a lead, but the referral waits
        sent = self._send(
            f"/referral/{self.code.code}?utm_medium=Telegram", name="Ali", email="ali@azar-textiles.example"
        )
        self.assertEqual(sent.status_code, 200)
        order = self._quotation_from(self._leads())
        order.action_confirm()
        referral = self.env["customer.referral"].search([("referred_id", "=", order.partner_id.id)])
        self.assertEqual((referral.origin, referral.channel, referral.state), ("code", "telegram", "to_review"))

    def test_where_invoices_count_the_referral_converts_at_the_invoice(self):
        self.company.lifecycle_purchase_source = "invoice"
        # the fixture's advocate has no invoice: recomputed, it is no longer one; its code works on
        self.code.sudo().state = "works"
        self._send(f"/referral/{self.code.code}?utm_medium=SMS", name="Dara", phone="09127654321")
        order = self._quotation_from(self._leads())
        order.action_confirm()
        referral = self.env["customer.referral"].search([("referred_id", "=", order.partner_id.id)])
        self.assertEqual((referral.origin, referral.channel, referral.state), ("code", "sms", "new"))
        order._create_invoices().action_post()
        self.assertEqual(referral.state, "converted")

    def test_a_form_sent_to_a_stopped_code_makes_nothing(self):
        action, fields = self._form(self.url_open(f"/referral/{self.person_code.code}"))
        self.person_code.sudo().state = "stopped"
        response = self.url_open(action, data={**fields, "name": "Kian", "phone": "09121234567"})
        self.assertEqual(response.status_code, 404)
        self.assertIn("This referral link does not work any more", response.text)
        self.assertFalse(self.env["crm.lead"].search([("lifecycle_referral_code", "=", self.person_code.code)]))

    def test_a_lead_that_cannot_be_made_leaves_nothing(self):
        refusal = "no lead today (a welcome reward that cannot be given, say)"

        def refuse(self, code, values):
            raise UserError(refusal)

        logger = "odoo.addons.customer_lifecycle.models.customer_referral_landing_hit"
        with (
            patch.object(type(self.env["crm.lead"]), "_lifecycle_create_from_referral_landing", refuse),
            self.assertLogs(logger, "WARNING") as logs,  # the administrator's log says why
        ):
            response = self._send(f"/referral/{self.code.code}", name="Kian", phone="09121234567")
        self.assertIn(refusal, logs.output[0])
        self.assertEqual(response.status_code, 400)
        self.assertIn("Your form could not be recorded just now", response.text)
        self.assertFalse(self.env["customer.referral.landing.hit"].search([("code_id", "=", self.code.id)]))
