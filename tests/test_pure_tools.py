# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""``tools/`` holds the rules as pure functions: no SQL, no cursor, no environment. What
runs SQL or reads the environment lives beside the models or reports that use it."""

import ast
from pathlib import Path

from odoo.tests import BaseCase, tagged

TOOLS = Path(__file__).resolve().parent.parent / "tools"
# What a pure function never names: Odoo's SQL, a cursor's statements, an environment.
IMPURE = {"SQL", "execute", "copy_expert", "env", "cr"}
# Left where they are: the Jalali day table's SQL, which the upgrade to 18.0.1.2.0 imports
# from tools/jalali_periods.py (a migration of an earlier version is never edited), and the
# label of a Jalali period, translated for its reader.
KEPT = {"jalali_periods.py": {"SQL", "create_day_table", "drop_day_table", "period_label"}}


def impure_names(path):
    """The impure names ``path`` uses, outside what :data:`KEPT` leaves there."""
    kept = KEPT.get(path.name, set())
    names = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef) and node.name in kept:
            continue
        for child in ast.walk(node):
            if isinstance(child, ast.Name):
                names.add(child.id)
            elif isinstance(child, ast.Attribute):
                names.add(child.attr)
            elif isinstance(child, ast.alias):
                names.add(child.asname or child.name)
            elif isinstance(child, ast.arg):
                names.add(child.arg)
    return (names & IMPURE) - kept


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestPureTools(BaseCase):
    def test_tools_run_no_sql_and_read_no_environment(self):
        impure = {path.name: sorted(impure_names(path)) for path in sorted(TOOLS.glob("*.py"))}
        self.assertEqual({name: names for name, names in impure.items() if names}, {})
