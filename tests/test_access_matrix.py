# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The access design of readme/CONFIGURE.md, model by model and group by group, is
what Odoo grants; and a user of one company sees nothing of another's, over XML-RPC too."""

import re
import xmlrpc.client
from pathlib import Path

from odoo.exceptions import AccessError
from odoo.modules.module import get_module_path
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

GROUPS = {
    "Public": "base.group_public",
    "Portal": "base.group_portal",
    "Employee": "base.group_user",
    "User": "customer_lifecycle.group_lifecycle_user",
    "Manager": "customer_lifecycle.group_lifecycle_manager",
    "Senior": "customer_lifecycle.group_lifecycle_senior",
    "Accountant": "account.group_account_invoice",
    "Auditor": "account.group_account_readonly",
}
OPERATIONS = {"R": "read", "W": "write", "C": "create", "D": "unlink"}


def documented_matrix():
    """{model: {group: "RWCD"}} as the table of readme/CONFIGURE.md says."""
    text = (Path(get_module_path("customer_lifecycle")) / "readme" / "CONFIGURE.md").read_text()
    header = next(line for line in text.splitlines() if line.startswith("| model |"))
    groups = [cell.strip() for cell in header.strip("|").split("|")][1:]
    matrix = {}
    for line in text.splitlines():
        match = re.match(r"\| `([a-z_.]+)` \|(.*)\|$", line)
        if match:
            cells = [cell.strip().replace("—", "") for cell in match.group(2).split("|")]
            matrix[match.group(1)] = dict(zip(groups, cells, strict=True))
    return matrix


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestAccessMatrix(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.matrix = documented_matrix()
        cls.users = {
            label: new_test_user(cls.env, login=f"cl_matrix_{label.lower()}", groups=xmlid)
            for label, xmlid in GROUPS.items()
        }

    def test_the_table_names_every_model_of_the_addon_and_every_group(self):
        models = {
            name
            for name, model in self.env.registry.items()
            if model._original_module == "customer_lifecycle" and not model._abstract
        }
        self.assertEqual(set(self.matrix), models)
        for model, row in self.matrix.items():
            self.assertEqual(set(row), set(GROUPS), model)

    def test_odoo_grants_what_the_table_says(self):
        for model, row in self.matrix.items():
            for group, allowed in row.items():
                with self.subTest(model=model, group=group):
                    records = self.env[model].with_user(self.users[group])
                    granted = "".join(letter for letter, op in OPERATIONS.items() if records.has_access(op))
                    self.assertEqual(granted, allowed)

    def test_what_the_table_refuses_is_refused_for_real(self):
        partner = self.env["res.partner"].create({"name": "Matrix Customer", "is_company": True})
        Touchpoint = self.env["customer.touchpoint"]
        for group in ("Public", "Portal", "Employee", "Accountant"):
            with self.subTest(group=group), self.assertRaises(AccessError):
                Touchpoint.with_user(self.users[group]).create({"partner_id": partner.id, "reason": "Call"})
        touchpoint = Touchpoint.with_user(self.users["User"]).create({"partner_id": partner.id, "reason": "Call"})
        self.assertEqual(touchpoint.user_id, self.users["User"])
        goal = self.env["customer.lifecycle.goal"].create(
            {"name": "Matrix goal", "date_start": "2031-01-01", "date_end": "2031-12-31"}
        )
        with self.assertRaises(AccessError):
            goal.with_user(self.users["User"]).target_customers = 5
        with self.assertRaises(AccessError):
            goal.with_user(self.users["Accountant"]).unlink()
        self.assertEqual(goal.with_user(self.users["Auditor"]).name, "Matrix goal")
        goal.with_user(self.users["Manager"]).unlink()
        self.assertFalse(goal.exists())
        stage = self.env.ref("customer_lifecycle.stage_loyal")
        self.assertEqual(stage.with_user(self.users["Employee"]).name, stage.name)
        with self.assertRaises(AccessError):
            stage.with_user(self.users["User"]).maturity_days = 1
        with self.assertRaises(AccessError):
            stage.with_user(self.users["Portal"]).read(["name"])

    def test_the_public_methods_refuse_an_employee_without_lifecycle_rights(self):
        employee = self.users["Employee"]
        advocate = self.env["res.partner"].search([("name", "=", "Azar Textiles")], limit=1)
        plan = self.env["customer.key.account.plan"].search([], limit=1)
        # a referral reward of the demo, waiting for its payment: approving it is refused first for the rights
        grant = self.env["customer.incentive.grant"].search([("state", "in", ("waiting", "to_approve"))], limit=1)
        self.assertTrue(advocate and plan and grant)
        calls = {
            "recompute": lambda: advocate.with_user(employee).action_lifecycle_recompute(),
            "unpin": lambda: advocate.with_user(employee).action_lifecycle_unpin(),
            "referral request": lambda: advocate.with_user(employee).action_lifecycle_ask_referrals(),
            "approve plan": lambda: plan.with_user(employee).action_approve(),
            "approve reward": lambda: grant.with_user(employee).action_approve(),
            "pin": lambda: (
                self.env["customer.lifecycle.pin.wizard"]
                .with_user(employee)
                .create({"partner_ids": advocate.ids, "stage_id": self.env.ref("customer_lifecycle.stage_lost").id})
            ),
        }
        messages = self.env["mail.message"].search_count([])
        for name, call in calls.items():
            with self.subTest(name), self.assertRaises(AccessError):
                call()
        self.assertEqual(self.env["mail.message"].search_count([]), messages)


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestMultiCompanyRpc(HttpCase):
    """The demo data belongs to the main company: a manager of another company, over
    XML-RPC, sees none of it and cannot change it."""

    # the records of the main company a user of company B must not reach
    MODELS = (
        "customer.touchpoint",
        "customer.referral",
        "customer.lifecycle.history",
        "customer.lifecycle.health",
        "customer.lifecycle.health.score",
        "customer.lifecycle.goal",
        "customer.key.account.plan",
        "customer.key.account.objective",
        "customer.incentive",
        "customer.incentive.grant",
        "customer.lifecycle.funnel.report",
        "customer.lifecycle.indicator.report",
        "customer.lifecycle.uplift.report",
        "customer.lifecycle.repeat.product.report",
    )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Lifecycle Company B"})
        cls.user_b = new_test_user(
            cls.env,
            login="cl_rpc_b",
            groups="base.group_user,sales_team.group_sale_manager,customer_lifecycle.group_lifecycle_senior",
            company_id=cls.company_b.id,
            company_ids=[(6, 0, cls.company_b.ids)],
        )
        cls.env.flush_all()
        cls.env["customer.lifecycle.health"]._recompute_all(cls.env.company)

    def _rpc(self, model, method, *args, **kwargs):
        uid = self.xmlrpc_common.authenticate(self.env.cr.dbname, "cl_rpc_b", "cl_rpc_b", {})
        return self.xmlrpc_object.execute_kw(self.env.cr.dbname, uid, "cl_rpc_b", model, method, list(args), kwargs)

    def test_a_user_of_another_company_sees_nothing_of_the_main_company(self):
        main = self.env.company
        for model in self.MODELS:
            with self.subTest(model=model):
                self.assertTrue(
                    self.env[model].search_count([("company_id", "=", main.id)]),
                    f"the demo data has no {model} of the main company: the test would prove nothing",
                )
                # (company B's own funnel counts the partners shared by every company: its prospects)
                self.assertEqual(self._rpc(model, "search_count", [("company_id", "!=", self.company_b.id)]), 0)
                self.assertEqual(self._rpc(model, "search_read", [("company_id", "=", main.id)], fields=["id"]), [])
        groups = self._rpc("customer.lifecycle.indicator.report", "read_group", [], ["cost:sum"], ["kind"])
        self.assertEqual(groups, [])

    def test_a_user_of_another_company_cannot_change_the_main_company_records(self):
        main = self.env.company
        touchpoint = self.env["customer.touchpoint"].search([("company_id", "=", main.id)], limit=1)
        plan = self.env["customer.key.account.plan"].search([("company_id", "=", main.id)], limit=1)
        grant = self.env["customer.incentive.grant"].search(
            [("company_id", "=", main.id), ("state", "in", ("waiting", "to_approve"))], limit=1
        )
        state = grant.state
        self.assertTrue(touchpoint and plan and grant)
        with mute_logger("odoo.http"):
            with self.assertRaises(xmlrpc.client.Fault):
                self._rpc("customer.touchpoint", "write", touchpoint.ids, {"result": "Rewritten from B"})
            with self.assertRaises(xmlrpc.client.Fault):
                self._rpc("customer.key.account.plan", "action_approve", plan.ids)
            with self.assertRaises(xmlrpc.client.Fault):
                self._rpc("customer.incentive.grant", "action_approve", grant.ids)
        touchpoint.invalidate_recordset()
        self.assertNotEqual(touchpoint.result, "Rewritten from B")
        self.assertEqual(grant.state, state)


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestPartnerFieldAccess(TransactionCase):
    """What fields_get shows a user on a partner, the user can read and export: the
    lifecycle fields of the models a group may not read are not shown to it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner = cls.env.ref("customer_lifecycle.advocate_pars")
        cls.env["customer.touchpoint"].create({"partner_id": cls.partner.id, "reason": "Call"})
        cls.env["customer.lifecycle.health"]._recompute_all(cls.env.company)
        cls.env["res.lang"]._activate_lang("fa_IR")  # the Jalali dates are computed for Persian readers
        cls.users = {}
        for label, xmlid in GROUPS.items():
            user = new_test_user(cls.env, login=f"cl_fields_{label.lower()}", groups=f"{xmlid},base.group_allow_export")
            if label in ("Public", "Portal"):  # they read their own commercial partner only
                user.partner_id.parent_id = cls.partner
            cls.users[label] = user

    def test_the_partner_has_lifecycle_data_of_every_kind(self):
        partner = self.partner
        self.assertTrue(partner.lifecycle_stage_id and partner.lifecycle_customer_date)
        self.assertTrue(partner.lifecycle_touchpoint_count and partner.lifecycle_referral_count)
        self.assertTrue(partner.lifecycle_history_count and partner.lifecycle_incentive_grant_count)
        self.assertTrue(partner.lifecycle_plan_id and partner.lifecycle_health_id)

    def test_every_field_shown_is_read_and_exported(self):
        self.maxDiff = None
        for label, user in self.users.items():
            with self.subTest(group=label):
                partner = self.partner.with_user(user).with_context(lang="fa_IR")
                shown = [
                    name
                    for name in partner.fields_get(attributes=["type"])
                    if partner._fields[name]._module == "customer_lifecycle"
                ]
                self.assertEqual("lifecycle_stage_id" in shown, label not in ("Public", "Portal"))
                self.assertEqual("lifecycle_health_score" in shown, label not in ("Public", "Portal", "Employee"))
                self.assertEqual("lifecycle_touchpoint_count" in shown, label in ("User", "Manager", "Senior"))
                refused = []
                for name in shown:  # one by one, for a message that names them all
                    partner.invalidate_recordset()
                    try:
                        partner.read([name])
                        partner.export_data([name])
                    except AccessError:
                        refused.append(name)
                self.assertEqual(refused, [])
                if shown:  # all together too (read([]) would read every field of the partner)
                    partner.invalidate_recordset()
                    self.assertEqual(len(partner.read(shown)), 1)
                    partner.invalidate_recordset()
                    self.assertTrue(partner.export_data(shown)["datas"])

    def test_the_partner_views_open_for_every_internal_group(self):
        views = [(False, "form"), (False, "list"), (False, "kanban"), (False, "search")]
        action = self.env.ref("customer_lifecycle.res_partner_action_customer_lifecycle")
        views += [(view.view_id.id, view.view_mode) for view in action.view_ids]
        for label in ("Employee", "User", "Senior", "Accountant", "Auditor"):
            with self.subTest(group=label):
                Partner = self.env["res.partner"].with_user(self.users[label])
                result = Partner.get_views(views)
                self.assertIn("lifecycle_stage_id", result["models"]["res.partner"]["fields"])
                self.assertEqual(
                    "lifecycle_touchpoint_count" in result["models"]["res.partner"]["fields"],
                    label in ("User", "Senior"),
                )
