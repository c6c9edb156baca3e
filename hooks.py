# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from odoo.tools import SQL


def post_init_hook(env):
    """Back-fill: put every partner of every company at its stage of the chain.

    Runs set-based over the existing confirmed sales orders or posted invoices, so
    a database with years of history is in place right after the install.
    """
    companies = env["res.company"].search([])
    env["customer.lifecycle.engine"]._backfill(companies)
    # the relationship health is scored by the daily job, asked to run right after the
    # install rather than tonight, so that the install itself stays short
    env.ref("customer_lifecycle.ir_cron_customer_lifecycle_recompute")._trigger()


# The records users and the engine write (no XML id of the addon owns them), children
# first. Their tables go with the addon; their rows must go before the records the
# uninstall deletes one by one (stages, incentives, demo partners), which they refer to.
UNINSTALL_TABLES = (
    "customer_incentive_grant",
    "customer_lifecycle_history",
    "customer_referral",
    "customer_touchpoint",
    "customer_key_account_review",
    "customer_key_account_plan",
)


def uninstall_hook(env):
    """Empty the addon's record tables before Odoo removes its data.

    Odoo deletes the records the addon's data files created (its stages, and the demo
    incentives and partners) before it drops the addon's tables; the stage history, the
    grants, the referrals and the plans that users recorded still refer to them and
    would refuse those deletions. Their own tables are dropped right after, so their
    rows are removed first.
    """
    for table in UNINSTALL_TABLES:
        env.cr.execute(SQL("DELETE FROM %s", SQL.identifier(table)))
