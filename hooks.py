# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from odoo.tools import SQL
from odoo.tools.sql import column_exists

from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG

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
    _remove_demo_accounting(env)
    _remove_own_activities(env)
    _remove_satisfaction_answers(env)
    _remove_own_programs_cards(env)
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


def _remove_own_activities(env):
    """The activities of the addon's own types (warnings, overdue requests, plan approvals
    and reviews, clawbacks) refer to those types, which Odoo deletes with the addon before
    the models the activities are on: removed first. Activities of Odoo's types stay."""
    types = env["ir.model.data"].search([("module", "=", "customer_lifecycle"), ("model", "=", "mail.activity.type")])
    env["mail.activity"].sudo().with_context(active_test=False).search(
        [("activity_type_id", "in", types.mapped("res_id"))]
    ).unlink()


def _remove_satisfaction_answers(env):
    """The answers to the addon's satisfaction survey (the invitations the daily job sent and
    the demo's answers) are owned by no XML id: removed with their lines, so that nothing of
    the addon is left in survey's tables. Answers to the company's own surveys stay theirs."""
    env.cr.execute(
        """
        DELETE FROM survey_user_input
         WHERE survey_id IN (SELECT res_id FROM ir_model_data
                              WHERE module = 'customer_lifecycle' AND model = 'survey.survey')
        """
    )


def _remove_own_programs_cards(env):
    """The coupons and cards of the loyalty programs of the addon's own files (the demo's
    incentive and welcome programs: the welcome coupon a friend was e-mailed) are owned by no
    XML id and refer to their program, which Odoo deletes with the addon: removed first.
    Cards of the company's own programs stay theirs."""
    own = SQL(
        "SELECT id FROM loyalty_card WHERE program_id IN (SELECT res_id FROM ir_model_data"
        " WHERE module = 'customer_lifecycle' AND model = 'loyalty.program')"
    )
    # the order lines that used them (the demo's orders, which Odoo deletes next) let go first
    for table in ("sale_order_line", "pos_order_line"):
        if column_exists(env.cr, table, "coupon_id"):
            env.cr.execute(SQL("UPDATE %s SET coupon_id = NULL WHERE coupon_id IN (%s)", SQL.identifier(table), own))
    env.cr.execute(SQL("DELETE FROM loyalty_card WHERE id IN (%s)", own))


def _remove_demo_accounting(env):
    """The invoices and payments the demo data made from its sales orders (by functions,
    so owned by no XML id), and the payment wizard it used, refer to the demo's partners
    and products: removed first, or those could not be deleted. A database without the
    demo has none."""
    orders = env["ir.model.data"].search([("module", "=", "customer_lifecycle"), ("model", "=", "sale.order")])
    if not orders:
        return
    moves = env["account.move"].search([("line_ids.sale_line_ids.order_id", "in", orders.mapped("res_id"))])
    context = {MODULE_UNINSTALL_FLAG: True, "force_delete": True}
    env["account.payment.register"].search([("line_ids.move_id", "in", moves.ids)]).unlink()
    payments = moves._get_reconciled_payments()
    payments.action_draft()
    payments.with_context(**context).unlink()
    moves.filtered(lambda move: move.state != "draft").button_draft()
    moves.with_context(**context).unlink()
