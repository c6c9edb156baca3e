"""Upgrade, uninstall and reinstall customer_lifecycle on a database with data, and say
what is wrong: data changed by the upgrade, or what the uninstall left behind.

    python3 scripts/install_cycle.py populate|snapshot|uninstall|leftovers --addons-path=... -d DB [--logfile=F]

``populate`` records what users record (a touch-point, a referral, an incentive and its
grant, a pinned stage with its history line, an approved key-account plan) so that the
uninstall meets user data, not only demo data; ``snapshot`` prints counts of the addon's
data (to compare before and after an upgrade); ``uninstall`` uninstalls the addon as the
Apps menu does; ``leftovers`` prints what is left of it (nothing, when the uninstall is
clean). Without ``--logfile`` the Odoo log is discarded.
"""

import json
import sys
from datetime import date

import odoo
from odoo.tools import config

TABLE_PREFIXES = ("customer_lifecycle", "customer_touchpoint", "customer_referral", "customer_key_account")


def main():
    action, args = sys.argv[1], sys.argv[2:]
    if not any(arg.startswith("--logfile") for arg in args):
        args = [*args, "--logfile=/dev/null"]
    config.parse_config(args)
    db_name = config["db_name"]  # 19.0: a list of names
    registry = odoo.modules.registry.Registry(db_name[0] if isinstance(db_name, list) else db_name)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        if action == "populate":
            populate(env)
            print("populated")
        elif action == "snapshot":
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
            cr.execute(
                "SELECT md5(string_agg(r.domain_force, ',' ORDER BY r.id)) FROM ir_rule r "
                "JOIN ir_model_data d ON d.model = 'ir.rule' AND d.res_id = r.id AND d.module = 'customer_lifecycle'"
            )
            counts["record_rules_digest"] = cr.fetchone()[0]
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


def populate(env):
    """What a salesperson and a manager record in a day, through the ORM as the web client does."""
    Partner = env["res.partner"]
    customer = Partner.create({"name": "Cycle Customer", "is_company": True})
    friend = Partner.create({"name": "Cycle Friend", "is_company": True})
    advocate = env["res.partner"].search([("lifecycle_stage_id.code", "=", "advocate")], limit=1) or customer
    env["customer.touchpoint"].create({"partner_id": customer.id, "reason": "Install cycle: a call"})
    referral = env["customer.referral"].create({"referrer_id": advocate.id, "referred_id": friend.id})
    incentive = env["customer.incentive"].create(
        {
            "name": "Install cycle: thank-you call",
            "kind": "respect",
            "stage_ids": [(6, 0, advocate.lifecycle_stage_id.ids)],
        }
    )
    env["customer.incentive.grant"].create(
        {"partner_id": advocate.id, "incentive_id": incentive.id, "referral_id": referral.id}
    )
    lost = env.ref("customer_lifecycle.stage_lost")
    env["customer.lifecycle.pin.wizard"].with_context(active_ids=customer.ids, active_model="res.partner").create(
        {"stage_id": lost.id, "reason": "Install cycle: closed down"}
    ).action_apply()
    year = date.today().year + 1
    advocate.lifecycle_key_account = True  # a development plan is for a key account
    plan = env["customer.key.account.plan"].create(
        {
            "name": "Install cycle plan",
            "partner_id": advocate.id,
            "date_start": date(year, 1, 1),
            "date_end": date(year, 12, 31),
            "objective_ids": [
                (
                    0,
                    0,
                    {
                        "name": "Grow revenue",
                        "measure": "revenue",
                        "target": 1000,
                        "deadline": date(year, 12, 31),
                        "perception_step": "preferred_supplier",
                    },
                )
            ],
            "tactic_ids": [(0, 0, {"name": "Visit", "group": "product"})],
        }
    )
    plan.action_submit()
    plan.action_approve()
    # an administrator narrows a record rule: upgrades keep it (security/ir_rule.xml is noupdate)
    rule = env.ref("customer_lifecycle.customer_touchpoint_company_rule")
    rule.domain_force = "['&', ('company_id', 'in', company_ids), ('date', '!=', False)]"


if __name__ == "__main__":
    main()
