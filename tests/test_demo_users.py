# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""A demo user for every role, and each one's day in the demo, as that user."""

from odoo.tests import Form, HttpCase, TransactionCase, tagged

# login (= password), the group that makes the role
DEMO_USERS = {
    "salesperson": "sales_team.group_sale_salesman",
    "keyaccount": "sales_team.group_sale_salesman_all_leads",
    "senior": "customer_lifecycle.group_lifecycle_senior",
    "accountant": "account.group_account_invoice",
    "leila.azari": "base.group_portal",
}


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestDemoUsers(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.salesperson = ref("customer_lifecycle.user_demo_salesperson")
        cls.key_account_manager = ref("customer_lifecycle.user_demo_key_account")
        cls.senior = ref("customer_lifecycle.user_demo_senior")
        cls.accountant = ref("customer_lifecycle.user_demo_accountant")

    def test_every_role_has_its_user(self):
        Users = self.env["res.users"].with_context(active_test=False)
        for login, group in DEMO_USERS.items():
            user = Users.search([("login", "=", login)])
            self.assertTrue(user.has_group(group), login)
        self.assertFalse(self.salesperson.has_group("sales_team.group_sale_salesman_all_leads"))
        self.assertFalse(self.accountant.has_group("customer_lifecycle.group_lifecycle_user"))

    def test_the_salesperson_quotes_confirms_and_logs_a_touchpoint_for_their_customer(self):
        customer = self.env.ref("customer_lifecycle.customer_golrang").with_user(self.salesperson)
        self.assertEqual(customer.user_id, self.salesperson)
        with Form(self.env["sale.order"].with_user(self.salesperson)) as form:
            form.partner_id = customer
            with form.order_line.new() as line:
                line.product_id = self.env.ref("customer_lifecycle.demo_product_consulting")
        order = form.record
        self.assertEqual(order.user_id, self.salesperson)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        action = customer.action_lifecycle_log_touchpoint()
        with Form(self.env["customer.touchpoint"].with_user(self.salesperson).with_context(**action["context"])) as tp:
            tp.reason = "Delivery date of the new order"
            tp.sentiment = "positive"
        customer.invalidate_recordset()
        self.assertEqual(customer.lifecycle_last_touchpoint_user_id, self.salesperson)
        self.assertEqual(customer.lifecycle_last_touchpoint_sentiment, "positive")

    def test_the_key_account_manager_edits_their_plan(self):
        account = self.env.ref("customer_lifecycle.advocate_pars").with_user(self.key_account_manager)
        self.assertEqual(account.lifecycle_key_account_manager_id, self.key_account_manager)
        plan = account.lifecycle_plan_id
        self.assertEqual((plan.manager_id, plan.sponsor_id), (self.key_account_manager, self.senior))
        # the plan is approved: its execution is followed, its content changes in a revision
        plan.tactic_ids[:1].status = "doing"
        revision = plan.browse(plan.action_revise()["res_id"])
        revision.write({"budget": 4500})
        revision.invalidate_recordset()
        self.assertRecordValues(
            revision, [{"state": "draft", "budget": 4500, "manager_id": self.key_account_manager.id}]
        )

    def test_the_accountant_reads_the_partner_lifecycle_figures(self):
        partner = self.env.ref("customer_lifecycle.loyal_azadi").with_user(self.accountant)
        partner.invalidate_recordset()
        self.assertEqual(partner.lifecycle_stage_code, "loyal")
        self.assertGreaterEqual(partner.lifecycle_purchase_count, 3)
        self.assertGreater(partner.lifecycle_history_count, 0)
        self.assertIsInstance(partner.lifecycle_incentive_cost, float)


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestDemoLogins(HttpCase):
    def test_every_demo_user_logs_in_with_their_login_as_password(self):
        for login in DEMO_USERS:
            self.authenticate(login, login)
            self.assertEqual(self.session.login, login)

    def test_the_portal_advocate_reads_her_referrals(self):
        self.authenticate("leila.azari", "leila.azari")
        response = self.url_open("/my/referrals")
        self.assertEqual(response.status_code, 200)
        self.assertIn("AZR7K2QM", response.text)

    def test_the_salesperson_logs_a_first_touchpoint_from_the_customer_in_the_browser(self):
        salesperson = self.env.ref("customer_lifecycle.user_demo_salesperson")
        client = self.env["res.partner"].create(
            {"name": "Tour Salesperson Client", "is_company": True, "user_id": salesperson.id}
        )
        self.start_tour(
            f"/odoo/action-customer_lifecycle.res_partner_action_customer_lifecycle/{client.id}",
            "customer_lifecycle_salesperson_tour",
            login="salesperson",
        )
        touchpoint = self.env["customer.touchpoint"].search([("partner_id", "=", client.id)])
        self.assertEqual((touchpoint.user_id, touchpoint.channel), (salesperson, "visit"))
