# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The chain holds customers, not the company: the company's own partners and its users'
are outside it; and one count of partners at a stage, that the kanban, the funnel and the
goals share."""

from lxml import etree

from odoo.tests import freeze_time, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import LifecycleCommon
from .test_migration import load_migration


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestOutsideChain(LifecycleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_o = cls._company("Outside Co")
        cls.own = cls.company_o.partner_id
        cls.own_contact = cls.env["res.partner"].create({"name": "Own accountant", "parent_id": cls.own.id})
        cls.buyer = cls._partner("Buyer (customer)")
        cls.newcomer = cls._partner("Newcomer (prospect)")
        cls._order(cls.buyer, 0, company=cls.company_o)
        # the company's own partner buys from it too (an internal order): still outside
        cls._order(cls.own, 0, company=cls.company_o)
        cls.env["customer.lifecycle.engine"]._backfill(cls.company_o)

    def _kanban_counts(self, company, user=None):
        """{stage code: count} of the Customers kanban of ``company``, as the web client groups it."""
        action = self.env.ref("customer_lifecycle.res_partner_action_customer_lifecycle")
        Partner = self.env["res.partner"].with_user(user or self.env.user).with_company(company)
        Partner = Partner.with_context(allowed_company_ids=[company.id])
        groups = Partner._read_group(safe_eval(action.domain), ["lifecycle_stage_id"], ["__count"])
        return {stage.code: count for stage, count in groups if stage}

    def _kanban_ids(self, company):
        action = self.env.ref("customer_lifecycle.res_partner_action_customer_lifecycle")
        Partner = self.env["res.partner"].with_company(company).with_context(allowed_company_ids=[company.id])
        return set(Partner.search(safe_eval(action.domain)).ids)

    def _funnel_now(self, company):
        Report = self.env["customer.lifecycle.funnel.report"]
        Report.invalidate_model()
        rows = Report.search([("company_id", "=", company.id)])
        return {row.stage_id.code: row.current_count for row in rows if row.stage_id and row.current_count}

    def test_the_company_its_contacts_and_users_have_no_stage(self):
        user = new_test_user(self.env, login="cl_outside_new", groups="base.group_user")
        partners = self.own | self.own_contact | user.partner_id | self.env.user.partner_id
        for partner in partners:
            with self.subTest(partner=partner.name):
                self.assertFalse(self._stage(partner, self.company_o))
                self.assertFalse(self._stage(partner, self.company))
                self.assertFalse(partner.lifecycle_in_chain)
        self.assertFalse(any(partners.with_company(self.company_o).mapped("lifecycle_purchase_count")))
        self.assertTrue(self.buyer.lifecycle_in_chain)
        self.assertEqual(self._stage(self.buyer, self.company_o), "customer")
        self.assertEqual(self._stage(self.newcomer, self.company_o), "prospect")
        shown = self._kanban_ids(self.company_o)
        self.assertFalse(shown & set(partners.ids))
        self.assertTrue({self.buyer.id, self.newcomer.id} <= shown)

    def test_a_portal_user_stays_in_the_chain(self):
        portal = new_test_user(self.env, login="cl_outside_portal", groups="base.group_portal")
        self.assertTrue(portal.partner_id.lifecycle_in_chain)
        self.assertEqual(self._stage(portal.partner_id, self.company_o), "prospect")

    def test_no_health_score_and_no_referral_code_outside(self):
        self.env["customer.lifecycle.health"]._recompute_all(self.company_o)
        Health = self.env["customer.lifecycle.health"]
        self.assertTrue(Health.search([("partner_id", "=", self.buyer.id), ("company_id", "=", self.company_o.id)]))
        self.assertFalse(Health.search([("partner_id", "in", (self.own | self.own_contact).ids)]))
        Code = self.env["customer.referral.code"]
        Code._create_codes(self.company_o, [self.own.id, self.buyer.id])
        self.assertEqual(Code.search([("company_id", "=", self.company_o.id)]).partner_id, self.buyer)

    def test_counts_agree_kanban_funnel_and_goal(self):
        kanban = self._kanban_counts(self.company_o)
        self.assertEqual(kanban, {"prospect": kanban["prospect"], "customer": 1})
        self.assertEqual(self._funnel_now(self.company_o), kanban)
        # the demo company: the kanban and the funnel agree too, the company and its users left out
        self.env["customer.lifecycle.engine"]._recompute_all(self.company)
        kanban = self._kanban_counts(self.company)
        self.assertEqual(self._funnel_now(self.company), kanban)
        self.assertTrue(kanban.get("loyal") and kanban.get("advocate"))  # the demo has some of each
        goal = self.env["customer.lifecycle.goal"].create(
            {"name": "This year", "company_id": self.company.id, "date_start": self._on(0), "date_end": self._on(364)}
        )
        self.assertEqual((goal.actual_loyal, goal.actual_advocates), (kanban["loyal"], kanban["advocate"]))

    def test_the_funnel_starts_with_every_prospect(self):
        Report = self.env["customer.lifecycle.funnel.report"]
        rows = Report.search([("company_id", "=", self.company_o.id)])
        self.assertEqual(rows.stage_id.mapped("code")[:2], ["prospect", "customer"])  # the chain's order
        prospect = rows.filtered(lambda row: row.stage_id.code == "prospect")
        # the newcomer (and every other prospect now) and the buyer, who became a customer
        self.assertEqual(prospect.reached_count, prospect.current_count + 1)
        self.assertEqual(prospect.converted_count, 1)

    def test_a_partner_not_scored_reads_not_scored(self):
        self.env["customer.lifecycle.health"]._recompute_all(self.company_o)
        newcomer = self.newcomer.with_company(self.company_o)
        self.assertFalse(newcomer.lifecycle_health_id)
        self.assertEqual(newcomer.lifecycle_health_band, "not_scored")
        self.assertFalse(self.own.with_company(self.company_o).lifecycle_health_band)
        self.assertTrue(
            self.buyer.with_company(self.company_o).lifecycle_health_band in ("healthy", "watch", "at_risk")
        )
        arch = etree.fromstring(
            self.env["res.partner"].get_view(
                self.env.ref("customer_lifecycle.res_partner_view_list_customer_lifecycle").id, "list"
            )["arch"]
        )
        score = arch.xpath("//field[@name='lifecycle_health_score']")[0]
        self.assertIn("lifecycle_health_id", score.get("invisible"))
        self.assertTrue(arch.xpath("//field[@name='lifecycle_health_band']"))

    def test_the_migration_clears_what_the_backfill_gave(self):
        stage = self.stage["advocate"]
        key = str(self.company_o.id)
        self.env.cr.execute(
            "UPDATE res_partner SET lifecycle_stage_id = jsonb_build_object(%s, %s) WHERE id = %s",
            (key, stage.id, self.own_contact.id),
        )
        self.env["customer.referral.code"].sudo().create(
            {"partner_id": self.own_contact.id, "company_id": self.company_o.id, "code": "WNCDE2XY"}
        )
        self.assertEqual(self._stage(self.own_contact, self.company_o), "advocate")
        load_migration("18.0.1.4.0", "post-outside_chain").migrate(self.env.cr, "18.0.1.3.0")
        self.assertFalse(self._stage(self.own_contact, self.company_o))
        self.assertFalse(self.env["customer.referral.code"].search([("partner_id", "=", self.own_contact.id)]))

    def test_the_funnel_reads_in_the_chains_order_with_whole_headers(self):
        action = self.env.ref("customer_lifecycle.customer_lifecycle_funnel_report_action")
        self.assertEqual(action.view_mode.split(",")[0], "graph")
        Report = self.env["customer.lifecycle.funnel.report"]
        graph = etree.fromstring(Report.get_view(view_type="graph")["arch"])
        self.assertIsNone(graph.get("order"))  # the bars follow the stages, not their values
        listing = etree.fromstring(Report.get_view(view_type="list")["arch"])
        for column in listing.xpath("//field[@name!='stage_id'][@name!='company_id']"):
            with self.subTest(column=column.get("name")):
                self.assertTrue(column.get("width"))
                self.assertTrue(Report._fields[column.get("name")].help)  # the header's tooltip says what it counts
        self.assertIn("Now at Stage", action.help)

    def test_the_funnel_chart_shows_the_leads_first_then_the_chain(self):
        # the chart groups by step: its bars keep the funnel's order, the leads' row named
        Report = self.env["customer.lifecycle.funnel.report"]
        graph = etree.fromstring(Report.get_view(view_type="graph")["arch"])
        self.assertEqual(graph.xpath("//field[not(@type)]/@name"), ["step"])
        self.env["crm.lead"].create({"name": "A call from a stranger", "company_id": self.company_o.id})
        domain = [("company_id", "=", self.company_o.id)]
        steps = [step for [step] in Report._read_group(domain, ["step"])]
        labels = dict(Report._fields["step"]._description_selection(self.env))
        stages = Report.search(domain).filtered("stage_id").sorted(lambda row: (row.sequence, row.stage_id.id))
        self.assertEqual([labels[step] for step in steps], ["Leads", *stages.mapped("stage_id.name")])
        self.assertEqual(stages.mapped("stage_id.code"), ["prospect", "customer"])

    def test_key_accounts_are_never_the_company_itself(self):
        # the company's own partner bought the most of all: it is not suggested
        self._order(self.own, 10, company=self.company_o, amount=5000.0)
        with freeze_time(self._on(20)):
            wizard = self.env["customer.key.account.suggest.wizard"].with_company(self.company_o).create({"share": 100})
            wizard.action_suggest()
        self.assertEqual(wizard.line_ids.partner_id, self.buyer)
