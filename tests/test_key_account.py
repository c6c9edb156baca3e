# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Key-account development plans: measures, statuses, the approval workflow."""

from datetime import date, datetime

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import BaseCase, Form, freeze_time, new_test_user, tagged

from ..tools import key_account
from .common import LifecycleCommon, plan_values


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestObjectiveRules(BaseCase):
    def test_status_compares_progress_with_time_elapsed(self):
        start, deadline = date(2026, 1, 1), date(2026, 1, 11)  # 10 days
        self.assertEqual(key_account.objective_status(100, 100, start, deadline, date(2026, 1, 2)), "achieved")
        self.assertEqual(key_account.objective_status(45, 100, start, deadline, date(2026, 1, 6)), "on_track")
        self.assertEqual(key_account.objective_status(44, 100, start, deadline, date(2026, 1, 6)), "at_risk")
        self.assertEqual(key_account.objective_status(99, 100, start, deadline, date(2026, 1, 11)), "on_track")
        self.assertEqual(key_account.objective_status(99, 100, start, deadline, date(2026, 1, 12)), "late")

    def test_measurable_and_time_bound(self):
        start, end = date(2026, 1, 1), date(2026, 12, 31)
        self.assertEqual(key_account.objective_problems("revenue", 10, date(2026, 6, 1), start, end, False), [])
        self.assertEqual(
            key_account.objective_problems("revenue", 10, date(2026, 6, 1), start, end, False, None), ["no_step"]
        )
        self.assertEqual(
            key_account.objective_problems("revenue", 0, date(2027, 1, 1), start, end, False),
            ["no_target", "deadline_outside"],
        )
        self.assertEqual(
            key_account.objective_problems("category_revenue", 5, None, start, end, False),
            ["no_deadline", "no_category"],
        )


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestKeyAccountPlan(LifecycleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.senior = new_test_user(
            cls.env, login="cl_senior", groups="base.group_user,customer_lifecycle.group_lifecycle_senior"
        )
        cls.sponsor = new_test_user(
            cls.env, login="cl_sponsor", groups="base.group_user,customer_lifecycle.group_lifecycle_user"
        )
        cls.category = cls.env["product.category"].create({"name": "Imaging"})
        cls.imaging = cls.env["product.product"].create(
            {"name": "Scanner", "type": "service", "list_price": 1000, "categ_id": cls.category.id}
        )
        cls.customer = cls._partner("Pars Clinic", lifecycle_key_account=True)
        cls.buyer = cls.env["res.partner"].create({"name": "Dr Samadi", "parent_id": cls.customer.id})
        cls._order(cls.customer, date(2026, 2, 1), amount=500.0)
        order = cls._order(cls.buyer, date(2026, 3, 1), amount=200.0)
        order.order_line = [Command.create({"product_id": cls.imaging.id, "price_unit": 1000.0})]
        cls._order(cls.customer, date(2025, 12, 1), amount=9999.0)  # before the plan
        cls.env["customer.touchpoint"].create(
            {"partner_id": cls.buyer.id, "date": datetime(2026, 3, 2, 10, 0), "reason": "Quarterly review"}
        )

    def _plan(self, **values):
        return self.env["customer.key.account.plan"].create(
            {**plan_values(self.customer, "Pars Clinic 2026", 2026), "sponsor_id": self.sponsor.id, **values}
        )

    def _objective(self, plan, measure, **values):
        return self.env["customer.key.account.objective"].create(
            {
                "plan_id": plan.id,
                "name": measure,
                "measure": measure,
                "target": 10,
                "deadline": date(2026, 6, 30),
                "perception_step": "business_partner",
            }
            | values
        )

    @freeze_time("2026-04-01")
    def test_measures_read_live_from_the_plan_period(self):
        plan = self._plan()
        revenue = plan.objective_ids
        self.assertEqual(revenue.current_value, 1700.0)  # 500 + 200 + 1000, not the 9 999 of 2025
        self.assertAlmostEqual(revenue.progress, 42.5)
        self.assertEqual(revenue.status, "on_track")  # 42.5 % done, 25 % of the year gone
        self.assertEqual(self._objective(plan, "order_count").current_value, 2)
        self.assertEqual(self._objective(plan, "distinct_products").current_value, 2)
        share = self._objective(plan, "category_revenue", category_id=self.category.id)
        self.assertEqual(share.current_value, 1000.0)
        self.assertEqual(self._objective(plan, "touchpoints").current_value, 1)
        self.assertEqual(self._objective(plan, "manual", manual_value=7).current_value, 7)

    def test_submit_names_the_objective_that_is_not_measurable(self):
        plan = self._plan()
        self._objective(plan, "revenue", name="Win the tender", deadline=False)
        with self.assertRefused(UserError, "“Win the tender” is not measurable and time-bound"):
            plan.action_submit()
        self.assertEqual(plan.state, "draft")
        plan.objective_ids.filtered(lambda o: o.name == "Win the tender").write(
            {"deadline": date(2026, 3, 1), "perception_step": False}
        )
        with self.assertRefused(UserError, "name the step of the customer's perception"):
            plan.action_submit()
        no_tactic = self._plan(name="No tactic", tactic_ids=[], date_start=date(2026, 1, 2))
        with self.assertRefused(UserError, "has no tactic"):
            no_tactic.action_submit()

    def test_only_senior_management_or_the_sponsor_approve(self):
        plan = self._plan()
        plan.action_submit()
        with self.assertRefused(AccessError, "Only senior management or the plan's executive sponsor"):
            plan.with_user(self.salesman).action_approve()
        plan.with_user(self.sponsor).action_approve()
        self.assertRecordValues(plan, [{"state": "approved", "approved_by_id": self.sponsor.id}])
        plan.action_done()  # one approved plan of a key account at a time
        other = self._plan(name="Second", date_start=date(2026, 1, 2), sponsor_id=False)
        other.action_submit()
        other.with_user(self.senior).action_approve()
        self.assertEqual(other.state, "approved")

    def test_status_is_changed_by_the_buttons_only(self):
        plan = self._plan()
        with self.assertRefused(UserError, "through its buttons"):
            plan.with_user(self.salesman).write({"state": "approved"})

    def test_sent_back_with_a_reason(self):
        plan = self._plan()
        plan.action_submit()
        with self.assertRefused(UserError, "a reason is required"):
            plan.with_user(self.senior).action_reject(" ")
        wizard = Form(self.env["customer.key.account.plan.reject.wizard"].with_context(default_plan_id=plan.id))
        wizard.reason = "The revenue objective needs the imaging share too"
        wizard.save().with_user(self.senior).action_reject()
        self.assertRecordValues(
            plan, [{"state": "draft", "rejection_reason": "The revenue objective needs the imaging share too"}]
        )

    def test_what_was_submitted_is_what_is_approved(self):
        """Out of the draft, what the plan says is refused to everyone (its manager, a
        Lifecycle Manager, the superuser); sent back, it is a draft again."""
        writer = new_test_user(
            self.env, login="cl_key_account", groups="base.group_user,customer_lifecycle.group_lifecycle_user"
        )
        plan = self._plan(manager_id=writer.id, objective_ids=[])
        objective = self._objective(plan, "manual", target=4, deadline=date(2026, 12, 31))
        plan.with_user(writer).action_submit()
        changes = (
            (plan, {"name": "Another plan"}),
            (plan, {"sponsor_id": self.senior.id}),
            (plan, {"date_end": date(2026, 6, 30)}),
            (plan, {"budget": 1}),
            (plan.objective_ids, {"target": 1}),
            (plan.tactic_ids, {"name": "Another tactic"}),
        )
        for records, values in changes:
            for user in (writer, self.env.ref("base.user_admin")):
                with self.subTest(values=values, user=user.login), self.assertRefused(UserError, "changed in draft"):
                    records.with_user(user).write(values)
            with self.subTest(values=values, user="superuser"), self.assertRefused(UserError, "changed in draft"):
                records.sudo().write(values)
        with self.assertRefused(UserError, "is Submitted"):
            plan.tactic_ids.unlink()
        with self.assertRefused(UserError, "is Submitted"):
            self.env["customer.key.account.competitor"].create({"plan_id": plan.id, "name": "MedSupply"})
        # what the plan measures while it runs stays free: a value entered by hand, a tactic's status
        objective.with_user(writer).manual_value = 2
        plan.tactic_ids.with_user(writer).status = "doing"
        plan.with_user(self.senior).action_reject("The target is too low")
        plan.with_user(writer).write({"sponsor_id": self.senior.id, "name": "Pars Clinic 2026, again"})
        self.assertRecordValues(plan, [{"state": "draft", "sponsor_id": self.senior.id}])
        self.assertEqual(objective.manual_value, 2)

    def test_approved_plan_is_revised_not_edited(self):
        plan = self._plan()
        plan.action_submit()
        plan.action_approve()
        with self.assertRefused(UserError, "is Approved: it is changed in draft only"):
            plan.objective_ids.write({"target": 1})
        with self.assertRefused(UserError, "revised into a new version"):
            self._objective(plan, "order_count")
        action = plan.action_revise()
        revision = self.env["customer.key.account.plan"].browse(action["res_id"])
        self.assertRecordValues(revision, [{"state": "draft", "version": 2, "previous_plan_id": plan.id}])
        self.assertEqual(revision.objective_ids.mapped("name"), ["Grow revenue"])
        revision.objective_ids.target = 5000  # the new version is a draft: editable
        self.assertEqual(plan.objective_ids.target, 4000)

    def test_an_approved_revision_closes_the_version_it_replaces(self):
        review_type = self.env.ref("customer_lifecycle.mail_activity_type_key_account_review")
        with freeze_time("2026-01-10"):
            plan = self._plan()
            plan.action_submit()
            plan.action_approve()
            revision = self.env["customer.key.account.plan"].browse(plan.action_revise()["res_id"])
            revision.action_submit()
            revision.action_approve()
        self.assertRecordValues(plan | revision, [{"state": "done"}, {"state": "approved"}])
        self.assertEqual(
            self.env["customer.key.account.plan"].search(
                [("partner_id", "=", self.customer.id), ("state", "=", "approved")]
            ),
            revision,
        )
        closed = plan.message_ids.filtered(lambda m: "replaced by version 2" in (m.body or ""))
        self.assertIn(f'data-oe-id="{revision.id}"', closed.body)
        replaces = revision.message_ids.filtered(lambda m: "replaces version 1" in (m.body or ""))
        self.assertIn(f'data-oe-id="{plan.id}"', replaces.body)
        with freeze_time("2026-04-15"):
            self.env["customer.key.account.plan"]._cron_schedule_reviews()
        reviews = self.env["mail.activity"].search(
            [
                ("res_model", "=", plan._name),
                ("res_id", "in", (plan | revision).ids),
                ("activity_type_id", "=", review_type.id),
            ]
        )
        self.assertEqual(reviews.mapped("res_id"), revision.ids)

    def test_tactic_schedules_an_activity_for_its_owner(self):
        plan = self._plan()
        tactic = plan.tactic_ids
        with self.assertRefused(UserError, "an owner and a due date"):
            tactic.action_schedule_activity()
        tactic.write({"owner_id": self.salesman.id, "due_date": date(2026, 5, 1)})
        tactic.action_schedule_activity()
        self.assertRecordValues(
            plan.activity_ids, [{"user_id": self.salesman.id, "summary": "Bundle service contracts"}]
        )

    def test_partner_shows_its_current_plan(self):
        draft = self._plan()
        self.assertEqual(self.customer.lifecycle_plan_id, draft)
        draft.action_submit()
        draft.action_approve()
        self._plan(**plan_values(self.customer, "Next year", 2027))
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.lifecycle_plan_id, draft)  # the approved one
        action = self.customer.action_lifecycle_open_plan()
        self.assertEqual(action["res_id"], draft.id)
        self.assertIn(self.customer, self.env["res.partner"].search([("lifecycle_key_account", "=", True)]))

    def test_plans_stay_in_their_company(self):
        plan = self._plan()
        other = self.env["res.company"].create({"name": "Other Co"})
        self.salesman.write({"company_ids": [Command.link(other.id)]})
        Plans = self.env["customer.key.account.plan"].with_user(self.salesman)
        self.assertEqual(Plans.search([("id", "=", plan.id)]), plan)
        self.assertFalse(Plans.with_context(allowed_company_ids=[other.id]).search([("id", "=", plan.id)]))
        with self.assertRaises(AccessError):
            plan.with_user(self.accountant).read(["name"])

    def test_review_snapshots_and_a_quarterly_activity(self):
        with freeze_time("2026-01-10"):
            plan = self._plan()
            plan.action_submit()
            plan.action_approve()
        with freeze_time("2026-04-15"):
            self.env["customer.key.account.plan"]._cron_schedule_reviews()
            self.env["customer.key.account.plan"]._cron_schedule_reviews()  # not twice
            review_type = self.env.ref("customer_lifecycle.mail_activity_type_key_account_review")
            self.assertEqual(len(plan.activity_ids.filtered(lambda a: a.activity_type_id == review_type)), 1)
            plan.action_record_review("Met Dr Samadi; the imaging share grows")
            self.assertFalse(plan.activity_ids.filtered(lambda a: a.activity_type_id == review_type))
        review = plan.review_ids
        self.assertEqual(review.date, date(2026, 4, 15))
        self.assertRecordValues(review.line_ids, [{"name": "Grow revenue", "value": 1700.0, "progress": 42.5}])
        with freeze_time("2026-05-01"):  # reviewed 16 days ago: nothing to schedule
            self.env["customer.key.account.plan"]._cron_schedule_reviews()
            self.assertFalse(plan.activity_ids.filtered(lambda a: a.activity_type_id == review_type))

    def test_plan_report_renders_right_to_left_for_a_persian_reader(self):
        self.env["res.lang"]._activate_lang("fa_IR")
        plan = self._plan()
        report = self.env.ref("customer_lifecycle.action_report_key_account_plan")
        html = report.with_context(lang="fa_IR")._render_qweb_html(report.report_name, plan.ids)[0].decode()
        self.assertIn('dir="rtl"', html)
        self.assertIn("۱۱ دی ۱۴۰۴", html)  # 2026-01-01, the start of the period
        self.assertIn("Grow revenue", html)
        self.assertIn("Bundle service contracts", html)
        html = report.with_context(lang="en_US")._render_qweb_html(report.report_name, plan.ids)[0].decode()
        self.assertIn('dir="ltr"', html)
        self.assertIn("01/01/2026", html)


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestKeyAccountSuggestion(LifecycleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_s = cls._company("Suggest Co")
        cls.big = {}
        for name, amount in (("Alborz", 5000.0), ("Bistoun", 3000.0), ("Chalus", 1500.0), ("Damavand", 500.0)):
            cls.big[name] = cls._partner(name)
            cls._order(cls.big[name], date(2026, 6, 1), company=cls.company_s, amount=amount)
        cls.old = cls._partner("Old Giant")
        cls._order(cls.old, date(2025, 1, 1), company=cls.company_s, amount=99999.0)  # over a year ago

    @freeze_time("2026-09-01")
    def test_customers_making_the_share_of_the_last_twelve_months(self):
        Wizard = self.env["customer.key.account.suggest.wizard"].with_company(self.company_s)
        wizard = Wizard.create({"share": 80})
        self.assertEqual(wizard.share, 80)
        wizard.action_suggest()
        self.assertEqual(wizard.line_ids.partner_id.mapped("name"), ["Alborz", "Bistoun"])  # 50 % + 30 %
        self.assertEqual(wizard.line_ids.mapped("cumulative_share"), [50.0, 80.0])
        # nothing is applied before the confirmation
        self.assertFalse(self.big["Alborz"].with_company(self.company_s).lifecycle_key_account)
        wizard.line_ids.filtered(lambda line: line.partner_id.name == "Bistoun").selected = False
        wizard.action_confirm()
        self.assertTrue(self.big["Alborz"].with_company(self.company_s).lifecycle_key_account)
        self.assertFalse(self.big["Bistoun"].with_company(self.company_s).lifecycle_key_account)
        wider = Wizard.create({"share": 81})
        wider.action_suggest()
        self.assertEqual(wider.line_ids.partner_id.mapped("name"), ["Alborz", "Bistoun", "Chalus"])
        with self.assertRefused(UserError, "between 0 and 100"):
            Wizard.create({"share": 120}).action_suggest()

    def test_only_managers_mark_key_accounts(self):
        wizard = self.env["customer.key.account.suggest.wizard"].create({"share": 80})
        wizard.line_ids = [Command.create({"partner_id": self.big["Alborz"].id, "revenue": 1})]
        with self.assertRaises(AccessError):
            wizard.with_user(self.salesman).action_confirm()
