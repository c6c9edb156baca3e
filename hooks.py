# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from odoo.tools import SQL

from .tools import jalali_periods


def post_init_hook(env):
    """Back-fill: put every partner of every company at its stage of the chain, and give
    every user the calendar of their language.

    Runs set-based over the existing confirmed sales orders or posted invoices, so
    a database with years of history is in place right after the install.
    """
    # the users who read Persian get the Solar Hijri calendar (see res.users)
    env["res.users"]._lifecycle_calendars_from_language()
    jalali_periods.create_day_table(env.cr)
    companies = env["res.company"].search([])
    env["customer.lifecycle.engine"]._backfill(companies)
    # the relationship health is scored by the daily job, asked to run right after the
    # install rather than tonight, so that the install itself stays short
    env.ref("customer_lifecycle.ir_cron_customer_lifecycle_recompute")._trigger()


# The tables of the records users and the engine write, children first, with their models.
UNINSTALL_TABLES = (
    ("customer_incentive_grant", "customer.incentive.grant"),
    ("customer_lifecycle_history", "customer.lifecycle.history"),
    ("customer_referral", "customer.referral"),
    ("customer_touchpoint", "customer.touchpoint"),
    ("customer_key_account_review", "customer.key.account.review"),
    ("customer_key_account_plan", "customer.key.account.plan"),
)


def uninstall_hook(env):
    """Remove the records that users and the engine wrote before Odoo removes the addon.

    Odoo deletes the records the addon's data files created (its stages, and the demo
    incentives, partners and referrals), in the reverse order of their creation, before it
    drops the addon's tables. The stage history, the grants, the referrals and the plans
    that users recorded are no record of the addon's files: they would still refer to
    those records and refuse their deletion. Their tables are dropped right after, so
    they are removed first; the records of the addon's files are left to Odoo. The table
    of the Jalali periods of each day, no model's, is dropped.
    """
    for table, model in UNINSTALL_TABLES:
        env.cr.execute(
            SQL(
                """
                DELETE FROM %(table)s
                 WHERE id NOT IN (SELECT res_id FROM ir_model_data
                                   WHERE module = 'customer_lifecycle' AND model = %(model)s)
                """,
                table=SQL.identifier(table),
                model=model,
            )
        )
    jalali_periods.drop_day_table(env.cr)
