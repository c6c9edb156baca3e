# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The CEM / CAM indicators, first slice: every given grant with the repeat purchases and
the referrals attributed to it (within the company's attribution window, to the last
incentive before each by default, or to the first of the window: the attribution model)."""

from odoo import fields, models, tools
from odoo.tools import SQL

from ..models.customer_incentive import INCENTIVE_KINDS
from ..models.customer_referral import COUNTED_STATES
from .attribution import attributed_grant_sql

# the grant credited with a repeat purchase (days d) and with a referral (referrals r)
REPEAT_GRANT = attributed_grant_sql(SQL("d.partner_id"), SQL("d.company_id"), SQL("d.day"))
REFERRAL_GRANT = attributed_grant_sql(SQL("r.referrer_commercial_id"), SQL("r.company_id"), SQL("r.date"))


class CustomerLifecycleIndicatorReport(models.Model):
    _name = "customer.lifecycle.indicator.report"
    _description = "Customer Lifecycle Incentive Indicators"
    _auto = False
    _order = "date desc, grant_id desc"
    _rec_name = "grant_id"
    _lifecycle_jalali_period_fields = ("date",)  # the indicators by month (see base.py)

    grant_id = fields.Many2one("customer.incentive.grant", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    incentive_id = fields.Many2one("customer.incentive", readonly=True)
    kind = fields.Selection(INCENTIVE_KINDS, readonly=True)
    stage_id = fields.Many2one("customer.lifecycle.stage", string="Stage When Granted", readonly=True)
    tool = fields.Selection(
        [("crm", "CRM"), ("cem", "CEM"), ("cam", "CAM")],
        readonly=True,
        help="CEM: incentives to loyal customers, measured by their repeat purchases; CAM: incentives to "
        "advocates, measured by their referrals.",
    )
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency", readonly=True)
    date = fields.Date(string="Granted On", readonly=True)
    cost = fields.Monetary(readonly=True)
    repeat_count = fields.Integer(
        string="Attributed Repeats",
        readonly=True,
        help="Repeat purchases (purchase days after the first) within the attribution window after "
        "the grant, this grant being the one the attribution model picks (by default the last one "
        "before each).",
    )
    repeat_amount = fields.Monetary(string="Attributed Repeat Amount", readonly=True)
    referral_count = fields.Integer(
        string="Attributed Referrals",
        readonly=True,
        help="Referrals made by the customer within the attribution window after the grant "
        "(rejected ones and those to review excluded), this grant being the one the attribution "
        "model picks (by default the last one before each).",
    )
    converted_referral_count = fields.Integer(string="Attributed Converted Referrals", readonly=True)
    code_referral_count = fields.Integer(
        string="Attributed Referrals by Code",
        readonly=True,
        help="Of the attributed referrals, those that came by the advocate's referral code on a sales order.",
    )
    staff_referral_count = fields.Integer(
        string="Attributed Referrals Entered by Staff",
        readonly=True,
        help="Of the attributed referrals, those a salesperson recorded.",
    )
    cost_per_repeat = fields.Monetary(
        readonly=True,
        aggregator="avg",
        help="Cost of the incentives divided by the repeat purchases attributed to them; in a group, "
        "the group's total cost divided by its total repeats.",
    )
    cost_per_referral = fields.Monetary(
        readonly=True,
        aggregator="avg",
        help="Cost of the incentives divided by the referrals attributed to them; in a group, the "
        "group's total cost divided by its total referrals.",
    )

    def _query(self):
        return SQL(
            """
            WITH days AS (%(days)s),
            repeats AS (
                SELECT d.day, d.amount,
                       %(repeat_grant)s AS grant_id
                  FROM days d
                 WHERE d.is_repeat
            ),
            referrals AS (
                SELECT r.state, r.origin,
                       %(referral_grant)s AS grant_id
                  FROM customer_referral r
                 WHERE r.state = ANY(%(counted)s)
            )
            SELECT g.id, g.id AS grant_id, g.partner_id, g.incentive_id, i.kind, g.stage_id, s.tool,
                   g.company_id, g.date, g.cost,
                   COALESCE(rp.repeat_count, 0) AS repeat_count,
                   COALESCE(rp.repeat_amount, 0) AS repeat_amount,
                   COALESCE(rf.referral_count, 0) AS referral_count,
                   COALESCE(rf.converted_referral_count, 0) AS converted_referral_count,
                   COALESCE(rf.code_referral_count, 0) AS code_referral_count,
                   COALESCE(rf.staff_referral_count, 0) AS staff_referral_count,
                   g.cost / NULLIF(rp.repeat_count, 0) AS cost_per_repeat,
                   g.cost / NULLIF(rf.referral_count, 0) AS cost_per_referral
              FROM customer_incentive_grant g
              JOIN customer_incentive i ON i.id = g.incentive_id
         LEFT JOIN customer_lifecycle_stage s ON s.id = g.stage_id
         LEFT JOIN (SELECT grant_id, COUNT(*) AS repeat_count, SUM(amount) AS repeat_amount
                      FROM repeats WHERE grant_id IS NOT NULL GROUP BY grant_id) rp ON rp.grant_id = g.id
         LEFT JOIN (SELECT grant_id, COUNT(*) AS referral_count,
                           COUNT(*) FILTER (WHERE state = 'converted') AS converted_referral_count,
                           COUNT(*) FILTER (WHERE origin = 'code') AS code_referral_count,
                           COUNT(*) FILTER (WHERE origin = 'staff') AS staff_referral_count
                      FROM referrals WHERE grant_id IS NOT NULL GROUP BY grant_id) rf ON rf.grant_id = g.id
             WHERE g.state = 'given' AND g.partner_id NOT IN (%(outside)s)
            """,
            days=self.env["customer.lifecycle.purchase"]._days_sql(),
            repeat_grant=REPEAT_GRANT,
            referral_grant=REFERRAL_GRANT,
            counted=list(COUNTED_STATES),
            outside=self.env["res.partner"]._lifecycle_outside_chain_sql(),
        )

    # The cost per attributed repeat (referral) of a group is its total cost over its total
    # repeats (referrals), not the mean of the grants' own ratios.
    _RATIOS = {"cost_per_repeat:avg": "repeat_count", "cost_per_referral:avg": "referral_count"}

    def _read_group_select(self, aggregate_spec, query):
        if aggregate_spec not in self._RATIOS:
            return super()._read_group_select(aggregate_spec, query)
        return SQL(
            "SUM(%(cost)s) / NULLIF(SUM(%(count)s), 0)",
            cost=self._field_to_sql(self._table, "cost", query),
            count=self._field_to_sql(self._table, self._RATIOS[aggregate_spec], query),
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query()))
