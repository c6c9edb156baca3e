# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The friend's welcome reward: a coupon e-mailed to whoever sends an advocate's landing
form, valid on their first order only, never to an existing customer nor twice to one
entity; a grant at the prospect stage once the lead has a partner."""

from lxml import html

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, tagged

from .common import LifecycleCommon, welcome_program_values


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestReferralWelcome(LifecycleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["loyalty.program"].search([]).write({"active": False})
        cls.welcome = cls.env["loyalty.program"].create(welcome_program_values())
        cls.company.lifecycle_welcome_program_id = cls.welcome

    def _lead(self, name="Sara Friend", email="sara.friend@example.com", phone=False, **values):
        return self.env["crm.lead"].create(
            {"name": f"Referral: {name}", "contact_name": name, "email_from": email, "phone": phone, **values}
        )

    def _welcome_mails(self, email):
        return self.env["mail.mail"].search([("email_to", "ilike", email)])

    def test_only_a_coupons_program_is_a_welcome_reward(self):
        promotion = self._discount_program("Spring promotion")
        with self.assertRefused(ValidationError, "must be a coupons program") as caught:
            self.company.lifecycle_welcome_program_id = promotion
        self.assertIn("Spring promotion", str(caught.exception))
        self.assertEqual(self.company.lifecycle_welcome_program_id, self.welcome)

    def test_a_friend_is_emailed_a_coupon_of_the_welcome_program(self):
        lead = self._lead()
        lead._lifecycle_send_welcome_coupon()
        coupon = lead.lifecycle_welcome_coupon_id
        self.assertEqual(coupon.program_id, self.welcome)
        self.assertEqual(coupon.points, 1.0)
        [mail] = self._welcome_mails("sara.friend@example.com")
        self.assertIn(coupon.code, mail.body_html)
        self.assertIn("first order", mail.body_html)
        # sending again (the same lead) sends nothing more
        lead._lifecycle_send_welcome_coupon()
        self.assertEqual(len(self._welcome_mails("sara.friend@example.com")), 1)

    def test_a_persian_friend_reads_the_coupon_mail_in_persian(self):
        self.env["res.lang"]._activate_lang("fa_IR")
        self.env["ir.module.module"]._load_module_terms(["customer_lifecycle"], ["fa_IR"], overwrite=True)
        lead = self._lead(lang_id=self.env["res.lang"]._lang_get("fa_IR").id)
        lead._lifecycle_send_welcome_coupon()
        [mail] = self._welcome_mails("sara.friend@example.com")
        self.assertIn("هدیهٔ خوشامدی برایتان داریم", mail.body_html)
        self.assertIn(lead.lifecycle_welcome_coupon_id.code, mail.body_html)
        self.assertIn("هدیهٔ خوشامد شما از", mail.subject)

    def test_no_coupon_without_a_welcome_program(self):
        self.company.lifecycle_welcome_program_id = False
        lead = self._lead()
        lead._lifecycle_send_welcome_coupon()
        self.assertFalse(lead.lifecycle_welcome_coupon_id)
        self.assertFalse(self._welcome_mails("sara.friend@example.com"))

    def test_an_existing_customer_gets_no_coupon(self):
        customer = self._partner("Kian Electric", email="buyer@kian.example")
        self.env["res.partner"].create({"name": "Reza", "parent_id": customer.id, "phone": "+98 912 555 0101"})
        self._order(customer, 0)
        for values in ({"email": "Buyer@Kian.example"}, {"email": "other@example.com", "phone": "0912-555-0101"}):
            lead = self._lead(**values)
            lead._lifecycle_send_welcome_coupon()
            self.assertFalse(lead.lifecycle_welcome_coupon_id)
            self.assertIn("already a customer", lead.message_ids[0].body)
        self.assertFalse(self.env["loyalty.card"].search([("program_id", "=", self.welcome.id)]))

    def test_never_twice_to_one_address_nor_to_one_entity(self):
        first = self._lead()
        first._lifecycle_send_welcome_coupon()
        again = self._lead(email="SARA.friend@example.com")
        again._lifecycle_send_welcome_coupon()
        self.assertFalse(again.lifecycle_welcome_coupon_id)
        self.assertIn("welcomed before", again.message_ids[0].body)
        # another address of the same company: the coupon goes out, but once both leads
        # have the company as partner, the second coupon is taken back
        clinic = self._partner("Pars Clinic")
        other = self._lead(name="Ali Friend", email="ali@parsclinic.example")
        other._lifecycle_send_welcome_coupon()
        self.assertTrue(other.lifecycle_welcome_coupon_id)
        first.partner_id = clinic
        other.partner_id = self.env["res.partner"].create({"name": "Ali", "parent_id": clinic.id})
        self.assertTrue(first.lifecycle_welcome_grant_id)
        self.assertFalse(other.lifecycle_welcome_grant_id)
        self.assertEqual(other.lifecycle_welcome_coupon_id.points, 0.0)
        self.assertEqual(
            self.env["customer.incentive.grant"].search_count([("coupon_id.program_id", "=", self.welcome.id)]), 1
        )

    def test_the_coupon_becomes_a_prospect_grant_measured_in_the_indicators(self):
        self.env["res.lang"]._activate_lang("fa_IR")
        self.welcome.update_field_translations("name", {"fa_IR": "خوشامد: ۱۰٪ تخفیف نخستین سفارش"})
        lead = self._lead()
        lead._lifecycle_send_welcome_coupon()
        self.assertFalse(lead.lifecycle_welcome_grant_id)
        friend = self._partner("Sara Friend Studio")
        lead.partner_id = friend
        grant = lead.lifecycle_welcome_grant_id
        self.assertEqual(
            (grant.partner_id, grant.state, grant.stage_id, grant.coupon_id),
            (friend, "given", self.stage["prospect"], lead.lifecycle_welcome_coupon_id),
        )
        self.assertEqual(grant.incentive_id.name, self.welcome.name)
        # the incentive reads as its program in every language: the Persian PDF says it in Persian
        self.assertEqual(grant.incentive_id.with_context(lang="fa_IR").name, "خوشامد: ۱۰٪ تخفیف نخستین سفارش")
        self.assertEqual(grant.incentive_id.stage_ids, self.stage["prospect"])
        self.assertEqual(lead.lifecycle_welcome_coupon_id.partner_id, friend)
        self.env.flush_all()
        [row] = self.env["customer.lifecycle.indicator.report"].search([("grant_id", "=", grant.id)])
        self.assertEqual((row.partner_id, row.stage_id), (friend, self.stage["prospect"]))

    def test_the_coupon_is_valid_on_the_first_order_only(self):
        lead = self._lead()
        lead._lifecycle_send_welcome_coupon()
        code = lead.lifecycle_welcome_coupon_id.code
        friend = self._partner("Sara Friend Studio")
        lead.partner_id = friend
        first = self._order(friend, 0, state="draft")
        self.assertNotIn("error", first._try_apply_code(code))
        first._apply_program_reward(self.welcome.reward_ids, lead.lifecycle_welcome_coupon_id)
        self.assertTrue(first.order_line.filtered("reward_id"))
        self.assertEqual(first.amount_untaxed, 90.0)
        # the same code on a later order of a customer who already bought is refused
        self._order(friend, 1)
        later = self._order(friend, 2, state="draft")
        result = later._try_apply_code(code)
        self.assertIn("first order", result.get("error", ""))

    def test_the_demo_friend_used_her_welcome_coupon_on_her_first_order(self):
        lead = self.env.ref("customer_lifecycle.demo_welcome_lead")
        coupon = lead.lifecycle_welcome_coupon_id
        self.assertEqual(coupon.program_id, self.env.ref("customer_lifecycle.demo_welcome_program"))
        self.assertEqual(lead.lifecycle_welcome_grant_id.stage_id, self.stage["prospect"])
        order = self.env.ref("customer_lifecycle.demo_welcome_order")
        self.assertEqual(order.state, "sale")
        [line] = order.order_line.filtered("reward_id")
        self.assertEqual((line.coupon_id, line.price_subtotal), (coupon, -45.0))
        self.assertEqual(coupon.points, 0.0, "used once, on the first order")

    def test_nobody_writes_the_welcome_coupon_by_hand(self):
        lead = self._lead()
        coupon = self.env["loyalty.card"].create({"program_id": self.welcome.id, "points": 1})
        with self.assertRefused(UserError, "cannot be changed by hand"):
            lead.with_user(self.salesman).write({"lifecycle_welcome_coupon_id": coupon.id})


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestReferralWelcomeLanding(HttpCase):
    """The landing form walked by anonymous visitors: a newcomer is e-mailed the coupon,
    a customer is not, and both read the same answer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.env["ir.config_parameter"].sudo().set_param("web.base.url", cls.base_url())
        cls.env["loyalty.program"].search([]).write({"active": False})
        cls.welcome = cls.env["loyalty.program"].create(
            {
                "name": "Welcome: 10% off your first order",
                "program_type": "coupons",
                "trigger": "with_code",
                "reward_ids": [Command.create({"reward_type": "discount", "discount": 10, "required_points": 1})],
            }
        )
        cls.company.lifecycle_welcome_program_id = cls.welcome
        advocate = cls.env["res.partner"].create({"name": "Welcome Azar Textiles", "is_company": True})
        advocate.with_company(cls.company).sudo().lifecycle_stage_id = cls.env.ref("customer_lifecycle.stage_advocate")
        Code = cls.env["customer.referral.code"]
        Code._create_codes(cls.company, advocate.ids)
        cls.code = Code.search([("partner_id", "=", advocate.id)])
        cls.customer = cls.env["res.partner"].create({"name": "Nima Customer", "email": "nima@example.com"})
        product = cls.env["product.product"].create({"name": "Welcome test service", "list_price": 100.0})
        order = cls.env["sale.order"].create(
            {"partner_id": cls.customer.id, "order_line": [Command.create({"product_id": product.id})]}
        )
        order.action_confirm()

    def _send(self, **values):
        page = self.url_open(f"/referral/{self.code.code}")
        self.assertIn("welcome gift: “Welcome: 10% off your first order”", page.text)
        [form] = html.fromstring(page.text).xpath("//form[contains(@class, 'o_lifecycle_landing_form')]")
        fields = {field.get("name"): field.get("value") or "" for field in form.xpath(".//input")}
        return self.url_open(form.get("action"), data={**fields, "name": "Nima", **values})

    def _answer(self, response):
        self.assertEqual(response.status_code, 200)
        return " ".join(html.fromstring(response.text).xpath("//body")[0].text_content().split())

    def test_a_newcomer_gets_the_coupon_a_customer_the_same_answer_only(self):
        newcomer = self._answer(self._send(email="nima.new@example.com"))
        lead = self.env["crm.lead"].search([("email_from", "=", "nima.new@example.com")])
        self.assertEqual(lead.lifecycle_referral_code, self.code.code)
        coupon = lead.lifecycle_welcome_coupon_id
        self.assertEqual(coupon.program_id, self.welcome)
        [mail] = self.env["mail.mail"].search([("email_to", "=", "nima.new@example.com")])
        self.assertIn(coupon.code, mail.body_html)
        customer = self._answer(self._send(email="Nima@example.com"))
        self.assertEqual(customer, newcomer, "the page tells nobody whether they are a customer")
        lead = self.env["crm.lead"].search([("email_from", "=", "Nima@example.com")])
        self.assertTrue(lead)
        self.assertFalse(lead.lifecycle_welcome_coupon_id)
        self.assertFalse(self.env["mail.mail"].search([("email_to", "ilike", "nima@example.com")]))
        self.assertEqual(self.env["loyalty.card"].search_count([("program_id", "=", self.welcome.id)]), 1)
