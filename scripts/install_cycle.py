"""Upgrade, uninstall and reinstall customer_lifecycle on a database with data, and say
what is wrong: data changed by the upgrade, or what the uninstall left behind.

    python3 scripts/install_cycle.py snapshot|leftovers --addons-path=... -d DB

``snapshot`` prints counts of the addon's data (to compare before and after an upgrade);
``uninstall`` uninstalls the addon; ``leftovers`` prints what is left of it (nothing,
when the uninstall is clean).
"""

import json
import sys

import odoo
from odoo.tools import config

TABLE_PREFIXES = ("customer_lifecycle", "customer_touchpoint", "customer_referral", "customer_key_account")


def main():
    action, args = sys.argv[1], sys.argv[2:]
    config.parse_config([*args, "--logfile=/dev/null"])
    registry = odoo.modules.registry.Registry(config["db_name"])
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        if action == "snapshot":
            counts = {}
            for table in (
                "customer_lifecycle_history",
                "customer_touchpoint",
                "customer_referral",
                "customer_key_account_plan",
                "customer_lifecycle_goal",
                "customer_lifecycle_stage",
            ):
                cr.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 (fixed names)
                counts[table] = cr.fetchone()[0]
            cr.execute("SELECT COUNT(*) FROM res_partner WHERE lifecycle_stage_id IS NOT NULL")
            counts["partners_with_stage"] = cr.fetchone()[0]
            cr.execute("SELECT md5(string_agg(lifecycle_stage_id::text, ',' ORDER BY id)) FROM res_partner")
            counts["stages_digest"] = cr.fetchone()[0]
            print(json.dumps(counts, sort_keys=True))
        elif action == "uninstall":
            env["ir.module.module"].search([("name", "=", "customer_lifecycle")]).button_immediate_uninstall()
            print("uninstalled")
        elif action == "leftovers":
            left = []
            cr.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
                "AND (" + " OR ".join("table_name LIKE %s" for _ in TABLE_PREFIXES) + ")",
                [f"{prefix}%" for prefix in TABLE_PREFIXES],
            )
            left += [f"table {name}" for (name,) in cr.fetchall()]
            cr.execute(
                "SELECT table_name || '.' || column_name FROM information_schema.columns "
                "WHERE table_schema = 'public' AND column_name LIKE 'lifecycle\\_%%'"
            )
            left += [f"column {name}" for (name,) in cr.fetchall()]
            cr.execute(
                "SELECT model || '.' || name FROM ir_model_fields WHERE name LIKE 'lifecycle\\_%%' OR model LIKE %s "
                "OR model LIKE %s",
                ["customer.lifecycle%", "customer.key.account%"],
            )
            left += [f"field {name}" for (name,) in cr.fetchall()]
            cr.execute("SELECT cron_name FROM ir_cron WHERE cron_name::text ILIKE %s", ["%Customer Lifecycle%"])
            left += [f"cron {name}" for (name,) in cr.fetchall()]
            cr.execute("SELECT name FROM ir_ui_view WHERE arch_fs LIKE %s", ["customer_lifecycle/%"])
            left += [f"view {name}" for (name,) in cr.fetchall()]
            cr.execute("SELECT name FROM ir_ui_menu WHERE name::text ILIKE %s", ["%Customer Lifecycle%"])
            left += [f"menu {name}" for (name,) in cr.fetchall()]
            print(json.dumps(left))
        else:
            sys.exit(f"unknown action {action}")


if __name__ == "__main__":
    main()
