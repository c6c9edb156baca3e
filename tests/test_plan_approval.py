# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Who writes a key-account plan and who approves it (issues 26, 27 and 28): the plan's
key-account manager, its team and the Lifecycle Managers write it and its parts, other
salespeople read it; its sponsor or a senior manager approves it, in one pattern
(``action_*`` → ``_check_can_*`` → ``_do_*``), with an approval activity on submit."""

from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time, new_test_user, tagged

from .common import LifecycleCommon, plan_values


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestPlanApproval(LifecycleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        salesman = "base.group_user,sales_team.group_sale_salesman"
        cls.key_manager = new_test_user(cls.env, login="cl_key_manager", groups=salesman)
        cls.teammate = new_test_user(cls.env, login="cl_teammate", groups=salesman)
        cls.sponsor = new_test_user(cls.env, login="cl_plan_sponsor", groups=salesman)
        cls.senior = new_test_user(
            cls.env, login="cl_plan_senior", groups="base.group_user,customer_lifecycle.group_lifecycle_senior"
        )
        cls.senior.partner_id.email = False  # issue 27: approving needs no e-mail address
        cls.customer = cls._partner("Sina Hospital", lifecycle_key_account=True)

    def _plan(self, year=2026, name=None, **values):
        values = {"manager_id": self.key_manager.id, "team_ids": [Command.set(self.teammate.ids)], **values}
        return self.env["customer.key.account.plan"].create(
            plan_values(self.customer, name or f"Sina {year}", year, **values)
        )

    def _approval_activities(self, plan):
        approval = self.env.ref("customer_lifecycle.mail_activity_type_key_account_approval")
        return (
            self.env["mail.activity"]
            .with_context(active_test=False)
            .search([("res_model", "=", plan._name), ("res_id", "=", plan.id), ("activity_type_id", "=", approval.id)])
        )

    # ------------------------------------------------------------------
    # Who writes a plan and its parts
    # ------------------------------------------------------------------

    def test_the_manager_the_team_and_lifecycle_managers_write_others_read(self):
        plan = self._plan()
        plan.with_user(self.key_manager).budget = 1000
        plan.with_user(self.teammate).budget = 2000
        plan.with_user(self.manager).budget = 3000
        self.assertEqual(plan.budget, 3000)
        as_other = plan.with_user(self.salesman)
        self.assertEqual(as_other.budget, 3000)  # read
        with self.assertRaises(AccessError):
            as_other.budget = 1
        with self.assertRaises(AccessError):
            as_other.objective_ids.target = 1
        with self.assertRaises(AccessError):
            as_other.tactic_ids.name = "Someone else's tactic"
        with self.assertRaises(AccessError):
            self.env["customer.key.account.competitor"].with_user(self.salesman).create(
                {"plan_id": plan.id, "name": "MedSupply"}
            )
        with self.assertRaises(AccessError):
            as_other.action_record_review("Not my plan")
        plan.invalidate_recordset()
        self.assertEqual(plan.objective_ids.target, 4000)
        self.assertFalse(plan.competitor_ids)
        # the team writes the parts too
        plan.with_user(self.teammate).objective_ids.target = 4500
        self.assertEqual(plan.objective_ids.target, 4500)

    def test_a_salesperson_does_not_write_the_status_nor_the_approver(self):
        plan = self._plan()
        for values in ({"state": "approved"}, {"approved_by_id": self.salesman.id}, {"version": 7}):
            with self.assertRefused(UserError, "through its buttons"):
                plan.with_user(self.key_manager).write(values)
        result = (
            self.env["customer.key.account.plan"]
            .with_user(self.manager)
            .load([".id", "state"], [[str(plan.id), "approved"]])
        )
        self.assertTrue(result["messages"])
        plan.invalidate_recordset()
        self.assertEqual(plan.state, "draft")

    def test_a_plan_is_for_a_key_account(self):
        other = self._partner("Not Key Co")
        with self.assertRefused(ValidationError, "is not a key account"):
            self.env["customer.key.account.plan"].create(plan_values(other, "Not key 2026", 2026))

    def test_a_plan_needs_a_name(self):
        with self.assertRefused(ValidationError, "needs a name"):
            self._plan(name="   ")

    # ------------------------------------------------------------------
    # Who approves, checked first
    # ------------------------------------------------------------------

    def test_the_sponsor_or_a_senior_manager_approves_and_sees_the_buttons(self):
        plan = self._plan(sponsor_id=self.sponsor.id)
        plan.with_user(self.key_manager).action_submit()
        for user, can in ((self.sponsor, True), (self.senior, True), (self.key_manager, False), (self.manager, False)):
            as_user = plan.with_user(user)
            self.assertEqual((as_user.can_approve, as_user.can_send_back), (can, can), user.login)
        with self.assertRefused(AccessError, "Only senior management or the plan's executive sponsor"):
            plan.with_user(self.key_manager).action_approve()
        with self.assertRefused(AccessError, "Only senior management or the plan's executive sponsor"):
            plan.with_user(self.manager).action_reject("Not mine to say")
        self.assertEqual(plan.state, "submitted")
        plan.with_user(self.sponsor).action_approve()
        self.assertRecordValues(plan, [{"state": "approved", "approved_by_id": self.sponsor.id}])
        arch = plan.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn(
            'name="action_approve" type="object" string="Approve" class="btn-primary" invisible="not can_approve"', arch
        )

    def test_the_right_is_checked_before_the_status(self):
        draft = self._plan()
        with self.assertRefused(AccessError, "Only senior management"):
            draft.with_user(self.salesman).action_approve()
        with self.assertRefused(AccessError, "its team or a Lifecycle Manager"):
            draft.with_user(self.salesman).action_submit()
        with self.assertRefused(UserError, "only a submitted plan can be approved"):
            draft.with_user(self.senior).action_approve()

    def test_two_approved_plans_of_a_key_account_do_not_overlap_but_a_revision_replaces(self):
        first = self._plan()
        first.action_submit()
        first.with_user(self.senior).action_approve()
        second = self._plan(name="Sina second")
        second.action_submit()
        with self.assertRefused(ValidationError, "already has an approved plan for that time"):
            second.with_user(self.senior).action_approve()
        self.assertEqual(second.state, "submitted")
        revision = self.env["customer.key.account.plan"].browse(
            first.with_user(self.key_manager).action_revise()["res_id"]
        )
        revision.with_user(self.key_manager).action_submit()
        revision.with_user(self.senior).action_approve()
        self.assertRecordValues(first | revision, [{"state": "done"}, {"state": "approved"}])

    # ------------------------------------------------------------------
    # The approval loop (issue 27)
    # ------------------------------------------------------------------

    def test_submitting_asks_the_sponsor_and_approving_marks_it_done(self):
        plan = self._plan(sponsor_id=self.sponsor.id)
        plan.with_user(self.key_manager).action_submit()
        activity = self._approval_activities(plan)
        self.assertRecordValues(activity, [{"user_id": self.sponsor.id, "active": True}])
        plan.with_user(self.sponsor).action_approve()
        self.assertRecordValues(activity, [{"active": False}])
        self.assertEqual(activity.state, "done")

    def test_without_a_sponsor_the_senior_managers_are_asked_and_send_back_marks_it_done(self):
        plan = self._plan()
        plan.with_user(self.teammate).action_submit()
        activities = self._approval_activities(plan)
        self.assertIn(self.senior, activities.user_id)
        self.assertNotIn(self.env.ref("base.user_root"), activities.user_id)  # never OdooBot
        plan.with_user(self.senior).action_reject("The imaging share is missing")
        self.assertRecordValues(plan, [{"state": "draft", "rejection_reason": "The imaging share is missing"}])
        self.assertFalse(activities.filtered("active"))

    def test_a_senior_manager_without_an_email_address_approves_and_sends_back(self):
        with freeze_time("2026-01-10"):
            plan = self._plan()
            plan.action_submit()
            plan.with_user(self.senior).action_reject("Add a tactic against MedSupply")
            plan.action_submit()
            plan.with_user(self.senior).action_approve()
            revision = self.env["customer.key.account.plan"].browse(plan.action_revise()["res_id"])
            revision.action_submit()
            revision.with_user(self.senior).action_approve()
        self.assertRecordValues(plan | revision, [{"state": "done"}, {"state": "approved"}])
        self.assertEqual(revision.approved_by_id, self.senior)
        replaces = revision.message_ids.filtered(lambda m: "replaces version 1" in (m.body or ""))
        self.assertEqual(replaces.author_id, self.senior.partner_id)

    def test_the_list_shows_version_and_status_the_approved_version_first(self):
        plan = self._plan(year=2030)
        plan.action_submit()
        plan.action_approve()
        revision = self.env["customer.key.account.plan"].browse(plan.action_revise()["res_id"])
        arch = self.env["customer.key.account.plan"].get_views([(False, "list")])["views"]["list"]["arch"]
        self.assertIn('<field name="version" optional="show"/>', arch)
        self.assertIn('<field name="state"', arch)
        self.assertIn('default_order="approval_rank, date_start desc, version desc, id desc"', arch)
        listed = self.env["customer.key.account.plan"].search(
            [("id", "in", (plan | revision).ids)], order="approval_rank, date_start desc, version desc, id desc"
        )
        self.assertEqual(listed, plan | revision)
        self.assertEqual(listed.mapped("version"), [1, 2])


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestPlanApprovalDemo(LifecycleCommon):
    def test_the_demo_has_a_plan_waiting_and_one_approved_by_a_senior_manager(self):
        waiting = self.env.ref("customer_lifecycle.demo_plan_waiting")
        self.assertEqual(waiting.state, "submitted")
        approval = self.env.ref("customer_lifecycle.mail_activity_type_key_account_approval")
        self.assertIn(approval, waiting.activity_ids.activity_type_id)
        approved = self.env.ref("customer_lifecycle.demo_plan_pars")
        self.assertEqual(approved.state, "approved")
        self.assertNotEqual(approved.approved_by_id, self.env.ref("base.user_root"))
        self.assertTrue(approved.approved_by_id.has_group("customer_lifecycle.group_lifecycle_senior"))
        self.assertEqual(approved.approved_by_id, self.env.ref("customer_lifecycle.user_demo_senior"))
        self.assertEqual(date.today().year, approved.date_start.year)
