# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The migration scripts, run on the records an earlier version left."""

import importlib.util
from pathlib import Path

from odoo.tests import TransactionCase, tagged

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def load_migration(version, name):
    spec = importlib.util.spec_from_file_location(f"cl_migration_{name}", MIGRATIONS / version / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestMigration(TransactionCase):
    def _rules_data(self):
        return self.env["ir.model.data"].search([("module", "=", "customer_lifecycle"), ("model", "=", "ir.rule")])

    def test_the_record_rules_become_noupdate_when_upgrading_from_1_0(self):
        rules = self._rules_data()
        self.assertTrue(rules)
        # as 18.0.1.0.0 left them: updated by every upgrade
        rules.write({"noupdate": False})
        rules.flush_recordset()
        load_migration("18.0.1.1.0", "pre-migration").migrate(self.env.cr, "18.0.1.0.0")
        rules.invalidate_recordset(["noupdate"])
        self.assertEqual(set(rules.mapped("noupdate")), {True})

    def test_a_fresh_install_is_left_alone(self):
        rules = self._rules_data()
        rules[:1].write({"noupdate": False})
        rules.flush_recordset()
        load_migration("18.0.1.1.0", "pre-migration").migrate(self.env.cr, None)
        rules.invalidate_recordset(["noupdate"])
        self.assertFalse(rules[:1].noupdate)

    def test_every_record_rule_is_in_the_noupdate_file(self):
        self.assertTrue(all(self._rules_data().mapped("noupdate")))
