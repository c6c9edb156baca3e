# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Every stored field the addon adds to a partner, written as each kind of user: the
lifecycle facts by nobody (the engine and the recorded actions write them in superuser
mode), the key-account fields by a Lifecycle Manager only; in write(), create(), imports,
default context keys and default values."""

from datetime import date, timedelta

from odoo import Command, models
from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, new_test_user, tagged

from ..tools.lifecycle_fields import MANAGER_FIELDS, PROTECTED_FIELDS
from .common import LifecycleCommon

PROTECTED = set(PROTECTED_FIELDS["res.partner"])
KEY_ACCOUNT = set(MANAGER_FIELDS["res.partner"])
# The partner's lists of other records: each is written through its own model's rights.
LISTS = {"lifecycle_touchpoint_ids", "lifecycle_referral_ids", "lifecycle_incentive_grant_ids", "lifecycle_history_ids"}
# The stored fields of the addon each group may set on a partner; every other is refused.
ALLOWED = {
    "salesperson": set(),
    "accountant": set(),
    "portal": set(),
    "administrator": set(),  # base.group_system without the Lifecycle Manager group
    "lifecycle_manager": KEY_ACCOUNT,
    "administrator_manager": KEY_ACCOUNT,  # the demo's administrator: system and Lifecycle Manager
}
REFUSALS = ("cannot be changed by hand", "Only a Lifecycle Manager can change")


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestProtectedFacts(LifecycleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # as Odoo makes internal users: with "Contact Creation", who may edit contacts
        contacts = "base.group_user,base.group_partner_manager"
        cls.salesman = new_test_user(cls.env, login="cl_own_docs", groups=f"{contacts},sales_team.group_sale_salesman")
        cls.accountant = new_test_user(
            cls.env, login="cl_invoicing", groups=f"{contacts},account.group_account_invoice"
        )
        cls.manager = new_test_user(
            cls.env, login="cl_lc_manager", groups=f"{contacts},customer_lifecycle.group_lifecycle_manager"
        )
        cls.portal = new_test_user(cls.env, login="cl_portal", groups="base.group_portal")
        cls.admin = new_test_user(cls.env, login="cl_admin", groups="base.group_user,base.group_system")
        cls.users = {
            "salesperson": cls.salesman,
            "accountant": cls.accountant,
            "portal": cls.portal,
            "administrator": cls.admin,
            "lifecycle_manager": cls.manager,
            "administrator_manager": cls.env.ref("base.user_admin"),
        }
        cls.partner = cls._loyal_partner("Azar Textiles", user_id=cls.salesman.id)
        cls._recompute_cls(90)
        cls.Partner = cls.env["res.partner"]

    @classmethod
    def _recompute_cls(cls, offset):
        with freeze_time(cls.day0 + timedelta(days=offset)):
            cls.engine._recompute_all(cls.company)

    def _addon_fields(self):
        """The stored fields of res.partner the addon declares: {name: field}."""
        declared = self.env["ir.model.fields"].search([("model", "=", "res.partner"), ("store", "=", True)])
        # Odoo's own columns (id, create_uid…) are no field of the addon: 19.0 names every
        # module that extends the model among the modules of its id
        names = [
            f.name
            for f in declared
            if "customer_lifecycle" in (f.modules or "").split(", ") and f.name not in models.MAGIC_COLUMNS
        ]
        return {name: self.Partner._fields[name] for name in names}

    def _value(self, name, field):
        return {
            "many2one": (
                self.stage["advocate"].id if field.comodel_name == "customer.lifecycle.stage" else self.manager.id
            ),
            "date": date(2020, 2, 2),
            "integer": 99,
            "float": 99.5,
            "char": "forged",
            "boolean": True,
        }[field.type]

    def _read(self, name):
        partner = self.partner.sudo()
        partner.invalidate_recordset()
        value = partner[name]
        return value.id if hasattr(value, "_name") else value

    def test_every_stored_field_is_classified(self):
        fields = self._addon_fields()
        with_column = {name for name, field in fields.items() if field.column_type}
        self.assertEqual(with_column, PROTECTED | KEY_ACCOUNT, "a new stored field: protect it, or list who sets it")
        self.assertEqual(set(fields) - with_column, LISTS)

    def test_each_group_writes_only_its_fields(self):
        fields = {name: f for name, f in self._addon_fields().items() if f.column_type}
        for who, user in self.users.items():
            for name, field in fields.items():
                value, before = self._value(name, field), self._read(name)
                with self.subTest(user=who, field=name):
                    partner = self.partner.with_user(user)
                    if name in ALLOWED[who]:
                        partner.write({name: value})
                        self.assertEqual(self._read(name), value)
                        self.partner.sudo().write({name: before})
                    else:
                        with self.assertRaises(UserError) as caught:
                            partner.write({name: value})
                        if who != "portal":  # who may not edit contacts at all is told that
                            self.assertNotIsInstance(caught.exception, AccessError)
                            self.assertTrue(any(text in str(caught.exception) for text in REFUSALS))
                        self.assertEqual(self._read(name), before)

    def test_a_value_of_the_wrong_type_gets_the_same_sentence(self):
        for name, value, text in (
            ("lifecycle_purchase_count", "many", REFUSALS[0]),
            ("lifecycle_key_account", "yes", REFUSALS[1]),
        ):
            with self.subTest(field=name), self.assertRefused(UserError, text):
                self.partner.with_user(self.salesman).write({name: value})
        self.assertEqual(self._read("lifecycle_purchase_count"), 3)

    def test_create_with_lifecycle_values_is_refused(self):
        for who in ("salesperson", "accountant", "administrator"):
            for name, value in (("lifecycle_stage_id", self.stage["advocate"].id), ("lifecycle_key_account", True)):
                with self.subTest(user=who, field=name), self.assertRaises(UserError):
                    self.Partner.with_user(self.users[who]).create({"name": "Forged Advocate", name: value})
        self.assertFalse(self.Partner.search([("name", "=", "Forged Advocate")]))
        created = self.Partner.with_user(self.manager).create({"name": "Pars Clinic", "lifecycle_key_account": True})
        self.assertTrue(created.lifecycle_key_account)

    def test_an_import_of_lifecycle_columns_writes_nothing(self):
        xml_id = self.partner.sudo().get_external_id()[self.partner.id] or "__import__.azar"
        if not self.partner.get_external_id()[self.partner.id]:
            self.env["ir.model.data"].create(
                {"module": "__import__", "name": "azar", "model": "res.partner", "res_id": self.partner.id}
            )
        cases = (
            (
                ["name", "lifecycle_stage_id/id", "lifecycle_purchase_count"],
                [["Forged", "customer_lifecycle.stage_advocate", "99"]],
            ),
            (
                ["id", "lifecycle_pin_stage_id/id", "lifecycle_pin_reason"],
                [[xml_id, "customer_lifecycle.stage_lost", "x"]],
            ),
            (["id", "lifecycle_key_account"], [[xml_id, "True"]]),
        )
        for who in ("salesperson", "accountant", "administrator"):
            for columns, rows in cases:
                with self.subTest(user=who, columns=columns):
                    result = self.Partner.with_user(self.users[who]).load(columns, rows)
                    self.assertFalse(result["ids"])
                    errors = [m["message"] for m in result["messages"] if m["type"] == "error"]
                    self.assertTrue(errors and all(any(text in e for text in REFUSALS) for e in errors), errors)
        self.assertFalse(self.Partner.search([("name", "=", "Forged")]))
        self.assertEqual(
            [self._read(n) for n in ("lifecycle_stage_id", "lifecycle_pin_stage_id", "lifecycle_key_account")],
            [self.stage["loyal"].id, False, False],
        )
        # an export imported back unchanged is no change
        result = self.Partner.with_user(self.salesman).load(["id", "lifecycle_key_account"], [[xml_id, "False"]])
        self.assertEqual(result["ids"], [self.partner.id], result["messages"])

    def test_default_context_keys_are_ignored(self):
        Partner = self.Partner.with_user(self.salesman).with_context(
            default_lifecycle_stage_id=self.stage["advocate"].id,
            default_lifecycle_purchase_count=99,
            default_lifecycle_key_account=True,
        )
        self.assertNotIn(self.stage["advocate"].id, Partner.default_get(["lifecycle_stage_id"]).values())
        partner = Partner.create({"name": "Kian Electric"}).sudo()
        self.assertEqual(
            (partner.lifecycle_stage_id, partner.lifecycle_purchase_count, partner.lifecycle_key_account),
            (self.stage["prospect"], 0, False),
        )
        # a Lifecycle Manager creating from the Key Accounts menu gets a key account
        managed = self.Partner.with_user(self.manager).with_context(default_lifecycle_key_account=True)
        self.assertTrue(managed.create({"name": "Pars Clinic"}).lifecycle_key_account)

    def test_no_default_value_for_a_lifecycle_fact(self):
        Default = self.env["ir.default"]
        stage_field = self.env["ir.model.fields"]._get("res.partner", "lifecycle_stage_id")
        for who in ("salesperson", "accountant", "administrator", "lifecycle_manager", "administrator_manager"):
            user = self.users[who]
            for user_id in (True, False):
                with self.subTest(user=who, personal=user_id), self.assertRefused(UserError, "No default value"):
                    Default.with_user(user).set(
                        "res.partner", "lifecycle_stage_id", self.stage["advocate"].id, user_id=user_id
                    )
        with self.assertRefused(UserError, "No default value"):
            Default.with_user(self.admin).create(
                {
                    "field_id": stage_field.id,
                    "json_value": str(self.stage["advocate"].id),
                    "company_id": self.company.id,
                }
            )
        with self.assertRefused(UserError, "No default value"):
            Default.with_user(self.salesman).set("res.partner", "lifecycle_key_account", True, user_id=True)
        # a user's partner fields too: a default for new users would be their partner's
        with self.assertRefused(UserError, "No default value"):
            Default.with_user(self.admin).set("res.users", "lifecycle_stage_id", self.stage["advocate"].id)
        # the addon's own default, Prospect, stays and cannot be changed or removed
        own = Default.search([("field_id", "=", stage_field.id)])
        self.assertEqual(own.mapped("json_value"), [str(self.stage["prospect"].id)])
        for change in (lambda d: d.write({"json_value": str(self.stage["advocate"].id)}), lambda d: d.unlink()):
            with self.assertRefused(UserError, "No default value"):
                change(own.with_user(self.admin))
        self.assertEqual(own.json_value, str(self.stage["prospect"].id))
        # a Lifecycle Manager may give a default for a field they set
        Default.with_user(self.manager).set(
            "res.partner", "lifecycle_key_account_manager_id", self.manager.id, user_id=True
        )

    def test_a_user_record_writes_no_fact_of_its_partner(self):
        user = self.salesman.with_user(self.admin)
        with self.assertRefused(UserError, REFUSALS[0]):
            user.write({"lifecycle_stage_id": self.stage["advocate"].id})
        with self.assertRefused(UserError, REFUSALS[1]):
            user.write({"lifecycle_key_account": True})
        self.assertFalse(self.salesman.partner_id.sudo().lifecycle_key_account)
        self.assertNotEqual(self.salesman.partner_id.sudo().lifecycle_stage_id, self.stage["advocate"])

    def test_a_list_writes_through_its_own_rights(self):
        history = Command.create(
            {
                "company_id": self.company.id,
                "to_stage_id": self.stage["advocate"].id,
                "date": date(2026, 1, 1),
                "reason": "forged",
            }
        )
        lines = len(self._history(self.partner))
        for who in ("salesperson", "accountant", "portal"):
            with self.subTest(user=who), self.assertRaises(UserError):
                self.partner.with_user(self.users[who]).write({"lifecycle_history_ids": [history]})
        self.assertEqual(len(self._history(self.partner)), lines)

    def test_copy_keeps_none_of_the_facts(self):
        self.partner.sudo().write({"lifecycle_key_account": True, "lifecycle_key_account_manager_id": self.manager.id})
        copy = self.partner.with_user(self.salesman).copy().sudo()
        self.assertEqual(
            (copy.lifecycle_stage_id, copy.lifecycle_purchase_count, copy.lifecycle_key_account),
            (self.stage["prospect"], 0, False),
        )

    def test_no_user_writes_the_stage_history_by_hand(self):
        """A move of the history is the engine's or a pin's: even a Lifecycle Manager may not
        add, change or remove a line directly; the pin writes its line for them."""
        History = self.env["customer.lifecycle.history"]
        values = {"partner_id": self.partner.id, "to_stage_id": self.stage["advocate"].id, "reason": "By hand"}
        for user in (self.manager, *self.users.values()):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                History.with_user(user).create(values)
        line = History.create(values)
        with self.assertRaises(AccessError):
            line.with_user(self.manager).write({"reason": "Changed"})
        with self.assertRaises(AccessError):
            line.with_user(self.manager).unlink()
        self.assertEqual(line.reason, "By hand")
